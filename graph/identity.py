"""Identity that cannot be hijacked: a file about one chain (or one source) never rewrites a
record of another that happens to share its id.

Ids are one namespace per label, so a new chain map that reuses ``lithium-salts`` would
otherwise rename battery-ev's 锂盐. ``check_identity`` runs on every write before anything is
written and refuses, naming both sides (chains and files), when a record would redefine one
held for something else:

- a segment whose chains and the stored one's share none, with another definition (name,
  tier, parent, aliases, keywords, codes, importance, description): the same definition is a
  segment the chains share, and its chains become the union;
- the same within one batch (two chain maps defining one id differently);
- a cluster of another chain; an industry of another scheme with another name;
- a firm with another unified social credit code, or, from another file, with no name in
  common; a project from another file with another name and another firm;
- a chain from another file with another name (a placeholder named by its id is free);
- a region code named as another place by another file (新乡 and 新乡市 are one place).

The rules that compare files give way to ``load --replace``: the planner says the new file
is the revision (a renamed chain, firm, project or place); a segment of another chain, a
cluster of another chain and a firm of another credit code are refused all the same.

Official weak links are keyed per chain (``chain:number``), so another chain's list cannot
reach them; a profile is keyed by its firm, so every profile of a firm is about that firm.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import IdentityConflict
from .model import (
    Atlas,
    Chain,
    Cluster,
    Enterprise,
    Industry,
    NodeLabel,
    Project,
    Region,
    Segment,
)
from .revision import WriteNote

__all__ = ["check_identity", "segment_definition"]

L = NodeLabel
Held = Mapping[str, tuple[Any, tuple[str, ...]]]  # key -> (stored record, its origins)

_NOT_DEFINITION = {"chain_ids", "source", "as_of"}


def segment_definition(seg: Segment) -> dict[str, Any]:
    """What a segment is, apart from the chains it is in and where the fact comes from."""
    return seg.model_dump(exclude=_NOT_DEFINITION)


def _files(origins: list[str] | tuple[str, ...]) -> str:
    return ", ".join(origins) if origins else "an earlier write"


def _new(origins: list[str]) -> str:
    return ", ".join(origins) if origins else "this write"


def _chains(seg: Segment) -> str:
    return ", ".join(repr(c) for c in seg.chain_ids) or "no chain"


def check_identity(
    atlas: Atlas, held: Mapping[NodeLabel, Held], note: WriteNote | None = None
) -> None:
    """Raise ``IdentityConflict`` for the first record of ``atlas`` that would redefine a
    record held for another chain or source (``held``: the stored records of the batch's keys
    by label, with their origins)."""
    note = note or WriteNote()
    _segments_in_batch(atlas.segments, note)
    for seg in atlas.segments:
        _segment(seg, held.get(L.SEGMENT, {}).get(seg.id), note)
    for chain in atlas.chains:
        _chain(chain, held.get(L.CHAIN, {}).get(chain.id), note)
    for cluster in atlas.clusters:
        _cluster(cluster, held.get(L.CLUSTER, {}).get(cluster.id), note)
    for ind in atlas.industries:
        _industry(ind, held.get(L.INDUSTRY, {}).get(ind.code), note)
    for ent in atlas.enterprises:
        _enterprise(ent, held.get(L.ENTERPRISE, {}).get(ent.id), note)
    for proj in atlas.projects:
        _project(proj, held.get(L.PROJECT, {}).get(proj.id), note)
    for region in atlas.regions:
        _region(region, held.get(L.REGION, {}).get(region.code), note)


def _segments_in_batch(segments: list[Segment], note: WriteNote) -> None:
    first: dict[str, Segment] = {}
    for seg in segments:
        old = first.setdefault(seg.id, seg)
        if old is seg or set(old.chain_ids) & set(seg.chain_ids):
            continue
        if segment_definition(old) != segment_definition(seg):
            files = _new(note.origins(L.SEGMENT, seg.id))
            raise IdentityConflict(
                f"segment id {seg.id!r} is defined twice, differently, for chain "
                f"{_chains(old)} and for chain {_chains(seg)} (in {files}); segment ids are "
                "one namespace across chains: give one of them its own id (e.g. "
                f"'{seg.chain_ids[0] if seg.chain_ids else 'chain'}-{seg.id}'); nothing was written"
            )


def _segment(seg: Segment, stored: tuple[Any, tuple[str, ...]] | None, note: WriteNote) -> None:
    if stored is None:
        return
    old, origins = stored
    if set(old.chain_ids) & set(seg.chain_ids) or not seg.chain_ids:
        return  # a file about one of its chains may redefine it
    if segment_definition(old) == segment_definition(seg):
        return  # the same segment, shared by another chain
    new_files = _new(note.origins(L.SEGMENT, seg.id))
    raise IdentityConflict(
        f"segment {seg.id!r} ({old.name_zh}) of chain {_chains(old)}, from {_files(origins)}, "
        f"would be rewritten by chain {_chains(seg)} from {new_files} (as {seg.name_zh!r}); "
        "segment ids are one namespace across chains: give the new segment its own id (e.g. "
        f"'{seg.chain_ids[0]}-{seg.id}'), or define it exactly as the stored one to share it; "
        "nothing was written"
    )


def _other_file(origins: tuple[str, ...], new: list[str]) -> bool:
    """The stored record comes from known files, none of which the new one comes from."""
    return bool(origins) and bool(new) and not set(origins) & set(new)


def _chain(chain: Chain, stored: tuple[Any, tuple[str, ...]] | None, note: WriteNote) -> None:
    if stored is None:
        return
    old, origins = stored
    new = note.origins(L.CHAIN, chain.id)
    if old.name_zh in ("", old.id) or old.name_zh == chain.name_zh:
        return
    if _other_file(origins, new) and not note.replace:
        raise IdentityConflict(
            f"chain {chain.id!r} ({old.name_zh}, from {_files(origins)}) would be renamed "
            f"{chain.name_zh!r} by {_new(new)}; if it is another chain, give it its own id; "
            "if it is a revision of the same map, load it with --replace; nothing was written"
        )


def _cluster(cluster: Cluster, stored: tuple[Any, tuple[str, ...]] | None, note: WriteNote) -> None:
    if stored is None:
        return
    old, origins = stored
    if old.chain_id and cluster.chain_id and old.chain_id != cluster.chain_id:
        new = _new(note.origins(L.CLUSTER, cluster.id))
        raise IdentityConflict(
            f"cluster {cluster.id!r} ({old.name}) of chain {old.chain_id!r}, from "
            f"{_files(origins)}, would be rewritten by a cluster of chain {cluster.chain_id!r} "
            f"from {new} ({cluster.name!r}); give the new cluster its own id; nothing was written"
        )


def _industry(ind: Industry, stored: tuple[Any, tuple[str, ...]] | None, note: WriteNote) -> None:
    if stored is None:
        return
    old, origins = stored
    if old.scheme and ind.scheme and old.scheme != ind.scheme and old.name and ind.name:
        if old.name != ind.name:
            new = _new(note.origins(L.INDUSTRY, ind.code))
            raise IdentityConflict(
                f"industry code {ind.code!r} is {old.name!r} in scheme {old.scheme!r} (from "
                f"{_files(origins)}) and {ind.name!r} in scheme {ind.scheme!r} (from {new}); "
                "one code cannot name two classes: nothing was written"
            )


def _enterprise(
    ent: Enterprise, stored: tuple[Any, tuple[str, ...]] | None, note: WriteNote
) -> None:
    if stored is None:
        return
    old, origins = stored
    new = note.origins(L.ENTERPRISE, ent.id)
    if old.uscc and ent.uscc and old.uscc != ent.uscc:
        why = f"unified social credit code {old.uscc} vs {ent.uscc}"
    elif _other_file(origins, new) and not note.replace and not set(old.names()) & set(ent.names()):
        why = "no name in common"
    else:
        return
    raise IdentityConflict(
        f"firm id {ent.id!r} is {old.name!r} (from {_files(origins)}) but {_new(new)} gives it "
        f"to {ent.name!r} ({why}); give one of them another id"
        + ("" if old.uscc and ent.uscc else " (a revision of that file: load it with --replace)")
        + "; nothing was written"
    )


def _project(proj: Project, stored: tuple[Any, tuple[str, ...]] | None, note: WriteNote) -> None:
    if stored is None:
        return
    old, origins = stored
    new = note.origins(L.PROJECT, proj.id)
    if not _other_file(origins, new) or note.replace or old.name == proj.name:
        return
    if old.enterprise_id and proj.enterprise_id and old.enterprise_id != proj.enterprise_id:
        raise IdentityConflict(
            f"project id {proj.id!r} is {old.name!r} of firm {old.enterprise_id!r} (from "
            f"{_files(origins)}) but {_new(new)} gives it to {proj.name!r} of firm "
            f"{proj.enterprise_id!r}; give one of them another id; nothing was written"
        )


def _region(region: Region, stored: tuple[Any, tuple[str, ...]] | None, note: WriteNote) -> None:
    if stored is None:
        return
    old, origins = stored
    new = note.origins(L.REGION, region.code)
    a, b = old.name_zh, region.name_zh
    if not a or not b or a in b or b in a or not _other_file(origins, new) or note.replace:
        return  # a placeholder, the same place (新乡 / 新乡市), or a correction of its own file
    raise IdentityConflict(
        f"region code {region.code!r} is {a!r} (from {_files(origins)}) but {_new(new)} names it "
        f"{b!r}; one code is one division (GB/T 2260): check the code in {_new(new)} (or load "
        "it with --replace if it corrects the name); "
        "nothing was written"
    )
