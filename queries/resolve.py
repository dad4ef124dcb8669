"""Resolve what a planner types (锂电池隔膜, "separator") to segments of the atlas."""

from __future__ import annotations

from chainatlas.errors import ChainAtlasError
from chainatlas.graph.model import Segment
from chainatlas.graph.store import Store

__all__ = ["resolve_query", "segment_text_score"]


def segment_text_score(seg: Segment, text: str) -> float:
    """How well ``text`` names ``seg``: 1 exact name, 0.9 alias, 0.8 contains, 0.6 keyword."""
    t = text.strip().lower()
    if not t:
        return 0.0
    names = [n.lower() for n in seg.names()]
    if t == seg.id or t in names[:2]:
        return 1.0
    if t in names:
        return 0.9
    if any(n and (n in t or t in n) for n in names):
        return 0.8
    if any(k.lower() in t or t in k.lower() for k in seg.keywords if k):
        return 0.6
    return 0.0


def resolve_query(store: Store, text: str, limit: int = 5) -> list[str]:
    """The ids of the segments that best match ``text``; raises when nothing does."""
    text = text.strip()
    if not text:
        raise ChainAtlasError("give a segment id (--segment) or a text to search (--query)")
    scored = [(segment_text_score(s, text), s.id) for s in store.segments()]
    scored = [x for x in scored if x[0] > 0]
    if not scored:
        raise ChainAtlasError(
            f"no segment matches {text!r}; try a shorter word or a segment id "
            "(chainatlas gaps --chain ID lists them)"
        )
    best = max(s for s, _ in scored)
    return sorted(sid for s, sid in scored if s >= best)[:limit]
