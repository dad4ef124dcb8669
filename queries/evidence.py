"""Capability evidence for a gap: why a firm is thought able to fill it, how surely (0..1).

Kinds, strongest first: ``segment`` (tagged on the segment), ``product`` (a main product that
names the thing, by revenue share), ``subtype`` / ``adjacent`` (the product graph), ``industry``
(an industry class named like the gap, or where its makers are), ``text`` (the firm's name).
Everything comes from Store retrievals, so every store gives the same evidence.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TypeVar

from chainatlas.graph.model import (
    Enterprise,
    IndustryMembership,
    ProductLink,
    ProductSupply,
    RelType,
    SoePairingTable,
)
from chainatlas.graph.store import Store

from .reads import Reads
from .resolve import (
    QueryForm,
    best_similarities,
    holds,
    industries_named_like,
    product_similarities,
    spellings,
)
from .textindex import FirmIndex, firm_index
from .understand import Understanding
from .weights import Weights

__all__ = [
    "Evidence",
    "GapQuery",
    "Found",
    "gather_evidence",
    "combine_fit",
    "share_factor",
    "soe_pairing_names",
    "names_term",
    "BROADER_TAILS",
    "Reads",
]

T = TypeVar("T")

BROADER_TAILS = ("", "类", "产品", "材料", "制品", "系列", "业务")
MIN_PRODUCT_SIM = 0.25
STRONG = 0.6
BROADER_SIM = 0.45  # what product_similarity gives at most to a broader name
MAX_INDUSTRIES = 3
#: the product similarity taken for a member of a relevant industry whose products the store
#: does not know: above ``BROADER_SIM``, so it is backed as fully as one listing a broader name
#: of the gap (膜类 for 隔膜); one whose listed products say nothing of the gap is backed by 0
UNLISTED = 0.5
#: industries whose firms say the gap (``_said_by_industries``): how many, their relevance at
#: most, and the profile score from which a firm counts as saying it
SAID_INDUSTRIES = 2
SAID_RELEVANCE = 0.6
SAID_FLOOR = 0.3
#: the evidence a single maker needs for its industry to count without a second one
ALONE = 0.7
#: an industry counts fully when the makers found are this share of its firms
CONCENTRATED = 0.2
#: Products matched per gap, closest first: enough for every specific query; a generic word
#: (设备, 材料) names thousands, and the ones past this add only weak, duplicate evidence.
MAX_PRODUCTS = 400
#: Firms whose facts for scoring (``Store.score_facts``) are read while the industries are, on
#: a store whose reads overlap: the likeliest first batch of ``candidates._score``
READ_AHEAD = 400


@dataclass
class Evidence:
    kind: str
    value: float
    evidence: str
    share: float = 0.0  # its part of the combined fit (set by combine_fit)


@dataclass
class GapQuery:
    label: str
    forms: list[QueryForm]
    segment_ids: list[str] = field(default_factory=list)
    understood: Understanding | None = None


@dataclass
class Found:
    by_enterprise: dict[str, list[Evidence]] = field(default_factory=lambda: defaultdict(list))
    segments_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    top_products: list[str] = field(default_factory=list)
    industry_names: list[str] = field(default_factory=list)


def share_factor(weight: float | None) -> float:
    """How much a main product's revenue share backs it: 0.6 at 0 %, 1.0 from 50 %."""
    if weight is None:
        return 0.7
    return 0.6 + 0.4 * min(1.0, max(0.0, weight) / 0.5)


def combine_fit(evidence: list[Evidence]) -> tuple[float, list[Evidence]]:
    """The best evidence of each kind, combined so that corroboration adds up to at most 1.

    Sorted strongest first, each piece's ``share`` is what it adds:
    ``v × (1 − fit so far)``; the shares sum to the fit.
    """
    best: dict[str, Evidence] = {}
    for ev in evidence:
        if ev.kind not in best or ev.value > best[ev.kind].value:
            best[ev.kind] = ev
    parts = sorted(best.values(), key=lambda e: (-e.value, e.kind))
    fit = 0.0
    out = []
    for ev in parts:
        share = ev.value * (1.0 - fit)
        fit += share
        out.append(Evidence(ev.kind, ev.value, ev.evidence, share))
    return fit, out


