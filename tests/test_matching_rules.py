"""The matching rules of query understanding and evidence, each on a small hand-built atlas
(on both stores where a store is read): whole words, firms whose products are unknown, industries
whose firms say the gap, a segment's own classes, misspellings heard by sound, readings of a query.
"""

from __future__ import annotations

import pytest
from chainatlas.graph.model import (
    Atlas,
    Chain,
    Enterprise,
    Industry,
    IndustryMembership,
    ProductSupply,
    Segment,
)
from chainatlas.graph.store import Store
from chainatlas.queries import evidence
from chainatlas.queries.candidates import find_candidates, gap_query
from chainatlas.queries.evidence import Evidence, gather_evidence
from chainatlas.queries.resolve import holds, within
from chainatlas.queries.textindex import build_index, firm_index
from chainatlas.queries.understand import understand
from chainatlas.queries.weights import Weights

Firms = dict[str, tuple[list[str], str]]  # firm id -> main products, industry code ("" none)


def _atlas(
    firms: Firms, industries: dict[str, str], segments: list[Segment] | None = None
) -> Atlas:
    return Atlas(
        enterprises=[Enterprise(id=k, name=f"企业{k}") for k in firms],
        industries=[Industry(code=c, name=n, scheme="shenwan2021") for c, n in industries.items()],
        industry_memberships=[
            IndustryMembership(enterprise_id=k, industry_code=code)
            for k, (_, code) in firms.items()
            if code
        ],
        product_supplies=[
            ProductSupply(enterprise_id=k, product_name=p, weight=0.8)
            for k, (products, _) in firms.items()
            for p in products
        ],
        chains=[Chain(id="c", name_zh="链")] if segments else [],
        segments=segments or [],
    )


def _industry_evidence(store: Store, query: str) -> dict[str, Evidence]:
    """Each firm's best ``industry`` evidence for ``query``."""
    found = gather_evidence(store, gap_query(store, None, query), Weights())
    out = {}
    for eid, evs in found.by_enterprise.items():
        got = [e for e in evs if e.kind == "industry"]
        if got:
            out[eid] = max(got, key=lambda e: e.value)
    return out


# -- 1. names held in a text as whole words ------------------------------------------------------
def test_a_chinese_name_is_held_only_as_whole_words() -> None:
    assert within("片式多层陶瓷电容器", "电容器")
    assert not within("风力发电机组", "电机")  # 风力/发电机组: 电机 would cut 发电机 in two
    assert within("锂电池隔膜", "隔膜")
    assert holds("锂电池隔膜", "隔膜") and not holds("风力发电机组", "电机")
    assert not holds("polysilicon", "ic") and holds("IC design", "ic")


# -- 2. a member of a relevant industry whose products the store does not know ------------------
CRANES: Firms = {
    "A1": (["起重机"], "640101"),
    "A2": (["汽车起重机"], "640101"),
    "A3": (["履带起重机"], "640101"),
    "D": ([], "640101"),  # its products unknown
    "E": (["房地产开发"], "640101"),  # its products known, and none a crane
    "X1": (["水泥"], "610101"),
    "X2": (["玻璃"], "610101"),
}
CRANE_INDUSTRIES = {"640101": "工程机械", "610101": "建材"}


