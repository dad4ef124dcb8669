"""The write plan (``graph.plan.plan_write``) on its own: no store, a dict of what is "held".

Each rule of the plan is checked once here; the contract suite checks that both stores (and
tests/test_bulk.py the bulk importer) execute it to the same graph.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

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
    NodeLabel,
    Presence,
    Product,
    ProductLink,
    ProductSupply,
    Profile,
    Project,
    Region,
    RelType,
    Segment,
    StatusChange,
    SupplyLink,
    SupplyTie,
    WeakLink,
)
from chainatlas.graph.plan import (
    CAN_SUPPLY_PRODUCT,
    CAN_SUPPLY_SEGMENT,
    CLUSTER_MEMBER,
    EDGE_KINDS,
    EDGE_RECORDS,
    FEEDS,
    IN_INDUSTRY,
    INDUSTRY_PARENT,
    LOCATED_IN,
    MADE_FROM,
    NODE_KEYS,
    NODE_RECORDS,
    OWNED,
    PROJECT_BY,
    PROJECT_FILLS,
    SEGMENT_CLASSIFIED_AS,
    SEGMENT_IN_CHAIN,
    SEGMENT_PARENT,
    SUPPLIES,
    WEAK_LINK_AT,
    Edge,
    WritePlan,
    last_by,
    node_key,
    plan_write,
)

L = NodeLabel
D1, D2 = date(2025, 1, 1), date(2026, 1, 1)


class Held:
    """What a store holds, by label and key; records every question asked."""

    def __init__(self, *recs: Any) -> None:
        self.nodes: dict[NodeLabel, dict[str, Any]] = {}
        for rec in recs:
            label = next(lab for lab, cls in NODE_RECORDS.items() if isinstance(rec, cls))
            self.nodes.setdefault(label, {})[node_key(label, rec)] = rec
        self.asked: list[tuple[str, NodeLabel, list[str]]] = []

    def existing(self, label: NodeLabel, keys: list[str]) -> set[str]:
        self.asked.append(("existing", label, keys))
        return {k for k in keys if k in self.nodes.get(label, {})}

    def records(self, label: NodeLabel, keys: list[str]) -> list[Any]:
        self.asked.append(("records", label, keys))
        held = self.nodes.get(label, {})
        return [held[k] for k in keys if k in held]


def keys(plan: WritePlan, label: NodeLabel, part: str = "puts") -> list[str]:
    return [node_key(label, r) for r in getattr(plan, part).get(label, [])]


def ends(plan: WritePlan, kind: Any) -> list[tuple[str, str]]:
    return [(e.a, e.b) for e in plan.edges.get(kind, [])]


def seg(sid: str, chains: list[str], **kw: Any) -> Segment:
    return Segment(id=sid, name_zh=sid, tier="upstream", chain_ids=chains, **kw)


def test_the_tables_cover_every_label_and_relationship() -> None:
    assert set(NODE_KEYS) == set(NodeLabel) == set(NODE_RECORDS)
    assert {k.rel for k in EDGE_KINDS} == set(RelType)
    assert len(set(EDGE_KINDS)) == len(EDGE_KINDS)
    assert set(EDGE_RECORDS) <= set(EDGE_KINDS) and set(OWNED) <= set(EDGE_KINDS)


def test_last_by_keeps_the_last_record_in_first_seen_order() -> None:
    assert last_by([("a", 1), ("b", 2), ("a", 3)], lambda r: r[0]) == [("a", 3), ("b", 2)]


def test_an_empty_batch_plans_nothing_and_asks_nothing() -> None:
    held = Held()
    assert plan_write(Atlas(), held) == WritePlan()
    assert held.asked == []


def test_nodes_last_record_of_a_key_wins() -> None:
    plan = plan_write(
        Atlas(
            enterprises=[Enterprise(id="a", name="一"), Enterprise(id="a", name="二")],
            regions=[Region(code="41", name_zh="河南")],
        ),
        Held(),
    )
    assert [e.name for e in plan.puts[L.ENTERPRISE]] == ["二"]
    assert keys(plan, L.REGION) == ["41"]
    assert plan.ensures == {} and plan.edges == {} and plan.drops == {}


def test_segment_chains_are_a_union_with_the_stored_ones_and_the_parent_is_dropped() -> None:
    held = Held(seg("cells", ["ev"], parent="battery"), seg("battery", ["ev"]))
    plan = plan_write(
        Atlas(segments=[seg("cells", ["storage", "abc"]), seg("new", ["z", "a"])]), held
    )
    cells, new = plan.puts[L.SEGMENT]
    assert cells.chain_ids == ["abc", "ev", "storage"]  # union, sorted
    assert new.chain_ids == ["z", "a"]  # a new segment keeps its order
    assert plan.drops == {SEGMENT_PARENT: ["cells"]}  # only the stored one had a parent
    assert ends(plan, SEGMENT_IN_CHAIN) == [
        ("cells", "abc"), ("cells", "ev"), ("cells", "storage"), ("new", "z"), ("new", "a")
    ]  # fmt: skip
    assert keys(plan, L.CHAIN, "ensures") == ["abc", "ev", "storage", "z", "a"]
    assert ("records", L.SEGMENT, ["cells", "new"]) in held.asked


def test_a_segment_twice_in_one_batch_merges_its_chains() -> None:
    plan = plan_write(Atlas(segments=[seg("s", ["b"]), seg("s", ["a"])]), Held())
    assert [s.chain_ids for s in plan.puts[L.SEGMENT]] == [["a", "b"]]
    assert plan.drops == {}


def test_placeholders_never_replace_a_node_put_or_held_and_the_first_one_wins() -> None:
    held = Held(Chain(id="ev", name_zh="新能源汽车"), Region(code="410700", name_zh="新乡市"))
    plan = plan_write(
        Atlas(
            chains=[Chain(id="chem", name_zh="化工")],
            segments=[seg("s", ["ev", "chem", "new"], gbt_codes=["3841", "3842"])],
            industries=[Industry(code="3842", name="已知", scheme="gbt4754")],
            enterprises=[Enterprise(id="f", name="企业")],
            presences=[
                Presence(enterprise_id="f", region_code="410700", kind="hq"),
                Presence(enterprise_id="f", region_code="410800", kind="plant"),
            ],
            industry_memberships=[
                IndustryMembership(enterprise_id="f", industry_code="3841"),
                IndustryMembership(enterprise_id="f", industry_code="C36"),
            ],
        ),
        held,
    )
    assert keys(plan, L.CHAIN, "ensures") == ["new"]
    assert keys(plan, L.REGION, "ensures") == ["410800"]
    industries = {i.code: i.scheme for i in plan.ensures[L.INDUSTRY]}
    assert industries == {"3841": "gbt4754", "C36": ""}  # the segment's placeholder came first
    assert keys(plan, L.INDUSTRY) == ["3842"]
    assert ends(plan, SEGMENT_CLASSIFIED_AS) == [("s", "3841"), ("s", "3842")]
    assert ends(plan, IN_INDUSTRY) == [("f", "3841"), ("f", "C36")]
    assert [e.variant for e in plan.edges[LOCATED_IN]] == ["hq", "plant"]


def test_relationships_only_where_both_nodes_exist_after_the_batch() -> None:
    held = Held(Enterprise(id="stored", name="旧"), seg("s1", ["ev"]))
    plan = plan_write(
        Atlas(
            segments=[seg("s2", ["ev"], parent="s1"), seg("s3", ["ev"], parent="absent")],
            enterprises=[Enterprise(id="new", name="新")],
            links=[
                SupplyLink(from_id="s1", to_id="s2", chain_id="ev"),
                SupplyLink(from_id="s2", to_id="absent", chain_id="ev"),
            ],
            capabilities=[
                Capability(enterprise_id="stored", segment_id="s2"),
                Capability(enterprise_id="new", segment_id="s1"),
                Capability(enterprise_id="ghost", segment_id="s1"),
            ],
            supply_ties=[
                SupplyTie(from_id="new", to_id="stored"),
                SupplyTie(from_id="new", to_id="ghost"),
            ],
            presences=[Presence(enterprise_id="ghost", region_code="41", kind="hq")],
            product_supplies=[ProductSupply(enterprise_id="ghost", product_name="隔膜")],
            industry_memberships=[IndustryMembership(enterprise_id="ghost", industry_code="C")],
        ),
        held,
    )
    assert ends(plan, SEGMENT_PARENT) == [("s2", "s1")]
    assert ends(plan, FEEDS) == [("s1", "s2")]
    assert ends(plan, CAN_SUPPLY_SEGMENT) == [("stored", "s2"), ("new", "s1")]
    assert ends(plan, SUPPLIES) == [("new", "stored")]
    # a missing firm's presences, main products and industries go, with their placeholders
    assert L.REGION not in plan.ensures and L.PRODUCT not in plan.ensures
    assert L.INDUSTRY not in plan.ensures
    assert LOCATED_IN not in plan.edges and CAN_SUPPLY_PRODUCT not in plan.edges


def test_the_store_is_asked_once_per_key_and_never_for_what_the_batch_puts() -> None:
    held = Held(Enterprise(id="stored", name="旧"))
    plan_write(
        Atlas(
            enterprises=[Enterprise(id="new", name="新")],
            presences=[
                Presence(enterprise_id="stored", region_code="41", kind="hq"),
                Presence(enterprise_id="new", region_code="41", kind="hq"),
            ],
            supply_ties=[SupplyTie(from_id="stored", to_id="new")],
            product_supplies=[ProductSupply(enterprise_id="stored", product_name="p")],
        ),
        held,
    )
    asked = [k for kind, label, ks in held.asked if label is L.ENTERPRISE for k in ks]
    assert asked == ["stored"]


def test_keyed_relationships_last_write_wins() -> None:
    plan = plan_write(
        Atlas(
            enterprises=[Enterprise(id="e", name="e")],
            segments=[seg("a", ["ev"]), seg("b", ["ev"])],
            capabilities=[
                Capability(enterprise_id="e", segment_id="a", strength=0.2),
                Capability(enterprise_id="e", segment_id="a", strength=0.9),
            ],
            links=[
                SupplyLink(from_id="a", to_id="b", chain_id="ev", kind="material"),
                SupplyLink(from_id="a", to_id="b", chain_id="ev2", kind="material"),
                SupplyLink(from_id="a", to_id="b", chain_id="ev", kind="equipment"),
            ],
        ),
        Held(),
    )
    assert [e.rec.strength for e in plan.edges[CAN_SUPPLY_SEGMENT]] == [0.9]  # type: ignore[union-attr]
    feeds = [(e.variant, e.rec.kind.value) for e in plan.edges[FEEDS]]  # type: ignore[union-attr]
    assert feeds == [("ev", "equipment"), ("ev2", "material")]


def test_rewritten_owners_drop_their_relationships_and_get_the_new_ones() -> None:
    held = Held(Enterprise(id="f", name="f"), seg("s", ["ev"]))
    plan = plan_write(
        Atlas(
            weak_links=[
                WeakLink(id="w", chain_id="ev", segment_id="gone", kind="weak"),
                WeakLink(id="w", chain_id="ev", segment_id="s", kind="weak"),
            ],
            clusters=[Cluster(id="c", name="园区", member_ids=["f", "ghost"])],
            projects=[Project(id="p", name="项目", enterprise_id="f", segment_ids=["s", "x"])],
        ),
        held,
    )
    assert plan.drops == {
        WEAK_LINK_AT: ["w"],
        CLUSTER_MEMBER: ["c"],
        PROJECT_BY: ["p"],
        PROJECT_FILLS: ["p"],
    }
    assert ends(plan, WEAK_LINK_AT) == [("w", "s")]
    assert ends(plan, CLUSTER_MEMBER) == [("f", "c")]
    assert ends(plan, PROJECT_BY) == [("p", "f")]
    assert ends(plan, PROJECT_FILLS) == [("p", "s")]


def test_projects_and_profiles_merge_into_the_stored_ones() -> None:
    old = Project(
        id="p", name="旧", as_of=D1, history=[StatusChange(status="在谈", on=D1)], status="在谈"
    )
    held = Held(
        old,
        Profile(enterprise_id="f", contacts=[ContactEntry(on=D1, who="张", channel="visit")]),
    )
    plan = plan_write(
        Atlas(
            projects=[Project(id="p", name="新", as_of=D2, history=[StatusChange(status="签约", on=D2)])],
            profiles=[Profile(enterprise_id="f", contacts=[ContactEntry(on=D2, who="李", channel="call")])],
        ),
        held,
    )  # fmt: skip
    (project,) = plan.puts[L.PROJECT]
    assert project.name == "新" and project.status.value == "签约"
    assert [c.status.value for c in project.history] == ["在谈", "签约"]
    (profile,) = plan.puts[L.PROFILE]
    assert [c.who for c in profile.contacts] == ["张", "李"]


def test_products_named_by_links_and_supplies_get_the_first_records_provenance() -> None:
    plan = plan_write(
        Atlas(
            enterprises=[Enterprise(id="f", name="f")],
            products=[Product(name="电池", source="put")],
            product_links=[
                ProductLink(from_name="电池", to_name="正极", rel="MADE_FROM", source="l1"),
                ProductLink(from_name="正极", to_name="锂", rel="MADE_FROM", source="l2"),
            ],
            product_supplies=[
                ProductSupply(enterprise_id="f", product_name="隔膜", source="s1", weight=math.nan),
                ProductSupply(enterprise_id="f", product_name="锂", source="s2", weight=0.5),
            ],
        ),
        Held(),
    )
    assert {p.name: p.source for p in plan.ensures[L.PRODUCT]} == {
        "正极": "l1",
        "锂": "l2",
        "隔膜": "s1",
    }
    assert keys(plan, L.PRODUCT) == ["电池"]
    assert ends(plan, MADE_FROM) == [("电池", "正极"), ("正极", "锂")]
    weights = {e.b: e.rec.weight for e in plan.edges[CAN_SUPPLY_PRODUCT]}  # type: ignore[union-attr]
    assert weights == {"隔膜": None, "锂": 0.5}  # NaN: an unknown weight


def test_industry_parents_link_to_industries_that_exist_after_the_batch() -> None:
    held = Held(Industry(code="C", name="制造业"))
    plan = plan_write(
        Atlas(
            industries=[
                Industry(code="C38", name="电气", parent_code="C"),
                Industry(code="C384", name="电池", parent_code="C38"),
                Industry(code="X1", name="孤", parent_code="X"),
            ]
        ),
        held,
    )
    assert ends(plan, INDUSTRY_PARENT) == [("C38", "C"), ("C384", "C38")]


def test_an_invalid_placeholder_fails_the_plan_before_anything_is_written() -> None:
    with pytest.raises(ValueError, match="code"):
        plan_write(
            Atlas(
                enterprises=[Enterprise(id="f", name="f")],
                industry_memberships=[IndustryMembership(enterprise_id="f", industry_code="")],
            ),
            Held(),
        )


def test_edges_carry_their_records_and_variants() -> None:
    plan = plan_write(
        Atlas(
            enterprises=[Enterprise(id="f", name="f")],
            presences=[Presence(enterprise_id="f", region_code="41", kind="planned")],
        ),
        Held(),
    )
    (edge,) = plan.edges[LOCATED_IN]
    assert edge == Edge("f", "41", edge.rec, "planned")
    assert isinstance(edge.rec, Presence)
