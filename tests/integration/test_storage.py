"""The storage interface on both backends: the database table, and S3 through moto's server.

moto in server mode is a real S3 HTTP API on a loopback port; boto3 talks to it as it
would to AWS, MinIO or Ceph.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import boto3
import pytest
from flask import Flask

from assessment.core.extensions import db
from assessment.core.types import utcnow
from assessment.storage import Storage, StorageError, build
from assessment.storage.s3 import S3Storage

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": "us-east-1"}  # fmt: skip


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """moto's S3 server on a free loopback port, for this module."""
    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log, stderr=log, env={**os.environ, **CREDENTIALS},
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert process.poll() is None, "moto server exited"
                assert time.monotonic() < deadline, "moto server did not answer"
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture()
def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> S3Storage:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = f"reports-{uuid.uuid4().hex[:12]}"  # one per test: nothing left by another
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=bucket)
    storage = build(f"s3://{bucket}/platform?endpoint_url={s3_endpoint}&region=us-east-1")
    assert isinstance(storage, S3Storage)
    return storage


def check_interface(storage: Storage) -> None:
    assert storage.get("reports/a.pdf") is None and not storage.exists("reports/a.pdf")
    storage.put("reports/a.pdf", b"%PDF-first")
    storage.put("reports/a.pdf", b"%PDF-second")  # replaces
    storage.put("other/b.bin", b"\x00\x01")
    assert storage.get("reports/a.pdf") == b"%PDF-second" and storage.exists("reports/a.pdf")
    later = utcnow() + timedelta(minutes=5)
    assert list(storage.older_than("reports/", later)) == ["reports/a.pdf"]
    assert list(storage.older_than("reports/", utcnow() - timedelta(minutes=5))) == []
    storage.delete("reports/a.pdf")
    storage.delete("reports/a.pdf")  # deleting what is gone is no error
    assert storage.get("reports/a.pdf") is None and storage.get("other/b.bin") == b"\x00\x01"
    assert storage.problem() == ""


def test_the_database_storage_keeps_files_in_its_table(app: Flask, app_context: None) -> None:
    storage = build("")
    check_interface(storage)
    db.session.commit()


def test_s3_storage_keeps_files_in_the_bucket_under_its_prefix(
    s3: S3Storage, s3_endpoint: str
) -> None:
    check_interface(s3)
    s3.put("reports/c.pdf", b"%PDF-c")
    keys = boto3.client("s3", endpoint_url=s3_endpoint).list_objects_v2(Bucket=s3.bucket)
    assert [item["Key"] for item in keys["Contents"]] == ["platform/other/b.bin",
                                                          "platform/reports/c.pdf"]  # fmt: skip


def test_an_s3_bucket_that_does_not_exist_is_reported(s3: S3Storage, s3_endpoint: str) -> None:
    missing = build(f"s3://no-such-bucket?endpoint_url={s3_endpoint}")
    assert "404" in missing.problem() or "NoSuchBucket" in missing.problem()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://host/folder", "use s3://bucket"),
        ("s3:///prefix", "names no bucket"),
        ("s3://bucket?colour=blue", "unknown option(s) colour"),
    ],
)
def test_unusable_storage_settings_are_refused_with_a_clear_message(url: str, message: str) -> None:
    with pytest.raises(StorageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build(url)


@pytest.mark.committed(reason="another host, with an engine of its own, reads the demo")
def test_with_storage_url_set_a_report_is_rendered_into_the_bucket(
    app: Flask, s3: S3Storage, s3_endpoint: str, database_url: str, tmp_path: object
) -> None:
    from assessment import create_app
    from assessment.accounts.organisations import Organisation
    from assessment.demo.assessments import COMPLETED_TITLE
    from assessment.reports import jobs
    from assessment.survey.models import AssessmentRound

    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "1"])
    assert result.exit_code == 0, result.output
    # Another host of the same installation, its files in the bucket; immediate mode
    # renders the report inside the request, as this test asks.
    other = create_app({
        "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
        "STORAGE_URL": f"s3://{s3.bucket}/platform?endpoint_url={s3_endpoint}",
        "TASK_QUEUE": "immediate", "REPORTS_PATH": app.config["REPORTS_PATH"],
    })  # fmt: skip
    with other.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        completed = db.session.execute(
            db.select(AssessmentRound).filter_by(organisation_id=agency.id, title=COMPLETED_TITLE)
        ).scalar_one()
        job = jobs.request_report(agency, completed, "en", None)
        db.session.expire_all()
        assert job.status == "done" and job.file_key is not None
        assert s3.get(job.file_key) is not None and s3.get(job.file_key).startswith(b"%PDF")
        db.session.execute(db.delete(jobs.ReportJob))
        db.session.commit()
        db.engine.dispose()
    with app.app_context():  # the database holds no copy
        assert build("").get(job.file_key) is None
