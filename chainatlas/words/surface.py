"""Words of the commands that look after the store (stats, history, undo, remove, freshness,
formats, neo4j), and the change lists a write prints."""

from __future__ import annotations

import re

from chainatlas.words.lang import Lang

__all__ = ["LIST_NAMES", "SURFACE", "change_line", "kind_name", "list_label"]

SURFACE: dict[str, tuple[str, str]] = {
    "error": ("错误：", "error: "),
    # node labels and relationship types (stats, change lists)
    "label.Chain": ("产业链", "Chain"),
    "label.Segment": ("环节", "Segment"),
    "label.Product": ("产品", "Product"),
    "label.Industry": ("行业", "Industry"),
    "label.Enterprise": ("企业", "Enterprise"),
    "label.Region": ("地区", "Region"),
    "label.Cluster": ("产业集群", "Cluster"),
    "label.Project": ("项目", "Project"),
    "label.WeakLink": ("弱项缺项", "WeakLink"),
    "label.Profile": ("企业档案", "Profile"),
    "label.FEEDS": ("供应（环节）", "FEEDS"),
    "label.PART_OF": ("属于", "PART_OF"),
    "label.CAN_SUPPLY": ("可供应", "CAN_SUPPLY"),
    "label.LOCATED_IN": ("位于", "LOCATED_IN"),
    "label.SUPPLIES": ("供货", "SUPPLIES"),
    "label.MADE_FROM": ("原料", "MADE_FROM"),
    "label.SUBTYPE_OF": ("子类", "SUBTYPE_OF"),
    "label.IN_INDUSTRY": ("所属行业", "IN_INDUSTRY"),
    "label.CLASSIFIED_AS": ("行业分类", "CLASSIFIED_AS"),
    "label.BY": ("所属企业", "BY"),
    "label.FILLS": ("补链", "FILLS"),
    "label.AT": ("所在地", "AT"),
    "label.MEMBER_OF": ("成员", "MEMBER_OF"),
    # history, undo, remove, freshness
    "hist.h": (
        "#|时间（UTC）|操作人|操作|文件|+新增 ~修改 -删除|状态",
        "#|when (UTC)|who|what|files|+added ~changed -removed|state",
    ),
    "hist.none": ("{store} 中没有写入记录", "no writes recorded in {store}"),
    "hist.undo_of": ("撤销 #{n}", "undo of #{n}"),
    "hist.undone_by": ("已被 #{n} 撤销", "undone by #{n}"),
    "undo.done": ("已撤销 {what}{files}", "undid {what}{files}"),
    "undo.of": ("（文件 {files}）", " of {files}"),
    "undo.reverted": ("已还原：{line}", "reverted: {line}"),
    "removed": ("已删除", "removed"),
    "changed": ("已更改", "changed"),
    "would_change": ("将更改", "would change"),
    "fresh.h": ("最早|最新|来源|事实数|按类别", "oldest|newest|source|facts|by kind"),
    "fresh.title": ("事实（{scope}）", "facts {scope}"),
    "fresh.none": ("{store} 中没有{scope}的事实", "no facts {scope} in {store}"),
    "fresh.undated": ("无日期", "undated"),
    "fresh.no_source": ("（无来源）", "(no source)"),
    # formats
    "fmt.h": ("字段|必填|中文表头|其他写法", "field|required|Chinese header|also accepted|what"),
    "fmt.not_kept": ("（不保存）", "(not kept)"),
    "fmt.regions": ("行政区划：含坐标的区划", "regions: divisions with coordinates"),
    "fmt.chain": ("产业链图谱（YAML）：`chain:` 映射", "chain maps (YAML): the `chain:` mapping"),
    "fmt.chain.segments": (
        "产业链图谱：`segments:` 下的每一项",
        "chain maps: each item under `segments:`",
    ),
    "fmt.chain.links": ("产业链图谱：`links:` 下的每一项", "chain maps: each item under `links:`"),
    "fmt.enterprises": ("企业名录", "enterprise registry"),
    "fmt.weak_links": ("弱项缺项清单", "official weak/missing-link list"),
    "fmt.clusters": ("产业集群", "industrial clusters"),
    "fmt.projects": ("重点项目", "key projects"),
    "fmt.projects.history": (
        "重点项目（YAML）：`history:` 下的每一项",
        "key projects (YAML): each item under `history:`",
    ),
    "fmt.profiles": ("目标企业信息库", "target information base"),
    "fmt.soe_pairing": ("央企对接表", "central-SOE pairing table"),
    "fmt.soe_keys": ("央企对接：行业关键词", "central-SOE pairing: industry keys"),
    "fmt.ranking_lists": (
        "榜单（`import lists 目录`：fortune_*、acfic_*、central_soe_list）",
        "ranking lists (`import lists DIR`: fortune_*, acfic_*, central_soe_list)",
    ),
    "fmt.list_review": (
        "复核后的榜单匹配（`import lists --review` 文件，填写后）",
        "reviewed list matches (`import lists --review` file, filled in)",
    ),
    # what an import counts (the atlas's record lists; English: the field itself)
    "rec.chains": ("产业链", "chains"),
    "rec.segments": ("环节", "segments"),
    "rec.links": ("环节供应关系", "links"),
    "rec.enterprises": ("企业", "enterprises"),
    "rec.capabilities": ("环节能力", "capabilities"),
    "rec.presences": ("布局", "presences"),
    "rec.regions": ("地区", "regions"),
    "rec.weak_links": ("弱项缺项", "weak_links"),
    "rec.clusters": ("产业集群", "clusters"),
    "rec.projects": ("项目", "projects"),
    "rec.products": ("产品", "products"),
    "rec.industries": ("行业", "industries"),
    "rec.product_links": ("产品关系", "product_links"),
    "rec.product_supplies": ("主营产品", "product_supplies"),
    "rec.industry_memberships": ("行业归属", "industry_memberships"),
    "rec.supply_ties": ("配套关系", "supply_ties"),
    "rec.profiles": ("企业档案", "profiles"),
    # the kinds of file load reads (English: the --kind value itself)
    "kind.regions": ("行政区划", "regions"),
    "kind.chain": ("产业链图谱", "chain"),
    "kind.enterprises": ("企业名录", "enterprises"),
    "kind.weak_links": ("弱项缺项清单", "weak_links"),
    "kind.clusters": ("产业集群", "clusters"),
    "kind.projects": ("重点项目", "projects"),
    "kind.profiles": ("目标企业信息库", "profiles"),
    # neo4j
    "neo.running": (
        "Neo4j {version} 正在运行：{uri}（pid {pid}，{seconds:.1f} 秒就绪）",
        "Neo4j {version} is running at {uri} (pid {pid}, ready in {seconds:.1f} s)",
    ),
    "neo.data": ("数据与日志：{dir}", "data and logs: {dir}"),
    "neo.use": ("使用：  {command}", "use it:  {command}"),
    "neo.stop_hint": ("停止：  {command}", "stop it: {command}"),
    "neo.stopped": ("Neo4j 已停止（{dir}）", "Neo4j stopped ({dir})"),
    "neo.not_stopped": ("{dir} 没有正在运行的 Neo4j", "no Neo4j server was running for {dir}"),
    "neo.status_on": (
        "运行中：Neo4j {version}，{uri}（pid {pid}），数据目录 {dir}",
        "running: Neo4j {version} at {uri} (pid {pid}), data {dir}",
    ),
    "neo.status_off": ("未运行（数据目录 {dir}）", "not running (data dir {dir})"),
    "neo.read": ("已读取 {file}（{kind}）：{n} 条记录", "read {file} ({kind}): {n} records"),
    "neo.imported": (
        "已导入 {rows:,} 行（节点 {nodes:,}，关系 {rels:,}）到 {dir}，用时 {s:.1f} 秒，"
        "每秒 {rate:,.0f} 行（读取 {read:.1f} 秒，导入文件 {write:.1f} 秒，导入器 {imp:.1f} 秒，"
        "服务器启停 {server:.1f} 秒，索引 {schema:.1f} 秒）",
        "imported {rows:,} rows ({nodes:,} nodes, {rels:,} relationships) into {dir} in "
        "{s:.1f} s, {rate:,.0f} rows/s (reading {read:.1f} s, import files {write:.1f} s, "
        "importer {imp:.1f} s, server start/stop {server:.1f} s, indexes {schema:.1f} s)",
    ),
    "neo.at": ("Neo4j 正在运行：{uri}：{command}", "Neo4j is running at {uri}: {command}"),
    "neo.start_it": ("启动：{command}", "start it: {command}"),
}

