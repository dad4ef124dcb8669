"""The column names (English and Chinese) and cell words of the workflow files, and how a
cell's words are read: a stage (``parse_status``), a contact channel (``parse_channel``), an
amount in 亿元 (``parse_investment``).

Headers are matched after ``tabular.normalise_header`` (lowercase, spaces and dashes to ``_``).
"""

from __future__ import annotations

import re
from typing import Any

from chainatlas.graph.model import ContactChannel, ProjectStatus

from .headers import header_map
from .values import cell_text, parse_number

__all__ = [
    "CLUSTER_HEADERS",
    "PROJECT_HEADERS",
    "PROFILE_HEADERS",
    "STATUS_WORDS",
    "CHANNEL_WORDS",
    "parse_status",
    "parse_channel",
    "parse_investment",
]

# the catalogue's (loaders/headers.py)
CLUSTER_HEADERS = header_map("clusters")
PROJECT_HEADERS = header_map("projects")
PROFILE_HEADERS = header_map("profiles")

STATUS_WORDS: dict[str, ProjectStatus] = {
    "推介": ProjectStatus.PROMOTED,
    "储备": ProjectStatus.PROMOTED,
    "谋划": ProjectStatus.PROMOTED,
    "promoted": ProjectStatus.PROMOTED,
    "在谈": ProjectStatus.NEGOTIATING,
    "洽谈": ProjectStatus.NEGOTIATING,
    "洽谈中": ProjectStatus.NEGOTIATING,
    "negotiating": ProjectStatus.NEGOTIATING,
    "签约": ProjectStatus.SIGNED,
    "已签约": ProjectStatus.SIGNED,
    "signed": ProjectStatus.SIGNED,
    "拟开工": ProjectStatus.TO_START,
    "待开工": ProjectStatus.TO_START,
    "to_start": ProjectStatus.TO_START,
    "在建": ProjectStatus.UNDER_CONSTRUCTION,
    "开工": ProjectStatus.UNDER_CONSTRUCTION,
    "已开工": ProjectStatus.UNDER_CONSTRUCTION,
    "建设中": ProjectStatus.UNDER_CONSTRUCTION,
    "under_construction": ProjectStatus.UNDER_CONSTRUCTION,
    "投产": ProjectStatus.IN_PRODUCTION,
    "已投产": ProjectStatus.IN_PRODUCTION,
    "建成投产": ProjectStatus.IN_PRODUCTION,
    "竣工投产": ProjectStatus.IN_PRODUCTION,
    "in_production": ProjectStatus.IN_PRODUCTION,
    "终止": ProjectStatus.TERMINATED,
    "取消": ProjectStatus.TERMINATED,
    "放弃": ProjectStatus.TERMINATED,
    "terminated": ProjectStatus.TERMINATED,
}
CHANNEL_WORDS: list[tuple[str, ContactChannel]] = [
    ("来访", ContactChannel.RECEPTION),
    ("接待", ContactChannel.RECEPTION),
    ("reception", ContactChannel.RECEPTION),
    ("访", ContactChannel.VISIT),
    ("visit", ContactChannel.VISIT),
    ("会", ContactChannel.MEETING),
    ("洽谈", ContactChannel.MEETING),
    ("meeting", ContactChannel.MEETING),
    ("电话", ContactChannel.CALL),
    ("视频", ContactChannel.CALL),
    ("call", ContactChannel.CALL),
    ("函", ContactChannel.LETTER),
    ("邮件", ContactChannel.LETTER),
    ("letter", ContactChannel.LETTER),
    ("email", ContactChannel.LETTER),
]


def parse_status(value: Any) -> ProjectStatus:
    """A pipeline stage from how a planner writes it: ``在谈``, ``洽谈中``, ``signed``, ``建成投产``."""
    text = cell_text(value)
    key = text.lower().replace(" ", "_").replace("-", "_")
    if key in STATUS_WORDS:
        return STATUS_WORDS[key]
    raise ValueError(
        f"stage {text!r} is not one of {' → '.join(s.value for s in ProjectStatus)} "
        "(English: promoted, negotiating, signed, to_start, under_construction, "
        "in_production, terminated)"
    )


def parse_channel(value: Any) -> ContactChannel | None:
    """How a contact happened (走访, 来访, 洽谈会, 电话, 函件…); None when it cannot tell."""
    text = cell_text(value).lower()
    if not text:
        return ContactChannel.OTHER
    for word, channel in CHANNEL_WORDS:
        if word in text:
            return channel
    return None


def parse_investment(value: Any) -> float | None:
    """An amount in 亿元 (100 million yuan): ``12``, ``12亿``, ``12 亿元``, ``5000万`` → 0.5."""
    text = cell_text(value).replace(",", "").replace("，", "")
    if not text:
        return None
    factor = 1.0
    m = re.fullmatch(r"(.+?)\s*(亿元|亿|万元|万)", text)
    if m:
        text, unit = m.group(1), m.group(2)
        factor = 1e-4 if unit.startswith("万") else 1.0
    number = parse_number(text)
    return None if number is None else round(number * factor, 6)
