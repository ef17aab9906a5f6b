"""The JSON Schema layer: a valid schema, and located messages for every keyword."""

from jsonschema import Draft202012Validator

from questionnaires import structure


def test_the_questionnaire_schema_is_itself_a_valid_json_schema():
    Draft202012Validator.check_schema(structure.load_schema())


def test_a_level_written_as_a_decimal_is_not_a_whole_number():
    validator = structure._StrictValidator({"type": "integer"})

    assert not validator.is_valid(3.0)
    assert not validator.is_valid(True)
    assert validator.is_valid(3)


def test_a_schema_keyword_without_its_own_wording_keeps_the_jsonschema_message(monkeypatch):
    schema = {"properties": {"id": {"maxLength": 2}}}
    monkeypatch.setattr(structure, "_validator", lambda: Draft202012Validator(schema))

    (problem,) = structure.check_structure({"id": "abc"}, "file.yaml")

    assert (problem.location, problem.message) == ("id", "'abc' is too long")


def test_a_non_text_tag_name_is_located_at_the_name_itself():
    definition = {"items": [{"tags": {7: "curiosity"}}]}

    problems = structure.check_structure(definition, "file.yaml")

    assert ("items[0].tags.7", "must be text") in [(p.location, p.message) for p in problems]


def test_a_pattern_without_its_own_wording_shows_the_pattern(monkeypatch):
    schema = {"properties": {"id": {"pattern": "^x+$"}}}
    monkeypatch.setattr(structure, "_validator", lambda: Draft202012Validator(schema))

    (problem,) = structure.check_structure({"id": "abc"}, "file.yaml")

    assert (problem.location, problem.message) == ("id", "'abc' does not match the pattern ^x+$")
