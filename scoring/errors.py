"""Exceptions raised when scoring input cannot be scored.

Every exception carries one sentence that names the problem and where it is, so the
CLI can print it as is and the app can show it to the person who uploaded the data.
"""

from __future__ import annotations


class ScoringError(ValueError):
    """Base class: the input to the scoring engine cannot be scored as given."""


class RulesError(ScoringError):
    """A ``ScoringRules`` value is inconsistent (e.g. bands that overlap)."""


class ResponsesError(ScoringError):
    """A responses document does not have the expected shape."""


class QuestionnaireMismatchError(ScoringError):
    """The responses name a questionnaire or version that is not the one given or known."""


class AnswerError(ScoringError):
    """One answer (or a respondent's role) is not valid for the questionnaire.

    ``respondent`` is the 1-based position of the respondent in the input, ``item_id``
    the item concerned (None for a role problem).
    """

    def __init__(self, message: str, respondent: int, item_id: str | None = None) -> None:
        super().__init__(message)
        self.respondent = respondent
        self.item_id = item_id


class TargetError(ScoringError):
    """A target level names an unknown dimension or is not a level of the scale."""
