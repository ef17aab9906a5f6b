"""One table of the technical annex, and how wide each of its columns is printed."""

from __future__ import annotations

from dataclasses import dataclass

# Bounds of a column's weight, in characters: a column of dashes stays readable, and a
# column of long sentences does not squeeze every other column into its longest word.
_NARROWEST, _WIDEST = 4, 60
# Room a word needs beyond its letters, in characters: bold headers are wider than the
# average letter, and every cell has padding on both sides.
_WORD_ROOM, _PADDING = 1.5, 3


def _column_weight(cells: tuple[str, ...]) -> float:
    body = cells[1:] or cells
    average = sum(len(cell) for cell in body) / len(body)
    longest_word = max((len(word) for cell in cells for word in cell.split()), default=0)
    word_room = longest_word * _WORD_ROOM + _PADDING
    return float(min(_WIDEST, max(_NARROWEST, word_room, average)))


@dataclass(frozen=True)
class AnnexTable:
    """One table: its title, an optional note (what it shows), headers and text cells.

    The first cell of each row names the row (a header cell in the PDF).
    """

    id: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""

    def column_widths(self) -> tuple[float, ...]:
        """Each column's share of the page width in per cent, from what it holds.

        A column gets room for its average cell, and never less than its longest word
        (a word is broken only when it is longer than the page allows): question texts
        get the width, numbers and levels stay narrow, and long rows take fewer lines.
        """
        columns = list(zip(self.headers, *self.rows, strict=True))
        weights = [_column_weight(cells) for cells in columns]
        total = sum(weights)
        return tuple(round(100 * weight / total, 2) for weight in weights)
