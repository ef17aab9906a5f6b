"""The coordinator's dashboard: each round's overall levels, named in the page's language."""

from __future__ import annotations

import re

from flask import Flask

from tests.fixtures import journeys


def test_each_rounds_levels_are_named_in_the_pages_language(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    coordinator = journeys.coordinator(app)
    english = coordinator.get("/organisations/demo-agency/?lang=en").text
    found = re.findall(r"Leadership for innovation: (\d) – (\w[\w ]*)</span>", english)
    assert found and all(
        name == {"1": "Ad hoc", "2": "Emerging", "3": "Structured", "4": "Embedded",
                 "5": "Leading"}[number]
        for number, name in found
    )  # fmt: skip
    french = coordinator.get("/organisations/demo-agency/?lang=fr").text
    noms = "Ad hoc|Émergent|Structuré|Intégré|Moteur"
    assert re.search(
        rf"L(&#39;|')encadrement face à l(&#39;|')innovation: \d – ({noms})</span>", french
    )
    # The page's title is the organisation's name, nothing else.
    (title,) = re.findall(r"<title>(.*?)</title>", english, re.S)
    assert "<" not in title and title.startswith("Demo Agency for Public Innovation")
