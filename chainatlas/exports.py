"""Writing answers to CSV, XLSX and Markdown, safely.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
CR) are prefixed with ``'``; Markdown escapes HTML and table syntax, so names stay text. Control,
bidi and zero-width characters are removed from every text written (``strip_invisible``), so no
stored text reaches a file as a terminal escape or as a character XLSX cannot hold.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from chainatlas.loaders.values import strip_invisible

if TYPE_CHECKING:
    from chainatlas.queries.targets import TargetList

__all__ = [
    "safe_cell",
    "write_csv",
    "write_xlsx",
    "write_markdown",
    "md_escape",
    "write_target_lists",
    "TARGET_FORMATS",
]

TARGET_FORMATS = ("csv", "xlsx", "md")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return safe_cell(value)


def write_csv(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """UTF-8 with BOM, so Excel and WPS open Chinese text correctly."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([_cell(h) for h in headers])
        for row in rows:
            w.writerow([_cell(v) for v in row])
    return path


def write_xlsx(
    path: str | Path,
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]],
) -> Path:
    """One sheet per ``(title, headers, rows)``: bold frozen header, sensible widths, filters."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for title, headers, rows in sheets:
        name = "".join(ch for ch in strip_invisible(title) if ch not in "[]:*?/\\")[:31] or "Sheet"
        base, n = name, 2
        while name in used:
            name = f"{base[:28]}-{n}"
            n += 1
        used.add(name)
        ws = wb.create_sheet(name)
        ws.append([_cell(h) for h in headers])
        for row in rows:
            ws.append([_cell(v) for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = ws.dimensions
        for i, h in enumerate(headers, start=1):
            values = [str(h)] + [str(_cell(r[i - 1])) for r in rows[:200] if i - 1 < len(r)]
            width = max(_display_width(v) for v in values)
            ws.column_dimensions[get_column_letter(i)].width = min(max(8, width + 2), 60)
    wb.save(path)
    return path


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


def write_target_lists(
    path: str | Path | None,
    lists: Sequence[TargetList],
    fmt: str,
    lang: Literal["zh", "en"],
    region: str,
    *,
    summary: bool = False,
) -> Path:
    """Target lists as one file: CSV (one table, a chain column when several), XLSX (one sheet
    per chain, a summary sheet first when ``summary`` or several) or Markdown (one table per
    chain). ``path`` defaults to ``targets-<chain>.<fmt>`` (``targets-all`` for several)."""
    from chainatlas.tables import target_summary_table, target_table

    if fmt not in TARGET_FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(TARGET_FORMATS)}")
    stem = lists[0].chain_id if len(lists) == 1 else "all"
    out = Path(path) if path is not None else Path(f"targets-{stem}.{fmt}")
    tables = [(tl, *target_table(tl, lang)) for tl in lists]
    headers = tables[0][1]
    if fmt == "csv" and len(tables) == 1:
        return write_csv(out, headers, tables[0][2])
    if fmt == "csv":
        chain_col = "产业链" if lang == "zh" else "chain"
        rows = [[tl.chain_id, *r] for tl, _, trows in tables for r in trows]
        return write_csv(out, [chain_col, *headers], rows)
    if fmt == "xlsx":
        sheets = [(tl.chain_name, h, trows) for tl, h, trows in tables]
        if len(tables) > 1 or summary:
            sheets.insert(
                0, ("汇总" if lang == "zh" else "Summary", *target_summary_table(lists, lang))
            )
        return write_xlsx(out, sheets)
    parts = []
    for tl, h, trows in tables:
        title = (
            f"{tl.chain_name} 招商目标企业名单" if lang == "zh" else f"Target list: {tl.chain_name}"
        )
        parts.append(
            write_markdown(None, title, h, trows, intro=f"region {region}; {tl.gap_count} gaps")
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts), encoding="utf-8")
    return out
