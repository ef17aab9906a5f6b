"""{% cache %} renders a block once per key and reuses it; nothing else is shared."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment

from assessment.core import templating
from assessment.core.templating import FragmentCache, fragment_cache

TEMPLATE = '{% cache "greeting", lang %}{{ greet(lang) }}{% endcache %}|{{ name }}'


def environment(auto_reload: bool = False) -> tuple[Environment, list[str]]:
    rendered: list[str] = []

    def greet(lang: str) -> str:
        rendered.append(lang)
        return {"en": "Hello", "fr": "Bonjour"}[lang]

    env = Environment(
        loader=DictLoader({"page.html": TEMPLATE}),
        extensions=[FragmentCache],
        autoescape=True,
        auto_reload=auto_reload,
    )
    env.globals["greet"] = greet
    return env, rendered


def test_a_block_is_rendered_once_per_key_and_the_rest_every_time() -> None:
    env, rendered = environment()
    page = env.get_template("page.html")
    assert page.render(lang="en", name="Ana") == "Hello|Ana"
    assert page.render(lang="en", name="Ben") == "Hello|Ben"
    assert page.render(lang="fr", name="Chloé") == "Bonjour|Chloé"
    assert page.render(lang="fr", name="<b>") == "Bonjour|&lt;b&gt;"
    assert rendered == ["en", "fr"]


def test_blocks_with_other_names_never_share_an_entry() -> None:
    env, _rendered = environment()
    source = '{% cache "a", 1 %}A{% endcache %}{% cache "b", 1 %}B{% endcache %}'
    assert env.from_string(source).render() == "AB"
    assert set(fragment_cache(env).fragments) == {("a", 1), ("b", 1)}


def test_nothing_is_cached_while_templates_reload_on_change() -> None:
    env, rendered = environment(auto_reload=True)
    page = env.get_template("page.html")
    page.render(lang="en", name="Ana")
    page.render(lang="en", name="Ben")
    assert rendered == ["en", "en"]
    assert fragment_cache(env).fragments == {}


def test_the_cache_is_capped_and_drops_its_oldest_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templating, "MAX_FRAGMENTS", 3)
    env, _rendered = environment()
    block = env.from_string('{% cache "n", n %}{{ n }}{% endcache %}')
    for n in range(5):
        assert block.render(n=n) == str(n)
    assert list(fragment_cache(env).fragments) == [("n", 2), ("n", 3), ("n", 4)]
