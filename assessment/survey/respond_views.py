"""The respondent's journey, reached through a personal invitation link.

parse → authorise (the token) → call a service → render. Every Continue saves on the
server; nothing depends on browser storage.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import validate_csrf
from werkzeug.wrappers import Response as HttpResponse
from wtforms import ValidationError

from assessment.accounts.access import invitation_token
from assessment.core.i18n import current_language
from assessment.core.questionnaire_library import questionnaire
from assessment.core.types import utcnow
from assessment.survey import invitations, link_guard, responding
from assessment.survey import scoring as results
from assessment.survey import visits as question_visits
from assessment.survey.answer_display import ShownAnswer
from assessment.survey.answer_forms import DeclarationForm, answer_choices, answer_form_class
from assessment.survey.models import AssessmentRound, Invitation
from assessment.survey.responding import Outcome
from assessment.survey.responses import SUBMITTED, Response
from assessment.survey.visits import QuestionVisit
from assessment.tasks import prerender_reports
from questionnaires.model import Item, Questionnaire

blueprint = Blueprint("respond", __name__, url_prefix="/respond/<string:token>")
# Only unknown links count towards the limit, so colleagues behind one office address
# are never slowed down while someone guessing links is.
link_guard.guard(blueprint)


@dataclass(frozen=True)
class Journey:
    """Everything a respondent page needs about whose link this is."""

    token: str
    invitation: Invitation
    round: AssessmentRound
    response: Response

    @property
    def is_open(self) -> bool:
        return self.round.is_open_at(utcnow())

    @property
    def submitted(self) -> bool:
        return self.response.status == SUBMITTED

    @property
    def has_closed(self) -> bool:
        """The round has closed: from then on the link shows nothing but that it closed."""
        now = utcnow()
        closed_early = self.round.closed_early_at
        return now >= self.round.closes_at or (closed_early is not None and now >= closed_early)


def journey_or_404(token: str) -> Journey:
    """Resolve a link token to its journey; unknown or revoked tokens are 404."""
    invitation = invitations.find_by_token(token)
    if invitation is None:
        abort(404)
    return Journey(token, invitation, invitation.round, responding.response_for(invitation))


def _lang() -> str:
    return current_language()


def _section(journey: Journey, questionnaire_id: str) -> Questionnaire:
    for definition in responding.instruments(journey.round):
        if definition.id == questionnaire_id:
            return definition
    abort(404)


def _closed_page(journey: Journey) -> tuple[str, int]:
    return render_template("respond/closed.html", journey=journey), 409


@blueprint.get("/")
@invitation_token
def start(token: str) -> str | tuple[str, int]:
    journey = journey_or_404(token)
    if journey.has_closed:
        return _closed_page(journey)
    return render_template(
        "respond/start.html", journey=journey, sections=responding.instruments(journey.round)
    )


@blueprint.get("/tasks")
@invitation_token
def tasks(token: str) -> str | HttpResponse | tuple[str, int]:
    journey = journey_or_404(token)
    if journey.has_closed:
        return _closed_page(journey)
    if journey.submitted:
        return redirect(url_for(".confirmation", token=token))
    statuses = responding.section_statuses(
        journey.round, journey.response.respondent_role, journey.response
    )
    sections = responding.instruments(journey.round)
    return render_template(
        "respond/tasks.html",
        journey=journey,
        sections=sections,
        statuses=statuses,
        first_unanswered={s.id: _first_unanswered(journey, s) for s in sections},
        all_complete=all(v == responding.COMPLETED for v in statuses.values()),
    )


def _first_unanswered(journey: Journey, definition: Questionnaire) -> str | None:
    answered = responding.answers_of(journey.response, definition.id)
    items = responding.items_for(definition, journey.response.respondent_role)
    return next((i.id for i in items if i.id not in answered), None)


@blueprint.route("/<string:questionnaire_id>/<string:item_id>", methods=["GET", "POST"])
@invitation_token
def question(
    token: str, questionnaire_id: str, item_id: str
) -> str | HttpResponse | tuple[str, int]:
    visit = _visit_or_404(token, questionnaire_id, item_id)
    if visit.questionnaire_version is None:
        abort(404)  # the round does not use this questionnaire
    definition = questionnaire(questionnaire_id, visit.questionnaire_version)
    items = responding.items_for(definition, visit.respondent_role)
    position = _position_or_404(items, item_id)
    item = items[position]
    if visit.submitted:
        return redirect(url_for(".confirmation", token=token))
    if not visit.is_open_at(utcnow()):
        return _closed_page(journey_or_404(token))
    lang = _lang()
    choices = answer_choices(item, lang)
    offered = {code for code, _label in choices}
    notice = None
    if request.method == "GET":
        saved = visit.saved
        return_to = "check" if request.args.get("return_to") == "check" else ""
        shown = ShownAnswer.unsent(
            offered,
            saved.code if saved else None,
            saved.comment if saved else "",
            saved.revision if saved else 0,
            return_to,
        )
    else:
        form = answer_form_class(item, lang, current_app.config["COMMENT_MAX_LENGTH"])()
        valid = form.validate()
        shown = ShownAnswer.sent(form)
        if not valid and set(form.errors) == {"csrf_token"}:
            # The session lapsed: keep the choice on screen and ask again, never drop it.
            notice = _(
                "Your session had expired, so this answer is not saved yet. "
                "Check it and select Continue again."
            )
        elif valid:
            assert visit.response_id is not None  # _visit_or_404 creates it
            outcome = responding.save_answer(
                visit.response_id,
                visit,
                definition.id,
                item,
                form.answer.data,  # type: ignore[attr-defined]
                (form.comment.data or "").strip(),  # type: ignore[attr-defined]
                form.revision.data or 0,
            )
            if outcome.outcome is Outcome.SAVED:
                next_item = items[position + 1] if position + 1 < len(items) else None
                return _after_save(token, definition, next_item, form.return_to.data)
            if outcome.outcome is Outcome.CLOSED:
                return _closed_page(journey_or_404(token))
            if outcome.outcome is Outcome.ALREADY_SUBMITTED:
                return redirect(url_for(".confirmation", token=token))
            current = outcome.current
            notice = _(
                "This answer was changed in another window after you opened this page. "
                "The saved answer is shown below: choose the one you want and select Continue."
            )
            shown = ShownAnswer.unsent(
                offered,
                current.code if current else None,
                current.comment if current else "",
                current.revision if current else 0,
                "check" if form.return_to.data == "check" else "",
            )
    return render_template(
        "respond/question.html",
        definition=definition,
        item=item,
        choices=choices,
        fields=shown,
        page_has_errors=shown.has_errors,
        notice=notice,
        position=position + 1,
        total=len(items),
        back_url=_back_url(token, definition, items, position, shown.return_to),
        lang=lang,
    ), (400 if shown.has_errors else 200)


def _visit_or_404(token: str, questionnaire_id: str, item_id: str) -> QuestionVisit:
    visit = question_visits.find(token, questionnaire_id, item_id)
    if visit is None:
        abort(404)
    if visit.response_id is None:
        # A first visit straight to a question: create the response as the start page
        # does, then read again.
        journey_or_404(token)
        visit = question_visits.find(token, questionnaire_id, item_id)
        assert visit is not None and visit.response_id is not None
    return visit


def _position_or_404(items: tuple[Item, ...], item_id: str) -> int:
    """Return where the item is among this role's items; 404 for any other item."""
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    abort(404)


