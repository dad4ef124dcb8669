"""The explorer page's words: panel facts, legend, filters, badges, buttons and hints."""

from __future__ import annotations

EXPLORER: dict[str, tuple[str, str]] = {
    "x.tier": ("层级", "tier"),
    "x.coverage": ("覆盖", "coverage"),
    "x.local": ("本地企业", "local firms"),
    "x.cov_sum": ("覆盖度", "coverage sum"),
    "x.importance": ("重要性", "importance"),
    "x.priority": ("优先级", "priority"),
    "x.official": ("官方清单", "official list"),
    "x.vs_official": ("与官方清单", "vs. official list"),
    "x.disagrees": ("不一致", "disagrees"),
    "x.chains": ("产业链", "chains"),
    "x.id": ("编号", "id"),
    "x.kind": ("类型", "kind"),
    "x.full_name": ("全称", "full name"),
    "x.hq_region": ("总部", "HQ region"),
    "x.ownership": ("所有制", "ownership"),
    "x.stock": ("股票代码", "stock code"),
    "x.lists": ("榜单", "lists"),
    "x.kind.enterprise": ("企业", "firm"),
    "x.kind.product": ("产品", "product"),
    "x.kind.segment": ("环节", "segment"),
    "x.official.weak": ("官方弱项", "official: weak"),
    "x.official.missing": ("官方缺项", "official: missing"),
    "x.badge.weak": ("[官方弱项]", "[official: weak]"),
    "x.badge.missing": ("[官方缺项]", "[official: missing]"),
    "x.shared_by": ("({n} 条链共有)", "(in {n} chains)"),
    "x.shared_note": ("{n} 个环节为多条产业链共有", "{n} segments are shared by several chains"),
    "x.subtitle": (
        "地区 {region} · 环节 {n} · 强 {strong} · 弱项 {weak} · 缺项 {missing}",
        "region {region} · {n} segments · {strong} strong · {weak} weak · {missing} missing",
    ),
    "x.around_title": ("{name} · {depth} 步邻域", "{name} · {depth}-step neighbourhood"),
    "x.around_sub": (
        "{kind} · 节点 {nodes} · 连线 {edges}",
        "{kind} · {nodes} nodes · {edges} links",
    ),
    "x.cut": (
        "只显示前 {max} 个节点（另有 {dropped} 条连线未显示）",
        "cut at {max} nodes ({dropped} links not shown)",
    ),
    "x.edge.feeds": ("供应", "feeds"),
    "x.edge.part_of": ("包含", "contains"),
    "x.edge.candidate": ("可填补", "could fill"),
    "x.edge.can_supply": ("能供应", "can supply"),
    "x.edge.makes": ("主营产品", "makes"),
    "x.edge.made_from": ("上游材料", "made from"),
    "x.edge.subtype_of": ("产品小类", "subtype of"),
    "x.legend.official": ("官方清单所列弱项/缺项", "on the official weak-link list"),
    "x.legend.size": ("大小 = 重要性", "size = importance"),
    "x.legend.candidate": ("候选企业", "candidate firm"),
    "x.legend.feeds": ("供应（上游 → 下游）", "feeds (upstream → downstream)"),
    "x.legend.links": ("大小 = 连线数", "size = links"),
    # the page's script and its fixed texts
    "x.search": ("搜索名称或别名", "search a name or alias"),
    "x.cand_all": ("显示全部缺口的候选企业", "candidates of all gaps"),
    "x.hint": (
        "点击一个节点查看详情：本地企业与候选企业（含评分因子）。",
        "Click a node for its local firms and top candidates with score factors.",
    ),
    "x.score": ("得分", "score"),
    "x.hq": ("总部", "HQ"),
    "x.aliases": ("别名：", "aliases: "),
    "x.could_fill": ("可填补", "could fill"),
    "x.local_firms": ("本地企业", "local firms"),
    "x.via_project": ("，经项目 ", ", via project "),
    "x.none": ("无", "none"),
    "x.candidates": ("候选企业", "top candidates"),
    "x.hide": ("从图上隐藏候选企业", "hide candidates"),
    "x.show": ("在图上显示候选企业", "show candidates on the map"),
    "x.no_match": ("没有匹配", "no match"),
    "x.list_sep": ("、", ", "),
    "x.fact_date": ("来源与日期", "source and date"),
    "x.undated": ("无日期", "undated"),
    "x.dates": (
        "图中事实的日期：最早 {oldest}，最新 {newest}",
        "facts drawn date from {oldest} to {newest}",
    ),
    "x.no_dates": ("图中事实均无日期", "no fact drawn carries a date"),
    "x.wrote": (
        "已写入 {path}（{nodes} 个节点，{edges} 条连线）",
        "wrote {path} ({nodes} nodes, {edges} edges)",
    ),
}

#: the words the page's script shows, by the name it uses
SCRIPT_WORDS = (
    "score hq aliases could_fill local_firms via_project none candidates hide show no_match "
    "list_sep"
).split()
