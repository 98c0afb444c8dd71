"""Small HTML helpers for QTextDocument: escaped text, tables, chart placeholders.

QTextDocument renders a subset of HTML 4 (tables, inline CSS of fonts and
borders, ``<img>``), so reports use only that. Every value goes through
:func:`esc`; a chart is an ``<img src="chart:NAME">`` that the UI fills with
``QTextDocument.addResource(ImageResource, QUrl("chart:NAME"), image)``
before printing with ``QPdfWriter``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

STYLE = (
    "body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; }"
    " h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 14px; }"
    " table { border-collapse: collapse; margin-bottom: 8px; }"
    " th, td { border: 1px solid #777; padding: 3px 6px; }"
    " th { background-color: #e8e8e8; } td.n { text-align: right; }"
    " p.note { font-size: 8pt; color: #444; }"
)


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def document(title: str, body: Iterable[str], lang: str = "id") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{esc(c)}</td>' if isinstance(c, int | float) else f"<td>{esc(c)}</td>"
            for c in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def chart_placeholder(name: str, title: str, width: int = 480, height: int = 240) -> str:
    return (
        f'<p><img src="chart:{esc(name)}" width="{width}" height="{height}" alt="{esc(title)}"></p>'
    )