def _back_url(
    token: str,
    definition: Questionnaire,
    items: tuple[Item, ...],
    position: int,
    return_to: str,
) -> str:
    if return_to == "check":
        return url_for(".check", token=token, questionnaire_id=definition.id)
    if position == 0:
        return url_for(".tasks", token=token)
    return url_for(
        ".question",
        token=token,
        questionnaire_id=definition.id,
        item_id=items[position - 1].id,
    )


def _after_save(
    token: str, definition: Questionnaire, next_item: Item | None, return_to: str
) -> HttpResponse:
    if "save_and_return" in request.form:
        return redirect(url_for(".saved", token=token))
    if return_to == "check" or next_item is None:
        return redirect(url_for(".check", token=token, questionnaire_id=definition.id))
    return redirect(
        url_for(".question", token=token, questionnaire_id=definition.id, item_id=next_item.id)
    )


@blueprint.get("/<string:questionnaire_id>/check")
@invitation_token
def check(token: str, questionnaire_id: str) -> str | tuple[str, int]:
    journey = journey_or_404(token)
    if journey.has_closed:
        return _closed_page(journey)
    definition = _section(journey, questionnaire_id)
    return render_template(
        "respond/check.html",
        journey=journey,
        definition=definition,
        items=responding.items_for(definition, journey.response.respondent_role),
        answers=responding.answers_of(journey.response, definition.id),
        lang=_lang(),
    )


