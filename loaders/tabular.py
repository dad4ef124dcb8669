"""Reading tables (CSV, XLSX, JSON, JSON lines) into rows with their line or row numbers.

Office exports in China come as UTF-8 (with or without BOM) or GB18030/GBK; both decode.
Headers are matched case-insensitively, in English or Chinese, through each loader's aliases.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .guards import RowGuard, StopReading
from .limits import limits
from .report import LoadReport
from .values import clean_values, shown
from .xlsx_scan import foreign_format

__all__ = [
    "Row",
    "canonical_headers",
    "check_headers",
    "HEADER_SEARCH_ROWS",
    "MixedEncoding",
    "decode_bytes",
    "check_size",
    "read_text",
    "iter_rows",
    "normalise_header",
    "TABLE_SUFFIXES",
    "MAX_BYTES",
]

TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson"}
# A planner's file is read whole and every row is kept until the load is written (all or
# nothing), so the size is capped: 64 MB is ~250,000 registry rows, well past the embedded
# store's scale. Public data sets (ChainKnowledgeGraph) have their own streaming importer.
MAX_BYTES = 64 * 1024 * 1024
HEADER_SEARCH_ROWS = 10  # how far down a spreadsheet to look for a header under a title


@dataclass
class Row:
    """One data row: its values by canonical field name and where it came from."""

    values: dict[str, Any]
    line: int | None = None  # text files
    row: int | None = None  # spreadsheets and JSON arrays (1-based data row)
    raw_headers: dict[str, str] | None = None

    def where(self) -> dict[str, int | None]:
        return {"line": self.line, "row": self.row}


class MixedEncoding(UnicodeDecodeError):
    """Some lines are UTF-8 and others are not: the file was pasted together from two sources."""

    def __init__(self, data: bytes, utf8_line: int, other_line: int) -> None:
        super().__init__("utf-8", data[:1], 0, 1, "mixed encodings")
        self.utf8_line = utf8_line
        self.other_line = other_line


def _is_cjk_text(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    return len(wide) >= 2 and all(
        "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
        for ch in wide
    )


def _check_mixed(data: bytes) -> None:
    """Raise ``MixedEncoding`` when Chinese UTF-8 lines sit beside lines that are not UTF-8."""
    utf8_line = other_line = 0
    for n, raw in enumerate(re.split(rb"\r\n|\r|\n", data), start=1):
        if raw.isascii():
            continue
        try:
            text = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError:
            other_line = other_line or n
        else:
            if _is_cjk_text(text):
                utf8_line = utf8_line or n
        if utf8_line and other_line:
            raise MixedEncoding(data, utf8_line, other_line)


UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
GBK_AFTER_BOM = "gb18030 after a UTF-8 BOM"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without its byte-order mark (every other byte NUL for ASCII), when
    it decodes to printable text; else None (binary data)."""
    if len(data) % 2:
        return None
    head = data[:4096]
    for codec, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) < len(zeros) * 0.3:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:2048]
        if sum(ch.isprintable() or ch in "\t\r\n" for ch in sample) >= len(sample) * 0.95:
            return text
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode UTF-16 with a BOM, UTF-8 (BOM or not) or GB18030; returns (text, encoding).

    Raises ``UnicodeDecodeError`` for binary data and ``MixedEncoding`` for a file whose lines
    are partly UTF-8 and partly GBK (it would otherwise decode to garbled names). A UTF-8 BOM
    followed by GBK text (a GBK file saved again by a tool that adds the mark) is read as
    GB18030 without the mark; the encoding returned says so.

    >>> decode_bytes(b"\\xef\\xbb\\xbf" + "名称".encode("gbk"))
    ('名称', 'gb18030 after a UTF-8 BOM')
    """
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16 without BOM"
        raise UnicodeDecodeError("binary", data[:1], 0, 1, "binary data (NUL bytes)")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        _check_mixed(data)
    bom = data.startswith(UTF8_BOM)
    try:
        return data[3 if bom else 0 :].decode("gb18030"), GBK_AFTER_BOM if bom else "gb18030"
    except UnicodeDecodeError:
        pass
    raise UnicodeDecodeError("utf-8/gb18030", data[:1], 0, 1, "not UTF-8 nor GB18030")


def check_size(path: Path, report: LoadReport[Any], limit: int | None = None) -> bool:
    """False, with a problem recorded, when the file is missing or larger than ``limit``
    (by default ``limits().file_bytes``, set by CHAINATLAS_MAX_FILE_MB)."""
    hint = ""
    if limit is None:
        limit, hint = limits().file_bytes, " " + limits().hint("file_mb")
    try:
        size = path.stat().st_size
    except OSError as exc:
        report.add("unreadable-file", f"cannot read the file: {exc.strerror or exc}")
        return False
    if size > limit:
        report.add(
            "file-too-large",
            f"the file is {size / 2**20:.0f} MB; the limit is {limit / 2**20:.0f} MB{hint}: "
            "split it into several files and load them one after another",
        )
        return False
    return True


def read_text(path: Path, report: LoadReport[Any], limit: int | None = None) -> str | None:
    """The file's text, or ``None`` with a problem recorded when it cannot be read."""
    if not check_size(path, report, limit):
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add("unreadable-file", f"cannot read the file: {exc.strerror or exc}")
        return None
    if not data.strip():
        report.add("empty-file", "the file is empty; check that you picked the right file")
        return None
    try:
        text, encoding = decode_bytes(data)
    except MixedEncoding as exc:
        report.add(
            "mixed-encoding",
            f"line {exc.utf8_line} is UTF-8 but line {exc.other_line} is not (GBK?): the file "
            "was pasted together from two encodings; save the whole file as UTF-8 in "
            "Excel/WPS or an editor",
            line=exc.other_line,
        )
        return None
    except UnicodeDecodeError:
        report.add(
            "bad-encoding",
            "the file is neither UTF-8 nor GB18030/GBK text (is it binary?); save it as UTF-8 text",
        )
        return None
    if encoding == "utf-16 without BOM":
        report.add(
            "encoding",
            "the file is UTF-16 without its byte-order mark; read as UTF-16. Save it as "
            "'CSV UTF-8' so every tool reads it the same way",
            line=1,
            severity="warning",
        )
    if encoding == GBK_AFTER_BOM:
        report.add(
            "mixed-encoding",
            "the file starts with a UTF-8 mark (BOM) but its text is GBK; read as GBK. "
            "Save it again as 'CSV UTF-8' so every tool reads it the same way",
            line=1,
            severity="warning",
        )
    return text


