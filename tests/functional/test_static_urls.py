"""Pages link their stylesheet and scripts where the app is mounted."""

from __future__ import annotations

from flask import Flask


def test_static_urls_follow_the_path_the_app_is_mounted_at(app: Flask) -> None:
    client = app.test_client()
    at_root = client.get("/").text
    mounted = client.get("/", environ_overrides={"SCRIPT_NAME": "/assess"}).text
    at_root_again = client.get("/").text
    assert 'href="/static/dist/app.css"' in at_root
    assert 'src="/static/js/init.js"' in at_root
    assert 'href="/assess/static/dist/app.css"' in mounted
    assert 'href="/assess/account/sign-in"' in mounted
    assert at_root_again.count("/assess/") == 0
