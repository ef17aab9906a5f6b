"""Charts built from real questionnaires' results: texts, tables, encodings, privacy rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace

import plotly.graph_objects as go
import pytest
from chart_factories import capability, speaking, trend_entry

from assessment.charting import Chart, Omission
from assessment.charting.style import FONT_FAMILY
from assessment.charting.web import figure_json
from assessment.results.charts import build_charts, chart_plan, omissions

EXPECTED_IDS = [
    "radar-leadership-mindsets", "groups-leadership-mindsets", "agreement-leadership-mindsets",
    "radar-innovation-skills", "skills-by-stage-innovation-skills", "groups-innovation-skills",
    "agreement-innovation-skills",
    "radar-ecosystem-partners", "partners-by-stage-ecosystem-partners", "groups-ecosystem-partners",
    "agreement-ecosystem-partners",
    "dimensions-innovation-portfolio", "facets-innovation-portfolio", "groups-innovation-portfolio",
    "agreement-innovation-portfolio",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Every test words its charts in English unless it asks for another language."""
    with speaking("en"):
        yield


@pytest.fixture(scope="module")
def charts() -> list[Chart]:
    with speaking("en"):
        built = build_charts(capability())
    assert built, "the loops below must have charts to check"
    return built


def by_id(charts: list[Chart]) -> dict[str, Chart]:
    return {chart.id: chart for chart in charts}


def written_on(figure: go.Figure) -> list[str]:
    """Every value text drawn on the figure's traces."""
    texts: list[str] = []
    for trace in figure.data:
        text = getattr(trace, "text", None)
        if text is None or isinstance(text, str):
            continue
        for entry in text:
            texts.extend(entry if isinstance(entry, (list, tuple)) else [entry])
    return [t.replace("\u00a0%", "").strip() for t in texts if t]


def test_a_full_result_gets_every_chart_in_page_order_with_stable_ids(charts):
    assert [chart.id for chart in charts] == EXPECTED_IDS


def test_each_chart_has_a_title_a_one_sentence_caption_a_summary_and_a_rectangular_table(charts):
    for chart in charts:
        assert chart.title and chart.summary, chart.id
        assert chart.caption.endswith(".") and ". " not in chart.caption.rstrip("."), chart.id
        assert chart.table_headers and chart.table_rows, chart.id
        assert all(len(row) == len(chart.table_headers) for row in chart.table_rows), chart.id
        assert all(isinstance(cell, str) for row in chart.table_rows for cell in row), chart.id


def test_each_figure_carries_its_title_meta_fonts_and_no_template(charts):
    for chart in charts:
        layout = chart.figure.layout
        assert isinstance(chart.figure, go.Figure)
        assert layout.title.text == chart.title
        assert layout.meta["id"] == chart.id and layout.meta["caption"] == chart.caption
        assert layout.font.family == FONT_FAMILY
        assert layout.template.layout.to_plotly_json() == {}  # the "none" template
        assert layout.dragmode is False


def test_every_number_written_on_a_chart_is_also_in_its_table(charts):
    for chart in charts:
        cells = {cell.strip() for row in chart.table_rows for cell in row}
        drawn = written_on(chart.figure)
        assert drawn, chart.id
        assert set(drawn) <= cells, (chart.id, set(drawn) - cells)


def test_series_differ_by_symbol_dash_or_pattern_not_by_colour_alone(charts):
    checked = []
    for chart in charts:
        shown = [
            t for t in chart.figure.data if t.showlegend is not False and t.hoverinfo != "skip"
        ]
        if len(shown) < 2:
            continue
        checked.append(chart.id)
        looks = set()
        for trace in shown:
            if trace.type == "bar":
                looks.add(("bar", trace.marker.pattern.shape))
            else:
                looks.add((trace.type, trace.marker.symbol, trace.line.dash))
        assert len(looks) == len(shown), chart.id
    # The role-group comparisons and the facet chart draw several series each.
    assert "groups-leadership-mindsets" in checked and "facets-innovation-portfolio" in checked


