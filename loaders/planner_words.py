"""How a planner types lists, strengths, tiers and link kinds in a spreadsheet or a chain map.

Lists are separated by ``;`` ``；`` ``、`` ``，`` ``|`` or line breaks (and ``,`` where no name
holds one: codes, ids, segment references); a strength follows ``:`` or a full-width ``：``;
tiers may be 上游/中游/下游, link kinds 材料/零部件/设备/服务.

>>> split_items("隔膜：0.8、电芯，电池包；正极")
['隔膜：0.8', '电芯', '电池包', '正极']
>>> split_strength("生物药：0.7")
('生物药', '0.7')
>>> parse_tier("上游"), parse_link_kind("服务")
('upstream', 'service')
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "split_items",
    "split_strength",
    "TIER_WORDS",
    "LINK_KIND_WORDS",
    "parse_tier",
    "parse_link_kind",
]

_SEPARATORS = re.compile(r"[;；、，|\n]")
_WITH_COMMA = re.compile(r"[;；、，,|\n]")


def split_items(value: Any, *, commas: bool = False) -> list[str]:
    """The trimmed, non-empty items of a list cell (a YAML list is taken as it is).

    ``commas`` also splits on the ASCII comma: for codes, ids and segment names, never for
    firm names or products (``Co., Ltd.``).
    """
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value)
    parts = (_WITH_COMMA if commas else _SEPARATORS).split(text)
    return [p.strip() for p in parts if p.strip()]


def split_strength(item: str) -> tuple[str, str]:
    """``(reference, strength text)`` of ``隔膜:0.8`` or ``隔膜：0.8``; the text is empty without."""
    ref, sep, strength = item.replace("：", ":").rpartition(":")
    if not sep:
        return item.strip(), ""
    return ref.strip(), strength.strip()


TIER_WORDS: dict[str, str] = {
    "upstream": "upstream",
    "上游": "upstream",
    "上": "upstream",
    "midstream": "midstream",
    "中游": "midstream",
    "中": "midstream",
    "downstream": "downstream",
    "下游": "downstream",
    "下": "downstream",
}

LINK_KIND_WORDS: dict[str, str] = {
    "material": "material",
    "材料": "material",
    "原料": "material",
    "原材料": "material",
    "原辅材料": "material",
    "物料": "material",
    "component": "component",
    "零部件": "component",
    "部件": "component",
    "零件": "component",
    "组件": "component",
    "元器件": "component",
    "配件": "component",
    "equipment": "equipment",
    "设备": "equipment",
    "装备": "equipment",
    "service": "service",
    "服务": "service",
    "技术服务": "service",
    "配套服务": "service",
}


def _word(value: Any, words: dict[str, str]) -> Any:
    """The model's word for ``value`` when it is one of ``words``, else ``value`` unchanged
    (the model then refuses it, listing the choices)."""
    if not isinstance(value, str):
        return value
    key = value.strip().lower()
    return words.get(key, value)


def parse_tier(value: Any) -> Any:
    return _word(value, TIER_WORDS)


def parse_link_kind(value: Any) -> Any:
    return _word(value, LINK_KIND_WORDS)
