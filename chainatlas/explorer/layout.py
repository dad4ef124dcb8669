"""Deterministic positions: the same graph always gets the same picture.

Chains are drawn left to right by tier (upstream, midstream, downstream); within a tier a
segment sits one column right of what feeds it or contains it, and a column is ordered by one
barycentre sweep over a stable key (the segment's path in the hierarchy). Neighbourhoods
("around" views) are drawn on rings by distance from the centre. No physics, no randomness.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

__all__ = ["TIERS", "chain_positions", "ring_positions", "fan_offsets"]

TIERS = ("upstream", "midstream", "downstream")
COLUMN_DX = 210.0
TIER_GAP = 150.0
ROW_DY = 90.0
RING_STEP = 320.0
RING_SPACING = 46.0


def _acyclic(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> nx.DiGraph:
    """A DAG over ``nodes`` keeping each edge (in sorted order) unless it closes a cycle."""
    g = nx.DiGraph()
    g.add_nodes_from(sorted(nodes))
    for a, b in sorted(set(edges)):
        if a == b or a not in g or b not in g:
            continue
        if nx.has_path(g, b, a):
            continue
        g.add_edge(a, b)
    return g


def _paths(parent: Mapping[str, str | None]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for sid in parent:
        path: list[str] = []
        seen: set[str] = set()
        cur: str | None = sid
        while cur is not None and cur in parent and cur not in seen:
            seen.add(cur)
            path.append(cur)
            cur = parent[cur]
        out[sid] = tuple(reversed(path))
    return out


def chain_positions(
    tiers: Mapping[str, str],
    parent: Mapping[str, str | None],
    links: Sequence[tuple[str, str]],
) -> dict[str, tuple[float, float]]:
    """Positions of segments (id → tier, id → parent id) given the FEEDS links between them."""
    ids = sorted(tiers)
    tier_of = {s: TIERS.index(tiers[s]) if tiers[s] in TIERS else 1 for s in ids}
    inner = [(a, b) for a, b in links if a in tier_of and b in tier_of and tier_of[a] == tier_of[b]]
    inner += [
        (p, s)
        for s, p in parent.items()
        if p in tier_of and s in tier_of and tier_of[p] == tier_of[s]
    ]
    dag = _acyclic(ids, inner)
    depth: dict[str, int] = {}
    for sid in nx.lexicographical_topological_sort(dag):
        depth[sid] = max((depth[p] + 1 for p in dag.predecessors(sid)), default=0)
    widths = [1 + max((depth[s] for s in ids if tier_of[s] == t), default=0) for t in range(3)]
    offsets = [0.0, 0.0, 0.0]
    for t in (1, 2):
        offsets[t] = offsets[t - 1] + widths[t - 1] * COLUMN_DX + TIER_GAP
    columns: dict[tuple[int, int], list[str]] = defaultdict(list)
    for s in ids:
        columns[(tier_of[s], depth[s])].append(s)
    paths = _paths({s: parent.get(s) for s in ids})
    preds: dict[str, set[str]] = defaultdict(set)
    for a, b in [*links, *((p, s) for s, p in parent.items() if p)]:
        if a in tier_of and b in tier_of:
            preds[b].add(a)
    rank: dict[str, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for key in sorted(columns):
        col = sorted(columns[key], key=lambda s: paths[s])
        base = {s: float(i) for i, s in enumerate(col)}

        def weight(s: str, base: dict[str, float] = base) -> tuple[float, tuple[str, ...]]:
            known = [rank[p] for p in preds[s] if p in rank]
            return (sum(known) / len(known) if known else base[s], paths[s])

        col.sort(key=weight)
        x = offsets[key[0]] + key[1] * COLUMN_DX
        top = -(len(col) - 1) * ROW_DY / 2
        for i, s in enumerate(col):
            y = top + i * ROW_DY
            rank[s] = y / ROW_DY
            positions[s] = (round(x, 1), round(y, 1))
    return positions


def ring_positions(
    levels: Sequence[Sequence[str]],
    parent: Mapping[str, str],
    sort_key: Mapping[str, tuple[str, ...]],
) -> dict[str, tuple[float, float]]:
    """Positions on rings: level 0 at the centre, level d on ring d, each node near its parent.

    Rings grow with the number of nodes on them; consecutive nodes alternate between two radii
    so their labels do not overlap.
    """
    positions: dict[str, tuple[float, float]] = {}
    angle: dict[str, float] = {}
    radius = 0.0
    for d, level in enumerate(levels):
        if d == 0:
            for n in level:
                positions[n] = (0.0, 0.0)
                angle[n] = 0.0
            continue
        order = sorted(level, key=lambda n: (angle.get(parent.get(n, ""), 0.0), sort_key[n]))
        radius = max(radius + RING_STEP, len(order) * RING_SPACING / (2 * math.pi))
        for i, n in enumerate(order):
            a = 2 * math.pi * i / max(len(order), 1) - math.pi / 2
            r = radius + (RING_STEP / 3 if (i % 2 and len(order) > 40) else 0.0)
            angle[n] = a + math.pi / 2
            positions[n] = (round(r * math.cos(a), 1), round(r * math.sin(a), 1))
    return positions


def fan_offsets(count: int, radius: float = 150.0) -> list[tuple[float, float]]:
    """Offsets of ``count`` nodes fanned out to the lower right of the node they attach to."""
    if count <= 0:
        return []
    span = math.radians(100)
    start = math.radians(-20)
    step = span / max(count - 1, 1)
    return [
        (
            round(radius * math.cos(start + i * step), 1),
            round(radius * math.sin(start + i * step) + 20, 1),
        )
        for i in range(count)
    ]