def test_a_firm_whose_products_are_unknown_is_not_counted_as_unrelated(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(_atlas(CRANES, CRANE_INDUSTRIES))
    ids = [c.enterprise_id for c in find_candidates(store, query="起重机", region="").candidates]
    assert ids.index("D") < ids.index("E")
    lifted = _industry_evidence(store, "起重机")
    assert lifted["D"].value > 2 * lifted["E"].value
    monkeypatch.setattr(evidence, "UNLISTED", 0.0)  # unknown counted as not matching
    flat = _industry_evidence(store, "起重机")
    assert flat["D"].value == pytest.approx(flat["E"].value)
    assert flat["D"].value < lifted["D"].value


# -- 3. industries whose firms say the gap ---------------------------------------------------------
POWER: Firms = {
    "B1": (["功率半导体器件", "功率模块"], "270102"),
    "B2": (["功率半导体器件", "功率模块"], "270102"),
    "B3": (["二极管"], "270102"),
    "C1": (["功率半导体器件", "功率模块"], "270103"),  # the only one of its industry saying it
    "C2": (["电阻"], "270103"),
}
POWER_INDUSTRIES = {"270102": "电力电子", "270103": "被动元件"}


def test_an_industry_whose_firms_say_the_gap_lifts_its_other_firms(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(_atlas(POWER, POWER_INDUSTRIES))
    # no firm a sure maker: no industry voted for by makers, only what the firms' profiles say
    monkeypatch.setattr(evidence, "STRONG", 1.01)
    lifted = _industry_evidence(store, "功率器件")
    assert "B3" in lifted and "(whose firms say it)" in lifted["B3"].evidence
    assert "电力电子" in lifted["B3"].evidence
    # one firm alone (C1) does not make 被动元件 relevant, though its share of sayers (1 of 2)
    # is close to 电力电子's (2 of 3): without the two-firm rule it would be lifted as well
    assert "C2" not in lifted
    found = find_candidates(store, query="功率器件", region="")
    assert "电力电子" in found.industries and "被动元件" not in found.industries


def test_said_by_industries_needs_two_firms_saying_it(store: Store) -> None:
    store.write(_atlas(POWER, POWER_INDUSTRIES))
    index = build_index(store)
    said = evidence._said_by_industries(index, {"B1": 0.9, "B2": 0.8, "C1": 0.9})
    assert set(said) == {"270102"} and 0 < said["270102"] <= evidence.SAID_RELEVANCE
    # two firms, one of them below the floor: its industry is not relevant
    below = evidence.SAID_FLOOR / 2
    assert evidence._said_by_industries(index, {"B1": 0.9, "B3": below}) == {}
    assert evidence._said_by_industries(index, {"C1": 1.0}) == {}


# -- 4. a segment's own GB/T classes do not take the places of the makers' industries -------------
def test_a_segments_classes_leave_room_for_the_makers_industry(store: Store) -> None:
    seg = Segment(
        id="cranes",
        name_zh="起重机",
        tier="midstream",
        chain_ids=["c"],
        # as many classes as industries are kept (MAX_INDUSTRIES), each sorting before 640101
        gbt_codes=["3431", "3432", "3433", "3434"],
    )
    assert len(seg.gbt_codes) >= evidence.MAX_INDUSTRIES
    store.write(_atlas(CRANES, CRANE_INDUSTRIES, [seg]))
    found = find_candidates(store, query="起重机", region="")
    assert "工程机械" in found.industries
    lifted = _industry_evidence(store, "起重机")
    # as the makers' industry, not only as one whose firms say it (which adds it back anyway)
    assert lifted["D"].evidence == "industry 工程机械 (where 3 of the makers found are)"


# -- 5. only rare pairs are heard by their sound --------------------------------------------------
def _tv_atlas() -> Atlas:
    firms: Firms = {f"T{i}": (["电视"], "") for i in range(4)}  # a common word: 4 firms
    firms |= {"K1": (["电石"], ""), "P1": (["充电粧"], ""), "Q1": (["钢材", "充电桩"], "")}
    return _atlas(firms, {})


def test_a_common_homophone_is_a_word_of_its_own(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chainatlas.queries.textindex as mod

    store.write(_tv_atlas())
    index = build_index(store)
    scores = index.scores("电石")
    assert scores.get("K1", 0.0) == 1.0
    assert all(scores.get(f"T{i}", 0.0) == 0.0 for i in range(4))
    assert index.scores("充电桩").get("P1", 0.0) > 0.5  # a rare misspelt pair is still heard
    names = [c.enterprise_id for c in find_candidates(store, query="电石", region="").candidates]
    assert "K1" in names and not any(n.startswith("T") for n in names)
    # were every pair heard by its sound, the TV makers would match 电石
    monkeypatch.setattr(mod, "MISSPELT_DF", 100)
    assert build_index(store).scores("电石").get("T0", 0.0) > 0.0


def test_a_rare_misspelt_pair_is_heard_by_its_sound(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chainatlas.queries.textindex as mod

    store.write(_tv_atlas())
    heard = build_index(store).scores("充电桩")
    assert heard["P1"] > 0.8 * heard["Q1"] > 0
    monkeypatch.setattr(mod, "MISSPELT_DF", 0)  # no pair heard by its sound
    deaf = build_index(store).scores("充电桩")
    assert deaf.get("P1", 0.0) / deaf["Q1"] < heard["P1"] / heard["Q1"]


# -- 6. how a query is read -------------------------------------------------------------------
def test_lithium_iron_phosphate_is_the_lfp_segment_only(sample_store: Store) -> None:
    got = understand(sample_store, "lithium iron phosphate")
    assert got.segment_ids == ["lfp-cathode"]


def test_a_text_cutting_across_words_is_corrected(store: Store) -> None:
    """充电装 is only the start of 充电装置 (充电/装置): it names nothing, so it is read as the
    product it sounds like."""
    store.write(_atlas({"P1": (["充电桩"], ""), "P2": (["充电装置"], "")}, {}))
    got = understand(store, "充电装")
    assert got.text == "充电桩"
    assert any(e.text == "充电桩" and e.source.startswith("pinyin") for e in got.expansions)


def test_a_query_the_segments_names_say_is_not_narrower(sample_store: Store) -> None:
    """电池隔膜 adds to 隔膜 only 电池, which the separator segment's alias 锂电池隔膜 says: the
    segment lends its names at 0.8, not as a broader notion at 0.5."""
    from chainatlas.queries import gapquery
    from chainatlas.queries.resolve import resolve_segments

    assert dict(resolve_segments(sample_store, "电池隔膜")).get("separators") == 0.8
    assert not gapquery._narrower(sample_store, "separators", "电池隔膜")
    assert gapquery._narrower(sample_store, "separators", "聚乙烯湿法隔膜卷材加工")


def test_a_narrower_query_still_is(store: Store) -> None:
    seg = Segment(id="capacitors", name_zh="电容器", tier="midstream", chain_ids=["c"])
    store.write(_atlas({"F1": (["电容器"], "")}, {}, [seg]))
    from chainatlas.queries import gapquery

    assert gapquery._narrower(store, "capacitors", "片式多层陶瓷电容器")


# -- 7. the index keeps each firm's industries, and each industry's size ------------------------
def test_the_index_keeps_industries_between_runs(store: Store) -> None:
    import chainatlas.queries.textindex as mod

    store.write(_atlas(CRANES, CRANE_INDUSTRIES))
    built = firm_index(store)
    assert built.industries_of["D"] == ["640101"] and built.industry_size["640101"] == 5
    assert built.industry_size["610101"] == 2
    mod._INDEXES.clear()  # as a new process finds it: on disk only
    kept = firm_index(store)
    assert kept is not built
    assert kept.industries_of == built.industries_of
    assert kept.industry_size == built.industry_size
