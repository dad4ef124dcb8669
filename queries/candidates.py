"""Candidates (延链补链): which firms could fill a gap, ranked, every score explained.

A gap is a segment id or free text as a planner types it (锂电池隔膜). It is resolved to
query forms (the text, the segment's names and aliases), then evidence is gathered per firm
(``queries.evidence``): direct segment tags, main products that name the thing (with their
revenue share), subtypes and adjacent products in the product graph, industry classes where the
gap's makers are, the firm's own name. The score is a sum of named factors: the capability
factors (sharing the ``fit`` weight) and scale, lists, geography, expansion, ties and central-SOE
pairing, each counted in proportion to the fit. Firms already in the region come back apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chainatlas.graph.cached import read_cache
from chainatlas.graph.model import (
    Enterprise,
    Ownership,
    PresenceKind,
    SoePairingTable,
    region_prefix,
)
from chainatlas.graph.store import Store
from pydantic import BaseModel, Field

from .evidence import (
    Evidence,
    Reads,
    combine_fit,
    gather_evidence,
    soe_pairing_names,
)
from .gapquery import gap_query
from .pull import (
    LIST_VALUE,
    PULL_FACTORS,
    geography,
    lists_raw,
    pull_factors,
    region_codes,
    scale_raw,
)
from .understand import EnglishDictionary, Understanding
from .weights import Weights

__all__ = [
    "Factor",
    "Candidate",
    "CandidateFilters",
    "Candidates",
    "find_candidates",
    "gap_query",
    "LIST_VALUE",
]

#: Firms scored in the first batch (at least; ten times ``top``), best fit first.
FIRST_BATCH = 250


class Factor(BaseModel):
    """One named part of a score: ``value`` is what it adds, ``raw`` its 0..1 measure."""

    name: str
    value: float
    raw: float
    evidence: str


class Candidate(BaseModel):
    enterprise_id: str
    name: str
    full_name: str = ""
    score: float
    fit: float
    factors: list[Factor]
    segment_ids: list[str] = Field(default_factory=list)
    ownership: str = ""
    hq_region: str = ""
    stock_code: str = ""
    lists: list[str] = Field(default_factory=list)
    local: bool = False


class CandidateFilters(BaseModel):
    """Filters as commercial platforms offer them; empty means no filter."""

    provinces: list[str] = Field(
        default_factory=list, description="region code prefixes: 41 (province), 4107 (city)"
    )
    ownership: list[Ownership] = Field(default_factory=list)
    lists: list[str] = Field(default_factory=list, description="list ids or prefixes")
    listed: bool | None = None
    min_revenue_100m_cny: float | None = None

    def accepts(self, ent: Enterprise) -> bool:
        if self.provinces and not any(
            ent.hq_region.startswith(region_prefix(p)) for p in self.provinces
        ):
            return False
        if self.ownership and ent.ownership not in self.ownership:
            return False
        if self.lists and not any(
            m.list.startswith(want) for m in ent.lists for want in self.lists
        ):
            return False
        if self.listed is not None and bool(ent.stock_code) != self.listed:
            return False
        if self.min_revenue_100m_cny is not None and (
            ent.revenue_100m_cny is None or ent.revenue_100m_cny < self.min_revenue_100m_cny
        ):
            return False
        return True


class Candidates(BaseModel):
    """The answer for one gap: who could come (``candidates``), who is here (``local``)."""

    segment_ids: list[str]
    query: str = ""
    region: str
    products: list[str] = Field(default_factory=list, description="products the gap resolved to")
    industries: list[str] = Field(default_factory=list)
    candidates: list[Candidate]
    local: list[Candidate]
    understood: Understanding | None = Field(
        None, description="how a free-text query was read (normalised, corrected, translated)"
    )


def find_candidates(
    store: Store,
    segment: str | None = None,
    query: str | None = None,
    *,
    region: str,
    weights: Weights | None = None,
    filters: CandidateFilters | None = None,
    pairing: SoePairingTable | None = None,
    dictionary: EnglishDictionary | None = None,
    top: int = 20,
) -> Candidates:
    """Firms that could fill ``segment`` (an id or name) or ``query`` (free text), best first.

    Every candidate's ``score`` is the sum of its ``factors``; firms with an HQ or plant in
    ``region`` (a division code; empty for none) are returned in ``local`` (strengthen), the
    others in ``candidates`` (attract). ``pairing`` is the city's central-SOE pairing table
    (the ``soe_pairing`` factor counts only with one).

    >>> found = find_candidates(store, "separators", region="410700", top=5)  # doctest: +SKIP
    """
    store = read_cache(store)
    weights = weights or Weights()
    prefix = region_prefix(region) if region else ""
    with Reads(store) as early:  # who is in the region: asked at once, needed at the end
        here = early.start(store.enterprises_in_region, prefix) if prefix else None
        gq = gap_query(store, segment, query, dictionary)
        found = gather_evidence(store, gq, weights)
        local_ids = here() if here is not None else set()
    fits: dict[str, tuple[float, list[Evidence]]] = {}
    for eid, evs in found.by_enterprise.items():
        fit, parts = combine_fit(evs)
        if fit >= weights.min_fit:
            fits[eid] = (fit, parts)
    ctx = _Context(
        region=region,
        weights=weights,
        filters=filters or CandidateFilters(),
        paired=soe_pairing_names(pairing, found.industry_names + [f.text for f in gq.forms]),
        terms=[f.core for f in gq.forms],
        segments_of=found.segments_of,
    )
    attract, local = _rank(store, fits, local_ids, ctx, top)
    return Candidates(
        segment_ids=gq.segment_ids,
        query=query or "",
        region=region,
        products=found.top_products[:20],
        industries=found.industry_names,
        candidates=[c.candidate() for c in attract[:top]],
        local=[c.candidate() for c in local[:top]],
        understood=gq.understood,
    )


def _rank(
    store: Store,
    fits: dict[str, tuple[float, list[Evidence]]],
    local_ids: set[str],
    ctx: _Context,
    top: int,
) -> tuple[list[_Scored], list[_Scored]]:
    """The scored firms from afar and those of the region, each sorted best first.

    Firms are scored best fit first, in batches, until no firm left can reach the top: a
    score is at most fit × (the fit weight + every pull weight), as each factor's raw value is
    at most 1, so the answer is the one scoring every firm would give.
    """
    weights = ctx.weights
    with Reads(store) as reads:
        order = sorted(fits, key=lambda e: (-fits[e][0], e))
        absent = {"soe_pairing"} if not ctx.paired else set()
        if not local_ids:
            absent.add("ties")  # ties are to firms of the region
        ceiling = weights.fit + sum(
            getattr(weights, name) for name in PULL_FACTORS if name not in absent
        )
        rest = [e for e in order if e not in local_ids]
        batch = [e for e in order if e in local_ids]  # the region's own firms: all scored
        size = max(10 * top, FIRST_BATCH)
        done = 0
        attract: list[_Scored] = []
        local: list[_Scored] = []
        bounds: dict[str, float] | None = None  # each firm's own bound, once asked for
        while True:
            batch += rest[done : done + size]
            done += min(size, len(rest) - done)
            for cand in _score(store, reads, batch, fits, local_ids, ctx):
                (local if cand.local else attract).append(cand)
            if done >= len(rest):
                break
            attract.sort(key=_order)
            kth = attract[top - 1].score if len(attract) >= top else math.inf
            if bounds is None and fits[rest[done]][0] * ceiling + 1e-3 < kth:
                break
            if bounds is None and len(rest) - done > 2 * size:
                # Thousands of equally fitting firms (a popular segment of a national registry)
                # are not told apart by the fit: bound each by its pull facts (a few fields,
                # far cheaper than its records) and go on in the order of those bounds.
                tail = rest[done:]
                bounds = _bounds(store, tail, fits, ctx, ties=bool(local_ids))
                rest = rest[:done] + sorted(tail, key=lambda e: (-bounds.get(e, 0.0), e))
            batch, size = [], size * 2
            if bounds is not None:
                reach = [e for e in rest[done:] if bounds.get(e, 0.0) + 1e-3 >= kth]
                if not reach:
                    break
                if kth < math.inf:  # all that can still reach the top, at once
                    size = len(reach)
    attract.sort(key=_order)
    local.sort(key=_order)
    return attract, local


def _bounds(
    store: Store,
    ids: list[str],
    fits: dict[str, tuple[float, list[Evidence]]],
    ctx: _Context,
    *,
    ties: bool,
) -> dict[str, float]:
    """The most each of ``ids`` can score: its fit × (the fit weight + its scale, lists and
    geography as they are + expansion, ties and SOE pairing wherever its facts allow them).
    Firms the store does not know are left out (scoring them gives nothing either)."""
    w = ctx.weights
    facts = store.pull_facts(ids)
    codes = set(region_codes(ctx.region))
    for f in facts:
        codes.update(region_codes(f.hq_region))
    regions = {r.code: r for r in store.regions(codes)}
    near = {code: geography(code, ctx.region, regions)[0] for code in {f.hq_region for f in facts}}
    out = {}
    for f in facts:
        pull = (
            w.scale * scale_raw(f.revenue_100m_cny)
            + w.lists * lists_raw(f.lists)
            + w.geography * near[f.hq_region]
            + w.expansion * (1.0 if f.planned else 0.8 if f.profiled else 0.0)
            + (w.ties if ties and f.tied else 0.0)
            + (w.soe_pairing if ctx.paired else 0.0)
        )
        out[f.enterprise_id] = fits[f.enterprise_id][0] * (w.fit + pull)
    return out


@dataclass
class _Context:
    region: str
    weights: Weights
    filters: CandidateFilters
    paired: dict[str, str]
    terms: list[str]
    segments_of: dict[str, set[str]]


def _score(
    store: Store,
    reads: Reads,
    batch: list[str],
    fits: dict[str, tuple[float, list[Evidence]]],
    local_ids: set[str],
    ctx: _Context,
) -> list[_Scored]:
    """The scored candidates among ``batch`` (firms the filters let through)."""
    if not batch:
        return []
    weights = ctx.weights
    # the firms' records, presences, profiles and ties: one retrieval (one round trip)
    facts = store.score_facts(batch, bool(local_ids))
    ents = {e.id: e for e in facts.enterprises if ctx.filters.accepts(e)}
    ids = sorted(ents)
    codes = set(region_codes(ctx.region))
    for eid in ids:
        codes.update(region_codes(ents[eid].hq_region))
    region_recs = reads.start(store.regions, codes)
    others: dict[str, list[str]] = {}
    for t in facts.ties:
        for a, b in ((t.from_id, t.to_id), (t.to_id, t.from_id)):
            if a in ents and b in local_ids:
                others.setdefault(a, []).append(b)
    tied = {b for v in others.values() for b in v}
    names = store.enterprise_names(tied) if tied else {}
    tie_names = {a: [names.get(b, b) for b in bs] for a, bs in others.items()}
    planned: dict[str, list[str]] = {}
    for p in facts.presences:
        if p.kind == PresenceKind.PLANNED:
            planned.setdefault(p.enterprise_id, []).append(p.region_code)
    intentions = {
        p.enterprise_id: " ".join(f"{i.segment_text} {i.note}" for i in p.intentions)
        for p in facts.profiles
    }
    regions = {r.code: r for r in region_recs()}
    out = []
    for eid in ids:
        ent = ents[eid]
        fit, parts = fits[eid]
        factors = [
            (ev.kind, round(ev.value, 4), round(weights.fit * ev.share, 4), ev.evidence)
            for ev in parts
            if weights.fit * ev.share >= 0.005
        ]
        own_names = set(ent.names()) if ctx.paired else set()
        pair = next((ind for n, ind in ctx.paired.items() if n in own_names), None)
        for name, raw, ev in pull_factors(
            ent,
            region=ctx.region,
            regions=regions,
            planned=planned.get(eid, []),
            intentions=intentions.get(eid, "") or ent.intentions,
            ties=tie_names.get(eid, []),
            paired=pair,
            terms=ctx.terms,
        ):
            w = getattr(weights, name)
            factors.append((name, round(raw, 4), round(w * raw * fit, 4), ev))
        segs = sorted(ctx.segments_of.get(eid, set()))
        out.append(
            _Scored(
                round(sum(f[2] for f in factors), 4),
                round(fit, 4),
                eid,
                eid in local_ids,
                ent,
                factors,
                segs,
            )
        )
    return out


@dataclass(slots=True)
class _Scored:
    """A scored firm; its ``Candidate`` record is built only if it makes the list."""

    score: float
    fit: float
    enterprise_id: str
    local: bool
    ent: Enterprise
    factors: list[tuple[str, float, float, str]]  # name, raw, value, evidence
    segment_ids: list[str]

    def candidate(self) -> Candidate:
        ent = self.ent
        return Candidate(
            enterprise_id=self.enterprise_id,
            name=ent.name,
            full_name=ent.full_name,
            score=self.score,
            fit=self.fit,
            factors=[
                Factor(name=name, raw=raw, value=value, evidence=evidence)
                for name, raw, value, evidence in self.factors
            ],
            segment_ids=self.segment_ids,
            ownership=ent.ownership.value,
            hq_region=ent.hq_region,
            stock_code=ent.stock_code,
            lists=[m.label() for m in ent.lists],
            local=self.local,
        )


def _order(c: _Scored) -> tuple[float, float, str]:
    return (-c.score, -c.fit, c.enterprise_id)
