"""Files kept in a database table: shared by every host, nothing else to run."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from assessment.core.extensions import db
from assessment.core.types import UTCDateTime, utcnow


class StoredFile(db.Model):  # type: ignore[name-defined]
    """One file: its key, its bytes (``bytea`` on PostgreSQL) and when it was stored."""

    __tablename__ = "stored_files"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    # Deferred: listing or pruning files never loads their content.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class DatabaseStorage:
    """Files in ``stored_files``, written in the caller's transaction (it commits).

    So a report's file and its "done" mark are committed together, and an erasure
    deletes an organisation's files with the rest of it, or not at all.
    """

    def put(self, key: str, content: bytes) -> None:
        row = StoredFile(key=key, content=content, size=len(content), stored_at=utcnow())
        try:
            with db.session.begin_nested():  # a savepoint: a twin insert leaves no trace
                db.session.merge(row)
        except IntegrityError:
            # Another worker stored the same key at the same moment. Keys name content
            # (a report's key is its cache key), so what is there is what we had.
            pass

    def get(self, key: str) -> bytes | None:
        content = db.session.execute(
            db.select(StoredFile.content).filter_by(key=key)
        ).scalar_one_or_none()
        return bytes(content) if content is not None else None

    def delete(self, key: str) -> None:
        db.session.execute(db.delete(StoredFile).filter_by(key=key))

    def exists(self, key: str) -> bool:
        return db.session.execute(db.select(StoredFile.key).filter_by(key=key)).first() is not None

    def older_than(self, prefix: str, moment: datetime) -> Iterable[str]:
        return list(
            db.session.execute(
                db.select(StoredFile.key).filter(
                    StoredFile.key.startswith(prefix, autoescape=True),
                    StoredFile.stored_at < moment,
                )
            ).scalars()
        )

    def problem(self) -> str:
        try:
            db.session.execute(db.select(StoredFile.key).limit(1)).first()
        except SQLAlchemyError as error:
            db.session.rollback()
            return f"{type(error).__name__}: {str(error).splitlines()[0]}"
        return ""
