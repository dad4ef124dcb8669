"""A BM25 index over everything known of each firm: what a term says, weighed by the data.

Each firm is one document: its names, its main products (repeated by revenue share, so a
firm whose main business is the thing says it more often than one listing it at 0.1 %), the
registry's product list, its industries and the segments it is tagged on with their aliases
and keywords. Text is put in the one canonical spelling of ``resolve.canonical`` and cut into
terms: Latin words whole (IGBT, pcb), Chinese runs into overlapping character pairs (热管理 →
热管, 管理), so no word list is needed and a rare pair weighs more than a common one: 管理 or
设备 appear in thousands of firms and say little, 热管 in a few and says much. The ranking
function is the ``bm25s`` library's BM25 (Lucene's variant).

The index is built from store reads only, so every store builds the same one; it is kept per
store and data version (``Store.data_version``), in memory and in a cache folder
(``cache_root``) so that the next run reads it instead of reading every firm again, and it is
rebuilt on first use after a write. Deleting the cache folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from chainatlas.graph.store import Store

from .resolve import canonical

__all__ = [
    "terms",
    "doc_terms",
    "add_sounds",
    "FirmIndex",
    "build_index",
    "firm_index",
    "cache_root",
    "cache_folder",
    "store_key",
    "save_index",
    "load_index",
    "K1",
    "B",
]

K1 = 1.2
B = 0.75
#: a main product's terms count this many times more at a 100 % revenue share than at 0 %
SHARE_REPEATS = 3
#: the tf a document needs, at average length, for a term to count fully (see ``coverage``)
REFERENCE_TF = 2.0

_RUNS = re.compile(r"[a-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]+")


def doc_terms(text: str) -> list[str]:
    """What a document holds of ``text``: its ``terms`` and, for Chinese, each character alone
    (what a query pair no document holds falls back to: 锂 of 锂资源).

    >>> doc_terms("锂矿")
    ['锂矿', '锂', '矿']
    """
    return list(_doc_terms(text))


@lru_cache(maxsize=262144)
def _doc_terms(text: str) -> tuple[str, ...]:
    out = terms(text)
    for run in _RUNS.findall(canonical(text)):
        if len(run) > 1 and not run[0].isascii():
            out.extend(run)
    return tuple(out)


def _is_pair(term: str) -> bool:
    return len(term) == 2 and not term.isascii()


def add_sounds(docs: list[list[str]], df: Counter[str]) -> None:
    """Adds to each document how its rare pairs sound (``sound_of``), and to ``df`` (the
    documents holding each term) the sounds: a pair at most ``MISSPELT_DF`` firms hold is
    likely a misspelling (充电粧), heard as the word it sounds like (充电桩); a common pair is a
    word of its own (电视 is no misspelling of 电石) and is not heard as anything else."""
    rare = {t: sound_of(t) for t, n in df.items() if n <= MISSPELT_DF and _is_pair(t)}
    if not rare:
        return
    for doc in docs:
        heard = [rare[t] for t in doc if t in rare]
        if heard:
            doc.extend(heard)
            df.update(set(heard))


#: a lent name whose every term is in this share of the firms is too general to lend
GENERAL_SHARE = 0.03
GENERAL_MIN_FIRMS = 500
#: what a pair that sounds like the query's counts, beside the pair itself (充电粧 for 充电桩)
SOUND = 0.9
#: a pair held by at most this many firms may be a misspelling (see ``add_sounds``)
MISSPELT_DF = 2


@cache
def _reading(ch: str) -> str:
    """The character's first reading, without tones (桩, 粧 → zhuang)."""
    from pypinyin.pinyin_dict import pinyin_dict

    found = pinyin_dict.get(ord(ch))
    if not found:
        return ch
    bare = unicodedata.normalize("NFKD", found.split(",")[0])
    return "".join(c for c in bare if c.isascii()) or ch


def sound_of(pair: str) -> str:
    """The term for how a Chinese pair sounds: a misspelt homophone (电粧) sounds as 电桩.

    >>> sound_of("电桩") == sound_of("电粧")
    True
    """
    return "~" + ".".join(_reading(ch) for ch in pair)


@lru_cache(maxsize=65536)
def _doc_term_set(text: str) -> frozenset[str]:
    return frozenset(doc_terms(text))


def terms(text: str) -> list[str]:
    """The search terms of ``text``: Latin words whole, Chinese runs in character pairs.

    >>> terms("新能源汽车热管理")
    ['电动', '动汽', '汽车', '车热', '热管', '管理']
    >>> terms("IGBT模块"), terms("膜")
    (['igbt', '模块'], ['膜'])
    """
    out: list[str] = []
    for run in _RUNS.findall(canonical(text)):
        if run[0].isascii():
            out.append(run)
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


