"""Cell parsing shared by the table loaders: dates, numbers, lists, ids, chain/segment names."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from chainatlas.graph.model import Chain, Enterprise, Segment

from .report import LoadReport

__all__ = [
    "cell_text",
    "clean_text",
    "clean_values",
    "clean_tree",
    "shown",
    "strip_invisible",
    "strip_invisible_all",
    "escape_invisible_json",
    "INVISIBLE_CHARS",
    "CODE_FIELDS",
    "parse_date",
    "parse_number",
    "split_list",
    "make_id",
    "check_province",
    "not_scalar",
    "LoadContext",
]

# GB/T 2260 province-level codes (the first two digits of every division code)
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?$")


def parse_date(value: Any) -> date | None:
    """``2013-04-19``, ``2013/4/19``, ``2013年4月19日``, ``2013-04`` or a spreadsheet date.

    >>> parse_date("2013年4月19日")
    datetime.date(2013, 4, 19)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    m = _DATE_RE.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        try:
            return date(y, mo, d)
        except ValueError as exc:  # 2013-13-45
            raise ValueError(
                f"date {text!r} does not exist ({exc}); write it as YYYY-MM-DD"
            ) from None
    if re.fullmatch(r"\d{4}", text) and int(text) > 0:
        return date(int(text), 1, 1)
    if re.fullmatch(r"[2-7]\d{4}(?:\.\d+)?", text):  # 45292: Excel's day count for 2024-01-01
        raise ValueError(
            f"date {text!r} is a spreadsheet day number, not a date; format the column as a "
            "date (YYYY-MM-DD) in Excel/WPS before saving"
        )
    raise ValueError(f"date {text!r} is not a date; write it as YYYY-MM-DD")


def cell_text(value: Any) -> str:
    """A cell as trimmed text: None is empty, a whole float (a spreadsheet number) has no ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# C0/C1 controls except tab and newline, bidi embeddings/overrides/isolates and marks (the
# Arabic letter mark too), zero-width spaces and joiners, word joiner and invisible operators,
# deprecated format characters, BOM, soft hyphen, combining grapheme joiner, Mongolian vowel
# separator, Hangul fillers, interlinear annotation marks and tag characters: invisible in a
# name (two names that look alike), harmful on a terminal.
INVISIBLE_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e007f"
)
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# Fields that hold codes (region codes, USCC, stock codes, GB/T codes): read through NFKC so
# full-width digits and letters become ASCII.
CODE_FIELDS = frozenset(
    {"uscc", "stock_code", "hq_region", "plants", "planned", "code", "parent", "region_code"}
    | {"gbt_codes", "gbt_code"}
)


def shown(text: str) -> str:
    """Text with its invisible and control characters written as escapes (``\\x1b``).

    >>> shown("BYD\\u202e")
    'BYD\\\\u202e'
    """
    return _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def strip_invisible(text: str) -> str:
    """``text`` without control (but tab and newline), bidi and zero-width characters; a
    carriage return becomes a newline. For output: whatever a store holds prints as text."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", text)


