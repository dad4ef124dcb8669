"""Entity resolution for firm names (企业名称归一): which enterprise a list entry means.

Lists spell one firm many ways: 中国华润有限公司 / 华润（集团）有限公司, 恩捷股份 / 云南恩捷新材料股份
有限公司, *ST德豪. ``name_key`` strips what does not identify a firm (legal form, 集团/控股, region
prefixes, ST marks, brackets, punctuation); ``NameIndex`` matches a name against the keys of
every enterprise's names and aliases: exactly, then by containment of a distinctive core, then
by fuzzy similarity above a threshold. Close calls come back as ``ambiguous`` for a person to
confirm (``write_ambiguous_csv``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

__all__ = [
    "strip_st",
    "name_key",
    "name_parts",
    "regions_compatible",
    "NameMatch",
    "NameIndex",
    "write_ambiguous_csv",
    "LEGAL_SUFFIXES",
    "REGION_PREFIXES",
]

LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "控股有限公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "总公司",
    "公司",
    "集团",
    "控股",
    "股份",
)
PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
REGION_PREFIXES = tuple(
    sorted(
        {f"{p}{s}" for p in PROVINCES for s in ("省", "市", "自治区", "")} | {"中国", "中华"},
        key=len,
        reverse=True,
    )
)
_ST_RE = re.compile(r"^(?:S\*ST|\*ST|SST|S\s?ST|ST|S)(?=[\u4e00-\u9fff])", re.IGNORECASE)
_BRACKET_RE = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_PUNCT_RE = re.compile(r"[\s·•.,，、'\"“”‘’\-—_&＆/]+")
FUZZY_THRESHOLD = 88.0
AMBIGUITY_MARGIN = 4.0


def strip_st(name: str) -> str:
    """``*ST德豪`` → ``德豪``; ``ST宏盛`` → ``宏盛``; other names unchanged.

    >>> strip_st("*ST德豪"), strip_st("S*ST云大"), strip_st("STAR")
    ('德豪', '云大', 'STAR')
    """
    return _ST_RE.sub("", name.strip())


def _strip_suffixes(s: str) -> str:
    changed = True
    while changed:
        changed = False
        for suf in LEGAL_SUFFIXES:
            if s.endswith(suf) and len(s) > len(suf) + 1:
                s = s[: -len(suf)]
                changed = True
    return s


def name_parts(name: str) -> tuple[str, str]:
    """``(region, core)`` of a firm name: the region prefix (province or 中国) and the rest.

    >>> name_parts("湖南投资集团股份有限公司"), name_parts("华润（集团）有限公司")
    (('湖南', '投资'), ('', '华润'))
    """
    s = unicodedata.normalize("NFKC", name or "").strip()
    s = strip_st(s)
    s = _BRACKET_RE.sub("", s)
    s = _PUNCT_RE.sub("", s).lower()
    s = _strip_suffixes(s)
    region = ""
    for pre in REGION_PREFIXES:
        if s.startswith(pre) and len(s) - len(pre) >= 2:
            region = pre.removesuffix("省").removesuffix("市").removesuffix("自治区")
            s = s[len(pre) :]
            break
    return region, _strip_suffixes(s)


def name_key(name: str) -> str:
    """The identifying core of a firm name, for comparison.

    >>> name_key("华润（集团）有限公司"), name_key("中国华润有限公司")
    ('华润', '华润')
    >>> name_key("云南恩捷新材料股份有限公司"), name_key("*ST德豪")
    ('恩捷新材料', '德豪')
    """
    return name_parts(name)[1]


def regions_compatible(a: str, b: str) -> bool:
    """Two region prefixes can name one firm when equal or when one is absent."""
    return a == b or not a or not b


@dataclass
class NameMatch:
    """The answer for one name: the enterprise (or none), how, and the runners-up."""

    query: str
    enterprise_id: str | None
    score: float
    method: str  # exact | core | fuzzy | none | possible (below threshold) | ambiguous
    matched_name: str = ""
    alternatives: list[tuple[str, str, float]] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.method == "ambiguous"


class NameIndex:
    """Every name and alias of a set of enterprises, keyed for resolution."""

    def __init__(self, threshold: float = FUZZY_THRESHOLD) -> None:
        self.threshold = threshold
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._key: dict[str, set[tuple[str, str]]] = defaultdict(set)  # core → (id, region)
        self._names: dict[str, str] = {}
        self._keys: list[tuple[str, str, str]] = []  # (core, region, enterprise id)
        self._choices: list[str] | None = None

    def add(self, enterprise_id: str, names: Iterable[str]) -> None:
        for n in names:
            if not n:
                continue
            self._names.setdefault(enterprise_id, n)
            clean = unicodedata.normalize("NFKC", n).strip()
            self._exact[clean].add(enterprise_id)
            self._exact[strip_st(clean)].add(enterprise_id)
            region, key = name_parts(n)
            if len(key) >= 2:
                self._key[key].add((enterprise_id, region))
                self._keys.append((key, region, enterprise_id))
                self._choices = None

    def __len__(self) -> int:
        return len(self._names)

    def resolve(self, name: str) -> NameMatch:
        """The enterprise ``name`` means, or ``none``/``ambiguous`` with the runners-up."""
        clean = unicodedata.normalize("NFKC", name).strip()
        for text in (clean, strip_st(clean)):
            hits = self._exact.get(text, set())
            if len(hits) == 1:
                eid = next(iter(hits))
                return NameMatch(name, eid, 100.0, "exact", self._names[eid])
        region, key = name_parts(name)
        if len(key) < 2:
            return NameMatch(name, None, 0.0, "none")
        pairs = [(e, r) for e, r in self._key.get(key, set()) if regions_compatible(r, region)]
        same = {e for e, r in pairs if r == region}
        hits = same if len(same) == 1 else {e for e, _ in pairs}
        if len(hits) == 1:
            eid = next(iter(hits))
            return NameMatch(name, eid, 100.0, "core", self._names[eid])
        if len(hits) > 1:
            alts = [(e, self._names[e], 100.0) for e in sorted(hits)]
            return NameMatch(name, None, 100.0, "ambiguous", alternatives=alts)
        return self._fuzzy(name, key, region)

    def _fuzzy(self, name: str, key: str, region: str) -> NameMatch:
        if self._choices is None:
            self._choices = [k for k, _, _ in self._keys]
        best: dict[str, float] = {}
        found = process.extract(
            key,
            self._choices,
            scorer=fuzz.ratio,
            score_cutoff=self.threshold - 10,
            limit=20,
        )
        for _, score, i in found:
            _, r, eid = self._keys[i]
            if regions_compatible(r, region) and score > best.get(eid, 0.0):
                best[eid] = score
        ranked = sorted(best.items(), key=lambda x: (-x[1], x[0]))[:3]
        alts = [(e, self._names[e], round(s, 1)) for e, s in ranked]
        if not ranked or ranked[0][1] < self.threshold - 10:
            return NameMatch(name, None, ranked[0][1] if ranked else 0.0, "none", alternatives=alts)
        top, score = ranked[0]
        runner = ranked[1][1] if len(ranked) > 1 else 0.0
        if score >= self.threshold and score - runner >= AMBIGUITY_MARGIN:
            return NameMatch(name, top, round(score, 1), "fuzzy", self._names[top], alts)
        if score >= self.threshold:
            return NameMatch(name, None, round(score, 1), "ambiguous", alternatives=alts)
        return NameMatch(name, None, round(score, 1), "possible", alternatives=alts)


def write_ambiguous_csv(path: str | Path, rows: Sequence[tuple[str, str, NameMatch]]) -> Path:
    """Write ``(list, entry, match)`` rows a person should confirm, UTF-8 with BOM for Excel."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["list", "entry", "score", "candidate_id", "candidate_name", "confirm"])
        for list_name, entry, m in rows:
            for eid, cname, score in m.alternatives or [("", "", m.score)]:
                w.writerow([list_name, entry, score, eid, cname, ""])
    return p
