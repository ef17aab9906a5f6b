"""Whatever an author gets wrong, validation reports problems and never crashes, and a
definition that passes validation always loads."""

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaires.building import build_questionnaire
from questionnaires.semantics import check_semantics
from questionnaires.structure import check_structure

VALID = Path(__file__).parent / "fixtures" / "valid"
LANGUAGES = ("en", "fr")
SOURCES = {name: VALID / name / "1.0.0.yaml" for name in ("maturity-sample", "portfolio-sample")}
ORIGINALS = {
    name: yaml.safe_load(path.read_text(encoding="utf-8")) for name, path in SOURCES.items()
}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-2, max_value=7),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.sampled_from(["", " ", "l1", "e1", "dont_know", "mission", "stage", "leader", "1.0.0"]),
    st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from(["en", "fr", "de", "EN", "id", "level", "code", 1]),
            children,
            max_size=3,
        ),
    ),
    max_leaves=6,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*prefix, index))


def _parent(data, path):
    node = data
    for part in path[:-1]:
        node = node[part]
    return node


def _validate_then_build(data, source):
    """The steps of inspect_file, on data instead of a file: (location, message) pairs."""
    findings = [(p.location, p.message) for p in check_structure(data, str(source))]
    if not findings:
        findings = list(check_semantics(data, source, LANGUAGES))
    if not findings:
        build_questionnaire(data, LANGUAGES)
    return findings


@settings(
    max_examples=150,
    deadline=None,
    database=None,  # nothing to keep between runs: the examples are cheap to regenerate
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.sampled_from(sorted(ORIGINALS)), st.data())
def test_a_mutated_definition_is_reported_or_loaded_but_never_crashes(name, data):
    definition = copy.deepcopy(ORIGINALS[name])
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
        paths = [path for path in _paths(definition) if path]
        path = data.draw(st.sampled_from(paths), label="path")
        parent = _parent(definition, path)
        if data.draw(st.booleans(), label="delete"):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(values, label="value")

    findings = _validate_then_build(definition, SOURCES[name])

    assert all(location and message for location, message in findings)
