"""The graph model, the ``Store`` protocol and the stores."""

from __future__ import annotations

if __name__ != "chainatlas.graph":  # graph/ is imported only as chainatlas.graph
    raise ImportError(f"import chainatlas.graph, not {__name__}: graph/ is a layer of chainatlas")

import os

from .store import Store

__all__ = ["Store", "open_store", "is_neo4j_uri", "DEFAULT_LOCATION"]

DEFAULT_LOCATION = ".chainatlas"
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def is_neo4j_uri(location: str) -> bool:
    return location.strip().lower().startswith(NEO4J_SCHEMES)


def open_store(location: str | None = None) -> Store:
    """Open the store at ``location``: a folder/file (embedded) or a ``bolt://``/``neo4j://`` URI.

    Defaults to ``$CHAINATLAS_STORE``, then ``.chainatlas/`` in the working directory.
    """
    loc = location or os.environ.get("CHAINATLAS_STORE") or DEFAULT_LOCATION
    if is_neo4j_uri(loc):
        from .neo4j.store import Neo4jStore

        return Neo4jStore.from_uri(loc)
    from .embedded.store import NetworkXStore

    return NetworkXStore(loc)