def _share_text(weight: float | None) -> str:
    return "revenue share n/a" if weight is None else f"revenue share {weight:.2f}"


def _product_sims(store: Store, forms: list[QueryForm], reads: Reads) -> dict[str, float]:
    terms: set[str] = set()
    broader: set[str] = set()
    for f in forms:
        terms |= spellings(f.head) | spellings(f.core)
        for i in range(1, len(f.head)):
            broader.update(f.head[i:] + t for t in BROADER_TAILS)
    # the store's search is case-sensitive; queries are canonical (lower case): try both
    terms |= {t.upper() for t in terms if any("a" <= ch <= "z" for ch in t)}
    broader |= {t.upper() for t in broader if any("a" <= ch <= "z" for ch in t)}
    broader_products = reads.start(store.known_products, broader)  # with the search
    names = set(store.search_products(terms, limit=5000))
    names.update(broader_products())
    sims = product_similarities(forms, names, MIN_PRODUCT_SIM)
    if len(sims) > MAX_PRODUCTS:  # a generic word (设备) names thousands: keep the closest
        kept = sorted(sims, key=lambda n: (-sims[n], n))[:MAX_PRODUCTS]
        sims = {n: sims[n] for n in kept}
    return sims


def _seeds(sims: dict[str, float]) -> list[str]:
    """The best matches, whose neighbours in the product graph count too."""
    return sorted((n for n, s in sims.items() if s >= 0.9), key=lambda n: (-sims[n], n))[:30]


def _graph_products(
    links: list[ProductLink], sims: dict[str, float], w: Weights
) -> dict[str, tuple[str, float, str]]:
    """Products next to the best matches in the product graph: (kind, value, evidence)."""
    seeds = _seeds(sims)
    out: dict[str, tuple[str, float, str]] = {}

    def put(name: str, kind: str, value: float, evidence: str) -> None:
        if name in sims and sims[name] * w.how_product >= value:
            return
        if name not in out or out[name][1] < value:
            out[name] = (kind, round(value, 4), evidence)

    seed_set = set(seeds)
    for lk in links:
        if lk.rel == RelType.SUBTYPE_OF and lk.to_name in seed_set:
            put(
                lk.from_name,
                "subtype",
                w.how_subtype * sims[lk.to_name],
                f"{lk.from_name} is a kind of {lk.to_name} (product graph)",
            )
        elif lk.rel == RelType.MADE_FROM and lk.to_name in seed_set:
            put(
                lk.from_name,
                "adjacent",
                w.how_adjacent * sims[lk.to_name],
                f"adjacent product: {lk.to_name} is a material of {lk.from_name}",
            )
        elif lk.rel == RelType.MADE_FROM and lk.from_name in seed_set:
            put(
                lk.to_name,
                "adjacent",
                w.how_adjacent * 0.8 * sims[lk.from_name],
                f"adjacent product: {lk.to_name} is a material of {lk.from_name}",
            )
    return out


