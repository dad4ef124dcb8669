"""China's division table (GB/T 2260): every region code or name a planner gives is checked here.

The table ships as package data (``data/divisions.csv``, made by ``tools/make_divisions.py``:
34 provinces, 342 prefectures, 2,975 county-level areas, codes as of 2022-10-31). A region is
given as a code (``410700``; ``41``, ``4107``, a 9- or 12-digit code whose first six digits are
a division) or a name (``新乡市``, ``新乡``, ``河南省新乡市``, ``河南新乡``, an address that starts
with them). An unknown code or name is an error with the closest codes or names; a name that
fits several divisions is refused with its choices.

>>> resolve_region("新乡")
'410700'
>>> resolve_region("河南省新乡市红旗区")
'410702'
>>> resolve_region("999999")
Traceback (most recent call last):
...
chainatlas.loaders.divisions.UnknownRegion: region '999999' is not a division of GB/T 2260 (99 is no province code); give a code such as 410700 or a name such as 新乡市
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "Division",
    "RegionError",
    "UnknownRegion",
    "AmbiguousRegion",
    "divisions",
    "division_of",
    "region_label",
    "resolve_region",
    "RegionReading",
    "read_region",
]

TABLE = "divisions.csv"
LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}
_CODE = re.compile(r"\d{2}|\d{4}|\d{6}|\d{9}|\d{12}")
# ethnic groups named in autonomous divisions (延边朝鲜族自治州 → 延边), longest first
_ETHNIC = sorted(
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
    "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 "
    "基诺 各".split(),
    key=len,
    reverse=True,
)
_AUTONOMOUS = re.compile(rf"^(.+?)(?:(?:{'|'.join(_ETHNIC)})族?)*自治(?:区|州|县|旗)$")
_SUFFIX = re.compile(r"^(.{2,}?)(?:特别行政区|省|市|地区|林区|盟|区|县|旗)$")
_NOT_A_NAME = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


class RegionError(ValueError):
    """A region given as text that names no single division."""


class UnknownRegion(RegionError):
    """No division has this code or name."""


class AmbiguousRegion(RegionError):
    """Several divisions have this name."""


@dataclass(frozen=True)
class Division:
    """One division: six-digit code, name, level (province/prefecture/county), parent code."""

    code: str
    name: str
    level: str
    parent: str

    def short(self) -> str:
        """The name without its ending (新乡市 → 新乡, 延边朝鲜族自治州 → 延边)."""
        for pattern in (_AUTONOMOUS, _SUFFIX):
            m = pattern.match(self.name)
            if m and len(m.group(1)) >= 2:
                return m.group(1)
        return self.name


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Every division by six-digit code (read once from the package data)."""
    text = (resources.files("chainatlas.data") / TABLE).read_text(encoding="utf-8")
    return {
        r["code"]: Division(r["code"], r["name"], r["level"], r["parent"])
        for r in csv.DictReader(text.splitlines())
    }


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Division]]:
    out: dict[str, list[Division]] = {}
    for d in divisions().values():
        if d.name in _NOT_A_NAME:
            continue
        for key in {d.name, d.short()}:
            out.setdefault(key, []).append(d)
    return out


def _six(code: str) -> str:
    return code.ljust(6, "0")[:6] if len(code) < 6 else code[:6]


def division_of(code: str) -> Division | None:
    """The division a code (2 to 12 digits) falls in, or None."""
    code = code.strip()
    if not _CODE.fullmatch(code):
        return None
    return divisions().get(_six(code))


def _path(d: Division) -> str:
    """``河南省新乡市红旗区``: the names from the province down."""
    names = []
    node: Division | None = d
    while node is not None:
        if node.name not in _NOT_A_NAME:
            names.append(node.name)
        node = divisions().get(node.parent) if node.parent else None
    return "".join(reversed(names))


def region_label(code: str) -> str:
    """``410700 新乡市`` (``河南省新乡市`` when the name alone is shared), or the code alone."""
    d = division_of(code)
    if d is None:
        return code
    shared = len(_by_name().get(d.name, [])) > 1
    return f"{code} {_path(d) if shared else d.name}"


def _within(d: Division, ancestor: Division) -> bool:
    node: Division | None = d
    while node is not None and node.parent:
        if node.parent == ancestor.code:
            return True
        node = divisions().get(node.parent)
    return False


