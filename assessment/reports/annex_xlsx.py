"""The technical annex as a workbook: the PDF's cells, one sheet per part of the annex.

Written with openpyxl, as the results exports are (``results.exports``). Sheets are named
by the parts' stable codes (``annex.PARTS``), so a spreadsheet that reads them keeps
working in every language; each sheet holds the part's title and introduction, then
each table (its title, its note, a bold header row, its rows) with a blank row between.
Every cell is written as text, typed as such in the file: a cell starting with "=" or
"+" (a change, "+5") is never a formula, and reads exactly as the PDF prints it. Long
cells wrap within a fixed column width.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

from assessment.reports.annex import Annex, AnnexPart

# Column widths in characters: the first column names rows (questions, dimensions).
FIRST_WIDTH = 60
OTHER_WIDTH = 24


def _append(sheet: Any, values: Sequence[str]) -> None:
    """A row of text cells: typed as strings, so that no cell is ever read as a formula."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _sheet(workbook: Any, part: AnnexPart) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(part.code)
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    _append(sheet, [part.title])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=14)
    _append(sheet, [part.intro])
    for note in part.notes:
        _append(sheet, [note])
    widest = 1
    for table in part.tables:
        sheet.append([])
        _append(sheet, [table.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        if table.note:
            _append(sheet, [table.note])
        _append(sheet, table.headers)
        for cell in sheet[sheet.max_row]:
            cell.font, cell.alignment = bold, wrapped
        for row in table.rows:
            _append(sheet, row)
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrapped
        widest = max(widest, len(table.headers))
    sheet.column_dimensions["A"].width = FIRST_WIDTH
    for number in range(2, widest + 1):
        letter = sheet.cell(row=1, column=number).column_letter
        sheet.column_dimensions[letter].width = OTHER_WIDTH


def annex_xlsx(annex: Annex) -> bytes:
    """The workbook of ``annex``: an "about" sheet, then one sheet per part.

    Called in the annex's language (``force_locale``): the about sheet's labels are ours.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    about = workbook.active
    about.title = "about"
    for label, value in (
        (annex.title, ""),
        (_("Organisation"), annex.organisation),
        (_("Assessment round"), annex.round_title),
        (_("Answers collected"), annex.period),
        (_("Submitted responses"), str(annex.respondents)),
        (_("Produced on"), annex.produced_on),
    ):
        _append(about, [label, value])
    about.column_dimensions["A"].width = FIRST_WIDTH
    about.column_dimensions["B"].width = FIRST_WIDTH
    for part in annex.parts:
        _sheet(workbook, part)
    workbook.properties.title = annex.title
    workbook.properties.language = annex.lang
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
