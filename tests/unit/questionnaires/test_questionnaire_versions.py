"""Semantic versions: which are accepted and how they are ordered."""

import pytest

from questionnaires.versions import is_semver, version_key


@pytest.mark.parametrize("version", ["0.1.0", "1.0.0", "1.10.0", "12.3.45"])
def test_a_plain_major_minor_patch_version_is_accepted(version):
    assert is_semver(version)


@pytest.mark.parametrize(
    "version", ["1.0", "1", "01.0.0", "1.0.0-beta", "1.0.0+build", "v1.0.0", ""]
)
def test_anything_but_plain_major_minor_patch_is_rejected(version):
    assert not is_semver(version)


def test_versions_are_ordered_by_number_not_by_text():
    versions = ["1.10.0", "1.2.0", "1.9.3", "0.9.0", "2.0.0"]

    assert sorted(versions, key=version_key) == ["0.9.0", "1.2.0", "1.9.3", "1.10.0", "2.0.0"]


def test_the_sort_key_of_a_malformed_version_is_refused():
    with pytest.raises(ValueError, match="not a semantic version"):
        version_key("1.0")