@dataclass
class FirmIndex:
    """BM25 over firm documents; ``ids[i]`` is document ``i``."""

    ids: list[str]
    retriever: Any
    df: Counter[str]
    avg_len: float
    #: firms per industry code (how concentrated the makers found in one are)
    industry_size: Counter[str] = field(default_factory=Counter)
    #: each firm's industry codes
    industries_of: dict[str, list[str]] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        n = len(self.ids)
        df = self.df.get(term, 0)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def weight(self, term: str) -> float:
        """How much a term says: its idf, squared, so that one rare pair (热管) outweighs the
        common pairs that come with it (管理, 系统) rather than being outvoted by them."""
        return self.idf(term) ** 2

    def query_terms(self, text: str) -> list[str]:
        """The terms of ``text`` the index holds; a pair no firm holds, in a longer name, is
        read as its characters (锂资源 → 锂, 资, 资源: no firm says 锂资, and 资源 alone says
        little); a name of one pair no firm holds stays unmatched (电堆 is not 堆存).

        >>> # index.query_terms("锂资源") == ["资", "资源", "锂"]
        """
        out: dict[str, None] = {}
        pairs = terms(text)
        for t in pairs:
            if t in self.df:
                out[t] = None
            elif len(t) == 2 and not t.isascii() and len(pairs) > 1:  # 电堆 alone: no 堆存
                out.update((ch, None) for ch in t if ch in self.df)
        return sorted(out)

    def too_general(self, text: str) -> bool:
        """Whether every term of ``text`` is in at least ``GENERAL_SHARE`` of the firms (电池,
        材料, 设备 on the A-share graph): such a name identifies no segment on its own. A store
        of fewer than ``GENERAL_MIN_FIRMS`` firms is too small to tell."""
        if len(self.ids) < GENERAL_MIN_FIRMS:
            return False
        found = terms(text)  # a term no firm holds is as specific as can be
        floor = GENERAL_SHARE * len(self.ids)
        return bool(found) and all(self.df.get(t, 0) >= floor for t in found)

    def _unheard(self, text: str) -> int:
        """How many Latin words of ``text`` no firm holds (each weighs as the rarest term)."""
        return sum(1 for t in set(terms(text)) if t.isascii() and t not in self.df)

    def coverage(self, query: str, text: str) -> float:
        """The share of ``query``'s weight that ``text`` holds (0..1).

        A product 财富管理 holds 管理 of 新能源汽车热管理: a small share of what it says.
        """
        return self.coverer(query)(text)

    def coverer(self, query: str) -> Callable[[str], float]:
        """``coverage`` of ``query`` for many texts: the query is read once."""
        weights = {t: self.weight(t) for t in self.query_terms(query)}
        total = sum(weights.values()) + self._unheard(query) * self.weight("")

        def cover(text: str) -> float:
            if not total:
                return 0.0
            return sum(w for t, w in weights.items() if t in _doc_term_set(text)) / total

        return cover

    def scores(self, text: str) -> dict[str, float]:
        """Firms whose document shares a term with ``text``, 0..1: each term's BM25 score
        (idf × saturated frequency) weighed by its idf once more, over what a document
        holding every term ``REFERENCE_TF`` times at average length would score."""
        q = self.query_terms(text)
        if not q or not self.ids:
            return {}
        found: list[np.ndarray] = []
        said: list[np.ndarray] = []
        top = 0.0
        for t in q:
            idf = self.idf(t)
            docs, part = self._postings(t)
            part = part * idf
            heard = sound_of(t) if len(t) == 2 and not t.isascii() else ""
            if heard in self.df:  # a firm whose list misspells it (充电粧) is not buried
                # its frequency (the score over the sound's own idf) weighed as the pair
                heard_docs, heard_part = self._postings(heard)
                heard_part = SOUND * heard_part / self.idf(heard) * idf * idf
                docs, part = _best_of(
                    np.concatenate([docs, heard_docs]), np.concatenate([part, heard_part])
                )
            found.append(docs)
            said.append(part)
            top += idf * idf * REFERENCE_TF / (REFERENCE_TF + K1)
        # a Latin word no firm holds (IGBT in IGBT模块) is still asked for: 光模块 holds only 模块
        top += self._unheard(text) * self.weight("") * REFERENCE_TF / (REFERENCE_TF + K1)
        total = np.zeros(len(self.ids))
        for docs, part in zip(found, said, strict=True):
            total[docs] += part  # each document once per term
        hit = np.flatnonzero(total)
        shares = np.minimum(1.0, total[hit] / top).tolist()
        ids = self.ids
        return {ids[i]: v for i, v in zip(hit.tolist(), shares, strict=True)}

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding ``term`` and its BM25 score (without idf weighing twice) in
        each: read from the index's sparse matrix, so a query costs what its terms' postings
        hold, not the number of firms."""
        tid = self.retriever.vocab_dict.get(term)
        scores = self.retriever.scores
        if tid is None or tid + 1 >= len(scores["indptr"]):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        start, end = int(scores["indptr"][tid]), int(scores["indptr"][tid + 1])
        docs = np.asarray(scores["indices"][start:end], dtype=np.int64)
        return docs, np.asarray(scores["data"][start:end], dtype=np.float64)


def _best_of(docs: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each document once, with its highest value."""
    unique, where = np.unique(docs, return_inverse=True)
    best = np.zeros(len(unique))
    np.maximum.at(best, where, values)
    return unique, best


