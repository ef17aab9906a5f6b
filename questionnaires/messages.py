"""Wording of every problem the validator reports.

Kept in one place so the messages stay consistent, and so tests and documentation can
refer to them. Placeholders are filled with :meth:`str.format`.
"""

from __future__ import annotations

# Reading the file.
UNREADABLE_FILE = "cannot read the file ({reason})"
NOT_UTF8 = "the file is not valid UTF-8 text (byte {position} cannot be decoded)"
YAML_SYNTAX = "invalid YAML: {problem}"
DUPLICATE_KEY = "key '{key}' appears twice in the same mapping"
EMPTY_FILE = "the file is empty"
NOT_A_MAPPING = "the file must hold a mapping (key: value pairs) at the top level, not {found}"

# Structure (JSON Schema layer).
REQUIRED_FIELD = "is required"
UNKNOWN_FIELD = "is not a known field"
WRONG_TYPE = "must be {expected}"
NOT_ONE_OF = "must be one of: {allowed}"
NOT_KEBAB_CASE = "'{value}' must be kebab-case (lowercase letters and digits joined by hyphens)"
NOT_AN_OPTION_CODE = (
    "'{value}' must be lowercase letters, digits, hyphens or underscores, starting with "
    "a letter or digit"
)
NO_MATCH = "'{value}' does not match the pattern {pattern}"
TOO_SMALL = "must be at least {limit}"
NOT_POSITIVE = "must be greater than {limit}"
TOO_FEW_ENTRIES = "must have at least {limit} entr{plural}"
BLANK_TEXT = "must not be empty"
REPEATED_ENTRIES = "must not list the same value twice"

# Versions and identity.
ID_NOT_FOLDER = "id '{id}' must equal the name of its folder, '{folder}'"
VERSION_NOT_SEMVER = "version '{version}' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)"
VERSION_NOT_FILE_NAME = "version '{version}' must equal the file name, '{stem}'"
PREVIOUS_NOT_SEMVER = (
    "previous_version '{version}' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)"
)
PREVIOUS_NOT_OLDER = "previous_version {previous} must be older than version {version}"
PREVIOUS_NOT_IN_LIBRARY = "previous_version {previous} of '{id}' is not among the definitions"

# Crosswalk.
CROSSWALK_WITHOUT_PREVIOUS = "a crosswalk needs previous_version to say which version it maps from"
CROSSWALK_TARGET_UNKNOWN = "target '{target}' is not an item of this version"
CROSSWALK_SOURCE_STILL_USED = (
    "'{source}' is still an item of this version; only replaced items belong in the crosswalk"
)
CROSSWALK_SOURCE_UNKNOWN = "'{source}' is not an item of version {previous}"

# Tags, roles and principles.
UNKNOWN_TAG_KEY = "unknown tag '{key}'; known tags: {known}"
UNKNOWN_TAG_VALUE = "'{value}' is not a known {key}; expected one of: {known}"
MISSING_REQUIRED_TAG = "missing tag '{key}', which required_tags asks of every item"
UNKNOWN_ROLE = "unknown role '{role}'; expected one of: {known}"
UNKNOWN_PRINCIPLE = "{principle} is not a principle of the Declaration; expected one of: {known}"

# Dimensions and items.
DUPLICATE_DIMENSION_ID = "dimension id '{id}' is already used by dimensions[{first}]"
EMPTY_DIMENSION = "dimension '{id}' has no items"
DUPLICATE_ITEM_ID = "item id '{id}' is already used by items[{first}]"
UNKNOWN_DIMENSION = "'{dimension}' is not a dimension of this questionnaire"
TYPE_DOES_NOT_FIT_KIND = (
    "answer type '{type}' does not fit dimension '{dimension}' of kind '{kind}', "
    "which takes '{expected}' items"
)

# Options.
RESERVED_CODE = "'{code}' is reserved: the platform offers it itself, never list it as an option"
DUPLICATE_CODE = "option code '{code}' is already used by options[{first}]"
WRONG_OPTION_COUNT = "{type} items need exactly {expected} options, not {found}"
MISSING_LEVEL = "{type} options need a level"
LEVELS_NOT_A_SCALE = "levels must be 1, 2, 3, 4 and 5, each once (found {found})"
CODE_FOR_LEVEL = "the option at level {level} must have code '{expected}'"
FACET_ON_SCALE_OPTION = "only facet-choice options carry a facet"
LEVEL_ON_FACET_OPTION = "facet-choice options carry no level"
MISSING_FACET = "facet-choice options need a facet"
UNKNOWN_FACET = "'{facet}' is not a facet; expected one of: {known}"
DUPLICATE_FACET = "facet '{facet}' is already used by options[{first}]"
CODE_NOT_FACET = "the code of a facet-choice option must equal its facet, '{facet}'"
EMPHASIS_WITHOUT_FACET = "an emphasis item needs a facet tag saying which facet it is about"

# Translations.
MISSING_TRANSLATION = "missing {language} ({code}) text"
UNDECLARED_LANGUAGE = (
    "'{code}' is not a declared language (declared: {declared}); add it to {file} "
    "or remove this text"
)
NOT_A_LANGUAGE_CODE = (
    "'{value}' is not a language code: write a Babel locale such as en, fr or pt_BR"
)

# The languages file.
NO_LANGUAGES = "must be a list of at least one language code, the default first"
UNKNOWN_LOCALE = (
    "'{code}' is not a locale Babel knows, so numbers, dates and plurals could not be written in it"
)
DUPLICATE_LANGUAGE = "language '{code}' is already declared at position {first}"

# Libraries of definitions.
NO_SUCH_DIRECTORY = "no such directory"
MISPLACED_FILE = "definition files must be stored as <id>/<version>.yaml inside {directory}"
