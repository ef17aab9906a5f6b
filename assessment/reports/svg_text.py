"""Draw each SVG ``<text>`` of a chart as one line of text instead of letter by letter.

WeasyPrint 70 lays out every letter of an SVG ``<text>`` on its own (a Pango layout per
letter, so that each could carry its own position or rotation). Plotly never positions
letters one by one: each ``<text>`` or ``<tspan>`` has one ``x`` and one ``y``. For such
text this module lays the whole string out once and draws it at the same place, which
saves about a seventh of the time WeasyPrint spends drawing the demo agency's charts.
Anything else (several positions, rotated letters, ``textLength``, baselines, letter
spacing) goes to WeasyPrint's own drawer unchanged.

Replacing the letters by glyph outlines (paths) was measured too: WeasyPrint parses
path data in Python, command by command, and the fifteen charts then took 1.5 s.

The drawer is registered in WeasyPrint's table of SVG tags by :func:`install`, only in
processes that render reports, and only for the WeasyPrint versions it was written and
tested against; with any other version WeasyPrint draws text as it always does.
"""

from __future__ import annotations

import importlib
import logging
from math import inf
from typing import Any

log = logging.getLogger(__name__)

# Major versions whose SVG text drawer this one reproduces (same state, same calls).
TESTED_MAJOR_VERSIONS = ("70",)
# Attributes that need WeasyPrint's letter-by-letter layout.
_PER_LETTER = ("rotate", "letter-spacing", "textLength", "lengthAdjust", "direction",
               "dominant-baseline", "alignment-baseline", "display-anchor")  # fmt: skip
_POSITIONS = ("x", "y", "dx", "dy")
_original: Any = None


def _font_weight(value: Any) -> int:
    if value == "bold":
        return 700
    try:
        return int(value)
    except (TypeError, ValueError):
        return 400  # "normal", and anything WeasyPrint would not read either


def _one_position_each(node: Any) -> bool:
    from weasyprint.svg.utils import normalize

    return not any(
        " " in normalize(node.attrib[name]).strip() for name in _POSITIONS if name in node.attrib
    )


def draw_text(svg: Any, node: Any, font_size: float) -> None:
    """Draw a ``<text>`` or ``<tspan>`` node (WeasyPrint's tag drawer signature)."""
    if node.tag == "textPath" or not node.text or any(n in node.attrib for n in _PER_LETTER):
        _original(svg, node, font_size)
        return
    if not _one_position_each(node):
        _original(svg, node, font_size)
        return

    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    text_module = importlib.import_module("weasyprint.svg.text")
    style = text_module.Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [
        font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
    ]
    style["font_style"] = node.get("font-style", "normal")
    style["font_weight"] = _font_weight(node.get("font-weight", 400))
    style["font_size"] = font_size
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)

    # The same cursor bookkeeping as WeasyPrint's drawer does for a first letter.
    attributes = node.attrib
    if "x" in attributes:
        svg.cursor_d_position[0] = 0
    if "y" in attributes:
        svg.cursor_d_position[1] = 0
    svg.cursor_d_position[0] += size(attributes.get("dx"), font_size, svg.inner_width)
    svg.cursor_d_position[1] += size(attributes.get("dy"), font_size, svg.inner_height)
    x = size(attributes["x"], font_size, svg.inner_width) if "x" in attributes else None
    y = size(attributes["y"], font_size, svg.inner_height) if "y" in attributes else None
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    left, bottom = x + svg.cursor_d_position[0], y + svg.cursor_d_position[1]
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box,
        ((left, bottom - baseline), (left + width, bottom - baseline + height)),
    )

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    box = text_module.TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(a=1, d=-1, e=left, f=bottom))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def install() -> bool:
    """Use :func:`draw_text` for SVG text in this process; True when it is in use."""
    global _original
    import weasyprint

    if _original is not None:
        return True
    if weasyprint.__version__.split(".")[0] not in TESTED_MAJOR_VERSIONS:
        log.info("WeasyPrint %s draws SVG text itself (slower)", weasyprint.__version__)
        return False
    package = importlib.import_module("weasyprint.svg")
    _original = package.TAGS["text"]
    for tag, drawer in package.TAGS.items():
        if drawer is _original:  # text, tspan, a and textPath
            package.TAGS[tag] = draw_text
    # The SVG drawer recognises text nodes by comparing their tag's drawer with this
    # name (to anchor them and measure them): it must name the new drawer too.
    package.text = draw_text
    return True
