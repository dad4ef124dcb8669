"""Reading JSON arrays of objects and JSON lines into rows (for ``tabular.iter_rows``).

A key written twice in one object is refused (JSON keeps the last silently); items nesting
deeper than ``limits().depth`` are refused; every item must be an object with named fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .guards import deeper_than
from .limits import limits
from .report import LoadReport
from .tabular import Row, normalise_header, read_text

__all__ = ["iter_json"]


class _RepeatedKey(ValueError):
    """A JSON object names one key twice (JSON keeps the last silently)."""


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _RepeatedKey(key)
        out[key] = value
    return out


def _too_many(text: str, report: LoadReport[Any]) -> bool:
    """True, reported, when the text holds more objects than rows allowed or more values than
    cells allowed (counted before parsing: a 64 MB file of empty objects needs gigabytes)."""
    lim = limits()
    objects, values = text.count("{"), text.count(",") + text.count("[")
    if objects <= lim.rows + 1 and values <= lim.cells:
        return False
    which = "rows" if objects > lim.rows + 1 else "cells"
    report.add(
        "too-large",
        f"the JSON holds about {max(objects, values) if which == 'cells' else objects:,} "
        f"{'values' if which == 'cells' else 'objects'}; the limit is "
        f"{getattr(lim, which):,} {which} {lim.hint(which)}: split it into several files",
    )
    return True


def _json_items(
    text: str, report: LoadReport[Any]
) -> list[tuple[int | None, int | None, Any]] | None:
    """(line, row, item) of a JSON array or of JSON lines; ``None`` after a syntax error or a
    key written twice in one object."""
    line: int | None = None
    if _too_many(text, report):
        return None
    try:
        if text.lstrip().startswith("["):
            try:
                data = json.loads(text, object_pairs_hook=_no_repeats)
            except json.JSONDecodeError as exc:
                report.add(
                    "bad-json",
                    f"JSON syntax error: {exc.msg} (column {exc.colno}); fix the file or save "
                    "it again from the tool that made it",
                    line=exc.lineno,
                )
                return None
            return [(None, i, obj) for i, obj in enumerate(data, start=1)]
        items: list[tuple[int | None, int | None, Any]] = []
        for n, text_line in enumerate(text.splitlines(), start=1):
            if not text_line.strip():
                continue
            line = n
            try:
                items.append((n, None, json.loads(text_line, object_pairs_hook=_no_repeats)))
            except json.JSONDecodeError as exc:
                hint = "each line must be one JSON object (JSON lines)"
                if n == 1 and text_line.strip() == "{":
                    hint = (
                        "this is one JSON object spread over several lines; give a JSON array "
                        "of objects ([{...}, {...}]) or one object per line (JSON lines)"
                    )
                report.add("bad-json", f"JSON syntax error: {exc.msg}; {hint}", line=n)
                return None
        return items
    except RecursionError:
        report.add(
            "bad-json", "the JSON is nested too deeply; each item must be a flat object", line=1
        )
        return None
    except _RepeatedKey as exc:
        key = str(exc)
        report.add(
            "bad-json",
            f"the key {key!r} is written twice in one object; keep one, else the second "
            "silently replaces the first",
            line=line,
            field=key,
        )
        return None


def iter_json(
    path: Path, report: LoadReport[Any], aliases: dict[str, str], required: set[str]
) -> Iterator[Row]:
    text = read_text(path, report)
    if text is None:
        return
    items = _json_items(text, report)
    if items is None:
        return
    depth = limits().depth
    for line, row, obj in items:
        if deeper_than(obj, depth):
            report.add(
                "bad-json",
                f"the item nests lists or objects more than {depth} levels deep "
                f"{limits().hint('depth')}; each item must be a flat object",
                line=line,
                row=row,
            )
            continue
        if not isinstance(obj, dict):
            report.add(
                "bad-json",
                f"each item must be a JSON object with named fields, not {type(obj).__name__}",
                line=line,
                row=row,
                value=json.dumps(obj, ensure_ascii=False)[:80],
            )
            continue
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        for k, v in obj.items():
            key = aliases.get(normalise_header(k), normalise_header(k))
            if key in values:
                report.add(
                    "duplicate-column",
                    f"fields {raw[key]!r} and {k!r} mean the same; keep one",
                    line=line,
                    row=row,
                    field=k,
                )
                break
            values[key], raw[key] = v, k
        else:
            missing = sorted(required - {k for k, v in values.items() if v not in (None, "")})
            if missing:
                report.add(
                    "missing-value",
                    f"{', '.join(missing)} is required; add it to this item",
                    line=line,
                    row=row,
                    field=raw.get(missing[0], missing[0]),
                )
                continue
            yield Row(values, line=line, row=row, raw_headers=raw)
