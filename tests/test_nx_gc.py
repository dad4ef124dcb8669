"""The embedded store keeps the garbage collector off the atlas it opened (a full collection
over it is a pause in a query), and may: without its cached views the atlas holds no reference
cycles, so a dropped or re-read atlas is freed by reference counting alone."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.model import Atlas, Region
from chainatlas.queries.candidates import find_candidates
from chainatlas.queries.gaps import find_gaps

from chainatlas.api import load_sample


def _used(store: NetworkXStore) -> None:
    """Queries and a count, which leave cached (cyclic) views on the graph."""
    find_gaps(store, "battery-ev", "410700")
    find_candidates(store, query="隔膜", region="410700", top=5)
    store.stats()


def test_an_opened_atlas_is_out_of_the_collectors_way(tmp_path: Path) -> None:
    load_sample(NetworkXStore(tmp_path))
    opened = NetworkXStore(tmp_path)
    tracked = {id(o) for o in gc.get_objects()}  # the frozen generation is not listed
    assert opened.graph.number_of_nodes() > 100
    assert id(opened.graph) not in tracked
    assert id(opened.graph._adj) not in tracked


def test_a_dropped_store_frees_its_atlas(tmp_path: Path) -> None:
    load_sample(NetworkXStore(tmp_path))
    opened = NetworkXStore(tmp_path)
    _used(opened)
    graph = weakref.ref(opened.graph)
    del opened
    assert graph() is None


def test_a_store_reread_after_another_write_frees_the_old_atlas(tmp_path: Path) -> None:
    load_sample(NetworkXStore(tmp_path))
    reader = NetworkXStore(tmp_path)
    _used(reader)
    old = weakref.ref(reader.graph)
    NetworkXStore(tmp_path).write(Atlas(regions=[Region(code="990000", name_zh="测试省")]))
    reader.write(Atlas(regions=[Region(code="990100", name_zh="测试市")]))  # re-reads first
    assert old() is None
    assert {"990000", "990100"} <= {r.code for r in reader.regions()}
