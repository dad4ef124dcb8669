"""Chain maps (产业链图谱) in YAML: the chain, its segments and the supply links between them.

```yaml
chain: {id: battery-ev, name_zh: 电池与电动车, source: ..., as_of: 2026-11-26}
segments:
  - {id: separator, name_zh: 隔膜, tier: midstream, parent: battery-materials,
     aliases: [锂电池隔膜], keywords: [湿法隔膜], gbt_codes: ["2922"], importance: 4}
links:
  - {from: separator, to: lithium-ion-cells, kind: material}
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainatlas.graph.model import Atlas, Chain, Segment, SupplyLink
from pydantic import ValidationError

from .headers import KIND_TITLES, IgnoredHeader, UnknownHeader, header_map
from .limits import limits
from .planner_words import parse_link_kind, parse_tier, split_items
from .report import LoadReport, problems_from_validation
from .tabular import normalise_header, read_text
from .values import clean_tree
from .yaml_lines import LINE, item_line, read_yaml, strip_lines

__all__ = ["read_chain_map", "parse_chain_map", "MAX_YAML_BYTES"]

MAX_YAML_BYTES = 8 * 1024 * 1024  # a chain map of 1,000 segments is ~300 KB


def read_chain_map(path: str | Path) -> LoadReport[Atlas]:
    """Read a chain map file; ``valid`` holds one ``Atlas`` when the file is usable."""
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="chain")
    text = read_text(path, report, limit=MAX_YAML_BYTES)
    if text is None:
        return report
    return parse_chain_map(text, file=str(path), report=report)


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return split_items(value)
    return value


def parse_chain_map(
    text: str, *, file: str = "<text>", report: LoadReport[Atlas] | None = None
) -> LoadReport[Atlas]:
    """Parse chain-map YAML text (see the module docstring for the format); past
    ``CHAINATLAS_MAX_PROBLEMS`` errors, the rest are counted, not listed."""
    report = _parse(text, report or LoadReport(file=file, kind="chain"))
    lim = limits()
    report.cap(lim.problems, lim.hint("problems"))
    return report


def _parse(text: str, report: LoadReport[Atlas]) -> LoadReport[Atlas]:
    doc = _load_document(text, report)
    if doc is None:
        return report
    doc = clean_tree(doc, report, LINE)
    chain = _read_chain(doc, report)
    if chain is None:
        return report
    atlas = Atlas()
    atlas.chains.append(chain)
    seg_lines = _read_segments(doc.get("segments") or [], chain, atlas, report)
    if seg_lines is None:
        return report
    _check_parents(atlas.segments, seg_lines, report)
    _check_cycles(atlas.segments, seg_lines, report)
    if not _read_links(doc.get("links") or [], chain, atlas, report):
        return report
    if not atlas.segments and report.ok:
        report.add(
            "no-segments",
            "the chain map has no segments; list them under 'segments:'",
            field="segments",
            line=doc["chain"].get(LINE),
        )
    if report.ok:
        report.valid.append(atlas)
    return report


def _load_document(text: str, report: LoadReport[Atlas]) -> dict[str, Any] | None:
    """The YAML document when it parses and has a ``chain:`` mapping; else None, reported."""
    doc = read_yaml(text, report, "a chain map")  # tags, keys, depth, sizes: one guarded reader
    if not report.ok:
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("chain"), dict):
        report.add(
            "not-a-chain-map",
            "a chain map needs a top-level 'chain:' mapping with id and name_zh, "
            "then 'segments:' and 'links:' lists",
            line=1,
            field="chain",
        )
        return None
    return doc


def _keyed(
    item: dict[str, Any], kind: str, line: int | None, report: LoadReport[Atlas]
) -> dict[str, Any] | None:
    """The mapping's values by field key (Chinese keys read through the catalogue); None when a
    key is unknown (reported with the closest known key). Ignored keys are dropped, and said."""
    known = header_map(kind)
    out: dict[str, Any] = {}
    ok = True
    for k, v in strip_lines(item).items():
        key = known.get(normalise_header(k))
        if isinstance(key, UnknownHeader):
            closest = known.closest(str(key))
            hint = f"did you mean {closest!r}? " if closest else ""
            report.add(
                "unknown-field",
                f"unknown key {k!r} in {KIND_TITLES[kind].split(': ', 1)[-1]}; {hint}"
                f"rename it, or drop it with --ignore-column {k!r} "
                "(`chainatlas formats chain` lists the keys)",
                line=line,
                field=str(k),
                value=v,
            )
            ok = False
        elif isinstance(key, IgnoredHeader):
            report.add(
                "ignored-column",
                f"key {k!r}: {key.warning}",
                line=line,
                field=str(k),
                severity="warning",
            )
        else:
            out[key] = v
    return out if ok else None


def _read_chain(doc: dict[str, Any], report: LoadReport[Atlas]) -> Chain | None:
    """The chain of the ``chain:`` mapping (unknown top-level keys are warnings)."""
    chain_doc = doc["chain"]
    chain_line = chain_doc.get(LINE)
    for key in sorted(set(doc) - {"chain", "segments", "links", LINE}, key=str):
        report.add(
            "unknown-field",
            f"unknown top-level key {key!r}; expected chain, segments, links",
            line=chain_line,
            field=key,
            severity="warning",
        )
    data = _keyed(chain_doc, "chain", chain_line, report)
    if data is None:
        return None
    try:
        return Chain.model_validate(data)
    except ValidationError as exc:
        problems_from_validation(report, exc, line=chain_line, values=chain_doc)
        return None


def _read_segments(
    segs_doc: Any, chain: Chain, atlas: Atlas, report: LoadReport[Atlas]
) -> dict[str, int | None] | None:
    """Add the valid segments to ``atlas``; their lines by id, or None when not a list."""
    if not isinstance(segs_doc, list):
        report.add(
            "bad-structure",
            "'segments' must be a list: put '- ' before each segment",
            field="segments",
            line=segs_doc.get(LINE) if isinstance(segs_doc, dict) else None,
        )
        return None
    seg_lines: dict[str, int | None] = {}
    for index, item in enumerate(segs_doc):
        line = item.get(LINE) if isinstance(item, dict) else item_line(segs_doc, index)
        if not isinstance(item, dict):
            report.add(
                "bad-structure",
                "each segment must be a mapping with id, name_zh and tier, "
                "e.g. {id: separator, name_zh: 隔膜, tier: midstream}",
                field="segments",
                line=line,
                value=strip_lines(item),
            )
            continue
        seg = _read_segment(item, line, chain, report)
        if seg is None:
            continue
        if seg.id in seg_lines:
            report.add(
                "duplicate-id",
                f"segment id {seg.id!r} already defined on line "
                f"{seg_lines[seg.id]}; ids must be unique",
                line=line,
                field="id",
                value=seg.id,
            )
            continue
        seg_lines[seg.id] = line
        atlas.segments.append(seg)
    return seg_lines


def _read_segment(
    item: dict[str, Any], line: int | None, chain: Chain, report: LoadReport[Atlas]
) -> Segment | None:
    """One segment mapping, with the chain's source and date unless it has its own."""
    data = _keyed(item, "chain.segments", line, report)
    if data is None:
        return None
    if "tier" in data:
        data["tier"] = parse_tier(data["tier"])
    for key in ("aliases", "keywords", "gbt_codes"):
        if key in data:
            data[key] = _as_list(data[key])
    data.setdefault("source", chain.source)
    data.setdefault("as_of", chain.as_of)
    data["chain_ids"] = [chain.id]
    if data.get("parent") is not None and data.get("parent") == data.get("id"):
        report.add(
            "hierarchy-cycle",
            f"segment {data['id']!r} names itself as its parent; give its real parent "
            "or leave parent out",
            line=line,
            field="parent",
            value=data["parent"],
        )
        return None
    try:
        return Segment.model_validate(data)
    except ValidationError as exc:
        problems_from_validation(report, exc, line=line, values=data)
        return None


