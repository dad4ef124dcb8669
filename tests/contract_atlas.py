"""The atlas the store tests write (one or more records of every type) and a snapshot of
everything a store answers about it: shared by the contract suite and the engine-specific
store tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from chainatlas.graph.model import (
    Atlas,
    Capability,
    Chain,
    Cluster,
    ContactEntry,
    Enterprise,
    Executive,
    Industry,
    IndustryMembership,
    Intention,
    ListMembership,
    Presence,
    PresenceKind,
    Product,
    ProductLink,
    ProductSupply,
    Profile,
    Project,
    Region,
    Segment,
    StatusChange,
    SupplyLink,
    SupplyTie,
    WeakLink,
)
from chainatlas.graph.store import Store

__all__ = ["D1", "D2", "full_atlas", "snapshot", "ENTERPRISE_IDS", "PRODUCT_NAMES"]

D1 = date(2025, 6, 30)
D2 = date(2026, 3, 1)


def full_atlas() -> Atlas:
    """One or more records of every type, written out of order on purpose."""
    return Atlas(
        regions=[
            Region(code="410700", name_zh="新乡市", level="city", parent="410000", lon=113.9),
            Region(code="410000", name_zh="河南省", level="province"),
        ],
        chains=[
            Chain(id="ev", name_zh="新能源汽车", name_en="EV", source="plan", as_of=D1),
            Chain(id="battery", name_zh="锂电池", description="电池链"),
        ],
        segments=[
            Segment(id="packs", name_zh="电池包", tier="midstream", chain_ids=["battery"]),
            Segment(
                id="cells",
                name_zh="电芯",
                tier="midstream",
                parent="packs",
                chain_ids=["battery", "ev"],
                aliases=["动力电池"],
                keywords=["锂离子"],
                gbt_codes=["3841"],
                importance=4.5,
            ),
            Segment(id="anode", name_zh="负极", tier="upstream", chain_ids=["battery"]),
        ],
        links=[
            SupplyLink(from_id="cells", to_id="packs", kind="component", chain_id="battery"),
            SupplyLink(from_id="anode", to_id="cells", chain_id="battery", source="map"),
            SupplyLink(from_id="cells", to_id="packs", kind="component", chain_id="ev"),
        ],
        enterprises=[
            Enterprise(
                id="zeta",
                name="泽塔电池",
                full_name="泽塔电池股份有限公司",
                aliases=["ZETA"],
                ownership="private",
                hq_region="410700",
                revenue_100m_cny=12.5,
                employees=800,
                lists=[ListMembership(list="专精特新", year=2024)],
                products=["电芯"],
                status="在谈",
            ),
            Enterprise(id="alpha", name="阿尔法材料", hq_region="320500", as_of=D2),
        ],
        capabilities=[
            Capability(enterprise_id="zeta", segment_id="cells", strength=0.8, evidence="年报"),
            Capability(enterprise_id="alpha", segment_id="anode", strength=0.5),
            Capability(enterprise_id="zeta", segment_id="packs"),
        ],
        presences=[
            Presence(enterprise_id="zeta", region_code="410700", kind="hq"),
            Presence(enterprise_id="zeta", region_code="410782", kind="plant"),
            Presence(enterprise_id="alpha", region_code="320500", kind="hq"),
            Presence(enterprise_id="alpha", region_code="410721", kind="planned"),
        ],
        weak_links=[
            WeakLink(id="w2", chain_id="ev", segment_id="cells", kind="weak", note="缺龙头"),
            WeakLink(id="w1", chain_id="battery", segment_id="anode", kind="missing"),
        ],
        clusters=[
            Cluster(
                id="park",
                name="锂电产业园",
                region_code="410700",
                chain_id="battery",
                segment_ids=["cells"],
                member_ids=["zeta", "alpha"],
                lead_id="zeta",
            )
        ],
        projects=[
            Project(
                id="p1",
                name="年产10GWh电芯",
                enterprise_id="zeta",
                segment_ids=["cells", "packs"],
                investment_100m_cny=50.0,
                status="签约",
                history=[
                    StatusChange(status="在谈", on=date(2025, 1, 5)),
                    StatusChange(status="签约", on=date(2025, 4, 2), note="签约仪式"),
                ],
            )
        ],
        profiles=[
            Profile(
                enterprise_id="zeta",
                strategy="扩产",
                intentions=[Intention(segment_id="cells", region_code="410700", timing="2026")],
                executives=[Executive(name="张三", role="董事长", home_town="新乡")],
                contacts=[ContactEntry(on=date(2025, 2, 1), who="招商局", channel="visit")],
            )
        ],
        products=[
            Product(name="锂电池", source="chainkg"),
            Product(name="正极材料"),
        ],
        industries=[
            Industry(code="38", name="电气机械和器材制造业", level=1),
            Industry(code="3841", name="锂离子电池制造", level=4, parent_code="38"),
        ],
        product_links=[
            ProductLink(from_name="锂电池", to_name="正极材料", rel="MADE_FROM"),
            ProductLink(from_name="磷酸铁锂电池", to_name="锂电池", rel="SUBTYPE_OF", as_of=D1),
        ],
        product_supplies=[
            ProductSupply(enterprise_id="zeta", product_name="锂电池", weight=0.7),
            ProductSupply(enterprise_id="alpha", product_name="负极材料", evidence="官网"),
        ],
        industry_memberships=[
            IndustryMembership(enterprise_id="zeta", industry_code="3841"),
            IndustryMembership(enterprise_id="alpha", industry_code="C39"),
        ],
        supply_ties=[SupplyTie(from_id="alpha", to_id="zeta", evidence="供货")],
    )


# Every key the tests below write, so a snapshot sees all of it.
ENTERPRISE_IDS = ["zeta", "alpha", "n1", "e", "ghost"]
PRODUCT_NAMES = ["锂电池", "正极材料", "磷酸铁锂电池", "负极材料", "新产品", "甲", "乙"]


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a store answers about the keys the tests use, for whole-content comparisons."""
    seg_ids = [s.id for s in store.segments()]
    codes = [i.code for i in store.industries()]
    ids, names = ENTERPRISE_IDS, PRODUCT_NAMES
    return {
        "stats": store.stats(),
        "chains": store.chains(),
        "chain_segments": {c.id: store.chain_segments(c.id) for c in store.chains()},
        "chain_links": {c.id: store.chain_links(c.id) for c in store.chains()},
        "segments": store.segments(),
        "enterprises": store.enterprises(ids),
        "enterprise_count": store.enterprise_count(),
        "found": store.find_enterprises("a", 100),
        "capabilities": store.capabilities_for_segments(seg_ids),
        "capabilities_of": store.capabilities_of(ids),
        "presences": store.presences(ids),
        "in_region": sorted(store.enterprises_in_region("", list(PresenceKind))),
        "regions": store.regions(),
        "weak_links": store.weak_links(),
        "clusters": store.clusters(),
        "projects": store.projects(),
        "profiles": store.profiles(),
        "products": store.products(names),
        "searched": store.search_products(["锂", "材料", "产品"]),
        "product_links": store.product_links(names),
        "product_suppliers": store.product_suppliers(names),
        "enterprise_products": store.enterprise_products(ids),
        "industries": store.industries(),
        "industry_members": store.industry_members(codes),
        "enterprise_industries": store.enterprise_industries(ids),
        "supply_ties": store.supply_ties(ids),
    }
