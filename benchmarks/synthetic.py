"""A synthetic atlas at any scale, for benchmarks: chains, segments, firms, capabilities.

Deterministic for a seed and prefix-stable: the firms of block ``b`` (``BLOCK`` firms each) depend
only on ``(seed, b)``, so the first 10,000 firms of a 1,000,000-firm atlas are the 10,000-firm
atlas, and a benchmark can load 10k, measure, add the next 90k, measure again, and so on.
Records are validated pydantic models (plain construction is ~300x faster than
``model_construct`` here: pydantic inspects every ``default_factory`` on each call), yielded as
``Atlas`` batches so memory stays bounded whatever the scale.

Degree skew is Zipf-like on both sides: a firm's number of capabilities follows a Pareto law
(most firms supply one or two segments, a few supply dozens), and within a chain a few
segments attract most suppliers while many have a handful. Cities are real prefecture codes
with their coordinates; firm names are Chinese (brand + trade + legal form).
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from chainatlas.graph.model import (
    Atlas,
    Capability,
    Chain,
    Enterprise,
    LinkKind,
    ListMembership,
    Ownership,
    Presence,
    PresenceKind,
    Region,
    Segment,
    SupplyLink,
    SupplyTie,
    Tier,
    WeakLink,
    WeakLinkKind,
)

__all__ = ["Scale", "BLOCK", "HOME_REGION", "iter_synthetic", "frame", "firm_block", "rows_in"]

BLOCK = 10_000
HOME_REGION = "410700"
AS_OF = date(2025, 1, 1)
MAX_CAPS_PER_FIRM = 60

CHAIN_NAMES = (
    "锂电池", "新能源汽车", "集成电路", "光伏", "风电装备", "氢能", "生物医药", "医疗器械",
    "智能终端", "新型显示", "工业机器人", "数控机床", "轨道交通装备", "航空航天", "船舶海工",
    "现代煤化工", "精细化工", "新材料", "钢铁", "有色金属", "纺织服装", "食品加工", "家电制冷",
    "电子信息", "通信设备", "软件信息", "节能环保", "智能电网", "农机装备", "现代物流",
)  # fmt: skip
TIER_WORDS = {
    Tier.UPSTREAM: (
        "矿产资源", "基础原料", "关键材料", "电子化学品", "特种气体", "金属材料", "高分子材料",
        "复合材料", "专用设备", "检测仪器", "精密模具", "工业软件", "基础零件", "催化剂",
        "添加剂", "涂层材料",
    ),
    Tier.MIDSTREAM: (
        "核心部件", "零部件", "模组", "组件", "控制系统", "驱动系统", "传感器", "电源系统",
        "精密加工", "封装测试", "总成", "结构件", "热管理系统", "功率器件", "中间体", "系统集成",
    ),
    Tier.DOWNSTREAM: (
        "整机", "终端产品", "应用服务", "运营服务", "回收利用", "维修保养", "销售渠道",
        "检验认证", "金融租赁", "示范应用", "出口贸易", "平台服务", "售后服务", "智能制造服务",
        "数据服务", "配套服务",
    ),
}  # fmt: skip
GBT_CODES = (
    "3841", "3612", "3464", "2522", "2621", "2761", "3985", "3562", "3825", "3971", "2614",
    "3311", "3511", "3731", "3921", "2669", "3399", "3824", "3360", "3089",
)  # fmt: skip
BRAND = "华中汇恒泰鑫宏达联创新源金瑞兴隆盛远景德信安康科力天博佳美东方明阳光龙海丰正大"
TRADES = (
    "新材料", "新能源", "电子", "科技", "化工", "机械", "装备", "电气", "汽车零部件", "精密",
    "环保", "智能", "生物", "光电", "动力", "储能", "半导体", "医疗", "物流", "数据",
)  # fmt: skip
LEGAL = ("有限公司", "股份有限公司", "集团有限公司", "科技有限公司")
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}  # fmt: skip
# (code, name, lon, lat, weight): where firms are headquartered, big industrial cities first.
CITIES = (
    ("440300", "深圳市", 114.06, 22.54, 9), ("310000", "上海市", 121.47, 31.23, 9),
    ("320500", "苏州市", 120.59, 31.30, 7), ("110000", "北京市", 116.40, 39.90, 7),
    ("440100", "广州市", 113.26, 23.13, 6), ("330100", "杭州市", 120.16, 30.27, 6),
    ("441900", "东莞市", 113.75, 23.02, 5), ("320100", "南京市", 118.80, 32.06, 5),
    ("510100", "成都市", 104.07, 30.57, 5), ("420100", "武汉市", 114.31, 30.59, 5),
    ("330200", "宁波市", 121.55, 29.87, 4), ("440600", "佛山市", 113.12, 23.02, 4),
    ("320200", "无锡市", 120.31, 31.49, 4), ("370200", "青岛市", 120.38, 36.07, 4),
    ("500000", "重庆市", 106.55, 29.56, 4), ("120000", "天津市", 117.20, 39.13, 4),
    ("410100", "郑州市", 113.63, 34.75, 4), ("430100", "长沙市", 112.94, 28.23, 4),
    ("340100", "合肥市", 117.23, 31.82, 4), ("610100", "西安市", 108.94, 34.34, 3),
    ("320400", "常州市", 119.97, 31.81, 3), ("370100", "济南市", 117.12, 36.65, 3),
    ("350200", "厦门市", 118.09, 24.48, 3), ("350100", "福州市", 119.30, 26.08, 2),
    ("210100", "沈阳市", 123.43, 41.80, 2), ("210200", "大连市", 121.61, 38.91, 2),
    ("130100", "石家庄市", 114.51, 38.04, 2), ("360100", "南昌市", 115.86, 28.68, 2),
    ("410700", "新乡市", 113.93, 35.30, 2), ("410300", "洛阳市", 112.45, 34.62, 2),
    ("350900", "宁德市", 119.55, 26.67, 1), ("140100", "太原市", 112.55, 37.87, 1),
    ("220100", "长春市", 125.32, 43.82, 1), ("230100", "哈尔滨市", 126.53, 45.80, 1),
    ("450100", "南宁市", 108.37, 22.82, 1), ("520100", "贵阳市", 106.63, 26.65, 1),
    ("530100", "昆明市", 102.83, 24.88, 1), ("150100", "呼和浩特市", 111.75, 40.84, 1),
    ("150600", "鄂尔多斯市", 109.78, 39.61, 1), ("620100", "兰州市", 103.83, 36.06, 1),
    ("640100", "银川市", 106.23, 38.49, 1), ("650100", "乌鲁木齐市", 87.62, 43.83, 1),
    ("410800", "焦作市", 113.24, 35.22, 1), ("410500", "安阳市", 114.39, 36.10, 1),
    ("411000", "许昌市", 113.85, 34.04, 1), ("410200", "开封市", 114.31, 34.80, 1),
    ("460100", "海口市", 110.20, 20.04, 1), ("630100", "西宁市", 101.78, 36.62, 1),
)  # fmt: skip
OWNERSHIP = (
    (Ownership.PRIVATE, 74), (Ownership.LOCAL_SOE, 9), (Ownership.FOREIGN, 8),
    (Ownership.MIXED, 5), (Ownership.UNKNOWN, 3), (Ownership.CENTRAL_SOE, 1),
)  # fmt: skip
STRENGTHS = ((1.0, 2), (0.8, 3), (0.6, 3), (0.4, 2))


@dataclass(frozen=True)
class Scale:
    """How big the atlas is. Capabilities average about ``2.5`` per firm (Pareto ``alpha``)."""

    enterprises: int
    chains: int = 30
    segments_per_chain: int = 48
    seed: int = 7
    alpha: float = 1.25  # Pareto exponent of capabilities per firm (smaller = heavier tail)
    segment_skew: float = 1.1  # Zipf exponent of suppliers over a chain's segments
    plant_share: float = 0.15
    planned_share: float = 0.004
    tie_share: float = 0.01

    def __post_init__(self) -> None:
        if not 1 <= self.chains <= len(CHAIN_NAMES):
            raise ValueError(f"chains must be 1..{len(CHAIN_NAMES)}, got {self.chains}")
        if self.segments_per_chain < 6:
            raise ValueError("a chain needs at least 6 segments (two per tier)")
        if self.enterprises < 0:
            raise ValueError("enterprises must be >= 0")


def rows_in(atlas: Atlas) -> int:
    """Records in a batch (nodes and relationships): what a loader's rows/s counts."""
    return sum(atlas.counts().values())


