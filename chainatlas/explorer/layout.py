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


#: A node's extent around its centre: (width, above, below), label included.
Box = tuple[float, float, float]
DEFAULT_BOX: Box = (COLUMN_DX - 40.0, 20.0, ROW_DY - 20.0)
COLUMN_GAP = 40.0  # between the widest labels of neighbouring columns
ROW_GAP = 18.0  # between one node's label and the next node's dot


def chain_positions(
    tiers: Mapping[str, str],
    parent: Mapping[str, str | None],
    links: Sequence[tuple[str, str]],
    boxes: Mapping[str, Box] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions of segments (id → tier, id → parent id) given the FEEDS links between them.

    ``boxes`` gives each node's extent with its label (width, above and below its centre): a
    column is as wide as its widest label and nodes stack by their real heights, so no two
    boxes overlap. The picture is centred on (0, 0).
    """
    ids = sorted(tiers)
    box = {s: (boxes or {}).get(s, DEFAULT_BOX) for s in ids}
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
    x, last = 0.0, None
    for key in sorted(columns):
        col = sorted(columns[key], key=lambda s: paths[s])
        base = {s: float(i) for i, s in enumerate(col)}

        def weight(s: str, base: dict[str, float] = base) -> tuple[float, tuple[str, ...]]:
            known = [rank[p] for p in preds[s] if p in rank]
            return (sum(known) / len(known) if known else base[s], paths[s])

        col.sort(key=weight)
        half = max(box[s][0] for s in col) / 2
        if last is not None:
            gap = COLUMN_GAP + (TIER_GAP if key[0] != last[0] else 0.0)
            x += last[1] + gap + half
        last = (key[0], half)
        ys = [0.0]
        for a, b in zip(col, col[1:], strict=False):
            ys.append(ys[-1] + box[a][2] + ROW_GAP + box[b][1])
        mid = (ys[-1] + box[col[-1]][2] - box[col[0]][1]) / 2  # the column's middle
        for i, s in enumerate(col):
            y = ys[i] - mid
            rank[s] = y / ROW_DY
            positions[s] = (x, y)
    return _centred(positions, box)


def _centred(
    positions: dict[str, tuple[float, float]], box: Mapping[str, Box]
) -> dict[str, tuple[float, float]]:
    """The positions moved so that the boxes' bounding box is centred on (0, 0)."""
    if not positions:
        return {}
    left = min(x - box[s][0] / 2 for s, (x, _) in positions.items())
    right = max(x + box[s][0] / 2 for s, (x, _) in positions.items())
    top = min(y - box[s][1] for s, (_, y) in positions.items())
    bottom = max(y + box[s][2] for s, (_, y) in positions.items())
    cx, cy = (left + right) / 2, (top + bottom) / 2
    return {s: (round(x - cx, 1), round(y - cy, 1)) for s, (x, y) in positions.items()}


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
