"""The base of every form: Flask-WTF's CSRF, WTForms' own messages loaded once per language.

Flask-WTF reads WTForms' message catalogue from disk again on every request that needs
it (and any field without a label needs it, to translate its default label). The
catalogue never changes while the app runs, so each language's is loaded once here.
"""

from __future__ import annotations

from functools import lru_cache

from babel import support
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path

from assessment.core.i18n import current_language


@lru_cache(maxsize=8)  # one entry per interface language
def wtforms_messages(lang: str) -> support.Translations | support.NullTranslations:
    """WTForms' built-in messages ("Not a valid integer value.", ...) in ``lang``."""
    return support.Translations.load(messages_path(), [lang], domain="wtforms")


class Form(FlaskForm):
    """A Flask-WTF form whose WTForms messages follow the page's language."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: object) -> support.NullTranslations:
            return wtforms_messages(current_language())
