"""Atlases written as the importer's input, merged the way ``Neo4jStore.write`` merges.

The importer only creates: a key written twice fails the import, and so does a relationship to
an absent node. So the write rules of ``Neo4jStore._apply`` are applied here, batch after batch,
while the rows are written: a later record of a key replaces the earlier one, placeholder nodes
are created only for absent keys, a relationship only when both of its nodes exist when its
batch is written, and projects and profiles merge (``graph.merge``). ``write_import_files(b)``
gives the graph that ``for a in b: store.write(a)`` gives on an empty database.

Memory holds the keys written (in each ``CsvTable``), the records that merge on a rewrite
(segments, projects, profiles) and the relationships a rewrite drops (a segment's parent, a weak
link's segment, a cluster's members, a project's firm and segments); these are written when the
files are closed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from ..merge import merge_batch, merge_profile, merge_project
from ..model import (
    Atlas,
    Capability,
    Chain,
    Cluster,
    Enterprise,
    Industry,
    IndustryMembership,
    NodeLabel,
    Presence,
    Product,
    ProductLink,
    ProductSupply,
    Profile,
    Project,
    Region,
    RelType,
    Segment,
    SupplyLink,
    SupplyTie,
    WeakLink,
)
from .bulk_csv import CsvTable, ImportFiles, ImportInputError, Layout
from .cypher import NAMES_PROPERTY, NODE_KEYS
from .store import to_props

__all__ = ["ImportWriter", "write_import_files", "NODE_RECORDS", "EDGE_RECORDS"]

PROGRESS_EVERY = 50_000
#: The record kinds of an ``Atlas`` this writer handles; a kind added to ``Atlas`` later is
#: refused by name rather than left out silently.
KNOWN_KINDS = frozenset(
    {
        "regions", "chains", "segments", "links", "enterprises", "capabilities", "presences",
        "weak_links", "clusters", "projects", "profiles", "products", "industries",
        "product_links", "product_supplies", "industry_memberships", "supply_ties",
    }
)  # fmt: skip
UNKNOWN_KINDS = tuple(name for name in Atlas.model_fields if name not in KNOWN_KINDS)

L, R = NodeLabel, RelType
T = TypeVar("T")

#: The record class of each node label.
NODE_RECORDS: dict[NodeLabel, type[BaseModel]] = {
    L.CHAIN: Chain,
    L.SEGMENT: Segment,
    L.PRODUCT: Product,
    L.INDUSTRY: Industry,
    L.ENTERPRISE: Enterprise,
    L.REGION: Region,
    L.WEAK_LINK: WeakLink,
    L.CLUSTER: Cluster,
    L.PROJECT: Project,
    L.PROFILE: Profile,
}
#: The record class of each relationship that has properties.
EDGE_RECORDS: dict[tuple[RelType, NodeLabel, NodeLabel], type[BaseModel]] = {
    (R.FEEDS, L.SEGMENT, L.SEGMENT): SupplyLink,
    (R.CAN_SUPPLY, L.ENTERPRISE, L.SEGMENT): Capability,
    (R.LOCATED_IN, L.ENTERPRISE, L.REGION): Presence,
    (R.MADE_FROM, L.PRODUCT, L.PRODUCT): ProductLink,
    (R.SUBTYPE_OF, L.PRODUCT, L.PRODUCT): ProductLink,
    (R.CAN_SUPPLY, L.ENTERPRISE, L.PRODUCT): ProductSupply,
    (R.IN_INDUSTRY, L.ENTERPRISE, L.INDUSTRY): IndustryMembership,
    (R.SUPPLIES, L.ENTERPRISE, L.ENTERPRISE): SupplyTie,
}


def _last_by(recs: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """One record per key, the last one winning (as ``Neo4jStore.write`` keeps)."""
    return list({key(r): r for r in recs}.values())


# -- the merge ------------------------------------------------------------------------------------
class ImportWriter:
    """Writes atlases as the importer's CSV files; ``write(atlas)`` is ``Neo4jStore.write(atlas)``
    on the graph the files will hold. ``close()`` finishes the files."""

    def __init__(self, folder: Path, progress: Callable[[str], None] | None = None) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.progress = progress
        self.nodes: dict[NodeLabel, CsvTable] = {}
        self.edges: dict[tuple[RelType, NodeLabel, NodeLabel], CsvTable] = {}
        self.layouts: dict[object, Layout] = {}
        self.written = 0
        # records that merge, and relationships a rewrite of their owner drops
        self.segments: dict[str, Segment] = {}
        self.projects: dict[str, Project] = {}
        self.profiles: dict[str, Profile] = {}
        self.segment_parent: dict[str, str] = {}
        self.weak_link_at: dict[str, str] = {}
        self.cluster_members: dict[str, list[str]] = {}
        self.project_by: dict[str, str] = {}
        self.project_fills: dict[str, list[str]] = {}
        self.closed: ImportFiles | None = None

    # -- tables ----------------------------------------------------------------------------------
    def _node_table(self, label: NodeLabel) -> CsvTable:
        table = self.nodes.get(label)
        if table is None:
            key = NODE_KEYS[label]
            extra = (NAMES_PROPERTY,) if label is L.ENTERPRISE else ()
            layout = Layout.of(NODE_RECORDS[label], skip=key, extra=extra)
            self.layouts[label] = layout
            header = ",".join((f"{key}:ID({label.value})", *layout.header))
            table = self.nodes[label] = CsvTable(self.folder / f"{label.value}.csv", header)
        return table

    def _edge_table(self, rel: RelType, src: NodeLabel, dst: NodeLabel) -> CsvTable:
        table = self.edges.get((rel, src, dst))
        if table is None:
            layout = Layout.of(EDGE_RECORDS.get((rel, src, dst)))
            self.layouts[(rel, src, dst)] = layout
            ends = (f":START_ID({src.value})", f":END_ID({dst.value})")
            path = self.folder / f"{rel.value}-{src.value}-{dst.value}.csv"
            table = self.edges[(rel, src, dst)] = CsvTable(path, ",".join((*ends, *layout.header)))
        return table

    def _tick(self) -> None:
        self.written += 1
        if self.progress and self.written % PROGRESS_EVERY == 0:
            self.progress(f"writing the import files: {self.written:,} rows")

    def _has(self, label: NodeLabel, key: str) -> bool:
        if label is L.SEGMENT:
            return key in self.segments
        table = self.nodes.get(label)
        return table is not None and key in table

    def _put(self, label: NodeLabel, rec: BaseModel) -> None:
        table = self._node_table(label)
        key = getattr(rec, NODE_KEYS[label])
        props = to_props(rec)
        if isinstance(rec, Enterprise):
            props[NAMES_PROPERTY] = "\n".join([rec.id, *rec.names()])
        table.put(key, self.layouts[label].row([key], props))
        self._tick()

    def _ensure(self, label: NodeLabel, rec: BaseModel) -> None:
        """A placeholder node when its key is absent (an existing node stays as it is)."""
        if not self._has(label, getattr(rec, NODE_KEYS[label])):
            self._put(label, rec)

    def _edge(
        self,
        rel: RelType,
        src: NodeLabel,
        dst: NodeLabel,
        a: str,
        b: str,
        rec: BaseModel | None = None,
        key: Hashable = None,
    ) -> None:
        """``MERGE (a)-[:rel]->(b)`` between existing nodes, ``SET`` to ``rec``'s properties."""
        if not (self._has(src, a) and self._has(dst, b)):
            return
        table = self._edge_table(rel, src, dst)
        key = (a, b) if key is None else key
        if rec is None and key in table:
            return  # nothing to set on an existing relationship
        props = to_props(rec) if rec is not None else {}
        table.put(key, self.layouts[(rel, src, dst)].row([a, b], props))
        self._tick()

    # -- one batch, as Neo4jStore._apply ---------------------------------------------------------
    def write(self, atlas: Atlas) -> None:
        if self.closed is not None:
            raise RuntimeError("the import files are closed")
        unknown = [name for name in UNKNOWN_KINDS if getattr(atlas, name)]
        if unknown:
            raise ImportInputError(
                f"the bulk import does not know how to write {', '.join(unknown)}; "
                "load these records with `chainatlas load`"
            )
        for region in _last_by(atlas.regions, lambda r: r.code):
            self._put(L.REGION, region)
        for chain in _last_by(atlas.chains, lambda c: c.id):
            self._put(L.CHAIN, chain)
        self._write_segments(atlas.segments)
        for lk in _last_by(atlas.links, lambda lk: (lk.from_id, lk.to_id, lk.chain_id)):
            key = (lk.from_id, lk.to_id, lk.chain_id)
            self._edge(R.FEEDS, L.SEGMENT, L.SEGMENT, lk.from_id, lk.to_id, lk, key)
        for ent in _last_by(atlas.enterprises, lambda e: e.id):
            self._put(L.ENTERPRISE, ent)
        for cap in _last_by(atlas.capabilities, lambda c: (c.enterprise_id, c.segment_id)):
            self._edge(
                R.CAN_SUPPLY, L.ENTERPRISE, L.SEGMENT, cap.enterprise_id, cap.segment_id, cap
            )
        presences = _last_by(
            (p for p in atlas.presences if self._has(L.ENTERPRISE, p.enterprise_id)),
            lambda p: (p.enterprise_id, p.region_code, p.kind),
        )
        for p in presences:
            if not self._has(L.REGION, p.region_code):
                self._put(L.REGION, Region(code=p.region_code, name_zh=""))
            key = (p.enterprise_id, p.region_code, p.kind.value)
            self._edge(R.LOCATED_IN, L.ENTERPRISE, L.REGION, p.enterprise_id, p.region_code, p, key)
        self._write_owners(atlas)
        self._write_public(atlas)

    def _write_segments(self, segments: list[Segment]) -> None:
        final: dict[str, Segment] = {}
        known = {s.id for s in segments if s.id in self.segments}
        for seg in segments:
            old = final[seg.id] if seg.id in final else self.segments.get(seg.id)
            if old is not None:
                seg = seg.model_copy(update={"chain_ids": sorted({*old.chain_ids, *seg.chain_ids})})
            final[seg.id] = seg
        for sid in known:
            self.segment_parent.pop(sid, None)
        self.segments.update(final)
        recs = list(final.values())
        for chain in [Chain(id=c, name_zh=c) for s in recs for c in s.chain_ids]:
            self._ensure(L.CHAIN, chain)  # built first: an id that is no slug fails as in the store
        for s in recs:
            for cid in s.chain_ids:
                self._edge(R.PART_OF, L.SEGMENT, L.CHAIN, s.id, cid)
            if s.parent and s.parent in self.segments:
                self.segment_parent[s.id] = s.parent
            for code in s.gbt_codes:
                if not self._has(L.INDUSTRY, code):
                    self._put(L.INDUSTRY, Industry(code=code, scheme="gbt4754"))
                self._edge(R.CLASSIFIED_AS, L.SEGMENT, L.INDUSTRY, s.id, code)

    def _write_owners(self, atlas: Atlas) -> None:
        """Weak links, clusters, projects and profiles: a rewrite replaces their relationships."""
        for w in _last_by(atlas.weak_links, lambda w: w.id):
            self.weak_link_at.pop(w.id, None)
            self._put(L.WEAK_LINK, w)
            if w.segment_id in self.segments:
                self.weak_link_at[w.id] = w.segment_id
        for c in _last_by(atlas.clusters, lambda c: c.id):
            self._put(L.CLUSTER, c)
            members = dict.fromkeys(m for m in c.member_ids if self._has(L.ENTERPRISE, m))
            self.cluster_members[c.id] = list(members)
        projects = merge_batch(
            lambda ids: [self.projects[i] for i in ids if i in self.projects],
            atlas.projects,
            lambda p: p.id,
            merge_project,
        )
        for p in projects:
            self.projects[p.id] = p
            self.project_by.pop(p.id, None)
            if p.enterprise_id and self._has(L.ENTERPRISE, p.enterprise_id):
                self.project_by[p.id] = p.enterprise_id
            self.project_fills[p.id] = list(
                dict.fromkeys(s for s in p.segment_ids if s in self.segments)
            )
        profiles = merge_batch(
            lambda ids: [self.profiles[i] for i in ids if i in self.profiles],
            atlas.profiles,
            lambda p: p.enterprise_id,
            merge_profile,
        )
        self.profiles.update((p.enterprise_id, p) for p in profiles)

    def _write_public(self, atlas: Atlas) -> None:
        """Products, industries and the relationships of the public data sets."""
        for product in _last_by(atlas.products, lambda p: p.name):
            self._put(L.PRODUCT, product)
        for ind in _last_by(atlas.industries, lambda i: i.code):
            self._put(L.INDUSTRY, ind)
        for a, b in dict.fromkeys(
            (i.code, i.parent_code) for i in atlas.industries if i.parent_code
        ):
            self._edge(R.PART_OF, L.INDUSTRY, L.INDUSTRY, a, b)
        first: dict[str, ProductLink] = {}
        for pl in atlas.product_links:
            first.setdefault(pl.from_name, pl)
            first.setdefault(pl.to_name, pl)
        for name, pl in first.items():
            if not self._has(L.PRODUCT, name):
                self._put(L.PRODUCT, _product(name, pl))
        for pl in _last_by(atlas.product_links, lambda pl: (pl.from_name, pl.to_name, pl.rel)):
            self._edge(pl.rel, L.PRODUCT, L.PRODUCT, pl.from_name, pl.to_name, pl)
        supplies_in = [
            p for p in atlas.product_supplies if self._has(L.ENTERPRISE, p.enterprise_id)
        ]
        first_supply: dict[str, ProductSupply] = {}
        for ps in supplies_in:
            first_supply.setdefault(ps.product_name, ps)
        for name, ps in first_supply.items():
            if not self._has(L.PRODUCT, name):
                self._put(L.PRODUCT, _product(name, ps))
        for ps in _last_by(supplies_in, lambda p: (p.enterprise_id, p.product_name)):
            if ps.weight is not None and ps.weight != ps.weight:  # NaN: unknown, as the store
                ps = ps.model_copy(update={"weight": None})
            self._edge(R.CAN_SUPPLY, L.ENTERPRISE, L.PRODUCT, ps.enterprise_id, ps.product_name, ps)
        members = _last_by(
            (m for m in atlas.industry_memberships if self._has(L.ENTERPRISE, m.enterprise_id)),
            lambda m: (m.enterprise_id, m.industry_code),
        )
        for ind in [Industry(code=m.industry_code, scheme="") for m in members]:
            self._ensure(L.INDUSTRY, ind)
        for m in members:
            self._edge(R.IN_INDUSTRY, L.ENTERPRISE, L.INDUSTRY, m.enterprise_id, m.industry_code, m)
        for t in _last_by(atlas.supply_ties, lambda t: (t.from_id, t.to_id)):
            self._edge(R.SUPPLIES, L.ENTERPRISE, L.ENTERPRISE, t.from_id, t.to_id, t)

    # -- finishing -------------------------------------------------------------------------------
    def close(self) -> ImportFiles:
        """Write what waited for the last batch, cut replaced rows, close the files."""
        if self.closed is not None:
            return self.closed
        for seg in self.segments.values():
            self._put(L.SEGMENT, seg)
        for proj in self.projects.values():
            self._put(L.PROJECT, proj)
        for profile in self.profiles.values():
            self._put(L.PROFILE, profile)
        for a, b in self.segment_parent.items():
            self._edge(R.PART_OF, L.SEGMENT, L.SEGMENT, a, b)
        for a, b in self.weak_link_at.items():
            self._edge(R.AT, L.WEAK_LINK, L.SEGMENT, a, b)
        for cluster, members in self.cluster_members.items():
            for m in members:
                self._edge(R.MEMBER_OF, L.ENTERPRISE, L.CLUSTER, m, cluster)
        for project, firm in self.project_by.items():
            self._edge(R.BY, L.PROJECT, L.ENTERPRISE, project, firm)
        for project, segs in self.project_fills.items():
            for s in segs:
                self._edge(R.FILLS, L.PROJECT, L.SEGMENT, project, s)
        return self._finish()

    def _finish(self) -> ImportFiles:
        out = ImportFiles(self.folder)
        out.counts = {label.value: 0 for label in NodeLabel} | {rel.value: 0 for rel in RelType}
        for label, table in self.nodes.items():
            table.close()
            out.nodes.append((label, table.path))
            out.counts[label.value] += table.rows
        for (rel, _, _), table in self.edges.items():
            table.close()
            out.relationships.append((rel, table.path))
            out.counts[rel.value] += table.rows
        self.closed = out
        return out

    def abort(self) -> None:
        """Close the files and remove the folder (after a failure)."""
        for table in (*self.nodes.values(), *self.edges.values()):
            table.fh.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _product(name: str, origin: ProductLink | ProductSupply) -> Product:
    # model_construct: one record per name, as the store builds its placeholders
    return Product.model_construct(name=name, source=origin.source, as_of=origin.as_of)


def write_import_files(
    atlases: Iterable[Atlas], folder: Path, *, progress: Callable[[str], None] | None = None
) -> ImportFiles:
    """The importer's CSV files for these batches, as if each were ``Neo4jStore.write`` in turn."""
    writer = ImportWriter(folder, progress)
    try:
        for atlas in atlases:
            writer.write(atlas)
        return writer.close()
    except BaseException:
        writer.abort()
        raise
