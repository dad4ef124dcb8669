"""Resolve what a planner types (锂电池隔膜, "separator") to segments, products and industries.

Chinese product names are compounds whose last word is the thing itself (the *head*: 隔膜 in
锂电池隔膜) and whose first words narrow it (the *modifiers*: 锂电池). A product matches a query
when it contains the head, the more so the more modifiers it shares, and less when the head
is itself only a modifier of something else (隔膜**压滤机**, 压缩机**配件**). Names are put in one
canonical spelling first (锂离子电池 → 锂电池, PCB → 印制电路板, full-width → half-width).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import Industry, Segment
from chainatlas.graph.store import Store
from rapidfuzz.distance import LCSseq

__all__ = [
    "QueryForm",
    "canonical",
    "spellings",
    "core_of",
    "query_form",
    "product_similarity",
    "product_similarities",
    "best_similarities",
    "industry_similarity",
    "industries_named_like",
    "segment_text_score",
    "holds",
    "within",
    "word_bounds",
    "resolve_query",
    "resolve_segments",
    "chain_expansions",
    "SYNONYMS",
]

# one canonical spelling per notion, and the spellings found in the data (searched literally)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "锂电池": ("锂离子电池", "锂离子", "锂电"),
    "隔膜": ("隔离膜",),
    "印制电路板": (
        "PCB板",
        "PCB",
        "pcb",
        "印刷电路板",
        "印制线路板",
        "印刷线路板",
        "线路板",
        "电路板",
    ),
    "柔性印制电路板": ("FPC板", "FPCB板", "FPC", "FPCB", "柔性电路板", "挠性电路板"),
    "聚氯乙烯": ("PVC", "pvc"),
    "片式多层陶瓷电容器": ("MLCC", "mlcc", "多层陶瓷电容器", "多层片式陶瓷电容器"),
    "电池管理系统": ("BMS", "bms"),
    "磷酸铁锂": ("LFP", "lfp", "LiFePO4", "lifepo4"),
    "空气压缩机": ("空压机",),
    "电动汽车": ("新能源汽车", "新能源车"),
    "液化天然气": ("LNG",),
    "甲醇": ("精甲醇", "粗甲醇"),
    "风电": ("风力发电",),
    "聚偏氟乙烯": ("PVDF", "pvdf"),
    "碳酸二甲酯": ("DMC", "dmc"),
    "精对苯二甲酸": ("PTA", "pta"),
    "电子制造服务": ("EMS", "ems"),
}
_ALTERNATIVES = sorted(
    {(v.lower(), c) for c, vs in SYNONYMS.items() for v in (c, *vs)},
    key=lambda vc: -len(vc[0]),
)
_SYN_RE = re.compile("|".join(re.escape(v) for v, _ in _ALTERNATIVES))
_SYN_MAP = dict(_ALTERNATIVES)
# words that say nothing about what the thing is (stripped from the end of names)
GENERIC_TAILS = (
    "新能源材料",
    "新材料",
    "新能源",
    "业务收入",
    "业务",
    "产品",
    "系列",
    "销售",
    "制造",
    "生产",
    "加工",
    "板块",
    "分部",
    "行业",
    "制品",
    "材料",
    "自产",
    "贸易",
    "及其他",
    "其他",
    "类",
    "等",
)
# a tail after the query's head that makes the product something else (a part, a machine…)
OTHER_THING_RE = re.compile(
    r"(机|器|设备|装备|装置|配件|零件|部件|电机|模具|检测|辅助|租赁|服务|维修|板|液碱|油墨|试剂|化学品|助剂|胶|线|箱|泵|阀|管|罐|车|桩|粧|站|电源|电控)"
)
# a product name saying the firm trades the thing rather than makes it (贸易-乙二醇)
# (销售 is not: makers book their own sales so, 销售汽车)
TRADED_RE = re.compile(r"^(贸易|代理|经销|进出口|批发|国际贸易|国内贸易|商品贸易)")
#: what a traded product counts, beside a made one
TRADED = 0.6
_PUNCT_RE = re.compile(r"[\s\-—–_.,，、:：;；/()（）\[\]【】<>《》\"'“”‘’·*#+]+")
_ROMAN_RE = re.compile(r"[ⅠⅡⅢⅣ]+$")


@lru_cache(maxsize=131072)
def canonical(text: str) -> str:
    """One spelling: half-width, lower-case Latin, no punctuation, synonyms unified.

    >>> canonical("锂离子电池隔膜"), canonical("ＰＣＢ板"), canonical("锂电正极材料")
    ('锂电池隔膜', '印制电路板', '锂电池正极材料')
    """
    s = unicodedata.normalize("NFKC", text or "").lower()
    s = _PUNCT_RE.sub("", s)
    return _SYN_RE.sub(lambda m: _SYN_MAP[m.group(0)], s)


def spellings(term: str) -> set[str]:
    """``term`` and its raw spellings, for literal substring search.

    >>> sorted(spellings("印制电路板"))[:4]
    ['PCB', 'PCB板', 'pcb', '印制电路板']
    """
    out = {term}
    for canon, variants in SYNONYMS.items():
        if canon in term:
            out.update(term.replace(canon, v) for v in variants)
    return out


def core_of(canon: str) -> str:
    """The name without generic tails (业务, 产品, 系列, 材料…), never empty when ``canon`` is not.

    >>> core_of("隔膜业务"), core_of("膜类"), core_of("正极材料")
    ('隔膜', '膜', '正极')
    """
    s = canon
    changed = True
    while changed:
        changed = False
        for tail in GENERIC_TAILS:
            if s.endswith(tail) and len(s) > len(tail):
                s = s[: -len(tail)]
                changed = True
    return s


@dataclass(frozen=True)
class QueryForm:
    """A query in canonical form: ``core`` without generic tails and its ``head``."""

    text: str
    canon: str
    core: str
    head: str
    weight: float = 1.0


def query_form(text: str, weight: float = 1.0) -> QueryForm:
    """The canonical form, core and head of one query text.

    >>> q = query_form("锂电池隔膜"); (q.core, q.head)
    ('锂电池隔膜', '隔膜')
    """
    canon = canonical(text)
    core = core_of(canon)
    if re.fullmatch(r"[a-z0-9]+", core):
        head = core
    else:
        head = core[-2:] if len(core) > 2 else core
    return QueryForm(text=text, canon=canon, core=core, head=head, weight=weight)


@dataclass
class _Cache:
    canon: dict[str, str] = field(default_factory=dict)

    def core(self, name: str) -> str:
        c = self.canon.get(name)
        if c is None:
            c = self.canon[name] = core_of(canonical(name))
        return c


_CACHE = _Cache()


def product_similarity(q: QueryForm, product: str) -> float:
    """How surely ``product`` names the thing ``q`` asks for, 0..1.

    1 for the same core; 0.55-1 when it contains the head (more with more shared modifiers,
    about half when the head only qualifies another thing); 0.3-0.45 for a broader name the
    query ends with (膜类 for 隔膜); a little for shared modifiers without the head.

    >>> round(product_similarity(query_form("锂电池隔膜"), "锂离子电池隔膜"), 2)
    1.0
    >>> product_similarity(query_form("锂电池隔膜"), "隔膜压滤机") < 0.5
    True
    >>> product_similarity(query_form("乙二醇"), "贸易-乙二醇")  # traded, not made
    0.6
    """
    pc = _CACHE.core(product)
    if not pc:
        return 0.0
    if pc == q.core:
        return 1.0
    if TRADED_RE.match(pc) and not TRADED_RE.match(q.core):
        return round(TRADED * product_similarity(q, TRADED_RE.sub("", pc)), 4)
    lcs = LCSseq.similarity(q.core, pc)
    cov = lcs / len(q.core)
    at = pc.rfind(q.head)
    if at >= 0:
        base = 0.55 + 0.45 * cov
        tail = pc[at + len(q.head) :]
        if tail and OTHER_THING_RE.search(tail):
            base *= 0.5
        prec = lcs / len(pc)
        return round(base * (0.8 + 0.2 * prec), 4)
    if q.core.endswith(pc) and len(pc) < len(q.core):
        return round(0.3 + 0.15 * len(pc) / len(q.head), 4)
    return _far_similarity(lcs, len(q.core))


def _far_similarity(lcs: int, core_len: int) -> float:
    """A product without the query's head nor a broader name: a quarter of the core's share in
    their longest common subsequence, when they share two characters or more."""
    return round(0.25 * (lcs / core_len) if lcs >= 2 else 0.0, 4)


def best_similarities(
    forms: Sequence[QueryForm], products: Iterable[str], floor: float = 0.0
) -> dict[str, float]:
    """The best ``product_similarity × weight`` over ``forms`` of each product, where it is at
    least ``floor``: the same numbers as asking ``product_similarity`` for every pair, faster.

    Most pairs of a generic word (设备 names thousands of products) are far apart: the
    product's core neither holds the form's head, nor is a shorter name the form's core ends
    with, nor can hold the whole core as a subsequence (which needs the core's first and last
    characters). Such a pair scores a quarter of the core's share in their longest common
    subsequence, below 0.25: it is computed directly, or skipped when the floor is 0.25 or more.

    >>> best_similarities([query_form("锂电池隔膜")], ["锂离子电池隔膜", "隔膜压滤机", "电池"])
    {'锂离子电池隔膜': 1.0, '隔膜压滤机': 0.3212, '电池': 0.1}
    """
    names = list(dict.fromkeys(products))
    cores = [_CACHE.core(n) for n in names]
    best: dict[int, float] = {}
    for f in forms:
        head, core, n, w = f.head, f.core, len(f.core), f.weight
        first, last = core[:1], core[-1:]
        far_counts = floor < 0.25 or w > 1.0  # a heavier form could lift a far pair over it
        for i, pc in enumerate(cores):
            if (
                head in pc
                or (len(pc) < n and core.endswith(pc))
                or (len(pc) >= n and first in pc and last in pc)
            ):
                s = product_similarity(f, names[i]) * w
            elif far_counts:
                lcs = LCSseq.similarity(core, pc)
                s = _far_similarity(lcs, n) * w
            else:
                continue
            if s > best.get(i, -1.0):
                best[i] = s
    return {names[i]: s for i, s in sorted(best.items()) if s >= floor}


def product_similarities(
    forms: Sequence[QueryForm], products: Iterable[str], floor: float = 0.25
) -> dict[str, float]:
    """``best_similarities`` of at least ``floor``, rounded to four places.

    >>> product_similarities([query_form("锂电池隔膜")], ["锂离子电池隔膜", "隔膜压滤机", "电池"], 0.3)
    {'锂离子电池隔膜': 1.0, '隔膜压滤机': 0.3212}
    """
    return {n: round(s, 4) for n, s in best_similarities(forms, products, floor).items()}


@lru_cache(maxsize=16384)
def _industry_core(name: str) -> str:
    """An industry name's core (asked for every industry on every query: cached)."""
    return core_of(canonical(_ROMAN_RE.sub("", name)))


