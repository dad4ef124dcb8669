"""The explorer's view model: what the page draws, computed in Python, serialised as JSON.

A view holds nodes with fixed positions (so the same chain always looks the same), edges, and
per node the details the side panel shows (local firms, candidates with their score factors).
Everything here is data; the page renders it as text, never as markup.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "NodeKind",
    "EdgeKind",
    "FactorInfo",
    "FirmInfo",
    "CandidateInfo",
    "ViewNode",
    "ViewEdge",
    "FilterGroup",
    "ExplorerView",
]

NodeKind = Literal["segment", "candidate", "enterprise", "product"]
EdgeKind = Literal[
    "feeds", "part_of", "candidate", "can_supply", "made_from", "subtype_of", "makes"
]


class FactorInfo(BaseModel):
    name: str
    value: float
    evidence: str


class FirmInfo(BaseModel):
    """A local firm of a segment, as the panel lists it."""

    enterprise_id: str
    name: str
    strength: float
    via_project: str = ""
    source: str = ""
    as_of: str | None = None
    dated: str = Field("", description="source and date as the panel shows them")


class CandidateInfo(BaseModel):
    """A firm that could fill a gap, with its explained score and where its node goes."""

    enterprise_id: str
    name: str
    score: float
    factors: list[FactorInfo]
    hq_region: str = ""
    hq_region_name: str = Field("", description="the HQ's region by name: 重庆市")
    lists: list[str] = Field(default_factory=list)
    source: str = ""
    as_of: str | None = None
    dated: str = Field("", description="source and date as the panel shows them")
    dx: float = 0.0
    dy: float = 0.0


class ViewNode(BaseModel):
    id: str
    kind: NodeKind
    name: str
    name_en: str = ""
    aliases: list[str] = Field(default_factory=list)
    label: str = Field("", description="what the map writes under the node (default: name)")
    x: float
    y: float
    size: float = 20.0
    tier: str | None = None
    coverage: str | None = None
    official: str | None = None
    official_note: str = ""
    importance: float | None = None
    priority: float | None = None
    chains: list[str] = Field(default_factory=list)
    facts: list[tuple[str, str]] = Field(default_factory=list)
    local_firms: list[FirmInfo] = Field(default_factory=list)
    candidates: list[CandidateInfo] = Field(default_factory=list)
    depth: int = 0
    centre: bool = False


class ViewEdge(BaseModel):
    id: str
    source: str
    target: str
    kind: EdgeKind
    label: str = ""


class FilterGroup(BaseModel):
    """A row of checkboxes in the page: nodes whose ``field`` value is unticked are hidden."""

    field: str
    label: str
    options: list[tuple[str, str]]


class ExplorerView(BaseModel):
    """One picture: a chain (or several fused), or the neighbourhood of a firm or product."""

    kind: Literal["chain", "around"]
    title: str
    subtitle: str = ""
    region: str = ""
    chain_ids: list[str] = Field(default_factory=list)
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    filters: list[FilterGroup] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    lang: Literal["zh", "en"] = "zh"
    oldest: str | None = Field(None, description="the oldest date of the facts drawn (ISO)")
    newest: str | None = Field(None, description="the newest date of the facts drawn (ISO)")

    def counts(self) -> dict[str, int]:
        """Node and edge counts by kind, as the page reports them on ``window.chainatlasView``."""
        out: dict[str, int] = {"nodes": len(self.nodes), "edges": len(self.edges)}
        for n in self.nodes:
            out[f"node:{n.kind}"] = out.get(f"node:{n.kind}", 0) + 1
        for e in self.edges:
            out[f"edge:{e.kind}"] = out.get(f"edge:{e.kind}", 0) + 1
        return out
