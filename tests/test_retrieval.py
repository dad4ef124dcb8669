"""Retrieval that weighs what a term says (BM25 over each firm's profile), on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.model import (
    Atlas,
    Enterprise,
    Industry,
    IndustryMembership,
    ProductSupply,
)
from chainatlas.graph.store import Store
from chainatlas.queries.candidates import find_candidates
from chainatlas.queries.textindex import build_index, firm_index, terms

# firm id -> name, main products (name, revenue share), Shenwan industry
FIRMS = {
    "S1": ("松芝股份", [("汽车热管理系统", 0.6), ("汽车空调", 0.3)], "280203"),
    "S2": ("银轮股份", [("热交换器", 0.7), ("新能源汽车热管理", 0.2)], "280203"),
    "B1": ("华泰证券", [("财富管理业务", 0.5), ("资产管理", 0.2)], "490101"),
    "B2": ("广发证券", [("财富管理", 0.4), ("投资管理", 0.2)], "490101"),
    "B3": ("国信证券", [("财富管理", 0.45)], "490101"),
    "M1": ("隔膜专家", [("锂电池隔膜", 0.95)], "630702"),
    "M2": ("大集团", [("石油化工", 0.9), ("锂电池隔膜", 0.001)], "220101"),
}
INDUSTRIES = {"280203": "汽车零部件", "490101": "证券", "630702": "电池化学品", "220101": "炼化"}


def _atlas() -> Atlas:
    return Atlas(
        enterprises=[Enterprise(id=k, name=v[0]) for k, v in FIRMS.items()],
        industries=[Industry(code=c, name=n, scheme="shenwan2021") for c, n in INDUSTRIES.items()],
        industry_memberships=[
            IndustryMembership(enterprise_id=k, industry_code=v[2]) for k, v in FIRMS.items()
        ],
        product_supplies=[
            ProductSupply(enterprise_id=k, product_name=p, weight=w)
            for k, v in FIRMS.items()
            for p, w in v[1]
        ],
    )


def test_terms_are_words_and_character_pairs() -> None:
    assert terms("IGBT模块") == ["igbt", "模块"]
    assert terms("锂离子电池隔膜") == ["锂电", "电池", "池隔", "隔膜"]  # one canonical spelling
    assert terms("ＰＶＣ") == terms("聚氯乙烯")
    assert terms("") == [] and terms("——") == []


def test_a_rare_term_outweighs_the_common_ones(store: Store) -> None:
    store.write(_atlas())
    index = build_index(store)
    assert index.idf("热管") > index.idf("管理")  # 管理 is in five firms, 热管 in two
    scores = index.scores("新能源汽车热管理")
    assert scores["S2"] > 0.5 and scores["S1"] > 0.3
    assert max(scores.get(b, 0.0) for b in ("B1", "B2", "B3")) < 0.2
    assert index.coverage("新能源汽车热管理", "财富管理") < 0.2
    assert index.coverage("锂电池隔膜", "锂离子电池隔膜") == 1.0


def test_generic_words_do_not_pull_in_unrelated_firms(store: Store) -> None:
    store.write(_atlas())
    found = find_candidates(store, query="新能源汽车热管理", region="", top=10)
    names = [c.name for c in found.candidates]
    assert names[:2] == ["银轮股份", "松芝股份"] or names[:2] == ["松芝股份", "银轮股份"]
    for bank in ("华泰证券", "广发证券", "国信证券"):
        got = next((c for c in found.candidates if c.name == bank), None)
        assert got is None or got.score < found.candidates[1].score / 2
    # no industry of securities firms lifted: their matches say only 管理
    assert "证券" not in found.industries


def test_specialists_before_generalists(store: Store) -> None:
    store.write(_atlas())
    names = [c.name for c in find_candidates(store, query="锂电池隔膜", region="").candidates]
    assert names.index("隔膜专家") < names.index("大集团")


def test_the_index_follows_every_write(store: Store) -> None:
    store.write(_atlas())
    first = firm_index(store)
    assert firm_index(store) is first  # kept while the data is unchanged
    assert not find_candidates(store, query="冷链物流装备", region="").candidates
    store.write(
        Atlas(
            enterprises=[Enterprise(id="C1", name="冰山冷链")],
            product_supplies=[
                ProductSupply(enterprise_id="C1", product_name="冷链物流装备", weight=0.8)
            ],
        )
    )
    assert firm_index(store) is not first
    found = find_candidates(store, query="冷链物流装备", region="")
    assert [c.name for c in found.candidates][:1] == ["冰山冷链"]
    assert firm_index(store).scores("冷链物流装备")["C1"] == 1.0


def test_the_index_is_kept_between_runs(store: Store) -> None:
    import chainatlas.queries.textindex as mod

    store.write(_atlas())
    built = firm_index(store)
    mod._INDEXES.clear()  # as a new process finds it: in the cache folder only
    kept = firm_index(store)
    assert kept is not built and kept.ids == built.ids
    assert kept.scores("新能源汽车热管理") == built.scores("新能源汽车热管理")
    home = mod.cache_folder(mod.store_key(store))
    store.write(Atlas(enterprises=[Enterprise(id="N1", name="新来的")]))
    assert "N1" in firm_index(store).ids
    assert len(list(home.iterdir())) == 1  # one index per store: the older one is removed
    for f in home.rglob("firms.json"):  # a damaged cache is rebuilt, never trusted
        f.write_text("{", encoding="utf-8")
    mod._INDEXES.clear()
    fresh = build_index(store).scores("锂电池隔膜")
    assert firm_index(store).scores("锂电池隔膜") == fresh


def test_a_segment_named_in_english_lends_its_names(sample_store: Store) -> None:
    """The chain map's English name reads as the segment (its Chinese names searched)."""
    found = find_candidates(sample_store, query="battery separator", region="")
    assert found.understood is not None and found.understood.segment_ids
    assert found.candidates or found.local


