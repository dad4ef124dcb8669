"""The Store contract: every method, on both stores, through the ``store`` fixture.

Expectations are written out by hand (not taken from one store to check the other), so each
store is held to the protocol itself; ``snapshot`` gathers every retrieval for the
whole-content comparisons (idempotency, failed writes).
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from chainatlas.graph.model import (
    Atlas,
    Capability,
    Chain,
    Cluster,
    ContactEntry,
    Enterprise,
    Industry,
    IndustryMembership,
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
from chainatlas.graph.store import (
    PullFacts,
    Store,
    industry_neighbourhood_of,
    product_neighbourhood_of,
    pull_facts_of,
    score_facts_of,
)
from pydantic import ValidationError

from tests.contract_atlas import D1, D2, full_atlas, snapshot

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
    store.write(  # a map of chain a (also naming c, then b) redefines it
        Atlas(
            segments=[
                Segment(
                    id="s", name_zh="段二", tier="midstream", parent="top2", chain_ids=["a", "c"]
                ),
                Segment(
                    id="s", name_zh="段三", tier="midstream", parent="top2", chain_ids=["b", "a"]
                ),
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
        segments=[Segment(id="cells", name_zh="改", tier="upstream", chain_ids=["battery"])],
        capabilities=[Capability(enterprise_id="n1", segment_id="cells")],
        products=[Product(name="新产品")],
        # the membership's empty code makes the placeholder Industry invalid: the write
        # fails late, after every earlier step has run
        industry_memberships=[IndustryMembership(enterprise_id="n1", industry_code="")],
    )
    with pytest.raises(ValidationError, match="code"):
        store.write(bad)
    assert snapshot(store) == before


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


def _write_pull_atlas(store: Store) -> None:
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


def test_pull_facts_are_their_one_hop_definition(store: Store) -> None:
    _write_pull_atlas(store)
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


def test_score_facts_are_their_one_hop_definition(store: Store) -> None:
    _write_pull_atlas(store)
    facts = store.score_facts(["plain", "big", "says", "plans", "known", "nobody"])
    assert [e.id for e in facts.enterprises] == ["big", "known", "plain", "plans", "says"]
    assert [(p.enterprise_id, p.kind) for p in facts.presences] == [
        ("big", PresenceKind.HQ),
        ("plans", PresenceKind.HQ),
        ("plans", PresenceKind.PLANNED),
    ]
    assert [p.enterprise_id for p in facts.profiles] == ["known"]
    assert [(t.from_id, t.to_id) for t in facts.ties] == [("plain", "big")]
    assert store.score_facts(["big"], ties=False).ties == []
    views = [store]
    pinned = getattr(store, "pinned", None)
    if callable(pinned):  # a database view at one stamp answers repeats from memory
        views.append(pinned())
    for view in views:
        for ids in (["big", "plans"], ["plain", "big", "plans"], [], ["nobody"], ["plain"]):
            for ties in (True, False):
                want = score_facts_of(store, ids, ties)
                assert view.score_facts(ids, ties) == want
                assert view.score_facts(ids, ties) == want  # asked again
