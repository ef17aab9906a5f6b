"""Fixture modules live in tests/fixtures; this file only registers them."""

pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.transactions",
    "tests.fixtures.web",
    "tests.fixtures.browser",
    "tests.fixtures.attacker",
    "tests.fixtures.redis",
    "tests.fixtures.mail",
    "tests.fixtures.smtp",
]
