"""What the question page shows in its answer form, whether or not it was sent.

A page nobody has sent yet shows the saved answer: building a WTForms form for that
(binding five fields and their validators) was a tenth of the page's work, and nothing
is validated. So the page renders these plain values: from the saved answer before
anything is sent, from the validated form after. WTForms remains the only validator.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from assessment.survey.answer_forms import AnswerForm

# Errors the error summary leaves out: an expired session is told in a notice instead.
NOT_SUMMARISED = frozenset({"csrf_token"})


@dataclass(frozen=True)
class ShownAnswer:
    """The answer form's values and errors, ready for the template."""

    checked: str | None  # the code of the radio checked: only ever an offered answer
    comment: str
    revision: str
    return_to: str
    errors: tuple[tuple[str, str], ...] = ()  # (field, message) for the error summary
    has_errors: bool = False  # any error at all, an expired session's included

    @classmethod
    def unsent(
        cls,
        offered: Collection[str],
        code: str | None,
        comment: str,
        revision: int,
        return_to: str,
    ) -> ShownAnswer:
        """The form as shown before it is sent: the saved answer, no error."""
        return cls(code if code in offered else None, comment, str(revision), return_to)

    @classmethod
    def sent(cls, form: AnswerForm) -> ShownAnswer:
        """The form as sent back, with its errors."""
        return cls(
            form.answer.offered_choice,  # type: ignore[attr-defined]
            form.comment.data or "",  # type: ignore[attr-defined]
            form.revision._value(),
            form.return_to._value(),
            tuple(
                (name, message)
                for name, messages in form.errors.items()
                if name not in NOT_SUMMARISED
                for message in messages
            ),
            bool(form.errors),
        )

    def first_error(self, field: str) -> str | None:
        """The first error of ``field`` (shown next to it), or None."""
        return next((message for name, message in self.errors if name == field), None)
