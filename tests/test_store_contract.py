"""The Store contract: every method, on both stores, through the ``store`` fixture.

Expectations are written out by hand (not taken from one store to check the other), so each
store is held to the protocol itself; ``snapshot`` gathers every retrieval for the
whole-content comparisons (idempotency, failed writes).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.errors import StoreError, StoreUnavailable
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
    NodeLabel,
    Presence,
    PresenceKind,
    Product,
    ProductLink,
    ProductSupply,
    Profile,
    Project,
    ProjectStatus,
    Region,
    RelType,
    Segment,
    StatusChange,
    SupplyLink,
    SupplyTie,
    WeakLink,
    WeakLinkKind,
)
from chainatlas.graph.neo4j import cypher as Q
from chainatlas.graph.neo4j.cypher import NODE_KEYS
from chainatlas.graph.neo4j.store import Neo4jStore
from chainatlas.graph.store import (
    PullFacts,
    Store,
    industry_neighbourhood_of,
    product_neighbourhood_of,
    pull_facts_of,
)
from pydantic import ValidationError

D1 = date(2025, 6, 30)
D2 = date(2026, 3, 1)

# Names a careless store would mangle or, worse, execute.
AWKWARD = [
    'O\'Brien "双引号" 公司',
    "`反引号` `MATCH` 科技",
    "{braces: $param} 集团",
    "第一行\n第二行 MATCH (n) DETACH DELETE n",
    "RETURN 1 // comment /* x */ UNION ALL",
    "反斜杠 \\ 和 \\n 字面量",
    "𝒜 emoji 🚗 混合",
]


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


# -- writing and reading every record type ----------------------------------------------------
def test_round_trip_every_record_type(store: Store) -> None:
    atlas = full_atlas()
    store.write(atlas)

    assert store.chains() == sorted(atlas.chains, key=lambda c: c.id)
    assert store.segments() == sorted(atlas.segments, key=lambda s: s.id)
    assert [s.id for s in store.chain_segments("battery")] == ["anode", "cells", "packs"]
    assert [s.id for s in store.chain_segments("ev")] == ["cells"]
    assert store.chain_links("battery") == [atlas.links[1], atlas.links[0]]
    assert store.chain_links("ev") == [atlas.links[2]]
    assert store.enterprises(["zeta", "alpha", "nobody"]) == [
        atlas.enterprises[1],
        atlas.enterprises[0],
    ]
    assert store.enterprise_count() == 2
    caps = atlas.capabilities
    assert store.capabilities_for_segments(["cells", "anode", "packs"]) == [
        caps[1],
        caps[0],
        caps[2],
    ]
    assert store.capabilities_of(["zeta"]) == [caps[0], caps[2]]
    pres = atlas.presences
    assert store.presences(["zeta", "alpha"]) == [pres[2], pres[3], pres[0], pres[1]]
    assert store.regions(["410700"]) == [atlas.regions[0]]
    assert store.weak_links() == [atlas.weak_links[1], atlas.weak_links[0]]
    assert store.weak_links("ev") == [atlas.weak_links[0]]
    assert store.clusters() == atlas.clusters
    assert store.projects() == atlas.projects
    assert store.profiles() == atlas.profiles
    assert store.profiles(["zeta", "alpha"]) == atlas.profiles
    assert store.products(["锂电池", "正极材料", "无此产品"]) == [
        Product(name="正极材料"),
        Product(name="锂电池", source="chainkg"),
    ]
    assert store.product_links(["锂电池"]) == [atlas.product_links[1], atlas.product_links[0]]
    assert store.product_suppliers(["锂电池", "负极材料"]) == [
        atlas.product_supplies[1],
        atlas.product_supplies[0],
    ]
    assert store.enterprise_products(["zeta"]) == [atlas.product_supplies[0]]
    assert [i.code for i in store.industries()] == ["38", "3841", "C39"]
    assert store.industries(["3841"]) == [atlas.industries[1]]
    assert store.industry_members(["3841", "C39"]) == [
        atlas.industry_memberships[0],
        atlas.industry_memberships[1],
    ]
    assert store.enterprise_industries(["alpha"]) == [atlas.industry_memberships[1]]
    assert store.supply_ties(["zeta"]) == atlas.supply_ties
    assert store.supply_ties(["alpha", "zeta"]) == atlas.supply_ties


def test_stats_count_every_label_and_type(store: Store) -> None:
    store.write(full_atlas())
    assert store.stats() == {
        NodeLabel.CHAIN: 2,
        NodeLabel.SEGMENT: 3,
        NodeLabel.PRODUCT: 4,  # 2 written; 磷酸铁锂电池 and 负极材料 as placeholders
        NodeLabel.INDUSTRY: 3,  # 38, 3841 and the placeholder C39
        NodeLabel.ENTERPRISE: 2,
        NodeLabel.REGION: 5,  # 2 written; 410782, 320500 and 410721 as placeholders
        NodeLabel.CLUSTER: 1,
        NodeLabel.PROJECT: 1,
        NodeLabel.WEAK_LINK: 2,
        NodeLabel.PROFILE: 1,
        RelType.FEEDS: 3,  # cells→packs twice (battery and ev), anode→cells
        RelType.PART_OF: 6,  # 4 segment→chain, cells→packs, 3841→38
        RelType.CAN_SUPPLY: 5,  # 3 to segments, 2 to products
        RelType.LOCATED_IN: 4,
        RelType.SUPPLIES: 1,
        RelType.MADE_FROM: 1,
        RelType.SUBTYPE_OF: 1,
        RelType.IN_INDUSTRY: 2,
        RelType.CLASSIFIED_AS: 1,
        RelType.BY: 1,
        RelType.FILLS: 2,
        RelType.AT: 2,
        RelType.MEMBER_OF: 2,
    }
    assert set(store.stats()) == {*NodeLabel, *RelType}


def test_sorted_answers_whatever_the_write_order(store: Store) -> None:
    ids = ["m", "b", "z", "a", "k"]
    store.write(
        Atlas(
            chains=[Chain(id=i, name_zh=i) for i in ids],
            enterprises=[Enterprise(id=i, name=f"firm {i}") for i in ids],
            regions=[Region(code=c, name_zh=c) for c in ("41", "11", "32")],
            products=[Product(name=n) for n in ("乙", "甲", "Z", "a", "丙")],
        )
    )
    assert [c.id for c in store.chains()] == sorted(ids)
    assert [e.id for e in store.enterprises(reversed(ids))] == sorted(ids)
    assert [r.code for r in store.regions()] == ["11", "32", "41"]
    assert store.search_products(["乙", "甲", "丙", "Z", "a"]) == sorted(
        ["乙", "甲", "Z", "a", "丙"]
    )


def test_writing_twice_changes_nothing(store: Store) -> None:
    store.write(full_atlas())
    first = snapshot(store)
    store.write(full_atlas())
    assert snapshot(store) == first


def test_reset_empties_everything(store: Store) -> None:
    store.write(full_atlas())
    store.reset()
    assert set(store.stats().values()) == {0}
    assert store.chains() == [] and store.segments() == [] and store.enterprise_count() == 0


def test_settings_are_kept_replaced_removed_and_reset(store: Store) -> None:
    assert store.settings() == {}
    store.update_settings({"home_region": "410700", "lang": "zh"})
    store.write(full_atlas())  # a write of records leaves the settings alone
    assert store.settings() == {"home_region": "410700", "lang": "zh"}
    store.update_settings({"home_region": "321200", "lang": None})
    assert store.settings() == {"home_region": "321200"}
    if isinstance(store, NetworkXStore):  # another process opening the file sees them
        assert NetworkXStore(store.file).settings() == {"home_region": "321200"}
    store.reset()
    assert store.settings() == {}


# -- merge rules --------------------------------------------------------------------------------
def test_segment_chains_are_a_union_and_the_parent_is_replaced(store: Store) -> None:
    store.write(
        Atlas(
            chains=[Chain(id="a", name_zh="甲链")],
            segments=[
                Segment(id="top", name_zh="顶", tier="upstream", chain_ids=["a"]),
                Segment(id="top2", name_zh="顶2", tier="upstream", chain_ids=["a"]),
                Segment(id="s", name_zh="段", tier="upstream", parent="top", chain_ids=["a"]),
            ],
        )
    )
    store.write(
        Atlas(
            segments=[
                Segment(id="s", name_zh="段二", tier="midstream", parent="top2", chain_ids=["c"]),
                Segment(id="s", name_zh="段三", tier="midstream", parent="top2", chain_ids=["b"]),
            ]
        )
    )
    (seg,) = store.segments(["s"])
    assert seg.chain_ids == ["a", "b", "c"] and seg.name_zh == "段三"
    assert [s.id for s in store.chain_segments("b")] == ["s"]
    # chains b and c did not exist: placeholders named by their id
    assert store.chains() == [
        Chain(id="a", name_zh="甲链"),
        Chain(id="b", name_zh="b"),
        Chain(id="c", name_zh="c"),
    ]
    # s→a, s→b, s→c, s→top2 (not top any more), top→a, top2→a
    assert store.stats()[RelType.PART_OF] == 6


def test_new_segment_keeps_its_chain_order(store: Store) -> None:
    store.write(
        Atlas(segments=[Segment(id="s", name_zh="段", tier="upstream", chain_ids=["z", "a"])])
    )
    assert store.segments(["s"])[0].chain_ids == ["z", "a"]


def test_placeholders_for_regions_industries_products_only(store: Store) -> None:
    store.write(
        Atlas(
            enterprises=[Enterprise(id="e", name="企业")],
            segments=[Segment(id="s", name_zh="段", tier="upstream", gbt_codes=["3841"])],
            presences=[
                Presence(enterprise_id="e", region_code="410700"),
                Presence(enterprise_id="ghost", region_code="110000"),
            ],
            capabilities=[Capability(enterprise_id="ghost", segment_id="s")],
            product_links=[ProductLink(from_name="甲", to_name="乙", source="kg", as_of=D1)],
            product_supplies=[
                ProductSupply(enterprise_id="e", product_name="丙", source="年报"),
                ProductSupply(enterprise_id="ghost", product_name="丁"),
            ],
            industry_memberships=[
                IndustryMembership(enterprise_id="e", industry_code="C38"),
                IndustryMembership(enterprise_id="ghost", industry_code="C99"),
            ],
            supply_ties=[SupplyTie(from_id="e", to_id="ghost")],
            links=[SupplyLink(from_id="s", to_id="nowhere", chain_id="x")],
        )
    )
    assert store.regions() == [Region(code="410700", name_zh="")]
    assert store.industries() == [
        Industry(code="3841", scheme="gbt4754"),
        Industry(code="C38", scheme=""),
    ]
    assert store.products(["甲", "乙", "丙", "丁"]) == [
        Product(name="丙", source="年报"),
        Product(name="乙", source="kg", as_of=D1),
        Product(name="甲", source="kg", as_of=D1),
    ]
    counts = store.stats()
    assert counts[NodeLabel.ENTERPRISE] == 1 and counts[NodeLabel.SEGMENT] == 1
    assert counts[RelType.CAN_SUPPLY] == 1  # e→丙 only
    assert counts[RelType.LOCATED_IN] == 1 and counts[RelType.SUPPLIES] == 0
    assert counts[RelType.FEEDS] == 0 and counts[NodeLabel.CHAIN] == 0
    assert counts[RelType.IN_INDUSTRY] == 1 and counts[RelType.CLASSIFIED_AS] == 1


def test_existing_records_are_not_replaced_by_placeholders(store: Store) -> None:
    store.write(
        Atlas(
            regions=[Region(code="410700", name_zh="新乡市")],
            products=[Product(name="甲", source="own")],
        )
    )
    store.write(
        Atlas(
            enterprises=[Enterprise(id="e", name="企业")],
            presences=[Presence(enterprise_id="e", region_code="410700")],
            product_links=[ProductLink(from_name="甲", to_name="乙", source="kg")],
        )
    )
    assert store.regions() == [Region(code="410700", name_zh="新乡市")]
    assert store.products(["甲"]) == [Product(name="甲", source="own")]


def test_keyed_edges_last_write_wins(store: Store) -> None:
    base = Atlas(
        enterprises=[Enterprise(id="e", name="企业")],
        segments=[Segment(id="s", name_zh="段", tier="upstream")],
    )
    store.write(base)
    store.write(
        Atlas(
            capabilities=[
                Capability(enterprise_id="e", segment_id="s", strength=0.2),
                Capability(enterprise_id="e", segment_id="s", strength=0.9, evidence="新"),
            ],
            presences=[
                Presence(enterprise_id="e", region_code="410700", kind="hq", source="旧"),
                Presence(enterprise_id="e", region_code="410700", kind="plant"),
                Presence(enterprise_id="e", region_code="410700", kind="hq", source="新"),
            ],
        )
    )
    assert store.capabilities_of(["e"]) == [
        Capability(enterprise_id="e", segment_id="s", strength=0.9, evidence="新")
    ]
    assert [(p.kind, p.source) for p in store.presences(["e"])] == [
        (PresenceKind.HQ, "新"),
        (PresenceKind.PLANT, ""),
    ]


def test_rewritten_weak_links_clusters_projects_keep_only_new_relationships(
    store: Store,
) -> None:
    store.write(full_atlas())
    store.write(
        Atlas(
            weak_links=[WeakLink(id="w2", chain_id="ev", segment_id="anode", kind="missing")],
            clusters=[Cluster(id="park", name="锂电产业园", member_ids=["alpha"])],
            projects=[Project(id="p1", name="年产10GWh电芯", segment_ids=["anode"])],
        )
    )
    counts = store.stats()
    assert counts[RelType.AT] == 2 and counts[RelType.MEMBER_OF] == 1
    assert counts[RelType.FILLS] == 1 and counts[RelType.BY] == 0
    assert store.weak_links("ev")[0].kind == WeakLinkKind.MISSING


def test_projects_and_profiles_merge_their_histories(store: Store) -> None:
    store.write(full_atlas())
    store.write(
        Atlas(
            projects=[
                Project(
                    id="p1",
                    name="年产10GWh电芯",
                    history=[StatusChange(status="在建", on=date(2025, 9, 1))],
                    as_of=D2,
                )
            ],
            profiles=[
                Profile(
                    enterprise_id="zeta",
                    contacts=[ContactEntry(on=date(2025, 5, 1), who="市长", channel="meeting")],
                )
            ],
        )
    )
    (project,) = store.projects()
    assert [c.status for c in project.history] == [
        ProjectStatus.NEGOTIATING,
        ProjectStatus.SIGNED,
        ProjectStatus.UNDER_CONSTRUCTION,
    ]
    assert project.status == ProjectStatus.UNDER_CONSTRUCTION
    (profile,) = store.profiles(["zeta"])
    assert [c.on for c in profile.contacts] == [date(2025, 2, 1), date(2025, 5, 1)]
    assert profile.strategy == "扩产" and profile.executives[0].home_town == "新乡"


# -- retrievals with semantics of their own ----------------------------------------------------
def test_find_enterprises_exact_first_then_shortest_name(store: Store) -> None:
    store.write(
        Atlas(
            enterprises=[
                Enterprise(id="long", name="宁德时代新能源科技股份有限公司"),
                Enterprise(id="short", name="时代电池"),
                Enterprise(id="exact", name="其他", aliases=["时代"]),
                Enterprise(id="full", name="甲", full_name="时代甲乙有限公司"),
            ]
        )
    )
    assert [e.id for e in store.find_enterprises("时代")] == ["exact", "full", "short", "long"]
    assert [e.id for e in store.find_enterprises("时代", limit=2)] == ["exact", "full"]
    assert [e.id for e in store.find_enterprises("shor")] == ["short"]  # ids count too
    assert store.find_enterprises("  ") == []


def test_search_products_is_case_sensitive_substring_with_limit(store: Store) -> None:
    names = ["LiFePO4 cathode", "lifepo4", "磷酸铁锂", "磷酸铁锂电池", "钴酸锂", "铁"]
    store.write(Atlas(products=[Product(name=n) for n in names]))
    assert store.known_products(["铁", "钴", "lifepo4", "LIFEPO4", "铁", ""]) == ["lifepo4", "铁"]
    assert store.known_products([]) == []
    assert store.search_products(["LiFe"]) == ["LiFePO4 cathode"]
    assert store.search_products(["铁锂", " 钴 "]) == ["磷酸铁锂", "磷酸铁锂电池", "钴酸锂"]
    assert store.search_products(["铁"], limit=2) == ["磷酸铁锂", "磷酸铁锂电池"]
    assert store.search_products(["", "  "]) == []


def test_enterprises_in_region_by_prefix_and_kind(store: Store) -> None:
    store.write(full_atlas())
    assert store.enterprises_in_region("4107") == {"zeta"}
    assert store.enterprises_in_region("41", [PresenceKind.PLANNED]) == {"alpha"}
    assert store.enterprises_in_region("41", list(PresenceKind)) == {"zeta", "alpha"}
    assert store.enterprises_in_region("4108") == set()


def test_unknown_keys_and_empty_lists_give_empty_answers(store: Store) -> None:
    store.write(full_atlas())
    assert store.segments([]) == [] and store.segments(["nope"]) == []
    assert store.enterprises([]) == [] and store.capabilities_of(["nope"]) == []
    assert store.chain_segments("nope") == [] and store.chain_links("nope") == []
    assert store.weak_links("nope") == [] and store.product_links(["nope"]) == []
    assert store.regions([]) == [] and store.industries([]) == []
    assert store.profiles([]) == [] and store.supply_ties([]) == []
    assert store.enterprise_names([]) == {} and store.enterprise_names(["nope"]) == {}
    assert store.pull_facts([]) == [] and store.pull_facts(["nope"]) == []


def test_enterprise_names_are_the_records_names(store: Store) -> None:
    store.write(full_atlas())
    ids = [e.id for e in store.enterprises()]
    assert len(ids) >= 2
    want = {e.id: e.name for e in store.enterprises(ids)}
    assert store.enterprise_names([*ids, "nope"]) == want
    assert store.enterprise_names(ids[:1]) == {ids[0]: want[ids[0]]}


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_names_round_trip_exactly(store: Store, name: str) -> None:
    ent = Enterprise(id="odd", name=name, aliases=[name + " 别名"], full_name=f"「{name}」")
    seg = Segment(id="seg", name_zh=name, tier="upstream", keywords=[name], chain_ids=["c"])
    store.write(
        Atlas(
            enterprises=[ent],
            segments=[seg],
            products=[Product(name=name)],
            product_links=[ProductLink(from_name=name, to_name=name + "原料")],
            regions=[Region(code="41", name_zh=name)],
        )
    )
    assert store.enterprises(["odd"]) == [ent]
    assert store.enterprise_names(["odd"]) == {"odd": name}
    assert store.find_enterprises(name) == [ent]
    assert store.segments(["seg"]) == [seg]
    assert store.products([name]) == [Product(name=name)]
    assert store.search_products([name]) == ([name, name + "原料"] if "\n" not in name else [])
    assert store.product_links([name]) == [ProductLink(from_name=name, to_name=name + "原料")]
    assert store.regions()[0].name_zh == name
    assert store.stats()[NodeLabel.ENTERPRISE] == 1  # nothing in the name was executed


def test_floats_and_dates_come_back_as_written(store: Store) -> None:
    ent = Enterprise(id="e", name="企业", revenue_100m_cny=0.1 + 0.2, as_of=date(1999, 12, 31))
    store.write(
        Atlas(
            enterprises=[ent],
            regions=[Region(code="11", name_zh="北京", lon=116.4074, lat=39.9042)],
            product_supplies=[ProductSupply(enterprise_id="e", product_name="甲", weight=math.pi)],
        )
    )
    assert store.enterprises(["e"]) == [ent]
    assert store.regions()[0].lon == 116.4074
    assert store.enterprise_products(["e"])[0].weight == math.pi


# -- atomicity ----------------------------------------------------------------------------------
def test_a_failing_write_leaves_the_store_as_it_was(store: Store) -> None:
    store.write(full_atlas())
    before = snapshot(store)
    bad = Atlas(
        regions=[Region(code="11", name_zh="北京")],
        chains=[Chain(id="new", name_zh="新链")],
        enterprises=[Enterprise(id="zeta", name="改名了"), Enterprise(id="n1", name="新企业")],
        segments=[Segment(id="cells", name_zh="改", tier="upstream", chain_ids=["new"])],
        capabilities=[Capability(enterprise_id="n1", segment_id="cells")],
        products=[Product(name="新产品")],
        # the membership's empty code makes the placeholder Industry invalid: the write
        # fails late, after every earlier step has run
        industry_memberships=[IndustryMembership(enterprise_id="n1", industry_code="")],
    )
    with pytest.raises(ValidationError, match="code"):
        store.write(bad)
    assert snapshot(store) == before


def test_unreachable_neo4j_is_store_unavailable_naming_the_uri() -> None:
    from chainatlas.graph.neo4j.server import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore.from_uri(uri)
    message = str(info.value)
    assert message.startswith(f"cannot reach Neo4j at {uri}: ")
    assert "chainatlas neo4j start" in message and "\n" not in message


# -- Neo4j only: server-side failures, driver ownership, schema, full-text ------------------------
@pytest.fixture
def neo4j_store(request: pytest.FixtureRequest) -> Iterator[Neo4jStore]:
    from tests.neo4j_support import fresh_neo4j_store

    store = fresh_neo4j_store(request)
    yield store
    store.close()


@pytest.mark.neo4j
def test_server_rejecting_a_later_batch_rolls_back_the_whole_write(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    neo4j_store.write(full_atlas())
    before = snapshot(neo4j_store)
    monkeypatch.setattr(neo4j_store, "batch_size", 2)
    # batch 1 (p0, p1) lands in the transaction; batch 2 holds a name too long for the
    # uniqueness index, which the server refuses
    products = [Product(name=f"p{i}") for i in range(3)] + [Product(name="长" * 5000)]
    with pytest.raises(StoreError, match="too large to index"):
        neo4j_store.write(Atlas(enterprises=[Enterprise(id="n1", name="新")], products=products))
    assert snapshot(neo4j_store) == before


@pytest.mark.neo4j
def test_the_store_leaves_a_given_driver_open(neo4j_store: Neo4jStore) -> None:
    other = Neo4jStore(neo4j_store.driver, database=neo4j_store.database)
    other.close()
    neo4j_store.driver.verify_connectivity()
    assert other.stats() == neo4j_store.stats()


@pytest.mark.neo4j
def test_schema_has_a_unique_key_per_label_and_opening_again_is_harmless(
    neo4j_store: Neo4jStore,
) -> None:
    Neo4jStore(neo4j_store.driver, database=neo4j_store.database)  # schema again: no error
    rows = neo4j_store.driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type", database_=neo4j_store.database
    ).records
    unique = {
        (r["labelsOrTypes"][0], r["properties"][0])
        for r in rows
        if r["type"] in ("UNIQUENESS", "NODE_PROPERTY_UNIQUENESS")  # 5.x, 2025+ names
    }
    assert unique >= {(label.value, key) for label, key in NODE_KEYS.items()}
    assert set(NODE_KEYS) == set(NodeLabel)


@pytest.mark.neo4j
def test_full_text_search_finds_names_and_aliases(neo4j_store: Neo4jStore) -> None:
    neo4j_store.write(
        Atlas(
            enterprises=[
                Enterprise(id="catl", name="宁德时代", aliases=["CATL"]),
                Enterprise(id="byd", name="比亚迪"),
            ],
            products=[Product(name="动力电池")],
        )
    )
    assert [key for _, key, _ in neo4j_store.search_names("宁德")] == ["catl"]
    assert [key for _, key, _ in neo4j_store.search_names("catl")] == ["catl"]
    assert neo4j_store.search_names("电池")[0][:2] == ("Product", "动力电池")
    assert neo4j_store.search_names('a:b (c) "') == []  # query syntax is escaped


@pytest.mark.neo4j
def test_a_large_write_refreshes_the_planner_statistics(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the server's own procedures run (the test server lets the client do admin work)
    assert neo4j_store.refresh_statistics() == "db.prepareForReplanning"
    calls: list[int] = []
    real = neo4j_store.refresh_statistics
    monkeypatch.setattr(neo4j_store, "refresh_statistics", lambda: calls.append(1) or real())
    firms = [Enterprise(id=f"f{i}", name=f"企业{i}") for i in range(1200)]
    neo4j_store.write(Atlas(enterprises=firms[:10]))  # small: the statistics are left
    assert calls == []
    neo4j_store.write(Atlas(enterprises=firms))  # most of the database: refreshed
    assert calls == [1]
    more = [Enterprise(id=f"g{i}", name=f"企业{i}") for i in range(1000)]
    neo4j_store.write(Atlas(enterprises=more))  # 1,000 rows on 2,200 nodes: still a fifth
    assert calls == [1, 1]
    assert len(neo4j_store.enterprises()) == 2200


@pytest.mark.neo4j
def test_reads_pass_their_arguments_in_one_map(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Neo4j would plan a read again for each power of ten of a list's length; in one map
    # parameter the lengths are not part of the plan cache key (same answers, any length)
    neo4j_store.write(
        Atlas(enterprises=[Enterprise(id=f"f{i}", name=f"企业{i}") for i in range(120)])
    )
    sent: list[tuple[str, dict[str, Any]]] = []
    real = neo4j_store.driver.execute_query

    def spy(query: str, parameters: dict[str, Any], **kw: Any) -> Any:
        sent.append((query, parameters))
        return real(query, parameters, **kw)

    monkeypatch.setattr(neo4j_store.driver, "execute_query", spy)
    for n in (1, 5, 50, 120):
        got = neo4j_store.enterprises([f"f{i}" for i in range(n)] + ["absent"])
        assert [e.id for e in got] == sorted(f"f{i}" for i in range(n))
    assert len(sent) == 4
    assert all(list(params) == [Q.ARGS] and "$args.keys" in q for q, params in sent)
    for name in Q.__all__:
        value = getattr(Q, name)
        texts = value.values() if isinstance(value, dict) else [value]
        for text in texts:
            if isinstance(text, str) and "$" in text:
                assert "$" + Q.ARGS + "." in Q.one_map(text)
                assert re.search(r"\$(?!" + Q.ARGS + r"\.)\w", Q.one_map(text)) is None


def test_reads_after_a_write_see_it(store: Store) -> None:
    """Whole small tables may be remembered between reads (Neo4j); a write is always seen."""
    store.write(full_atlas())
    tables = (
        store.chains,
        store.segments,
        store.regions,
        store.industries,
        store.weak_links,
        store.clusters,
        store.projects,
        lambda: store.chain_segments("ev"),
        lambda: store.chain_links("ev"),
        lambda: store.search_products(["新"]),
    )
    before = [read() for read in tables]
    assert [read() for read in tables] == before  # the remembered answers are the same
    store.write(
        Atlas(
            chains=[Chain(id="ev", name_zh="新能源汽车（修订）")],
            segments=[Segment(id="new-seg", name_zh="新环节", tier="upstream", chain_ids=["ev"])],
            links=[SupplyLink(from_id="new-seg", to_id="cells", chain_id="ev")],
            regions=[Region(code="410800", name_zh="焦作市")],
            industries=[Industry(code="3999", name="新行业", level=4)],
            weak_links=[WeakLink(id="wl-new", chain_id="ev", segment_id="new-seg", kind="weak")],
            clusters=[Cluster(id="park2", name="新园区", region_code="410700")],
            projects=[Project(id="p2", name="新项目", segment_ids=["new-seg"])],
            products=[Product(name="新产品")],
        )
    )
    after = [read() for read in tables]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert "新能源汽车（修订）" in [c.name_zh for c in store.chains()]
    assert "新产品" in store.search_products(["新"])
    store.reset()
    assert [read() for read in tables] == [[]] * len(tables)


@pytest.mark.neo4j
def test_another_writer_is_seen_at_once(neo4j_store: Neo4jStore) -> None:
    neo4j_store.write(full_atlas())
    assert "其他" not in [s.name_zh for s in neo4j_store.segments()]
    assert neo4j_store.search_products(["其他"]) == []
    other = Neo4jStore(neo4j_store.driver, database=neo4j_store.database)  # another process
    other.write(
        Atlas(
            segments=[Segment(id="other", name_zh="其他", tier="upstream", chain_ids=["ev"])],
            products=[Product(name="其他产品")],
        )
    )
    assert "其他" in [s.name_zh for s in neo4j_store.segments()]
    assert neo4j_store.search_products(["其他"]) == ["其他产品"]


@pytest.mark.neo4j
def test_the_server_searches_when_there_are_too_many_product_names(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chainatlas.graph.neo4j.store as mod

    names = ["LiFePO4 cathode", "lifepo4", "磷酸铁锂", "磷酸铁锂电池", "钴酸锂", "铁", "a\nb"]
    neo4j_store.write(Atlas(products=[Product(name=n) for n in names]))
    terms = [["LiFe"], ["铁锂", " 钴 "], ["铁"], ["", "  "], ["a"], ["\n"]]
    here = [neo4j_store.search_products(t, limit=3) for t in terms]
    known = neo4j_store.known_products(["铁", "钴", "lifepo4", "a\nb", "a"])
    monkeypatch.setattr(mod, "NAME_INDEX_MAX", 2)
    neo4j_store.forget()
    assert [neo4j_store.search_products(t, limit=3) for t in terms] == here
    assert neo4j_store.known_products(["铁", "钴", "lifepo4", "a\nb", "a"]) == known
    assert known == ["a\nb", "lifepo4", "铁"]
    assert here[1] == ["磷酸铁锂", "磷酸铁锂电池", "钴酸锂"]


@pytest.mark.neo4j
def test_whole_tables_are_remembered_until_a_write(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    neo4j_store.write(full_atlas())
    neo4j_store.segments(), neo4j_store.search_products(["锂"])
    asked: list[str] = []
    read = neo4j_store._read

    def spy(query: str, /, **params: Any) -> Any:
        asked.append(query)
        return read(query, **params)

    monkeypatch.setattr(neo4j_store, "_read", spy)
    neo4j_store.segments(), neo4j_store.search_products(["锂"])
    assert asked == [Q.READ_STAMP, Q.READ_STAMP]  # only the stamp is read
    neo4j_store.write(Atlas(products=[Product(name="锂矿")]))
    assert "锂矿" in neo4j_store.search_products(["锂"])
    assert Q.PRODUCT_NAMES in asked  # the stamp changed: the names were read again


def _product_web() -> Atlas:
    """Products two hops around 锂电池 with makers and their industries."""
    sup = ProductSupply
    return Atlas(
        enterprises=[Enterprise(id=i, name=n) for i, n in (("a", "甲"), ("b", "乙"), ("c", "丙"))],
        product_links=[
            ProductLink(from_name="锂电池", to_name="正极材料", rel="MADE_FROM"),
            ProductLink(from_name="磷酸铁锂电池", to_name="锂电池", rel="SUBTYPE_OF"),
            ProductLink(from_name="正极材料", to_name="锂矿", rel="MADE_FROM"),  # two hops
        ],
        product_supplies=[
            sup(enterprise_id="a", product_name="锂电池", weight=0.7),
            sup(enterprise_id="b", product_name="正极材料"),
            sup(enterprise_id="b", product_name="电解液", weight=0.1),
            sup(enterprise_id="c", product_name="锂矿"),
            sup(enterprise_id="c", product_name="磷酸铁锂电池"),
        ],
        industry_memberships=[
            IndustryMembership(enterprise_id="a", industry_code="3841"),
            IndustryMembership(enterprise_id="b", industry_code="2614"),
            IndustryMembership(enterprise_id="c", industry_code="0919"),
            IndustryMembership(enterprise_id="c", industry_code="3841"),
        ],
    )


def test_product_neighbourhood_is_its_one_hop_definition(store: Store) -> None:
    store.write(_product_web())
    hood = store.product_neighbourhood(["电解液"], ["锂电池"], ["锂电池"])
    assert [(lk.from_name, lk.to_name) for lk in hood.links] == [
        ("磷酸铁锂电池", "锂电池"),
        ("锂电池", "正极材料"),
    ]
    # 电解液 (a name), 锂电池 (the seed) and its neighbours; not 锂矿 (two hops away)
    assert [(s.product_name, s.enterprise_id) for s in hood.supplies] == [
        ("正极材料", "b"),
        ("电解液", "b"),
        ("磷酸铁锂电池", "c"),
        ("锂电池", "a"),
    ]
    assert [(m.enterprise_id, m.industry_code) for m in hood.memberships] == [("a", "3841")]
    for args in (
        (["锂矿"], ["正极材料", "锂电池"], ["正极材料", "锂矿"]),
        ([], [], []),
        (["无"], ["无"], ["无"]),
    ):
        assert store.product_neighbourhood(*args) == product_neighbourhood_of(store, *args)


def test_industry_neighbourhood_is_its_one_hop_definition(store: Store) -> None:
    store.write(_product_web())
    members, products = store.industry_neighbourhood(["3841", "2614"], ["a"])
    assert [(m.industry_code, m.enterprise_id) for m in members] == [
        ("2614", "b"),
        ("3841", "a"),
        ("3841", "c"),
    ]
    assert [(p.enterprise_id, p.product_name) for p in products] == [
        ("b", "正极材料"),
        ("b", "电解液"),
        ("c", "磷酸铁锂电池"),
        ("c", "锂矿"),
    ]
    for args in ((["0919"], []), ([], ["a"]), (["9999"], ["zz"])):
        assert store.industry_neighbourhood(*args) == industry_neighbourhood_of(store, *args)


def test_pull_facts_are_their_one_hop_definition(store: Store) -> None:
    store.write(
        Atlas(
            regions=[
                Region(code="410700", name_zh="新乡市"),
                Region(code="320500", name_zh="苏州市"),
            ],
            enterprises=[
                Enterprise(
                    id="big",
                    name="大",
                    hq_region="320500",
                    revenue_100m_cny=812.5,
                    lists=[
                        ListMembership(list="fortune_china500", year=2025, rank=88),
                        ListMembership(list="central_soe"),
                        ListMembership(list="fortune_china500", year=2024),
                    ],
                ),
                Enterprise(id="says", name="说", intentions="扩产隔膜"),
                Enterprise(id="plans", name="计", hq_region="410700"),
                Enterprise(id="known", name="档"),
                Enterprise(id="plain", name="平"),
            ],
            presences=[
                Presence(enterprise_id="plans", region_code="320500", kind=PresenceKind.PLANNED),
                Presence(enterprise_id="plans", region_code="410700", kind=PresenceKind.HQ),
                Presence(enterprise_id="big", region_code="320500", kind=PresenceKind.HQ),
            ],
            profiles=[Profile(enterprise_id="known", status="contacted")],
            supply_ties=[SupplyTie(from_id="plain", to_id="big")],
        )
    )
    facts = store.pull_facts(["plain", "big", "says", "plans", "known", "nobody"])
    assert facts == [
        PullFacts("big", 812.5, ("central_soe", "fortune_china500"), "320500", False, False, True),
        PullFacts("known", None, (), "", False, True, False),
        PullFacts("plain", None, (), "", False, False, True),
        PullFacts("plans", None, (), "410700", True, False, False),
        PullFacts("says", None, (), "", False, True, False),
    ]
    for ids in (["big", "plans"], [], ["nobody"]):
        assert store.pull_facts(ids) == pull_facts_of(store, ids)
