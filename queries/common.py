"""Small helpers shared by the queries: chain lookups, descendants, local presence."""

from __future__ import annotations

from collections import defaultdict

from chainatlas.graph.errors import UnknownChain, UnknownSegment
from chainatlas.graph.model import Chain, Segment, region_prefix
from chainatlas.graph.store import Store

__all__ = ["get_chain", "get_segment", "children_map", "with_descendants", "local_enterprise_ids"]


def get_chain(store: Store, chain_id: str) -> Chain:
    chains = store.chains()
    for c in chains:
        if c.id == chain_id:
            return c
    lowered = chain_id.strip().lower()
    for c in chains:
        if lowered in {c.name_zh.lower(), c.name_en.lower()}:
            return c
    raise UnknownChain(chain_id, [c.id for c in chains])


def get_segment(store: Store, segment_id: str) -> Segment:
    found = store.segments([segment_id])
    if not found:
        for seg in store.segments():
            if segment_id in seg.names():
                return seg
        raise UnknownSegment(segment_id, [s.id for s in store.segments()])
    return found[0]


def children_map(segments: list[Segment]) -> dict[str, list[str]]:
    kids: dict[str, list[str]] = defaultdict(list)
    for s in segments:
        if s.parent:
            kids[s.parent].append(s.id)
    return kids


def with_descendants(segment_id: str, kids: dict[str, list[str]]) -> list[str]:
    """The segment and every segment below it in the hierarchy, in a stable order."""
    out, stack, seen = [], [segment_id], set()
    while stack:
        sid = stack.pop()
        if sid in seen:
            continue
        seen.add(sid)
        out.append(sid)
        stack.extend(sorted(kids.get(sid, []), reverse=True))
    return out


def local_enterprise_ids(store: Store, region: str) -> set[str]:
    """Firms with an HQ or a plant in the region (planned plants do not count)."""
    return store.enterprises_in_region(region_prefix(region))
