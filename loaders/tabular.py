"""Reading tables (CSV, XLSX, JSON, JSON lines) into rows with their line or row numbers.

Office exports in China come as UTF-8 (with or without BOM) or GB18030/GBK; both decode.
Headers are matched case-insensitively, in English or Chinese, through each loader's aliases.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chainatlas.loaders.report import LoadReport

__all__ = ["Row", "decode_bytes", "read_text", "iter_rows", "normalise_header", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson"}
MAX_BYTES = 512 * 1024 * 1024


@dataclass
class Row:
    """One data row: its values by canonical field name and where it came from."""

    values: dict[str, Any]
    line: int | None = None  # text files
    row: int | None = None  # spreadsheets and JSON arrays (1-based data row)
    raw_headers: dict[str, str] | None = None

    def where(self) -> dict[str, int | None]:
        return {"line": self.line, "row": self.row}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (BOM or not) or GB18030; returns (text, encoding)."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnicodeDecodeError("binary", data[:1], 0, 1, "binary data (NUL bytes)")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    raise UnicodeDecodeError("utf-8/gb18030", data[:1], 0, 1, "not UTF-8 nor GB18030")


def read_text(path: Path, report: LoadReport[Any]) -> str | None:
    """The file's text, or ``None`` with a problem recorded when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            report.add(
                "file-too-large",
                f"file is {size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB: split it",
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        report.add("unreadable-file", f"cannot read the file: {exc.strerror or exc}")
        return None
    if not data.strip():
        report.add("empty-file", "the file is empty; give a file with a header row and data")
        return None
    try:
        text, _ = decode_bytes(data)
    except UnicodeDecodeError:
        report.add(
            "bad-encoding",
            "the file is neither UTF-8 nor GB18030/GBK text (is it binary?); save it as UTF-8 CSV",
        )
        return None
    return text


def normalise_header(name: Any) -> str:
    text = "" if name is None else str(name)
    return text.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")


def _canonical(headers: list[str], aliases: dict[str, str]) -> list[str]:
    return [aliases.get(normalise_header(h), normalise_header(h)) for h in headers]


def iter_rows(
    path: Path, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    """Yield the rows of a table file; header problems are recorded in ``report``."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        yield from _iter_xlsx(path, report, aliases, required)
    elif suffix in {".json", ".jsonl", ".ndjson"}:
        yield from _iter_json(path, report, aliases, required)
    else:
        yield from _iter_csv(path, report, aliases, required)


def _check_headers(
    raw: list[str], canon: list[str], report: LoadReport[Any], required: set[str], **where: Any
) -> bool:
    ok = True
    seen: set[str] = set()
    for r, c in zip(raw, canon, strict=True):
        if c and c in seen:
            report.add(
                "duplicate-column", f"column {r!r} appears twice; keep one", field=r, **where
            )
            ok = False
        seen.add(c)
    missing = sorted(required - set(canon))
    for m in missing:
        report.add(
            "missing-column",
            f"required column {m!r} is missing; the header has: {', '.join(map(str, raw))}",
            field=m,
            **where,
        )
        ok = False
    return ok


def _iter_csv(
    path: Path, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    text = read_text(path, report)
    if text is None:
        return
    sample = text[:8192]
    delimiter = ","
    if path.suffix.lower() == ".tsv" or (sample.count("\t") > sample.count(",")):
        delimiter = "\t"
    elif sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(","):
        delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        report.add("empty-file", "the file has no header row")
        return
    except csv.Error as exc:
        report.add("bad-csv", f"cannot parse the header: {exc}", line=1)
        return
    canon = _canonical(header, aliases)
    if not _check_headers(header, canon, report, required, line=1):
        return
    width = len(header)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.add(
                "bad-csv",
                f"CSV syntax error: {exc}; check the quotes on this line",
                line=start,
            )
            return
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            report.add(
                "extra-cells",
                f"row has {len(cells)} cells but the header has {width}; "
                "quote values that contain the delimiter",
                line=start,
                value=delimiter.join(cells[width:]),
            )
            continue
        cells = cells + [""] * (width - len(cells))
        yield Row(
            {c: v for c, v in zip(canon, cells, strict=False) if c},
            line=start,
            raw_headers=dict(zip(canon, header, strict=False)),
        )


def _iter_xlsx(
    path: Path, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        report.add(
            "bad-xlsx", f"not a readable XLSX workbook ({exc}); save it again from Excel/WPS"
        )
        return
    try:
        sheets = [ws for ws in wb.worksheets if ws.max_row and ws.max_row > 1]
        if not sheets:
            report.add("empty-file", "the workbook has no sheet with data rows")
            return
        ws = sheets[0]
        if len(sheets) > 1:
            report.add(
                "several-sheets",
                f"the workbook has {len(sheets)} sheets with data; reading the first, {ws.title!r}",
                severity="warning",
            )
        rows = ws.iter_rows(values_only=True)
        header = [("" if c is None else str(c)) for c in next(rows)]
        while header and not header[-1]:
            header.pop()
        if not any(header):
            report.add(
                "missing-header",
                f"sheet {ws.title!r} row 1 is empty: the header must be in row 1 "
                "(merged header cells are not supported; unmerge them)",
                row=1,
            )
            return
        canon = _canonical(header, aliases)
        if "" in canon:
            idx = canon.index("")
            report.add(
                "missing-header",
                f"column {idx + 1} of sheet {ws.title!r} has no header "
                "(merged header cells? unmerge them and name every column)",
                row=1,
            )
            return
        if not _check_headers(header, canon, report, required, row=1):
            return
        for n, cells in enumerate(rows, start=2):
            values = ["" if c is None else c for c in cells[: len(header)]]
            if not any(str(v).strip() for v in values):
                continue
            values += [""] * (len(header) - len(values))
            yield Row(
                dict(zip(canon, values, strict=True)),
                row=n,
                raw_headers=dict(zip(canon, header, strict=True)),
            )
    finally:
        wb.close()


def _iter_json(
    path: Path, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    text = read_text(path, report)
    if text is None:
        return
    items: list[tuple[int | None, int | None, Any]] = []
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            report.add("bad-json", f"JSON syntax error: {exc.msg}", line=exc.lineno)
            return
        items = [(None, i, obj) for i, obj in enumerate(data, start=1)]
    else:
        for n, text_line in enumerate(text.splitlines(), start=1):
            if not text_line.strip():
                continue
            try:
                items.append((n, None, json.loads(text_line)))
            except json.JSONDecodeError as exc:
                report.add("bad-json", f"JSON syntax error: {exc.msg}", line=n)
                return
    for line, row, obj in items:
        if not isinstance(obj, dict):
            report.add("bad-json", "each item must be a JSON object", line=line, row=row)
            continue
        values = {aliases.get(normalise_header(k), normalise_header(k)): v for k, v in obj.items()}
        missing = sorted(required - set(values))
        if missing:
            report.add(
                "missing-value",
                f"missing {', '.join(missing)}",
                line=line,
                row=row,
                field=missing[0],
            )
            continue
        yield Row(values, line=line, row=row, raw_headers={k: k for k in values})
