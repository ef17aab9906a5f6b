"""Generated files (PDF reports) in storage every host shares: the database or S3.

One small interface, ``put``/``get``/``delete``/``exists`` by key, and ``older_than``
for pruning. The database is the default: it works with any number of web servers and
workers and needs nothing else to run (a report is 200–350 KiB). With ``STORAGE_URL``
set, files go to S3-compatible object storage instead::

    STORAGE_URL=s3://BUCKET[/PREFIX][?endpoint_url=https://host:port&region=REGION]

with credentials from boto3's usual sources (``AWS_ACCESS_KEY_ID`` and
``AWS_SECRET_ACCESS_KEY``, a profile, an instance role). No generated file is ever
read from a host's own disk.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from flask import Flask, current_app


class Storage(Protocol):
    """Files by key (``reports/<content key>.pdf``), the same from every host."""

    def put(self, key: str, content: bytes) -> None:
        """Store ``content`` under ``key``, replacing what was there."""

    def get(self, key: str) -> bytes | None:
        """The content under ``key``, or None when there is none."""

    def delete(self, key: str) -> None:
        """Remove ``key`` (nothing happens when it is not there)."""

    def exists(self, key: str) -> bool:
        """Whether something is stored under ``key``."""

    def older_than(self, prefix: str, moment: datetime) -> Iterable[str]:
        """The keys under ``prefix`` stored before ``moment``."""

    def problem(self) -> str:
        """Why the storage cannot be used right now, or "" when it can."""


class StorageError(RuntimeError):
    """The storage settings cannot be used (a clear message for the operator)."""


def build(url: str) -> Storage:
    """The storage that ``url`` names ("" for the database)."""
    if not url:
        from assessment.storage.database import DatabaseStorage

        return DatabaseStorage()
    if url.startswith("s3://"):
        from assessment.storage.s3 import S3Storage

        return S3Storage.from_url(url)
    raise StorageError(f"STORAGE_URL={url!r}: use s3://bucket[/prefix], or leave it unset")


def init_app(app: Flask) -> None:
    """Choose the app's storage from ``STORAGE_URL`` (no connection is opened here)."""
    app.extensions["storage"] = build(app.config.get("STORAGE_URL") or "")


def storage() -> Storage:
    """The current app's storage."""
    return current_app.extensions["storage"]  # type: ignore[no-any-return]
