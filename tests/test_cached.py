"""The per-query read cache answers exactly what the store answers, and forgets on write."""

from __future__ import annotations

from chainatlas.graph.cached import CachedStore, read_cache
from chainatlas.graph.model import Atlas, Enterprise
from chainatlas.graph.store import Store


def test_cache_answers_like_the_store(mini_store: Store) -> None:
    cached = read_cache(mini_store)
    assert isinstance(cached, CachedStore) and read_cache(cached) is cached
    ids = ["big-cells", "local-cells", "nobody"]
    assert cached.enterprises(ids) == mini_store.enterprises(ids)
    assert cached.enterprises(iter(reversed(ids))) == mini_store.enterprises(ids)
    assert cached.capabilities_for_segments({"cells", "separator"}) == (
        mini_store.capabilities_for_segments(["separator", "cells"])
    )
    assert cached.segments() == mini_store.segments()
    assert cached.find_enterprises("隔膜") == mini_store.find_enterprises("隔膜")
    assert cached.stats() == mini_store.stats()
    assert cached.location == mini_store.location


def test_cache_repeats_from_memory_and_forgets_on_write(mini_store: Store) -> None:
    cached = read_cache(mini_store)
    first = cached.enterprises(["big-cells"])
    assert cached.enterprises(["big-cells"]) is first  # from memory
    cached.write(Atlas(enterprises=[Enterprise(id="big-cells", name="大电池新名")]))
    assert [e.name for e in cached.enterprises(["big-cells"])] == ["大电池新名"]
