"""Central-SOE pairing (央企合作对接): which central state-owned groups a city approaches, by industry.

The table ships as data (``data/soe_pairing.csv``): the seed's industry → central SOE list, each
name resolved to today's group (CSR and CNR are CRRC, Guodian is China Energy, CPI is SPIC…).
Industries match loosely, in Chinese or English: ``生物`` finds 生物与新医药, ``建材`` finds
建筑材料, ``auto`` finds automobiles & parts.

A segment maps to industries through its chains and its GB/T 4754-2017 codes, so
``paired_soes_for_segment`` gives the matching engine the groups paired with a gap's industry.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import Enterprise
from chainatlas.graph.store import Store
from chainatlas.loaders.tabular import decode_bytes
from chainatlas.loaders.values import parse_date
from pydantic import BaseModel

__all__ = [
    "SoePairing",
    "SoeAnswer",
    "CHAIN_INDUSTRY",
    "DIVISION_INDUSTRY",
    "read_soe_pairing",
    "soe_pairing",
    "industries_for_segment",
    "paired_soes_for_segment",
    "paired_soe_name",
]

# What a chain of the sample atlas is, in the pairing table's words (matched loosely).
CHAIN_INDUSTRY: dict[str, str] = {
    "battery-ev": "汽车",
    "refrigeration-electronics": "电子信息",
    "coal-chemicals": "煤化工",
}
# GB/T 4754-2017 divisions (first two digits of a class code) → the pairing table's industry.
DIVISION_INDUSTRY: dict[str, str] = {
    "13": "食品",
    "14": "食品",
    "17": "纺织",
    "18": "纺织",
    "25": "煤化工",
    "26": "煤化工",
    "27": "医药",
    "30": "建材",
    "35": "专用装备",
    "36": "汽车",
    "39": "电子信息",
    "44": "能源",
}
_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "控股", "集团", "（集团）", "(集团)")


class SoePairing(BaseModel):
    """One row of the pairing table: an industry, the group the seed named, today's group."""

    industry_zh: str
    industry_en: str = ""
    seed_name_zh: str
    seed_name_en: str = ""
    current_name_zh: str
    note: str = ""
    source: str = ""
    as_of: date | None = None


class SoeAnswer(BaseModel):
    """The groups paired with the industries that match ``query``; ``current_names`` de-duplicated."""

    query: str
    industries: list[str]
    pairings: list[SoePairing]
    current_names: list[str]


def _default_path() -> Path:
    return Path(str(resources.files("chainatlas.data"))) / "soe_pairing.csv"


@lru_cache(maxsize=4)
def _read(path: str) -> tuple[SoePairing, ...]:
    p = Path(path)
    try:
        text, _ = decode_bytes(p.read_bytes())
    except OSError as exc:
        raise ChainAtlasError(f"cannot read the central-SOE pairing table {p}: {exc}") from exc
    rows = []
    for n, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            rows.append(
                SoePairing(
                    **{k: (v or "").strip() for k, v in row.items() if k and k != "as_of"},
                    as_of=parse_date(row.get("as_of")),
                )
            )
        except ValueError as exc:
            raise ChainAtlasError(f"{p}, line {n}: {exc}") from exc
    return tuple(rows)


def read_soe_pairing(path: str | Path | None = None) -> list[SoePairing]:
    """The pairing table (the shipped one unless ``path`` is given)."""
    return list(_read(str(path or _default_path())))


def _norm(text: str) -> str:
    return re.sub(r"[\s&、与及和,，/()（）-]+", "", text.lower().replace(" and ", ""))


def _is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def _matches(query: str, row: SoePairing) -> bool:
    q = _norm(query)
    if not q:
        return False
    zh, en = _norm(row.industry_zh), _norm(row.industry_en)
    if q in (zh, en) or q in zh or (len(q) >= 3 and q in en):
        return True
    if re.search(r"[\u4e00-\u9fff]", q):
        return len(q) >= 2 and _is_subsequence(q, zh)
    words = re.findall(r"[a-z]+", row.industry_en.lower())
    return any(
        w.startswith(t) for t in re.findall(r"[a-z]+", query.lower()) if len(t) >= 3 for w in words
    )


def soe_pairing(industry: str, *, path: str | Path | None = None) -> SoeAnswer:
    """The central SOEs paired with ``industry`` (matched loosely), by their current names.

    Raises ``ChainAtlasError`` naming the known industries when nothing matches.
    """
    rows = read_soe_pairing(path)
    found = [r for r in rows if _matches(industry, r)]
    if not found:
        known = sorted({f"{r.industry_zh} ({r.industry_en})" for r in rows})
        raise ChainAtlasError(
            f"no industry in the central-SOE pairing table matches {industry!r}; known: "
            + "; ".join(known)
        )
    industries = list(dict.fromkeys(r.industry_zh for r in found))
    names = list(dict.fromkeys(r.current_name_zh for r in found if r.current_name_zh))
    return SoeAnswer(query=industry, industries=industries, pairings=found, current_names=names)


def industries_for_segment(store: Store, segment_id: str) -> list[str]:
    """The pairing table's industry words for a segment: from its chains, else its GB/T codes."""
    segs = store.segments([segment_id])
    if not segs:
        return []
    seg = segs[0]
    words = [CHAIN_INDUSTRY[c] for c in seg.chain_ids if c in CHAIN_INDUSTRY]
    if not words:  # a chain of the city's own: its GB/T 4754 divisions say the industry
        words = [DIVISION_INDUSTRY[c[:2]] for c in seg.gbt_codes if c[:2] in DIVISION_INDUSTRY]
    return list(dict.fromkeys(words))


def paired_soes_for_segment(
    store: Store, segment_id: str, *, path: str | Path | None = None
) -> list[str]:
    """Current names of the central SOEs paired with the industries of ``segment_id``.

    ``battery-ev`` segments → automobiles & parts (一汽, 东风, 中车…); refrigeration &
    electronics → electronic information; coal chemicals → modern coal chemicals & energy.
    A segment of any other chain maps through its GB/T 4754 divisions (27 → biology & new
    medicine, 36 → automobiles & parts…).
    Empty when the segment is unknown or maps to no industry of the table.
    """
    names: list[str] = []
    for word in industries_for_segment(store, segment_id):
        try:
            names += soe_pairing(word, path=path).current_names
        except ChainAtlasError:
            continue
    return list(dict.fromkeys(names))


def _core(name: str) -> str:
    text = name.strip()
    for suffix in _SUFFIXES:
        text = text.replace(suffix, "")
    return text


def paired_soe_name(ent: Enterprise, names: list[str]) -> str | None:
    """The paired group's current name that this firm is (full name, name or alias), if any."""
    own = {n.strip() for n in ent.names()}
    for name in names:
        if name in own or _core(name) in {_core(n) for n in own if n}:
            return name
    return None
