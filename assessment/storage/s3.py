"""Files in S3-compatible object storage (AWS S3, MinIO, Ceph, ...), through boto3.

The bucket must exist: creating it, its lifecycle and its access policy are the
operator's (docs/deployment.md). Objects are written privately (no ACL is set, so the
bucket's default applies) and read back by the app only: downloads go through the
app's access checks, never to a public object URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from assessment.storage import StorageError


class S3Storage:
    """Files under ``prefix`` in ``bucket``."""

    def __init__(self, bucket: str, prefix: str = "", **client_options: Any) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        # Short timeouts and a few retries: a page waiting on storage must not hang.
        config = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3})
        self.client = boto3.client("s3", config=config, **client_options)

    @classmethod
    def from_url(cls, url: str) -> S3Storage:
        """``s3://bucket/prefix?endpoint_url=...&region=...``."""
        parts = urlsplit(url)
        if not parts.hostname:
            raise StorageError(f"STORAGE_URL={url!r} names no bucket: s3://bucket[/prefix]")
        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        unknown = set(query) - {"endpoint_url", "region"}
        if unknown:
            raise StorageError(f"STORAGE_URL: unknown option(s) {', '.join(sorted(unknown))}")
        options: dict[str, Any] = {}
        if query.get("endpoint_url"):
            options["endpoint_url"] = query["endpoint_url"]
        if query.get("region"):
            options["region_name"] = query["region"]
        return cls(parts.netloc, parts.path, **options)

    def _key(self, key: str) -> str:
        return self.prefix + key

    def put(self, key: str, content: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=content)

    def get(self, key: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                return None
            raise
        return bytes(answer["Body"].read())

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                return False
            raise
        return True

    def older_than(self, prefix: str, moment: datetime) -> Iterable[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self._key(prefix)
        )
        for page in pages:
            for item in page.get("Contents", []):
                if item["LastModified"] < moment:
                    yield item["Key"][len(self.prefix) :]

    def problem(self) -> str:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as error:
            return f"{type(error).__name__}: {error}"
        return ""