def test_a_misspelt_product_list_is_not_buried(store: Store) -> None:
    """充电粧 (a homophone typo in the firm's own list) is heard as 充电桩."""
    store.write(
        Atlas(
            enterprises=[Enterprise(id="P1", name="甲公司"), Enterprise(id="P2", name="乙集团")],
            product_supplies=[
                ProductSupply(enterprise_id="P1", product_name="充电粧", weight=0.9),
                ProductSupply(enterprise_id="P2", product_name="钢材", weight=0.99),
                ProductSupply(enterprise_id="P2", product_name="充电桩", weight=0.001),
            ],
        )
    )
    index = build_index(store)
    scores = index.scores("充电桩")
    assert scores["P1"] > 0.8 * scores["P2"] > 0
    before = dict(scores)
    import chainatlas.queries.textindex as mod

    old, mod.SOUND = mod.SOUND, 0.0  # without the sound of the pair: only 充电 of it
    try:
        assert index.scores("充电桩")["P1"] < before["P1"]
    finally:
        mod.SOUND = old
    found = {c.name: c.score for c in find_candidates(store, query="充电桩", region="").candidates}
    assert found["甲公司"] > 0.5 * found["乙集团"]


def test_too_general_names_are_not_lent(nx_store: Store) -> None:
    """On a store of 600 firms, 电池 (in 100 of them) is too general to widen a gap to."""
    from chainatlas.graph.model import Chain, Segment
    from chainatlas.queries.candidates import gap_query

    firms = [Enterprise(id=f"F{i}", name=f"企业{i}") for i in range(600)]
    supplies = [
        ProductSupply(enterprise_id=f"F{i}", product_name="电池组件" if i < 100 else f"产品{i}")
        for i in range(600)
    ]
    seg = Segment(
        id="na-ion",
        name_zh="钠离子电池",
        aliases=["钠电池", "电池"],
        tier="midstream",
        chain_ids=["c"],
    )
    nx_store.write(
        Atlas(
            enterprises=firms,
            product_supplies=supplies,
            chains=[Chain(id="c", name_zh="链")],
            segments=[seg],
        )
    )
    index = firm_index(nx_store)
    assert index.too_general("电池") and not index.too_general("钠离子电池")
    texts = {f.text for f in gap_query(nx_store, None, "钠离子电池").forms}
    assert "钠电池" in texts and "电池" not in texts
    # the query as typed is always searched, however general
    assert {f.text for f in gap_query(nx_store, None, "电池").forms} >= {"电池"}


def test_what_planners_put_around_a_gap_is_not_searched(sample_store: Store) -> None:
    """做隔膜的企业, 隔膜生产企业, 隔膜厂家 ask for 隔膜: the same answer, no firm found by 企业."""
    plain = [
        c.enterprise_id for c in find_candidates(sample_store, query="隔膜", region="").candidates
    ]
    assert plain
    for wordy in ("做隔膜的企业", "隔膜生产企业", "隔膜厂家", "找隔膜供应商"):
        got = find_candidates(sample_store, query=wordy, region="")
        assert [c.enterprise_id for c in got.candidates] == plain, wordy


def test_an_english_phrase_naming_a_segment_by_its_head(sample_store: Store) -> None:
    from chainatlas.queries.understand import understand

    got = understand(sample_store, "Li-ion battery separator")
    assert "separators" in got.segment_ids


def test_an_unwritable_cache_is_no_error(
    nx_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chainatlas.queries.textindex as mod

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("CHAINATLAS_CACHE", str(blocked))
    nx_store.write(_atlas())
    mod._INDEXES.clear()
    assert firm_index(nx_store).scores("锂电池隔膜")["M1"] == 1.0