def normalise_header(name: Any) -> str:
    """Lowercase, full-width forms read as ASCII (NFKC: ``（亿元）`` is ``(亿元)``), spaces
    inside and dashes as ``_``, line breaks and spaces around dropped."""
    text = "" if name is None else unicodedata.normalize("NFKC", str(name))
    text = _SPACE_BY_WIDE.sub("", text.replace("\ufeff", ""))  # 营业收入 (亿元), 企业 名称
    return "_".join(text.split()).lower().replace("-", "_")


# spaces next to a Chinese character or a bracket are not part of a header's name
_SPACE_BY_WIDE = re.compile(r"\s+(?=[^\x00-\x7f()])|(?<=[^\x00-\x7f()])\s+|\s+(?=\()|(?<=\))\s+")


def canonical_headers(headers: list[str], aliases: dict[str, str]) -> list[str]:
    return [aliases.get(normalise_header(h), normalise_header(h)) for h in headers]


def iter_rows(
    path: Path, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    """Yield the rows of a table file; header problems are recorded in ``report``.

    Every text value is cleaned once here (``values.clean_text``): control, bidi and
    zero-width characters removed and codes NFKC-normalised, each change a warning.
    """
    suffix = path.suffix.lower()
    foreign = foreign_format(path) if path.is_file() else None
    if foreign:
        report.add("bad-format", foreign)
        return
    if suffix in {".xlsx", ".xlsm"}:
        from .xlsx import iter_xlsx

        rows = iter_xlsx(path, report, aliases, required)
    elif suffix in {".json", ".jsonl", ".ndjson"}:
        from .json_rows import iter_json

        rows = iter_json(path, report, aliases, required)
    else:
        rows = _iter_csv(path, report, aliases, required)
    before, count = len(report.errors), 0
    guard = RowGuard(report, limits())
    try:
        for row in rows:
            count += 1
            headers = row.raw_headers or {}
            if not guard.admit(row.values, headers, row.where()):
                continue
            guard.look(report.kind, row.values, headers, **row.where())
            row.values = clean_values(row.values, report, headers, **row.where())
            yield row
        guard.finish()
    except StopReading:
        pass
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    if count == 0 and len(report.errors) == before:
        report.add(
            "no-rows",
            "the file has a header but no data rows; fill in rows or leave the file out",
        )


def check_headers(
    raw: list[str], canon: list[str], report: LoadReport[Any], required: set[str], **where: Any
) -> bool:
    ok = True
    seen: set[str] = set()
    for r, c in zip(raw, canon, strict=True):
        refusal = getattr(c, "refusal", None)  # headers.UnknownHeader: the load stops
        name = r if len(r) <= 60 else r[:59] + "…"
        if refusal:
            report.add("unknown-column", refusal, field=name, **where)
            ok = False
        elif warning := getattr(c, "warning", None):  # headers.IgnoredHeader: said so
            report.add(
                "ignored-column", f"column {name!r}: {warning}", field=name, severity="warning",
                **where,
            )  # fmt: skip
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


def header_fits(header: list[str], report: LoadReport[Any], **where: Any) -> bool:
    """False, reported, when a header cell is longer than a cell may be."""
    lim = limits()
    for n, cell in enumerate(header, start=1):
        if len(cell) > lim.cell_chars:
            report.add(
                "too-long",
                f"header cell {n} holds {len(cell):,} characters; a cell may hold at most "
                f"{lim.cell_chars:,} {lim.hint('cell_chars')}: name the column in a few words",
                value=shown(cell[:60]),
                **where,
            )
            return False
    return True


SEP_LINE = re.compile(r'\ufeff?"?sep=([,;\t|])"?[ \t]*(?:\r\n|\r|\n)', re.IGNORECASE)


def _delimiter(text: str, suffix: str) -> str:
    """The delimiter of the header row: the most frequent of tab, comma and semicolon outside
    quotes (a tab inside a quoted cell does not make the file tab-separated)."""
    if suffix == ".tsv":
        return "\t"
    head = re.split(r"\r\n|\r|\n", text[:65536], maxsplit=1)[0]
    outside = re.sub(r'"[^"]*"', "", head)
    counts = {sep: outside.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def repeats_header(cells: list[str], named: list[str]) -> bool:
    """A data row that is the header again (two CSV files pasted one under the other);
    ``named``: the header's non-empty cells, normalised."""
    if len(named) < 2 or not cells or normalise_header(cells[0]) not in named:
        return False  # quick: most rows start with a value that is no header
    return sorted(normalise_header(c) for c in cells if c.strip()) == sorted(named)


def _iter_csv(
    path: Path, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    text = read_text(path, report)
    if text is None:
        return
    sep_line = SEP_LINE.match(text)  # Excel's "sep=;" line names the delimiter
    delimiter = sep_line.group(1) if sep_line else _delimiter(text, path.suffix.lower())
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))  # long cells: limits.py says
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    at = 2 if sep_line else 1  # the header's line
    try:
        if sep_line:
            next(reader)
        header = next(reader)
    except StopIteration:
        report.add("empty-file", "the file has no header row")
        return
    except csv.Error as exc:
        report.add("bad-csv", f"cannot parse the header: {exc}", line=at)
        return
    if not header_fits(header, report, line=at):
        return
    canon = canonical_headers(header, aliases)
    if not check_headers(header, canon, report, required, line=at):
        return
    width = len(header)
    named = [normalise_header(h) for h in header if h.strip()]
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
        if repeats_header(cells, named):
            if [normalise_header(c) for c in cells[:width]] == [
                normalise_header(h) for h in header
            ]:
                report.add(
                    "repeated-header",
                    "this line repeats the header (two files pasted together?); skipped. "
                    "Delete the line to silence this warning",
                    line=start,
                    value=shown(delimiter.join(cells)),
                    severity="warning",
                )
                continue
            report.add(
                "repeated-header",
                "this line is a header again, with the columns in another order (two files "
                "pasted together?): the rows below it would fill the wrong fields; put the "
                "columns in the same order as line 1, or load the two parts as two files",
                line=start,
                value=shown(delimiter.join(cells)),
            )
            return
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