def industry_similarity(q: QueryForm, ind: Industry) -> float:
    """How well an industry's name names what the query asks for, 0..1.

    1 same name; 0.9 the name contains the query (水泥制造 for 水泥); 0.8 the query ends with the
    name (面板 for 显示面板) or the name spells the query out with more words in between
    (光伏电池组件 for 光伏组件); 0.6 the name has the query's head.
    """
    name = _industry_core(ind.name)
    if len(name) < 2 or not q.core:
        return 0.0
    if name == q.core:
        return 1.0
    if len(q.core) >= 2 and q.core in name:
        return 0.9
    if q.core.endswith(name):
        return 0.8
    if (
        len(q.core) >= 3
        and name.endswith(q.head)
        and LCSseq.similarity(q.core, name) == len(q.core)
    ):
        return 0.8
    if len(q.head) >= 2 and q.head in name:
        return 0.6
    return 0.0


def industries_named_like(forms: list[QueryForm], industries: list[Industry]) -> dict[str, float]:
    """``industry_similarity`` at its best over ``forms``, by code, where it is above 0.

    Every match needs the form's head in the industry's name or the name in the form's core,
    so two substring tests set most industries aside before the full measure.
    """
    out: dict[str, float] = {}
    for ind in industries:
        name = _industry_core(ind.name)
        best = 0.0
        for f in forms:
            if f.core and (within(name, f.head) or within(f.core, name)):
                best = max(best, industry_similarity(f, ind))
        if best:
            out[ind.code] = best
    return out


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
    ct = canonical(t)
    if any(canonical(n) == ct for n in names):
        return 0.9
    canon = [canonical(n) for n in names]  # one spelling each side (MLCC, 片式多层陶瓷电容器)
    if any(n and len(n) >= 2 and (holds(ct, n) or holds(n, ct)) for n in canon):
        return 0.8
    if any(
        k and len(k) >= 2 and (holds(t, k.lower()) or holds(k.lower(), t)) for k in seg.keywords
    ):
        return 0.6
    return 0.0


