"""Checks every table row passes at the door (``tabular.iter_rows``): the limits of
``limits.py`` (rows, cells, characters in a cell, problems before reading stops), values a
planner should look at (dates years ahead, amounts no firm has) and names that collide once
normalised (full-width forms, traditional and simplified characters, invisible characters,
case): probable duplicates, each a warning naming both rows.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from .limits import Limits
from .report import LoadReport
from .values import parse_date, parse_number, shown, strip_invisible

__all__ = [
    "RowGuard",
    "StopReading",
    "check_value",
    "deeper_than",
    "name_fold",
    "simplified",
    "too_long",
    "AMOUNT_LIMITS",
    "FUTURE_DAYS",
]

FUTURE_DAYS = 366  # a date more than a year ahead is probably a typing slip (2099, 2062)
# fields holding amounts, and the largest value any real firm or project has
AMOUNT_LIMITS = {
    "revenue_100m_cny": 100_000.0,  # 10 trillion yuan; the largest firm has ~3.5
    "investment_100m_cny": 20_000.0,  # 2 trillion yuan for one project
    "employees": 3_000_000.0,
}
DATE_KEYS = frozenset({"as_of", "date", "status_date", "contact_date", "next_date", "on", "true"})
NAME_KEYS = ("name", "full_name")
# what whole-record checks (``checks.py``) look for in a spreadsheet row to name it
SEARCHED_KEYS = frozenset({*NAME_KEYS, "id", "enterprise", "parent", "from", "to", "chain"})
# what Excel and WPS show in a cell whose formula failed; saved as text in CSV and as the
# cached value in XLSX, it would load as a name or a code
EXCEL_ERRORS = frozenset(
    "#N/A #REF! #VALUE! #DIV/0! #NAME? #NUM! #NULL! #SPILL! #CALC! #GETTING_DATA".split()
)


class StopReading(Exception):
    """Reading stops: a limit was passed (already reported)."""


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


class _Simple(dict):  # type: ignore[type-arg]
    """Code point -> its simplified form (OpenCC t2s), each converted once, for str.translate."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = simple = ch if code < 0x2E80 else str(_t2s().convert(ch))
        return simple


_SIMPLE = _Simple()


def simplified(text: str) -> str:
    """``text`` with traditional characters read as simplified, character by character (OpenCC
    t2s; each character converted once per process, so a 100,000-row file costs little).

    >>> simplified("比亞迪")
    '比亚迪'
    """
    return text if text.isascii() else text.translate(_SIMPLE)


def name_fold(name: str) -> str:
    """A name as compared for duplicates: NFKC (full-width to ASCII), no invisible characters or
    spaces, lower case, traditional characters read as simplified.

    >>> name_fold("ＢＹＤ 比亞迪\\u200b") == name_fold("byd比亚迪")
    True
    """
    text = strip_invisible(unicodedata.normalize("NFKC", name))
    text = "".join(text.split()).casefold()
    return simplified(text)


