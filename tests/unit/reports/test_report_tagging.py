"""finish_tagged_pdf on documents WeasyPrint really wrote (no app, no database)."""

from __future__ import annotations

import base64
import io

import pikepdf
from weasyprint import HTML

from assessment.reports.tagging import finish_tagged_pdf
from tests.fixtures.pdf_layout import structure

PIXEL = base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10"/></svg>'
).decode()

TABLE = """
<table>
  <caption>Levels</caption>
  <thead><tr><th scope="col">Dimension</th><th scope="col">Level</th></tr></thead>
  <tbody>
    <tr><th scope="row">Strategy</th><td>2 – Emerging</td></tr>
    <tr><th scope="row">Culture</th><td>3 – Structured</td></tr>
  </tbody>
</table>
"""


def _pdf(body: str, head: str = "", lang: str | None = None) -> bytes:
    html = f"<!DOCTYPE html><html{f' lang={lang!r}' if lang else ''}><head>{head}</head>"
    html += f"<body><h1>Report</h1>{body}</body></html>"
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf


def test_header_cells_get_a_column_or_row_scope() -> None:
    before = _pdf(TABLE, "<title>Levels</title>", "en")
    # WeasyPrint 70 writes none: the reason the module exists.
    assert all(h["scope"] is None for h in structure(before, "/TH"))
    after = finish_tagged_pdf(before, language="en", title="Levels")
    scopes = [h["scope"] for h in structure(after, "/TH")]
    assert scopes == ["/Column", "/Column", "/Row", "/Row"]
    # Run again, nothing changes: a scope already there is kept.
    again = finish_tagged_pdf(after, language="en", title="Levels")
    assert [h["scope"] for h in structure(again, "/TH")] == scopes


def test_a_figure_without_alternative_gets_the_one_given_others_keep_theirs() -> None:
    body = (
        f'<img src="data:image/svg+xml;base64,{PIXEL}" alt="Own words">'
        f'<img src="data:image/svg+xml;base64,{PIXEL}" alt="">'
    )
    pdf = finish_tagged_pdf(
        _pdf(body, "<title>Charts</title>", "fr"),
        language="fr",
        title="Charts",
        figure_alts=["Unused: the first figure has its own", "Le score le plus bas : 1,20."],
    )
    assert [f["alt"] for f in structure(pdf, "/Figure")] == [
        "Own words",
        "Le score le plus bas : 1,20.",
    ]


def test_language_and_title_are_set_when_the_html_has_none() -> None:
    pdf = finish_tagged_pdf(_pdf(TABLE), language="fr", title="Rapport – Agence")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "fr"
        assert str(document.docinfo.Title) == "Rapport – Agence"
        with document.open_metadata() as meta:
            assert meta["dc:title"] == "Rapport – Agence"
        assert document.Root.ViewerPreferences.DisplayDocTitle
        assert "/StructTreeRoot" in document.Root and document.Root.MarkInfo.Marked


def test_a_language_and_title_already_set_are_kept() -> None:
    pdf = finish_tagged_pdf(
        _pdf(TABLE, "<title>Innovation capability report</title>", "en"),
        language="fr",
        title="Other",
    )
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "en"
        assert str(document.docinfo.Title) == "Innovation capability report"
