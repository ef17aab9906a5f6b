"""Scripted onboarding: ``create-organisation`` and ``invite``, one at a time or from a CSV file.

Thin wrappers over the services the web pages use (accounts/agencies.py,
accounts/onboarding.py). A CSV file is all or nothing: every row is checked and made
in one transaction, and any problem (reported with its line number) leaves the
database as it was.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.accounts import agencies, onboarding
from assessment.accounts.organisations import GOVERNMENT_LEVELS, SECTORS, SIZE_BANDS, Organisation
from assessment.core.extensions import db
from questionnaires.languages import bundled_languages

ORGANISATION_COLUMNS = ("name", "country", "government_level", "sector", "size_band")
INVITATION_COLUMNS = ("email", "role")


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or ())]
        if missing:
            raise click.ClickException(f"{path}: missing column(s): {', '.join(missing)}")
        # Line numbers as a spreadsheet shows them: the header is line 1.
        return [
            (number, {k: (v or "").strip() for k, v in row.items() if k})
            for number, row in enumerate(reader, start=2)
        ]


def _run_all(
    rows: list[tuple[int, dict[str, str]]], label: str, make: Callable[[dict[str, str]], str]
) -> list[str]:
    problems, done = [], []
    with click.progressbar(rows, label=label) as bar:
        for number, row in bar:
            try:
                done.append(make(row))
            except (
                agencies.AgencyError,
                onboarding.InvitationError,
                click.ClickException,
            ) as error:
                message = (
                    error.format_message() if isinstance(error, click.ClickException) else error
                )
                problems.append(f"line {number}: {message}")
    if problems:
        db.session.rollback()
        raise click.ClickException("nothing was saved:\n" + "\n".join(problems))
    db.session.commit()
    return done


@contextmanager
def _links_from(base_url: str | None) -> Iterator[None]:
    # Links in e-mails need a host: SERVER_NAME when set, else the --base-url given.
    if current_app.config.get("SERVER_NAME") and not base_url:
        yield
        return
    with current_app.test_request_context("/", base_url=base_url or "http://localhost:5000"):
        yield


def _draft(row: dict[str, str]) -> agencies.AgencyDraft:
    return agencies.AgencyDraft(
        name=row.get("name", ""),
        country=row.get("country", ""),
        government_level=row.get("government_level", ""),
        sector=row.get("sector", ""),
        size_band=row.get("size_band", ""),
        parent_body=row.get("parent_body", ""),
        slug=row.get("slug", ""),
    )


@click.command("create-organisation")
@click.argument("name", required=False)
@click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. FR.")
@click.option("--level", "government_level", type=click.Choice(GOVERNMENT_LEVELS))
@click.option("--sector", type=click.Choice(SECTORS))
@click.option("--size", "size_band", type=click.Choice(SIZE_BANDS))
@click.option("--parent", "parent_body", default="", help="The body it reports to.")
@click.option("--slug", default="", help="Short name in URLs (made from the name if omitted).")
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Create many: columns name, country, government_level, sector, size_band"
    " [, parent_body, slug].",
)
@with_appcontext
def create_organisation(
    name: str | None,
    country: str | None,
    government_level: str | None,
    sector: str | None,
    size_band: str | None,
    parent_body: str,
    slug: str,
    csv_file: Path | None,
) -> None:
    """Create an organisation with the fields benchmarks group by (or many, from CSV)."""
    if csv_file is not None:
        made = _run_all(
            _rows(csv_file, ORGANISATION_COLUMNS),
            "Organisations",
            lambda row: agencies.create(_draft(row), actor=None).slug,
        )
        click.echo(f"{len(made)} organisations created: {', '.join(made)}")
        return
    if not (name and country and government_level and sector and size_band):
        raise click.UsageError("give NAME, --country, --level, --sector and --size, or --csv FILE")
    draft = agencies.AgencyDraft(
        name, country, government_level, sector, size_band, parent_body, slug
    )
    try:
        organisation = agencies.create(draft, actor=None)
    except agencies.AgencyError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{organisation.name} created with the short name {organisation.slug}.")


def _invite_row(row: dict[str, str]) -> str:
    organisation = None
    if row.get("organisation"):
        organisation = db.session.execute(
            db.select(Organisation).filter_by(slug=row["organisation"])
        ).scalar_one_or_none()
        if organisation is None:
            raise click.ClickException(f"no organisation with slug {row['organisation']!r}")
    link = onboarding.invite(
        None,
        row.get("email", ""),
        row.get("role", ""),
        organisation=organisation,
        country=row.get("country") or None,
        language=row.get("language") or "en",
        name=row.get("name", ""),
    )
    return link.email


@click.command("invite")
@click.argument("email", required=False)
@click.option("--role", type=click.Choice(onboarding.INVITABLE_ROLES))
@click.option("--organisation", "slug", help="Organisation slug, for organisation roles.")
@click.option("--country", help="ISO 3166-1 alpha-2 code, for national coordinators.")
@click.option(
    "--language",
    type=click.Choice(bundled_languages()),
    default=bundled_languages()[0],
    show_default=True,
)
@click.option("--name", default="", help="The person's name, shown on their invitation.")
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Invite many: columns email, role [, organisation, country, language, name].",
)
@click.option("--base-url", help="Public address for the links when SERVER_NAME is not set.")
@with_appcontext
def invite(
    email: str | None,
    role: str | None,
    slug: str | None,
    country: str | None,
    language: str,
    name: str,
    csv_file: Path | None,
    base_url: str | None,
) -> None:
    """E-mail an invitation to an account in any role (or many, from CSV)."""
    with _links_from(base_url):
        if csv_file is not None:
            sent = _run_all(_rows(csv_file, INVITATION_COLUMNS), "Invitations", _invite_row)
            click.echo(f"{len(sent)} invitations sent.")
            return
        if not (email and role):
            raise click.UsageError("give EMAIL and --role, or --csv FILE")
        row = {"email": email, "role": role, "organisation": slug or "", "country": country or "",
               "language": language, "name": name}  # fmt: skip
        try:
            _invite_row(row)
        except (onboarding.InvitationError, click.ClickException) as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        db.session.commit()
        click.echo(f"Invitation sent to {email} ({role}).")
