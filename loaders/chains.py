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

import yaml
from chainatlas.graph.model import Atlas, Chain, Segment, SupplyLink
from pydantic import ValidationError

from .report import LoadReport, problems_from_validation
from .tabular import read_text

__all__ = ["read_chain_map", "parse_chain_map", "MAX_YAML_BYTES"]

LINE = "__line__"
MAX_YAML_BYTES = 8 * 1024 * 1024  # a chain map of 1,000 segments is ~300 KB
MAX_DEPTH = 40  # a chain map nests 3 levels; deeper is a mistake or an attack
MAX_VALUES = 1_000_000  # after anchors (*alias) are expanded


class _Seq(list):  # type: ignore[type-arg]
    """A YAML sequence that remembers the line of each item."""

    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers lines, and refuses absurd nesting."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> Any:
    seq = _Seq()
    seq.item_lines = [item.start_mark.line + 1 for item in node.value]
    yield seq
    seq.extend(loader.construct_sequence(node))


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2026-13-45: keep the text, validation names the field
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _TooLarge(Exception):
    pass


def _expanded_size(value: Any, memo: dict[int, int], open_: set[int]) -> int:
    """How many values ``value`` holds once anchors are expanded (raises past MAX_VALUES)."""
    if not isinstance(value, dict | list):
        return 1
    key = id(value)
    if key in memo:
        return memo[key]
    if key in open_:
        raise _TooLarge("an anchor refers to itself")
    open_.add(key)
    items = value.values() if isinstance(value, dict) else value
    total = 1 + sum(_expanded_size(v, memo, open_) for v in items)
    open_.discard(key)
    if total > MAX_VALUES:
        raise _TooLarge(f"anchors (*alias) expand it to more than {MAX_VALUES:,} values")
    memo[key] = total
    return total


def _item_line(seq: Any, index: int) -> int | None:
    lines = getattr(seq, "item_lines", None)
    return lines[index] if lines and index < len(lines) else None


def read_chain_map(path: str | Path) -> LoadReport[Atlas]:
    """Read a chain map file; ``valid`` holds one ``Atlas`` when the file is usable."""
    path = Path(path)
    report: LoadReport[Atlas] = LoadReport(file=str(path), kind="chain")
    text = read_text(path, report, limit=MAX_YAML_BYTES)
    if text is None:
        return report
    return parse_chain_map(text, file=str(path), report=report)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]  # also turns _Seq into a plain list
    return value


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [p for p in (x.strip() for x in value.replace("；", ";").split(";")) if p]
    return value


def parse_chain_map(
    text: str, *, file: str = "<text>", report: LoadReport[Atlas] | None = None
) -> LoadReport[Atlas]:
    """Parse chain-map YAML text (see the module docstring for the format)."""
    report = report or LoadReport(file=file, kind="chain")
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        _expanded_size(doc, {}, set())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        report.add(
            "bad-yaml",
            f"YAML syntax error: {problem}; check indentation and quotes",
            line=(mark.line + 1) if mark else None,
        )
        return report
    except (_TooLarge, RecursionError) as exc:
        report.add(
            "bad-yaml",
            f"the YAML cannot be a chain map: {exc or 'nested too deeply'}; "
            "write the segments out plainly",
        )
        return report
    if not isinstance(doc, dict) or not isinstance(doc.get("chain"), dict):
        report.add(
            "not-a-chain-map",
            "a chain map needs a top-level 'chain:' mapping with id and name_zh, "
            "then 'segments:' and 'links:' lists",
            line=1,
            field="chain",
        )
        return report
    atlas = Atlas()
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
    try:
        chain = Chain.model_validate(_strip_lines(chain_doc))
    except ValidationError as exc:
        problems_from_validation(report, exc, line=chain_line, values=chain_doc)
        return report
    atlas.chains.append(chain)

    segs_doc = doc.get("segments") or []
    if not isinstance(segs_doc, list):
        report.add(
            "bad-structure",
            "'segments' must be a list: put '- ' before each segment",
            field="segments",
            line=segs_doc.get(LINE) if isinstance(segs_doc, dict) else None,
        )
        return report
    seg_lines: dict[str, int | None] = {}
    for index, item in enumerate(segs_doc):
        line = item.get(LINE) if isinstance(item, dict) else _item_line(segs_doc, index)
        if not isinstance(item, dict):
            report.add(
                "bad-structure",
                "each segment must be a mapping with id, name_zh and tier, "
                "e.g. {id: separator, name_zh: 隔膜, tier: midstream}",
                field="segments",
                line=line,
                value=_strip_lines(item),
            )
            continue
        data = _strip_lines(item)
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
            continue
        try:
            seg = Segment.model_validate(data)
        except ValidationError as exc:
            problems_from_validation(report, exc, line=line, values=data)
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

    by_id = {s.id: s for s in atlas.segments}
    for seg in atlas.segments:
        if seg.parent and seg.parent not in by_id:
            report.add(
                "unknown-reference",
                f"parent {seg.parent!r} is not a segment of this chain; define it or fix the id",
                line=seg_lines[seg.id],
                field="parent",
                value=seg.parent,
            )
    _check_cycles(atlas.segments, seg_lines, report)

    links_doc = doc.get("links") or []
    if not isinstance(links_doc, list):
        report.add(
            "bad-structure",
            "'links' must be a list: put '- ' before each link",
            field="links",
            line=links_doc.get(LINE) if isinstance(links_doc, dict) else None,
        )
        return report
    seen_links: set[tuple[str, str]] = set()
    for index, item in enumerate(links_doc):
        line = item.get(LINE) if isinstance(item, dict) else _item_line(links_doc, index)
        if not isinstance(item, dict):
            report.add(
                "bad-structure",
                "each link must be a mapping with from, to and kind, "
                "e.g. {from: separator, to: cells, kind: material}",
                field="links",
                line=line,
                value=_strip_lines(item),
            )
            continue
        data = _strip_lines(item)
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
            elif str(mapped[key]) not in by_id:
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
            continue
        try:
            link = SupplyLink.model_validate(
                mapped | {"from_id": str(mapped["from_id"]), "to_id": str(mapped["to_id"])}
            )
        except ValidationError as exc:
            problems_from_validation(
                report, exc, line=line, values=data, field_names={"from_id": "from", "to_id": "to"}
            )
            continue
        if link.from_id == link.to_id:
            report.add(
                "self-link",
                "a segment cannot feed itself; fix 'from' or 'to'",
                line=line,
                field="to",
                value=link.to_id,
            )
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
    if not atlas.segments and report.ok:
        report.add(
            "no-segments",
            "the chain map has no segments; list them under 'segments:'",
            field="segments",
            line=chain_line,
        )
    if report.ok:
        report.valid.append(atlas)
    return report


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