def _one(found: list[Division]) -> list[Division]:
    """The division meant when ``found`` all share a name: the highest one, when the others lie
    within it (新乡 is 新乡市, not 新乡县 inside it); else all of them (ambiguous)."""
    found = list({d.code: d for d in found}.values())
    if len(found) <= 1:
        return found
    top = min(found, key=lambda d: LEVEL_RANK[d.level])
    if all(d is top or _within(d, top) for d in found):
        return [top]
    return found


@lru_cache(maxsize=1)
def _children() -> dict[str, list[Division]]:
    """Each division's named children; through an unnamed level (北京市 → 市辖区 → 朝阳区)."""
    direct: dict[str, list[Division]] = {}
    for d in divisions().values():
        direct.setdefault(d.parent, []).append(d)
    out: dict[str, list[Division]] = {}
    for code, kids in direct.items():
        named = [k for k in kids if k.name not in _NOT_A_NAME]
        for k in kids:
            if k.name in _NOT_A_NAME:
                named += direct.get(k.code, [])
        out[code] = named
    return out


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, ...]]:
    """Each division's names as a planner writes them (full and short), by code."""
    return {
        code: tuple(n for n in dict.fromkeys([d.name, d.short()]) if n not in _NOT_A_NAME)
        for code, d in divisions().items()
    }


@lru_cache(maxsize=1)
def _by_first() -> dict[str, list[Division]]:
    """The divisions whose names start with each character (where a text's reading starts)."""
    out: dict[str, dict[str, Division]] = {}
    for d in divisions().values():
        for name in _names()[d.code]:
            out.setdefault(name[0], {})[d.code] = d
    return {ch: list(found.values()) for ch, found in out.items()}


def _parse(
    text: str, pool: list[Division] | None = None, depth: int = 0
) -> list[tuple[int, Division]]:
    """``(characters read, division)`` for each way the names (full or short) of a path of
    divisions start ``text`` (``河南省新乡市``, ``河南新乡``, an address); ``pool`` is where the
    path may start (default: any division)."""
    if depth > 3 or not text:
        return []
    if pool is None:
        pool = _by_first().get(text[0], [])
    out: list[tuple[int, Division]] = []
    for d in pool:
        for name in _names()[d.code]:
            if not text.startswith(name):
                continue
            deeper = _parse(text[len(name) :], _children().get(d.code, []), depth + 1)
            out += [(len(name) + n, c) for n, c in deeper] or [(len(name), d)]
    return out


# what follows the divisions in an address (人民路1号, 某某镇): the rest of a name is no address
_ADDRESS = re.compile(r"[0-9路街道号镇乡村巷弄楼室层座栋幢厦场院园]|社区")


def _partial(text: str) -> tuple[list[Division], str]:
    """The divisions the longest reading of ``text`` ends at when more text follows them, and
    that text."""
    found = _parse(text)
    best = max((n for n, _ in found), default=0)
    if best < 2 or best == len(text):
        return [], ""
    return _one([d for n, d in found if n == best]), text[best:]


def _in_order(short: str, name: str) -> bool:
    """``short`` is an abbreviation of ``name``: its characters appear in it in order."""
    chars = iter(name)
    return all(ch in chars for ch in short)


def _abbreviated(within: list[Division], rest: str) -> list[Division]:
    """Divisions under ``within`` (one) whose name ``rest`` abbreviates (经开区:
    新乡经济技术开发区)."""
    if len(within) != 1 or len(rest) < 2:
        return []
    return [c for c in _children().get(within[0].code, []) if _in_order(rest, c.name)]


def _read_path(text: str) -> list[Division]:
    """The divisions the longest reading of ``text`` ends at; what is left must be an address
    (新乡市红旗区人民路1号), not the rest of a name (新乡经开区 is no division name)."""
    found = _parse(text)
    if not found:
        return []
    best = max(n for n, _ in found)
    rest = text[best:]
    if best < 2 or (rest and not _ADDRESS.search(rest)):
        return []
    return [d for n, d in found if n == best]


@lru_cache(maxsize=8192)
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).lower().replace(" ", "")


def _hints(text: str) -> list[Division]:
    """What a text that starts with a division's names is likeliest to mean."""
    within, rest = _partial(text)
    return _abbreviated(within, rest) or within