@blueprint.get("/saved")
@invitation_token
def saved(token: str) -> str | tuple[str, int]:
    journey = journey_or_404(token)
    if journey.has_closed:
        return _closed_page(journey)
    return render_template("respond/saved.html", journey=journey)


@blueprint.route("/submit", methods=["GET", "POST"])
@invitation_token
def submit(token: str) -> str | HttpResponse | tuple[str, int]:
    journey = journey_or_404(token)
    if journey.submitted:
        return redirect(url_for(".confirmation", token=token))
    if not journey.is_open:
        return _closed_page(journey)
    form = DeclarationForm()
    if request.method == "GET":
        form.submission_key.data = secrets.token_hex(16)
    statuses = responding.section_statuses(
        journey.round, journey.response.respondent_role, journey.response
    )
    incomplete = [
        s for s in responding.instruments(journey.round) if statuses[s.id] != responding.COMPLETED
    ]
    commented = responding.has_comments(journey.response)
    if request.method == "POST" and not incomplete:
        if form.validate():
            outcome = responding.submit(
                journey.response,
                journey.round,
                form.submission_key.data,
                quote_comments=commented and bool(form.quote_comments.data),
            )
            if outcome.outcome is Outcome.CLOSED:
                return _closed_page(journey)
            if outcome.outcome is Outcome.SAVED:
                results.refresh_round_results(journey.round)
                if not journey.round.is_open_at(utcnow()):  # it landed as the round closed
                    prerender_reports(journey.round.id)
            return redirect(url_for(".confirmation", token=token))
        if set(form.errors) == {"csrf_token"}:
            flash(_("Your session had expired. Confirm the declaration and submit again."))
            form.submission_key.data = secrets.token_hex(16)
    return render_template(
        "respond/submit.html",
        journey=journey,
        form=form,
        incomplete=incomplete,
        commented=commented,
        min_group_size=current_app.config["MIN_GROUP_SIZE"],
    ), (400 if form.errors else 200)


@blueprint.get("/confirmation")
@invitation_token
def confirmation(token: str) -> str | HttpResponse | tuple[str, int]:
    journey = journey_or_404(token)
    if journey.has_closed:
        return _closed_page(journey)
    if not journey.submitted:
        return redirect(url_for(".tasks", token=token))
    return render_template("respond/confirmation.html", journey=journey)


@blueprint.get("/answers")
@invitation_token
def own_answers(token: str) -> str | tuple[str, int]:
    """The respondent's own answers: the only place where individual answers appear."""
    journey = journey_or_404(token)
    if journey.has_closed:
        return _closed_page(journey)
    sections = responding.instruments(journey.round)
    return render_template(
        "respond/answers.html",
        journey=journey,
        sections=sections,
        answers={s.id: responding.answers_of(journey.response, s.id) for s in sections},
        role=journey.response.respondent_role,
        lang=_lang(),
    )


@blueprint.post("/keep-alive")
@invitation_token
def keep_alive(token: str) -> tuple[dict[str, int], int]:
    journey_or_404(token)
    try:
        validate_csrf(request.headers.get("X-CSRFToken"))
    except ValidationError:  # an invalid or missing token means the session is gone
        return {"extended": 0}, 400
    return {"extended": current_app.config["SESSION_IDLE_MINUTES"]}, 200
