"""The workflow answers as documents: the quarterly project report and a firm's profile.

Both are built as sections ``(title, intro, headers, rows)`` in Chinese (the meeting's
language), then written as Markdown (names escaped by ``exports.write_markdown``) or XLSX (one
sheet per section, cells neutralised by ``exports.write_xlsx``), or shown as terminal tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from chainatlas.exports import md_escape, write_markdown, write_xlsx
from chainatlas.queries.pipeline import STAGES, ProjectLine, QuarterlyReport
from chainatlas.queries.profiles import EnterpriseProfile

__all__ = [
    "Section",
    "report_sections",
    "profile_sections",
    "sections_markdown",
    "write_sections_xlsx",
    "CHANNEL_ZH",
]

CHANNEL_ZH = {
    "visit": "走访",
    "reception": "来访",
    "meeting": "会谈",
    "call": "电话",
    "letter": "函件",
    "other": "其他",
}
CLASS_ZH = {"strong": "强", "weak": "弱项", "missing": "缺项"}
PLACE_ZH = {"hq": "总部", "plant": "生产基地", "planned": "拟建基地"}
OFFICIAL_ZH = {"weak": "弱项", "missing": "缺项"}


class Section(NamedTuple):
    title: str
    intro: str
    headers: list[str]
    rows: list[list[Any]]
    sheet: str


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _project_rows(lines: list[ProjectLine]) -> list[list[Any]]:
    return [
        [
            p.responsible_unit,
            p.name,
            p.enterprise,
            p.status.value,
            p.since.isoformat(),
            _money(p.investment_100m_cny),
            "、".join(p.segments),
            p.lead_official,
        ]
        for p in lines
    ]


PROJECT_HEADERS = [
    "责任单位",
    "项目",
    "企业",
    "阶段",
    "进入阶段日期",
    "总投资(亿元)",
    "补链环节",
    "分包领导",
]


def report_sections(r: QuarterlyReport) -> list[Section]:
    """The quarterly report as sections, in the order a project meeting goes through them."""
    return [
        _stage_section(r),
        _unit_section(r),
        _change_section(r),
        _stalled_section(r),
        _filled_section(r),
        Section(
            f"六、半年现场观摩项目清单（{r.review_period}）",
            "在建项目及本半年内投产项目，按责任单位排列。",
            PROJECT_HEADERS,
            _project_rows(r.review_list),
            "现场观摩",
        ),
        _score_section(r),
        Section("附：项目明细", "", PROJECT_HEADERS, _project_rows(r.projects), "项目明细"),
    ]


def _stage_section(r: QuarterlyReport) -> Section:
    total = len(r.projects)
    moved = len({c.project_id for c in r.changes if c.forward})
    summary = (
        f"统计截至 {r.end.isoformat()}：在库项目 {total} 个，本季度推进 {moved} 个"
        f"（阶段变化 {len(r.changes)} 次），{r.stalled_days} 天以上无进展 {len(r.stalled)} 个，"
        f"投产补链环节 {len({g.segment_id for g in r.gaps_filled})} 个。"
    )
    rows = [
        [
            s.value,
            r.by_stage[s.value],
            r.by_stage_previous[s.value],
            f"{r.by_stage[s.value] - r.by_stage_previous[s.value]:+d}",
        ]
        for s in STAGES
    ]
    return Section(
        f"一、项目分阶段情况（{r.quarter}）",
        summary,
        ["阶段", "本季末", f"上季末（{r.previous_quarter}）", "增减"],
        rows,
        "分阶段",
    )


def _unit_section(r: QuarterlyReport) -> Section:
    rows = [
        [
            u.responsible_unit,
            *(u.counts[s.value] for s in STAGES),
            u.total,
            _money(u.investment_100m_cny),
        ]
        for u in r.by_unit
    ]
    return Section(
        "二、各责任单位项目分布",
        "",
        ["责任单位", *(s.value for s in STAGES), "合计", "总投资(亿元)"],
        rows,
        "责任单位分布",
    )


def _change_section(r: QuarterlyReport) -> Section:
    rows = [
        [
            c.on.isoformat(),
            c.name,
            c.responsible_unit,
            c.from_status.value if c.from_status else "（新入库）",
            c.to_status.value,
            c.note,
        ]
        for c in r.changes
    ]
    return Section(
        "三、本季度阶段变化",
        f"{r.start.isoformat()} 至 {r.end.isoformat()} 的阶段变化，按日期排列。",
        ["日期", "项目", "责任单位", "原阶段", "新阶段", "说明"],
        rows,
        "阶段变化",
    )


def _stalled_section(r: QuarterlyReport) -> Section:
    rows = [
        [
            p.responsible_unit,
            p.name,
            p.lead_official,
            p.status.value,
            p.since.isoformat(),
            p.days_in_stage,
            p.note,
        ]
        for p in r.stalled
    ]
    return Section(
        f"四、停滞项目（{r.stalled_days} 天以上无进展）",
        "在谈项目请分包领导盯紧跟进；在建项目存在的问题请限期协调解决。",
        ["责任单位", "项目", "分包领导", "阶段", "进入阶段日期", "停滞天数", "说明"],
        rows,
        "停滞项目",
    )


def _filled_section(r: QuarterlyReport) -> Section:
    rows = [
        [
            g.segment,
            OFFICIAL_ZH.get(g.official_kind, "未列入"),
            g.project,
            g.responsible_unit,
            g.on.isoformat(),
        ]
        for g in r.gaps_filled
    ]
    return Section(
        "五、投产项目补链情况",
        "本季度投产项目填补的产业链环节，及其在官方弱项缺项清单中的标注。",
        ["补链环节", "官方清单", "项目", "责任单位", "投产日期"],
        rows,
        "投产补链",
    )


SCORE_HEADERS = [
    "责任单位",
    "分包领导",
    "项目数",
    "推进项目",
    "新签约",
    "签约投资(亿元)",
    "新开工",
    "新投产",
    "补链环节",
    "停滞",
    "终止",
]


def _score_section(r: QuarterlyReport) -> Section:
    rows = [
        [
            c.responsible_unit,
            "、".join(c.lead_officials),
            c.projects,
            c.advanced,
            c.signed,
            _money(c.signed_investment_100m_cny),
            c.started,
            c.in_production,
            c.gaps_filled,
            c.stalled,
            c.terminated,
        ]
        for c in r.scorecard
    ]
    return Section(
        "七、责任单位考核记分",
        "本季度数据，纳入责任领导绩效档案。",
        SCORE_HEADERS,
        rows,
        "考核记分",
    )


def profile_sections(p: EnterpriseProfile) -> list[Section]:
    """A firm's profile as sections: facts, information base, contact log, gaps it could fill."""
    return [
        _facts_section(p),
        Section(
            "布局",
            "",
            ["类型", "地区代码", "地区"],
            [[PLACE_ZH.get(x.kind, x.kind), x.region_code, x.region] for x in p.places],
            "布局",
        ),
        _intentions_section(p),
        Section(
            "高管背景",
            "",
            ["姓名", "职务", "籍贯", "毕业院校", "关系", "来源"],
            [[x.name, x.role, x.home_town, x.alma_mater, x.ties, x.source] for x in p.executives],
            "高管",
        ),
        _contacts_section(p),
        Section(
            "可配套环节",
            "",
            ["环节", "产业链", "强度", "依据"],
            [
                [c.segment, "、".join(c.chain_ids), f"{c.strength:g}", c.evidence]
                for c in p.capabilities
            ],
            "环节能力",
        ),
        _gaps_section(p),
        Section(
            "相关重点项目",
            "",
            ["项目", "阶段", "责任单位", "总投资(亿元)"],
            [
                [x.name, x.status.value, x.responsible_unit, _money(x.investment_100m_cny)]
                for x in p.projects
            ],
            "重点项目",
        ),
    ]


