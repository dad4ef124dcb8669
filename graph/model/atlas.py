"""``Atlas``: a batch of records to write in one atomic step."""

from __future__ import annotations

from pydantic import Field

from .base import Record
from .core import Capability, Chain, Enterprise, Presence, Region, Segment, SupplyLink, WeakLink
from .public import Industry, IndustryMembership, Product, ProductLink, ProductSupply, SupplyTie
from .workflow import Cluster, Profile, Project

__all__ = ["Atlas"]


class Atlas(Record):
    """A batch of records to write in one atomic step."""

    chains: list[Chain] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    links: list[SupplyLink] = Field(default_factory=list)
    enterprises: list[Enterprise] = Field(default_factory=list)
    capabilities: list[Capability] = Field(default_factory=list)
    presences: list[Presence] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    weak_links: list[WeakLink] = Field(default_factory=list)
    clusters: list[Cluster] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)
    industries: list[Industry] = Field(default_factory=list)
    product_links: list[ProductLink] = Field(default_factory=list)
    product_supplies: list[ProductSupply] = Field(default_factory=list)
    industry_memberships: list[IndustryMembership] = Field(default_factory=list)
    supply_ties: list[SupplyTie] = Field(default_factory=list)
    profiles: list[Profile] = Field(default_factory=list)

    def extend(self, other: Atlas) -> None:
        for name in type(self).model_fields:
            getattr(self, name).extend(getattr(other, name))

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in type(self).model_fields}

    def is_empty(self) -> bool:
        return not any(self.counts().values())
