"""The survey delivery pages in a real Chromium, checked with axe-core on every state.

Respondent pages (start, task list, each answer type, errors, check answers, submit,
confirmation) and coordinator pages (dashboard, new round, round, outbox, results), in
English and French; keyboard-only answering; the session-timeout dialog; reflow at
320 CSS pixels; and the whole journey from opening a round to the organisation result.

Set-up goes through the Flask test client against the live server's database (fast);
what is under test goes through the browser. Selectors avoid interface wording where the
French page is checked, so the tests hold whether or not a string is translated yet.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.fixtures import journeys
from tests.fixtures.browser import LiveServer, assert_accessible

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "fr")
ERROR_PREFIX = {"en": "Error:", "fr": "Erreur :"}
PORTFOLIO = "innovation-portfolio"
ANSWER_TYPES = {  # answer type -> an item of innovation-portfolio a leader answers
    "facet-choice": "ip-purpose-why-new-ideas",
    "emphasis": "ip-intent-enhancement",
    "maturity": "ip-manage-synergies",
}
CONTINUE = "#answer-form button[type=submit]:not([name])"
SAVE_AND_RETURN = "#answer-form button[name=save_and_return]"
REFERENCE = re.compile(r"IMA-[A-Z2-9]{4}-[A-Z2-9]{4}")


# --- Set-up through the test client ------------------------------------------------


def _email(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.org"


def _round_with(
    live_server: LiveServer, questionnaires: tuple[str, ...], people: dict[str, str]
) -> tuple[Any, str, dict[str, str]]:
    """Open a round and invite ``people`` (email -> role); return client, path, links."""
    client = journeys.coordinator(live_server.app)
    round_path = journeys.open_round(client, questionnaires)
    for role in sorted(set(people.values())):
        journeys.invite(client, round_path, [e for e, r in people.items() if r == role], role)
    links = journeys.links_by_email(client)
    return client, round_path, {email: links[email] for email in people}


def _answer_everything(
    live_server: LiveServer, link: str, level: str = "l3", comment: str = ""
) -> None:
    person = live_server.app.test_client()
    for first in journeys.question_paths(person, link):
        journeys.answer_section(person, first, lambda _item: level, comment=lambda _i: comment)


# --- Browser helpers ---------------------------------------------------------------


def _check(page: Any, lang: str = "en") -> None:
    """The page is fully loaded, in ``lang``, and axe finds nothing serious."""
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == lang, page.url
    assert_accessible(page)


def _assert_error_summary_has_focus(page: Any, lang: str) -> None:
    # Playwright's matcher, not an eval'd predicate: the CSP refuses eval.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert page.title().startswith(ERROR_PREFIX[lang]), page.title()
    # Every link in the summary leads to a control on the page.
    hrefs = page.locator(".govuk-error-summary__list a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs, "the error summary links to no control"
    for href in hrefs:
        assert page.locator(href).count() == 1, href


def _sign_in(page: Any, live_server: LiveServer, lang: str = "en") -> None:
    page.goto(live_server(f"/account/sign-in?lang={lang}"))
    page.locator("#email").fill("coordinator@demo.example")
    page.locator("#password").fill(journeys.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/organisations/demo-agency/")


def _focused(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        )
    )


def _tab_to(page: Any, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching ``selector`` has focus (WCAG 2.1.1).

    Every element that receives focus on the way must be inside the viewport, not hidden
    behind anything (WCAG 2.4.11).
    """
    for _ in range(limit):
        page.keyboard.press("Tab")
        hidden = page.evaluate(
            """() => {
              const el = document.activeElement
              if (!el || el === document.body) return null
              const box = el.getBoundingClientRect()
              const clamp = (v, max) => Math.min(Math.max(v, 0), max - 1)
              const x = clamp(box.left + box.width / 2, innerWidth)
              const y = clamp(box.top + Math.min(box.height, 20) / 2, innerHeight)
              const top = document.elementFromPoint(x, y)
              const label = el.labels && el.labels[0]
              const visible = box.bottom > 0 && box.top < innerHeight
              const mine = n => el.contains(n) || n.contains(el) || (label && label.contains(n))
              return visible && top && mine(top) ? null : el.outerHTML.slice(0, 120)
            }"""
        )
        assert hidden is None, f"focus is obscured or off screen: {hidden}"
        if _focused(page, selector):
            return
    raise AssertionError(f"{selector} never received focus after {limit} presses of Tab")


