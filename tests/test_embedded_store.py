"""The embedded store beyond the contract: its file, seen by another opening, and how it lays
the write plan out (a networkx graph, plus column tables for the public product data).
(What both stores answer is in tests/test_store_contract.py.)"""

from __future__ import annotations

from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.model import NodeLabel, Product, RelType

from tests.contract_atlas import full_atlas


def test_settings_are_seen_by_another_opening_of_the_file(nx_store: NetworkXStore) -> None:
    nx_store.update_settings({"home_region": "410700", "lang": "zh"})
    nx_store.update_settings({"home_region": "321200", "lang": None})
    assert NetworkXStore(nx_store.file).settings() == {"home_region": "321200"}
    nx_store.reset()
    assert NetworkXStore(nx_store.file).settings() == {}


def test_a_write_is_in_the_file_for_the_next_opening(nx_store: NetworkXStore) -> None:
    nx_store.write(full_atlas())
    again = NetworkXStore(nx_store.file)
    assert again.stats() == nx_store.stats()
    assert again.projects() == nx_store.projects()


def test_products_live_in_the_column_tables_not_the_graph(nx_store: NetworkXStore) -> None:
    nx_store.write(full_atlas())
    labels = {label for label, _ in nx_store.graph.nodes}
    assert NodeLabel.PRODUCT.value not in labels
    rels = {key.split(":", 1)[0] for _, _, key in nx_store.graph.edges(keys=True)}
    assert not rels & {RelType.MADE_FROM.value, RelType.SUBTYPE_OF.value}
    stats = nx_store.stats()
    assert stats[NodeLabel.PRODUCT.value] == 4  # two put, two placeholders (正极材料 is both)
    assert nx_store.public.known(["锂电池", "负极材料", "磷酸铁锂电池"]) == [
        "磷酸铁锂电池",
        "负极材料",
        "锂电池",
    ]
    nx_store.write(full_atlas().model_copy(update={"products": [Product(name="锂电池")]}))
    assert nx_store.stats() == stats  # a product written again replaces its row


def test_relationship_keys_carry_their_variant(nx_store: NetworkXStore) -> None:
    nx_store.write(full_atlas())
    g = nx_store.graph
    feeds = sorted(g[("Segment", "cells")][("Segment", "packs")])
    assert feeds == ["FEEDS:battery", "FEEDS:ev", "PART_OF"]  # cells is part of packs too
    located = sorted(k for _, _, k in g.out_edges(("Enterprise", "zeta"), keys=True))
    assert "LOCATED_IN:hq" in located and "LOCATED_IN:plant" in located