def _facts_section(p: EnterpriseProfile) -> Section:
    e = p.enterprise
    facts = [
        ["企业", e.name],
        ["全称", e.full_name],
        ["编号", e.id],
        ["所有制", e.ownership.value],
        ["股票代码", e.stock_code],
        ["营业收入(亿元)", _money(e.revenue_100m_cny)],
        ["榜单", "；".join(p.lists)],
        ["发展现状", p.status],
        ["发展战略", p.strategy],
        ["区域布局", p.layout],
        ["所在产业集群", "、".join(p.clusters)],
        ["最近对接", p.last_contact.isoformat() if p.last_contact else "（无记录）"],
        ["下一步", p.next_step],
        ["信息来源", f"{p.profile_source} {p.profile_as_of or ''}".strip()],
    ]
    return Section(
        f"{e.name} 目标企业档案", "", ["项目", "内容"], [r for r in facts if r[1]], "档案"
    )


def _intentions_section(p: EnterpriseProfile) -> Section:
    rows = [
        [
            p.segment_names.get(i.segment_id, i.segment_text or i.segment_id),
            i.region_code,
            _money(i.investment_100m_cny),
            i.timing,
            i.note,
            i.source,
        ]
        for i in p.intentions
    ]
    return Section(
        "项目意向", "", ["环节", "意向地区", "投资(亿元)", "时间", "说明", "来源"], rows, "项目意向"
    )


def _contacts_section(p: EnterpriseProfile) -> Section:
    rows = [
        [
            c.on.isoformat(),
            c.who,
            CHANNEL_ZH[c.channel.value],
            c.counterpart,
            c.outcome,
            c.next_step,
            c.next_date.isoformat() if c.next_date else "",
        ]
        for c in p.contacts
    ]
    return Section(
        "对接记录",
        "",
        ["日期", "我方", "方式", "对方", "结果", "下一步", "下次日期"],
        rows,
        "对接记录",
    )


def _gaps_section(p: EnterpriseProfile) -> Section:
    local = "（已在本地布局）" if p.local else ""
    rows = [
        [
            g.chain_id,
            g.segment,
            CLASS_ZH.get(g.coverage_class, g.coverage_class),
            OFFICIAL_ZH.get(g.official_kind, ""),
            f"{g.priority:.2f}",
            f"{g.strength:g}",
            "是" if g.intended else "",
        ]
        for g in p.gaps
    ]
    return Section(
        f"可补 {p.region} 的弱项缺项{local}",
        "按优先级排列；“有意向”表示企业已有该环节的项目意向。",
        ["产业链", "环节", "本地覆盖", "官方清单", "优先级", "企业强度", "有意向"],
        rows,
        "可补缺口",
    )


def sections_markdown(title: str, sections: list[Section], path: str | Path | None = None) -> str:
    """One Markdown document: the title, then each section as a ``##`` heading and a table."""
    parts = [f"# {md_escape(title)}\n"]
    for s in sections:
        if s.rows:
            body = write_markdown(None, s.title, s.headers, s.rows, intro=s.intro)
            parts.append("#" + body)  # demote the section to a second-level heading
        else:
            intro = f"{md_escape(s.intro)}\n\n" if s.intro else ""
            parts.append(f"## {md_escape(s.title)}\n\n{intro}（无）\n")
    text = "\n".join(parts)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8")
    return text


def write_sections_xlsx(path: str | Path, sections: list[Section]) -> Path:
    """One sheet per section (empty sections keep their header row)."""
    return write_xlsx(path, [(s.sheet, s.headers, s.rows) for s in sections])