def _documents(store: Store) -> tuple[list[str], list[list[str]], dict[str, list[str]]]:
    firms = store.enterprises()
    ids = sorted(e.id for e in firms)
    docs: dict[str, list[str]] = {e.id: [] for e in firms}
    for e in firms:
        doc = docs[e.id]
        for name in {e.name, e.full_name, *e.aliases}:
            doc.extend(_doc_terms(name))
        for product in e.products:
            doc.extend(_doc_terms(product))
    for s in store.enterprise_products(ids):
        share = 0.0 if s.weight is None else max(0.0, min(1.0, s.weight))
        repeat = 1 + round(SHARE_REPEATS * share)
        docs[s.enterprise_id].extend(_doc_terms(s.product_name) * repeat)
    industries = {i.code: i.name for i in store.industries()}
    of: dict[str, list[str]] = {}
    for m in store.enterprise_industries(ids):
        docs[m.enterprise_id].extend(_doc_terms(industries.get(m.industry_code, "")))
        of.setdefault(m.enterprise_id, []).append(m.industry_code)
    segments = {s.id: s for s in store.segments()}
    for cap in store.capabilities_of(ids):
        seg = segments.get(cap.segment_id)
        if seg is not None:
            for phrase in {seg.name_zh, *seg.aliases, *seg.keywords}:
                docs[cap.enterprise_id].extend(_doc_terms(phrase))
    return ids, [docs[i] or [""] for i in ids], {e: sorted(set(c)) for e, c in of.items()}


def build_index(store: Store) -> FirmIndex:
    """A fresh index of every firm in ``store``."""
    import bm25s

    ids, docs, of = _documents(store)
    sizes = Counter(code for codes in of.values() for code in codes)
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    df.pop("", None)
    add_sounds(docs, df)
    retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
    if ids:
        retriever.index(docs, show_progress=False)
    avg = sum(len(d) for d in docs) / max(1, len(docs))
    return FirmIndex(
        ids=ids, retriever=retriever, df=df, avg_len=avg, industry_size=sizes, industries_of=of
    )


_INDEXES: dict[Any, FirmIndex] = {}
_LOCK = threading.Lock()
#: Bump when the documents or terms change: an index saved by another version is not read.
FORMAT = "5"


def cache_root() -> Path:
    """Where built indexes are kept between runs: ``CHAINATLAS_CACHE``, else the user's cache
    folder (``XDG_CACHE_HOME`` or ``~/.cache``) under ``chainatlas/textindex``."""
    env = os.environ.get("CHAINATLAS_CACHE")
    if env:
        return Path(env) / "textindex"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chainatlas" / "textindex"


def store_key(store: Store) -> str:
    """Which store this is: its location and, on a server holding several, its database."""
    base = getattr(store, "wrapped", store)
    return f"{base.location}#{getattr(base, 'database', None) or ''}"


def cache_folder(location: str) -> Path:
    """The folder holding the index of the store at ``location``."""
    return cache_root() / _digest(location)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def save_index(index: FirmIndex, folder: Path) -> None:
    """Writes ``index`` to ``folder`` whole or not at all (a new folder renamed into place)."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".part-", dir=folder.parent))
    except OSError:  # a cache: failing to keep it is no error (a read-only home, say)
        return
    try:
        index.retriever.save(str(tmp), show_progress=False)
        meta = {
            "format": FORMAT,
            "ids": index.ids,
            "df": index.df,
            "avg_len": index.avg_len,
            "industry_size": index.industry_size,
            "industries_of": index.industries_of,
        }
        (tmp / "firms.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder)  # another process may have kept the same index first
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def load_index(folder: Path) -> FirmIndex | None:
    """The index saved in ``folder``, or None when there is none of this format."""
    import bm25s

    try:
        meta = json.loads((folder / "firms.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            return None
        retriever = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
    except (OSError, ValueError, KeyError):
        return None
    return FirmIndex(
        ids=list(meta["ids"]),
        retriever=retriever,
        df=Counter(meta["df"]),
        avg_len=float(meta["avg_len"]),
        industry_size=Counter(meta["industry_size"]),
        industries_of={e: list(c) for e, c in meta["industries_of"].items()},
    )


def firm_index(store: Store) -> FirmIndex:
    """The index of ``store`` as its data now stands: from memory, else from the cache folder
    (``cache_root``), else built (on first use after a write) and kept in both."""
    base = getattr(store, "wrapped", store)
    version = base.data_version()
    if not version:  # a database written by other tools: its data may have changed
        return build_index(base)
    key = (store_key(base), version)
    with _LOCK:
        hit = _INDEXES.get(key)
        if hit is None:
            for old in [k for k in _INDEXES if k[0] == key[0]]:
                del _INDEXES[old]
            hit = _INDEXES[key] = _cached_or_built(base, key[0], version)
        return hit


def _cached_or_built(store: Store, location: str, version: str) -> FirmIndex:
    home = cache_folder(location)
    folder = home / _digest(version)
    found = load_index(folder) if folder.is_dir() else None
    if found is not None:
        return found
    index = build_index(store)
    try:  # one index per store: the older ones are of data no longer held
        for old in home.iterdir() if home.is_dir() else ():
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass
    save_index(index, folder)
    return index
