"""The catalogue's data: for each input kind, its fields with their Chinese header, the other
spellings a planner types, and what each holds. ``headers`` reads it; see there.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CATALOGUE", "KIND_TITLES", "NOT_KEPT", "Column"]

NOT_KEPT = "-"  # the key of a column that is understood but not kept


@dataclass(frozen=True)
class Column:
    """One field of a kind: its key, its Chinese header, the other spellings, what it holds."""

    key: str
    zh: str
    what: str
    variants: tuple[str, ...] = ()
    required: bool = False
    note: str = ""  # said in the load report when the column is present (not-kept columns)

    def spellings(self) -> list[str]:
        out = [] if self.key == NOT_KEPT else [self.key]
        return list(dict.fromkeys([*out, self.zh, *self.variants]))


def _c(key: str, zh: str, what: str, *variants: str, required: bool = False) -> Column:
    return Column(key, zh, what, tuple(variants), required)


def _not_kept(zh: str, what: str, *variants: str, note: str = "") -> Column:
    return Column(NOT_KEPT, zh, what, tuple(variants), note=note)


_SOURCE = _c("source", "来源", "where the facts come from", "数据来源", "资料来源", "出处")
_AS_OF = _c("as_of", "日期", "date of the facts (YYYY-MM-DD)", "截至日期", "数据日期", "date")
_ROW_NO = _not_kept("序号", "a row number (not kept)", "行号", "no.", "no")
_REGION_WHAT = "division code or name (410700, 新乡市, 河南省新乡市)"
_CONTACT_NOTE = (
    "the registry keeps no contacts; record people met and contact details in a profiles file "
    "(对接人, 联系日期)"
)

KIND_TITLES: dict[str, str] = {
    "regions": "regions (行政区划): divisions with coordinates",
    "chain": "chain maps (产业链图谱, YAML): the `chain:` mapping",
    "chain.segments": "chain maps: each item under `segments:`",
    "chain.links": "chain maps: each item under `links:`",
    "enterprises": "enterprise registry (企业名录)",
    "weak_links": "official weak/missing-link list (弱项缺项清单)",
    "clusters": "industrial clusters (产业集群)",
    "projects": "key projects (重点项目)",
    "projects.history": "key projects (YAML): each item under `history:`",
    "profiles": "target information base (目标企业信息库)",
    "soe_pairing": "central-SOE pairing table (央企对接)",
    "soe_keys": "central-SOE pairing: industry keys",
    "ranking_lists": "ranking lists (`import lists DIR`: fortune_*, acfic_*, central_soe_list)",
    "list_review": "reviewed list matches (`import lists --review` file, filled in)",
}

CATALOGUE: dict[str, tuple[Column, ...]] = {
    "regions": (
        _c("code", "区划代码", "division code (GB/T 2260)", "代码", "行政区划代码", "地区代码",
           "adcode", "region_code", required=True),
        _c("name_zh", "名称", "Chinese name", "区划名称", "地区名称", "中文名", "name",
           required=True),
        _c("name_en", "英文名", "English name", "英文名称", "english_name"),
        _c("level", "级别", "province / prefecture / county", "层级", "行政级别"),
        _c("parent", "上级", "the parent division's code", "上级代码", "上级区划", "parent_code"),
        _c("lon", "经度", "longitude (WGS84)", "lng", "longitude"),
        _c("lat", "纬度", "latitude (WGS84)", "latitude"),
        _SOURCE,
        _AS_OF,
    ),
    "chain": (
        _c("id", "编号", "chain id (a slug: battery-ev)", "链条编号", "产业链编号", required=True),
        _c("name_zh", "名称", "Chinese name", "产业链", "产业链名称", "中文名", required=True),
        _c("name_en", "英文名", "English name", "英文名称"),
        _c("description", "说明", "what the chain covers", "描述", "简介"),
        _SOURCE,
        _AS_OF,
    ),
    "chain.segments": (
        _c("id", "编号", "segment id (a slug: separators)", "环节编号", required=True),
        _c("name_zh", "名称", "Chinese name", "环节", "环节名称", "中文名", required=True),
        _c("name_en", "英文名", "English name", "英文名称"),
        _c("tier", "层级", "upstream / midstream / downstream (上游 / 中游 / 下游)",
           "环节层级", "上中下游", "位置", required=True),
        _c("parent", "上级", "the parent segment's id", "上级环节", "父环节"),
        _c("aliases", "别名", "other names (list, or 、;； separated)", "又称", "其他名称"),
        _c("keywords", "关键词", "words that point to it (list)", "关键字"),
        _c("gbt_codes", "行业代码", "GB/T 4754-2017 class codes (4 digits)", "国民经济行业代码",
           "gbt_code", "国标行业代码"),
        _c("importance", "重要性", "0-5, the planner's weight", "重要度", "权重"),
        _c("description", "说明", "what it is", "描述"),
        _SOURCE,
        _AS_OF,
    ),
    "chain.links": (
        _c("from", "上游", "the supplying segment", "从", "供给", "供给环节", "from_id",
           required=True),
        _c("to", "下游", "the segment it feeds", "到", "需求", "需求环节", "to_id", required=True),
        _c("kind", "类型", "material / component / equipment / service (材料 / 零部件 / 设备 / "
           "服务)", "关系", "配套类型", "供给类型"),
        _SOURCE,
        _AS_OF,
    ),
    "enterprises": (
        _c("id", "企业编号", "stable id (else the credit code, else one made from the name)",
           "企业id", "编号", "企业代码"),
        _c("name", "企业名称", "the name planners use", "名称", "简称", "企业简称", "short_name",
           "公司名称", "单位名称", "企业", "公司", required=True),
        _c("full_name", "企业全称", "registered name", "全称", "fullname", "注册名称", "公司全称",
           "工商注册名称"),
        _c("aliases", "别名", "other names (、;； separated)", "曾用名", "其他名称", "又称"),
        _c("uscc", "统一社会信用代码", "18-character code, GB 32100 check digit verified",
           "信用代码", "社会信用代码", "credit_code", "统一代码"),
        _c("ownership", "企业性质", "央企 / 地方国企 / 民营 / 外资 / 合资 / 集体 (central_soe …)",
           "所有制", "性质", "企业类型", "经济类型", "所有制性质", "企业所有制", "登记注册类型"),
        _c("stock_code", "股票代码", "stock code", "证券代码", "code", "上市代码"),
        _c("hq_region", "总部所在地", _REGION_WHAT, "总部", "总部地区", "注册地", "所在地",
           "所在地区", "所在区域", "地区", "区域", "hq", "注册地址", "地址", "企业地址",
           "总部地址", "所在区县", "区划代码", "行政区划代码", "地区代码", "region", "region_code"),
        _c("revenue_100m_cny", "营业收入(亿元)", "revenue, 亿元 (12, 12亿, 5000万)", "营业收入",
           "营收", "营收(亿元)", "主营业务收入", "年营业收入", "销售收入", "revenue"),
        _c("revenue_10k_cny", "营业收入(万元)", "revenue, 万元 (read as 亿元)", "营收(万元)",
           "主营业务收入(万元)", "销售收入(万元)"),
        _c("employees", "员工人数", "number of employees", "员工", "职工人数", "从业人员",
           "从业人数", "员工数", "人数"),
        _c("lists", "榜单", "list memberships: fortune_global500:2025:37", "名单", "入选榜单"),
        _c("segments", "所属环节", "segments it can supply, each with an optional strength "
           "(隔膜：0.8; 、，； separated)", "环节", "产业链环节", "可配套环节", "产业环节",
           "可供环节", "配套环节", "细分领域", "所属产业链环节", "segment", "segment_ids"),
        _c("products", "主营产品", "main products (、;； separated)", "产品", "主要产品",
           "主导产品", "经营产品"),
        _c("plants", "生产基地", "plant locations (codes or names)", "工厂", "基地", "生产地"),
        _c("planned", "拟建基地", "planned plants (codes or names)", "拟建", "拟建项目地"),
        _c("website", "官网", "website", "网站", "网址"),
        _c("industry", "所属行业", "industry, as written", "行业", "行业类别", "国民经济行业",
           "行业分类"),
        _c("status", "发展现状", "development status (text)", "现状", "企业现状"),
        _c("strategy", "发展战略", "strategy (text)", "战略"),
        _c("layout", "区域布局", "where it is present (text)", "布局", "产业布局"),
        _c("intentions", "项目意向", "investment intentions (text)", "投资意向"),
        _c("executives", "高管背景", "executives' background (text)", "高管"),
        _SOURCE,
        _AS_OF,
        _ROW_NO,
        _not_kept("联系人", "contact person (not kept here)", "联系电话", "电话", "手机",
                  "联系方式", "邮箱", "电子邮箱", "email", "contact", "phone",
                  note=_CONTACT_NOTE),
        _not_kept("备注", "notes (not kept here)", "说明", "note", "notes",
                  note="the registry keeps no notes; put them in a profiles file (发展现状)"),
        _not_kept("法定代表人", "legal representative, registered capital, founding date, "
                  "business scope (not kept)", "法人", "法人代表", "注册资本", "成立日期",
                  "成立时间", "经营范围", "登记状态", "经营状态",
                  note="the registry keeps no registration details besides the credit code"),
    ),
    "weak_links": (
        _c("id", "序号", "number of the entry in the list", "编号", "no", "编码"),
        _c("chain", "产业链", "chain id or name", "链条", "chain_id", "所属产业链", "产业链名称",
           required=True),
        _c("segment", "环节", "segment id, name or alias", "弱项缺项环节", "segment_id",
           "薄弱环节", "环节名称", "缺失环节", "弱项环节", "缺项环节", required=True),
        _c("kind", "类型", "弱项 / 缺项 (weak / missing)", "类别", "type", "弱项/缺项",
           "弱项或缺项", required=True),
        _c("note", "说明", "note", "备注", "notes", "情况说明", "具体说明", "原因"),
        _SOURCE,
        _AS_OF,
    ),
    "clusters": (
        _c("id", "集群编号", "stable id", "cluster", "cluster_id", "编号"),
        _c("name", "集群名称", "name", "集群", "名称", "产业集群", required=True),
        _c("park", "所在园区", "park", "园区", "产业园区", "载体"),
        _c("region_code", "地区代码", _REGION_WHAT, "region", "地区", "区划代码", "所在地"),
        _c("chain", "产业链", "chain id or name", "chain_id", "所属产业链"),
        _c("segments", "环节", "segment ids or names (、;； separated)", "产业链环节",
           "segment_ids", "所属环节", "主导环节"),
        _c("members", "成员企业", "member firms: ids or names", "member_ids", "企业",
           "集群企业"),
        _c("lead", "龙头企业", "the lead firm", "lead_id", "牵头企业"),
        _SOURCE,
        _AS_OF,
        _ROW_NO,
    ),
    "projects": (
        _c("id", "项目编号", "stable id", "project_id", "编号", "序号"),
        _c("name", "项目名称", "name", "project", "project_name", "项目", required=True),
        _c("enterprise", "投资方", "the firm: id or name", "enterprise_id", "企业", "投资主体",
           "企业名称", "建设单位", "投资企业"),
        _c("segments", "补链环节", "segments it fills (、;； separated)", "环节", "segment_ids",
           "所属环节", "产业环节"),
        _c("investment_100m_cny", "总投资(亿元)", "investment, 亿元 (12, 12亿, 5000万)",
           "investment", "投资额", "总投资", "投资额(亿元)", "计划总投资"),
        _c("status", "阶段", "推介 / 在谈 / 签约 / 拟开工 / 在建 / 投产 / 终止", "stage", "状态",
           "项目状态", "进展阶段"),
        _c("status_date", "状态日期", "date the stage was reached", "变更日期", "status_on"),
        _c("responsible_unit", "责任单位", "responsible unit", "unit", "牵头单位"),
        _c("lead_official", "分包领导", "lead official", "责任领导", "联系领导"),
        _c("region_code", "地区代码", _REGION_WHAT, "地区", "region", "区划代码", "建设地点",
           "项目地点"),
        _c("note", "进展情况", "note", "备注", "进展", "说明"),
        _c("history", "history", "YAML only: the dated stages (on, status, note)"),
        _SOURCE,
        _AS_OF,
    ),
    "projects.history": (
        _c("status", "阶段", "the stage", "stage", "状态", required=True),
        _c("on", "日期", "the date (YAML reads a bare on: as true)", "date", "status_date",
           "true"),
        _c("note", "说明", "note", "备注"),
        _SOURCE,
    ),
    "profiles": (
        _c("enterprise", "企业名称", "the firm: id or name", "enterprise_id", "企业", "企业简称",
           "目标企业", required=True),
        _c("status", "发展现状", "development status", "development_status", "现状"),
        _c("strategy", "发展战略", "strategy", "战略"),
        _c("layout", "区域布局", "where it is present", "布局"),
        _c("intention_segment", "意向环节", "segment of an investment intention", "intention"),
        _c("intention_region", "意向地区", _REGION_WHAT),
        _c("intention_investment", "意向投资(亿元)", "amount, 亿元", "意向投资"),
        _c("intention_timing", "意向时间", "when"),
        _c("intention_note", "意向说明", "note on the intention"),
        _c("executive", "高管姓名", "an executive's name", "高管"),
        _c("role", "职务", "the executive's role"),
        _c("home_town", "籍贯", "home town"),
        _c("alma_mater", "毕业院校", "university"),
        _c("ties", "渊源", "ties to the city", "关系"),
        _c("contact_date", "联系日期", "date of a contact", "走访日期", "对接日期"),
        _c("who", "走访人", "who of ours", "我方人员"),
        _c("counterpart", "对接人", "who of theirs", "对方人员", "联系人"),
        _c("channel", "对接方式", "走访 / 来访 / 洽谈会 / 电话 / 函件", "方式", "联系方式"),
        _c("outcome", "对接结果", "outcome", "结果", "成效"),
        _c("next_step", "下一步", "next step", "下步工作"),
        _c("next_date", "下次联系日期", "date of the next contact", "下次日期"),
        _c("intentions", "intentions", "YAML only: list of segment, region, investment, timing"),
        _c("executives", "executives", "YAML only: list of name, role, home_town, alma_mater"),
        _c("contacts", "contacts", "YAML only: list of date, who, counterpart, channel, outcome"),
        _SOURCE,
        _AS_OF,
        _ROW_NO,
    ),
    "soe_pairing": (
        _c("industry_zh", "行业", "industry (the table's words)", "产业", "industry",
           required=True),
        _c("industry_en", "行业英文名", "industry in English"),
        _c("seed_name_zh", "央企", "the central SOE as first named", "原名称", required=True),
        _c("seed_name_en", "央企英文名", "its English name"),
        _c("current_name_zh", "现名称", "its current name", "current_name", required=True),
        _c("note", "说明", "note", "备注"),
        _SOURCE,
        _AS_OF,
    ),
    "soe_keys": (
        _c("scope", "范围", "chain or gbt_division", required=True),
        _c("key", "键", "the chain id or two-digit GB/T 4754 division", required=True),
        _c("industry", "行业", "industry of the pairing table", "产业", required=True),
    ),
    "ranking_lists": (
        _c("name_zh", "企业名称", "the firm's name as the list writes it", "名称", "企业",
           required=True),
        _c("rank", "排名", "rank on the list", "名次", "位次"),
        _c("seq", "序号", "number on the central-SOE list"),
        _c("category", "类别", "central-SOE list: sasac, mof_enterprise, mof_culture, "
           "central_financial", "分类"),
        _c("name_en", "英文名称", "English name (Fortune Global 500)", "英文名"),
        _c("country", "国家", "country (Fortune Global 500: only China's rows are read)",
           "国家/地区"),
        _c("province", "省份", "province (ACFIC lists): becomes the HQ region", "所在省份"),
        _c("revenue_musd", "营业收入(百万美元)", "revenue, million USD (× 0.072 → 亿元)"),
        _c("profit_musd", "利润(百万美元)", "profit, million USD (not kept)"),
        _c("revenue_10k_cny", "营业收入(万元)", "revenue, 万元 (÷ 10,000 → 亿元)"),
        _c("website_or_supervisor", "网站或主管部门", "central-SOE list: website or supervisor "
           "(not kept)"),
    ),
    "list_review": (
        _c("list", "榜单", "list id", required=True),
        _c("entry", "榜单名称", "the name on the list", "名单企业", required=True),
        _c("score", "得分", "match score", "相似度"),
        _c("candidate_id", "候选企业编号", "the firm it may be", "企业编号"),
        _c("candidate_name", "候选企业", "its name", "企业名称"),
        _c("confirm", "确认", "是/否, yes/no, y/n, 1/0, ✓/✗; empty: undecided", "是否确认",
           "确认结果", required=True),
    ),
}  # fmt: skip