def _industries(
    store: Store,
    forms: list[QueryForm],
    strong: dict[str, float],
    segment_ids: list[str],
    index: FirmIndex,
    said: dict[str, float],
) -> dict[str, tuple[float, str]]:
    """Relevant industry codes: (relevance 0..1, reason): those the ``strong`` makers are in
    (``index`` knows every firm's industries and each industry's size), those named like the
    gap, the classes of the gap's segments and those whose firms say it (``said``: each firm's
    profile score for the gap)."""
    rel: dict[str, tuple[float, str]] = {}
    names = {i.code: i.name for i in store.industries()}
    votes: dict[str, float] = defaultdict(float)
    voters: Counter[str] = Counter()
    for eid, v in strong.items():
        for code in index.industries_of.get(eid, ()):
            votes[code] += v
            voters[code] += 1
    strong_alone = max(strong.values(), default=0.0)
    if votes:
        # a vote counts for more in an industry where the makers found are a larger share of
        # its firms: 4 of 20 家电零部件 makers say more than 8 of 150 其他通用设备 ones
        for code in votes:
            share = voters[code] / max(1.0, CONCENTRATED * index.industry_size.get(code, 0))
            votes[code] *= min(1.0, share) ** 0.5
        top = max(votes.values())
        for code, v in votes.items():
            # one maker alone counts only when the gap is its main business (冠城大通 lists
            # 电解液添加剂 at 0 % of its revenue: its industry, 住宅开发, is not lifted)
            alone = v >= top and strong_alone >= ALONE
            if (voters[code] >= 2 and v / top >= 0.3) or alone:
                rel[code] = (v / top, f"where {voters[code]} of the makers found are")
    for code, s in industries_named_like(forms, store.industries()).items():
        if s > rel.get(code, (0.0, ""))[0]:
            rel[code] = (s, "named like the gap")
    ranked = sorted(rel.items(), key=lambda kv: (-kv[1][0], kv[0]))[:MAX_INDUSTRIES]
    # a segment's own classes come on top: they name the gap exactly, and taking the places of
    # the voted industries would shut out the makers' (other scheme's) industries
    for seg in store.segments(segment_ids):
        ranked += [(code, (1.0, f"the class of segment {seg.name_zh}")) for code in seg.gbt_codes]
    held = {code for code, _ in ranked}
    ranked += [
        (code, (r, "whose firms say it"))
        for code, r in _said_by_industries(index, said).items()
        if code not in held
    ]
    return {code: (r, f"industry {names.get(code, code)} ({why})") for code, (r, why) in ranked}


def _said_by_industries(index: FirmIndex, said: dict[str, float]) -> dict[str, float]:
    """Industries whose firms, on average, say the gap (``said``: each firm's profile score
    for it), by relevance 0..``SAID_RELEVANCE``: the mean squared score over all the firms of
    the industry, so a small industry most of whose firms say it (分立器件 for 功率器件) comes
    before a large one a few of whose firms do. At least two firms must say it somewhat
    (``SAID_FLOOR``): one firm alone does not make its industry relevant."""
    total: dict[str, float] = defaultdict(float)
    sayers: Counter[str] = Counter()
    for eid, v in said.items():
        for code in index.industries_of.get(eid, ()):
            total[code] += v * v
            sayers[code] += v >= SAID_FLOOR
    mean = {
        code: t / max(1, index.industry_size.get(code, 1))
        for code, t in total.items()
        if sayers[code] >= 2
    }
    if not mean:
        return {}
    top = max(mean.values())
    best = sorted(mean, key=lambda c: (-mean[c], c))[:SAID_INDUSTRIES]
    return {c: SAID_RELEVANCE * mean[c] / top for c in best if mean[c] >= 0.5 * top}


def gather_evidence(store: Store, gq: GapQuery, w: Weights) -> Found:
    """Every firm with some evidence of fitting the gap, and the evidence."""
    with Reads(store) as reads:
        return _gather(store, gq, w, reads)


