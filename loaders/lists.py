"""Ranking lists (Fortune Global 500, Fortune China 500, the private-enterprise 500 lists, the
central-SOE list) attached to enterprises as list memberships.

``read_lists(folder, known)`` resolves every entry to an enterprise already known (``known``,
usually the store's) with ``loaders.names.NameIndex``. Decisions, stated once:

- a group matches its listed flagship when their identifying cores are equal (中国石油天然气集团
  有限公司 and 中国石油天然气股份有限公司 are one target for a planner); fuzzy matches need a
  score of 88 and a clear lead over the runner-up;
- an entry that matches nothing becomes a new enterprise (id ``e-…`` from its name core), so
  list-only firms (unlisted groups, private giants) are still candidates and targets; the
  central-SOE list gives them ownership ``central_soe``, the private lists ``private``;
- an ambiguous entry (two firms fit equally well) is NOT attached: it is reported
  (``ListImport.ambiguous``) for a person to confirm; a near miss (fuzzy score just under the
  threshold) is created as a new firm and reported too (``ListImport.review``); both go to the
  CSV written by ``chainatlas import lists DIR --review FILE``.

Revenue: USD millions × 0.072 → 100 million yuan (亿元, at 7.2 yuan per dollar); 万元 ÷ 10,000.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from chainatlas.graph.model import Enterprise, ListMembership, Ownership

from .headers import UnknownHeader, header_map
from .list_review import ReviewDecisions
from .names import NameIndex, NameMatch, name_key, name_parts
from .report import LoadReport
from .tabular import decode_bytes, normalise_header
from .values import make_id

__all__ = ["read_lists", "ListImport", "LIST_FILES", "PROVINCE_CODES", "USD_TO_CNY"]

USD_TO_CNY = 7.2
YEAR = 2025
# file name → (list id, how to read it)
LIST_FILES: dict[str, str] = {
    "central_soe_list.csv": "central_soe",
    "fortune_global500_2025.csv": "fortune_global500",
    "fortune_china500_2025.csv": "fortune_china500",
    "acfic_private500_2025.csv": "acfic_private500",
    "acfic_manufacturing_private500_2025.csv": "acfic_manufacturing500",
    "acfic_services_private100_2025.csv": "acfic_services100",
}
PROVINCE_CODES = {
    "北京": "11", "天津": "12", "河北": "13", "山西": "14", "内蒙古": "15", "辽宁": "21",
    "吉林": "22", "黑龙江": "23", "上海": "31", "江苏": "32", "浙江": "33", "安徽": "34",
    "福建": "35", "江西": "36", "山东": "37", "河南": "41", "湖北": "42", "湖南": "43",
    "广东": "44", "广西": "45", "海南": "46", "重庆": "50", "四川": "51", "贵州": "52",
    "云南": "53", "西藏": "54", "陕西": "61", "甘肃": "62", "青海": "63", "宁夏": "64",
    "新疆": "65",
}  # fmt: skip
CHINA = {"中国", "中国大陆", "China", "CN"}
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Entry:
    list_id: str
    file: str
    line: int
    name: str
    rank: int | None = None
    revenue_100m_cny: float | None = None
    province: str = ""
    name_en: str = ""


@dataclass
class ListImport:
    """What the import matched, created and could not decide."""

    matched: list[tuple[str, str, NameMatch]] = field(default_factory=list)
    created: list[tuple[str, str, str]] = field(default_factory=list)  # list, entry, new id
    ambiguous: list[tuple[str, str, NameMatch]] = field(default_factory=list)
    review: list[tuple[str, str, NameMatch]] = field(default_factory=list)  # created, near miss
    superseded: dict[str, str] = field(default_factory=dict)  # made firm → confirmed firm

    def counts(self) -> dict[str, int]:
        by_method: dict[str, int] = {}
        for _, _, m in self.matched:
            by_method[m.method] = by_method.get(m.method, 0) + 1
        return {
            "matched": len(self.matched),
            **{f"matched_{k}": v for k, v in sorted(by_method.items())},
            "created": len(self.created),
            "ambiguous": len(self.ambiguous),
            "created_near_miss": len(self.review),
            "superseded": len(self.superseded),
        }


def _number(value: Any) -> float | None:
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def _rank(value: Any) -> int | None:
    n = _number(value)
    return int(n) if n is not None else None


def _repair_split_name(row: dict[str, str]) -> bool:
    """``中国人寿保险`` + ``集团）公司（CHINA LIFE…``: a full-width bracket split the name."""
    en = row.get("name_en", "") or ""
    if not _CJK_RE.search(en):
        return False
    latin = re.search(r"[A-Za-z]", en)
    head = en[: latin.start()] if latin else en
    cut = max(head.rfind("（"), head.rfind("("))
    zh_rest, en_part = (en[:cut], en[cut + 1 :]) if cut >= 0 else (en, "")
    row["name_zh"] = f"{row['name_zh']}（{zh_rest}"
    row["name_en"] = en_part.strip()
    return True


def _entries(path: Path, list_id: str, report: LoadReport[Enterprise]) -> list[Entry]:
    text, _ = decode_bytes(path.read_bytes())
    out: list[Entry] = []
    reader = csv.DictReader(io.StringIO(text))
    keys = header_map("ranking_lists")  # the catalogue's (loaders/headers.py)
    fields = {f: keys.get(normalise_header(f)) for f in reader.fieldnames or [] if f}
    unknown = [(f, k) for f, k in fields.items() if isinstance(k, UnknownHeader)]
    for f, k in unknown:
        report.add("unknown-column", k.refusal, file=path.name, line=1, field=f)
    if unknown:
        return out
    for line, row in enumerate(reader, start=2):
        row = {fields[k]: (v or "").strip() for k, v in row.items() if k in fields}
        name = row.get("name_zh", "")
        if not name:
            report.add("missing-value", "entry without name_zh is skipped", file=path.name,
                       line=line, field="name_zh", severity="warning")  # fmt: skip
            continue
        if list_id == "fortune_global500":
            if _repair_split_name(row):
                report.add("split-name", f"name rejoined as {row['name_zh']!r}", file=path.name,
                           line=line, field="name_zh", severity="warning")  # fmt: skip
            if row.get("country", "") not in CHINA:
                continue
        e = Entry(list_id, path.name, line, row["name_zh"], name_en=row.get("name_en", ""))
        if list_id == "central_soe":
            e.rank = _rank(row.get("seq"))
            category = row.get("category", "sasac") or "sasac"
            if category != "sasac":
                e.list_id = f"central_soe_{category}"
        else:
            e.rank = _rank(row.get("rank"))
        if "revenue_musd" in row:
            usd = _number(row["revenue_musd"])
            e.revenue_100m_cny = round(usd * USD_TO_CNY / 100, 1) if usd is not None else None
        if "revenue_10k_cny" in row:
            wan = _number(row["revenue_10k_cny"])
            e.revenue_100m_cny = round(wan / 10_000, 1) if wan is not None else None
        prov = row.get("province", "")
        for pname, code in PROVINCE_CODES.items():
            if prov.startswith(pname):
                e.province = code + "0000"
        out.append(e)
    return out


def _attach(ent: Enterprise, e: Entry) -> Enterprise:
    lists = [m for m in ent.lists if not (m.list == e.list_id and m.year == YEAR)]
    lists.append(ListMembership(list=e.list_id, year=YEAR, rank=e.rank))
    update: dict[str, Any] = {"lists": sorted(lists, key=lambda m: (m.list, m.year or 0))}
    if e.revenue_100m_cny and (ent.revenue_100m_cny or 0) < e.revenue_100m_cny:
        update["revenue_100m_cny"] = e.revenue_100m_cny
    if e.list_id.startswith("central_soe"):
        update["ownership"] = Ownership.CENTRAL_SOE
    elif e.list_id.startswith("acfic") and ent.ownership == Ownership.UNKNOWN:
        update["ownership"] = Ownership.PRIVATE
    if e.province and not ent.hq_region:
        update["hq_region"] = e.province
    names = ent.names()
    if e.name not in names:
        update["aliases"] = [*ent.aliases, e.name]
    return ent.model_copy(update=update)


def _new_id(name: str, taken: dict[str, Enterprise]) -> str:
    """A stable id for a list-only firm: from its name core, with its region when it has one.

    Firms of different regions share a core (江苏银行 and 北京银行: 银行) and are not the same
    entity (``regions_compatible``), so the region is part of the id, and the full name breaks
    any remaining tie (中国银行 vs 银行股份有限公司).
    """
    region, key = name_parts(name)
    new_id = make_id("e", f"{region}|{key}" if region else name_key(name))
    return make_id("e", name) if new_id in taken else new_id


def read_lists(
    folder: str | Path, known: list[Enterprise], decisions: ReviewDecisions | None = None
) -> tuple[LoadReport[Enterprise], ListImport]:
    """Resolve every list entry in ``folder`` against ``known``; ``valid`` holds the changed and
    new enterprises to write.

    ``decisions`` are reviewed matches (``list_review.read_review``, kept by the store): a
    confirmed firm takes its entry, and the firm an earlier import made for that entry is
    superseded (``ListImport.superseded``: the caller removes it); a rejected firm is not
    proposed for that entry again.
    """
    decisions = decisions or ReviewDecisions()
    path = Path(folder)
    report: LoadReport[Enterprise] = LoadReport(file=str(path), kind="lists")
    result = ListImport()
    files = [f for f in LIST_FILES if (path / f).is_file()]
    if not files:
        report.add("missing-file", f"none of {', '.join(LIST_FILES)} found in {path}")
        return report, result
    by_id = {ent.id: ent for ent in known}
    result.superseded = _superseded(by_id, decisions)
    index = NameIndex()
    for ent in known:
        if ent.id not in result.superseded:
            index.add(ent.id, ent.names())
    for (_, entry), eid in decisions.confirmed.items():
        if eid in by_id:
            index.add(eid, [entry])
    changed: dict[str, Enterprise] = {}
    for fname in files:
        for e in _entries(path / fname, LIST_FILES[fname], report):
            placed = _place(e, fname, index, by_id, decisions, result)
            if placed is not None:
                by_id[placed] = changed[placed] = _attach(by_id[placed], e)
    report.valid = [ent for eid, ent in changed.items() if eid not in result.superseded]
    return report, result


def _list_made(ent: Enterprise) -> bool:
    """A firm an import of the lists made (no registry knows it)."""
    return ent.source in {f"{f} ({YEAR})" for f in LIST_FILES}


def _superseded(by_id: dict[str, Enterprise], decisions: ReviewDecisions) -> dict[str, str]:
    """Firms made for an entry that a person has since confirmed as another firm → that firm."""
    made: dict[str, list[str]] = {}
    for ent in by_id.values():
        if _list_made(ent):
            made.setdefault(ent.name, []).append(ent.id)
    return {
        other: eid
        for (_, entry), eid in decisions.confirmed.items()
        if eid in by_id
        for other in made.get(entry, [])
        if other != eid
    }


def _without_rejected(m: NameMatch, e: Entry, decisions: ReviewDecisions) -> NameMatch:
    """``m`` without the firms a person rejected for this entry; none left: no match."""
    if m.method not in {"ambiguous", "possible"}:
        return m
    alts = [a for a in m.alternatives if not decisions.is_rejected(e.list_id, e.name, a[0])]
    if len(alts) == len(m.alternatives):
        return m
    if not alts:
        return NameMatch(m.query, None, m.score, "none")  # all rejected: a firm of its own
    return replace(m, alternatives=alts)


def _place(
    e: Entry,
    fname: str,
    index: NameIndex,
    by_id: dict[str, Enterprise],
    decisions: ReviewDecisions,
    result: ListImport,
) -> str | None:
    """The id of the firm the entry is attached to (made when none fits); None: ambiguous."""
    chosen = decisions.confirmed.get((e.list_id, e.name))
    if chosen is not None and chosen in by_id:
        m = NameMatch(e.name, chosen, 100.0, "confirmed", by_id[chosen].name)
        result.matched.append((e.list_id, e.name, m))
        return chosen
    m = _without_rejected(index.resolve(e.name), e, decisions)
    if m.ambiguous:
        result.ambiguous.append((e.list_id, e.name, m))
        return None
    if m.enterprise_id is not None:
        result.matched.append((e.list_id, e.name, m))
        return m.enterprise_id
    new_id = _new_id(e.name, by_id)
    ownership = (
        Ownership.CENTRAL_SOE
        if e.list_id.startswith("central_soe")
        else Ownership.PRIVATE
        if e.list_id.startswith("acfic")
        else Ownership.UNKNOWN
    )
    by_id[new_id] = Enterprise(
        id=new_id, name=e.name, ownership=ownership, source=f"{fname} ({YEAR})"
    )
    index.add(new_id, [e.name])
    result.created.append((e.list_id, e.name, new_id))
    if m.method == "possible":
        result.review.append((e.list_id, e.name, m))
    return new_id