def _chain_id(i: int) -> str:
    return f"c{i:02d}"


def _segment_ids(scale: Scale, chain: int) -> list[str]:
    return [f"{_chain_id(chain)}-s{j:02d}" for j in range(scale.segments_per_chain)]


def _tier_of(j: int, n: int) -> Tier:
    return (Tier.UPSTREAM, Tier.MIDSTREAM, Tier.DOWNSTREAM)[min(2, j * 3 // n)]


def frame(scale: Scale) -> Atlas:
    """Regions, chains, segments (with hierarchy), supply links and official weak links."""
    rng = random.Random(f"{scale.seed}:frame")
    regions = [
        Region(code=f"{p}0000", name_zh=name, level="province", source="synthetic", as_of=AS_OF)
        for p, name in PROVINCES.items()
    ]
    regions += [
        Region(
            code=code,
            name_zh=name,
            level="city",
            parent=f"{code[:2]}0000",
            lon=lon,
            lat=lat,
            source="synthetic",
            as_of=AS_OF,
        )
        for code, name, lon, lat, _ in CITIES
        if not code.endswith("0000")
    ]
    out = Atlas(regions=regions)
    n = scale.segments_per_chain
    for c in range(scale.chains):
        cid, czh = _chain_id(c), CHAIN_NAMES[c]
        out.chains.append(
            Chain(
                id=cid,
                name_zh=f"{czh}产业链",
                name_en=f"chain {c}",
                source="synthetic",
                as_of=AS_OF,
            )
        )
        ids = _segment_ids(scale, c)
        tiers = [_tier_of(j, n) for j in range(n)]
        # the first two segments of each tier group the others of that tier
        groups = {t: [ids[j] for j in range(n) if tiers[j] == t][:2] for t in Tier}
        for j, sid in enumerate(ids):
            tier = tiers[j]
            words = TIER_WORDS[tier]
            word = words[j % len(words)]
            rank = j // len(words)
            parent = None if sid in groups[tier] else rng.choice(groups[tier])
            out.segments.append(
                Segment(
                    id=sid,
                    name_zh=f"{czh}{word}" + (f"{rank + 1}类" if rank else ""),
                    name_en=f"{cid} segment {j}",
                    tier=tier,
                    parent=parent,
                    chain_ids=[cid],
                    aliases=[],
                    keywords=[word],
                    gbt_codes=[rng.choice(GBT_CODES)],
                    importance=float(rng.randint(1, 5)) if rng.random() < 0.5 else None,
                    description="",
                    source="synthetic",
                    as_of=AS_OF,
                )
            )
        by_tier = {t: [ids[j] for j in range(n) if tiers[j] == t] for t in Tier}
        for up, down in ((Tier.UPSTREAM, Tier.MIDSTREAM), (Tier.MIDSTREAM, Tier.DOWNSTREAM)):
            for sid in by_tier[up]:
                for to in rng.sample(by_tier[down], k=min(len(by_tier[down]), rng.randint(1, 3))):
                    out.links.append(
                        SupplyLink(
                            from_id=sid,
                            to_id=to,
                            kind=rng.choice(list(LinkKind)),
                            chain_id=cid,
                            source="synthetic",
                            as_of=AS_OF,
                        )
                    )
        for k, sid in enumerate(rng.sample(ids, k=4)):
            out.weak_links.append(
                WeakLink(
                    id=f"{cid}-wl{k}",
                    chain_id=cid,
                    segment_id=sid,
                    kind=WeakLinkKind.MISSING if k % 2 else WeakLinkKind.WEAK,
                    note="synthetic",
                    written_as="",
                    source="synthetic",
                    as_of=AS_OF,
                )
            )
    return out


def _zipf_cum(n: int, s: float) -> list[float]:
    return list(accumulate(1.0 / (r + 1) ** s for r in range(n)))


class _Tables:
    """Per-scale lookup tables shared by every block (popularity orders are seeded)."""

    def __init__(self, scale: Scale) -> None:
        rng = random.Random(f"{scale.seed}:tables")
        self.chain_cum = _zipf_cum(scale.chains, 0.8)
        self.seg_ids = []
        for c in range(scale.chains):
            ids = _segment_ids(scale, c)
            rng.shuffle(ids)  # popularity rank is independent of tier and position
            self.seg_ids.append(ids)
        self.seg_cum = _zipf_cum(scale.segments_per_chain, scale.segment_skew)
        self.city_cum = list(accumulate(w for *_, w in CITIES))
        self.own_cum = list(accumulate(w for _, w in OWNERSHIP))
        self.str_cum = list(accumulate(w for _, w in STRENGTHS))


def _pick(rng: random.Random, cum: Sequence[float]) -> int:
    return bisect_right(cum, rng.random() * cum[-1])


def firm_block(scale: Scale, block: int, tables: _Tables | None = None) -> Atlas:
    """Firms ``block*BLOCK`` … (at most ``scale.enterprises``) with capabilities and presences."""
    t = tables or _Tables(scale)
    rng = random.Random(f"{scale.seed}:block:{block}")
    start, stop = block * BLOCK, min(scale.enterprises, (block + 1) * BLOCK)
    out = Atlas()
    src = f"synthetic (seed {scale.seed})"
    for i in range(start, stop):
        eid = f"syn{i:07d}"
        city = CITIES[_pick(rng, t.city_cum)]
        brand = rng.choice(BRAND) + rng.choice(BRAND)
        trade = rng.choice(TRADES)
        revenue = round(rng.lognormvariate(0.5, 1.6), 2)
        lists = (
            [ListMembership(list="fortune_china500", year=2025, rank=1 + i % 500)]
            if revenue > 300 and rng.random() < 0.3
            else []
        )
        out.enterprises.append(
            Enterprise(
                id=eid,
                name=f"{brand}{trade}",
                full_name=f"{city[1].removesuffix('市')}{brand}{trade}{rng.choice(LEGAL)}",
                ownership=OWNERSHIP[_pick(rng, t.own_cum)][0],
                hq_region=city[0],
                revenue_100m_cny=revenue,
                employees=int(revenue * 80) + 5,
                lists=lists,
                source=src,
                as_of=AS_OF,
            )
        )
        out.presences.append(
            Presence(
                enterprise_id=eid,
                region_code=city[0],
                kind=PresenceKind.HQ,
                source=src,
                as_of=AS_OF,
            )
        )
        if rng.random() < scale.plant_share:
            plant = CITIES[_pick(rng, t.city_cum)][0]
            if plant != city[0]:
                out.presences.append(
                    Presence(
                        enterprise_id=eid,
                        region_code=plant,
                        kind=PresenceKind.PLANT,
                        source=src,
                        as_of=AS_OF,
                    )
                )
        if rng.random() < scale.planned_share and city[0] != HOME_REGION:
            out.presences.append(
                Presence(
                    enterprise_id=eid,
                    region_code=HOME_REGION,
                    kind=PresenceKind.PLANNED,
                    source=src,
                    as_of=AS_OF,
                )
            )
        k = min(MAX_CAPS_PER_FIRM, int(rng.paretovariate(scale.alpha)))
        home = _pick(rng, t.chain_cum)
        chosen: dict[str, None] = {}
        for _ in range(k * 2):  # a few tries to find k distinct segments
            if len(chosen) >= k:
                break
            c = home if rng.random() < 0.85 else _pick(rng, t.chain_cum)
            chosen[t.seg_ids[c][_pick(rng, t.seg_cum)]] = None
        for sid in chosen:
            out.capabilities.append(
                Capability(
                    enterprise_id=eid,
                    segment_id=sid,
                    strength=STRENGTHS[_pick(rng, t.str_cum)][0],
                    evidence="synthetic registry",
                    source=src,
                    as_of=AS_OF,
                )
            )
        if i > 0 and rng.random() < scale.tie_share:
            out.supply_ties.append(
                SupplyTie(
                    from_id=eid,
                    to_id=f"syn{rng.randrange(0, i):07d}",
                    evidence="synthetic",
                    source=src,
                    as_of=AS_OF,
                )
            )
    return out


def iter_synthetic(scale: Scale, *, start: int = 0, stop: int | None = None) -> Iterator[Atlas]:
    """The atlas as batches: the frame first (when ``start`` is 0), then one batch per block of
    ``BLOCK`` firms from firm ``start`` up to ``stop`` (default: all); both multiples of BLOCK."""
    stop = scale.enterprises if stop is None else min(stop, scale.enterprises)
    if start % BLOCK:
        raise ValueError(f"start must be a multiple of {BLOCK}")
    if start == 0:
        yield frame(scale)
    tables = _Tables(scale)
    for block in range(start // BLOCK, (stop + BLOCK - 1) // BLOCK):
        yield firm_block(scale, block, tables)