def test_heatmaps_write_each_cell_score_on_a_fixed_one_to_five_scale(charts):
    heatmap = by_id(charts)["skills-by-stage-innovation-skills"].figure.data[0]
    assert heatmap.type == "heatmap"
    assert (heatmap.zmin, heatmap.zmax) == (1, 5)
    assert heatmap.texttemplate == "%{text}"
    cells = [
        (z, text)
        for z_row, text_row in zip(heatmap.z, heatmap.text, strict=True)
        for z, text in zip(z_row, text_row, strict=True)
    ]
    assert any(z is not None for z, _ in cells)
    for z, text in cells:
        assert (text == "") == (z is None)


def test_the_facet_chart_sets_today_next_to_the_intended_portfolio(charts):
    chart = by_id(charts)["facets-innovation-portfolio"]
    assert [trace.name for trace in chart.figure.data] == ["Today (%)", "Intended (%)"]
    assert chart.table_headers == (
        "Kind of innovation",
        "Today (%)",
        "Intended (%)",
        "Gap (points)",
    )
    assert chart.summary.startswith("Largest gap:")


def test_fewer_than_three_dimensions_get_bars_instead_of_a_radar(charts):
    chart = by_id(charts)["dimensions-innovation-portfolio"]
    assert [trace.type for trace in chart.figure.data] == ["bar"]
    radar = by_id(charts)["radar-leadership-mindsets"]
    assert {trace.type for trace in radar.figure.data} == {"scatterpolar"}
    assert radar.summary.startswith("Strongest: ")


def test_without_peers_the_summary_says_the_peer_group_is_not_available(charts):
    radar = by_id(charts)["radar-leadership-mindsets"]
    assert "the peer group is too small or not available" in radar.summary
    assert len(radar.figure.data) == 1
    assert "Peer median" not in radar.table_headers


def test_peers_add_a_median_line_and_the_interquartile_band():
    peers = {
        "leadership-mindsets": {
            "mandate-and-strategy": {"median": 2.5, "p25": 2.0, "p75": 3.1, "n": 12},
            "risk-and-testing": {"median": 3.0, "p25": 2.4, "p75": 3.5, "n": 12},
        },
        "innovation-portfolio": {
            "portfolio-management": {"median": 2.2, "p25": 1.8, "p75": 2.9, "n": 9},
        },
    }
    charts = by_id(build_charts(capability(peers=peers)))
    radar = charts["radar-leadership-mindsets"]
    names = [trace.name for trace in radar.figure.data]
    assert "Peer median" in names and "Your organisation" in names
    band = [trace for trace in radar.figure.data if trace.fill == "tonext"]
    assert len(band) == 1 and band[0].name.startswith("Middle half of peers")
    assert radar.table_headers[-3:] == (
        "Peer median", "Middle half of peers (25th to 75th percentile)", "Peers",
    )  # fmt: skip
    assert ("2.50", "2.00 – 3.10", "12") in {row[-3:] for row in radar.table_rows}
    assert re.search(r"At or above the peer median in \d of 2 dimensions\.", radar.summary)
    assert "with the peer median" in radar.caption
    bars = charts["dimensions-innovation-portfolio"].figure.data
    assert [trace.type for trace in bars] == ["bar", "scatter"]
    assert list(bars[1].error_x.array) == pytest.approx([0.7])
    # A questionnaire without peer figures says so.
    assert "not available" in charts["radar-innovation-skills"].summary


def test_only_role_groups_the_engine_shows_are_drawn_and_the_others_are_explained():
    data = capability(("ecosystem-partners",), ("leader",) * 4 + ("staff",) * 4)
    chart = by_id(build_charts(data))["groups-ecosystem-partners"]
    assert [trace.name for trace in chart.figure.data] == ["Leader", "Staff member"]
    assert chart.table_headers == ("Dimension", "Leader", "Staff member")
    assert "Partner: Withheld: fewer than 3 respondents" in chart.summary


def test_with_fewer_than_two_groups_shown_the_comparison_is_left_out_with_its_reason():
    # Partners (2) are too few, so leaders are withheld too: only staff would remain.
    data = capability(("leadership-mindsets",), ("leader",) * 3 + ("staff",) * 4 + ("partner",) * 2)
    assert "groups-leadership-mindsets" not in by_id(build_charts(data))
    (omitted,) = [o for o in omissions(data) if o.id == "groups-leadership-mindsets"]
    assert "fewer than two groups can be shown" in omitted.reason
    assert "Leader: Withheld: showing it would let a smaller group's answers" in omitted.reason