def _press_enter_and_load(page: Any) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _no_horizontal_scroll(page: Any) -> None:
    page.wait_for_load_state("load")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways at 320 px: {widths}"


@pytest.fixture()
def context_factory(browser: Any) -> Iterator[Any]:
    """Fresh browser contexts (as if on another device), closed after the test."""
    contexts: list[Any] = []

    def new_page() -> Any:
        context = browser.new_context(locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield new_page
    for context in contexts:
        context.close()


# --- Respondent pages, every state, both languages ---------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_respondent_page_and_state_is_accessible(
    live_server: LiveServer, page: Any, lang: str
) -> None:
    leader = _email("leader")
    _client, _round_path, links = _round_with(live_server, (PORTFOLIO,), {leader: "leader"})
    link = links[leader]

    page.goto(live_server(f"{link}?lang={lang}"))
    _check(page, lang)  # start page; the language is remembered from here on
    other = page.locator("nav a[hreflang]")  # the language link is read in its language
    assert other.get_attribute("lang") == other.get_attribute("hreflang") != lang
    page.locator("a.govuk-button--start").click()
    page.wait_for_url("**/tasks")
    _check(page, lang)
    assert page.locator(".govuk-task-list__item").count() == 1

    for answer_type, item_id in ANSWER_TYPES.items():
        page.goto(live_server(f"{link}{PORTFOLIO}/{item_id}"))
        assert page.locator("input[name=answer][value=dont_know]").count() == 1, answer_type
        assert page.locator("#timeout-dialog").count() == 1
        _check(page, lang)
        page.locator(CONTINUE).click()  # nothing selected
        _assert_error_summary_has_focus(page, lang)
        assert page.locator("fieldset[aria-describedby~=answer-error]").count() == 1
        _check(page, lang)

    # A comment that is too long: the choice is kept and the comment error shown.
    page.locator("input[name=answer]").first.check()
    page.locator("#comment").fill("x" * (live_server.app.config["COMMENT_MAX_LENGTH"] + 1))
    page.locator(CONTINUE).click()
    _assert_error_summary_has_focus(page, lang)
    assert page.locator("input[name=answer]").first.is_checked()
    assert "comment-error" in (page.locator("#comment").get_attribute("aria-describedby") or "")
    _check(page, lang)

    # Save and come back later.
    page.locator("#comment").fill("")
    page.locator(SAVE_AND_RETURN).click()
    page.wait_for_url("**/saved")
    _check(page, lang)

    # The rest is answered quickly through the test client, with comments (so the
    # submit page asks whether they may be quoted); then check and submit.
    _answer_everything(live_server, link, comment="<b>Seen</b> at https://example.org")
    page.goto(live_server(f"{link}{PORTFOLIO}/check"))
    _check(page, lang)
    page.locator("main a.govuk-button").click()
    page.wait_for_url("**/tasks")
    _check(page, lang)
    page.locator("main a.govuk-button").click()
    page.wait_for_url("**/submit")
    _check(page, lang)
    page.locator("main form button[type=submit]").click()  # declaration not confirmed
    _assert_error_summary_has_focus(page, lang)
    _check(page, lang)
    page.locator("#declaration").check()
    page.locator("#quote_comments").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/confirmation")
    assert REFERENCE.search(page.locator(".govuk-panel").inner_text())
    assert page.locator("main p.govuk-body").count() == 3  # thanks, quoting, own answers
    _check(page, lang)
    page.locator("main a[href$='/answers']").click()
    page.wait_for_url("**/answers")
    _check(page, lang)


