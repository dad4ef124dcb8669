"""Official weak/missing-link lists (产业链弱项和缺项清单) in CSV or XLSX.

Columns (English or Chinese): ``id`` (序号), ``chain`` (产业链: id or name), ``segment`` (环节:
id, name or alias, as an official writes it), ``kind`` (类型: weak/missing, 弱项/缺项), ``note``
(说明), ``source`` (来源), ``as_of`` (日期). Names are resolved to segment ids against the atlas.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainatlas.graph.model import Atlas, WeakLink, WeakLinkKind
from pydantic import ValidationError

from .headers import header_map, iter_table
from .report import LoadReport, problems_from_validation
from .values import LoadContext, cell_text, make_id, not_scalar, parse_date

__all__ = ["read_weak_links", "WEAK_LINK_HEADERS"]

WEAK_LINK_HEADERS = header_map("weak_links")  # the catalogue's (loaders/headers.py)

KIND_WORDS = {
    "weak": WeakLinkKind.WEAK,
    "弱项": WeakLinkKind.WEAK,
    "弱": WeakLinkKind.WEAK,
    "missing": WeakLinkKind.MISSING,
    "缺项": WeakLinkKind.MISSING,
    "缺": WeakLinkKind.MISSING,
    "缺失": WeakLinkKind.MISSING,
    "薄弱": WeakLinkKind.WEAK,
    "短板": WeakLinkKind.WEAK,
    "弱项环节": WeakLinkKind.WEAK,
    "空白": WeakLinkKind.MISSING,
    "缺项环节": WeakLinkKind.MISSING,
    "缺失环节": WeakLinkKind.MISSING,
}


_REQUIRED = frozenset({"chain", "segment", "kind"})


def read_weak_links(path: str | Path, context: LoadContext | None = None) -> LoadReport[Atlas]:
    """Read an official weak-link list, resolving chain and segment names against ``context``."""
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="weak_links")
    ctx = context or LoadContext(check_references=False)
    atlas = Atlas()
    ids: set[str] = set()
    for row in iter_table(path, report, "weak_links", set(_REQUIRED)):
        h = row.raw_headers or {}
        where = row.where()
        v = _row_text(row.values, h, where, report)
        if v is None:
            continue
        resolved = _resolve(v, h, where, ctx, report)
        if resolved is None:
            continue
        kind, chain_id, seg_id = resolved
        wl_id = f"{chain_id}:{v['id']}" if v.get("id") else make_id("wl", chain_id, seg_id)
        if wl_id in ids:
            report.add(
                "duplicate-id",
                f"weak link {v.get('id') or seg_id!r} appears twice in chain {chain_id!r}; "
                "keep one row, or give each row its own number",
                field=h.get("id", "id"),
                value=v.get("id", ""),
                **where,
            )
            continue
        ids.add(wl_id)
        try:
            atlas.weak_links.append(
                WeakLink(
                    id=wl_id,
                    chain_id=chain_id,
                    segment_id=seg_id,
                    kind=kind,
                    note=v.get("note", ""),
                    written_as=v["segment"],
                    source=v.get("source", ""),
                    as_of=parse_date(v.get("as_of")),
                )
            )
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                problems_from_validation(report, exc, values=v, field_names=h, **where)
            else:
                report.add(
                    "invalid-value",
                    str(exc),
                    field=h.get("as_of", "as_of"),
                    value=v.get("as_of"),
                    **where,
                )
    if report.ok:
        report.valid.append(atlas)
    return report


def _row_text(
    values: dict[str, Any], h: dict[str, str], where: dict[str, Any], report: LoadReport[Atlas]
) -> dict[str, str] | None:
    """The row's values as text; None (reported) when one is not a plain value or is missing."""
    wrong = [(k, m) for k, x in values.items() if (m := not_scalar(x))]
    if wrong:
        key, msg = wrong[0]
        report.add("invalid-value", msg, field=h.get(key, key), value=values[key], **where)
        return None
    v = {k: cell_text(val) for k, val in values.items()}
    bad = False
    for key in sorted(_REQUIRED):
        if not v.get(key):
            report.add(
                "missing-value",
                f"{h.get(key, key)} is required; fill it in",
                field=h.get(key, key),
                **where,
            )
            bad = True
    return None if bad else v


def _resolve(
    v: dict[str, str],
    h: dict[str, str],
    where: dict[str, Any],
    ctx: LoadContext,
    report: LoadReport[Atlas],
) -> tuple[WeakLinkKind, str, str] | None:
    """The kind, chain id and segment id a row names; None (reported) when one is unknown."""
    kind = KIND_WORDS.get(v["kind"].lower())
    if kind is None:
        report.add(
            "invalid-value",
            f"{h.get('kind', 'kind')} must be weak or missing (弱项 or 缺项); write one of them",
            field=h.get("kind", "kind"),
            value=v["kind"],
            **where,
        )
        return None
    chain_id = ctx.resolve_chain(v["chain"]) if ctx.check_references else v["chain"]
    if chain_id is None:
        report.add(
            "unknown-reference",
            f"chain {v['chain']!r} is not in the atlas; known: "
            f"{', '.join(sorted(ctx.chains)) or 'none — load the chain maps first'}",
            field=h.get("chain", "chain"),
            value=v["chain"],
            **where,
        )
        return None
    seg_id = ctx.resolve_segment(v["segment"], chain_id) if ctx.check_references else v["segment"]
    if seg_id is None:
        hint = ctx.suggest_segments(v["segment"], chain_id)
        report.add(
            "unknown-reference",
            f"segment {v['segment']!r} is not a segment of chain "
            f"{chain_id!r}; use its id, name or an alias"
            + (f" (did you mean {', '.join(hint)}?)" if hint else ""),
            field=h.get("segment", "segment"),
            value=v["segment"],
            **where,
        )
        return None
    return kind, chain_id, seg_id