def _gather(store: Store, gq: GapQuery, w: Weights, reads: Reads) -> Found:
    heads = [f.head for f in gq.forms if len(f.head) >= 2]
    # what does not depend on the product matches is asked for first, at once (the store's
    # read cache then answers the same calls below)
    caps_of_segments = reads.start(store.capabilities_for_segments, gq.segment_ids)
    named = reads.start(store.find_enterprises_many, heads, 50)
    all_industries = reads.start(store.industries)
    gap_segments = reads.start(store.segments, gq.segment_ids)
    found = Found()
    add = found.by_enterprise
    index = firm_index(store)
    backing = _add_searched(index, gq.forms, w, add)
    sims = _product_sims(store, gq.forms, reads) if gq.forms else {}
    # the links of the best matches, the suppliers of the matches and of their neighbours: one
    # retrieval (one round trip on a database); no makers' industries (the index knows them)
    cover = _covers(index, gq.forms, sims)
    near = reads.start(store.product_neighbourhood, set(sims), _seeds(sims), ())
    for cap in caps_of_segments():
        add[cap.enterprise_id].append(
            Evidence(
                "segment",
                w.how_segment * cap.strength,
                f"tagged on segment {cap.segment_id} (strength {cap.strength:g}; "
                f"{cap.evidence or 'registry'})",
            )
        )
        found.segments_of[cap.enterprise_id].add(cap.segment_id)
    found.top_products = sorted(sims, key=lambda n: (-sims[n], n))
    hood = near()
    graph = _graph_products(hood.links, sims, w)
    strong: dict[str, float] = {}
    for s in hood.supplies:
        if s.product_name not in sims and s.product_name not in graph:
            continue
        sf = share_factor(s.weight)
        if s.product_name in sims:
            v = w.how_product * sims[s.product_name] * sf
            v *= _backed(backing.get(s.enterprise_id, 0.0), cover.get(s.product_name, 1.0))
            ev = f"main product {s.product_name} ({_share_text(s.weight)})"
            add[s.enterprise_id].append(Evidence("product", v, ev))
            if sims[s.product_name] >= STRONG and cover.get(s.product_name, 1.0) >= 0.5:
                strong[s.enterprise_id] = max(strong.get(s.enterprise_id, 0.0), v)
        if s.product_name in graph:
            kind, value, why = graph[s.product_name]
            add[s.enterprise_id].append(
                Evidence(kind, value * sf, f"{why}; main product ({_share_text(s.weight)})")
            )
    all_industries(), gap_segments()
    industries = _industries(store, gq.forms, strong, gq.segment_ids, index, backing)
    found.industry_names = [
        why.split(" (")[0].removeprefix("industry ") for _, why in industries.values()
    ]
    if reads.parallel:  # the likeliest candidates' facts, read meanwhile (candidates._score)
        likely = heapq.nlargest(
            READ_AHEAD, add, key=lambda e: max((ev.value for ev in add[e]), default=0.0)
        )
        said = {e.id for ents in named().values() for e in ents}  # their names say it
        ahead = set(likely) | said
        reads.start(store.score_facts, ahead)
    members, products = store.industry_neighbourhood(industries, strong)
    if reads.parallel:  # and the members', read while their evidence is weighed
        rel: dict[str, float] = {}
        for m in members:
            rel[m.enterprise_id] = max(
                rel.get(m.enterprise_id, 0.0), industries[m.industry_code][0]
            )
        later = heapq.nlargest(READ_AHEAD, rel.keys() - ahead, key=rel.__getitem__)
        reads.start(store.score_facts, later)
    _add_industry(add, members, products, industries, strong, gq.forms, w)
    _add_named(named(), gq.forms, w, add, index, backing)
    return found


def _add_industry(
    add: dict[str, list[Evidence]],
    members: list[IndustryMembership],
    products: list[ProductSupply],
    industries: dict[str, tuple[float, str]],
    strong: dict[str, float],
    forms: list[QueryForm],
    w: Weights,
) -> None:
    """The ``industry`` evidence of the members of the relevant industries, the more as their
    products come closer to the gap."""
    partial: dict[str, float] = defaultdict(float)
    # firms of one industry share many product names: each name's similarity once
    sim_of = best_similarities(forms, (ps.product_name for ps in products))
    for ps in products:
        sim = sim_of.get(ps.product_name, 0.0)
        partial[ps.enterprise_id] = max(partial[ps.enterprise_id], sim * share_factor(ps.weight))
    listed = {ps.enterprise_id for ps in products}
    for m in members:
        r, why = industries[m.industry_code]
        p = partial.get(m.enterprise_id, 1.0 if m.enterprise_id in strong else 0.0)
        if m.enterprise_id not in listed:  # nothing known of what it makes: not evidence against
            p = max(p, UNLISTED)
        p = min(1.0, p / BROADER_SIM)  # a broader name (膜类 for 隔膜) backs it fully
        add[m.enterprise_id].append(Evidence("industry", w.how_industry * r * (0.4 + 0.6 * p), why))


def _add_named(
    by_name: dict[str, list[Enterprise]],
    forms: list[QueryForm],
    w: Weights,
    add: dict[str, list[Evidence]],
    index: FirmIndex,
    backing: dict[str, float],
) -> None:
    """The ``text`` evidence: the firm's name says the gap's head (…隔膜科技有限公司); as far as
    the name or the firm's profile says the gap (资源 in a name is not 锂资源)."""
    covers = [index.coverer(f.text) for f in _same_notion(forms)]
    for f in forms:
        if len(f.head) < 2:
            continue
        for ent in by_name[f.head]:
            names = [n for n in ent.names() if names_term(n, f.head)]
            if names:
                v = w.how_text * (1.0 if any(f.core in n for n in names) else 0.7) * f.weight
                said = max((c(n) for c in covers for n in names), default=1.0)
                v *= _backed(backing.get(ent.id, 0.0), said)
                add[ent.id].append(Evidence("text", v, f"name {names[0]} says {f.head}"))