def test_below_the_minimum_group_size_no_item_level_chart_is_drawn():
    data = capability(min_group_size=11)
    charts = build_charts(data)
    assert [chart.id for chart in charts] == [
        "radar-leadership-mindsets", "radar-innovation-skills", "radar-ecosystem-partners",
        "dimensions-innovation-portfolio", "facets-innovation-portfolio",
    ]  # fmt: skip
    left_out = {o.id: o.reason for o in omissions(data)}
    assert "skills-by-stage-innovation-skills" in left_out
    assert "agreement-leadership-mindsets" in left_out
    assert "groups-innovation-portfolio" in left_out
    assert "at least 11 people" in left_out["skills-by-stage-innovation-skills"]


def test_charts_speak_french_with_decimal_commas():
    with speaking("fr"):
        charts = by_id(build_charts(capability()))
    radar = charts["radar-leadership-mindsets"]
    assert radar.title.endswith(": score par dimension")
    assert radar.summary.startswith("Point le plus fort : ")
    assert radar.table_headers == ("Dimension", "Score (1 à 5)", "Niveau")
    assert radar.table_rows and all(re.fullmatch(r"\d,\d\d", row[1]) for row in radar.table_rows)
    # A decimal comma, and French's narrow no-break space between thousands (Babel's data).
    assert radar.figure.layout.separators == ",\u202f"
    assert charts["facets-innovation-portfolio"].table_headers[1] == "Aujourd'hui (%)"


def test_the_trend_shows_this_round_and_earlier_ones_only():
    entries = [
        trend_entry(3, "Autumn 2025", "2025-10-01T00:00:00+00:00", "leadership-mindsets", 2.1),
        trend_entry(7, "Spring 2026", "2026-04-01T00:00:00+00:00", "leadership-mindsets", 2.9),
        trend_entry(7, "Spring 2026", "2026-04-01T00:00:00+00:00", "innovation-skills", 3.2),
        trend_entry(9, "Spring 2027", "2027-04-01T00:00:00+00:00", "leadership-mindsets", 4.0),
    ]
    data = capability(("leadership-mindsets", "innovation-skills"), trend=tuple(entries))
    chart = chart_plan(data)[-1]
    assert chart.questionnaire is None and isinstance(chart.entry, Chart)
    trend = chart.entry
    assert trend.id == "trend"
    assert [trace.name for trace in trend.figure.data] == [
        "Leadership for innovation", "Innovation skills at each stage of a project",
    ]  # fmt: skip
    assert {row[0] for row in trend.table_rows} == {"Autumn 2025", "Spring 2026"}
    assert "Leadership for innovation: from 2.10 to 2.90 (+0.80)" in trend.summary
    # The higher line's values are written above it, the lower one's below: never on top.
    leadership, skills = trend.figure.data
    assert list(leadership.textposition) == ["top center", "bottom center"]  # 2.10; 2.90
    assert list(skills.textposition)[1] == "top center"  # 3.20 (no value in the first round)


def test_a_single_round_has_no_trend_and_says_when_it_will():
    data = capability(("leadership-mindsets",))
    (last,) = [p.entry for p in chart_plan(data) if p.questionnaire is None]
    assert isinstance(last, Omission) and last.id == "trend"
    assert "once an earlier round" in last.reason


def test_figures_round_trip_through_json_and_validate(charts):
    assert charts
    for chart in charts:
        go.Figure(json.loads(chart.figure.to_json()))


def test_the_embedded_figure_cannot_end_its_script_element(charts):
    chart = charts[0]
    hostile = "</script><script>alert(1)</script> & <!--"
    figure = go.Figure(chart.figure)
    figure.update_layout(title_text=hostile)
    embedded = figure_json(replace(chart, figure=figure))
    assert "<" not in embedded and ">" not in embedded and "&" not in embedded
    assert json.loads(str(embedded))["layout"]["title"]["text"] == hostile
