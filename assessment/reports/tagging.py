"""Finish a WeasyPrint PDF/UA document: add the tags WeasyPrint 70 does not write.

WeasyPrint tags headings, lists, tables and figures, but gives table header cells no
``/Scope``, takes a figure's ``/Alt`` only from ``img[alt]`` or an SVG's ``<title>``, and
leaves the language empty when the HTML has none. This module edits the finished file
with pikepdf (never WeasyPrint's internals): it walks the structure tree, sets what is
missing and keeps everything else as it was (object streams, the parent tree, the
marked-content ids).

    pdf = finish_tagged_pdf(pdf, language="fr", title="Rapport …", figure_alts=alts)
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, String

COLUMN = Name.Column
ROW = Name.Row


def _kids(element: Dictionary) -> list[Dictionary]:
    """The structure elements directly below ``element`` (not its marked content)."""
    kids = element.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, Array) else [kids]
    return [k for k in items if isinstance(k, Dictionary) and "/S" in k]


def _walk(element: Dictionary) -> Iterator[tuple[Dictionary, Dictionary | None]]:
    """Every structure element below ``element`` with its parent, in reading order."""
    stack: list[tuple[Dictionary, Dictionary | None]] = [
        (kid, element) for kid in reversed(_kids(element))
    ]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((kid, node) for kid in reversed(_kids(node)))


def _scope_of(row: Dictionary | None) -> Name:
    # A header in a row of headers heads its column; a header beside data cells
    # (the first cell of a body row) heads its row.
    if row is None or row.get("/S") != Name.TR:
        return COLUMN
    return COLUMN if all(kid.get("/S") == Name.TH for kid in _kids(row)) else ROW


def _table_attributes(pdf: pikepdf.Pdf, existing: object, scope: Name) -> object:
    """``existing`` (/A: absent, a dictionary or an array) with /Scope in its Table entry.

    Attribute dictionaries may be shared by several cells: the Table one is copied,
    never changed in place.
    """

    def with_scope(attributes: Dictionary) -> Dictionary:
        copy = Dictionary({key: attributes[key] for key in attributes.keys()})
        copy.Scope = scope
        return copy

    if isinstance(existing, Dictionary):
        if existing.get("/O") == Name.Table:
            return pdf.make_indirect(with_scope(existing))
        return Array([existing, pdf.make_indirect(Dictionary(O=Name.Table, Scope=scope))])
    if isinstance(existing, Array):
        items = list(existing)
        for index, item in enumerate(items):
            if isinstance(item, Dictionary) and item.get("/O") == Name.Table:
                items[index] = pdf.make_indirect(with_scope(item))
                return Array(items)
        return Array([*items, pdf.make_indirect(Dictionary(O=Name.Table, Scope=scope))])
    return pdf.make_indirect(Dictionary(O=Name.Table, Scope=scope))


def _has_scope(existing: object) -> bool:
    entries = list(existing) if isinstance(existing, Array) else [existing]
    return any(isinstance(e, Dictionary) and "/Scope" in e for e in entries)


def _set_metadata(pdf: pikepdf.Pdf, language: str, title: str) -> None:
    root = pdf.Root
    if not str(root.get("/Lang", "")):
        root.Lang = String(language)
    if title and not str(pdf.docinfo.get("/Title", "")):
        pdf.docinfo.Title = String(title)
    # Load the document info first, or the XMP rewrite would drop the title.
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.load_from_docinfo(pdf.docinfo)
        if title and not meta.get("dc:title"):
            meta["dc:title"] = title
    preferences = root.get("/ViewerPreferences")
    if not isinstance(preferences, Dictionary):
        root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    elif "/DisplayDocTitle" not in preferences:
        preferences.DisplayDocTitle = True


def finish_tagged_pdf(
    pdf_bytes: bytes, *, language: str, title: str, figure_alts: Sequence[str] = ()
) -> bytes:
    """``pdf_bytes`` (a tagged PDF from WeasyPrint) with the tags screen readers need.

    - every table header cell (``/TH``) gets ``/Scope``: ``/Column`` in a row of headers,
      ``/Row`` beside data cells;
    - every ``/Figure`` without ``/Alt`` (or with an empty one) gets the next text of
      ``figure_alts``, which lists the alternatives of the document's figures in reading
      order (figures that have one keep it);
    - ``/Lang`` (``language``), the title (``title``, in the document info and XMP) and
      ``DisplayDocTitle`` are set when missing.

    Returns the new file's bytes. A document without a structure tree is returned with
    its metadata completed only.
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _set_metadata(pdf, language, title)
        tree = pdf.Root.get("/StructTreeRoot")
        if isinstance(tree, Dictionary):
            figures = 0
            for element, parent in _walk(tree):
                kind = element.get("/S")
                if kind == Name.TH and not _has_scope(element.get("/A")):
                    element.A = _table_attributes(pdf, element.get("/A"), _scope_of(parent))
                elif kind == Name.Figure:
                    if not str(element.get("/Alt", "")).strip() and figures < len(figure_alts):
                        if figure_alts[figures]:
                            element.Alt = String(figure_alts[figures])
                    figures += 1
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()
