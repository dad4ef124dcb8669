"""Every word the surface shows, in Chinese and English: one catalogue, one language at a time.

``say(key, lang, **values)`` gives the text of ``key`` in ``lang`` (``zh`` or ``en``), with
``{placeholders}`` filled. Table headers, coverage classes, tiers, stages, factor names, report
sections, notes and the CLI's own messages all come from :data:`WORDS`; names (firms, segments,
regions, projects) are data and stay as the store holds them. ``explain`` turns the English
evidence the queries write ("tagged on segment …", "HQ 深圳市, 1,419 km away") into Chinese.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["LANGS", "WORDS", "Lang", "explain", "join", "row", "say"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

WORDS: dict[str, tuple[str, str]] = {
    # values
    "class.strong": ("强", "strong"),
    "class.weak": ("弱项", "weak"),
    "class.missing": ("缺项", "missing"),
    "tier.upstream": ("上游", "upstream"),
    "tier.midstream": ("中游", "midstream"),
    "tier.downstream": ("下游", "downstream"),
    "own.central_soe": ("央企", "central SOE"),
    "own.local_soe": ("地方国企", "local SOE"),
    "own.private": ("民营", "private"),
    "own.foreign": ("外资", "foreign"),
    "own.mixed": ("混合所有制", "mixed"),
    "own.collective": ("集体", "collective"),
    "own.unknown": ("", ""),
    "stage.推介": ("推介", "promoted"),
    "stage.在谈": ("在谈", "negotiating"),
    "stage.签约": ("签约", "signed"),
    "stage.拟开工": ("拟开工", "to start"),
    "stage.在建": ("在建", "under construction"),
    "stage.投产": ("投产", "in production"),
    "stage.终止": ("终止", "terminated"),
    "channel.visit": ("走访", "visit"),
    "channel.reception": ("来访", "reception"),
    "channel.meeting": ("会谈", "meeting"),
    "channel.call": ("电话", "call"),
    "channel.letter": ("函件", "letter"),
    "channel.other": ("其他", "other"),
    "place.hq": ("总部", "headquarters"),
    "place.plant": ("生产基地", "plant"),
    "place.planned": ("拟建基地", "planned plant"),
    "factor.segment": ("环节标注", "segment tag"),
    "factor.product": ("主营产品", "main product"),
    "factor.subtype": ("产品子类", "product subtype"),
    "factor.adjacent": ("相邻产品", "adjacent product"),
    "factor.industry": ("行业", "industry"),
    "factor.text": ("名称", "name"),
    "factor.search": ("简介检索", "profile search"),
    "factor.scale": ("规模", "scale"),
    "factor.lists": ("榜单", "lists"),
    "factor.geography": ("区位", "geography"),
    "factor.expansion": ("扩张意向", "expansion"),
    "factor.ties": ("本地配套", "local ties"),
    "factor.soe_pairing": ("央企对接", "SOE pairing"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "none": ("（无）", "(none)"),
    "new_project": ("（新入库）", "(new)"),
    "not_listed": ("未列入", "not listed"),
    "no_record": ("（无记录）", "(no record)"),
    "via_project": ("经项目", "via project"),
    "local_mark": ("（已在本地布局）", " (already present locally)"),
    # table headers
    "h.chain": ("产业链", "chain"),
    "h.chain_id": ("产业链编号", "chain id"),
    "h.segment_id": ("环节编号", "segment id"),
    "h.segment": ("环节", "segment"),
    "h.tier": ("层级", "tier"),
    "h.class": ("覆盖等级", "coverage class"),
    "h.local_count": ("本地企业数", "local firms"),
    "h.coverage": ("覆盖度", "coverage"),
    "h.importance": ("重要性", "importance"),
    "h.priority": ("优先级", "priority"),
    "h.official": ("官方清单", "official list"),
    "h.agrees": ("是否一致", "agrees"),
    "h.local_firms": ("本地企业", "local firms (names)"),
    "h.rank": ("排名", "rank"),
    "h.enterprise_id": ("企业编号", "enterprise id"),
    "h.name": ("企业简称", "name"),
    "h.full_name": ("企业全称", "full name"),
    "h.ownership": ("所有制", "ownership"),
    "h.hq": ("总部地区", "headquarters"),
    "h.lists": ("榜单", "lists"),
    "h.gaps_filled": ("可补环节", "gaps filled"),
    "h.gap_count": ("可补环节数", "gap count"),
    "h.score": ("得分", "score"),
    "h.reasons": ("推荐理由", "reasons"),
    "h.contact": ("联系人", "contact"),
    "h.remarks": ("备注", "notes"),
    "h.factors": ("得分构成", "score factors"),
    "h.gaps": ("缺口数", "gaps"),
    "h.targets": ("目标企业数", "targets"),
    "h.top_target": ("首选目标", "top target"),
    "h.segments": ("环节数", "segments"),
    "h.reading": ("检索词", "reading"),
    "h.weight": ("权重", "weight"),
    "h.source": ("来源", "source"),
    "h.label": ("类别", "label / type"),
    "h.count": ("数量", "count"),
    "h.cluster": ("产业集群", "cluster"),
    "h.firm": ("企业", "firm"),
    "h.note": ("说明", "note"),
    # titles and lines
    "t.gaps": ("{chain}（{chain_id}）在 {region} 的弱项与缺项", "{chain} ({chain_id}) in {region}"),
    "t.gap_counts": (
        "强 {strong} 个，弱项 {weak} 个，缺项 {missing} 个；与官方清单不一致 {n} 处",
        "{strong} strong, {weak} weak, {missing} missing; {n} disagreements with the official list",
    ),
    "t.targets": ("{chain} 招商目标企业名单", "Target list: {chain}"),
    "t.targets_intro": ("地区 {region}；缺口 {gaps} 个", "region {region}; {gaps} gaps"),
    "t.summary": ("汇总", "Summary"),
    "t.candidates": ("{gap} 的候选企业", "candidates for {gap}"),
    "t.local": ("已在 {region} 的企业（可增强）", "already in {region} (strengthen)"),
    "t.searched": ("检索：{text}", "searched: {text}"),
    "t.stats": ("数据库 {store}", "store {store}"),
    "t.soe": ("{industry} 相关央企", "central SOEs for {industry}"),
    "t.soe_groups": ("{n} 家集团：{names}", "{n} groups: {names}"),
    "t.clusters": ("产业集群", "clusters"),
    "t.cluster_gaps": ("削弱该集群的缺口", "gaps that weaken it"),
    "t.cluster_firms": ("可增强该集群的企业", "firms that would strengthen it"),
    "more": ("… 另有 {n} 项", "… {n} more"),
    "notes": ("说明", "Notes"),
    "part": ("部分", "part"),
    "wrote": ("已写入 {path}", "wrote {path}"),
    # notes sheet
    "n.file": ("文件", "File"),
    "n.made": ("生成时间", "Made"),
    "n.data": ("数据来源", "Data"),
    "n.region": ("地区", "Region"),
    "n.chains": ("产业链", "Chains"),
    "n.by": ("生成工具", "Made by"),
    "n.classes": ("覆盖等级", "Coverage classes"),
    "n.classes_text": (
        "强：本地至少 {firms} 家企业、强度合计至少 {cov:g}；弱项：有本地企业但未达到强；"
        "缺项：本地没有能供应该环节（或其下级环节）的企业。",
        "strong: at least {firms} local firms with strengths summing to {cov:g} or more; "
        "weak: local firms, but fewer; missing: no local firm supplies the segment or one "
        "below it.",
    ),
    "n.priority": ("优先级", "Priority"),
    "n.score": ("得分", "Score"),
    "n.candidate_score": (
        "候选得分为各因素之和：匹配度（环节标注、主营产品、行业、名称，合计至多 {fit:g}）"
        "加上规模、榜单、区位、扩张意向、本地配套、央企对接各自的权重 × 取值 × 匹配度。",
        "a candidate's score is the sum of its factors: fit (segment tag, main products, "
        "industry, name; at most {fit:g}) plus scale, lists, geography, expansion, local ties "
        "and SOE pairing, each weight × value × fit.",
    ),
    "n.store": ("数据库 {store}", "store {store}"),
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
    # the CLI's own messages
    "err.format": (
        "--format {fmt!r} 不可用；可选：{allowed}",
        "--format {fmt!r} is not one of {allowed}",
    ),
    "err.extension": (
        "{path}：无法写入 {ext!r} 文件；请用以下扩展名之一：{allowed}",
        "{path}: cannot write {ext!r} files; name it with one of {allowed}",
    ),
    "err.contradicts": (
        "--format {fmt} 与 -o {path} 矛盾；去掉 --format，或将文件命名为 .{fmt}",
        "--format {fmt} contradicts -o {path} (a .{ext} file); drop --format or name the "
        "file .{fmt}",
    ),
    "err.csv_one_table": (
        "CSV 只能容纳一张表，此结果有 {n} 张；请用 {allowed}",
        "a CSV file holds one table and this answer has {n}; use {allowed}",
    ),
    "err.review": (
        "--review 写出 CSV：请将文件命名为 .csv",
        "--review writes CSV: name the file .csv",
    ),
    "err.init": (
        "请给出 --region 地区、--lang zh|en 或两者",
        "give --region CODE, --lang zh|en or both",
    ),
    "err.segment_or_query": (
        "请给出 --segment 环节 或 --query 文本",
        "give --segment ID or --query TEXT",
    ),
    "err.chain_or_all": (
        "请给出 --chain 产业链（可重复）或 --all",
        "give --chain ID (repeatable) or --all",
    ),
    "no_candidates": (
        "{region} 以外没有 {gap!r} 的候选企业：数据库中没有与之匹配的产品、环节或行业；"
        "请换更短或更宽的词，或加 --explain",
        "no candidate outside {region} for {gap!r}: no product, segment or industry the store "
        "holds matches it; try a shorter or broader term, or --explain",
    ),
    "no_chains": (
        "数据库中没有产业链；请先载入产业链图谱（chainatlas load）",
        "no chains in the store; load a chain map (chainatlas load)",
    ),
    "no_targets": (
        "{chain} 没有目标企业：没有缺口在本地区以外找到候选企业",
        "no targets for {chain}: no gap has a candidate outside the region",
    ),
    "no_clusters": (
        "数据库中没有产业集群；请载入集群文件（chainatlas load）",
        "no clusters in the store; load a clusters file (chainatlas load)",
    ),
    "home_region": ("本地区：{code}（数据库 {store}）", "home region: {code} (store {store})"),
    "lang_set": ("默认语言：{lang}", "default language: {lang}"),
    "loaded": ("已载入 {file}（{kind}）：{n} 条记录", "loaded {file} ({kind}): {n} records"),
    "warning": ("警告：{text}", "warning: {text}"),
}


def say(key: str, lang: Lang, /, **values: object) -> str:
    """The text of ``key`` in ``lang``, placeholders filled.

    >>> say("class.missing", "zh"), say("more", "en", n=3)
    ('缺项', '… 3 more')
    """
    zh, en = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def row(key: str, lang: Lang, /, **values: object) -> list[str]:
    """A header row the catalogue holds as ``a|b|c``."""
    return say(key, lang, **values).split("|")


def join(items: list[str] | tuple[str, ...], lang: Lang) -> str:
    """Names joined as the language writes a list: 、 in Chinese, ``, `` in English."""
    return ("、" if lang == "zh" else ", ").join(items)


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
        return text
    out = []
    for part in _parts(text):
        for pattern, zh in _EVIDENCE_ZH:
            if pattern.match(part):
                part = pattern.sub(zh, part)
                break
        out.append(part)
    return "；".join(out)
