"""A pinned Neo4j view's memory of keyed reads (``KeyedMemo``): within one write stamp a repeated
read, or one asking for ids already read, takes no round trip and answers what the live store
answers; more ids go to the database; a write through a ``CachedStore`` or by another client is
seen by the next view; the memory is bounded. (Whole tables: tests/test_neo4j_store.py.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from chainatlas.graph.cached import CachedStore
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.model import (
    Atlas,
    Capability,
    Enterprise,
    Industry,
    IndustryMembership,
    Presence,
    PresenceKind,
    Product,
    ProductLink,
    ProductSupply,
    Profile,
    Region,
    Segment,
)
from chainatlas.graph.neo4j import connection
from chainatlas.graph.neo4j import cypher as Q
from chainatlas.graph.neo4j.store import Neo4jStore
from chainatlas.graph.store import Store

FIRMS = ["a", "b", "c", "d"]
NAMES = {"a": "甲电芯", "b": "乙正极", "c": "丙负极", "d": "丁电池包"}


def small_atlas() -> Atlas:
    """Four firms in two cities, one product each in a chain 正极/负极 -> 电芯 -> 电池包."""
    return Atlas(
        regions=[
            Region(code="410700", name_zh="新乡市", level="city"),
            Region(code="410100", name_zh="郑州市", level="city"),
        ],
        segments=[
            Segment(id="cells", name_zh="电芯", tier="midstream"),
            Segment(id="cathode", name_zh="正极", tier="upstream"),
        ],
        enterprises=[Enterprise(id=k, name=v) for k, v in NAMES.items()],
        presences=[
            Presence(enterprise_id="a", region_code="410700"),
            Presence(enterprise_id="a", region_code="410100", kind=PresenceKind.PLANT),
            Presence(enterprise_id="b", region_code="410700"),
            Presence(enterprise_id="c", region_code="410100"),
        ],
        capabilities=[
            Capability(enterprise_id="a", segment_id="cells"),
            Capability(enterprise_id="b", segment_id="cathode", strength=0.5),
            Capability(enterprise_id="d", segment_id="cells"),
        ],
        profiles=[
            Profile(enterprise_id="a", status="在谈"),
            Profile(enterprise_id="c", strategy="扩产"),
        ],
        products=[Product(name=n) for n in ("电芯", "正极", "负极", "电池包")],
        product_links=[
            ProductLink(from_name="电芯", to_name="正极"),
            ProductLink(from_name="电芯", to_name="负极"),
            ProductLink(from_name="电池包", to_name="电芯"),
        ],
        product_supplies=[
            ProductSupply(enterprise_id="a", product_name="电芯"),
            ProductSupply(enterprise_id="b", product_name="正极"),
            ProductSupply(enterprise_id="c", product_name="负极"),
            ProductSupply(enterprise_id="d", product_name="电池包"),
        ],
        industries=[Industry(code="3841", name="电池制造"), Industry(code="3985")],
        industry_memberships=[
            IndustryMembership(enterprise_id="a", industry_code="3841"),
            IndustryMembership(enterprise_id="b", industry_code="3841"),
            IndustryMembership(enterprise_id="c", industry_code="3985"),
        ],
    )


#: Every keyed read the memory answers, as (name, read).
KEYED_READS: list[tuple[str, Callable[[Store], Any]]] = [
    ("enterprises", lambda s: s.enterprises(["a", "c", "absent"])),
    ("presences", lambda s: s.presences(["a", "b", "d"])),
    ("profiles", lambda s: s.profiles(["a", "b", "c"])),
    ("firms by name", lambda s: s.find_enterprises_many(["电芯", "乙正极", " 丁 ", "无此"])),
    ("capabilities", lambda s: s.capabilities_for_segments(["cells", "cathode", "none"])),
    ("firms of a region", lambda s: s.enterprises_in_region("4107")),
    ("product hood", lambda s: s.product_neighbourhood(["电池包"], ["电芯"], ["正极", "负极"])),
    ("industry hood", lambda s: s.industry_neighbourhood(["3841", "3985"], ["a"])),
]


@pytest.fixture
def neo4j_store(request: pytest.FixtureRequest) -> Iterator[Neo4jStore]:
    from tests.neo4j_support import fresh_neo4j_store

    store = fresh_neo4j_store(request)
    store.write(small_atlas())
    yield store
    store.close()


class Sent:
    """The queries the driver sends (each one round trip), with their parameters."""

    def __init__(self, store: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.queries: list[tuple[str, dict[str, Any]]] = []
        real = store.driver.execute_query

        def spy(query: str, parameters: dict[str, Any] | None = None, **kw: Any) -> Any:
            self.queries.append((query, dict((parameters or {}).get(Q.ARGS, {}))))
            return real(query, parameters, **kw)

        monkeypatch.setattr(store.driver, "execute_query", spy)  # views share the driver

    def during(self, read: Callable[..., Any], *args: Any) -> tuple[Any, int]:
        """What ``read(*args)`` answers, and how many queries it sent."""
        before = len(self.queries)
        out = read(*args)
        return out, len(self.queries) - before


@pytest.mark.neo4j
def test_a_pinned_view_answers_a_repeated_keyed_read_from_memory(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    nx = NetworkXStore(tmp_path / "store")
    nx.write(small_atlas())
    sent = Sent(neo4j_store, monkeypatch)
    view = neo4j_store.pinned()
    for name, read in KEYED_READS:
        first, asked = sent.during(read, view)
        assert asked >= 1, name  # nothing was remembered yet
        again, asked_again = sent.during(read, view)
        assert asked_again == 0, name
        live, asked_live = sent.during(read, neo4j_store)
        assert asked_live >= 1, name  # a store that is not pinned asks each time
        assert first == again == live == read(nx), name
    assert [e.id for e in view.enterprises(["a", "c", "absent"])] == ["a", "c"]
    assert view.enterprises_in_region("4107") == {"a", "b"}
    assert view.industry_neighbourhood(["3841"], ["a"]).products == [
        ProductSupply(enterprise_id="b", product_name="正极")
    ]


@pytest.mark.neo4j
def test_ids_already_read_come_from_memory_and_more_ids_from_the_database(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = Sent(neo4j_store, monkeypatch)
    view = neo4j_store.pinned()
    _, asked = sent.during(lambda: view.enterprises(["a", "b", "c", "gone"]))
    assert asked == 1
    subset, asked = sent.during(lambda: view.enterprises(["c", "a", "gone"]))
    assert asked == 0 and subset == neo4j_store.enterprises(["a", "c"])
    superset, asked = sent.during(lambda: view.enterprises([*FIRMS, "gone", "new"]))
    assert asked == 1 and [e.id for e in superset] == FIRMS
    assert sent.queries[-1][1]["keys"] == ["d", "new"]  # only the ids not read before
    assert superset == neo4j_store.enterprises(FIRMS)
    # ids without records (no presences, no profile) are remembered as such
    pres, asked = sent.during(lambda: view.presences(["a", "d"]))
    assert asked == 1 and [(p.enterprise_id, p.region_code) for p in pres] == [
        ("a", "410700"),
        ("a", "410100"),
    ]
    pres, asked = sent.during(lambda: view.presences(["d"]))
    assert asked == 0 and pres == []
    pres, asked = sent.during(lambda: view.presences(["a", "b", "c", "d"]))
    assert asked == 1 and pres == neo4j_store.presences(FIRMS) and len(pres) == 4
    # a smaller product neighbourhood than one read before: its links, suppliers and
    # industries are all held
    big = view.product_neighbourhood(["电池包"], ["电芯"], ["正极", "负极"])
    small, asked = sent.during(lambda: view.product_neighbourhood([], ["电芯"], ["正极"]))
    assert asked == 0 and small == neo4j_store.product_neighbourhood([], ["电芯"], ["正极"])
    assert small.links == big.links and small.memberships != big.memberships


@pytest.mark.neo4j
def test_reads_through_a_cached_store_see_its_own_writes(neo4j_store: Neo4jStore) -> None:
    cached = CachedStore(neo4j_store)
    assert cached.enterprises(["e", "a"]) == neo4j_store.enterprises(["a"])
    assert cached.find_enterprises_many(["戊"]) == {"戊": []}
    assert cached.presences(["e"]) == [] and cached.enterprises_in_region("4107") == {"a", "b"}
    hood = cached.product_neighbourhood(["电池包"], ["电芯"], ["电池包"])
    assert [s.enterprise_id for s in hood.supplies if s.product_name == "电池包"] == ["d"]
    cached.write(
        Atlas(
            enterprises=[Enterprise(id="e", name="戊电池包"), Enterprise(id="a", name="甲新名")],
            presences=[Presence(enterprise_id="e", region_code="410700")],
            products=[Product(name="储能柜")],
            product_links=[ProductLink(from_name="储能柜", to_name="电芯")],
            product_supplies=[ProductSupply(enterprise_id="e", product_name="电池包")],
        )
    )
    assert [(e.id, e.name) for e in cached.enterprises(["e", "a"])] == [
        ("a", "甲新名"),
        ("e", "戊电池包"),
    ]
    assert [e.id for e in cached.find_enterprises_many(["戊"])["戊"]] == ["e"]
    assert [p.region_code for p in cached.presences(["e"])] == ["410700"]
    assert cached.enterprises_in_region("4107") == {"a", "b", "e"}
    hood = cached.product_neighbourhood(["电池包"], ["电芯"], ["电池包"])
    assert [s.enterprise_id for s in hood.supplies if s.product_name == "电池包"] == ["d", "e"]
    assert ("储能柜", "电芯") in [(pl.from_name, pl.to_name) for pl in hood.links]
    assert hood == neo4j_store.product_neighbourhood(["电池包"], ["电芯"], ["电池包"])


@pytest.mark.neo4j
def test_another_clients_write_is_seen_by_the_next_pinned_view(neo4j_store: Neo4jStore) -> None:
    view = neo4j_store.pinned()
    assert view.enterprises(["e"]) == [] and view.enterprises_in_region("4107") == {"a", "b"}
    assert view.industry_neighbourhood(["3985"], []).members == [
        IndustryMembership(enterprise_id="c", industry_code="3985")
    ]
    before = neo4j_store._stamp()
    other = Neo4jStore(neo4j_store.driver, database=neo4j_store.database)  # another process
    other.write(
        Atlas(
            enterprises=[Enterprise(id="e", name="戊")],
            presences=[Presence(enterprise_id="e", region_code="410700")],
            industry_memberships=[IndustryMembership(enterprise_id="e", industry_code="3985")],
        )
    )
    assert neo4j_store._stamp() != before
    # the old view is one query's snapshot: it still answers from what it read
    assert view.enterprises(["e"]) == [] and view.enterprises_in_region("4107") == {"a", "b"}
    fresh = neo4j_store.pinned()
    assert [e.id for e in fresh.enterprises(["e"])] == ["e"]
    assert fresh.enterprises_in_region("4107") == {"a", "b", "e"}
    assert [m.enterprise_id for m in fresh.industry_neighbourhood(["3985"], []).members] == [
        "c",
        "e",
    ]


@pytest.mark.neo4j
def test_the_memory_drops_records_past_its_cap(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [f"f{i:02d}" for i in range(28)]
    neo4j_store.write(Atlas(enterprises=[Enterprise(id=i, name=f"企业{i}") for i in ids]))
    monkeypatch.setattr(connection, "RECORD_CACHE_MAX", 8)  # a key and its record count 2
    sent = Sent(neo4j_store, monkeypatch)
    view = neo4j_store.pinned()
    for i in ids:
        assert [e.id for e in view.enterprises([i])] == [i]
        memo = view._memo("enterprises")
        assert memo is not None
        held = memo.get(ids)
        assert 1 <= len(held) + sum(len(v) for v in held.values()) <= 8
    _, asked = sent.during(lambda: view.enterprises(ids[-4:]))
    assert asked == 0  # the latest records are held
    got, asked = sent.during(lambda: [view.enterprises([i]) for i in ids[:4]])
    assert asked == 4 and [e.id for e in sum(got, [])] == ids[:4]  # the first were dropped


def test_a_keyed_memo_starts_again_past_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "RECORD_CACHE_MAX", 6)
    memo = connection.KeyedMemo()
    memo.put(["x", "y"], [("x", 1), ("x", 2)], lambda r: r[0])  # 3 + 1 records
    assert memo.get_all(["x", "y"]) == {"x": (("x", 1), ("x", 2)), "y": ()}
    memo.put(["z"], [("z", 3), ("z", 4)], lambda r: r[0])  # 4 + 3 > 6: only z is held
    assert memo.get(["x", "y", "z"]) == {"z": (("z", 3), ("z", 4))}
    assert memo.get_all(["x", "z"]) is None