_WHAT = {"added": "新增", "changed": "修改", "removed": "删除"}
_LABEL = re.compile(r"(added|changed|removed) (\d+) (\w+): (.*)")
_RELS = re.compile(r"(\w+) relationships: (.*)")
_COUNT = re.compile(r"(added|changed|removed) (\d+)")
_SUMMARY = re.compile(r"(\d+) added, (\d+) changed, (\d+) removed(?:, settings (.*))?")
_MORE = re.compile(r" … \(\+(\d+) more\)")


#: the ranking lists by their key, in Chinese and English
LIST_NAMES: dict[str, tuple[str, str]] = {
    "fortune_global500": ("《财富》世界500强", "Fortune Global 500"),
    "fortune_china500": ("《财富》中国500强", "Fortune China 500"),
    "acfic_private500": ("中国民营企业500强", "ACFIC top 500 private firms"),
    "central_soe": ("央企名录", "central SOE list"),
}


def list_label(membership: str, lang: Lang = "zh") -> str:
    """A list membership, name first: ``fortune_global500 2025 #155`` →
    ``《财富》世界500强 2025 第155名 (fortune_global500)`` (in English ``Fortune Global 500 2025
    #155 (fortune_global500)``); unknown lists stay as given."""
    key, _, rest = membership.partition(" ")
    if key not in LIST_NAMES:
        return membership
    zh = lang == "zh"
    ranks = [(f"第{t[1:]}名" if zh else t) if t.startswith("#") else t for t in rest.split()]
    return " ".join([LIST_NAMES[key][0 if zh else 1], *ranks]) + f" ({key})"


