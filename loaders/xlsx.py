"""Reading XLSX workbooks: find the sheet and the row holding the header, then yield rows.

Planners' workbooks often carry a title row above the header, a notes sheet before the data,
or a table split over one sheet per year. The header is looked for in the first rows of every
sheet; a title row is skipped with a warning, and a table on several sheets is refused (only
one sheet would be read, so rows would be lost). Rows are numbered as Excel shows them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .report import LoadReport
from .tabular import (
    HEADER_SEARCH_ROWS,
    Row,
    canonical_headers,
    check_headers,
    check_size,
    normalise_header,
)

__all__ = ["iter_xlsx", "sheet_header_words"]

SAVE_AGAIN = "open it in Excel/WPS and save it again as .xlsx"


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    return load_workbook(path, read_only=True, data_only=True)


def sheet_header_words(path: Path) -> list[set[str]]:
    """The normalised words of the first rows of every sheet, in order (for ``detect_kind``).

    Raises whatever openpyxl raises for a damaged file; the caller turns it into a message.
    """
    wb = _open(path)
    try:
        out = []
        for ws in wb.worksheets:
            for cells in ws.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS):
                words = {normalise_header(c) for c in cells if _filled(c)}
                if words:
                    out.append(words)
        return out
    finally:
        wb.close()


def iter_xlsx(
    path: Path, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    """Yield the data rows of the one sheet that holds the table; problems go to ``report``."""
    if not check_size(path, report):
        return
    try:
        wb = _open(path)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        report.add("bad-xlsx", f"not a readable XLSX workbook ({exc}); {SAVE_AGAIN}")
        return
    try:
        yield from _iter_workbook(wb, report, aliases, required)
    except Exception as exc:  # damaged XML inside the zip shows up only while reading
        report.add("bad-xlsx", f"the workbook is damaged ({exc}); {SAVE_AGAIN}")
    finally:
        wb.close()


def _header_at(rows: list[tuple[Any, ...]], aliases: dict[str, str], required: set[str]) -> int:
    for i, cells in enumerate(rows):
        words = {aliases.get(normalise_header(c), normalise_header(c)) for c in cells if _filled(c)}
        if words and required <= words:
            return i
    return -1


def _iter_workbook(
    wb: Any, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    from openpyxl.utils import get_column_letter

    sheets: list[tuple[Any, int, list[tuple[Any, ...]]]] = []  # (sheet, header index, head)
    for ws in wb.worksheets:
        head = list(ws.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS))
        if any(_filled(c) for cells in head for c in cells):
            sheets.append((ws, _header_at(head, aliases, required), head))
    if not sheets:
        report.add("empty-file", "the workbook has no sheet with data; put the table on a sheet")
        return
    tables = [s for s in sheets if s[1] >= 0]
    if len(tables) > 1:
        names = ", ".join(repr(s[0].title) for s in tables)
        report.add(
            "several-sheets",
            f"sheets {names} each hold a table of this kind, but one file is one table: "
            "put all rows on one sheet, or save each sheet as its own file",
            value=names,
        )
        return
    ws, at, head = tables[0] if tables else (sheets[0][0], 0, sheets[0][2])
    others = [s[0].title for s in sheets if s[0] is not ws]
    if others:
        report.add(
            "several-sheets",
            f"reading sheet {ws.title!r}; sheets {', '.join(map(repr, others))} have no "
            f"header with {', '.join(sorted(required))} and are ignored",
            severity="warning",
        )
    if at > 0:
        report.add(
            "title-row",
            f"sheet {ws.title!r}: {'row 1 is' if at == 1 else f'rows 1-{at} are'} a title "
            f"above the header in row {at + 1}; skipped",
            row=at + 1,
            severity="warning",
        )
    header = ["" if c is None else str(c).strip() for c in head[at]]
    while header and not header[-1]:
        header.pop()
    canon = canonical_headers(header, aliases)
    if "" in canon:
        col = get_column_letter(canon.index("") + 1)
        report.add(
            "missing-header",
            f"column {col} of sheet {ws.title!r} has no header (merged header cells?): "
            "unmerge them and name every column",
            row=at + 1,
            field=col,
        )
        return
    if not check_headers(header, canon, report, required, row=at + 1):
        return
    width = len(header)
    rows = ws.iter_rows(min_row=at + 2, values_only=True)
    for n, cells in enumerate(rows, start=at + 2):
        extra = [i for i, c in enumerate(cells[width:], start=width) if _filled(c)]
        if extra:
            col = get_column_letter(extra[0] + 1)
            report.add(
                "missing-header",
                f"column {col} of sheet {ws.title!r} has values but no header (merged header "
                "cells?): unmerge them and name every column",
                row=n,
                field=col,
                value=cells[extra[0]],
            )
            return
        values = ["" if c is None else c for c in cells[:width]]
        if not any(_filled(v) for v in values):
            continue
        values += [""] * (width - len(values))
        yield Row(
            dict(zip(canon, values, strict=True)),
            row=n,
            raw_headers=dict(zip(canon, header, strict=True)),
        )
