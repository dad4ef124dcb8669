"""History and undo, on both stores (``store`` fixture): every write recorded, ``undo`` puts
back exactly the state before the newest write not yet undone, one write at a time."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from chainatlas.graph.errors import (
    ChainAtlasError,
    IdentityConflict,
    NothingToUndo,
    UnknownRecord,
)
from chainatlas.graph.model import (
    Atlas,
    Capability,
    Enterprise,
    IndustryMembership,
    NodeLabel,
    Presence,
    Product,
    ProductLink,
    ProductSupply,
    Segment,
)
from chainatlas.graph.store import Store

from chainatlas.api import load_paths
from tests.conftest import FIXTURES
from tests.contract_atlas import full_atlas, snapshot

MINI = FIXTURES / "mini"
MINI_SEGMENTS = {"materials", "cathode", "separator", "cells", "packs", "vehicles"}


def base_atlas() -> Atlas:
    """``full_atlas``, its segments that the mini chain map also defines shared with it (so the
    map may redefine them: another chain's segment is refused)."""
    atlas = full_atlas()
    atlas.segments = [
        s.model_copy(update={"chain_ids": [*s.chain_ids, "mini-battery"]})
        if s.id in MINI_SEGMENTS
        else s
        for s in atlas.segments
    ]
    return atlas


def full_snapshot(store: Store) -> dict[str, Any]:
    """``snapshot`` plus the settings and every firm (the ids the sample loads too)."""
    snap = snapshot(store)
    snap["settings"] = store.settings()
    snap["all_enterprises"] = store.enterprises()
    ids = [e.id for e in snap["all_enterprises"]]
    snap["all_capabilities"] = store.capabilities_of(ids)
    snap["all_presences"] = store.presences(ids)
    return snap


def test_load_then_undo_gives_back_the_store_exactly(store: Store) -> None:
    store.write(base_atlas())
    store.update_settings({"home_region": "410700"})
    before = full_snapshot(store)
    load_paths(store, sorted(MINI.iterdir()))
    assert full_snapshot(store) != before
    undone = store.undo()
    assert undone.command == "load" and len(undone.files) == 4
    assert full_snapshot(store) == before


def test_repeated_undo_steps_back_one_write_at_a_time(store: Store) -> None:
    states = [full_snapshot(store)]
    store.write(base_atlas())
    states.append(full_snapshot(store))
    load_paths(store, sorted(MINI.iterdir()))
    states.append(full_snapshot(store))
    store.update_settings({"home_region": "410700", "lang": "zh"})
    states.append(full_snapshot(store))
    store.remove(NodeLabel.ENTERPRISE, ["local-cells", "alpha"])
    states.append(full_snapshot(store))
    for expected in reversed(states[:-1]):
        store.undo()
        assert full_snapshot(store) == expected
    assert set(store.stats().values()) == {0}
    with pytest.raises(NothingToUndo, match="nothing to undo"):
        store.undo()
    entries = store.history()
    assert [e.command for e in entries] == ["write", "load", "settings", "remove"] + ["undo"] * 4
    assert [e.undoes for e in entries[4:]] == [4, 3, 2, 1]
    assert [e.undone_by for e in entries[:4]] == [8, 7, 6, 5]


def test_undo_after_a_new_write_skips_what_was_undone(store: Store) -> None:
    store.write(base_atlas())
    first = full_snapshot(store)
    load_paths(store, sorted(MINI.iterdir()))
    store.undo()  # the mini load
    store.write(Atlas(enterprises=[Enterprise(id="late", name="后来的企业")]))
    store.undo()  # the late firm
    assert full_snapshot(store) == first
    store.undo()  # the full atlas: the mini load was already undone
    assert set(store.stats().values()) == {0}


def test_entries_say_who_when_which_files_and_what_changed(store: Store) -> None:
    load_paths(store, sorted(MINI.iterdir()))
    (entry,) = store.history()
    assert entry.seq == 1 and entry.user and entry.at.endswith("+00:00")
    assert [Path(f).name for f in entry.files] == sorted(p.name for p in MINI.iterdir())
    assert entry.counts["enterprises"] == 7 and entry.counts["weak_links"] == 2
    firms = next(c for c in entry.changes.nodes if c.label == "Enterprise")
    assert firms.counts == {"added": 7, "changed": 0, "removed": 0}
    assert "local-cells 本地电芯" in firms.added
    assert entry.changes.edges["CAN_SUPPLY"]["added"] == 9
    assert entry.undone_by is None and entry.undoable


def test_a_failed_write_records_nothing_and_changes_nothing(store: Store) -> None:
    load_paths(store, sorted(MINI.iterdir()))
    before, entries = full_snapshot(store), store.history()
    bad = Atlas(segments=[Segment(id="cells", name_zh="别的", tier="upstream", chain_ids=["x"])])
    with pytest.raises(IdentityConflict, match="'cells'"):
        store.write(bad)
    late_failure = Atlas(  # the membership's empty code fails the write after every step ran
        enterprises=[Enterprise(id="n1", name="新企业")],
        industry_memberships=[IndustryMembership(enterprise_id="n1", industry_code="")],
    )
    with pytest.raises(ValueError, match="code"):
        store.write(late_failure)
    with pytest.raises(UnknownRecord, match="'nobody' is not in the store"):
        store.remove(NodeLabel.ENTERPRISE, ["local-cells", "nobody"])
    assert full_snapshot(store) == before
    assert store.history() == entries


def test_undo_puts_back_products_and_main_products(store: Store) -> None:
    store.write(
        Atlas(
            enterprises=[Enterprise(id="e", name="甲")],
            products=[Product(name="锂", source="a")],
            product_links=[ProductLink(from_name="锂", to_name="卤水")],
            product_supplies=[ProductSupply(enterprise_id="e", product_name="锂", weight=0.5)],
        )
    )
    before = full_snapshot(store) | {"p": store.products(["锂", "卤水", "钴"])}
    store.write(
        Atlas(
            products=[Product(name="锂", source="b"), Product(name="钴")],
            product_links=[ProductLink(from_name="钴", to_name="卤水", rel="SUBTYPE_OF")],
            product_supplies=[ProductSupply(enterprise_id="e", product_name="锂", weight=0.9)],
        )
    )
    store.remove(NodeLabel.ENTERPRISE, ["e"])
    assert store.product_suppliers(["锂"]) == []
    store.undo()
    store.undo()
    assert full_snapshot(store) | {"p": store.products(["锂", "卤水", "钴"])} == before


def test_remove_takes_the_relationships_with_it(store: Store) -> None:
    store.write(base_atlas())
    store.write(
        Atlas(
            capabilities=[Capability(enterprise_id="zeta", segment_id="cells")],
            presences=[Presence(enterprise_id="zeta", region_code="11")],
        )
    )
    changes = store.remove(NodeLabel.ENTERPRISE, ["zeta"])
    assert store.enterprises(["zeta"]) == [] and store.capabilities_of(["zeta"]) == []
    assert store.presences(["zeta"]) == []
    firms = next(c for c in changes.nodes if c.label == "Enterprise")
    assert firms.counts["removed"] == 1 and changes.edges["CAN_SUPPLY"]["removed"] >= 1


def test_embedded_history_that_outlives_its_store_file_is_ignored(tmp_path: Path) -> None:
    """An entry written for a write whose store file was never replaced does not count."""
    from chainatlas.graph.embedded.store import NetworkXStore

    store = NetworkXStore(tmp_path / "s")
    store.write(Atlas(enterprises=[Enterprise(id="a", name="甲")]))
    saved = tmp_path / "saved.pickle"
    shutil.copy(store.file, saved)
    store.write(Atlas(enterprises=[Enterprise(id="b", name="乙")]))
    shutil.copy(saved, store.file)  # as if the second write had stopped before the file
    again = NetworkXStore(tmp_path / "s")
    assert [e.seq for e in again.history()] == [1]
    again.write(Atlas(enterprises=[Enterprise(id="c", name="丙")]))
    assert [e.seq for e in again.history()] == [1, 2]
    assert again.history()[1].changes.nodes[0].added == ["c 丙"]


def raw_dump(store: Store) -> list[str]:
    """Every node and relationship of the store as it holds them (bookkeeping aside), sorted:
    the embedded graph and product tables, or Neo4j's nodes and relationships with every
    property (the derived and origin ones included)."""
    from chainatlas.graph.embedded.store import NetworkXStore

    if isinstance(store, NetworkXStore):
        pub = store.public
        names = list(pub.p_name)
        return sorted(
            [repr((n, sorted(d.items(), key=str))) for n, d in store.graph.nodes(data=True)]
            + [
                repr((u, v, k, sorted(d.items(), key=str)))
                for u, v, k, d in store.graph.edges(keys=True, data=True)
            ]
            + [repr(p) for p in pub.products(names)]
            + [repr(lk) for lk in pub.links(names)]
            + [repr(s) for s in pub.suppliers(names)]
        )
    nodes = store._read(  # type: ignore[attr-defined]
        "MATCH (n) WHERE NOT n:ChainAtlasHistory AND NOT n:ChainAtlasMeta "
        "RETURN labels(n) AS l, properties(n) AS p"
    )
    edges = store._read(  # type: ignore[attr-defined]
        "MATCH (a)-[r]->(b) RETURN labels(a) AS la, properties(a) AS pa, type(r) AS t, "
        "properties(r) AS p, labels(b) AS lb, properties(b) AS pb"
    )
    return sorted(
        [repr((r["l"], sorted(r["p"].items(), key=str))) for r in nodes]
        + [
            repr(
                (
                    r["la"],
                    sorted(r["pa"].items(), key=str),
                    r["t"],
                    sorted(r["p"].items(), key=str),
                    r["lb"],
                    sorted(r["pb"].items(), key=str),
                )
            )
            for r in edges
        ]
    )


def test_undo_restores_every_node_and_relationship_exactly(store: Store, tmp_path: Path) -> None:
    load_paths(store, sorted(MINI.iterdir()))
    store.write(_product_batch())
    states = [raw_dump(store)]
    revised = tmp_path / "enterprises.csv"
    rows = (MINI / "enterprises.csv").read_text(encoding="utf-8").splitlines()
    revised.write_text("\n".join(rows[:3]).replace("test fixture", "修订") + "\n", encoding="utf-8")
    load_paths(store, [revised], replace=True)
    states.append(raw_dump(store))
    store.remove(NodeLabel.ENTERPRISE, ["local-cathode"])
    assert raw_dump(store) != states[-1]
    store.undo()
    assert raw_dump(store) == states[1]
    store.undo()
    assert raw_dump(store) == states[0]


def _product_batch() -> Atlas:
    return Atlas(
        products=[Product(name="三元正极材料", source="k")],
        product_links=[ProductLink(from_name="三元正极材料", to_name="镍")],
        product_supplies=[
            ProductSupply(enterprise_id="local-cathode", product_name="三元正极材料", weight=0.7)
        ],
    )


def test_only_the_newest_writes_keep_their_undo_record(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINATLAS_UNDO_KEEP", "2")
    for i in range(3):
        store.write(Atlas(enterprises=[Enterprise(id=f"e{i}", name=f"企业{i}")]))
    store.undo()
    store.undo()
    with pytest.raises(
        NothingToUndo, match="write #1 can no longer be undone.*CHAINATLAS_UNDO_KEEP"
    ):
        store.undo()
    assert [e.id for e in store.enterprises()] == ["e0"]
    assert len(store.history()) == 5  # every write stays listed
    monkeypatch.setenv("CHAINATLAS_UNDO_KEEP", "none")
    with pytest.raises(ChainAtlasError, match="CHAINATLAS_UNDO_KEEP='none'"):
        store.write(Atlas())
