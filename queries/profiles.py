"""A target firm's profile (目标企业信息库): everything planners hold on it, and the gaps it could fill.

``enterprise_profile(store, "宁德时代")`` gathers the registry facts, the information base
(status, strategy, layout, intentions, executives, contact log), where the firm is (HQ, plants,
planned plants), its list memberships, capabilities, clusters and projects, and the weak or
missing segments of the region that it can supply.
"""

from __future__ import annotations

from datetime import date

from chainatlas.graph.cached import read_cache
from chainatlas.graph.model import (
    Capability,
    ContactEntry,
    Enterprise,
    Executive,
    Intention,
    Presence,
    Profile,
    Project,
    region_prefix,
)
from chainatlas.graph.store import Store
from pydantic import BaseModel, Field

from .firms import match_enterprise
from .freshness import rest_on
from .gaps import find_gaps

__all__ = [
    "Place",
    "CapabilityLine",
    "FillableGap",
    "EnterpriseProfile",
    "enterprise_profile",
]


class Place(BaseModel):
    kind: str
    region_code: str
    region: str = ""


class CapabilityLine(BaseModel):
    segment_id: str
    segment: str
    chain_ids: list[str]
    strength: float
    evidence: str = ""


class FillableGap(BaseModel):
    """A weak or missing segment of the region that this firm can supply."""

    chain_id: str
    segment_id: str
    segment: str
    coverage_class: str
    priority: float
    official_kind: str = ""
    strength: float
    intended: bool = Field(description="the firm has a project intention for this segment")


class EnterpriseProfile(BaseModel):
    enterprise: Enterprise
    region: str
    status: str = ""
    strategy: str = ""
    layout: str = ""
    places: list[Place]
    lists: list[str]
    intentions: list[Intention]
    executives: list[Executive]
    contacts: list[ContactEntry]
    last_contact: date | None = None
    next_step: str = ""
    capabilities: list[CapabilityLine]
    segment_names: dict[str, str] = Field(
        default_factory=dict, description="names of the segments of intentions and capabilities"
    )
    clusters: list[str]
    projects: list[Project]
    gaps: list[FillableGap]
    local: bool = Field(description="the firm already has its HQ or a plant in the region")
    profile_source: str = ""
    profile_as_of: date | None = None
    rests_on: dict[str, str | None] = Field(
        default_factory=dict,
        description="oldest date of the facts shown: firm, segment_tags, presences, profile",
    )


def enterprise_profile(store: Store, ref: str, region: str) -> EnterpriseProfile:
    """Everything on one firm, and the gaps of ``region`` it could fill (most urgent first)."""
    store = read_cache(store)
    ent = match_enterprise(store, ref).require()  # id, name, alias or a unique part
    profiles = store.profiles([ent.id])
    prof = profiles[0] if profiles else None
    presences = store.presences([ent.id])
    regions = {r.code: r for r in store.regions({p.region_code for p in presences})}
    caps = store.capabilities_of([ent.id])
    intended = {i.segment_id for i in (prof.intentions if prof else []) if i.segment_id}
    segs = {s.id: s for s in store.segments({c.segment_id for c in caps} | intended)}

    gaps: list[FillableGap] = []
    strength = {c.segment_id: c.strength for c in caps}
    chains = {cid for c in caps if c.segment_id in segs for cid in segs[c.segment_id].chain_ids}
    for chain_id in sorted(chains):
        report = find_gaps(store, chain_id, region)
        for row in report.gaps:
            if row.segment_id in strength:
                gaps.append(
                    FillableGap(
                        chain_id=chain_id,
                        segment_id=row.segment_id,
                        segment=row.name_zh,
                        coverage_class=row.coverage_class,
                        priority=row.priority,
                        official_kind=row.official_kind.value if row.official_kind else "",
                        strength=strength[row.segment_id],
                        intended=row.segment_id in intended,
                    )
                )
    gaps.sort(key=lambda g: (-g.priority, g.chain_id, g.segment_id))
    contacts = prof.contacts if prof else []
    last = contacts[-1] if contacts else None
    prefix = region_prefix(region)
    return EnterpriseProfile(
        enterprise=ent,
        region=region,
        status=(prof.status if prof else "") or ent.status,
        strategy=(prof.strategy if prof else "") or ent.strategy,
        layout=(prof.layout if prof else "") or ent.layout,
        places=[
            Place(
                kind=p.kind.value,
                region_code=p.region_code,
                region=regions[p.region_code].name_zh if p.region_code in regions else "",
            )
            for p in presences
        ],
        lists=[m.label() for m in ent.lists],
        intentions=prof.intentions if prof else [],
        executives=prof.executives if prof else [],
        contacts=contacts,
        last_contact=last.on if last else None,
        next_step=last.next_step if last else "",
        capabilities=[
            CapabilityLine(
                segment_id=c.segment_id,
                segment=segs[c.segment_id].name_zh if c.segment_id in segs else c.segment_id,
                chain_ids=segs[c.segment_id].chain_ids if c.segment_id in segs else [],
                strength=c.strength,
                evidence=c.evidence,
            )
            for c in caps
        ],
        segment_names={sid: seg.name_zh for sid, seg in segs.items()},
        clusters=[c.name for c in store.clusters() if ent.id in c.member_ids],
        projects=[p for p in store.projects() if p.enterprise_id == ent.id],
        gaps=gaps,
        local=any(
            p.region_code.startswith(prefix) and p.kind.value in {"hq", "plant"} for p in presences
        ),
        profile_source=prof.source if prof else "",
        profile_as_of=prof.as_of if prof else None,
        rests_on=_rests_on(ent, caps, presences, prof),
    )


def _rests_on(
    ent: Enterprise, caps: list[Capability], presences: list[Presence], prof: Profile | None
) -> dict[str, str | None]:
    """The oldest date of each part of the facts a profile shows."""
    return {
        "firm": rest_on([ent]),
        "segment_tags": rest_on(caps),
        "presences": rest_on(presences),
        "profile": rest_on([prof] if prof else []),
    }
