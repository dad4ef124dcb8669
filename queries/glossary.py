"""English words and Latin abbreviations as planners type them, and the glossary of industrial
terms that reads them (shipped as ``data/glossary.csv``, passed in by the surface): whole words,
case folded, the longest phrase first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from chainatlas.graph.model import Segment
from chainatlas.graph.store import Store
from pydantic import BaseModel

__all__ = [
    "GlossaryEntry",
    "Glossary",
    "GLOSSARY",
    "GLOSSARY_UNHELD",
    "glossary_of",
    "glossary_reading",
    "glossary_within",
    "glossary_words",
    "latin_words",
    "english_segments",
]

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")

#: British spellings, looked up in their American form (CC-CEDICT writes American English)
_AMERICAN = {
    "tyre": "tire",
    "aluminium": "aluminum",
    "fibre": "fiber",
    "sulphur": "sulfur",
    "sulphate": "sulfate",
    "colour": "color",
    "centre": "center",
    "metre": "meter",
    "litre": "liter",
}


def latin_words(text: str) -> list[str]:
    """Lower-case Latin words, plural ``s`` dropped from words of four letters or more.

    >>> latin_words("Refrigeration Compressors"), latin_words("Li-ion cells")
    (['refrigeration', 'compressor'], ['li-ion', 'cell'])
    """
    out = []
    for w in _LATIN_WORD.findall(text.lower()):
        if len(w) >= 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(_AMERICAN.get(w, w))
    return out


class GlossaryEntry(BaseModel):
    """An English term or Latin abbreviation and the Chinese product name it stands for."""

    term: str
    zh: str
    kind: str  # abbreviation | english
    note: str = ""


def glossary_words(text: str) -> list[str]:
    """Lower-case Latin words as typed, hyphenated words split (lithium-ion battery and
    lithium ion battery are one term)."""
    return [p for w in _LATIN_WORD.findall(text.lower()) for p in w.split("-") if p]


def _loose(words: Sequence[str]) -> tuple[str, ...]:
    """The words as ``latin_words`` spells them: plural ``s`` dropped, American spelling."""
    return tuple(latin_words(w)[0] for w in words)


class Glossary:
    """Industrial terms and abbreviations → Chinese product names, matched as whole words
    (case folded; as typed first, then with a plural ``s`` dropped: CMOS is not CMO, heat pumps
    are heat pump), the longest phrase first.

    >>> g = Glossary([GlossaryEntry(term="EC", zh="碳酸乙烯酯", kind="abbreviation"),
    ...               GlossaryEntry(term="heat pump", zh="热泵", kind="english")])
    >>> [(e.term, i, j) for e, i, j in g.spans("Heat Pumps, EC")]
    [('heat pump', 0, 2), ('EC', 2, 3)]
    >>> g.spans("Technology"), g.get("ecs")
    ([], None)
    """

    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.entries = tuple(entries)
        self._exact: dict[tuple[str, ...], GlossaryEntry] = {}
        self._loose: dict[tuple[str, ...], GlossaryEntry] = {}
        for e in self.entries:
            key = tuple(glossary_words(e.term))
            if key:
                self._exact.setdefault(key, e)
                if len(key[-1]) > 3:  # an abbreviation of three letters is never a plural
                    self._loose.setdefault(_loose(key), e)
        self._longest = max((len(k) for k in self._exact), default=0)

    def __len__(self) -> int:
        return len(self.entries)

    def _find(self, words: Sequence[str]) -> GlossaryEntry | None:
        key = tuple(words)
        return self._exact.get(key) or self._loose.get(_loose(key))

    def get(self, term: str) -> GlossaryEntry | None:
        """The entry for ``term`` as a whole (case folded), if any."""
        words = glossary_words(term)
        return self._find(words) if words else None

    def spans(self, text: str) -> list[tuple[GlossaryEntry, int, int]]:
        """The entries found in ``text`` with where they start and end (in its Latin words,
        hyphenated words split), the longest phrase first from left to right."""
        words = glossary_words(text)
        out = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + self._longest), i, -1):
                entry = self._find(words[i:j])
                if entry is not None:
                    out.append((entry, i, j))
                    i = j
                    break
            else:
                i += 1
        return out


#: the weight of a glossary reading (its Chinese name held by the store, or not)
GLOSSARY = 0.9
GLOSSARY_UNHELD = 0.6


def glossary_of(dictionary: object) -> Glossary | None:
    glossary = getattr(dictionary, "glossary", None)
    return glossary if isinstance(glossary, Glossary) else None


#: a run of Latin words within a query (PVDF in PVDF粘结剂, heat pump in heat pump热水器)
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-' ]+[A-Za-z0-9]+)*")


def glossary_reading(text: str, glossary: Glossary) -> str | None:
    """A query of Latin words read through the glossary, where it covers every word."""
    spans = glossary.spans(text)
    if not spans or sum(j - i for _, i, j in spans) != len(glossary_words(text)):
        return None
    return "".join(e.zh for e, _, _ in spans)


def glossary_within(text: str, glossary: Glossary) -> str | None:
    """A Chinese query with Latin words in it, each run of them the glossary knows as a whole
    replaced by its Chinese name (PVDF粘结剂 → 聚偏氟乙烯粘结剂)."""
    out, changed = [], False
    last = 0
    for m in _LATIN_RUN.finditer(text):
        entry = glossary.get(m.group())
        if entry is None:
            continue
        out.append(text[last : m.start()] + entry.zh)
        last, changed = m.end(), True
        # the words after it that its Chinese name already ends with (HJT电池: 异质结电池)
        after = text[last:].lstrip()
        said = max(
            (k for k in range(1, len(entry.zh) + 1) if after.startswith(entry.zh[-k:])), default=0
        )
        if said >= 2:
            last = len(text) - len(after) + said
    if not changed:
        return None
    return "".join(out) + text[last:]


# -- English: the chain maps the store holds ------------------------------------------------------
def _phrases(seg: Segment) -> Iterable[tuple[str, float]]:
    """The segment's Latin names, with how surely each names it."""
    if seg.name_en:
        yield seg.name_en, 1.0
    for alias in seg.aliases:  # an alias may name one kind of the segment (PVDF of 粘结剂与导电剂)
        yield alias, 0.85
    for kw in seg.keywords:
        yield kw, 0.7


