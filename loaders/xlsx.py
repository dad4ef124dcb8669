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

from .limits import Limits, limits
from .report import LoadReport
from .tabular import (
    HEADER_SEARCH_ROWS,
    Row,
    canonical_headers,
    check_headers,
    check_size,
    header_fits,
    normalise_header,
    repeats_header,
)
from .values import shown
from .xlsx_scan import SheetScan, WorkbookRefused, scan_workbook

__all__ = ["iter_xlsx", "sheet_header_words"]

SAVE_AGAIN = "open it in Excel/WPS and save it again as .xlsx"


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


EXTRA_COLUMNS = 50  # columns read past the header, to find values without a header
_SCANS: dict[tuple[str, int, int, Limits], dict[str, SheetScan]] = {}


def _scan(path: Path, lim: Limits) -> dict[str, SheetScan]:
    """``scan_workbook`` once per file version (``detect_kind`` and the reader both open it)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, lim)
    if key not in _SCANS:
        _SCANS.clear()
        _SCANS[key] = scan_workbook(path, lim)
    return _SCANS[key]


def _open(path: Path) -> Any:
    """The workbook, read-only; raises ``WorkbookRefused`` past a limit (before openpyxl reads
    the shared strings), else whatever openpyxl raises for a damaged file."""
    from openpyxl import load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    _scan(path, limits())
    own = ReadOnlyWorksheet._get_size
    ReadOnlyWorksheet._get_size = _sheet_size  # type: ignore[method-assign]
    try:
        return load_workbook(path, read_only=True, data_only=True)
    finally:
        ReadOnlyWorksheet._get_size = own  # type: ignore[method-assign]


def _sheet_size(ws: Any) -> None:
    """openpyxl's ``ReadOnlyWorksheet._get_size``, faster where a sheet declares no size (as
    openpyxl's own write-only mode writes them): openpyxl then builds every element of the
    sheet to find out (1.5 s a 100,000-row sheet, twice a load); here the sheet is only
    checked to be well-formed XML, as openpyxl's pass did, raising the same ``ParseError``."""
    from xml.etree.ElementTree import ParseError, XMLPullParser
    from xml.parsers.expat import ExpatError, ParserCreate

    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension

    src = ws._get_source()
    try:
        head: Any = XMLPullParser(events=("start",))
        while chunk := src.read(1 << 16):
            head.feed(chunk)
            for _event, element in head.read_events():
                if element.tag == DIMENSION_TAG:
                    bounds = SheetDimension.from_tree(element).boundaries
                    ws._min_column, ws._min_row, ws._max_column, ws._max_row = bounds
                    return
                if element.tag == DATA_TAG:
                    break
            else:
                continue
            break
    finally:
        src.close()
    src = ws._get_source()
    try:  # no size before the rows: the whole sheet must parse, as openpyxl read it all
        parser = ParserCreate(namespace_separator="}")
        while chunk := src.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except ExpatError as exc:
        raise ParseError(str(exc)) from None
    finally:
        src.close()


def sheet_header_words(path: Path) -> list[set[str]]:
    """The normalised words of the first rows of every sheet, in order (for ``detect_kind``).

    Raises whatever openpyxl raises for a damaged file; the caller turns it into a message.
    """
    wb = _open(path)
    try:
        out = []
        for ws in wb.worksheets:
            width = min(ws.max_column or 1000, 1000)
            for cells in ws.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS, max_col=width):
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
    except WorkbookRefused as exc:
        report.add("too-large", f"{exc}")
        return
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        report.add("bad-xlsx", f"not a readable XLSX workbook ({exc}); {SAVE_AGAIN}")
        return
    try:
        yield from _iter_workbook(wb, path, report, aliases, required)
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


def _choose_sheet(
    wb: Any, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> tuple[Any, int, list[tuple[Any, ...]]] | None:
    """(sheet, index of its header row in ``head``, its first rows), or None when reported."""
    sheets: list[tuple[Any, int, list[tuple[Any, ...]]]] = []  # (sheet, header index, head)
    for ws in wb.worksheets:
        width = min(ws.max_column or 1000, 1000)
        head = list(ws.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS, max_col=width))
        if any(_filled(c) for cells in head for c in cells):
            sheets.append((ws, _header_at(head, aliases, required), head))
    if not sheets:
        report.add("empty-file", "the workbook has no sheet with data; put the table on a sheet")
        return None
    tables = [s for s in sheets if s[1] >= 0]
    if len(tables) > 1:
        names = ", ".join(repr(s[0].title) for s in tables)
        report.add(
            "several-sheets",
            f"sheets {names} each hold a table of this kind, but one file is one table: "
            "put all rows on one sheet, or save each sheet as its own file",
            value=names,
        )
        return None
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
    return ws, at, head


def _texts(cells: tuple[Any, ...]) -> list[str]:
    out = ["" if c is None else str(c).strip() for c in cells]
    while out and not out[-1]:
        out.pop()
    return out


