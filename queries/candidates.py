"""Candidates (延链补链): which firms outside the region could fill a gap, ranked and explained.

Every score is a sum of named factors, each ``weight × value`` with value in 0..1 and evidence
a planner can read. Firms already in the region are returned apart (strengthen, not attract).
"""

from __future__ import annotations

import math

from pydantic import BaseModel, Field

from chainatlas.graph.model import (
    Capability,
    Enterprise,
    Ownership,
    PresenceKind,
    Region,
    region_prefix,
)
from chainatlas.graph.store import Store
from chainatlas.queries.common import (
    children_map,
    get_segment,
    local_enterprise_ids,
    with_descendants,
)
from chainatlas.queries.gaps import DEFAULT_REGION
from chainatlas.queries.weights import Weights

__all__ = ["Factor", "Candidate", "CandidateFilters", "Candidates", "find_candidates", "LIST_VALUE"]

LIST_VALUE = {
    "fortune_global500": 1.0,
    "central_soe": 0.9,
    "fortune_china500": 0.8,
    "acfic_private500": 0.6,
    "acfic_manufacturing500": 0.6,
}
MAX_DISTANCE_KM = 2000.0


class Factor(BaseModel):
    """One named part of a score: ``value`` = weight × raw, with the evidence behind it."""

    name: str
    value: float
    raw: float
    evidence: str


class Candidate(BaseModel):
    enterprise_id: str
    name: str
    full_name: str = ""
    score: float
    factors: list[Factor]
    segment_ids: list[str]
    ownership: str = ""
    hq_region: str = ""
    lists: list[str] = Field(default_factory=list)
    local: bool = False


class CandidateFilters(BaseModel):
    """Filters as commercial platforms offer them; empty means no filter."""

    provinces: list[str] = Field(default_factory=list, description="2-digit codes or prefixes")
    ownership: list[Ownership] = Field(default_factory=list)
    lists: list[str] = Field(default_factory=list)
    listed: bool | None = None
    min_revenue_100m_cny: float | None = None

    def accepts(self, ent: Enterprise) -> bool:
        if self.provinces and not any(ent.hq_region.startswith(p) for p in self.provinces):
            return False
        if self.ownership and ent.ownership not in self.ownership:
            return False
        if self.lists and not {m.list for m in ent.lists} & set(self.lists):
            return False
        if self.listed is not None and bool(ent.stock_code) != self.listed:
            return False
        if self.min_revenue_100m_cny is not None and (
            ent.revenue_100m_cny is None or ent.revenue_100m_cny < self.min_revenue_100m_cny
        ):
            return False
        return True


class Candidates(BaseModel):
    """The answer for one gap: who could come (``candidates``) and who is already here (``local``)."""

    segment_ids: list[str]
    query: str = ""
    region: str
    candidates: list[Candidate]
    local: list[Candidate]


def _haversine_km(a: Region, b: Region) -> float | None:
    if None in (a.lon, a.lat, b.lon, b.lat):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _region_of(code: str, regions: dict[str, Region]) -> Region | None:
    for c in (code, code[:4] + "00", code[:2] + "0000"):
        if c in regions and regions[c].lon is not None:
            return regions[c]
    return None


def _region_codes(code: str) -> list[str]:
    return [code, code[:4] + "00", code[:2] + "0000"] if code else []


