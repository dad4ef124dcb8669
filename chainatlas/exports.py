"""Writing answers to CSV, XLSX and Markdown, safely.

Numbers and dates stay typed: XLSX gets numeric and date cells (a :class:`Signed` change
shows its sign, ``+3``), CSV and Markdown their plain text (:func:`cell_text`). XLSX sheets
have a bold frozen header row, filters and widths that fit, and may end with a notes sheet.
Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
CR) are prefixed with ``'``; Markdown escapes HTML and table syntax, so names stay text. Control,
bidi and zero-width characters are removed from every text written (``strip_invisible``), so no
stored text reaches a file as a terminal escape or as a character XLSX cannot hold.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from chainatlas.loaders.values import strip_invisible

__all__ = [
    "Signed",
    "cell_text",
    "safe_cell",
    "write_csv",
    "write_xlsx",
    "write_markdown",
    "md_escape",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Signed(int):
    """A change, shown with its sign (``+3``, ``-5``, ``0``) but stored as a number.

    >>> str(Signed(3)), str(Signed(-5)), Signed(3) + 1
    ('+3', '-5', 4)
    """

    def __str__(self) -> str:
        return f"{int(self):+d}" if self else "0"

    __repr__ = __str__


def cell_text(value: Any) -> str:
    """A cell as text: ``""`` for nothing, ISO dates, numbers without trailing zeros, lists
    joined with ``; ``.

    >>> cell_text(None), cell_text(date(2013, 6, 10)), cell_text(2.50), cell_text(Signed(-5))
    ('', '2013-06-10', '2.5', '-5')
    """
    if value is None:
        return ""
    if isinstance(value, Signed):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e15 else f"{value:.0f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


def safe_cell(value: Any) -> Any:
    """Text without invisible characters, formula injection neutralised; numbers pass unchanged.

    >>> safe_cell("=HYPERLINK(1)\\x1b"), safe_cell(3)
    ("'=HYPERLINK(1)", 3)
    """
    if isinstance(value, str):
        value = strip_invisible(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def _cell(value: Any) -> Any:
    """A value as XLSX holds it: numbers, booleans and dates typed; text made safe."""
    if isinstance(value, Signed):
        return int(value)
    if isinstance(value, int | float | date | datetime) or value is None:
        return value
    if isinstance(value, list | tuple):
        value = "; ".join(cell_text(v) for v in value)
    return safe_cell(str(value))


def _text_cell(value: Any) -> Any:
    """A value as CSV holds it: text, made safe."""
    return safe_cell(cell_text(value)) if not isinstance(value, int | float) else value


def write_csv(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """UTF-8 with BOM, so Excel and WPS open Chinese text correctly."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([_text_cell(h) for h in headers])
        for row in rows:
            w.writerow([_text_cell(v) for v in row])
    return path


def write_xlsx(
    path: str | Path,
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]],
    *,
    notes: Sequence[tuple[str, str]] = (),
    notes_title: str = "说明",
) -> Path:
    """One sheet per ``(title, headers, rows)`` (bold frozen header, filters, widths that fit;
    numbers and dates typed), then a notes sheet of ``(label, text)`` rows when given."""
    from openpyxl import Workbook

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for title, headers, rows in sheets:
        ws = wb.create_sheet(_sheet_name(title, used))
        _fill_sheet(ws, headers, rows)
    if notes:
        ws = wb.create_sheet(_sheet_name(notes_title, used))
        _fill_sheet(ws, ["", ""], [list(n) for n in notes], header=False)
    wb.save(path)
    return path


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in strip_invisible(title) if ch not in "[]:*?/\\")[:31] or "Sheet"
    base, n = name, 2
    while name in used:
        name = f"{base[:28]}-{n}"
        n += 1
    used.add(name)
    return name


def _fill_sheet(
    ws: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, header: bool = True
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if header:
        ws.append([_cell(h) for h in headers])
    for row in rows:
        ws.append([_cell(v) for v in row])
        for cell, value in zip(ws[ws.max_row], row, strict=False):
            if isinstance(value, Signed):
                cell.number_format = "+0;-0;0"
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    if header:
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(headers)))}{max(1, len(rows) + 1)}"
    else:
        for cell in ws["A"]:
            cell.font = Font(bold=True)
        for cell in ws["B"]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i in range(1, len(headers) + 1):
        texts = [cell_text(h) for h in headers[i - 1 : i]] if header else []
        texts += [cell_text(r[i - 1]) for r in rows[:500] if i - 1 < len(r)]
        width = max((_display_width(t) for t in texts), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(
            max(8, width + 2), 60 if header else 100
        )


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def md_escape(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else strip_invisible(str(value))
    text = html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")
    for ch in ("*", "_", "`", "[", "]"):
        text = text.replace(ch, "\\" + ch)
    return text


def write_markdown(
    path: str | Path | None,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    intro: str = "",
) -> str:
    lines = [f"# {md_escape(title)}", ""]
    if intro:
        lines += [md_escape(intro), ""]
    lines.append("| " + " | ".join(md_escape(h) for h in headers) + " |")
    lines.append("|" + "---|" * len(headers))
    for row in rows:
        lines.append("| " + " | ".join(md_escape(v) for v in row) + " |")
    text = "\n".join(lines) + "\n"
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8")
    return text
