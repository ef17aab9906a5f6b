"""The results page of a round, through the real app: charts, tables, targets, access."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from markupsafe import escape

from assessment.accounts import services as accounts
from assessment.accounts.models import ORGANISATION_COORDINATOR
from assessment.accounts.organisations import Organisation
from assessment.core.audit_events import AuditEvent
from assessment.core.extensions import db
from assessment.demo.assessments import COMPLETED_TITLE, DEMO_COMMENTS, IN_PROGRESS_TITLE
from assessment.results.targets import DimensionTarget
from assessment.survey.models import AssessmentRound, Invitation
from tests.fixtures import journeys
from tests.fixtures.web import sign_in

QUESTIONNAIRE_TITLES = (
    "Leadership for innovation",
    "Innovation skills at each stage of a project",
    "Partners and the innovation ecosystem",
    "Innovation portfolio",
)
OTHER_PASSWORD = "another-coordinator-2026"


@dataclass(frozen=True)
class Demo:
    completed: str  # results path of the demo agency's completed round (10 people)
    in_progress: str  # results path of its open round (1 person submitted)
    other_slug: str
    other_round: int


def seed_results(app: Flask) -> Demo:
    """Two demo organisations with completed, scored rounds (``seed-demo --organisations 2``)."""
    result = app.test_cli_runner().invoke(args=["seed-demo", "--organisations", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        agency = db.session.execute(
            db.select(Organisation).filter_by(slug="demo-agency")
        ).scalar_one()
        other = (
            db.session.execute(db.select(Organisation).filter(Organisation.slug != "demo-agency"))
            .scalars()
            .first()
        )
        rounds = {
            (r.organisation_id, r.title): r.id
            for r in db.session.execute(db.select(AssessmentRound)).scalars()
        }
        base = "/organisations/demo-agency/rounds/{}/results"
        return Demo(
            completed=base.format(rounds[(agency.id, COMPLETED_TITLE)]),
            in_progress=base.format(rounds[(agency.id, IN_PROGRESS_TITLE)]),
            other_slug=other.slug,
            other_round=rounds[(other.id, COMPLETED_TITLE)],
        )  # fmt: skip


@pytest.fixture(scope="module")
def demo(module_app: Flask) -> Demo:
    """Seeded once for the module; each test's writes are rolled back (see ``module_app``)."""
    return seed_results(module_app)


def leadership_section(html: str) -> str:
    start = html.index('aria-labelledby="leadership-mindsets-title"')
    return html[start : html.index("</section>", start)]


def action_plan(html: str) -> list[str]:
    section = leadership_section(html)
    plan = section[section.index('id="plan-leadership-mindsets"') :]
    return re.findall(r"<strong>([^<]+)</strong> – ([^<]+)<br>", plan)