_LATIN = re.compile(r"[a-z0-9][a-z0-9 .+-]*")


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)  # its "building prefix dict" chatter
    return jieba.Tokenizer()


@lru_cache(maxsize=8192)
def word_bounds(text: str) -> frozenset[int]:
    """Where the words of ``text`` start and end (jieba's dictionary and model), as offsets.

    >>> sorted(word_bounds("风力发电机组"))
    [0, 2, 6]
    """
    out = {0}
    at = 0
    for word in _tokenizer().cut(text):
        at += len(word)
        out.add(at)
    return frozenset(out)


def within(text: str, term: str) -> bool:
    """Whether ``text`` holds ``term`` as whole words: 电容器 is within 片式多层陶瓷电容器, but
    电机 is not within 风力发电机组 (风力/发电机组: it would cut 发电机 in two). A term of one
    character, or one the text equals, needs no cut.

    >>> within("片式多层陶瓷电容器", "电容器"), within("风力发电机组", "电机")
    (True, False)
    """
    if term == text:
        return True
    if len(term) < 2 or term not in text:
        return term in text
    bounds = word_bounds(text)
    at = text.find(term)
    while at >= 0:
        if at in bounds and at + len(term) in bounds:
            return True
        at = text.find(term, at + 1)
    return False


def holds(text: str, term: str) -> bool:
    """Whether ``text`` holds ``term``: a Latin term (EC, IGBT, ic) as a whole word, any case;
    a Chinese one as whole words (``within``).

    >>> holds("polysilicon", "ic"), holds("ic design", "ic"), holds("锂电池隔膜", "隔膜")
    (False, True, True)
    """
    if not _LATIN.fullmatch(term.lower()):
        return within(text, term)
    pattern = rf"(?<![a-z0-9]){re.escape(term.lower())}(?![a-z0-9])"
    return re.search(pattern, text.lower()) is not None


