"""The query forms of a gap (what the ranking searches for), from a segment id or free text.

Free text is first read by ``understand`` (normalised, corrected, translated); the chain maps
then lend the names of the segments it names, each with a weight saying how surely it is the
same notion: 0.95 for a segment the query names, 0.85 by an alias, 0.8 for one whose name
holds the query, 0.5 for one the query only narrows; names too general to identify a segment
(``FirmIndex.too_general``) are never lent.
"""

from __future__ import annotations

from chainatlas.graph.store import Store

from .common import children_map, get_segment, with_descendants
from .evidence import GapQuery
from .resolve import canonical, chain_expansions, query_form, resolve_segments, within
from .textindex import firm_index
from .understand import EnglishDictionary, understand

__all__ = ["gap_query", "BROADER_SEGMENT"]

#: The weight of a segment's names when the query asks for a narrower thing
BROADER_SEGMENT = 0.5


def gap_query(
    store: Store,
    segment: str | None,
    query: str | None,
    dictionary: EnglishDictionary | None = None,
) -> GapQuery:
    """The query forms and segments of a gap given as a segment id/name or as free text
    (free text read first by ``understand``: normalised, corrected, translated)."""
    forms = []
    seg_ids: list[str] = []
    broader: set[str] = set()
    weight: dict[str, float] = {}
    label = query or segment or ""
    understood = None
    if segment:
        seg = get_segment(store, segment)
        roots = [seg.id]
        label = seg.name_zh
    else:
        if not (query or "").strip():
            from chainatlas.graph.errors import ChainAtlasError

            raise ChainAtlasError("give a segment id (--segment) or a text to search (--query)")
        understood = understand(store, query or "", dictionary=dictionary)
        text = understood.text
        forms.append(query_form(text))
        if understood.normalised != text:  # as typed still counts (IGBT in IGBT模块), less
            corrected = any(e.source.startswith("pinyin") for e in understood.expansions)
            forms.append(query_form(understood.normalised, 0.5 if corrected else 1.0))
        for exp in understood.expansions:
            if exp.source not in {"typed", "normalised"} and exp.text != text:
                forms.append(query_form(exp.text, exp.weight))
        forms.extend(query_form(t, w) for t, w in chain_expansions(store, text).items())
        named = resolve_segments(store, text)
        roots = [sid for sid, _ in named]
        roots += [sid for sid in understood.segment_ids if sid not in roots]
        broader = {sid for sid, score in named if score < 0.9 and _narrower(store, sid, text)}
        # a segment the query names lends its other names at 0.95; one it names by an alias
        # (锂辉石 of 锂资源) at 0.85, below the query's own words (an alias may be one kind of
        # the segment); one with a name holding the query (电子铜箔 for 铜箔) at 0.8
        weight = {sid: _lent_weight(score) for sid, score in named}
        for exp in understood.expansions:  # named in English (chain map): as surely as that
            if exp.segment_id:
                weight.setdefault(exp.segment_id, min(0.95, exp.weight))
    if roots:
        kids = children_map(store.segments())
        seg_ids = sorted({sid for r in roots for sid in with_descendants(r, kids)})
        for seg in store.segments(roots):
            # a segment the query only narrows (电容器 for 片式多层陶瓷电容器) lends its
            # names as broader notions, below the query's own words
            w = 1.0 if segment else BROADER_SEGMENT if seg.id in broader else weight[seg.id]
            forms.append(query_form(seg.name_zh, w))
            for alias in seg.aliases:
                if len(alias) >= 2:
                    forms.append(query_form(alias, w))
    seen: dict[str, object] = {}
    unique = []
    index = firm_index(store)
    for f in forms:
        if f.core and f.core not in seen:
            seen[f.core] = None
            # a name the chain map lends that too many firms say (电池, 材料) widens the gap
            # to everything: it never makes a firm a candidate on its own
            if f.weight >= 1.0 or not index.too_general(f.text):
                unique.append(f)
    return GapQuery(label=label, forms=unique, segment_ids=seg_ids, understood=understood)


def _lent_weight(score: float) -> float:
    """The weight of a segment's names by how the query named it (``segment_text_score``)."""
    return 0.95 if score >= 1.0 else 0.85 if score >= 0.9 else 0.8


def _narrower(store: Store, segment_id: str, text: str) -> bool:
    """Whether ``text`` holds one of the segment's names with more words: it asks for a
    narrower thing than the segment (片式多层陶瓷电容器 holds 电容器)."""
    c = canonical(text)
    segs = store.segments([segment_id])
    names = [canonical(n) for seg in segs for n in (*seg.names(), *seg.keywords)]
    held = [n for n in names if len(n) >= 2 and n != c and within(c, n)]
    # an abbreviation held whole (IGBT in IGBT模块) names the segment, not a broader notion
    if not held or any(h.isascii() for h in held):
        return False
    # words the segment's own names say too (电池 of 电池隔膜: its alias 锂电池隔膜) narrow nothing
    rest = c
    for h in sorted(held, key=len, reverse=True):
        rest = rest.replace(h, " ")
    extra = [w for w in rest.split() if w]
    return not all(any(w in n for n in names if n not in held) for w in extra)