def target_form(html: str) -> dict[str, str]:
    """The targets form of Leadership for innovation: field name -> selected value."""
    section = leadership_section(html)
    form = section[section.index("<form") : section.index("</form>")]
    token = r'name="(leadership-mindsets-csrf_token)" type="hidden" value="([^"]+)"'
    fields = dict(re.findall(token, form))
    for name, body in re.findall(r'<select[^>]+name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        fields[name] = re.search(r'value="(\d)" selected', body).group(1)
    return fields


def test_the_coordinator_sees_levels_explanations_charts_and_data_tables(
    app: Flask, demo: Demo
) -> None:
    coordinator = journeys.coordinator(app)
    page = coordinator.get(demo.completed)
    assert page.status_code == 200
    html = page.text
    for title in QUESTIONNAIRE_TITLES:
        assert f">{title}</h2>" in html
    assert "Based on 10 submitted responses." in html
    assert "Why is the overall level what it is?" in html
    assert "What holds the level down:" in html
    assert "Strengths and gaps" in html and "Prioritised action plan" in html
    assert "Principles of the Declaration on Public Sector Innovation" in html
    assert "Quality of the data" in html and "“I do not know”" in html

    figures = re.findall(r'<figure class="app-chart[^"]*" id="([a-z-]+)">', html)
    assert "radar-leadership-mindsets" in figures
    assert "skills-by-stage-innovation-skills" in figures
    assert "partners-by-stage-ecosystem-partners" in figures
    assert "facets-innovation-portfolio" in figures
    for chart_id in figures:
        assert f'data-chart-json="{chart_id}-figure"' in html
        assert f'<script type="application/json" id="{chart_id}-figure">' in html
    assert html.count('role="img" aria-label="') == len(figures)
    assert html.count("<figcaption>") == len(figures)
    assert html.count('<table class="govuk-table') >= len(figures)
    # Each table is there without JavaScript; the button that switches to it waits for it.
    assert html.count('aria-controls="') >= len(figures)
    for chart_id in figures:
        assert f'<div class="app-chart__data" id="{chart_id}-data">' in html
        assert f'<script type="application/json" id="{chart_id}-narrow-figure">' in html
    # The demo agency has a round of the year before: the trend is drawn.
    assert "trend" in figures
    assert "The trend appears once an earlier round" not in html


def test_the_page_loads_plotly_from_our_static_files_and_runs_no_inline_script(
    app: Flask, demo: Demo
) -> None:
    html = journeys.coordinator(app).get(demo.completed).text
    assert '<script src="/static/dist/plotly.min.js" defer></script>' in html
    assert '<script src="/static/js/charts.js" defer></script>' in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        # Only files, JSON data, or the layout's one nonce-carrying snippet.
        assert "src=" in tag or 'type="application/json"' in tag or "nonce=" in tag, tag


def test_individual_answers_and_people_never_appear(app: Flask, demo: Demo) -> None:
    html = journeys.coordinator(app).get(demo.completed).text
    with app.app_context():
        emails = db.session.execute(db.select(Invitation.email)).scalars().all()
    assert emails
    assert not [email for email in emails if email in html]


def test_comments_are_shown_only_where_their_authors_agreed_and_the_group_is_large_enough(
    app: Flask, demo: Demo
) -> None:
    coordinator = journeys.coordinator(app)
    html = coordinator.get(demo.completed).text

    assert "Comments shared by respondents" in html
    for comments, quotable in DEMO_COMMENTS:
        for comment in comments:
            # Printed as text: markup typed in a comment is escaped, never rendered.
            assert (str(escape(comment)) in html) is quotable, comment
    assert "<https://intranet.example/ideas>" not in html
    french = coordinator.get(demo.completed + "?lang=fr").text
    assert "Commentaires partagés par les répondants" in french
    # One person submitted: nothing per question is shown, comments included.
    assert "Comments shared by respondents" not in coordinator.get(demo.in_progress).text


def test_the_result_of_another_organisation_is_not_found(app: Flask, demo: Demo) -> None:
    with app.app_context():
        other = db.session.execute(
            db.select(Organisation).filter_by(slug=demo.other_slug)
        ).scalar_one()
        accounts.create_user(
            "other@example.org", OTHER_PASSWORD, role=ORGANISATION_COORDINATOR, organisation=other
        )
        db.session.commit()
    outsider = app.test_client()
    sign_in(outsider, "other@example.org", OTHER_PASSWORD)
    own = f"/organisations/{demo.other_slug}/rounds/{demo.other_round}/results"
    assert outsider.get(own).status_code == 200
    assert outsider.get(demo.completed).status_code == 404
    assert outsider.get(demo.completed + "/export.csv").status_code == 404

    coordinator = journeys.coordinator(app)
    assert coordinator.get(own).status_code == 404
    # A round of another organisation under one's own slug is not found either.
    mixed = f"/organisations/demo-agency/rounds/{demo.other_round}/results"
    assert coordinator.get(mixed).status_code == 404


def test_targets_are_saved_audited_and_change_the_action_plan(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    before = coordinator.get(demo.completed).text
    plan_before = action_plan(before)
    fields = target_form(before)
    # The demo agency's weakest dimension is at level 2: its default target is one up.
    assert fields["leadership-mindsets-target_mandate_and_strategy"] == "3"
    fields["leadership-mindsets-target_mandate_and_strategy"] = "5"
    fields["leadership-mindsets-target_uncertainty_and_long_term"] = "5"
    response = coordinator.post(demo.completed + "/targets/leadership-mindsets", data=fields)
    assert response.status_code == 302
    assert response.location.endswith("/results#plan-leadership-mindsets")

    after = coordinator.get(response.location.split("#")[0]).text
    assert "Targets saved for Leadership for innovation." in after
    assert target_form(after)["leadership-mindsets-target_mandate_and_strategy"] == "5"
    plan_after = action_plan(after)
    assert plan_after != plan_before
    assert len(plan_after) > len(plan_before) or plan_after[0] != plan_before[0]
    assert "Uncertainty and long time horizons" in {d for d, _ in plan_after[:10]}
    with app.app_context():
        stored = {
            t.dimension_id: t.target_level
            for t in db.session.execute(db.select(DimensionTarget)).scalars()
        }
        events = (
            db.session.execute(db.select(AuditEvent).filter_by(action="targets.changed"))
            .scalars()
            .all()
        )
    assert stored["mandate-and-strategy"] == 5 and stored["uncertainty-and-long-term"] == 5
    assert len(stored) == 7
    assert len(events) == 1
    assert events[0].details["after"]["mandate-and-strategy"] == 5
    assert events[0].details["questionnaire"] == "leadership-mindsets"


def test_a_target_off_the_list_is_refused_with_an_error_summary(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    fields = target_form(coordinator.get(demo.completed).text)
    fields["leadership-mindsets-target_mandate_and_strategy"] = "9"
    response = coordinator.post(demo.completed + "/targets/leadership-mindsets", data=fields)
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert response.text.count('href="#leadership-mindsets-target_mandate_and_strategy"') == 1
    assert "<title>Error:" in response.text
    with app.app_context():
        assert db.session.execute(db.select(DimensionTarget)).first() is None
    without_token = {k: v for k, v in fields.items() if not k.endswith("csrf_token")}
    without_token["leadership-mindsets-target_mandate_and_strategy"] = "4"
    refused = coordinator.post(demo.completed + "/targets/leadership-mindsets", data=without_token)
    assert refused.status_code == 400
    unknown = coordinator.post(demo.completed + "/targets/not-a-questionnaire", data=fields)
    assert unknown.status_code == 404


def test_below_the_minimum_group_size_no_result_is_shown(app: Flask, demo: Demo) -> None:
    html = journeys.coordinator(app).get(demo.in_progress).text  # one person submitted
    # A result of one person would be that person's answers (docs/security.md).
    assert "The result appears once at least 3 people have submitted" in html
    assert "Overall level" not in html
    assert re.findall(r'<figure class="app-chart', html) == []
    assert "plotly.min.js" not in html


def test_the_page_follows_the_chosen_language(app: Flask, demo: Demo) -> None:
    html = journeys.coordinator(app).get(demo.completed + "?lang=fr").text
    assert '<html lang="fr"' in html
    assert ": score par dimension" in html
    assert "Point le plus fort : " in html
    assert "/export.csv?lang=fr" in html


def test_a_round_without_submissions_says_when_the_result_appears(app: Flask, demo: Demo) -> None:
    coordinator = journeys.coordinator(app)
    round_path = journeys.open_round(coordinator, ("leadership-mindsets",))
    page = coordinator.get(round_path + "results")
    assert page.status_code == 200
    assert "The result appears once at least 3 people have submitted" in page.text
    assert "plotly.min.js" not in page.text
    export = coordinator.get(round_path + "results/export.json")
    assert export.status_code == 200
    assert {row["scope"] for row in export.get_json()["rows"]} <= {"principle"}


def test_explanations_levels_and_numbers_are_worded_in_the_pages_language(
    app: Flask, demo: Demo
) -> None:
    coordinator = journeys.coordinator(app)
    english = coordinator.get(demo.completed + "?lang=en").text
    names = "Ad hoc|Emerging|Structured|Embedded|Leading"
    # The engine's reasons (codes and numbers) as sentences, level numbers as names.
    assert re.search(
        rf"The score is \d\.\d\d out of 5 \(\d+(\.\d+)?%\), in the ({names}) band"
        rf" \(\d\.\d\d to \d\.\d\d\)\.",
        english,
    )
    requirement = rf"To reach ({names}), the (overall )?score must be at least \d\.\d\d"
    assert re.search(requirement, english)
    assert re.search(rf'<p class="app-level govuk-!-margin-bottom-1">\d – ({names})</p>', english)
    assert re.search(r"From level \d to level \d \((" + names + r")\):", english)
    assert re.search(r'numeric">\d+%</td>', english)  # the quality table's shares

    french = coordinator.get(demo.completed + "?lang=fr").text
    noms = "Ad hoc|Émergent|Structuré|Intégré|Moteur"
    assert re.search(
        rf"Le score est de \d,\d\d sur 5 \(\d+(,\d+)?\u00a0%\), dans la tranche ({noms})"
        rf" \(\d,\d\d à \d,\d\d\)\.",
        french,
    )
    assert re.search(rf"Pour atteindre le niveau ({noms}), le score", french)
    assert re.search(rf'<p class="app-level govuk-!-margin-bottom-1">\d – ({noms})</p>', french)
    assert re.search(r'numeric">\d+\u00a0%</td>', french)
    assert "Le score est de" not in english and "The score is" not in french
