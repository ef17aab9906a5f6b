"""Every interface string has a French translation that keeps its placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "assessment/translations/fr/LC_MESSAGES/messages.po"
)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%\{[a-z]+\}")


def messages() -> list:
    with CATALOGUE.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def test_every_interface_string_is_translated_into_french() -> None:
    missing = [
        m.id
        for m in messages()
        if (not all(m.string) if isinstance(m.string, tuple) else not m.string)
        or "fuzzy" in m.flags
    ]
    assert missing == []


def test_translations_keep_every_placeholder() -> None:
    broken = []
    for message in messages():
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(sources[-1]))
        for target in targets:
            if set(PLACEHOLDER.findall(target)) - expected or (
                len(targets) == 1 and set(PLACEHOLDER.findall(target)) != expected
            ):
                broken.append(sources[0])
    assert broken == []


def test_the_catalogue_holds_every_string_the_code_and_templates_use(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = CATALOGUE.parents[3].parent
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(template),
         "assessment", "templates"],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip
    with template.open("rb") as handle:
        used = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in messages()}
    assert sorted(used - known) == []