def _check_parents(
    segments: list[Segment], lines: dict[str, int | None], report: LoadReport[Atlas]
) -> None:
    by_id = {s.id for s in segments}
    for seg in segments:
        if seg.parent and seg.parent not in by_id:
            report.add(
                "unknown-reference",
                f"parent {seg.parent!r} is not a segment of this chain; define it or fix the id",
                line=lines[seg.id],
                field="parent",
                value=seg.parent,
            )


def _read_links(links_doc: Any, chain: Chain, atlas: Atlas, report: LoadReport[Atlas]) -> bool:
    """Add the valid links to ``atlas``; False when ``links`` is not a list."""
    if not isinstance(links_doc, list):
        report.add(
            "bad-structure",
            "'links' must be a list: put '- ' before each link",
            field="links",
            line=links_doc.get(LINE) if isinstance(links_doc, dict) else None,
        )
        return False
    segment_ids = {s.id for s in atlas.segments}
    seen_links: set[tuple[str, str]] = set()
    for index, item in enumerate(links_doc):
        line = item.get(LINE) if isinstance(item, dict) else item_line(links_doc, index)
        if not isinstance(item, dict):
            report.add(
                "bad-structure",
                "each link must be a mapping with from, to and kind, "
                "e.g. {from: separator, to: cells, kind: material}",
                field="links",
                line=line,
                value=strip_lines(item),
            )
            continue
        link = _read_link(item, line, chain, segment_ids, report)
        if link is None:
            continue
        if (link.from_id, link.to_id) in seen_links:
            report.add(
                "duplicate-link",
                "this link is listed twice; keep one",
                line=line,
                field="to",
                value=f"{link.from_id} -> {link.to_id}",
                severity="warning",
            )
            continue
        seen_links.add((link.from_id, link.to_id))
        atlas.links.append(link)
    return True


