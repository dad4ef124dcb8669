"""The view of one chain, or several fused: segments by tier, coloured by coverage, with candidates.

Data comes only through the public queries (``find_gaps``, ``find_candidates``) and the store's
chain retrievals; segments that several chains share are drawn once.
"""

from __future__ import annotations

from collections.abc import Sequence

from chainatlas.explorer.layout import chain_positions, fan_offsets
from chainatlas.explorer.view import (
    CandidateInfo,
    ExplorerView,
    FactorInfo,
    FilterGroup,
    FirmInfo,
    ViewEdge,
    ViewNode,
)
from chainatlas.graph.model import Segment, SupplyLink
from chainatlas.graph.store import Store
from chainatlas.queries import Thresholds, find_candidates, find_gaps
from chainatlas.queries.gaps import DEFAULT_REGION, SegmentCoverage

__all__ = ["build_chain_view", "TIER_LABELS", "COVERAGE_LABELS", "segment_node_id"]

TIER_LABELS = {
    "upstream": "上游 upstream",
    "midstream": "中游 midstream",
    "downstream": "下游 downstream",
}
COVERAGE_LABELS = {"strong": "强 strong", "weak": "弱项 weak", "missing": "缺项 missing"}
OFFICIAL_LABELS = {"weak": "官方弱项", "missing": "官方缺项"}
DEFAULT_TOP = 5


def segment_node_id(segment_id: str) -> str:
    return f"seg:{segment_id}"


def _candidates(store: Store, segment_id: str, region: str, top: int) -> list[CandidateInfo]:
    found = find_candidates(store, segment=segment_id, region=region, top=top).candidates
    offsets = fan_offsets(len(found))
    return [
        CandidateInfo(
            enterprise_id=c.enterprise_id,
            name=c.name,
            score=c.score,
            factors=[
                FactorInfo(name=f.name, value=f.value, evidence=f.evidence) for f in c.factors
            ],
            hq_region=c.hq_region,
            lists=c.lists,
            dx=dx,
            dy=dy,
        )
        for c, (dx, dy) in zip(found, offsets, strict=True)
    ]


def _facts(seg: Segment, row: SegmentCoverage, chains: list[str]) -> list[tuple[str, str]]:
    facts = [
        ("层级 tier", TIER_LABELS.get(row.tier.value, row.tier.value)),
        ("覆盖 coverage", COVERAGE_LABELS[row.coverage_class]),
        ("本地企业 local firms", str(row.local_firm_count)),
        ("覆盖度 coverage sum", f"{row.coverage:g}"),
        ("重要性 importance", f"{row.importance:.2f}"),
        ("优先级 priority", f"{row.priority:.2f}"),
    ]
    if row.official_kind is not None:
        note = f"：{row.official_note}" if row.official_note else ""
        facts.append(("官方清单 official list", OFFICIAL_LABELS[row.official_kind.value] + note))
    if not row.agrees_with_official:
        facts.append(("与官方清单 vs. official", "不一致 disagrees"))
    facts.append(("产业链 chains", "、".join(chains)))
    if seg.gbt_codes:
        facts.append(("GB/T 4754-2017", "、".join(seg.gbt_codes)))
    facts.append(("编号 id", seg.id))
    return facts


def build_chain_view(
    store: Store,
    chain_ids: Sequence[str],
    region: str = DEFAULT_REGION,
    *,
    top: int = DEFAULT_TOP,
    thresholds: Thresholds | None = None,
) -> ExplorerView:
    """The picture of ``chain_ids`` (one chain, or several fused) in ``region``.

    Every segment carries its coverage, local firms and top ``top`` candidates; segments
    shared by several chains appear once, listing all their chains.
    """
    if not chain_ids:
        chain_ids = [c.id for c in store.chains()]
    reports = [find_gaps(store, cid, region, thresholds=thresholds) for cid in chain_ids]
    segments: dict[str, Segment] = {}
    rows: dict[str, SegmentCoverage] = {}
    in_chains: dict[str, list[str]] = {}
    links: dict[tuple[str, str], SupplyLink] = {}
    for report in reports:
        for seg in store.chain_segments(report.chain_id):
            segments.setdefault(seg.id, seg)
            in_chains.setdefault(seg.id, [])
            if report.chain_id not in in_chains[seg.id]:
                in_chains[seg.id].append(report.chain_id)
        for row in report.segments:
            old = rows.get(row.segment_id)
            if old is None or row.priority > old.priority:
                rows[row.segment_id] = row
        for lk in store.chain_links(report.chain_id):
            links.setdefault((lk.from_id, lk.to_id), lk)
    ids = sorted(s for s in segments if s in rows)
    parent = {s: segments[s].parent if segments[s].parent in rows else None for s in ids}
    pos = chain_positions(
        {s: rows[s].tier.value for s in ids},
        parent,
        [k for k in sorted(links) if k[0] in rows and k[1] in rows],
    )
    nodes = []
    for sid in ids:
        seg, row = segments[sid], rows[sid]
        nodes.append(
            ViewNode(
                id=segment_node_id(sid),
                kind="segment",
                name=seg.name_zh,
                name_en=seg.name_en,
                aliases=seg.aliases,
                x=pos[sid][0],
                y=pos[sid][1],
                size=round(10 + 20 * row.importance, 1),
                tier=row.tier.value,
                coverage=row.coverage_class,
                official=row.official_kind.value if row.official_kind else None,
                official_note=row.official_note,
                importance=row.importance,
                priority=row.priority,
                chains=in_chains[sid],
                facts=_facts(seg, row, in_chains[sid]),
                local_firms=[
                    FirmInfo(enterprise_id=f.enterprise_id, name=f.name, strength=f.strength)
                    for f in row.local_firms
                ],
                candidates=_candidates(store, sid, region, top),
            )
        )
    edges = [
        ViewEdge(
            id=f"feeds:{a}>{b}",
            source=segment_node_id(a),
            target=segment_node_id(b),
            kind="feeds",
            label=lk.kind.value,
        )
        for (a, b), lk in sorted(links.items())
        if a in rows and b in rows
    ]
    edges += [
        ViewEdge(
            id=f"part:{p}>{s}", source=segment_node_id(p), target=segment_node_id(s), kind="part_of"
        )
        for s, p in sorted(parent.items())
        if p
    ]
    counts = {"strong": 0, "weak": 0, "missing": 0}
    for sid in ids:
        counts[rows[sid].coverage_class] += 1
    names = [r.chain_name for r in reports]
    shared = sum(1 for sid in ids if len(in_chains[sid]) > 1)
    notes = (
        [f"{shared} 个环节为多条产业链共有 (shared by several chains)"] if len(reports) > 1 else []
    )
    return ExplorerView(
        kind="chain",
        title=" + ".join(names),
        subtitle=(
            f"地区 region {region} · 环节 {len(ids)} · 强 {counts['strong']} · "
            f"弱项 {counts['weak']} · 缺项 {counts['missing']}"
        ),
        region=region,
        chain_ids=[r.chain_id for r in reports],
        nodes=nodes,
        edges=edges,
        filters=[
            FilterGroup(field="tier", label="层级 tier", options=list(TIER_LABELS.items())),
            FilterGroup(
                field="coverage", label="覆盖 coverage", options=list(COVERAGE_LABELS.items())
            ),
        ],
        notes=notes,
    )
