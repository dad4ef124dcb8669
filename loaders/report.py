"""``LoadReport``: what a loader found good, and every problem down to the row and field."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from chainatlas.graph.errors import LoadError, Problem
from pydantic import BaseModel, Field, PrivateAttr, ValidationError

__all__ = ["Problem", "LoadReport", "problems_from_validation"]

T = TypeVar("T")


class LoadReport(BaseModel, Generic[T]):
    """``valid`` records plus ``problems``. A report with an error problem must not be written."""

    file: str = ""
    kind: str = ""
    valid: list[T] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    # the cells of each spreadsheet row read (sheet row, its values as text): where a check on
    # whole records (cycles, same-day stages, same names) finds the row a record came from
    # (each row's cells as one NUL-joined string: ~100 bytes a row, where a set of its cells
    # would cost ~1 KB on a 250,000-row workbook)
    _sheet_rows: list[tuple[int, str]] = PrivateAttr(default_factory=list)

    def note_row(self, row: int, values: Iterable[Any]) -> None:
        """Remember the values of a spreadsheet row (for :meth:`find_row`)."""
        cells = "\x00".join(filter(None, map(cell_key, values)))
        self._sheet_rows.append((row, f"\x00{cells}\x00"))

    def find_row(self, *values: str, last: bool = False) -> int | None:
        """The first (or ``last``) noted row holding every one of ``values`` as a whole cell."""
        wanted = [f"\x00{v}\x00" for v in values if v]
        if not wanted:
            return None
        rows = reversed(self._sheet_rows) if last else iter(self._sheet_rows)
        return next((row for row, cells in rows if all(v in cells for v in wanted)), None)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, kind: str, message: str, **where: Any) -> None:
        where.setdefault("file", self.file)
        if "value" in where:
            where["value"] = _short(where["value"])
        self.problems.append(Problem(kind=kind, message=message, **where))

    def cap(self, limit: int, hint: str) -> None:
        """Keep the problems up to the ``limit``-th error and say how many more were not listed
        (for readers that read a whole document before checking it: YAML). A report a table
        reader already stopped (``too-many-problems``) is left as it is."""
        errors = 0
        for i, problem in enumerate(self.problems):
            if problem.kind == "too-many-problems":
                return
            errors += problem.severity == "error"
            if errors == limit:
                rest = self.problems[i + 1 :]
                if not rest:
                    return
                del self.problems[i + 1 :]
                place = {"line": rest[0].line, "row": rest[0].row}
                self.add(
                    "too-many-problems",
                    f"listed the first {limit} problems {hint}; {len(rest)} more were not "
                    "listed: fix these and load the file again",
                    **place,
                )
                return

    def raise_for_problems(self) -> None:
        """Raise ``LoadError`` listing the errors, if there are any."""
        errs = self.errors
        if errs:
            head = str(errs[0])
            more = f" (and {len(errs) - 1} more problems)" if len(errs) > 1 else ""
            raise LoadError(head + more, errs)

    def table(self) -> list[dict[str, Any]]:
        """The problems flattened into rows (for tests, CSV and ``--json``)."""
        return [p.model_dump() for p in self.problems]


def cell_key(value: Any) -> str:
    """A cell as :meth:`LoadReport.find_row` compares it: text stripped, a date as
    ``YYYY-MM-DD``, a whole number without ``.0``.

    >>> cell_key(datetime(2013, 5, 1)), cell_key(3.0), cell_key(" a "), cell_key(None)
    ('2013-05-01', '3', 'a', '')
    """
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _short(value: Any, limit: int = 80) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problems_from_validation(
    report: LoadReport[Any],
    exc: ValidationError,
    *,
    row: int | None = None,
    line: int | None = None,
    field_names: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> None:
    """Turn a pydantic error into problems naming the input's own column names."""
    field_names = field_names or {}
    values = values or {}
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ())]
        name = loc[0] if loc else ""
        shown = field_names.get(name, name)
        value = values.get(name, err.get("input", ""))
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = ""
        msg = str(err.get("msg", "invalid value"))
        msg = msg.removeprefix("Value error, ")
        if len(loc) > 1 and loc[1].isdigit():
            item = err.get("input", "")
            msg = f"item {int(loc[1]) + 1} ({item!r}): {msg}"
            if isinstance(item, int | float):
                msg += " (in a YAML list, quote names that contain commas or start with digits)"
        kind = "invalid-value"
        msg = _what_to_do(msg, shown, str(err.get("type", "")))
        if err.get("type") == "missing":
            kind, msg = "missing-value", f"{shown} is required; fill it in"
        elif err.get("type") == "extra_forbidden":
            kind, msg = "unknown-field", f"unknown field {shown!r}; remove it or check its spelling"
        report.add(kind, msg, row=row, line=line, field=shown, value=value)


def _what_to_do(msg: str, field: str, err_type: str) -> str:
    """Pydantic says what is wrong; add the field's name and what to write instead."""
    if msg.startswith("Input should be "):
        msg = f"{field or 'the value'} must be {msg.removeprefix('Input should be ')}"
    if "date" in err_type:
        return msg + "; write it as YYYY-MM-DD"
    if err_type == "enum":
        return msg + "; write one of them"
    if err_type.startswith(("greater", "less")):
        return msg + "; correct the value"
    if err_type.endswith(("_parsing", "_type")):
        return msg + "; correct the value"
    return msg
