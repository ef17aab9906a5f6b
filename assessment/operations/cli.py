"""Command-line interface: thin wrappers over the services the views use too."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from assessment.accounts import services as accounts
from assessment.accounts.models import ROLES, User
from assessment.accounts.organisations import Organisation
from assessment.core.extensions import db
from assessment.demo import assessments as demo_assessments
from assessment.demo import seeding as demo
from assessment.operations.benchmark_cli import benchmark
from assessment.operations.onboarding_cli import create_organisation, invite
from assessment.operations.portability import export_all_command, import_all_command
from assessment.operations.queue_cli import queue_group
from assessment.reports.cli import report
from assessment.tasks.cli import worker


@click.command("seed-demo")
@click.option(
    "--organisations",
    "count",
    type=click.IntRange(min=1),
    default=demo.DEFAULT_ORGANISATIONS,
    show_default=True,
    help="How many demo organisations to have (more for benchmarks).",
)
@click.option(
    "--assessments/--no-assessments",
    default=True,
    show_default=True,
    help="Also create completed demo assessments and a round in progress.",
)
@with_appcontext
def seed_demo(count: int, assessments: bool) -> None:
    """Create demo data (idempotent) and print the demo sign-ins."""
    with click.progressbar(length=count, label="Demo organisations") as bar:
        added = demo.seed_organisations(count, progress=bar.update)
    demo.seed_accounts()
    click.echo(f"{added} demo organisations added ({count} wanted in all).")
    if assessments:
        with click.progressbar(length=count, label="Demo assessments  ") as bar:
            assessed = demo_assessments.seed(progress=bar.update)
        click.echo(f"{assessed} completed demo assessments added.")
        # Benchmarks show published snapshots only: publish one from the demo rounds.
        from assessment.benchmarks.refresh import refresh_benchmarks

        done = refresh_benchmarks()
        click.echo(f"Benchmark snapshot {done.snapshot_id} published.")
    click.echo(f"Demo sign-ins (password for all: {demo.DEMO_PASSWORD}):")
    for account in demo.DEMO_ACCOUNTS:
        scope = f" of {account.scope}" if account.scope else ""
        click.echo(f"  {account.email:28} {account.role}{scope}")


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--organisation", "slug", help="Organisation slug, for organisation roles.")
@click.option("--country", help="ISO 3166-1 alpha-2 code, for national coordinators.")
@click.password_option(help="The new password (asked for when omitted).")
@with_appcontext
def create_user(
    email: str, role: str, slug: str | None, country: str | None, password: str
) -> None:
    """Create an account (or add a role to an existing one)."""
    organisation = None
    if slug:
        organisation = db.session.execute(
            db.select(Organisation).filter_by(slug=slug)
        ).scalar_one_or_none()
        if organisation is None:
            raise click.BadParameter(
                f"no organisation with slug {slug!r}", param_hint="--organisation"
            )
    try:
        accounts.create_user(email, password, role=role, organisation=organisation, country=country)
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{accounts.normalise_email(email)} now has the role {role}.")


def _user_or_fail(email: str) -> User:
    user = accounts.find_user(email)
    if user is None:
        raise click.BadParameter(f"no account with e-mail address {email!r}", param_hint="EMAIL")
    return user


@click.command("disable-user")
@click.argument("email")
@with_appcontext
def disable_user(email: str) -> None:
    """Disable an account: it cannot sign in, and its sessions end at once."""
    accounts.set_enabled(_user_or_fail(email), False, actor_id=None)
    db.session.commit()
    click.echo(f"{accounts.normalise_email(email)} is disabled; its sessions have ended.")


@click.command("enable-user")
@click.argument("email")
@with_appcontext
def enable_user(email: str) -> None:
    """Enable an account again."""
    accounts.set_enabled(_user_or_fail(email), True, actor_id=None)
    db.session.commit()
    click.echo(f"{accounts.normalise_email(email)} is enabled.")


@click.command("end-sessions")
@click.argument("email")
@with_appcontext
def end_sessions(email: str) -> None:
    """End every session of an account (it must sign in again)."""
    ended = accounts.end_sessions(_user_or_fail(email), actor_id=None)
    db.session.commit()
    click.echo(f"{ended} session(s) of {accounts.normalise_email(email)} ended.")


commands = [
    seed_demo,
    create_user,
    disable_user,
    enable_user,
    end_sessions,
    report,
    worker,
    queue_group,
    export_all_command,
    import_all_command,
]
commands.append(benchmark)
commands.extend([create_organisation, invite])
