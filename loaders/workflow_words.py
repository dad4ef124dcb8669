"""The column names (English and Chinese) and cell words of the workflow files, and how a
cell's words are read: a stage (``parse_status``), a contact channel (``parse_channel``), an
amount in 亿元 (``parse_investment``).

Headers are matched after ``tabular.normalise_header`` (lowercase, spaces and dashes to ``_``).
"""

from __future__ import annotations

import re
from typing import Any

from chainatlas.graph.model import ContactChannel, ProjectStatus

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

_COMMON = {
    "来源": "source",
    "数据来源": "source",
    "日期": "as_of",
    "截至日期": "as_of",
    "date": "as_of",
}
CLUSTER_HEADERS: dict[str, str] = {
    **_COMMON,
    "cluster": "id",
    "cluster_id": "id",
    "集群编号": "id",
    "编号": "id",
    "集群": "name",
    "集群名称": "name",
    "名称": "name",
    "园区": "park",
    "所在园区": "park",
    "产业园区": "park",
    "region": "region_code",
    "地区": "region_code",
    "地区代码": "region_code",
    "区划代码": "region_code",
    "chain_id": "chain",
    "产业链": "chain",
    "环节": "segments",
    "产业链环节": "segments",
    "segment_ids": "segments",
    "成员企业": "members",
    "member_ids": "members",
    "企业": "members",
    "龙头企业": "lead",
    "lead_id": "lead",
    "牵头企业": "lead",
}
PROJECT_HEADERS: dict[str, str] = {
    **_COMMON,
    "project_id": "id",
    "项目编号": "id",
    "编号": "id",
    "序号": "id",
    "project": "name",
    "project_name": "name",
    "项目": "name",
    "项目名称": "name",
    "enterprise_id": "enterprise",
    "企业": "enterprise",
    "投资方": "enterprise",
    "投资主体": "enterprise",
    "企业名称": "enterprise",
    "环节": "segments",
    "补链环节": "segments",
    "segment_ids": "segments",
    "investment": "investment_100m_cny",
    "投资额": "investment_100m_cny",
    "总投资": "investment_100m_cny",
    "投资额(亿元)": "investment_100m_cny",
    "投资额（亿元）": "investment_100m_cny",
    "总投资(亿元)": "investment_100m_cny",
    "总投资（亿元）": "investment_100m_cny",
    "stage": "status",
    "状态": "status",
    "阶段": "status",
    "项目状态": "status",
    "进展阶段": "status",
    "状态日期": "status_date",
    "变更日期": "status_date",
    "status_on": "status_date",
    "责任单位": "responsible_unit",
    "unit": "responsible_unit",
    "分包领导": "lead_official",
    "责任领导": "lead_official",
    "联系领导": "lead_official",
    "地区": "region_code",
    "地区代码": "region_code",
    "region": "region_code",
    "备注": "note",
    "进展情况": "note",
    "进展": "note",
    "说明": "note",
}
PROFILE_HEADERS: dict[str, str] = {
    **_COMMON,
    "enterprise_id": "enterprise",
    "企业": "enterprise",
    "企业名称": "enterprise",
    "企业简称": "enterprise",
    "目标企业": "enterprise",
    "发展现状": "status",
    "development_status": "status",
    "发展战略": "strategy",
    "区域布局": "layout",
    "布局": "layout",
    "意向环节": "intention_segment",
    "intention": "intention_segment",
    "意向地区": "intention_region",
    "意向投资": "intention_investment",
    "意向投资(亿元)": "intention_investment",
    "意向投资（亿元）": "intention_investment",
    "意向时间": "intention_timing",
    "意向说明": "intention_note",
    "高管": "executive",
    "高管姓名": "executive",
    "职务": "role",
    "籍贯": "home_town",
    "毕业院校": "alma_mater",
    "关系": "ties",
    "渊源": "ties",
    "联系日期": "contact_date",
    "走访日期": "contact_date",
    "对接日期": "contact_date",
    "走访人": "who",
    "我方人员": "who",
    "对接人": "counterpart",
    "对方人员": "counterpart",
    "方式": "channel",
    "联系方式": "channel",
    "对接方式": "channel",
    "结果": "outcome",
    "成效": "outcome",
    "对接结果": "outcome",
    "下一步": "next_step",
    "下步工作": "next_step",
    "下次联系日期": "next_date",
    "下次日期": "next_date",
}

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
