"""The Neo4j store beyond the contract: server-side failures and rollback, driver ownership,
the schema, full-text search, planner statistics, reads planned once, and the whole tables it
remembers between writes. (What both stores answer is in tests/test_store_contract.py.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from chainatlas.graph.errors import NothingToUndo, StoreError, StoreUnavailable
from chainatlas.graph.model import Atlas, Enterprise, NodeLabel, Product, Segment
from chainatlas.graph.neo4j import cypher as Q
from chainatlas.graph.neo4j.cypher import NODE_KEYS
from chainatlas.graph.neo4j.store import Neo4jStore

from tests.contract_atlas import full_atlas, snapshot


def test_unreachable_neo4j_is_store_unavailable_naming_the_uri() -> None:
    from chainatlas.graph.neo4j.server import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore.from_uri(uri)
    message = str(info.value)
    assert message.startswith(f"cannot reach Neo4j at {uri}: ")
    assert "chainatlas neo4j start" in message and "\n" not in message


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
    before, entries = snapshot(neo4j_store), neo4j_store.history()
    monkeypatch.setattr(neo4j_store, "batch_size", 2)
    # batch 1 (p0, p1) lands in the transaction; batch 2 holds a name too long for the
    # uniqueness index, which the server refuses
    products = [Product(name=f"p{i}") for i in range(3)] + [Product(name="长" * 5000)]
    with pytest.raises(StoreError, match="too large to index"):
        neo4j_store.write(Atlas(enterprises=[Enterprise(id="n1", name="新")], products=products))
    assert snapshot(neo4j_store) == before
    assert neo4j_store.history() == entries  # the history node went with the transaction


@pytest.mark.neo4j
def test_an_import_is_listed_but_cannot_be_undone(neo4j_store: Neo4jStore) -> None:
    neo4j_store.write(full_atlas())
    neo4j_store.record_import(["big.csv"], {"Enterprise": 2, "Product": 0})
    neo4j_store.write(Atlas(enterprises=[Enterprise(id="late", name="后来")]))
    first, imported, late = neo4j_store.history()
    assert (imported.command, imported.files, imported.counts) == (
        "neo4j import",
        ["big.csv"],
        {"Enterprise": 2},
    )
    assert not imported.undoable and late.seq == 3
    assert neo4j_store.undo().seq == 3
    with pytest.raises(NothingToUndo, match=r"write #2 \(neo4j import, .*cannot be undone"):
        neo4j_store.undo()
    assert neo4j_store.enterprises(["late"]) == [] and neo4j_store.enterprise_count() == 2


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
    import chainatlas.graph.neo4j.reads as mod

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