def kind_name(kind: str, lang: Lang) -> str:
    """A kind of file (``--kind``) as ``lang`` names it: 企业名录, or ``enterprises`` itself."""
    key = f"kind.{kind}"
    return SURFACE[key][0 if lang == "zh" else 1] if key in SURFACE else kind


def _label(name: str) -> str:
    key = f"label.{name}"
    return SURFACE[key][0] if key in SURFACE else name


def change_line(line: str, lang: Lang) -> str:
    """A line of a change list (``Changes.lines()`` / ``summary()``) in ``lang``.

    >>> change_line("added 2 Enterprise: e1 宁德时代, e2", "zh")
    '新增 企业 2 个：e1 宁德时代、e2'
    """
    if lang == "en":
        return line
    m = _LABEL.fullmatch(line)
    if m:
        names = _MORE.sub(r" …（另有 \1 个）", m[4]).replace(", ", "、")
        return f"{_WHAT[m[1]]} {_label(m[3])} {m[2]} 个：{names}"
    m = _RELS.fullmatch(line)
    if m:
        counts = _COUNT.sub(lambda c: f"{_WHAT[c[1]]} {c[2]}", m[2]).replace(", ", "，")
        return f"{_label(m[1])} 关系：{counts}"
    m = _SUMMARY.fullmatch(line)
    if m:
        settings = f"，设置 {m[4]}" if m[4] else ""
        return f"新增 {m[1]}，修改 {m[2]}，删除 {m[3]}{settings}"
    if line == "no change":
        return "没有变化"
    if line.startswith("replaces what was loaded from: "):
        return "取代此前载入的文件：" + line.split(": ", 1)[1].replace(", ", "、")
    if line.startswith("setting ") and " -> " in line:
        key, rest = line[len("setting ") :].split(": ", 1)
        return f"设置 {key}：" + rest.replace("(none)", "（无）").replace(" -> ", " → ")
    return line
