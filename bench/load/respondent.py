"""A respondent answering through the real pages over HTTP, as a browser would.

GET the question, POST ``csrf_token``/``answer``/``comment``/``revision``; a 302 after
the POST is the acknowledgement that the answer is saved. Only the standard library:
one connection per request (gunicorn's sync workers close it anyway), cookies kept
per respondent, redirects read but not followed automatically.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)
REVISION = re.compile(r'id="revision" name="revision" type="hidden" value="(\d+)"')
CODES = re.compile(r'name="answer" type="radio" value="([^"]+)"')
QUESTION_LINK = re.compile(r'href="(/respond/[^"/]+/[a-z-]+/[a-z0-9-]+)"')
SUBMISSION_KEY = re.compile(
    r'id="submission_key" name="submission_key" type="hidden" value="([^"]+)"'
)
UNAVAILABLE = "briefly unavailable"


@dataclass(frozen=True)
class Reply:
    status: int  # 0 when the connection failed (refused, reset, timed out)
    body: str
    location: str
    seconds: float
    kind: str


TRACEBACK = "Traceback (most recent call last)"


@dataclass
class Tally:
    """What one respondent did and saw; bodies are looked at, never kept."""

    timings: list[tuple[str, int, float]] = field(default_factory=list)  # kind, status, s
    acknowledged: dict[tuple[str, str], str] = field(default_factory=dict)  # (q, item) -> code
    submitted: bool = False
    problems: list[str] = field(default_factory=list)
    unavailable_pages: int = 0  # 503s that showed the friendly page
    stack_traces: int = 0  # pages that showed a stack trace: must stay 0

    def record(self, reply: Reply, wanted: int) -> bool:
        """Keep the reply's timing; return True when its status is the wanted one."""
        self.timings.append((reply.kind, reply.status, reply.seconds))
        if TRACEBACK in reply.body:
            self.stack_traces += 1
        if reply.status == wanted:
            return True
        if reply.status == 503 and UNAVAILABLE in reply.body:
            self.unavailable_pages += 1
        self.problems.append(f"{reply.kind}: {reply.status} {reply.body[:160]!r}")
        return False


class Browser:
    """One person's cookies and requests against one server."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, kind: str, form: dict[str, str] | None = None
    ) -> Reply:
        headers = {"Accept-Language": "en", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                self._keep(header)
            location = urlsplit(response.headers.get("Location", "")).path
            return Reply(response.status, text, location, time.perf_counter() - started, kind)
        except (OSError, http.client.HTTPException) as error:
            return Reply(0, repr(error), "", time.perf_counter() - started, kind)
        finally:
            connection.close()

    def _keep(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel.value and morsel["max-age"] != "0":
                self.cookies[name] = morsel.value
            else:
                self.cookies.pop(name, None)


def choose(token: str, item_id: str, codes: list[str]) -> str:
    """A deterministic but varied choice among the offered answers."""
    digest = hashlib.sha256(f"{token}:{item_id}".encode()).digest()
    return codes[digest[0] % len(codes)]


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    return (match.group(1) or match.group(2)) if match else ""


def answer_question(
    browser: Browser,
    token: str,
    path: str,
    tally: Tally,
    attempts: int = 3,
    retry_pause: float = 0.2,
) -> str:
    """Answer the question at ``path``; return where the server sent us next ('' on failure)."""
    questionnaire_id, item_id = path.rsplit("/", 2)[-2:]
    for _attempt in range(attempts):
        page = browser.request("GET", path, "question_page")
        if not tally.record(page, 200):
            time.sleep(retry_pause)
            continue
        codes = CODES.findall(page.body)
        revision = REVISION.search(page.body)
        code = choose(token, item_id, codes) if codes else ""
        saved = browser.request(
            "POST",
            path,
            "answer_post",
            {
                "csrf_token": csrf_token(page.body),
                "answer": code,
                "comment": "",
                "revision": revision.group(1) if revision else "0",
                "return_to": "",
            },
        )
        if tally.record(saved, 302):
            tally.acknowledged[(questionnaire_id, item_id)] = code
            return saved.location
        time.sleep(retry_pause)
    return ""


def complete_survey(
    base_url: str,
    token: str,
    *,
    deadline: float,
    submit: bool = True,
    tally: Tally | None = None,
    attempts: int = 3,
    retry_pause: float = 0.2,
    questions: int = 200,
) -> Tally:
    """Answer every question of every section, then submit; stop at ``deadline``.

    A question that fails is tried again ``attempts`` times, ``retry_pause`` apart, as a
    person would select Continue again. ``questions`` caps the questions answered per
    section. Pass ``tally`` to watch progress from outside.
    """
    browser = Browser(base_url)
    tally = tally if tally is not None else Tally()
    link = f"/respond/{token}/"
    body = ""
    for path, kind in ((link, "start_page"), (link + "tasks", "tasks_page")):
        reply = browser.request("GET", path, kind)
        if not tally.record(reply, 200):
            return tally
        body = reply.body
    sections = list(dict.fromkeys(QUESTION_LINK.findall(body)))
    for first in sections:
        path = first
        for _question in range(questions):
            if not path or "/check" in path or time.monotonic() > deadline:
                break
            path = answer_question(browser, token, path, tally, attempts, retry_pause)
        if path and "/check" in path:
            tally.record(browser.request("GET", path, "check_page"), 200)
    if submit and time.monotonic() < deadline:
        form = browser.request("GET", link + "submit", "submit_page")
        key = SUBMISSION_KEY.search(form.body)
        if tally.record(form, 200) and key:
            done = browser.request(
                "POST",
                link + "submit",
                "submit_post",
                {
                    "csrf_token": csrf_token(form.body),
                    "submission_key": key.group(1),
                    "declaration": "y",
                },
            )
            tally.submitted = tally.record(done, 302) and done.location.endswith("/confirmation")
    return tally
