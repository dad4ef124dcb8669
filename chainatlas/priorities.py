"""Segment priorities as a planner reads them: ``chainatlas targets --explain``.

One row per segment of each chain (parents and strong segments included), highest priority
first, with each term of the formula (``queries.gaps.PRIORITY_FORMULA``) beside the sum and
the listed firms that would fill the segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from chainatlas.outputs import Document, Section
from chainatlas.queries.gaps import PRIORITY_FORMULA, SEVERITY_WEIGHT, STRUCTURE_WEIGHT
from chainatlas.queries.targets import TARGET_SCORE_FORMULA, SegmentPriority, TargetList

__all__ = ["priority_document", "priority_rows", "PRIORITY_HEADERS"]

Lang = Literal["zh", "en"]

PRIORITY_HEADERS = {
    "zh": [
        "环节编号",
        "环节",
        "上级环节",
        "覆盖等级",
        "官方清单",
        "重要性",
        f"{SEVERITY_WEIGHT} × 缺口程度",
        f"{STRUCTURE_WEIGHT} × 结构位置",
        "优先级",
        "名单中可补企业数",
        "首选目标",
        "说明",
    ],
    "en": [
        "segment_id",
        "segment",
        "parent",
        "class",
        "official",
        "importance",
        f"{SEVERITY_WEIGHT} × severity",
        f"{STRUCTURE_WEIGHT} × structure",
        "priority",
        "listed_firms",
        "top_targets",
        "note",
    ],
}
CLASS = {
    "strong": ("强", "strong"),
    "weak": ("弱项", "weak"),
    "missing": ("缺项", "missing"),
}


def _note(s: SegmentPriority, lang: Lang) -> str:
    zh = lang == "zh"
    if s.coverage_class == "strong":
        return (
            "本地已覆盖，不是缺口（优先级 0）" if zh else "covered locally: not a gap (priority 0)"
        )
    if s.importance_stated:
        imp = "重要性为图谱标注" if zh else "importance as the chain map states it"
    else:
        imp = (
            "重要性未标注，按 1 + 4 × 结构位置"
            if zh
            else "importance not stated: 1 + 4 × structure"
        )
    deps = f"下游 {s.dependents} 个环节" if zh else f"{s.dependents} segments downstream"
    more = ""
    if s.targets == 0:
        more = (
            "；名单中没有企业可补（候选见 chainatlas candidates）"
            if zh
            else "; no listed firm fills it (see chainatlas candidates)"
        )
    return f"{imp}；{deps}{more}" if zh else f"{imp}; {deps}{more}"


def priority_rows(tl: TargetList, lang: Lang = "zh") -> list[list[Any]]:
    """Every segment of ``tl``'s chain: the terms of its priority and who would fill it."""
    names = {
        s.segment_id: (s.name_zh if lang == "zh" else s.name_en or s.name_zh) for s in tl.segments
    }
    idx = 0 if lang == "zh" else 1
    rows: list[list[Any]] = []
    for s in tl.segments:
        on = 1.0 if s.severity else 0.0
        rows.append(
            [
                s.segment_id,
                names[s.segment_id],
                names.get(s.parent, s.parent) if s.parent else "",
                CLASS.get(s.coverage_class, (s.coverage_class,) * 2)[idx],
                CLASS[s.official_kind][idx] if s.official_kind in CLASS else s.official_kind,
                s.importance,
                round(on * SEVERITY_WEIGHT * s.severity, 4),
                round(on * STRUCTURE_WEIGHT * s.structure, 4),
                s.priority,
                s.targets,
                ("、" if lang == "zh" else ", ").join(s.top_targets),
                _note(s, lang),
            ]
        )
    return rows


def priority_document(lists: Sequence[TargetList], lang: Lang, region: str) -> Document:
    """One section per chain (same columns, so CSV holds them all), the formulas after them."""
    sections = []
    for tl in lists:
        title = (
            f"{tl.chain_name} 环节优先级"
            if lang == "zh"
            else f"Segment priorities: {tl.chain_name}"
        )
        intro = (
            f"地区 {region}；{len(tl.segments)} 个环节，其中 {tl.gap_count} 个缺口"
            if lang == "zh"
            else f"region {region}; {len(tl.segments)} segments, {tl.gap_count} of them gaps"
        )
        sections.append(
            Section(
                title, intro, list(PRIORITY_HEADERS[lang]), priority_rows(tl, lang), tl.chain_name
            )
        )
    formulas = [PRIORITY_FORMULA[lang], TARGET_SCORE_FORMULA[lang]]
    keys = ("优先级", "目标得分") if lang == "zh" else ("priority", "target score")
    stem = lists[0].chain_id if len(lists) == 1 else "all"
    return Document(
        title="环节优先级" if lang == "zh" else "Segment priorities",
        sections=sections,
        lang=lang,
        data=[{"chain_id": tl.chain_id, "segments": tl.segments} for tl in lists],
        name=f"priorities-{stem}",
        notes=list(zip(keys, formulas, strict=True)),
        lines=formulas,
    )
