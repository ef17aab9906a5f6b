"""The layouts charts take on a phone, and heatmap labels sized to their columns."""

from __future__ import annotations

import plotly.graph_objects as go

from assessment.charting import style as s
from assessment.charting.heatmap import Grid, heatmaps

LONG = "Other public bodies and levels of government"


def _grid(rows: int, columns: int) -> Grid:
    return Grid(
        rows=[f"Row {n}" for n in range(rows)],
        columns=[f"{LONG} {n}" for n in range(columns)],
        z=[[3.0] * columns for _ in range(rows)],
        text=[["3.00"] * columns for _ in range(rows)],
        scale_title="Score",
    )


def test_a_heatmap_puts_its_longer_list_down_the_side_in_both_layouts() -> None:
    wide, spec = heatmaps(_grid(2, 5), "h", "Title", "Caption", "en")
    narrow = go.Figure(spec)  # Plotly accepts it as it stands
    for figure in (wide, narrow):
        trace = figure.data[0]
        assert len(trace.y) == 5 and len(trace.x) == 2
        assert [list(line) for line in trace.z] == [[3.0, 3.0]] * 5
        assert trace.hovertemplate.startswith("%{x}<br>%{y}")
    # On a phone the colour scale lies under the drawing, and text stays at 12 px.
    assert narrow.data[0].colorbar.orientation == "h"
    assert narrow.layout.font.size == s.NARROW_FONT


def test_column_labels_are_upright_only_when_a_word_is_wider_than_a_column() -> None:
    short = Grid(["A", "B", "C"], ["One", "Two"], [[1.0, 2.0]] * 3, [["1", "2"]] * 3, "Score")
    wide, _narrow = heatmaps(short, "h", "Title", "Caption", "en")
    assert wide.layout.xaxis.tickangle == 0
    crowded = Grid(
        rows=[f"Row {n}" for n in range(9)],
        columns=[f"Responsibilities{n}" for n in range(8)],
        z=[[3.0] * 8 for _ in range(9)],
        text=[["3"] * 8 for _ in range(9)],
        scale_title="Score",
    )
    wide, narrow = heatmaps(crowded, "h", "Title", "Caption", "en")
    assert wide.layout.xaxis.tickangle == narrow["layout"]["xaxis"]["tickangle"] == -90


def test_rows_grow_with_the_lines_of_their_labels() -> None:
    one_line = Grid(["A", "B"], ["x"], [[1.0], [2.0]], [["1"], ["2"]], "Score")
    many = Grid([LONG, LONG + "!"], ["x"], [[1.0], [2.0]], [["1"], ["2"]], "Score")
    assert (
        heatmaps(many, "h", "T", "C", "en")[1]["layout"]["height"]
        > heatmaps(one_line, "h", "T", "C", "en")[1]["layout"]["height"]
    )


def test_a_narrowed_bar_chart_wraps_its_names_shorter_and_grows_to_hold_them() -> None:
    names = [s.wrap(LONG, 28), s.wrap("Mandate and strategy", 28)]
    bars = s.score_bars(names, [2.5, 4.0], "Score", 0, "en")
    layout = s.layout("bars", "Title", "Caption", "en", height=260)
    narrow = s.narrowed(s.figure([bars], layout))
    assert narrow["layout"]["font"]["size"] == s.NARROW_FONT
    labels = narrow["data"][0]["y"]
    assert all(s.longest_line(label) <= 18 for label in labels), labels
    assert narrow["layout"]["height"] > 260
    assert narrow["layout"]["margin"]["r"] >= 44  # the value written past the longest bar


def test_wrapping_never_breaks_a_word() -> None:
    assert s.wrap("Responsibilities everywhere", 6) == "Responsibilities<br>everywhere"


def test_a_chart_with_no_category_yet_narrows_too() -> None:
    # A benchmark group whose distribution is withheld leaves the levels chart empty.
    empty = s.figure([s.score_bars([], [], "Score", 0, "en")], s.layout("e", "T", "C", "en"))
    assert s.narrowed(empty)["data"][0]["y"] == []
