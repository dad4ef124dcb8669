"""Candidate ranking over public product data, on both stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chainatlas.graph.model import (
    Atlas,
    Capability,
    Chain,
    Enterprise,
    Industry,
    IndustryMembership,
    Intention,
    ListMembership,
    Presence,
    PresenceKind,
    ProductLink,
    ProductSupply,
    Profile,
    Region,
    RelType,
    Segment,
    SupplyTie,
)
from chainatlas.graph.store import Store
from chainatlas.queries.candidates import Candidates, find_candidates
from chainatlas.queries.resolve import (
    best_similarities,
    canonical,
    product_similarities,
    product_similarity,
    query_form,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from chainatlas.reference import shipped_soe_pairing


def _atlas() -> Atlas:
    firms = {
        "300568.SZ": ("星源材质", [("锂离子电池隔膜新能源材料", 0.98)], "630702"),
        "002812.SZ": ("恩捷股份", [("膜类", 0.78), ("烟标", 0.2)], "630702"),
        "300510.SZ": ("金冠股份", [("锂电池隔膜", 0.3)], "630702"),
        "002709.SZ": ("天赐材料", [("锂离子电池材料", 0.14)], "630702"),
        "688101.SH": ("景津环保", [("隔膜压滤机", 0.65)], "640601"),
        "300750.SZ": ("宁德时代", [("动力电池系统", 0.83)], "630701"),
    }
    return Atlas(
        enterprises=[Enterprise(id=k, name=v[0], stock_code=k) for k, v in firms.items()],
        industries=[
            Industry(code="630702", name="电池化学品", scheme="shenwan2021"),
            Industry(code="630701", name="锂电池", scheme="shenwan2021"),
            Industry(code="640601", name="环保设备Ⅲ", scheme="shenwan2021"),
        ],
        industry_memberships=[
            IndustryMembership(enterprise_id=k, industry_code=v[2]) for k, v in firms.items()
        ],
        product_supplies=[
            ProductSupply(enterprise_id=k, product_name=p, weight=w)
            for k, v in firms.items()
            for p, w in v[1]
        ],
        product_links=[
            ProductLink(from_name="动力电池系统", to_name="锂电池隔膜", rel=RelType.MADE_FROM)
        ],
    )


def test_similarity_prefers_the_head_noun() -> None:
    q = query_form("锂电池隔膜")
    assert canonical("锂离子电池隔膜") == "锂电池隔膜"
    assert product_similarity(q, "锂离子电池隔膜新能源材料") == 1.0
    assert product_similarity(q, "隔膜压滤机") < product_similarity(q, "湿法隔膜")
    assert product_similarity(q, "锂离子电池材料") < product_similarity(q, "膜类")


# characters of real product names, generic tails among them, so that names overlap often
_PRODUCT_CHARS = "锂电池隔膜离子正负极材料设备煤化工甲醇气炉压滤机新能源汽车类液晶面板A"


@settings(max_examples=300, deadline=None)
@given(
    queries=st.lists(
        st.tuples(
            st.text(alphabet=_PRODUCT_CHARS, min_size=1, max_size=7),
            st.sampled_from([1.0, 0.5, 0.8, 1.2]),
        ),
        min_size=1,
        max_size=4,
    ),
    products=st.lists(st.text(alphabet=_PRODUCT_CHARS, max_size=9), max_size=40),
    floor=st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.3, 0.6]),
)
def test_similarities_are_those_of_every_pair(
    queries: list[tuple[str, float]], products: list[str], floor: float
) -> None:
    forms = [query_form(text, weight) for text, weight in queries]
    everyone = {n: max(product_similarity(f, n) * f.weight for f in forms) for n in products}
    assert best_similarities(forms, products, floor) == {
        n: s for n, s in everyone.items() if s >= floor
    }
    assert product_similarities(forms, products, floor) == {
        n: round(s, 4) for n, s in everyone.items() if s >= floor
    }
    # below 0.25 alone (0.2188: seven of eight characters, no head) but lifted by a heavy form
    heavy = query_form("煤化工甲醇气化炉", 1.2)
    assert product_similarities([heavy], ["化工甲醇气化压炉"]) == {"化工甲醇气化压炉": 0.2626}


def test_separator_makers_first_with_readable_factors(store: Store) -> None:
    store.write(_atlas())
    found = find_candidates(store, query="锂电池隔膜", region="", top=10)
    names = [c.name for c in found.candidates]
    assert names[:2] == ["星源材质", "金冠股份"]
    assert names.index("恩捷股份") < names.index("天赐材料")
    assert "景津环保" not in names[:3]
    top = found.candidates[0]
    assert top.score == round(sum(f.value for f in top.factors), 4)
    assert any(
        "锂离子电池隔膜新能源材料" in f.evidence and "0.98" in f.evidence for f in top.factors
    )
    enjie = next(c for c in found.candidates if c.name == "恩捷股份")
    assert {f.name for f in enjie.factors} >= {"product", "industry"}
    catl = next(c for c in found.candidates if c.name == "宁德时代")
    assert any(f.name == "adjacent" for f in catl.factors)


def test_filters_listed_and_region(store: Store) -> None:
    store.write(_atlas())
    found = find_candidates(store, query="锂电池隔膜", region="")
    assert found.candidates
    from chainatlas.queries.candidates import CandidateFilters

    none = find_candidates(
        store, query="锂电池隔膜", region="", filters=CandidateFilters(listed=False)
    )
    assert none.candidates == []


def test_cli_json_contract(tmp_path: Path) -> None:
    from chainatlas.graph.embedded.store import NetworkXStore

    from chainatlas.cli import app

    NetworkXStore(tmp_path / "s").write(_atlas())
    result = CliRunner().invoke(
        app,
        [
            "--store",
            str(tmp_path / "s"),
            "candidates",
            "--query",
            "锂电池隔膜",
            "--top",
            "3",
            "--region",
            "410700",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 3 and rows[0]["name"] == "星源材质"
    assert {"name", "enterprise_id", "score", "factors"} <= set(rows[0])
    assert {"name", "value", "evidence"} <= set(rows[0]["factors"][0])
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_chain_maps_lend_their_names_to_a_query(sample_store: Store) -> None:
    from chainatlas.graph.model import Industry
    from chainatlas.queries.resolve import chain_expansions, industry_similarity

    # an alias of the separator segment expands to the segment's other Chinese names, a
    # little below the query itself (an alias may name one kind of the segment)
    found = chain_expansions(sample_store, "锂电池隔膜")
    assert found["湿法隔膜"] == 0.85 and "separator" not in found
    # a keyword (a kind of the segment) lends the segment's names more weakly
    assert set(chain_expansions(sample_store, "动力煤").values()) == {0.5}
    assert chain_expansions(sample_store, "不存在的东西") == {}
    q = query_form("光伏组件")
    assert industry_similarity(q, Industry(code="1", name="光伏电池组件")) == 0.8
    assert industry_similarity(query_form("水泥"), Industry(code="2", name="水泥制造")) == 1.0
    assert industry_similarity(query_form("光伏"), Industry(code="4", name="光伏设备")) == 0.9
    assert industry_similarity(q, Industry(code="3", name="消费电子零部件及组装")) == 0.0


def test_the_vocabulary_is_the_stores_own(store: Store) -> None:
    """A city's own chain map lends its names once loaded; nothing is read from a file."""
    from chainatlas.queries.resolve import chain_expansions

    assert chain_expansions(store, "添加剂") == {}
    store.write(
        Atlas(
            chains=[Chain(id="own", name_zh="本地链")],
            segments=[
                Segment(
                    id="additives",
                    name_zh="电解液添加剂",
                    aliases=["添加剂", "electrolyte additive"],
                    keywords=["成膜剂"],
                    tier="midstream",
                    chain_ids=["own"],
                )
            ],
        )
    )
    assert chain_expansions(store, "添加剂") == {"电解液添加剂": 0.85}
    assert chain_expansions(store, "电解液添加剂") == {"添加剂": 0.95}
    assert chain_expansions(store, "成膜剂") == {"电解液添加剂": 0.5, "添加剂": 0.5}