def strip_invisible_all(value: Any) -> Any:
    """``value`` with :func:`strip_invisible` applied to every string in it (dict keys too,
    lists, tuples): for data an output embeds whole, such as the explorer page's JSON.

    >>> strip_invisible_all({"n\u202e": ["a\u2066b", 1]})
    {'n': ['ab', 1]}
    """
    if isinstance(value, str):
        return strip_invisible(value)
    if isinstance(value, dict):
        return {strip_invisible_all(k): strip_invisible_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(strip_invisible_all(v) for v in value)
    return value


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # a tag character: a surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def escape_invisible_json(text: str) -> str:
    """JSON text with every invisible character written as its ``\\uXXXX`` escape: the data
    stays exact, but nothing invisible reaches a terminal (JSON allows these characters only
    inside strings, where the escape means the same).

    >>> escape_invisible_json('{"n": "a\u202eb"}')
    '{"n": "a\\\\u202eb"}'
    """
    return _INVISIBLE.sub(lambda m: _json_escape(m.group()), text)


_EXCEL_TEXT = re.compile(r'="([^"]*)"')  # ="002812": a CSV cell Excel reads as text


def clean_text(text: str, *, code: bool = False) -> tuple[str, str]:
    """``(cleaned, what)``: ``what`` names what was changed, empty when nothing was.

    Carriage returns become newlines silently; other control, bidi and zero-width characters
    are removed. With ``code`` the text is also NFKC-normalised (full-width digits to ASCII).

    >>> clean_text("BYD\\x1b]0;x\\x07\\u200b")
    ('BYD]0;x', 'removed invisible/control characters')
    >>> clean_text("４１０７００", code=True)
    ('410700', 'full-width characters read as ASCII')
    >>> clean_text('="002812"')[0]
    '002812'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    what = ""
    if text.startswith('="') and (kept := _EXCEL_TEXT.fullmatch(text)):
        text, what = kept.group(1), 'read ="..." (Excel\'s way to keep leading zeros) as its text'
    if _INVISIBLE.search(text):
        text, what = _INVISIBLE.sub("", text), "removed invisible/control characters"
    if code and not text.isascii():
        folded = unicodedata.normalize("NFKC", text)
        if folded != text:
            text, what = folded, what or "full-width characters read as ASCII"
    return text, what


def _clean_one(
    value: Any, key: str, report: LoadReport[Any], field_name: str, where: dict[str, Any]
) -> Any:
    if isinstance(value, list):
        return [_clean_one(x, key, report, field_name, where) for x in value]
    if not isinstance(value, str):
        return value
    cleaned, what = clean_text(value, code=key in CODE_FIELDS)
    if what:
        report.add(
            "cleaned-text",
            f"{what} in {field_name} (read as {cleaned.strip()[:60]!r}); "
            "check the value in the source file",
            severity="warning",
            field=field_name,
            value=shown(value),
            **where,
        )
    return cleaned


def clean_values(
    values: dict[str, Any], report: LoadReport[Any], headers: dict[str, str], **where: Any
) -> dict[str, Any]:
    """One record's values with every text cleaned (``clean_text``), each change a warning."""
    return {k: _clean_one(v, k, report, headers.get(k) or k, where) for k, v in values.items()}


def clean_tree(
    value: Any, report: LoadReport[Any], line_key: str, *, key: str = "", line: Any = None
) -> Any:
    """A parsed YAML/JSON document with every text cleaned; mappings name their line by
    ``line_key``. Each change is a warning naming the key and the nearest line."""
    if isinstance(value, dict):
        line = value.get(line_key, line)
        return {
            k: clean_tree(v, report, line_key, key=str(k), line=line) if k != line_key else v
            for k, v in value.items()
        }
    if isinstance(value, list):
        # in place: the reader's list type remembers each item's line
        value[:] = [clean_tree(v, report, line_key, key=key, line=line) for v in value]
        return value
    if isinstance(value, str):
        return _clean_one(value, key, report, key, {"line": line})
    return value


def parse_number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or str(value).strip().lower() in {"true", "false"}:
        # a TRUE/FALSE cell, or YAML yes/no/on/off
        raise ValueError(
            f"{str(value).strip().upper()} is a yes/no value, not a number; write the amount as "
            "digits, e.g. 12.5 (format the cell as a number, not as TRUE/FALSE)"
        )
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        if not text or text in {"-", "—", "N/A", "n/a", "无"}:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number; write digits only, e.g. 12.5") from None
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number; write digits only, e.g. 12.5")
    return number


def check_province(code: str) -> str | None:
    """A message when a well-formed division code names no province (``990000``), else None."""
    code = code.strip()
    if len(code) >= 2 and code[:2].isdigit() and code[:2] not in PROVINCES:
        return (
            f"region code {code!r} starts with {code[:2]}, which is no province code of "
            "GB/T 2260 (11-65, 71, 81, 82); check the code, e.g. 410700 for Xinxiang"
        )
    return None


def not_scalar(value: Any) -> str | None:
    """A message when a cell holds a JSON list or object where text or a number belongs."""
    if isinstance(value, dict | list):
        what = "an object" if isinstance(value, dict) else "a list"
        return f"expected text or a number here, not {what}; give a single value"
    return None


def split_list(value: Any) -> list[str]:
    """Split ``a;b;c`` (also ``；``, ``、`` and ``|``) into trimmed non-empty items."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value)
    for sep in ("；", "、", "|", "\n"):
        text = text.replace(sep, ";")
    return [p.strip() for p in text.split(";") if p.strip()]


def make_id(prefix: str, *parts: str) -> str:
    """A stable id from text when the input has none: ``e-3f2a9c1b``."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]  # noqa: S324
    return f"{prefix}-{digest}"


@dataclass
class LoadContext:
    """What a loader may check references against: the store's contents plus this batch."""

    chains: dict[str, Chain] = field(default_factory=dict)
    segments: dict[str, Segment] = field(default_factory=dict)
    enterprise_ids: set[str] = field(default_factory=set)
    check_references: bool = True
    enterprise_names: dict[str, str] = field(default_factory=dict)
    lookup_enterprise: Callable[[str], str | None] | None = None
    region_codes: set[str] = field(default_factory=set)  # known regions; empty: not checked
    # every stored firm, read once (on the first file with firms) for the name table below
    stored_enterprises: Callable[[], Iterable[Enterprise]] | None = None
    _stored_names: dict[str, list[str]] | None = None

    def stored_names(self) -> dict[str, list[str]]:
        """The store's firms by exact name and full name (``{name: [ids]}``), built once."""
        if self._stored_names is None:
            table: dict[str, list[str]] = {}
            for e in self.stored_enterprises() if self.stored_enterprises else ():
                for name in {e.name.strip(), (e.full_name or "").strip()} - {""}:
                    table.setdefault(name, []).append(e.id)
            self._stored_names = {k: sorted(v) for k, v in table.items()}
        return self._stored_names

    def resolve_enterprise(self, text: str) -> str | None:
        """An enterprise id from an id, name, full name or alias: this batch first, then the store."""
        text = text.strip()
        if not text:
            return None
        if text in self.enterprise_ids:
            return text
        if text in self.enterprise_names:
            return self.enterprise_names[text]
        return self.lookup_enterprise(text) if self.lookup_enterprise else None

    def resolve_chain(self, text: str) -> str | None:
        text = text.strip()
        if text in self.chains:
            return text
        for c in self.chains.values():
            if text in {c.name_zh, c.name_en} or text.lower() == c.name_en.lower():
                return c.id
        return None

    def resolve_segment(self, text: str, chain_id: str | None = None) -> str | None:
        """A segment id from an id, a name or an alias (within the chain when given)."""
        text = text.strip()
        if text in self.segments:
            return text
        pool = [s for s in self.segments.values() if chain_id is None or chain_id in s.chain_ids]
        for s in pool:
            if text == s.name_zh or text.lower() == s.name_en.lower():
                return s.id
        hits = [s.id for s in pool if text in s.aliases]
        return hits[0] if len(hits) == 1 else None

    def suggest_segments(self, text: str, chain_id: str | None = None, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process

        pool = {
            s.id: " ".join([s.id, *s.names()])
            for s in self.segments.values()
            if chain_id is None or chain_id in s.chain_ids
        }
        found = process.extract(text, pool, scorer=fuzz.partial_ratio, limit=limit)
        return [key for _, score, key in found if score >= 50]
