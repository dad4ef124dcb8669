"""The evidence the queries write in English ("tagged on segment …", "HQ 深圳市, 1,419 km away"), in
Chinese."""

from __future__ import annotations

import re

from chainatlas.words.lang import Lang

__all__ = ["explain"]


#: the evidence the queries write, as patterns, and its Chinese
_EVIDENCE_ZH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"profile matches (.+?) \(BM25 ([\d.]+)\)$"), r"企业简介提及 \1（BM25 \2）"),
    (
        re.compile(r"tagged on segment (.+?) \(strength ([\d.]+); main products: (.*)\)$"),
        r"标注于环节 \1（强度 \2；主营产品：\3）",
    ),
    (
        re.compile(r"tagged on segment (.+?) \(strength ([\d.]+); (.*)\)$"),
        r"标注于环节 \1（强度 \2；\3）",
    ),
    (re.compile(r"main products: (.+)$"), r"主营产品：\1"),
    (re.compile(r"HQ (.+?), ([\d,]+) km away, same province$"), r"总部 \1，相距 \2 公里，同省"),
    (re.compile(r"HQ (.+?), ([\d,]+) km away$"), r"总部 \1，相距 \2 公里"),
    (re.compile(r"HQ (.+?), same province$"), r"总部 \1，同省"),
    (re.compile(r"project intentions mention (.+)$"), r"项目意向提及 \1"),
    (re.compile(r"trades with local firms: (.+)$"), r"与本地企业有业务往来：\1"),
    (re.compile(r"central SOE paired with the city for (.+)$"), r"与本市对接的央企（\1）"),
    (re.compile(r"revenue ([\d,.]+) 亿元$"), r"营业收入 \1 亿元"),
    (re.compile(r"main product (.+?) \(revenue share n/a\)$"), r"主营产品 \1（收入占比不详）"),
    (re.compile(r"main product (.+?) \(revenue share ([\d.]+)\)$"), r"主营产品 \1（收入占比 \2）"),
    (re.compile(r"(.+?) is a kind of (.+?) \(product graph\)$"), r"\1 属于 \2（产品图谱）"),
    (re.compile(r"adjacent product: (.+?) is a material of (.+)$"), r"相邻产品：\1 是 \2 的原料"),
    (
        re.compile(r"industry (.+?) \(where (\d+) of the makers found are\)$"),
        r"行业 \1（已知生产企业中 \2 家属于该行业）",
    ),
    (re.compile(r"industry (.+?) \(the class of segment (.+)\)$"), r"行业 \1（环节 \2 所属行业）"),
    (re.compile(r"industry (.+?) \(named like the gap\)$"), r"行业 \1（行业名与所查相近）"),
    (re.compile(r"industry (.+?) \(whose firms say it\)$"), r"行业 \1（该行业企业多提及所查产品）"),
    (re.compile(r"name (.+?) says (.+)$"), r"名称 \1 含 \2"),
]


def _parts(text: str) -> list[str]:
    """``text`` split at each ``; `` outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "(（[" and 1 or (ch in ")）]" and -1 or 0)
        if depth == 0 and text.startswith("; ", i):
            parts.append(text[start:i])
            start = i + 2
    return [*parts, text[start:]]


_TAGGED = re.compile(r"(tagged on segment |标注于环节 )([\w.-]+)")


#: a revenue as the queries write it, in 亿元 (100 million yuan)
_REVENUE = re.compile(r"revenue ([\d,]+(?:\.\d+)?) 亿元")


def _billions(m: re.Match[str]) -> str:
    """``revenue 240 亿元`` in English: ``revenue CNY 24 bn``."""
    bn = float(m[1].replace(",", "")) / 10
    return f"revenue CNY {bn:,.0f} bn" if bn >= 100 else f"revenue CNY {bn:.3g} bn"


def explain(text: str, lang: Lang, names: dict[str, str] | None = None) -> str:
    """Evidence as the queries wrote it (English around names), in ``lang``.

    >>> explain("HQ 深圳市, 1,419 km away; project intentions mention 隔膜", "zh")
    '总部 深圳市，相距 1,419 公里；项目意向提及 隔膜'
    """
    if names:  # a segment by its name, its id beside
        text = _TAGGED.sub(
            lambda m: f"{m[1]}{names[m[2]]} ({m[2]})" if m[2] in names else m[0], text
        )
    if lang == "en" or not text:
        return _REVENUE.sub(_billions, text)
    out = []
    for part in _parts(text):
        for pattern, zh in _EVIDENCE_ZH:
            if pattern.match(part):
                part = pattern.sub(zh, part)
                break
        out.append(part)
    return "；".join(out)