def test_the_pairing_factor_comes_with_a_pairing_table(sample_store: Store) -> None:
    pairing = shipped_soe_pairing()
    found = find_candidates(sample_store, "coal-to-liquids", region="410700", pairing=pairing)
    paired = {
        c.name: f.evidence for c in found.candidates for f in c.factors if f.name == "soe_pairing"
    }
    assert paired["国家能源集团"] == "central SOE paired with the city for 现代煤化工及能源"
    without = find_candidates(sample_store, "coal-to-liquids", region="410700")
    assert not any(f.name == "soe_pairing" for c in without.candidates for f in c.factors)


def test_latin_queries_match_upper_case_products(store: Store) -> None:
    from chainatlas.graph.model import Atlas, Enterprise, ProductSupply

    store.write(
        Atlas(
            enterprises=[Enterprise(id="600346.SH", name="恒力石化", hq_region="210200")],
            product_supplies=[
                ProductSupply(enterprise_id="600346.SH", product_name="PTA", weight=0.5)
            ],
        )
    )
    found = find_candidates(store, query="pta", region="410700")
    assert [c.enterprise_id for c in found.candidates] == ["600346.SH"]


def test_scoring_in_batches_gives_the_full_ranking(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Firms are scored best fit first until none left can reach the top: the answer must be
    the head of the full ranking, whatever the batch size."""
    import chainatlas.queries.candidates as mod

    gaps = [("separators", None), (None, "电池"), (None, "设备"), ("anode-materials", None)]
    pairing = shipped_soe_pairing()

    def ask(seg: str | None, query: str | None, top: int) -> Candidates:
        return find_candidates(sample_store, seg, query, region="410700", pairing=pairing, top=top)

    full = [ask(s, q, 10_000) for s, q in gaps]
    assert max(len(f.candidates) for f in full) > 30  # enough firms to need several batches
    monkeypatch.setattr(mod, "FIRST_BATCH", 1)
    for (seg, query), whole in zip(gaps, full, strict=True):
        for top in (1, 3, 10):
            got = ask(seg, query, top)
            assert got.candidates == whole.candidates[:top]
            assert got.local == whole.local[:top]


def _equally_fitting_firms(n: int = 1000) -> Atlas:
    """One segment, ``n`` firms tagged on it with the same strength, told apart only by their
    pull: revenue, lists, HQ, planned plants, intentions, profiles, ties to local firms."""
    import random

    rng = random.Random(11)
    cities = [
        ("410700", "新乡市", 113.93, 35.30),
        ("410100", "郑州市", 113.63, 34.75),
        ("320500", "苏州市", 120.58, 31.30),
        ("440300", "深圳市", 114.06, 22.54),
        ("650100", "乌鲁木齐市", 87.62, 43.83),
    ]
    lists = ["fortune_global500", "central_soe", "fortune_china500", "acfic_private500", "x"]
    firms, presences, profiles, ties = [], [], [], []
    for i in range(n):
        code = rng.choice(cities)[0] if i >= 10 else "410700"  # the first ten are local
        eid = f"f{i:04d}"
        firms.append(
            Enterprise(
                id=eid,
                name=f"隔膜企业{i}",
                hq_region=code,
                revenue_100m_cny=round(rng.lognormvariate(0.5, 1.6), 2) if i % 7 else None,
                lists=[ListMembership(list=rng.choice(lists))] if rng.random() < 0.05 else [],
                intentions="扩产隔膜" if rng.random() < 0.02 else "",
            )
        )
        presences.append(Presence(enterprise_id=eid, region_code=code, kind=PresenceKind.HQ))
        if rng.random() < 0.03:
            where = rng.choice(cities)[0]
            presences.append(
                Presence(enterprise_id=eid, region_code=where, kind=PresenceKind.PLANNED)
            )
        if rng.random() < 0.02:
            profiles.append(
                Profile(enterprise_id=eid, intentions=[Intention(segment_text="隔膜", note="扩产")])
            )
        if i >= 10 and rng.random() < 0.1:
            ties.append(SupplyTie(from_id=eid, to_id=f"f{rng.randrange(10):04d}"))
    return Atlas(
        regions=[Region(code=c, name_zh=nm, lon=lon, lat=lat) for c, nm, lon, lat in cities],
        chains=[Chain(id="bat", name_zh="电池")],
        segments=[Segment(id="sep", name_zh="隔膜", tier="midstream", chain_ids=["bat"])],
        enterprises=firms,
        presences=presences,
        profiles=profiles,
        supply_ties=ties,
        capabilities=[
            Capability(enterprise_id=f.id, segment_id="sep", strength=1.0) for f in firms
        ],
    )


def test_equally_fitting_firms_are_bounded_by_their_pull_facts(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hundreds of firms with the same fit: after the first batch the rest are bounded by their
    pull facts and only those that can reach the top are scored; the answer is the head of the
    full ranking."""
    import chainatlas.queries.candidates as mod

    store.write(_equally_fitting_firms())
    whole = find_candidates(store, "sep", region="410700", top=10_000)
    assert len(whole.candidates) > 700 and whole.local
    assert len({c.fit for c in whole.candidates}) == 1  # the fit tells nobody apart
    asked: list[int] = []
    real = mod._bounds

    def spy(*args: object, **kwargs: object) -> dict[str, float]:
        asked.append(len(args[1]))  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    scored: list[int] = []
    real_score = mod._score

    def count(*args: object) -> list[mod.Candidate]:
        scored.append(len(args[2]))  # type: ignore[arg-type]
        return real_score(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(mod, "_bounds", spy)
    monkeypatch.setattr(mod, "_score", count)
    monkeypatch.setattr(mod, "FIRST_BATCH", 1)
    for top in (1, 5, 20):
        asked.clear(), scored.clear()
        got = find_candidates(store, "sep", region="410700", top=top)
        assert got.candidates == whole.candidates[:top]
        assert got.local == whole.local[:top]
        assert asked and asked[0] > 500  # the bounds were used ...
        assert sum(scored[1:]) < asked[0] / 2  # ... and spared most records
