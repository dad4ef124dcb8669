"""The quarterly report, a firm's profile, clusters, the demo and imports: words and header rows (``a|b|c``)."""

from __future__ import annotations

REPORTS: dict[str, tuple[str, str]] = {
    # the quarterly report (项目汇报会) and a firm's profile; "a|b|c" is a header row
    "q.title": ("重点项目季度汇报（{q}）", "Key projects: quarterly report ({q})"),
    "q.stage": ("一、项目分阶段情况（{q}）", "1. Projects by stage ({q})"),
    "q.stage_sum": (
        "统计截至 {end}：在库项目 {total} 个，本季度推进 {moved} 个（阶段变化 {changes} 次），"
        "{days} 天以上无进展 {stalled} 个，投产补链环节 {filled} 个。",
        "As of {end}: {total} projects, {moved} advanced this quarter ({changes} stage "
        "changes), {stalled} without progress for {days}+ days, {filled} segments filled by "
        "projects in production.",
    ),
    "q.stage_h": ("阶段|本季末|上季末（{pq}）|增减", "stage|end of quarter|end of {pq}|change"),
    "q.stage_sheet": ("分阶段", "By stage"),
    "q.unit": ("二、各责任单位项目分布", "2. Projects by responsible unit"),
    "q.unit_h": ("责任单位|合计|总投资(亿元)", "responsible unit|total|investment (100M CNY)"),
    "q.unit_sheet": ("责任单位分布", "By unit"),
    "q.change": ("三、本季度阶段变化", "3. Stage changes this quarter"),
    "q.change_intro": (
        "{start} 至 {end} 的阶段变化，按日期排列。",
        "From {start} to {end}, by date.",
    ),
    "q.change_h": (
        "日期|项目|责任单位|原阶段|新阶段|说明",
        "date|project|responsible unit|from|to|note",
    ),
    "q.change_sheet": ("阶段变化", "Stage changes"),
    "q.stalled": (
        "四、停滞项目（{days} 天以上无进展）",
        "4. Stalled projects (no progress in {days}+ days)",
    ),
    "q.stalled_intro": (
        "在谈项目请分包领导盯紧跟进；在建项目存在的问题请限期协调解决。",
        "Lead officials follow up projects in negotiation; problems of projects under "
        "construction are to be settled by a deadline.",
    ),
    "q.stalled_h": (
        "责任单位|项目|分包领导|阶段|进入阶段日期|停滞天数|说明",
        "responsible unit|project|lead official|stage|in stage since|days in stage|note",
    ),
    "q.stalled_sheet": ("停滞项目", "Stalled"),
    "q.filled": ("五、投产项目补链情况", "5. Gaps filled by projects in production"),
    "q.filled_intro": (
        "本季度投产项目填补的产业链环节，及其在官方弱项缺项清单中的标注。",
        "Chain segments filled by projects that went into production this quarter, with their "
        "mark on the official weak-link list.",
    ),
    "q.filled_h": (
        "补链环节|官方清单|项目|责任单位|投产日期",
        "segment filled|official list|project|responsible unit|in production since",
    ),
    "q.filled_sheet": ("投产补链", "Gaps filled"),
    "q.review": ("六、半年现场观摩项目清单（{period}）", "6. On-site review list ({period})"),
    "q.review_intro": (
        "在建项目及本半年内投产项目，按责任单位排列。",
        "Projects under construction or in production this half-year, by responsible unit.",
    ),
    "q.review_sheet": ("现场观摩", "On-site review"),
    "q.project_h": (
        "责任单位|项目|企业|阶段|进入阶段日期|总投资(亿元)|补链环节|分包领导",
        "responsible unit|project|enterprise|stage|in stage since|investment (100M CNY)|"
        "segments|lead official",
    ),
    "q.score": ("七、责任单位考核记分", "7. Scorecard of responsible units"),
    "q.score_intro": (
        "本季度数据，纳入责任领导绩效档案。",
        "This quarter's figures, for the lead officials' performance records.",
    ),
    "q.score_h": (
        "责任单位|分包领导|项目数|推进项目|新签约|签约投资(亿元)|新开工|新投产|补链环节|停滞|终止",
        "responsible unit|lead officials|projects|advanced|signed|signed investment (100M CNY)|"
        "started|in production|gaps filled|stalled|terminated",
    ),
    "q.score_sheet": ("考核记分", "Scorecard"),
    "q.all": ("附：项目明细", "Annex: all projects"),
    "q.all_sheet": ("项目明细", "All projects"),
    "q.what": (
        "重点项目季度汇报：各阶段、各责任单位、阶段变化、停滞项目、补链、观摩清单与考核记分",
        "Key projects' quarterly report: stages, units, changes, stalled, gaps filled, review "
        "list and scorecard",
    ),
    "q.stalled_rule": ("停滞", "Stalled"),
    "q.stalled_rule_text": (
        "进入当前阶段超过 {days} 天且未投产、未终止的项目。",
        "a project in its current stage for more than {days} days, not in production or "
        "terminated.",
    ),
    "p.title": ("{name} 目标企业信息", "Target firm profile: {name}"),
    "p.facts": ("{name} 目标企业档案", "{name}: facts"),
    "p.facts_h": ("项目|内容", "item|value"),
    "p.facts_sheet": ("档案", "Facts"),
    "p.fact_keys": (
        "企业|全称|编号|所有制|股票代码|营业收入(亿元)|榜单|发展现状|发展战略|区域布局|"
        "所在产业集群|最近对接|下一步|信息来源",
        "firm|full name|id|ownership|stock code|revenue (100M CNY)|lists|status|strategy|"
        "layout|clusters|last contact|next step|source",
    ),
    "p.places": ("布局", "Layout"),
    "p.places_h": ("类型|地区代码|地区", "kind|region code|region"),
    "p.intent": ("项目意向", "Intentions"),
    "p.intent_h": (
        "环节|意向地区|投资(亿元)|时间|说明|来源",
        "segment|region|investment (100M CNY)|timing|note|source",
    ),
    "p.execs": ("高管背景", "Executives"),
    "p.execs_h": (
        "姓名|职务|籍贯|毕业院校|关系|来源",
        "name|role|home town|alma mater|ties|source",
    ),
    "p.execs_sheet": ("高管", "Executives"),
    "p.contacts": ("对接记录", "Contact log"),
    "p.contacts_h": (
        "日期|我方|方式|对方|结果|下一步|下次日期",
        "date|our side|channel|counterpart|outcome|next step|next date",
    ),
    "p.caps": ("可配套环节", "Segments it can supply"),
    "p.caps_h": ("环节|产业链|强度|依据", "segment|chains|strength|evidence"),
    "p.caps_sheet": ("环节能力", "Capabilities"),
    "p.gaps": ("可补 {region} 的弱项缺项{local}", "Gaps of {region} it could fill{local}"),
    "p.gaps_intro": (
        "按优先级排列；“有意向”表示企业已有该环节的项目意向。",
        "By priority; 'intended' means the firm already intends a project in the segment.",
    ),
    "p.gaps_h": (
        "产业链|环节|本地覆盖|官方清单|优先级|企业强度|有意向",
        "chain|segment|local coverage|official list|priority|strength|intended",
    ),
    "p.gaps_sheet": ("可补缺口", "Gaps"),
    "p.projects": ("相关重点项目", "Key projects"),
    "p.projects_h": (
        "项目|阶段|责任单位|总投资(亿元)",
        "project|stage|responsible unit|investment (100M CNY)",
    ),
    "p.projects_sheet": ("重点项目", "Projects"),
    "c.list_h": (
        "产业集群|集群编号|园区|已覆盖|环节数|龙头企业|短板环节（最急）",
        "cluster|cluster id|park|covered|segments|lead firm|weakened by (most urgent)",
    ),
    "c.seg_h": ("环节编号|环节|集群成员|全市覆盖", "segment id|segment|members|city coverage"),
    "c.gap_h": (
        "环节编号|环节|覆盖等级|原因|优先级",
        "segment id|segment|coverage class|why|priority",
    ),
    "c.cand_h": ("排名|企业|可补环节|得分", "rank|firm|gaps filled|score"),
    "c.own": ("集群自身环节", "own segment"),
    "c.feeds": ("供应 {seg}", "feeds {seg}"),
    "s.h": ("行业|2013年名称|现名称|说明", "industry|named in 2013|today|note"),
    "demo.store": ("数据库：{store}", "store: {store}"),
    "demo.chain": (
        "{name}（{id}）：{segments} 个环节，强 {strong} 个、弱项 {weak} 个、缺项 {missing} 个；"
        "目标企业 {targets} 家",
        "{name} ({id}): {segments} segments, {strong} strong, {weak} weak, {missing} missing; "
        "{targets} targets",
    ),
    "demo.next": (
        "下一步（每行一条命令）：\n  chainatlas gaps --chain battery-ev\n"
        "  chainatlas candidates --query 隔膜\n"
        "  chainatlas targets --chain battery-ev -o targets.xlsx\n  chainatlas --help",
        "next (one command a line):\n  chainatlas gaps --chain battery-ev\n"
        "  chainatlas candidates --query 隔膜\n"
        "  chainatlas targets --chain battery-ev -o targets.xlsx\n  chainatlas --help",
    ),
    "i.imported": ("已从 {folder} 导入", "imported from {folder}"),
    "i.dropped": ("舍弃（按原因）", "dropped (by reason)"),
    "i.repaired": ("修复（按原因）", "repaired (by reason)"),
    "i.lists": ("{folder} 的榜单", "lists from {folder}"),
    "i.ambiguous": (
        "{n} 条不确定的匹配未关联；用 --review 文件 写出后确认",
        "{n} ambiguous entries not attached; write them with --review FILE to confirm",
    ),
    "listed_top": (
        "列出前 {n} 项；用 --top N 列出更多",
        "the first {n} are listed; --top N lists more",
    ),
    "d.covered": (
        "官方清单列为{official}，但本地有 {n} 家企业可供应：{firms}",
        "listed as {official} but {n} local firm(s) can supply it: {firms}",
    ),
    "d.weak_missing": (
        "官方清单列为弱项，但本地没有企业可供应",
        "listed as weak but no local firm can supply it",
    ),
    "d.not_listed_missing": (
        "本地没有企业可供应，且未列入官方清单",
        "no local firm can supply it, and it is not on the official list",
    ),
    "d.not_listed_weak": (
        "本地仅 {n} 家企业（{firms}），且未列入官方清单",
        "only {n} local firm(s) ({firms}), and it is not on the official list",
    ),
}
