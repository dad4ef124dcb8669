"""The explorer's picture of a neighbourhood: a firm, a product or a segment, ``depth`` steps out.

The walk is the query ``chainatlas.queries.around.neighbourhood``; this module only draws it:
labels and facts for each node, rings around the centre, sizes by degree.
"""

from __future__ import annotations

from chainatlas.explorer.dates import date_fact, set_span
from chainatlas.explorer.labels import region_names
from chainatlas.explorer.layout import ring_positions
from chainatlas.explorer.view import ExplorerView, FilterGroup, NodeKind, ViewEdge, ViewNode
from chainatlas.graph.store import Store
from chainatlas.queries.around import (
    DEFAULT_MAX_NODES,
    Neighbourhood,
    Ref,
    UnknownName,
    neighbourhood,
    resolve_centre,
)
from chainatlas.words import Lang, say

__all__ = [
    "around_view",
    "build_around_view",
    "resolve_centre",
    "UnknownName",
    "KIND_LABELS",
    "DEFAULT_MAX_NODES",
]

KINDS = ("enterprise", "product", "segment")


def kind_labels(lang: Lang = "zh") -> dict[str, str]:
    return {k: say(f"x.kind.{k}", lang) for k in KINDS}


KIND_LABELS = kind_labels()
PREFIX = {"enterprise": "ent", "product": "prod", "segment": "seg"}


def _nid(ref: Ref) -> str:
    return f"{PREFIX[ref[0]]}:{ref[1]}"


def _labels(h: Neighbourhood, regions: dict[str, str], lang: Lang) -> dict[Ref, ViewNode]:
    firms, segs = h.enterprises, h.segments
    out: dict[Ref, ViewNode] = {}
    sep = say("x.list_sep", lang)
    for ref in h.depth_of:
        kind, key = ref
        facts = [(say("x.kind", lang), kind_labels(lang)[kind])]
        name, name_en, aliases, tier, chains = key, "", [], None, []
        if kind == "enterprise" and key in firms:
            ent = firms[key]
            name, aliases = ent.name, [a for a in ent.names() if a != ent.name]
            facts += [
                (label, value)
                for label, value in (
                    (say("x.full_name", lang), ent.full_name),
                    (say("x.hq_region", lang), _region(ent.hq_region, regions)),
                    (say("x.ownership", lang), say(f"own.{ent.ownership.value}", lang)),
                    (say("x.stock", lang), ent.stock_code),
                    (say("x.lists", lang), sep.join(m.label() for m in ent.lists)),
                )
                if value
            ]
        elif kind == "segment" and key in segs:
            seg = segs[key]
            name, name_en, aliases, tier = seg.name_zh, seg.name_en, seg.aliases, seg.tier.value
            chains = seg.chain_ids
            facts += [
                (say("x.tier", lang), say(f"tier.{tier}", lang)),
                (say("x.chains", lang), sep.join(chains)),
            ]
        record = firms.get(key) if kind == "enterprise" else segs.get(key)
        if kind != "product" and record is not None:
            facts.append(date_fact(record, lang))
        facts.append((say("x.id", lang), key))
        kind_lit: NodeKind = kind  # type: ignore[assignment]
        out[ref] = ViewNode(
            id=_nid(ref),
            kind=kind_lit,
            name=name,
            name_en=name_en,
            aliases=aliases,
            x=0.0,
            y=0.0,
            tier=tier,
            chains=chains,
            facts=facts,
        )
    return out


def build_around_view(
    store: Store,
    name: str,
    depth: int = 2,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    lang: Lang = "zh",
) -> ExplorerView:
    """Everything within ``depth`` steps of the firm, product or segment called ``name``."""
    h = neighbourhood(store, name, depth, max_nodes=max_nodes)
    regions = region_names(store, [e.hq_region for e in h.enterprises.values()])
    return around_view(h, regions, lang=lang)


def _region(code: str, names: dict[str, str]) -> str:
    return f"{names[code]} ({code})" if names.get(code) else code


def around_view(
    h: Neighbourhood, regions: dict[str, str] | None = None, *, lang: Lang = "zh"
) -> ExplorerView:
    """The picture of a neighbourhood: rings around its centre, sized by degree
    (``regions``: division codes to names, for the firms' headquarters)."""
    centre, max_nodes = h.centre, h.max_nodes
    nodes = _labels(h, regions or {}, lang)
    sort_key = {ref: (ref[0], nodes[ref].name, ref[1]) for ref in nodes}
    pos = ring_positions(
        [[_nid(r) for r in level] for level in h.levels],
        {_nid(r): _nid(p) for r, p in h.parent.items()},
        {_nid(r): k for r, k in sort_key.items()},
    )
    edges: dict[str, ViewEdge] = {}
    for lk in h.edges:
        eid = f"{lk.kind}:{_nid(lk.source)}>{_nid(lk.target)}"
        edges.setdefault(
            eid,
            ViewEdge(
                id=eid, source=_nid(lk.source), target=_nid(lk.target), kind=lk.kind, label=lk.label
            ),
        )
    degree: dict[str, int] = {}
    for e in edges.values():
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    out = []
    for ref in sorted(nodes, key=lambda r: (h.depth_of[r], sort_key[r])):
        node = nodes[ref]
        node.x, node.y = pos[node.id]
        node.depth = h.depth_of[ref]
        node.centre = ref == centre
        node.size = 40.0 if node.centre else round(8 + min(22.0, 2.0 * degree.get(node.id, 0)), 1)
        out.append(node)
    notes = []
    if h.dropped:
        notes.append(say("x.cut", lang, max=max_nodes, dropped=h.dropped))
    centre_node = nodes[centre]
    drawn = [*h.enterprises.values(), *h.segments.values()]
    view = ExplorerView(
        kind="around",
        title=say("x.around_title", lang, name=centre_node.name, depth=h.depth),
        subtitle=say(
            "x.around_sub",
            lang,
            kind=kind_labels(lang)[centre[0]],
            nodes=len(out),
            edges=len(edges),
        ),
        nodes=out,
        edges=sorted(edges.values(), key=lambda e: e.id),
        filters=[
            FilterGroup(
                field="kind", label=say("x.kind", lang), options=list(kind_labels(lang).items())
            )
        ],
        notes=notes,
        lang=lang,
    )
    return set_span(view, drawn)
