"""Charts on the web page: each figure as JSON, safe to sit in an HTML script element."""

from __future__ import annotations

from markupsafe import Markup
from plotly.io.json import to_json_plotly

from assessment.charting import Chart, style

# A figure's text could contain "</script>" or "<!--"; escaped, it cannot end the element.
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def figure_json(chart: Chart, narrow: bool = False) -> Markup:
    """The figure (or its ``narrow`` variant) as JSON for ``<script type="application/json">``.

    Such a script element is never executed.
    """
    if not narrow:
        text = chart.figure.to_json(validate=False)
    elif chart.narrow is not None:
        text = to_json_plotly(chart.narrow)
    else:
        text = to_json_plotly(style.narrowed(chart.figure))
    for raw, escaped in _ESCAPES.items():
        text = text.replace(raw, escaped)
    return Markup(text)  # noqa: S704 - every "<", ">" and "&" is escaped above
