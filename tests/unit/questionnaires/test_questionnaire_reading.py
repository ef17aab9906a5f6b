"""Files that cannot be read as a YAML mapping give a Problem, never a traceback."""

from pathlib import Path

from questionnaires import reading, validate_file
from questionnaires.reading import read_document

VALID = Path(__file__).parent / "fixtures" / "valid"


def test_a_missing_file_is_reported_as_unreadable(tmp_path):
    missing = tmp_path / "absent" / "1.0.0.yaml"

    (problem,) = validate_file(missing)

    assert (problem.path, problem.location) == (str(missing), "(file)")
    assert problem.message == "cannot read the file (No such file or directory)"


def test_a_directory_given_as_a_file_is_reported_as_unreadable(tmp_path):
    (problem,) = validate_file(tmp_path)

    assert problem.message.startswith("cannot read the file (")


def test_a_byte_order_mark_at_the_start_is_accepted(tmp_path):
    folder = tmp_path / "maturity-sample"
    folder.mkdir()
    source = (VALID / "maturity-sample" / "1.0.0.yaml").read_bytes()
    (folder / "1.0.0.yaml").write_bytes(b"\xef\xbb\xbf" + source)

    assert validate_file(folder / "1.0.0.yaml") == []


def test_a_document_holding_a_single_value_is_not_a_mapping(tmp_path):
    path = tmp_path / "1.0.0.yaml"
    path.write_text("just some words\n", encoding="utf-8")

    data, (problem,) = read_document(path)

    assert data is None
    assert problem.message == (
        "the file must hold a mapping (key: value pairs) at the top level, not a single value"
    )


def test_anchors_and_merge_keys_are_not_mistaken_for_duplicate_keys(tmp_path):
    path = tmp_path / "1.0.0.yaml"
    path.write_text("base: &base {a: 1, b: 2}\nother:\n  <<: *base\n  a: 3\n", encoding="utf-8")

    data, problems = read_document(path)

    assert problems == []
    assert data == {"base": {"a": 1, "b": 2}, "other": {"a": 3, "b": 2}}


def test_two_documents_in_one_file_are_a_syntax_error(tmp_path):
    path = tmp_path / "1.0.0.yaml"
    path.write_text("id: one\n---\nid: two\n", encoding="utf-8")

    _, (problem,) = read_document(path)

    assert problem.location == "line 2, column 1"
    assert problem.message.startswith("invalid YAML: ")


BUNDLED = sorted((Path(reading.__file__).parent / "definitions").glob("*/*.yaml"))


def test_libyaml_and_the_pure_python_parser_read_the_bundled_definitions_alike():
    assert BUNDLED, "no bundled definitions found"
    for path in BUNDLED:
        text = path.read_text(encoding="utf-8")

        quick = reading._read_quickly(text)
        careful, problems = reading._read_carefully(str(path), text)

        assert problems == []
        assert quick is not reading._NOT_READ
        assert quick == careful, path


def test_a_file_libyaml_cannot_read_is_read_again_by_the_pure_python_parser(tmp_path, monkeypatch):
    path = tmp_path / "1.0.0.yaml"
    path.write_text("id: one\nitems: [a, b]\n", encoding="utf-8")
    monkeypatch.setattr(reading, "_read_quickly", lambda _text: reading._NOT_READ)

    data, problems = read_document(path)

    assert problems == []
    assert data == {"id": "one", "items": ["a", "b"]}


def test_a_duplicate_key_is_reported_with_its_place_though_libyaml_read_the_file_first(
    tmp_path,
):
    path = tmp_path / "1.0.0.yaml"
    path.write_text("id: one\nname: x\nid: two\n", encoding="utf-8")

    assert reading._read_quickly(path.read_text(encoding="utf-8")) is reading._NOT_READ
    data, (problem,) = read_document(path)

    assert data is None
    assert problem.location == "line 3, column 1"
    assert problem.message == "key 'id' appears twice in the same mapping"
