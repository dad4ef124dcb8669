"""Preparing a write: the plan, what it removes, the identity check, the reverse patch and the
summary of changes, all from what the store holds (``Prior``), before anything is written.

Every store runs ``prepare`` (or ``prepare_remove``) in its writing step, executes
``Prepared.plan`` and records ``Prepared.patch`` with ``Prepared.changes`` in its history, so
both stores remove, refuse and undo the same way. The rules for what a write removes:

- ``load --replace`` (``WriteNote.replace``): a stored node of a label the files write, loaded
  from one of the files (by file name) and not in them any more, is deleted with its
  relationships, or, when other files also named it, only loses that file from its origins;
  a firm in the files keeps exactly their segment tags and presences.
- An official weak-link list supersedes, on every load, the stored weak links of the chains
  it covers that come from the same source (the ``source`` text) or the same file.
- ``remove``: the named nodes, with their relationships.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import UnknownRecord
from .identity import check_identity
from .model import Atlas, NodeLabel
from .plan import (
    CAN_SUPPLY_SEGMENT,
    DROPPABLE,
    EDGE_KINDS,
    FEEDS,
    LOCATED_IN,
    SEGMENT_IN_CHAIN,
    Edge,
    EdgeKind,
    Holdings,
    WritePlan,
    node_key,
    plan_write,
)
from .revision import Changes, EdgeState, LabelChange, NodeState, Patch, WriteNote, record_name

__all__ = ["Prior", "Prepared", "prepare", "prepare_remove", "describe"]

L = NodeLabel
Triple = tuple[str, str, str]  # (a, b, variant)


class Prior(Holdings, Protocol):
    """What a store holds, as preparing a write asks for it (besides ``Holdings``)."""

    def nodes(self, label: NodeLabel, keys: list[str]) -> dict[str, tuple[Any, tuple[str, ...]]]:
        """The stored record and origins of those of ``keys`` that exist."""
        ...

    def all_keys(self, label: NodeLabel) -> list[str]:
        """Every key of the label."""
        ...

    def keys_from(self, label: NodeLabel, origin: str) -> list[str]:
        """The keys of the nodes of ``label`` whose origins include the file ``origin``."""
        ...

    def edges_at(self, kind: EdgeKind, ends: list[Triple]) -> dict[Triple, Any]:
        """Those of these relationships that exist, with their record (None for a kind without)."""
        ...

    def edges_of(self, kind: EdgeKind, keys: list[str], end: str) -> list[tuple[Triple, Any]]:
        """Every relationship of ``kind`` whose ``end`` ("src" or "dst") node has one of
        ``keys``, with its record."""
        ...


@dataclass
class Prepared:
    """A write, ready: the plan to execute, the patch that undoes it, what it changes."""

    plan: WritePlan
    patch: Patch
    changes: Changes
    counts: dict[str, int] = field(default_factory=dict)


class _Nodes:
    """The stored records and origins the preparation asks for, each key asked once."""

    def __init__(self, held: Prior) -> None:
        self.held = held
        self.known: dict[NodeLabel, dict[str, tuple[Any, tuple[str, ...]]]] = {}
        self.asked: dict[NodeLabel, set[str]] = {}

    def get(self, label: NodeLabel, keys: Iterable[str]) -> dict[str, tuple[Any, tuple[str, ...]]]:
        keys = list(dict.fromkeys(keys))
        asked = self.asked.setdefault(label, set())
        known = self.known.setdefault(label, {})
        wanted = sorted(k for k in keys if k not in asked)
        if wanted:
            asked.update(wanted)
            known.update(self.held.nodes(label, wanted))
        return {k: known[k] for k in keys if k in known}


def prepare(atlas: Atlas, held: Prior, note: WriteNote | None = None) -> Prepared:
    """Plan ``atlas`` (``graph.plan.plan_write``), add what it removes and the origins, check
    identities (``graph.identity``), capture the reverse patch and describe the changes."""
    note = note or WriteNote()
    plan = plan_write(atlas, held)
    nodes = _Nodes(held)
    check_identity(
        atlas, {label: nodes.get(label, keys) for label, keys in _keys(plan).items()}, note
    )
    if note.delete:  # nodes the same write removes (``WriteNote.delete``)
        _delete_named(plan, held, nodes, note.delete)
    _supersede_weak_links(plan, atlas, held, nodes, note)
    superseded = _replace(plan, atlas, held, nodes, note) if note.replace else {}
    _set_origins(plan, nodes, note, superseded)
    patch = _capture(plan, held, nodes)
    changes = describe(plan, patch)
    changes.superseded = sorted({f for files in superseded.values() for f in files})
    return Prepared(plan, patch, changes, atlas.counts())


def prepare_remove(label: NodeLabel, keys: list[str], held: Prior) -> Prepared:
    """Remove these nodes of ``label`` with their relationships (a chain with the segments
    that are in no other chain, its supply links and its weak links); ``UnknownRecord``
    (nothing removed) for a key the store does not hold."""
    nodes = _Nodes(held)
    found = nodes.get(label, keys)
    for key in keys:
        if key not in found:
            known = sorted(held.all_keys(label))
            close = difflib.get_close_matches(key, known, n=5, cutoff=0.5)
            raise UnknownRecord(label.value, key, [*close, *(k for k in known if k not in close)])
    plan = WritePlan(deletes={label: list(dict.fromkeys(keys))})
    if label is L.CHAIN:  # its own segments and weak links go with it
        for chain_id in keys:
            _leave_chain(plan, held, nodes, chain_id, set(), set())
        lists = nodes.get(L.WEAK_LINK, held.all_keys(L.WEAK_LINK))
        _delete(plan, L.WEAK_LINK, sorted(k for k, (w, _) in lists.items() if w.chain_id in keys))
        _set_origins(plan, nodes, WriteNote(), {})
    patch = _capture(plan, held, nodes)
    return Prepared(plan, patch, describe(plan, patch), {label.value: len(found)})


def _delete_named(
    plan: WritePlan, held: Prior, nodes: _Nodes, named: dict[NodeLabel, list[str]]
) -> None:
    """Delete the named nodes in this write; ``UnknownRecord`` for one not held, and a node the
    batch writes is not deleted (``ValueError``: a caller's mistake)."""
    written = _keys(plan)
    for label, keys in named.items():
        found = nodes.get(label, keys)
        for key in keys:
            if key not in found:
                raise UnknownRecord(label.value, key, sorted(held.all_keys(label))[:20])
            if key in written.get(label, []):
                raise ValueError(f"{label.value} {key!r} is both written and deleted")
        _delete(plan, label, keys)


def _keys(plan: WritePlan) -> dict[NodeLabel, list[str]]:
    return {label: [node_key(label, r) for r in recs] for label, recs in plan.puts.items()}


def _delete(plan: WritePlan, label: NodeLabel, keys: Iterable[str]) -> None:
    table = plan.deletes.setdefault(label, [])
    table.extend(k for k in keys if k not in table)
    if not table:
        del plan.deletes[label]


def _supersede_weak_links(
    plan: WritePlan, atlas: Atlas, held: Prior, nodes: _Nodes, note: WriteNote
) -> None:
    """Stored weak links of the batch's chains, from one of its sources or files, that the
    batch no longer lists."""
    if not atlas.weak_links:
        return
    new_keys = {w.id for w in atlas.weak_links}
    sources: dict[str, set[str]] = {}
    files: dict[str, set[str]] = {}
    for w in atlas.weak_links:
        sources.setdefault(w.chain_id, set()).add(w.source)
        files.setdefault(w.chain_id, set()).update(note.origins(L.WEAK_LINK, w.id))
    stored = nodes.get(L.WEAK_LINK, [k for k in held.all_keys(L.WEAK_LINK) if k not in new_keys])
    gone = [
        key
        for key, (rec, origins) in sorted(stored.items())
        if rec.chain_id in sources
        and (
            (rec.source and rec.source in sources[rec.chain_id])
            or set(origins) & files[rec.chain_id]
        )
    ]
    _delete(plan, L.WEAK_LINK, gone)


def _replace(
    plan: WritePlan, atlas: Atlas, held: Prior, nodes: _Nodes, note: WriteNote
) -> dict[NodeLabel, set[str]]:
    """What the note's files no longer say, for the labels they write (``load --replace``).

    A file covers the records loaded before from a file of its name, and from an earlier file
    at least half of whose records of the label it names again (a revision saved under a new
    name). Returns those earlier files by label: they are no longer origins of anything."""
    written = _keys(plan)
    superseded: dict[NodeLabel, set[str]] = {}
    for label, keys in written.items():
        files = {f for k in keys for f in note.origins(label, k)}
        if not files:
            continue
        present = set(keys)
        earlier = {o for _, origins in nodes.get(label, keys).values() for o in origins} - files
        for name in sorted(earlier):
            theirs = held.keys_from(label, name)
            if 2 * len(present.intersection(theirs)) >= len(theirs):
                superseded.setdefault(label, set()).add(name)
        gone = files | superseded.get(label, set())
        stale = {k for name in sorted(gone) for k in held.keys_from(label, name)} - present
        for key, (_, origins) in sorted(nodes.get(label, stale).items()):
            rest = [o for o in origins if o not in gone]
            if rest:
                plan.origins.setdefault(label, {})[key] = rest
            else:
                _delete(plan, label, [key])
    _replace_chain_maps(plan, atlas, held, nodes, note)
    firms = [k for k in written.get(L.ENTERPRISE, []) if note.origins(L.ENTERPRISE, k)]
    if firms:
        for kind in (CAN_SUPPLY_SEGMENT, LOCATED_IN):
            plan.drops[kind] = firms
    return superseded


def _replace_chain_maps(
    plan: WritePlan, atlas: Atlas, held: Prior, nodes: _Nodes, note: WriteNote
) -> None:
    """A chain map loaded with ``--replace``: the supply links of its chain it no longer lists
    go, and so does the chain's membership of the segments it no longer lists (a segment
    another chain shares stays, for that chain)."""
    for chain in atlas.chains:
        if note.origins(L.CHAIN, chain.id):
            listed = {s.id for s in atlas.segments if chain.id in s.chain_ids}
            links = {(lk.from_id, lk.to_id) for lk in atlas.links if lk.chain_id == chain.id}
            _leave_chain(plan, held, nodes, chain.id, listed, links)


def _leave_chain(
    plan: WritePlan,
    held: Prior,
    nodes: _Nodes,
    chain_id: str,
    listed: set[str],
    links: set[tuple[str, str]],
) -> None:
    """The segments of ``chain_id`` but ``listed`` leave it (deleted when in no other chain),
    and its supply links but ``links`` go."""
    stored = nodes.get(L.SEGMENT, held.all_keys(L.SEGMENT))
    members = {k: rec for k, (rec, _) in stored.items() if chain_id in rec.chain_ids}
    gone = [
        Edge(a, b, None, v)
        for (a, b, v), _ in held.edges_of(FEEDS, sorted(members), "src")
        if v == chain_id and (a, b) not in links
    ]
    if gone:
        plan.unlinks.setdefault(FEEDS, []).extend(gone)
    deleted = set(plan.deletes.get(L.SEGMENT, []))
    for key, rec in sorted(members.items()):
        if key in listed or key in deleted:
            continue
        rest = [c for c in rec.chain_ids if c != chain_id]
        if not rest:
            _delete(plan, L.SEGMENT, [key])
            continue
        plan.puts.setdefault(L.SEGMENT, []).append(rec.model_copy(update={"chain_ids": rest}))
        plan.unlinks.setdefault(SEGMENT_IN_CHAIN, []).append(Edge(key, chain_id))


def _set_origins(
    plan: WritePlan, nodes: _Nodes, note: WriteNote, superseded: dict[NodeLabel, set[str]]
) -> None:
    """Every node put keeps its stored origins (but the superseded files) and gains the files
    of the batch."""
    for label, keys in _keys(plan).items():
        stored = nodes.get(label, keys)
        table = plan.origins.setdefault(label, {})
        gone = superseded.get(label, set())
        for key in keys:
            old = list(table.get(key, stored[key][1] if key in stored else ()))
            merged = sorted({*old, *note.origins(label, key)} - gone)
            if merged:
                table[key] = merged
        if not table:
            del plan.origins[label]


def _capture(plan: WritePlan, held: Prior, nodes: _Nodes) -> Patch:
    """The state before the plan of every node and relationship it touches."""
    touched: dict[NodeLabel, list[str]] = {}
    for part in (plan.puts, plan.ensures):
        for label, recs in part.items():
            touched.setdefault(label, []).extend(node_key(label, r) for r in recs)
    for label, keys in (*plan.deletes.items(), *((lb, list(t)) for lb, t in plan.origins.items())):
        touched.setdefault(label, []).extend(keys)
    patch = Patch()
    for label, keys in touched.items():
        stored = nodes.get(label, keys)
        for key in dict.fromkeys(keys):
            rec, origins = stored.get(key, (None, ()))
            patch.nodes.append(NodeState(label, key, rec, tuple(origins)))
    edges: dict[tuple[EdgeKind, Triple], EdgeState] = {}
    for kind, owners in plan.drops.items():
        _note_edges(edges, kind, held.edges_of(kind, owners, DROPPABLE[kind]))
    for kind, gone in plan.unlinks.items():
        present = held.edges_at(kind, [(e.a, e.b, e.variant) for e in gone])
        _note_edges(edges, kind, list(present.items()))
    for label, keys in plan.deletes.items():
        for kind in EDGE_KINDS:
            for end in ("src", "dst"):
                if getattr(kind, end) is label:
                    _note_edges(edges, kind, held.edges_of(kind, keys, end))
    new = {(st.label, st.key) for st in patch.nodes if st.rec is None}
    for kind, adds in plan.edges.items():
        # a relationship at a node the write creates goes with that node on undo (except in
        # the embedded store's product tables, which hold products apart from the graph)
        public = L.PRODUCT in (kind.src, kind.dst)
        triples = [
            (e.a, e.b, e.variant)
            for e in adds
            if (kind, (e.a, e.b, e.variant)) not in edges
            and (public or ((kind.src, e.a) not in new and (kind.dst, e.b) not in new))
        ]
        present = held.edges_at(kind, triples) if triples else {}
        for t in triples:
            edges[(kind, t)] = EdgeState(kind, *t, present=t in present, rec=present.get(t))
    patch.edges = list(edges.values())
    return patch


def _note_edges(
    edges: dict[tuple[EdgeKind, Triple], EdgeState],
    kind: EdgeKind,
    found: list[tuple[Triple, Any]],
) -> None:
    for t, rec in found:
        edges.setdefault((kind, t), EdgeState(kind, *t, present=True, rec=rec))


def describe(plan: WritePlan, patch: Patch) -> Changes:
    """What executing ``plan`` over the state in ``patch`` changes."""
    after: dict[tuple[NodeLabel, str], Any] = {}
    for part in (plan.puts, plan.ensures):
        for label, recs in part.items():
            for r in recs:
                after[(label, node_key(label, r))] = r
    deleted = {(label, k) for label, keys in plan.deletes.items() for k in keys}
    by_label: dict[NodeLabel, LabelChange] = {}
    for st in patch.nodes:
        new = after.get((st.label, st.key))
        if (st.label, st.key) in deleted:
            what, rec = "removed", st.rec
        elif st.rec is None and new is not None:
            what, rec = "added", new
        elif new is not None and new != st.rec:
            what, rec = "changed", new
        else:
            continue
        change = by_label.setdefault(st.label, LabelChange(label=st.label.value))
        change.note(what, record_name(st.label, st.key, rec))
    changes = Changes(nodes=[by_label[lb] for lb in NodeLabel if lb in by_label])
    changes.edges = _edge_changes(plan, patch)
    return changes


def _edge_changes(plan: WritePlan, patch: Patch) -> dict[str, dict[str, int]]:
    before = {(st.kind, (st.a, st.b, st.variant)): st for st in patch.edges}
    counts: dict[str, dict[str, int]] = {}

    def count(kind: EdgeKind, what: str) -> None:
        table = counts.setdefault(kind.rel.value, {"added": 0, "changed": 0, "removed": 0})
        table[what] += 1

    added = set()
    for kind, adds in plan.edges.items():
        for e in adds:
            key = (kind, (e.a, e.b, e.variant))
            added.add(key)
            st = before.get(key)
            if st is None or not st.present:
                count(kind, "added")
            elif e.rec is not None and e.rec != st.rec:
                count(kind, "changed")
    for key, st in before.items():
        if st.present and key not in added:
            count(st.kind, "removed")
    return counts