# --- Coordinator pages, every state, both languages --------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_coordinator_page_and_state_is_accessible(
    live_server: LiveServer, page: Any, lang: str
) -> None:
    partners = {_email(f"partner{i}"): "partner" for i in range(3)}
    _client, round_path, links = _round_with(live_server, ("leadership-mindsets",), partners)
    for i, link in enumerate(links.values()):
        _answer_everything(live_server, link, level=f"l{i + 2}")
        journeys.submit(live_server.app.test_client(), link)

    _sign_in(page, live_server, lang)
    _check(page, lang)  # dashboard

    page.locator("main a[href$='/rounds/new']").click()
    page.wait_for_url("**/rounds/new")
    _check(page, lang)
    page.locator("main form button[type=submit]").click()  # everything missing
    _assert_error_summary_has_focus(page, lang)
    for field in ("title", "questionnaires", "opens_on", "closes_on"):
        assert page.locator(f"#{field}-error").count() == 1, field
    assert "title-error" in (page.locator("#title").get_attribute("aria-describedby") or "")
    _check(page, lang)

    page.goto(live_server(round_path))
    _check(page, lang)
    assert page.locator("#language option[value=fr]").get_attribute("lang") == "fr"
    page.locator("form[action$='/invitations'] button[type=submit]").click()  # no address
    _assert_error_summary_has_focus(page, lang)
    assert "emails-error" in (page.locator("#emails").get_attribute("aria-describedby") or "")
    _check(page, lang)

    page.goto(live_server("/organisations/demo-agency/outbox"))
    _check(page, lang)
    page.goto(live_server(round_path + "results"))
    assert page.locator("main table").count() >= 1
    _check(page, lang)


# --- Keyboard only -------------------------------------------------------------------


def test_a_section_is_completed_with_the_keyboard_alone(live_server: LiveServer, page: Any) -> None:
    partner = _email("keyboard")
    _client, _round_path, links = _round_with(
        live_server, ("leadership-mindsets",), {partner: "partner"}
    )
    page.goto(live_server(links[partner]))

    _tab_to(page, "a.govuk-button--start")
    _press_enter_and_load(page)
    _tab_to(page, "a.govuk-task-list__link")
    _press_enter_and_load(page)

    # Continue with nothing selected: the error summary takes focus.
    _tab_to(page, CONTINUE)
    _press_enter_and_load(page)
    _assert_error_summary_has_focus(page, "en")

    comment = "Seen at our last partner workshop."
    steps = [("Space", "l1"), ("ArrowDown", "l2"), ("ArrowDown", "l3")]
    for question in range(3):
        _tab_to(page, "input[name=answer]")
        for key, _code in steps[: question + 1]:
            page.keyboard.press(key)
        expected = steps[question][1]
        assert page.locator("input[name=answer]:checked").get_attribute("value") == expected
        if question == 0:
            _tab_to(page, "#comment")
            page.keyboard.type(comment)
        _tab_to(page, CONTINUE)
        _press_enter_and_load(page)

    assert page.url.endswith("/check")
    assert comment in page.locator("main").inner_text()
    _tab_to(page, "main a.govuk-button")
    _press_enter_and_load(page)
    assert page.url.endswith("/tasks")
    assert page.locator(".govuk-task-list__status").inner_text().strip() == "Completed"

    # Submit, agreeing that the comment may be quoted, still with the keyboard alone.
    _tab_to(page, "main a[href$='/submit']")
    _press_enter_and_load(page)
    _tab_to(page, "#quote_comments")
    page.keyboard.press("Space")
    _tab_to(page, "#declaration")
    page.keyboard.press("Space")
    _tab_to(page, "main form button[type=submit]")
    _press_enter_and_load(page)
    assert page.url.endswith("/confirmation")
    assert "may be quoted, without your name" in page.locator("main").inner_text()


# --- Session timeout (WCAG 2.2.1) ------------------------------------------------------