def _read_link(
    item: dict[str, Any],
    line: int | None,
    chain: Chain,
    segment_ids: set[str],
    report: LoadReport[Atlas],
) -> SupplyLink | None:
    """One link mapping; None (reported) when an end is missing or unknown, or it loops."""
    data = _keyed(item, "chain.links", line, report)
    if data is None:
        return None
    if "kind" in data:
        data["kind"] = parse_link_kind(data["kind"])
    mapped = {"from_id": data.pop("from", None), "to_id": data.pop("to", None), **data}
    mapped.setdefault("source", chain.source)
    mapped.setdefault("as_of", chain.as_of)
    mapped["chain_id"] = chain.id
    bad = False
    for field, key in (("from", "from_id"), ("to", "to_id")):
        if mapped[key] is None:
            report.add(
                "missing-value",
                f"link needs '{field}': name the segment it "
                + ("comes from" if field == "from" else "feeds"),
                line=line,
                field=field,
            )
            bad = True
        elif str(mapped[key]) not in segment_ids:
            report.add(
                "unknown-reference",
                f"link {field} {mapped[key]!r} is not a segment of "
                "this chain; add the segment or fix the id",
                line=line,
                field=field,
                value=mapped[key],
            )
            bad = True
    if bad:
        return None
    try:
        link = SupplyLink.model_validate(
            mapped | {"from_id": str(mapped["from_id"]), "to_id": str(mapped["to_id"])}
        )
    except ValidationError as exc:
        problems_from_validation(
            report, exc, line=line, values=data, field_names={"from_id": "from", "to_id": "to"}
        )
        return None
    if link.from_id == link.to_id:
        report.add(
            "self-link",
            "a segment cannot feed itself; fix 'from' or 'to'",
            line=line,
            field="to",
            value=link.to_id,
        )
        return None
    return link


def _check_cycles(
    segments: list[Segment], lines: dict[str, int | None], report: LoadReport[Atlas]
) -> None:
    parent = {s.id: s.parent for s in segments}
    reported: set[str] = set()
    for start in parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parent and node not in path:
            path.append(node)
            node = parent[node]
        if node is not None and node in path:
            cycle = path[path.index(node) :]
            key = min(cycle)
            if key in reported:
                continue
            reported.add(key)
            report.add(
                "hierarchy-cycle",
                "the parent hierarchy loops: " + " -> ".join([*cycle, node]) + "; break the loop",
                line=lines.get(node),
                field="parent",
                value=parent[node] or "",
            )