def _two_row_header(top: list[str], below: list[str], aliases: dict[str, str]) -> list[str] | None:
    """The header read from two rows, when the header row has blank cells (a name merged down
    over two rows, a group name merged across sub-columns) and the row below names columns
    with known headers; else None.

    >>> _two_row_header(["名称", "财务", ""], ["", "营业收入", "员工人数"], {"营业收入": "r", "员工人数": "e"})
    ['名称', '营业收入', '员工人数']
    """
    width = max(len(top), len(below))
    top, below = top + [""] * (width - len(top)), below + [""] * (width - len(below))
    known = {normalise_header(k) for k in aliases} | {str(v) for v in aliases.values()}
    named = [normalise_header(b) in known for b in below]
    blanks = [i for i, t in enumerate(top) if not t]
    if not blanks or not all(named[i] for i in blanks):
        return None
    if any(b and not named[i] for i, b in enumerate(below)):
        return None  # the row below holds data, not headers
    return [below[i] if named[i] else top[i] for i in range(width)]


def _formulas_without_values(
    ws: Any, path: Path, header: list[str], first: int, report: LoadReport[Any]
) -> bool:
    """True, with one problem per cell, when table cells hold formulas with no saved result."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    scan = _scan(path, limits()).get(str(getattr(ws, "_worksheet_path", "")).lstrip("/"))
    found = False
    for ref, formula in (scan.no_value_formulas if scan else {}).items():
        letters, row = coordinate_from_string(ref)
        col = column_index_from_string(letters)
        if row < first or col > len(header):
            continue
        report.add(
            "formula-without-value",
            f"cell {ref} holds a formula but the file stores no result for it (written by a "
            "script or an online tool?): open the file in Excel/WPS and save it, so the "
            "results are stored, or paste the values instead of the formulas",
            row=row,
            field=header[col - 1],
            value=formula,
        )
        found = True
    return found


def _too_big(ws: Any, path: Path, first: int, report: LoadReport[Any]) -> bool:
    """True, reported, when the sheet holds more rows or cells than the limits allow."""
    lim = limits()
    scan = _scan(path, lim).get(str(getattr(ws, "_worksheet_path", "")).lstrip("/"))
    if scan is None:
        return False
    if scan.rows - first + 1 > lim.rows:
        report.add(
            "too-large",
            f"sheet {ws.title!r} has more than {lim.rows:,} rows {lim.hint('rows')}: "
            "split the table into several files",
        )
        return True
    if scan.cells > lim.cells:
        report.add(
            "too-large",
            f"sheet {ws.title!r} has more than {lim.cells:,} cells {lim.hint('cells')}: "
            "delete unused columns and rows, or split the table",
        )
        return True
    return False


def _iter_workbook(
    wb: Any, path: Path, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    from openpyxl.utils import get_column_letter

    chosen = _choose_sheet(wb, report, aliases, required)
    if chosen is None:
        return
    ws, at, head = chosen
    header, first = _texts(head[at]), at + 2  # first: the Excel row of the first data row
    if "" in header or at + 1 < len(head) and len(_texts(head[at + 1])) > len(header):
        below = _texts(head[at + 1]) if at + 1 < len(head) else []
        combined = _two_row_header(header, below, aliases)
        if combined is not None:
            header, first = combined, first + 1
            report.add(
                "two-row-header",
                f"sheet {ws.title!r}: the header spans rows {at + 1}-{at + 2} (merged cells); "
                f"read as {', '.join(header)}",
                row=at + 2,
                severity="warning",
            )
    if not header_fits(header, report, row=first - 1):
        return
    canon = canonical_headers(header, aliases)
    if "" in canon:
        col = get_column_letter(canon.index("") + 1)
        report.add(
            "missing-header",
            f"column {col} of sheet {ws.title!r} has no header (merged header cells?): "
            "unmerge them and name every column",
            row=first - 1,
            field=col,
        )
        return
    if not check_headers(header, canon, report, required, row=first - 1):
        return
    if _too_big(ws, path, first, report) or _formulas_without_values(
        ws, path, header, first, report
    ):
        return
    yield from _data_rows(ws, header, canon, first, report)


def _data_rows(
    ws: Any, header: list[str], canon: list[str], first: int, report: LoadReport[Any]
) -> Iterator[Row]:
    from openpyxl.utils import get_column_letter

    width = len(header)
    named = [normalise_header(h) for h in header if h.strip()]
    rows = ws.iter_rows(min_row=first, max_col=width + EXTRA_COLUMNS, values_only=True)
    for n, cells in enumerate(rows, start=first):
        if cells.count(None) == len(cells):  # fast: a sheet may declare a million empty rows
            continue
        extra = [  # (most of these EXTRA_COLUMNS cells are None: no call for them)
            i for i, c in enumerate(cells[width:], start=width) if c is not None and _filled(c)
        ]
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
        texts = [v if isinstance(v, str) else "" for v in values]
        if repeats_header(texts, named):  # two tables pasted one under the other
            same = [normalise_header(t) for t in texts] == [normalise_header(h) for h in header]
            report.add(
                "repeated-header",
                "this row repeats the header (two tables pasted together?); skipped"
                if same
                else "this row is a header again, with the columns in another order: the rows "
                "below it would fill the wrong fields; put the columns in the order of the "
                "first header, or save the two parts as two files",
                row=n,
                value=shown(", ".join(texts)),
                severity="warning" if same else "error",
            )
            if same:
                continue
            return
        values += [""] * (width - len(values))
        yield Row(
            dict(zip(canon, values, strict=True)),
            row=n,
            raw_headers=dict(zip(canon, header, strict=True)),
        )