#: Firms the BM25 search adds, best first, and the least it must give
MAX_SEARCHED = 300
MIN_SEARCH = 0.25
#: How far a product match counts when nothing else of the firm says the thing (its profile's
#: BM25 score 0): 管理 in 财富管理 matches the head of 热管理, but the firm says nothing of heat.
UNBACKED = 0.3
#: Forms of this weight or more say the gap itself (as typed, normalised, translated, corrected)
SAME_NOTION = 0.9


def _same_notion(forms: list[QueryForm]) -> list[QueryForm]:
    return [f for f in forms if f.weight >= SAME_NOTION] or forms


def _covers(index: FirmIndex, forms: list[QueryForm], sims: dict[str, float]) -> dict[str, float]:
    """How much of the gap each matched product name says (``FirmIndex.coverage``)."""
    covers = [index.coverer(f.text) for f in _same_notion(forms)]
    return {name: max(cover(name) for cover in covers) for name in sims}


def _backed(profile: float, cover: float) -> float:
    """How far a product match counts: fully when the product name says most of the gap or the
    firm's profile does; ``UNBACKED`` when neither says more than a common word of it."""
    return UNBACKED + (1.0 - UNBACKED) * max(profile, cover)


def _add_searched(
    index: FirmIndex, forms: list[QueryForm], w: Weights, add: dict[str, list[Evidence]]
) -> dict[str, float]:
    """Adds the BM25 ``search`` evidence; returns each firm's profile score for the gap itself
    (not for the broader notions it was widened to), which backs its product matches."""
    for eid, (value, why) in _search(index, forms).items():
        add[eid].append(Evidence("search", w.how_search * value, why))
    return {e: v for e, (v, _) in _search(index, _same_notion(forms)).items()}


def _search(index: FirmIndex, forms: list[QueryForm]) -> dict[str, tuple[float, str]]:
    """The firms whose whole profile says the gap (BM25 over ``index``): value 0..1 and why."""
    best: dict[str, tuple[float, str]] = {}
    for f in forms:
        for eid, s in index.scores(f.text).items():
            v = s * f.weight
            if v > best.get(eid, (0.0, ""))[0]:
                best[eid] = (v, f.text)
    kept = sorted(best, key=lambda e: (-best[e][0], e))[:MAX_SEARCHED]
    return {
        e: (round(best[e][0], 4), f"profile matches {best[e][1]} (BM25 {best[e][0]:.2f})")
        for e in kept
        if best[e][0] >= MIN_SEARCH
    }


def names_term(name: str, term: str) -> bool:
    """Whether ``name`` holds ``term``: a Latin term (EC, IGBT, pcb) as a whole word, any case;
    a Chinese one anywhere (``resolve.holds``).

    >>> names_term("中国电信 China Telecom", "ec"), names_term("EC溶剂", "ec")
    (False, True)
    >>> names_term("斯达半导 IGBT模块", "igbt"), names_term("锂电池隔膜", "隔膜")
    (True, True)
    """
    return holds(name, term)


_GENERIC_CHARS = set("及与和产业制造业工业行业")


def soe_pairing_names(table: SoePairingTable | None, texts: list[str]) -> dict[str, str]:
    """Names of the central SOEs ``table`` pairs with the industry these texts describe.

    Each row gives the seed's and today's group name (``seed_name_zh``, ``current_name_zh``);
    an industry matches when it shares two distinctive characters with a text. Empty without
    a table.
    """
    out: dict[str, str] = {}
    for row in table.pairings if table is not None else []:
        chars = set(row.industry_zh) - _GENERIC_CHARS
        if any(len(chars & set(t)) >= 2 for t in texts if t):
            for n in (row.seed_name_zh, row.current_name_zh):
                if n:
                    out.setdefault(n, row.industry_zh)
    return out