def deeper_than(value: Any, limit: int) -> bool:
    """True when lists and objects nest more than ``limit`` levels (no recursion).

    >>> deeper_than([[[1]]], 2), deeper_than({"a": [1]}, 2)
    (True, False)
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend(
                (v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)
            )
    return False


def too_long(value: Any, lim: Limits) -> bool:
    return isinstance(value, str) and len(value) > lim.cell_chars


def check_value(
    key: str, value: Any, report: LoadReport[Any], field_name: str, where: dict[str, Any]
) -> None:
    """A warning for a date more than a year ahead or an amount no firm has."""
    if isinstance(value, list):
        return
    key = key.lower()
    if key in DATE_KEYS or key.endswith("_date"):
        try:
            day = parse_date(value)
        except (ValueError, TypeError):
            return
        if day is not None and day > date.today() + timedelta(days=FUTURE_DAYS):
            report.add(
                "future-date",
                f"{field_name} {day.isoformat()} is more than a year ahead; check the year",
                field=field_name,
                value=value,
                severity="warning",
                **where,
            )
    elif key in AMOUNT_LIMITS:
        try:
            number = parse_number(value)
        except (ValueError, TypeError):
            return
        if number is not None and abs(number) > AMOUNT_LIMITS[key]:
            report.add(
                "implausible-amount",
                f"{field_name} {number:g} is larger than any real one "
                f"({AMOUNT_LIMITS[key]:g}); check the unit (亿元) and the digits",
                field=field_name,
                value=value,
                severity="warning",
                **where,
            )


class RowGuard:
    """The checks of one file's rows, in reading order."""

    def __init__(self, report: LoadReport[Any], lim: Limits) -> None:
        self.report = report
        self.lim = lim
        self.rows = 0
        self.cells = 0
        self.pending: list[tuple[str, str, dict[str, Any]]] = []  # (name, field, where)
        self.watched: list[str] | None = None
        self.counted = self.errors = 0  # problems of the report seen so far, errors among them

    def admit(self, values: dict[str, Any], headers: dict[str, str], where: dict[str, Any]) -> bool:
        """False, reported, for a row with a cell past the length limit; raises ``StopReading``
        past the row, cell or problem limits."""
        lim, report = self.lim, self.report
        for problem in report.problems[self.counted :]:  # counted once: a file may warn a lot
            self.errors += problem.severity == "error"
        self.counted = len(report.problems)
        if self.errors >= lim.problems:
            report.add(
                "too-many-problems",
                f"stopped reading after {lim.problems} problems {lim.hint('problems')}: "
                "fix these and load the file again",
                **where,
            )
            raise StopReading
        self.rows += 1
        self.cells += len(values)
        if self.rows > lim.rows or self.cells > lim.cells:
            which = "rows" if self.rows > lim.rows else "cells"
            report.add(
                "too-large",
                f"the file has more than {getattr(lim, which):,} {which} {lim.hint(which)}: "
                "split it into several files and load them one after another",
                **where,
            )
            raise StopReading
        ok, cap = True, lim.cell_chars
        for key, value in values.items():
            long: str | None
            if isinstance(value, str):
                if value.strip() in EXCEL_ERRORS:
                    ok = self._excel_error(key, value, headers, where)
                    continue
                if len(value) <= cap:
                    continue
                long = value
            elif isinstance(value, list):
                long = next((v for v in value if too_long(v, lim)), None)
            else:
                continue
            if long is not None:
                name = headers.get(key) or key
                report.add(
                    "too-long",
                    f"{name} holds {len(long):,} characters; a cell may hold at most "
                    f"{lim.cell_chars:,} {lim.hint('cell_chars')}: shorten it",
                    field=name,
                    value=shown(long[:60]),
                    **where,
                )
                ok = False
        return ok

    def _excel_error(
        self, key: str, value: str, headers: dict[str, str], where: dict[str, Any]
    ) -> bool:
        name = headers.get(key) or key
        self.report.add(
            "excel-error",
            f"{name} shows the spreadsheet error {value.strip()} (a formula that failed, e.g. "
            "a VLOOKUP that found nothing); fix the formula in Excel/WPS or clear the cell",
            field=name,
            value=value,
            **where,
        )
        return False

    def look(
        self, kind: str, values: dict[str, Any], headers: dict[str, str], **where: Any
    ) -> None:
        """Warnings on a row as read: future dates, implausible amounts, duplicate names."""
        if self.watched is None:  # the fields that can hold a date or an amount
            self.watched = [
                k
                for k in values
                if k.lower() in DATE_KEYS or k.lower().endswith("_date") or k in AMOUNT_LIMITS
            ]
        for key in self.watched:
            value = values.get(key)
            if value not in (None, ""):
                check_value(key, value, self.report, headers.get(key) or key, where)
        if kind == "enterprises":
            self._duplicate_names(values, headers, where)
        if where.get("line") is None and where.get("row") is not None:  # a spreadsheet row
            self.report.note_row(where["row"], self._cells(values))

    @staticmethod
    def _cells(values: dict[str, Any]) -> list[Any]:
        """The cells a whole-record check may look for (ids, names, references, regions,
        dates), as records hold them: dates written as text read as dates."""
        out: list[Any] = []
        for key, value in values.items():
            lower = key.lower()
            if lower in DATE_KEYS or lower.endswith("_date"):
                try:
                    out.append(parse_date(value) if isinstance(value, str) else value)
                except ValueError:
                    out.append(value)
            elif lower in SEARCHED_KEYS or lower.endswith("_id") or "region" in lower:
                out.append(value)
        return out

    def _duplicate_names(
        self, values: dict[str, Any], headers: dict[str, str], where: dict[str, Any]
    ) -> None:
        """Remember the row's names; ``finish`` compares them."""
        for key in NAME_KEYS:
            raw = values.get(key)
            if isinstance(raw, str) and raw.strip():
                self.pending.append((raw, headers.get(key) or key, where))

    def finish(self) -> None:
        """Warn of names that collide once folded (``name_fold``), naming both rows."""
        if not self.pending:
            return
        folds = [name_fold(raw) for raw, _, _ in self.pending]
        first: dict[str, tuple[str, str, dict[str, Any]]] = {}
        for fold, (raw, field_name, where) in zip(folds, self.pending, strict=True):
            seen = first.setdefault(fold, (raw, field_name, where)) if fold else None
            if seen is None or seen[2] is where:
                continue  # the first with this name, or the same row (name and full name)
            place = ", ".join(f"{k} {v}" for k, v in seen[2].items() if v is not None)
            self.report.add(
                "probable-duplicate",
                f"{field_name} {shown(raw.strip())!r} is the same name as "
                f"{shown(seen[0].strip())!r} ({seen[1]}, {place}) once full-width, traditional, "
                "invisible characters and case are set aside; keep one row, or tell the two "
                "firms apart",
                field=field_name,
                value=shown(raw),
                severity="warning",
                **where,
            )
        self.pending = []
