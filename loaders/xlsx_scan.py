"""Look inside a workbook's zip before openpyxl reads it: what it unzips to, how long its texts
are, how many rows and cells each sheet holds, and which formulas have no saved result.

A small XLSX can expand enormously (a 52 KB file holding one 50 MB name; a sheet that says it
spans A1:XFD1048576). openpyxl reads the shared strings whole when it opens a workbook, so
these checks run first, streaming the XML in chunks: memory stays at a few megabytes and a
hostile workbook is refused in well under a second.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .limits import Limits

__all__ = ["SheetScan", "WorkbookRefused", "foreign_format", "scan_workbook"]

CHUNK = 1 << 20
MAX_SHEETS = 255  # a table is one sheet; thousands of sheets are a trap
_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix (x:c)
# a cell holding a formula and no value: <c r="B2"><f>A2*2</f></c>, <c r="B3"><f t="shared"
# si="0"/><v></v></c>
_NO_VALUE_FORMULA = re.compile(
    rb"<" + _P + rb"c\b[^>]*?\br=\"([A-Z]{1,3}[0-9]{1,7})\"[^>]*>\s*<" + _P + rb"f\b([^>]*?)"
    rb"(?:/>|>([^<]{0,2000})</"
    + _P
    + rb"f>)\s*(?:<"
    + _P
    + rb"v\s*/>|<"
    + _P
    + rb"v>\s*</"
    + _P
    + rb"v>)?\s*</"
    + _P
    + rb"c>"
)
_ROW = re.compile(rb"<" + _P + rb"row[\s>/]")
_CELL = re.compile(rb"<" + _P + rb"c[\s>/]")


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, WPS .et, encrypted OOXML


def foreign_format(path: Path) -> str | None:
    """What to do with a file in a format chainatlas does not read (an old .xls workbook, a
    password-protected workbook, a Numbers document, an HTML page saved as .xls), else None."""
    with path.open("rb") as fh:
        head = fh.read(512)
    suffix = path.suffix.lower()
    save = "open it in Excel/WPS and save it as .xlsx (Excel Workbook) or CSV UTF-8"
    if head.startswith(OLE_MAGIC):
        if suffix == ".xlsx":
            return f"the workbook is password-protected (encrypted); remove the password, {save}"
        return (
            f"an Excel 97-2003 (.xls) or WPS (.et) workbook, which chainatlas does not read; {save}"
        )
    if suffix == ".numbers":
        return "a Numbers document; in Numbers use File > Export To > Excel or CSV"
    if suffix in {".xls", ".xlsx", ".et"} and head.lstrip().lower().startswith(
        (b"<html", b"<!doc", b"<table")
    ):
        return f"a web page (HTML table) saved with a spreadsheet name; {save}"
    if suffix in {".xls", ".et"}:
        return f"not an Excel 97-2003 workbook chainatlas can read; {save}"
    return None


class WorkbookRefused(Exception):
    """The workbook exceeds a limit; the message says which and how to raise it."""


@dataclass
class SheetScan:
    """What one worksheet's XML holds."""

    rows: int = 0
    cells: int = 0
    no_value_formulas: dict[str, str] = field(default_factory=dict)  # "B5" -> "=A5*2"


def _chunks(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    with archive.open(name) as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _check_shared_strings(archive: zipfile.ZipFile, name: str, lim: Limits) -> None:
    """Refuse a shared text longer than ``lim.cell_chars`` without reading it whole."""
    cap = lim.cell_chars * 4 + 4096  # bytes: no text of cell_chars characters is longer
    buf, index = b"", 0
    for chunk in _chunks(archive, name):
        buf += chunk
        pos, start = 0, -1
        while (start := buf.find(b"<si", pos)) >= 0:
            end = buf.find(b"</si>", start)
            if end < 0:
                break
            if end - start > lim.cell_chars:  # maybe: count the characters themselves
                text = re.sub(rb"<[^>]*>", b"", buf[start:end]).decode("utf-8", "replace")
                if len(text) > lim.cell_chars:
                    _too_long(index, lim)
            index, pos = index + 1, end + 5
        buf = buf[start:] if start >= 0 else buf[-8:]
        if len(buf) > cap:
            _too_long(index, lim)


def _too_long(index: int, lim: Limits) -> None:
    raise WorkbookRefused(
        f"text number {index + 1} of the workbook is longer than {lim.cell_chars:,} characters, "
        f"the most a cell may hold {lim.hint('cell_chars')}: shorten it or move long notes "
        "elsewhere"
    )


def _scan_sheet(archive: zipfile.ZipFile, name: str, lim: Limits) -> SheetScan:
    scan = SheetScan()
    tail = b""
    for chunk in _chunks(archive, name):
        if b"<" not in chunk and lim.cell_chars * 4 < CHUNK:
            raise WorkbookRefused(
                f"a cell of {name} holds more than {CHUNK:,} bytes of text; a cell may hold "
                f"at most {lim.cell_chars:,} characters {lim.hint('cell_chars')}"
            )
        scan.rows += len(_ROW.findall(chunk))
        scan.cells += len(_CELL.findall(chunk))
        data = tail + chunk
        if b"<f" in data or b":f" in data:
            for m in _NO_VALUE_FORMULA.finditer(data):
                text = (m.group(3) or b"").decode("utf-8", "replace")
                if len(scan.no_value_formulas) < 100 and (text or b"shared" in m.group(2)):
                    formula = f"={text}" if text else "(a shared formula)"
                    scan.no_value_formulas.setdefault(m.group(1).decode(), formula)
        tail = data[-4096:]
        if scan.cells > lim.cells or scan.rows > lim.rows + 20:
            break  # enough to refuse; the caller names the limit
    return scan


def scan_workbook(path: Path, lim: Limits) -> dict[str, SheetScan]:
    """Each worksheet's ``SheetScan`` by its path in the zip (``xl/worksheets/sheet1.xml``).

    Raises ``WorkbookRefused`` when the workbook unzips to more than ``lim.xlsx_bytes`` or a
    shared text is too long; ``zipfile.BadZipFile`` when it is no zip at all.
    """
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        if total > lim.xlsx_bytes:
            raise WorkbookRefused(
                f"the workbook unzips to {total / 2**20:,.0f} MB; the limit is "
                f"{lim.xlsx_mb:,} MB {lim.hint('xlsx_mb')}: split the table into several files"
            )
        sheets = [i for i in infos if i.filename.startswith("xl/worksheets/")]
        whole = total - sum(i.file_size for i in sheets)  # what openpyxl reads whole
        if whole > lim.xlsx_bytes // 4 or len(sheets) > MAX_SHEETS:
            what = (
                f"{len(sheets):,} sheets; the limit is {MAX_SHEETS}"
                if len(sheets) > MAX_SHEETS
                else f"{whole / 2**20:,.0f} MB of shared texts and styles; the limit is "
                f"{lim.xlsx_mb // 4:,} MB {lim.hint('xlsx_mb')}"
            )
            raise WorkbookRefused(f"the workbook holds {what}: save the table alone as a new file")
        out: dict[str, SheetScan] = {}
        for info in infos:
            name = info.filename
            if name.lower().endswith("sharedstrings.xml"):
                _check_shared_strings(archive, name, lim)
            elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                out[name] = _scan_sheet(archive, name, lim)
        return out
