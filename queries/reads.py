"""Store reads started at once, so that a database store's round trips overlap."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from types import TracebackType
from typing import Any, TypeVar

from chainatlas.graph.store import Store

__all__ = ["Reads"]

T = TypeVar("T")


class Reads:
    """Independent retrievals started at once when the store answers over a network.

    ``start(fn, *args)`` returns a function giving the answer. A store with ``parallel_reads``
    above 1 (Neo4j) runs them on that many threads, so their round trips overlap; any other
    store answers each one when it is asked for, in the caller's thread. The threads are kept
    between queries (starting one costs more than a short retrieval).
    """

    def __init__(self, store: Store) -> None:
        workers = int(getattr(store, "parallel_reads", 1))
        self._pool = _read_pool(workers) if workers > 1 else None
        self._started: list[Future[Any]] = []

    def start(self, fn: Callable[..., T], *args: Any) -> Callable[[], T]:
        if self._pool is None:
            return lambda: fn(*args)
        future = self._pool.submit(fn, *args)
        self._started.append(future)
        return future.result

    @property
    def parallel(self) -> bool:
        """Whether started reads overlap (then reading ahead saves round trips)."""
        return self._pool is not None

    def __enter__(self) -> Reads:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for future in self._started:  # nothing of this query outlives it
            future.cancel()
        wait(self._started)


_POOLS: dict[int, ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def _read_pool(workers: int) -> ThreadPoolExecutor:
    with _POOLS_LOCK:
        if workers not in _POOLS:
            _POOLS[workers] = ThreadPoolExecutor(workers, thread_name_prefix="chainatlas-read")
        return _POOLS[workers]