def test_the_session_timeout_warning_is_extended_with_the_keyboard(
    live_server: LiveServer, page: Any
) -> None:
    person = _email("timeout")
    _client, _round_path, links = _round_with(
        live_server, ("leadership-mindsets",), {person: "staff"}
    )
    question = journeys.question_paths(live_server.app.test_client(), links[person])[0]
    page.goto(live_server(question))
    page.wait_for_load_state("load")
    dialog = page.locator("#timeout-dialog")
    assert dialog.count() == 1
    assert not dialog.evaluate("d => d.open")

    def open_dialog() -> None:
        dialog.evaluate("d => d.showModal()")
        assert _focused(page, "#timeout-extend")

    def is_keep_alive(response: Any) -> bool:
        return response.url.endswith("/keep-alive")

    open_dialog()
    assert_accessible(page)
    with page.expect_response(is_keep_alive) as keep_alive:
        page.keyboard.press("Enter")
    assert keep_alive.value.status == 200
    expect(dialog).to_be_hidden()  # a closed <dialog> is not rendered

    # Escape means "I am still here" too.
    open_dialog()
    with page.expect_response(is_keep_alive) as keep_alive:
        page.keyboard.press("Escape")
    assert keep_alive.value.status == 200
    expect(dialog).to_be_hidden()  # a closed <dialog> is not rendered

    # A session that has already ended is said so, not silently dismissed.
    dialog.evaluate("d => { d.dataset.csrfToken = 'expired' }")
    open_dialog()
    with page.expect_response(is_keep_alive) as keep_alive:
        page.keyboard.press("Enter")
    assert keep_alive.value.status == 400
    expect(page.locator("#timeout-status")).to_have_text(re.compile(r"\S"))
    assert dialog.evaluate("d => d.open")
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()  # a closed <dialog> is not rendered

    # "Save and come back later" in the dialog saves the answer on screen.
    page.locator("input[name=answer][value=l2]").check()
    open_dialog()
    _tab_to(page, "#timeout-dialog button[name=save_and_return]")
    _press_enter_and_load(page)
    assert page.url.endswith("/saved")
    page.goto(live_server(question))
    assert page.locator("input[name=answer][value=l2]").is_checked()


# --- Reflow at 320 CSS pixels (WCAG 1.4.10) -------------------------------------------


def test_pages_reflow_at_320_css_pixels(live_server: LiveServer, page: Any) -> None:
    person = _email("reflow")
    _client, round_path, links = _round_with(live_server, (PORTFOLIO,), {person: "leader"})
    link = links[person]
    page.set_viewport_size({"width": 320, "height": 800})
    for path in (link, link + "tasks", *(f"{link}{PORTFOLIO}/{i}" for i in ANSWER_TYPES.values())):
        page.goto(live_server(path))
        _no_horizontal_scroll(page)
    page.locator(CONTINUE).click()
    page.locator(".govuk-error-summary").wait_for()
    _no_horizontal_scroll(page)
    page.goto(live_server(f"{link}{PORTFOLIO}/check"))
    _no_horizontal_scroll(page)

    _sign_in(page, live_server)
    for path in (round_path, round_path + "results", "/organisations/demo-agency/rounds/new",
                 "/organisations/demo-agency/outbox"):  # fmt: skip
        page.goto(live_server(path))
        _no_horizontal_scroll(page)
    # The progress table may scroll, inside its own focusable, labelled group (a group,
    # not a landmark: several tables on a page would be landmarks with like names).
    page.goto(live_server(round_path))
    region = page.locator(".app-table-scroll")
    assert region.get_attribute("role") == "group"
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-labelledby")


def test_the_dashboard_reflows_at_320_css_pixels(live_server: LiveServer, page: Any) -> None:
    journeys.open_round(journeys.coordinator(live_server.app), ("leadership-mindsets",))
    page.set_viewport_size({"width": 320, "height": 800})
    _sign_in(page, live_server)
    _no_horizontal_scroll(page)


# --- The whole journey -------------------------------------------------------------


