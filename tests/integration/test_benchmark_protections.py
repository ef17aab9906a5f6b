"""The test-only switches of the benchmark protections: checked, and never in production."""

from __future__ import annotations

import pytest
from flask import Flask

from assessment import create_app
from assessment.benchmarks import disclosure
from assessment.core import config
from scoring.benchmark import DEFAULT_DISCLOSURE


def test_every_protection_is_on_unless_a_test_switches_it_off(
    app: Flask, app_context: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert disclosure.rules() == DEFAULT_DISCLOSURE
    assert all(disclosure.protected(name) for name in disclosure.PROTECTIONS)

    monkeypatch.setitem(app.config, disclosure.SETTING, ("rounding", "named", "placement"))

    weakened = disclosure.rules()
    assert (weakened.count_base, weakened.share_base) == (1, 0.01)
    assert not weakened.named_known and weakened.placement_bands == 100
    assert weakened.complementary  # only what was named is switched off
    assert not disclosure.protected("named") and disclosure.protected("snapshot")


def test_a_protection_that_does_not_exist_is_an_error_not_a_silent_no_op(
    app: Flask, app_context: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, disclosure.SETTING, ("roundings",))
    with pytest.raises(disclosure.ProtectionError, match="roundings"):
        disclosure.rules()
    monkeypatch.setitem(app.config, disclosure.SETTING, ())
    with pytest.raises(disclosure.ProtectionError, match="everything"):
        disclosure.protected("everything")


def test_production_refuses_to_start_with_protections_switched_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {
        "ENVIRONMENT": "production",
        "SECRET_KEY": "a-long-production-secret",
        "SERVER_NAME": "assessment.example.org",
        "MAIL_SERVER": "smtp.example.org",
    }.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(config.ConfigurationError, match="BENCHMARK_PROTECTIONS_OFF"):
        create_app({"DATABASE_URL": "sqlite://", "BENCHMARK_PROTECTIONS_OFF": ("snapshot",)})
    assert create_app({"DATABASE_URL": "sqlite://"}).config["BENCHMARK_PROTECTIONS_OFF"] == ()