def english_segments(store: Store, words: Sequence[str]) -> list[tuple[Segment, float]]:
    """Segments whose English name, alias or keyword matches the query's words as whole words.

    The words of the query and of the name must be the same set (weight of the name), or the
    name's words all in the query (a narrower query: the share of its words the name covers);
    when a name has all the query's words, names with only some of them are set aside.
    """
    query = set(words)
    found: dict[str, tuple[Segment, float]] = {}
    whole: set[str] = set()  # segments a name of which has exactly the query's words
    for seg in store.segments():
        best = 0.0
        for phrase, sure in _phrases(seg):
            if _CJK_RE.search(phrase):
                continue
            names = set(latin_words(phrase))
            if not names:
                continue
            if names == query:
                score = sure
                whole.add(seg.id)
            elif names <= query:
                score = sure * len(names) / len(query) + 0.1
                if words[-1] in names:  # it names the query's head (separator of Li-ion …)
                    score = max(score, sure * 0.85)
            else:
                continue
            best = max(best, score)
        if best >= 0.5:
            found[seg.id] = (seg, round(min(best, 1.0), 3))
    if whole:  # lithium iron phosphate names the LFP segment, not iron phosphate
        found = {k: v for k, v in found.items() if k in whole}
    top = max((s for _, s in found.values()), default=0.0)
    return sorted((v for v in found.values() if v[1] >= top - 1e-9), key=lambda v: (v[0].id, v[1]))