def _answer_in_browser(page: Any, level: str, stop_after: int | None = None) -> int:
    """Answer questions from the current one on, choosing ``level``; return how many."""
    answered = 0
    while "/check" not in page.url:
        page.locator(f"input[name=answer][value={level}]").check()
        page.locator(CONTINUE).click()
        page.wait_for_load_state("domcontentloaded")
        answered += 1
        if stop_after is not None and answered >= stop_after:
            break
    return answered


def test_a_round_with_three_people_ends_in_a_result_on_the_dashboard(
    live_server: LiveServer, page: Any, context_factory: Any
) -> None:
    title = f"Journey {uuid.uuid4().hex[:6]}"
    people = {_email("ana"): "l3", _email("ben"): "l4", _email("chloe"): "l3"}
    today = date.today()

    # The coordinator opens a round and invites three people, all in the browser.
    _sign_in(page, live_server)
    page.get_by_role("link", name="Open a new round").click()
    page.get_by_label("Name of the round").fill(title)
    page.get_by_label("Unit assessed (optional)").fill("Whole agency")
    page.get_by_label("Partners and the innovation ecosystem").check()
    for field, day in (("opens_on", today - timedelta(days=1)),
                       ("closes_on", today + timedelta(days=14))):  # fmt: skip
        page.locator(f"#{field}").fill(str(day.day))
        page.locator(f"#{field}-month").fill(str(day.month))
        page.locator(f"#{field}-year").fill(str(day.year))
    page.get_by_label("Time zone of these dates").select_option("Europe/Paris")
    page.get_by_label("Anonymous benchmark (recommended)").check()
    page.get_by_role("button", name="Open the round").click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    round_url = page.url
    _check(page)
    page.get_by_label("Email addresses").fill("\n".join(people))
    page.get_by_label("Role").select_option("staff")
    page.get_by_role("button", name="Check the list").click()
    page.get_by_role("button", name="Send 3 invitations").click()
    page.get_by_text("3 invitations sent.").wait_for()
    _check(page)

    page.get_by_role("link", name="Messages sent (outbox)").click()
    _check(page)
    # The outbox masks personal links; each person gets theirs in the message itself.
    outbox = page.locator("main").inner_text()
    assert not re.search(r"/respond/[A-Za-z0-9_-]{12,}", outbox)
    sent = journeys.links_by_email(journeys.coordinator(live_server.app))
    links = {email: live_server(sent[email]) for email in people}

    for email, level in people.items():
        person = context_factory()
        person.goto(links[email])
        person.locator("a.govuk-button--start").click()
        person.locator("a.govuk-task-list__link").click()
        if email.startswith("ben"):
            # Ben stops halfway, then resumes in a new browser context.
            assert _answer_in_browser(person, level, stop_after=12) == 12
            person.context.close()
            person = context_factory()
            person.goto(links[email])
            person.locator("a.govuk-button--start").click()
            status = person.locator(".govuk-task-list__status").inner_text().strip()
            assert status == "12 of 24 answered"
            person.locator("a.govuk-task-list__link").click()
            assert "question 13 of 24" in person.locator("legend").inner_text()
        _answer_in_browser(person, level)
        assert person.locator(".govuk-summary-list__row").count() == 24
        person.locator("main a.govuk-button").click()  # check answers -> task list
        person.get_by_role("link", name="Check and submit your answers").click()
        person.get_by_label(re.compile("I confirm that these answers")).check()
        person.get_by_role("button", name="Submit answers").click()
        person.wait_for_url("**/confirmation")
        assert REFERENCE.search(person.locator(".govuk-panel").inner_text())

    page.goto(round_url)
    assert page.locator("main table .govuk-tag", has_text="Submitted").count() == 3
    page.goto(live_server("/organisations/demo-agency/"))
    row = page.locator("main tr", has=page.get_by_role("link", name=title))
    assert "3 – Structured" in row.inner_text()  # median of 3, 4, 3
    row.get_by_role("link", name=re.compile("See the result")).click()
    assert "Based on 3 submitted responses" in page.locator("main").inner_text()
    _check(page)