_ENGLISH_RE = re.compile(r"[a-z][a-z \-]*")  # English words (the product data is Chinese)


def _spellings_of(seg: Segment) -> tuple[str, ...]:
    """A segment's Chinese name and aliases of two characters or more (not English words)."""
    raw = [seg.name_zh, *seg.aliases]
    return tuple(
        n.strip() for n in raw if n and len(n.strip()) >= 2 and not _ENGLISH_RE.fullmatch(n.strip())
    )


def chain_expansions(store: Store, text: str) -> dict[str, float]:
    """Other names of the notion ``text`` names in the store's chain maps, with a weight.

    The chain maps are the city's domain knowledge: a segment's Chinese name and aliases are
    spellings of one notion (空压机, 空气压缩机), its keywords are kinds of it. A segment whose
    name is ``text`` lends its other names at 0.95, one with ``text`` among its aliases at 0.85
    (an alias may name one kind of it); one that lists ``text`` as a keyword (a kind of it)
    lends its names at 0.5: broader, so below a direct match.
    """
    c = canonical(text)
    out: dict[str, float] = {}
    if len(c) < 2:
        return out
    for seg in store.segments():
        names = _spellings_of(seg)
        if c == canonical(seg.name_zh):
            w = 0.95
        elif c in {canonical(n) for n in names}:
            w = 0.85  # an alias may be one kind of the segment (锂辉石 of 锂资源)
        elif c in {canonical(k) for k in seg.keywords if k}:
            w = 0.5
        else:
            continue
        for n in names:
            if canonical(n) != c and out.get(n, 0.0) < w:
                out[n] = w
    return out


def resolve_segments(store: Store, text: str, limit: int = 5) -> list[tuple[str, float]]:
    """Segments that ``text`` names, best first, with their text score (may be empty)."""
    text = text.strip()
    scored = [(segment_text_score(s, text), s.id) for s in store.segments()]
    scored = [x for x in scored if x[0] >= 0.8]
    if not scored:
        return []
    best = max(s for s, _ in scored)
    return [(sid, s) for s, sid in sorted(scored, key=lambda x: (-x[0], x[1])) if s >= best][:limit]


def resolve_query(store: Store, text: str, limit: int = 5) -> list[str]:
    """The ids of the segments that best match ``text``; raises when nothing does."""
    text = text.strip()
    if not text:
        raise ChainAtlasError("give a segment id (--segment) or a text to search (--query)")
    found = resolve_segments(store, text, limit)
    if not found:
        raise ChainAtlasError(
            f"no segment matches {text!r}; try a shorter word or a segment id "
            "(chainatlas gaps --chain ID lists them)"
        )
    return [sid for sid, _ in found]
