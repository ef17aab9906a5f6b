"""Report commands: one PDF for batch use (the worker is ``flask worker``, tasks/cli.py)."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.survey.models import AssessmentRound
from assessment.survey.responses import SUBMITTED, Response
from assessment.survey.rounds import report_round
from questionnaires import bundled_languages


def _organisation(slug: str) -> Organisation:
    organisation = db.session.execute(
        db.select(Organisation).filter_by(slug=slug)
    ).scalar_one_or_none()
    if organisation is None:
        raise click.BadParameter(f"no organisation with slug {slug!r}", param_hint="--organisation")
    return organisation


def _submitted(round_id: int) -> int:
    return db.session.execute(
        db.select(db.func.count(Response.id)).filter_by(round_id=round_id, status=SUBMITTED)
    ).scalar_one()


def _round(organisation: Organisation, round_id: int | None) -> AssessmentRound:
    if round_id is not None:
        assessment_round = db.session.get(AssessmentRound, round_id)
        if assessment_round is None or assessment_round.organisation_id != organisation.id:
            raise click.BadParameter(
                f"{organisation.slug} has no round {round_id}", param_hint="--round"
            )
        if not _submitted(assessment_round.id):
            raise click.ClickException(
                f"round {round_id} of {organisation.slug} has no submitted responses yet,"
                " so there is nothing to report"
            )
        return assessment_round
    latest = report_round(organisation)
    if latest is None:
        raise click.ClickException(
            f"{organisation.slug} has no round with submitted responses, so there is nothing"
            " to report"
        )
    return latest


@click.command("report")
@click.option("--organisation", "slug", required=True, help="Organisation slug.")
@click.option(
    "--round",
    "round_id",
    type=int,
    help="Round id (default: the latest closed round with submitted responses).",
)
@click.option(
    "--lang",
    type=click.Choice(bundled_languages()),
    default=bundled_languages()[0],
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Where to write the PDF (with --annex, a name ending in .xlsx writes the workbook).",
)
@click.option("--annex", is_flag=True, help="Write the technical annex instead of the report.")
@with_appcontext
def report(slug: str, round_id: int | None, lang: str, output: Path, annex: bool) -> None:
    """Write an organisation's capability report or technical annex, rendered in this process."""
    organisation = _organisation(slug)
    assessment_round = _round(organisation, round_id)
    label = f"{organisation.slug}, round {assessment_round.id} ({assessment_round.title}), {lang}"
    started = time.perf_counter()
    if annex:
        from assessment.reports.annex_pipeline import annex_document

        fmt = "xlsx" if output.suffix.lower() == ".xlsx" else "pdf"
        pdf = annex_document(organisation, assessment_round, lang, fmt)
    else:
        from assessment.reports.pipeline import capability_pdf

        pdf = capability_pdf(organisation, assessment_round, lang)
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_bytes(pdf)
    temporary.replace(output)
    seconds = time.perf_counter() - started
    click.echo(f"Wrote {output} ({len(pdf) // 1024} KiB) for {label} in {seconds:.1f} s.")


commands = [report]
