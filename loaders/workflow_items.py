"""Reading the items of a workflow file (clusters, projects, profiles), and checking their cells.

An item is one table row, or one mapping of a YAML list (``clusters:``, ``projects:``,
``profiles:``; top-level ``source`` and ``as_of`` apply to every item that has none). YAML
is read by ``yaml_lines.read_yaml``, the chain maps' guarded reader (nesting, anchors, repeated
and merge keys, tags, impossible dates), so a hostile file is one problem, never a traceback. The
checks record a problem naming the item's file, line or row, field and value, then raise
``Bad`` so the reader skips the item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from chainatlas.graph.model import Atlas
from pydantic import BaseModel, ValidationError

from .divisions import read_region
from .headers import header_map, iter_table, unknown_key_problems
from .limits import limits
from .planner_words import split_items
from .report import LoadReport, problems_from_validation
from .tabular import normalise_header, read_text
from .values import LoadContext, cell_text, clean_tree
from .yaml_lines import LINE, item_line, read_yaml, strip_lines

__all__ = [
    "Bad",
    "Item",
    "finish",
    "items",
    "need",
    "parse",
    "resolve_chain",
    "resolve_enterprise",
    "resolve_segments",
    "sub_item",
    "region",
    "validated",
]

M = TypeVar("M", bound=BaseModel)


@dataclass
class Item:
    """One record's values by canonical key, where it is, and how its file names each field."""

    values: dict[str, Any]
    where: dict[str, int | None]
    headers: dict[str, str]
    prefix: str = ""

    def field(self, key: str) -> str:
        return self.headers.get(key) or (f"{self.prefix}.{key}" if self.prefix else key)

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))


def _yaml_items(
    path: Path, report: LoadReport[Atlas], top: str, aliases: dict[str, str]
) -> Iterator[Item]:
    text = read_text(path, report)
    if text is None:
        return
    data = read_yaml(text, report, f"a {top} file")
    if data is None and not report.ok:
        return
    if not isinstance(data, dict) or not isinstance(data.get(top), list):
        report.add("bad-yaml", f"the file must have a list under '{top}:'", line=1, field=top)
        return
    defaults = {k: strip_lines(data[k]) for k in ("source", "as_of") if k in data}
    seq = data[top]
    reported: set[str] = set()
    for index, item in enumerate(seq):
        if not isinstance(item, dict):
            report.add(
                "bad-yaml",
                f"each item under '{top}:' must be a mapping",
                line=item_line(seq, index),
            )
            continue
        line = item.get(LINE)
        item = clean_tree(item, report, LINE)  # text cleaned once, at the door (ha)
        values = {
            aliases.get(normalise_header(k), normalise_header(k)): v
            for k, v in strip_lines(item).items()
        }
        values, known = unknown_key_problems(values, report, reported, line=line)
        if not known:
            continue
        for k, v in defaults.items():
            values.setdefault(k, v)
        yield Item(values, {"line": line, "row": None}, {k: k for k in values})


def items(path: Path, report: LoadReport[Atlas], top: str, required: set[str]) -> Iterator[Item]:
    """The items of a table file, or of the YAML list under ``top`` (also the kind: its
    headers are the catalogue's, ``headers.header_map(top)``)."""
    if path.suffix.lower() in {".yaml", ".yml"}:
        yield from _yaml_items(path, report, top, header_map(top))
        return
    for row in iter_table(path, report, top, required):
        yield Item(row.values, row.where(), row.raw_headers or {})


def sub_item(item: Item, key: str, value: str) -> Item:
    """The same item with one list element in place of ``key`` (to check it alone)."""
    return Item({**item.values, key: value}, item.where, item.headers)


class Bad(Exception):
    """A row problem already recorded in the report: skip the row."""


def need(item: Item, report: LoadReport[Atlas], key: str, what: str) -> str:
    """The text of ``key``; a missing value is reported (``what`` says what to write)."""
    value = item.text(key)
    if not value:
        report.add(
            "missing-value",
            f"{item.field(key)} is required: {what}",
            field=item.field(key),
            **item.where,
        )
        raise Bad
    return value


