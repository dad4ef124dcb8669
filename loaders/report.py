"""``LoadReport``: what a loader found good, and every problem down to the row and field."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from chainatlas.graph.errors import LoadError, Problem
from pydantic import BaseModel, Field, ValidationError

__all__ = ["Problem", "LoadReport", "problems_from_validation"]

T = TypeVar("T")


class LoadReport(BaseModel, Generic[T]):
    """``valid`` records plus ``problems``. A report with an error problem must not be written."""

    file: str = ""
    kind: str = ""
    valid: list[T] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

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