def score_enterprise(
    ent: Enterprise,
    caps: list[Capability],
    *,
    weights: Weights,
    region: str,
    regions: dict[str, Region],
    planned: list[str],
) -> list[Factor]:
    """The named factors of one firm for one gap (capabilities ``caps`` into the gap's segments)."""
    factors: list[Factor] = []
    best = max(caps, key=lambda c: c.strength)
    factors.append(
        Factor(
            name="fit",
            raw=best.strength,
            value=weights.fit * best.strength,
            evidence=f"can supply {best.segment_id} (strength {best.strength:g}; "
            f"{best.evidence or 'registry'})",
        )
    )
    if ent.revenue_100m_cny:
        raw = min(1.0, math.log10(1 + ent.revenue_100m_cny) / 4.0)
        factors.append(
            Factor(
                name="scale",
                raw=round(raw, 4),
                value=weights.scale * raw,
                evidence=f"revenue {ent.revenue_100m_cny:,.1f} 亿元",
            )
        )
    if ent.lists:
        top = max(ent.lists, key=lambda m: LIST_VALUE.get(m.list, 0.3))
        raw = LIST_VALUE.get(top.list, 0.3)
        factors.append(
            Factor(
                name="lists",
                raw=raw,
                value=weights.lists * raw,
                evidence=", ".join(m.label() for m in ent.lists),
            )
        )
    home = _region_of(region, regions)
    hq = _region_of(ent.hq_region, regions) if ent.hq_region else None
    if ent.hq_region:
        dist = _haversine_km(home, hq) if home and hq else None
        same_province = ent.hq_region[:2] == region[:2]
        if dist is not None:
            raw = max(0.0, 1 - dist / MAX_DISTANCE_KM)
            where = hq.name_zh if hq else ent.hq_region
            evidence = f"HQ {where} ({ent.hq_region}), {dist:,.0f} km away" + (
                ", same province" if same_province else ""
            )
        else:
            raw = 1.0 if same_province else 0.0
            evidence = f"HQ {ent.hq_region}" + (", same province" if same_province else "")
        if raw > 0:
            factors.append(
                Factor(
                    name="geography",
                    raw=round(raw, 4),
                    value=weights.geography * raw,
                    evidence=evidence,
                )
            )
    if planned:
        here = [c for c in planned if c.startswith(region_prefix(region))]
        raw = 1.0 if here else 0.5
        factors.append(
            Factor(
                name="expansion",
                raw=raw,
                value=weights.expansion * raw,
                evidence="planned plant(s) in " + ", ".join(planned),
            )
        )
    for f in factors:
        f.value = round(f.value, 4)
    return factors


def find_candidates(
    store: Store,
    segment: str | None = None,
    query: str | None = None,
    *,
    region: str = DEFAULT_REGION,
    weights: Weights | None = None,
    filters: CandidateFilters | None = None,
    top: int = 20,
) -> Candidates:
    """Firms that could fill ``segment`` (an id or name), ranked by an explained score.

    ``query`` (free text as a planner types it) is resolved to segments by name, alias or
    keyword. Firms present in ``region`` come back in ``local``, not in ``candidates``.
    """
    from chainatlas.queries.resolve import resolve_query

    weights = weights or Weights()
    filters = filters or CandidateFilters()
    if segment:
        seg = get_segment(store, segment)
        roots = [seg.id]
    else:
        roots = resolve_query(store, query or "")
    kids = children_map(store.segments())
    seg_ids = sorted({sid for r in roots for sid in with_descendants(r, kids)})
    caps = store.capabilities_for_segments(seg_ids)
    by_ent: dict[str, list[Capability]] = {}
    for c in caps:
        by_ent.setdefault(c.enterprise_id, []).append(c)
    ents = {e.id: e for e in store.enterprises(by_ent)}
    local_ids = local_enterprise_ids(store, region)
    pres = store.presences(ents)
    planned: dict[str, list[str]] = {}
    codes: set[str] = set(_region_codes(region))
    for p in pres:
        if p.kind == PresenceKind.PLANNED:
            planned.setdefault(p.enterprise_id, []).append(p.region_code)
    for e in ents.values():
        codes.update(_region_codes(e.hq_region))
    regions = {r.code: r for r in store.regions(codes)}
    attract: list[Candidate] = []
    local: list[Candidate] = []
    for eid, ecaps in by_ent.items():
        ent = ents.get(eid)
        if ent is None or not filters.accepts(ent):
            continue
        factors = score_enterprise(
            ent,
            ecaps,
            weights=weights,
            region=region,
            regions=regions,
            planned=planned.get(eid, []),
        )
        cand = Candidate(
            enterprise_id=eid,
            name=ent.name,
            full_name=ent.full_name,
            score=round(sum(f.value for f in factors), 4),
            factors=factors,
            segment_ids=sorted({c.segment_id for c in ecaps}),
            ownership=ent.ownership.value,
            hq_region=ent.hq_region,
            lists=[m.label() for m in ent.lists],
            local=eid in local_ids,
        )
        (local if cand.local else attract).append(cand)
    key = lambda c: (-c.score, c.name, c.enterprise_id)  # noqa: E731
    attract.sort(key=key)
    local.sort(key=key)
    return Candidates(
        segment_ids=seg_ids,
        query=query or "",
        region=region,
        candidates=attract[:top],
        local=local[:top],
    )
