"""Answers as tables (headers in Chinese or English) for the terminal and the exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from chainatlas.queries.gaps import GapReport
from chainatlas.queries.targets import TargetList

__all__ = ["gap_table", "target_table", "target_summary_table", "CLASS_ZH"]

Lang = Literal["zh", "en"]
CLASS_ZH = {"strong": "强", "weak": "弱项", "missing": "缺项"}
OFFICIAL_ZH = {"weak": "弱项", "missing": "缺项"}
OWNERSHIP_ZH = {
    "central_soe": "央企",
    "local_soe": "地方国企",
    "private": "民营",
    "foreign": "外资",
    "mixed": "混合所有制",
    "collective": "集体",
    "unknown": "",
}
TIER_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}

GAP_HEADERS = {
    "en": [
        "chain",
        "segment_id",
        "segment",
        "tier",
        "coverage_class",
        "local_firms",
        "coverage",
        "importance",
        "priority",
        "official",
        "agrees",
        "local_firm_names",
    ],
    "zh": [
        "产业链",
        "环节编号",
        "环节",
        "层级",
        "覆盖等级",
        "本地企业数",
        "覆盖度",
        "重要性",
        "优先级",
        "官方清单",
        "是否一致",
        "本地企业",
    ],
}
TARGET_HEADERS = {
    "en": [
        "rank",
        "enterprise_id",
        "name",
        "full_name",
        "ownership",
        "hq_region",
        "lists",
        "gaps_filled",
        "gap_count",
        "score",
        "reasons",
        "contact",
        "notes",
    ],
    "zh": [
        "排名",
        "企业编号",
        "企业简称",
        "企业全称",
        "所有制",
        "总部地区",
        "榜单",
        "可补环节",
        "可补环节数",
        "得分",
        "推荐理由",
        "联系人",
        "备注",
    ],
}


def gap_table(report: GapReport, lang: Lang = "en") -> tuple[list[str], list[list[Any]]]:
    rows = []
    for s in report.segments:
        official = s.official_kind.value if s.official_kind else ""
        rows.append(
            [
                report.chain_id,
                s.segment_id,
                s.name_zh if lang == "zh" else (s.name_en or s.name_zh),
                TIER_ZH[s.tier.value] if lang == "zh" else s.tier.value,
                CLASS_ZH[s.coverage_class] if lang == "zh" else s.coverage_class,
                s.local_firm_count,
                s.coverage,
                s.importance,
                s.priority,
                OFFICIAL_ZH.get(official, official) if lang == "zh" else official,
                ("是" if s.agrees_with_official else "否")
                if lang == "zh"
                else s.agrees_with_official,
                "、".join(f.name for f in s.local_firms),
            ]
        )
    return GAP_HEADERS[lang], rows


def target_table(tl: TargetList, lang: Lang = "en") -> tuple[list[str], list[list[Any]]]:
    rows = [
        [
            t.rank,
            t.enterprise_id,
            t.name,
            t.full_name,
            OWNERSHIP_ZH.get(t.ownership, t.ownership) if lang == "zh" else t.ownership,
            f"{t.hq_region_name} ({t.hq_region})" if t.hq_region_name else t.hq_region,
            "; ".join(t.lists),
            "、".join(t.gap_names),
            t.gap_count,
            t.score,
            " | ".join(t.reasons),
            t.contact,
            t.notes,
        ]
        for t in tl.targets
    ]
    return TARGET_HEADERS[lang], rows


def target_summary_table(
    lists: Sequence[TargetList], lang: Lang = "en"
) -> tuple[list[str], list[list[Any]]]:
    """One row per chain: its gaps, its number of targets and the first target."""
    headers = (
        ["产业链编号", "产业链", "缺口数", "目标企业数", "首选目标"]
        if lang == "zh"
        else ["chain_id", "chain", "gaps", "targets", "top_target"]
    )
    rows: list[list[Any]] = [
        [
            tl.chain_id,
            tl.chain_name,
            tl.gap_count,
            len(tl.targets),
            tl.targets[0].name if tl.targets else "",
        ]
        for tl in lists
    ]
    return headers, rows