def _suggest(text: str, first: list[Division] | None = None) -> str:
    from rapidfuzz import fuzz, process

    names = list(_by_name())
    sound = _pinyin(text)
    same = [n for n in names if _pinyin(n) == sound]  # 新相 sounds like 新乡, as Xinxiang
    found = process.extract(text, names, scorer=fuzz.ratio, limit=8, score_cutoff=50)
    shown: dict[str, str] = {d.code: f"{d.name} ({d.code})" for d in first or []}
    for name in [*same, *(n for n, _, _ in found)]:
        for d in _by_name()[name]:
            shown.setdefault(d.code, f"{d.name} ({d.code})")
    listed = list(shown.values())[:3]
    return f"; closest: {', '.join(listed)}" if listed else ""


def _code_suggestions(code: str) -> str:
    six = _six(code)
    for cut in (4, 2):
        near = [d for c, d in divisions().items() if c.startswith(six[:cut]) and c != six]
        if near:
            near.sort(key=lambda d: (LEVEL_RANK[d.level], d.code))
            shown = ", ".join(f"{d.code} {d.name}" for d in near[:4])
            return f"; codes under {six[:cut]}: {shown}{' …' if len(near) > 4 else ''}"
    return f" ({six[:2]} is no province code)"


@lru_cache(maxsize=65536)  # a registry repeats its cities; errors are not kept
def resolve_region(text: str) -> str:
    """The division code ``text`` names: a known code as given, a name as its six-digit code.

    Raises ``UnknownRegion`` (with the closest codes or names) or ``AmbiguousRegion`` (with the
    choices).
    """
    raw = text
    text = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    if not text:
        raise UnknownRegion("no region given; give a code such as 410700 or a name such as 新乡市")
    if text.isdigit():
        if division_of(text) is not None:
            return text
        hint = (
            _code_suggestions(text)
            if _CODE.fullmatch(text)
            else " (a code has 2, 4, 6, 9 or 12 digits)"
        )
        raise UnknownRegion(
            f"region {raw!r} is not a division of GB/T 2260{hint}; "
            "give a code such as 410700 or a name such as 新乡市"
        )
    found = _one(_by_name().get(text, [])) or _one(_read_path(text))
    if len(found) == 1:
        return found[0].code
    if found:
        choices = ", ".join(f"{d.code} {_path(d)}" for d in sorted(found, key=lambda d: d.code))
        raise AmbiguousRegion(
            f"region {raw!r} names several divisions: {choices}; give the code or the "
            "province too (e.g. 河南省新乡市)"
        )
    raise UnknownRegion(
        f"region {raw!r} is no division name of GB/T 2260{_suggest(text, _hints(text))}; "
        "give a code such as 410700 or a name such as 新乡市"
    )


@dataclass(frozen=True)
class RegionReading:
    """How a loader reads a region cell: its ``code``, or an ``error`` to report; a ``warning``
    when only the start of the text names a division (江苏省泰州市医药高新区 → 321200)."""

    code: str
    error: str | None = None
    warning: str | None = None


@lru_cache(maxsize=65536)
def read_region(text: str) -> RegionReading:
    """A region cell read as ``resolve_region`` reads it, with two leniencies for registries,
    each with a warning: a division's names followed by a short name of one of its areas
    (新乡经开区) is that area; followed by a name the table does not hold (a park: 医药高新区),
    the division. A malformed code (``4107001``,
    ``41x7``) is returned as it is, for the model's code check to refuse."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    if folded.isascii() and any(c.isdigit() for c in folded) and not _CODE.fullmatch(folded):
        return RegionReading(text)
    try:
        return RegionReading(resolve_region(text))
    except AmbiguousRegion as exc:
        return RegionReading(text, str(exc))
    except UnknownRegion as exc:
        within, rest = _partial(folded)
        short = _abbreviated(within, rest)
        if len(short) == 1:  # 新乡经开区: 新乡经济技术开发区
            d = short[0]
            return RegionReading(
                d.code,
                warning=f"region {text!r} read as {d.code} {_path(d)} ({rest!r} taken as its "
                "short name); write the division's name or code to silence this",
            )
        if len(within) != 1 or short:
            return RegionReading(text, str(exc))
        d = within[0]
        return RegionReading(
            d.code,
            warning=f"region {text!r} read as {d.code} {_path(d)}: the rest is no division of "
            "GB/T 2260; write the division's name or code to silence this",
        )