def parse(item: Item, report: LoadReport[Atlas], key: str, parser: Callable[[Any], Any]) -> Any:
    """``parser`` applied to the value of ``key``; its ValueError is reported."""
    try:
        return parser(item.values.get(key))
    except (ValueError, TypeError) as exc:
        report.add(
            "invalid-value",
            str(exc),
            field=item.field(key),
            value=item.values.get(key),
            **item.where,
        )
        raise Bad from None


def resolve_chain(item: Item, report: LoadReport[Atlas], ctx: LoadContext, key: str) -> str:
    """The chain id the value of ``key`` names (id or name), as written when not checked."""
    chain = item.text(key)
    if not chain or not ctx.check_references:
        return chain
    resolved = ctx.resolve_chain(chain)
    if resolved is None:
        report.add(
            "unknown-reference",
            f"chain {chain!r} is not in the atlas; known: "
            f"{', '.join(sorted(ctx.chains)) or 'none — load the chain maps first'}",
            field=item.field(key),
            value=chain,
            **item.where,
        )
        raise Bad
    return resolved


def resolve_enterprise(item: Item, report: LoadReport[Atlas], ctx: LoadContext, key: str) -> str:
    """The enterprise id the value of ``key`` names (id, name or alias)."""
    ref = item.text(key)
    if not ref or not ctx.check_references:
        return ref
    found = ctx.resolve_enterprise(ref)
    if found is None:
        report.add(
            "unknown-reference",
            f"enterprise {ref!r} is not in the atlas; load the enterprise registry first, "
            "or write the firm's id, name or an alias exactly as the registry has it",
            field=item.field(key),
            value=ref,
            **item.where,
        )
        raise Bad
    return found


def resolve_segments(
    item: Item, report: LoadReport[Atlas], ctx: LoadContext, key: str, chain_id: str = ""
) -> list[str]:
    """The segment ids the list in ``key`` names, each once; every unknown one is reported."""
    out: list[str] = []
    bad = False
    for ref in split_items(item.values.get(key), commas=True):
        if not ctx.check_references:
            out.append(ref)
            continue
        found = ctx.resolve_segment(ref, chain_id or None)
        if found is None:
            hint = ctx.suggest_segments(ref, chain_id or None)
            scope = f" of chain {chain_id!r}" if chain_id else ""
            report.add(
                "unknown-reference",
                f"segment {ref!r} is not a segment{scope} in the atlas; use its id, name or an "
                "alias" + (f" (did you mean {', '.join(hint)}?)" if hint else ""),
                field=item.field(key),
                value=ref,
                **item.where,
            )
            bad = True
            continue
        out.append(found)
    if bad:
        raise Bad
    return list(dict.fromkeys(out))


def region(item: Item, report: LoadReport[Atlas], key: str) -> str:
    """The division code the value of ``key`` gives (a code or a name, checked against the
    GB/T 2260 table); empty when the cell is; an unknown or ambiguous one is reported."""
    text = item.text(key)
    if not text:
        return ""
    reading = read_region(text)
    if reading.error:
        report.add("unknown-region", reading.error, field=item.field(key), value=text, **item.where)
        raise Bad
    if reading.warning:
        report.add(
            "partial-region", reading.warning, field=item.field(key), value=text,
            severity="warning", **item.where,
        )  # fmt: skip
    return reading.code


def validated(item: Item, report: LoadReport[Atlas], model: type[M], **data: Any) -> M:
    """``model`` built from ``data``; pydantic's errors become problems in the file's words."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems_from_validation(
            report, exc, values=item.values, field_names=item.headers, **item.where
        )
        raise Bad from None


def finish(report: LoadReport[Atlas], atlas: Atlas) -> LoadReport[Atlas]:
    """The report, holding ``atlas`` when it has no error; past ``CHAINATLAS_MAX_PROBLEMS``
    errors (a YAML file, read whole), the rest are counted, not listed."""
    lim = limits()
    report.cap(lim.problems, lim.hint("problems"))
    if report.ok:
        report.valid.append(atlas)
    return report
