"""What a planner typed, understood: one normalised Chinese text to search, and the expansions
that led to it, each with its weight and where it came from.

Planners type a gap in many ways: traditional characters (氫氧化鋰), full-width letters
(ＩＧＢＴ), English (refrigeration compressor), a one-character typo or homophone (正级材料 for
正极材料). Before the ranking runs, a query is

1. normalised: NFKC (full-width → half-width), white space folded, traditional → simplified
   with OpenCC's phrase tables;
2. matched against the English names, Latin aliases and keywords of the chain maps the store
   holds, as whole words (``cathode material`` → the segment 正极材料; ``BMS`` → 电池管理系统);
   and, beside them, against a glossary of industrial terms and abbreviations (the surface passes
   ``data/glossary.csv``): whole words, longest phrase first (``polysilicon`` → 多晶硅, ``PVDF``
   → 聚偏氟乙烯, in a Chinese query too: ``SiC衬底`` → 碳化硅衬底);
3. translated word by word through a bilingual dictionary (the surface passes CC-CEDICT) where
   the chain maps do not know it (``tyres`` → 轮胎), keeping translations that name products
   the store holds;
4. corrected for one mistyped character: where the text names nothing the store holds, a
   character is replaced by one of the same pinyin when that yields a product or segment name
   the store holds (正级材料 → 正极材料, 隔摸 → 隔膜);
5. else, for a descriptive phrase that names nothing the store holds, read for the thing it
   names: what follows 用 (锂电池用铝塑膜 → 铝塑膜), or its longest ending that is the whole
   name of a product or segment the store holds (新能源汽车热管理 → 热管理).

Every step is recorded in ``Understanding.expansions`` and shown by ``candidates --explain``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from chainatlas.graph.store import Store
from pydantic import BaseModel, Field

from .glossary import (
    GLOSSARY,
    GLOSSARY_UNHELD,
    Glossary,
    GlossaryEntry,
    english_segments,
    glossary_of,
    glossary_reading,
    glossary_within,
    glossary_words,
    latin_words,
)
from .resolve import SYNONYMS, holds

__all__ = [
    "Expansion",
    "Understanding",
    "EnglishDictionary",
    "GlossaryEntry",
    "Glossary",
    "normalise",
    "to_simplified",
    "latin_words",
    "homophones",
    "understand",
    "alternatives",
]

_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACE = re.compile(r"\s+")
#: a space between a Latin word and Chinese (IGBT 模块 is IGBT模块)
_LATIN_CJK_SPACE = re.compile(
    r"(?<=[A-Za-z0-9])\s+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\s+(?=[A-Za-z0-9])"
)


class Expansion(BaseModel):
    """One reading of the query: the text searched, its weight (1 = as typed) and its source."""

    text: str
    weight: float
    source: str
    segment_id: str = ""


class Understanding(BaseModel):
    """How a query was read: ``text`` is what the ranking searches for."""

    query: str
    normalised: str
    text: str
    expansions: list[Expansion] = Field(default_factory=list)
    segment_ids: list[str] = Field(default_factory=list)


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters with OpenCC's phrase tables.

    >>> to_simplified("鋰電池隔膜"), to_simplified("光伏逆變器")
    ('锂电池隔膜', '光伏逆变器')
    """
    if not _CJK.search(text):
        return text
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), folded white space, simplified characters.

    >>> normalise("  ＩＧＢＴ　模块 "), normalise("氫氧化鋰")
    ('IGBT模块', '氢氧化锂')
    """
    s = unicodedata.normalize("NFKC", text or "")
    s = _SPACE.sub(" ", s).strip()
    return to_simplified(_LATIN_CJK_SPACE.sub("", s))


# what planners put around the thing they look for: 做隔膜的企业, 碳酸锂生产企业, 正极材料厂家
_FILLER_HEAD = re.compile(r"^(?:做|生产|制造|从事|提供|经营|寻找|找)(?=..)")
_FILLER_TAIL = re.compile(
    r"(?<=..)(?:的)?(?:(?:生产|制造|供应|配套|相关|重点|龙头|骨干|上市)?"
    r"(?:企业|公司|厂家|厂商|工厂|生产商|制造商|供应商|供货商|提供商|服务商|龙头|名单|清单))+$"
)


def strip_filler(text: str) -> str:
    """The thing a planner asks for, without the words around it that name no product.

    >>> strip_filler("做隔膜的企业"), strip_filler("碳酸锂生产企业"), strip_filler("正极材料厂家")
    ('隔膜', '碳酸锂', '正极材料')
    >>> strip_filler("企业"), strip_filler("电子制造服务"), strip_filler("锂电池龙头企业")
    ('企业', '电子制造服务', '锂电池')
    """
    out = _FILLER_TAIL.sub("", text)
    out = _FILLER_HEAD.sub("", out)
    return out.removesuffix("的") if len(out) > 2 else out


def _as_reading(text: str | None) -> list[Expansion]:
    return [Expansion(text=text, weight=GLOSSARY, source="glossary")] if text else []


def _held(store: Store, found: list[Expansion], expansions: Sequence[Expansion]) -> list[Expansion]:
    """The glossary's readings not already found, weighed down to ``GLOSSARY_UNHELD`` where
    the store holds no product or segment so named, in any of the spellings the ranking
    searches (IGBT: the data says IGBT, not 绝缘栅双极型晶体管), so they do not take the place
    of a reading that finds something."""
    seen = {e.text for e in expansions}
    vocabulary = _vocabulary(store) if found else set()
    out = []
    for e in found:
        if e.text in seen:
            continue
        spellings = [e.text, *SYNONYMS.get(e.text, ())]  # the ranking searches them all
        if e.text not in vocabulary and not _known(store, spellings):
            e = e.model_copy(update={"weight": GLOSSARY_UNHELD})
        out.append(e)
    return out


# -- English: a bilingual dictionary, passed in ------------------------------------------------------
class EnglishDictionary(Protocol):
    """English word or short phrase (as ``latin_words`` spells it, joined by spaces) → Chinese
    terms, most common sense first. The surface passes CC-CEDICT (``chainatlas.reference``)."""

    def lookup(self, phrase: str) -> tuple[str, ...]: ...


def _known(store: Store, texts: Sequence[str]) -> list[str]:
    """Those of ``texts`` that name products the store holds (exactly or inside a name), the
    most used name first."""
    counts = {t: len(store.search_products([t], limit=200)) for t in dict.fromkeys(texts)}
    return sorted((t for t, n in counts.items() if n), key=lambda t: -counts[t])


def _translate(
    store: Store,
    words: Sequence[str],
    dictionary: EnglishDictionary,
    glossary: Glossary | None = None,
    text: str = "",
) -> list[Expansion]:
    """The query's words through the glossary (``text``: the words as typed), else the
    dictionary, longest phrases first; kept where the store holds a product so named."""
    parts: list[tuple[str, ...]] = []
    glossed = {}  # positions of the glossary's spans, where they are those of the words
    if glossary is not None and len(glossary_words(text)) == len(words):
        glossed = {i: (e, j) for e, i, j in glossary.spans(text)}
    source = "glossary + dictionary (CC-CEDICT)" if glossed else "dictionary (CC-CEDICT)"
    i = 0
    while i < len(words):
        if i in glossed:
            parts.append((glossed[i][0].zh,))
            i = glossed[i][1]
            continue
        for j in range(min(len(words), i + 3), i, -1):
            hit = dictionary.lookup(" ".join(words[i:j]))
            if hit:
                parts.append(hit[:12])
                i = j
                break
        else:
            i += 1
    if not parts:
        return []
    out: list[Expansion] = []
    whole = ["".join(choice) for choice in _combinations(parts)]
    for text in _known(store, whole)[:2]:
        out.append(Expansion(text=text, weight=0.9, source=source))
    if not out:  # the last word names the thing (tyres, compressor): its translation alone
        for text in _known(store, list(parts[-1]))[:2]:
            out.append(Expansion(text=text, weight=0.7, source=f"{source}, head word"))
    return out


def _combinations(parts: Sequence[tuple[str, ...]], limit: int = 64) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = [()]
    for options in parts:
        combos = [(*c, o) for c in combos for o in options][:limit]
    return combos


# -- typos: one character of the same pinyin --------------------------------------------------------
@lru_cache(maxsize=1)
def _by_sound() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(character → its toneless readings, reading → common characters of that reading)."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings: dict[str, tuple[str, ...]] = {}
    chars: dict[str, list[str]] = defaultdict(list)
    for code, value in pinyin_dict.items():
        if not 0x4E00 <= code <= 0x9FFF:
            continue
        ch = chr(code)
        toneless = tuple(
            dict.fromkeys(
                "".join(c for c in unicodedata.normalize("NFD", r) if not unicodedata.combining(c))
                for r in value.split(",")
            )
        )
        readings[ch] = toneless
        for r in toneless:
            chars[r].append(ch)
    return readings, {r: tuple(cs) for r, cs in chars.items()}


def homophones(ch: str) -> list[str]:
    """Characters read like ``ch`` (tones ignored), ``ch`` itself left out.

    >>> "极" in homophones("级") and "膜" in homophones("摸")
    True
    """
    readings, chars = _by_sound()
    out: dict[str, None] = {}
    for r in readings.get(ch, ()):
        for c in chars.get(r, ()):
            if c != ch:
                out[c] = None
    return list(out)


def _vocabulary(store: Store) -> set[str]:
    """The Chinese names, aliases and keywords of the segments the store holds."""
    out: set[str] = set()
    for seg in store.segments():
        for t in (seg.name_zh, *seg.aliases, *seg.keywords):
            if len(t) >= 2 and _CJK.search(t):
                out.add(t)
    return out


#: product names containing a text looked at to tell whether one holds it as whole words
NAMES_SEEN = 50


def _names_something(store: Store, text: str, vocabulary: set[str]) -> bool:
    """Whether ``text`` is, as whole words, in a name the store holds: 充电装 is only the start
    of 充电装置 (充电/装置), so it names nothing and may be a misspelling (of 充电桩)."""
    if text in vocabulary or any(holds(v, text) for v in vocabulary if text in v):
        return True
    return any(holds(p, text) for p in store.search_products([text], limit=NAMES_SEEN))


def _corrected(store: Store, text: str, vocabulary: set[str]) -> list[Expansion]:
    """``text`` (which names nothing the store holds) with one character replaced by a
    homophone, where that names a product or a segment the store holds."""
    if len(text) < 2 or not _CJK.search(text):
        return []
    options = [
        text[:i] + c + text[i + 1 :]
        for i, ch in enumerate(text)
        if _CJK.match(ch)
        for c in homophones(ch)
    ]
    hits = [t for t in options if t in vocabulary]
    exact = set(store.known_products(options))
    hits += [t for t in options if t in exact and t not in hits]
    return [Expansion(text=t, weight=0.9, source="pinyin (one character)") for t in hits[:3]]


# -- descriptive phrases: the thing they name ------------------------------------------------------
#: words that name no particular thing: never the head of a phrase on their own
_TOO_GENERAL = frozenset({"设备", "材料", "系统", "管理", "服务", "资源", "产品", "装置", "技术"})


def _spelled_within(text: str, vocabulary: set[str]) -> list[str]:
    """Chain-map names of three characters or more spelled out in ``text`` with words in
    between, from its first character to its last (冷链设备 in 冷链物流设备), longest first."""
    found = []
    for name in vocabulary:
        if len(name) < 3 or len(name) >= len(text) or name[0] != text[0] or name[-1] != text[-1]:
            continue
        rest = iter(text)
        if all(ch in rest for ch in name):  # a subsequence of text
            found.append(name)
    return sorted(found, key=lambda n: (-len(n), n))[:2]


def _head(store: Store, text: str, vocabulary: set[str]) -> list[Expansion]:
    """For a phrase that names nothing the store holds (锂电池用铝塑膜, 新能源汽车热管理): what
    follows 用 (for), else its longest ending that is the whole name of a product or segment
    the store holds (two characters or more, not a general word alone)."""
    if len(text) < 4 or not _CJK.search(text):
        return []
    within = _spelled_within(text, vocabulary)
    if within:
        return [
            Expansion(text=t, weight=0.85, source="phrase (a chain-map name within it)")
            for t in within
        ]
    tails = [text[i:] for i in range(1, len(text) - 1)]
    if "用" in text[1:-1]:
        tails.insert(0, text.rsplit("用", 1)[1])
    tails = [t for t in tails if len(t) >= 2 and t not in _TOO_GENERAL]
    named = set(store.known_products(tails)) | (set(tails) & vocabulary)
    for tail in tails:
        if tail in named:
            source = (
                "phrase (what follows 用)" if text.endswith("用" + tail) else "phrase (its head)"
            )
            return [Expansion(text=tail, weight=0.8, source=source)]
    return []


# -- the whole reading ------------------------------------------------------------------------------
#: digits ending a Latin word: a grade or model of a family (NCM811, NCM523)
_GRADE = re.compile(r"(?<=[A-Za-z])[0-9]+$")
#: the weight of the family a grade belongs to
GRADE = 0.85
#: what separates two things asked for at once (正极材料、负极材料; 隔膜/隔离膜)
_SEPARATORS = re.compile(r"\s*[、,，;；/|]\s*")
#: a space between two Chinese words (碳酸锂 氢氧化锂, or 河南 隔膜: a place and a thing)
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
#: a remark in brackets (锂电池隔膜（湿法）): not part of the thing's name
_REMARK = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def alternatives(text: str) -> list[str]:
    """The things a (normalised) query asks for, split at list punctuation, remarks in brackets
    set aside: 正极材料、负极材料 asks for two, heat pump for one.

    >>> alternatives("正极材料、负极材料"), alternatives("锂电池隔膜(湿法)")
    (['正极材料', '负极材料'], ['锂电池隔膜'])
    >>> alternatives("隔膜/隔离膜"), alternatives("heat pump")
    (['隔膜', '隔离膜'], ['heat pump'])
    """
    bare = _REMARK.sub(" ", text).strip() or text
    parts = [p.strip() for p in _SEPARATORS.split(bare)]
    return list(dict.fromkeys(p for p in parts if p)) or [text]


def _several(
    store: Store, query: str, parts: list[str], dictionary: EnglishDictionary | None
) -> Understanding:
    """A query asking for several things: the first one's reading, the others' texts beside it
    at full weight (a firm making any of them is a candidate)."""
    readings = [understand(store, p, dictionary=dictionary) for p in parts]
    first = readings[0]
    expansions = [Expansion(text=query, weight=1.0, source="typed")]
    expansions += [e for e in first.expansions if e.source != "typed"]
    seen = {first.text}
    for r in readings[1:]:
        if r.text not in seen:
            seen.add(r.text)
            expansions.append(Expansion(text=r.text, weight=1.0, source="one of several asked"))
    segs = list(dict.fromkeys(sid for r in readings for sid in r.segment_ids))
    norm = "、".join(r.normalised for r in readings)
    return Understanding(
        query=query, normalised=norm, text=first.text, expansions=expansions, segment_ids=segs
    )


def understand(
    store: Store, query: str, *, dictionary: EnglishDictionary | None = None
) -> Understanding:
    """Read ``query`` as a planner meant it (see the module's docstring). ``dictionary``
    translates English the chain maps do not know (none: no translation); its ``glossary``, if
    it has one (``chainatlas.reference.english_dictionary``), is read before it.

    ``text`` is what the ranking searches: the strongest reading other than the query as typed.
    """
    parts = alternatives(normalise(query))
    if len(parts) == 1 and _CJK_SPACE.search(parts[0]):  # 碳酸锂 氢氧化锂, not 河南 隔膜
        spaced = _CJK_SPACE.split(parts[0])
        named = set(store.known_products(spaced)) | (set(spaced) & _vocabulary(store))
        if all(p in named for p in spaced):  # each the whole name of a product or segment
            parts = spaced
    if len(parts) > 1:
        return _several(store, query, parts, dictionary)
    glossary = glossary_of(dictionary)
    norm = strip_filler(parts[0])
    expansions = [Expansion(text=query, weight=1.0, source="typed")]
    if norm != query:
        expansions.append(Expansion(text=norm, weight=1.0, source="normalised"))
    seg_ids: list[str] = []
    words = latin_words(norm)
    before = list(expansions)
    if words and not _CJK.search(norm):
        for seg, weight in english_segments(store, words):
            seg_ids.append(seg.id)
            expansions.append(
                Expansion(
                    text=seg.name_zh, weight=weight, source="chain map (English)", segment_id=seg.id
                )
            )
        glossed = _as_reading(glossary_reading(norm, glossary) if glossary is not None else None)
        expansions += _held(store, glossed, expansions)
        if not seg_ids and not glossed and dictionary is not None and not _known(store, [norm]):
            expansions += _translate(store, words, dictionary, glossary, norm)
        family = _GRADE.sub("", norm)
        if family != norm and len(expansions) == len(before) and not _known(store, [norm]):
            # a grade no name knows (NCM811, NCM523): read as its family (NCM)
            kin = understand(store, family, dictionary=dictionary)
            seg_ids += [s for s in kin.segment_ids if s not in seg_ids]
            expansions.append(Expansion(text=kin.text, weight=GRADE, source="without its grade"))
    else:
        vocabulary = _vocabulary(store)
        if not _names_something(store, norm, vocabulary):
            within = _as_reading(glossary_within(norm, glossary) if glossary is not None else None)
            expansions += (
                _held(store, within, expansions)
                or _corrected(store, norm, vocabulary)
                or _head(store, norm, vocabulary)
            )
    readings = [e for e in expansions if e.source not in {"typed"}] or expansions
    chosen = max(readings, key=lambda e: e.weight) if len(readings) > 1 else readings[0]
    if chosen.source == "normalised" and len(readings) > 1:
        others = [e for e in readings if e.source != "normalised"]
        if others:
            chosen = max(others, key=lambda e: e.weight)
    return Understanding(
        query=query,
        normalised=norm,
        text=chosen.text,
        expansions=expansions,
        segment_ids=seg_ids,
    )
