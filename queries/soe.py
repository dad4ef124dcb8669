"""Central-SOE pairing (央企合作对接): which central state-owned groups a city approaches, by industry.

The table is data, passed in (``SoePairingTable``; the surface reads the shipped
``data/soe_pairing.csv`` through ``loaders.soe``): the seed's industry → central SOE list, each
name resolved to today's group (CSR and CNR are CRRC, Guodian is China Energy, CPI is SPIC…).
Industries match loosely, in Chinese or English: ``生物`` finds 生物与新医药, ``建材`` finds
建筑材料, ``auto`` finds automobiles & parts.

A segment maps to the table's industries through the table's keys: its chains, else its
GB/T 4754-2017 divisions, so ``paired_soes_for_segment`` gives the groups paired with a gap's
industry.
"""

from __future__ import annotations

import re

from chainatlas.graph.errors import ChainAtlasError
from chainatlas.graph.model import Enterprise, SoePairing, SoePairingTable
from chainatlas.graph.store import Store
from pydantic import BaseModel

__all__ = [
    "SoeAnswer",
    "soe_pairing",
    "industries_for_segment",
    "paired_soes_for_segment",
    "paired_soe_name",
]

_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "控股", "集团", "（集团）", "(集团)")


class SoeAnswer(BaseModel):
    """The groups paired with the industries that match ``query``; ``current_names`` de-duplicated."""

    query: str
    industries: list[str]
    pairings: list[SoePairing]
    current_names: list[str]


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


def soe_pairing(table: SoePairingTable, industry: str) -> SoeAnswer:
    """The central SOEs of ``table`` paired with ``industry`` (matched loosely), by their
    current names.

    Raises ``ChainAtlasError`` naming the known industries when nothing matches.
    """
    rows = table.pairings
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


def industries_for_segment(store: Store, segment_id: str, table: SoePairingTable) -> list[str]:
    """The table's industries for a segment: by its chains, else by its GB/T 4754 divisions."""
    segs = store.segments([segment_id])
    if not segs:
        return []
    seg = segs[0]
    words = [w for c in seg.chain_ids if (w := table.industry_of("chain", c))]
    if not words:  # a chain the keys do not name: its GB/T 4754 divisions say the industry
        words = [w for c in seg.gbt_codes if (w := table.industry_of("gbt_division", c[:2]))]
    return list(dict.fromkeys(words))


def paired_soes_for_segment(store: Store, segment_id: str, table: SoePairingTable) -> list[str]:
    """Current names of the central SOEs paired with the industries of ``segment_id``.

    With the shipped table: ``battery-ev`` segments → automobiles & parts (一汽, 东风, 中车…);
    refrigeration & electronics → electronic information; coal chemicals → modern coal
    chemicals & energy. A segment of any other chain maps through its GB/T 4754 divisions
    (27 → biology & new medicine, 36 → automobiles & parts…).
    Empty when the segment is unknown or maps to no industry of the table.
    """
    names: list[str] = []
    for industry in industries_for_segment(store, segment_id, table):
        names += [r.current_name_zh for r in table.pairings if r.industry_zh == industry]
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
