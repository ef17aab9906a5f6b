"""``flask benchmark``: publish benchmarks, export their tables, manage API tokens.

Thin wrappers over the services the explorer and the token page use: ``refresh``
publishes a new snapshot (``refresh.refresh_benchmarks``, which the queue's scheduler
also runs weekly), and an export holds exactly the disclosure-controlled table the explorer
shows (``--format pdf`` writes the explorer's PDF benchmark report, rendered here).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from assessment.accounts import services as accounts
from assessment.accounts import token_auth as tokens
from assessment.benchmarks import exports as benchmark_exports
from assessment.benchmarks import services as benchmarks
from assessment.benchmarks.reasons import query_problem
from assessment.core.extensions import db
from questionnaires import bundled_languages


@click.group("benchmark")
def benchmark() -> None:
    """Benchmark publication, exports and API tokens."""


@benchmark.command("refresh")
@with_appcontext
def refresh() -> None:
    """Publish a new benchmark snapshot from the data as it stands now.

    Every benchmark page, API answer, export and report shows the latest snapshot, so
    consent changes and new rounds appear only after a refresh: run it on a schedule
    (daily or weekly), not after each change.
    """
    from assessment.benchmarks.refresh import refresh_benchmarks

    done = refresh_benchmarks()
    click.echo(
        f"Benchmark snapshot {done.snapshot_id} published at"
        f" {done.published_at:%Y-%m-%d %H:%M} UTC: {done.organisations} organisations."
    )


@benchmark.command("export")
@click.option(
    "--group-by",
    "group_by",
    default="",
    help="Up to two fields, comma-separated: country, government_level, sector,"
    " size_band, questionnaire_version, period.",
)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Keep one value of a field (counts towards the two fields). Repeatable.",
)
@click.option("--questionnaire", default=None, help="Questionnaire id (default: the most used).")
@click.option(
    "--format", "fmt", type=click.Choice([*benchmark_exports.FORMATS, "pdf"]), required=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--lang",
    type=click.Choice(bundled_languages()),
    default=bundled_languages()[0],
    show_default=True,
)
@with_appcontext
def export(
    group_by: str, filters: tuple[str, ...], questionnaire: str | None, fmt: str,
    output: Path, lang: str,
) -> None:  # fmt: skip
    """Write the disclosure-controlled table the explorer shows to a file."""
    args: MultiDict[str, str] = MultiDict()
    if questionnaire:
        args["questionnaire"] = questionnaire
    if group_by:
        args["group_by"] = group_by
    for item in filters:
        name, sign, value = item.partition("=")
        if not sign:
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--filter")
        args[name.strip()] = value.strip()
    # The command runs in an application context without a request: force_locale words
    # the problem and the export in the language asked for (Flask-Babel keeps the forced
    # language in the application context's ``g``).
    with force_locale(lang):
        try:
            query = benchmarks.parse_query(args)
        except benchmarks.QueryError as error:
            raise click.UsageError(
                f"{query_problem(error.code)} ({error.detail or error.code})"
            ) from error
        exploration = benchmarks.explore(query)
        if fmt == "pdf":
            from assessment.reports.benchmark_pipeline import benchmark_pdf, explorer_parameters

            output.write_bytes(benchmark_pdf(explorer_parameters(query), lang))
        else:
            output.write_bytes(benchmark_exports.render(exploration, fmt))
    table = exploration.table
    click.echo(
        f"{output}: {query.questionnaire_id}, {len(table.cells)} cells,"
        f" {table.suppressed_cells} withheld ({table.complementary_cells} complementary)."
    )


@benchmark.group("api-token")
def api_token() -> None:
    """Create, list and revoke personal API tokens."""


@api_token.command("create")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for.")
@click.option(
    "--days",
    type=click.IntRange(1, tokens.MAX_DAYS),
    default=tokens.DEFAULT_DAYS,
    show_default=True,
)
@with_appcontext
def create_token(email: str, name: str, days: int) -> None:
    """Create a token for the account EMAIL and print its secret (shown only once)."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"no account {email!r}")
    try:
        token, secret = tokens.create(user, name, days, actor_id=None)
    except tokens.TokenError as error:
        db.session.rollback()
        raise click.ClickException(
            {"role": f"{email} holds no role the API serves",
             "name": "give the token a name (100 characters at most)"}.get(error.code, error.code)
        ) from error  # fmt: skip
    db.session.commit()
    click.echo(f"Token {token.id} for {user.email}, expires {token.expires_at:%Y-%m-%d}:")
    click.echo(secret)


@api_token.command("list")
@click.argument("email")
@with_appcontext
def list_tokens(email: str) -> None:
    """List the tokens of the account EMAIL (never their secrets)."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"no account {email!r}")
    for token in tokens.tokens_of(user):
        state = "revoked" if token.revoked_at else f"expires {token.expires_at:%Y-%m-%d}"
        click.echo(f"{token.id:>6}  {token.prefix}…  {state:20}  {token.name}")


@api_token.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def revoke_token(token_id: int) -> None:
    """Revoke the token TOKEN_ID at once."""
    from assessment.accounts.api_tokens import ApiToken

    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"no token {token_id}")
    changed = tokens.revoke(token, actor_id=None)
    db.session.commit()
    click.echo(
        f"Token {token_id} revoked." if changed else f"Token {token_id} was already revoked."
    )
