"""A read cache over a store for the span of one query.

Queries never write, and one question (a target list, say) asks the store the same things
many times: every segment, every industry, the same firms. Over Bolt each ask is a round trip.
``read_cache(store)`` answers repeats from memory; it lives only as long as the query holds it,
so the store itself always shows the live database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .store import Store

__all__ = ["CachedStore", "read_cache"]

T = TypeVar("T")

_PASS_THROUGH = {
    "write",
    "reset",
    "close",
    "location",
    "preview",
    "remove",
    "undo",
    "update_settings",
    "history",
}


def _key(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Iterable):
        return ("*", tuple(sorted({_key(v) for v in value}, key=repr)))
    return ("?", repr(value))


class CachedStore:
    """Wraps a store; read methods are memoised by their arguments (id lists as sets)."""

    def __init__(self, store: Store) -> None:
        self._base = store
        self._store = store
        self._memo: dict[Any, Any] = {}
        self.location = store.location
        self._repin()

    def _repin(self) -> None:
        """Clear the memo; a database store is read at its write stamp as it is now (read once:
        the store then answers its whole tables and records it has seen from memory)."""
        self._memo.clear()
        pin = getattr(self._base, "pinned", None)
        self._store = pin() if callable(pin) else self._base

    @property
    def wrapped(self) -> Store:
        return self._store

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if name in _PASS_THROUGH or name.startswith("_") or not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            args = tuple(
                list(a) if isinstance(a, Iterable) and not isinstance(a, str | bytes) else a
                for a in args
            )
            kwargs = {
                k: list(v) if isinstance(v, Iterable) and not isinstance(v, str | bytes) else v
                for k, v in kwargs.items()
            }
            key = (
                name,
                tuple(_key(a) for a in args),
                tuple(sorted((k, _key(v)) for k, v in kwargs.items())),
            )
            if key not in self._memo:
                self._memo[key] = attr(*args, **kwargs)
            return self._memo[key]

        return call

    def _changing(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a write of the store; this view then reads the database as the write left it
        (a failed write leaves it reading the live store, whatever the write did)."""
        self._memo.clear()
        self._store = self._base
        out = fn(*args)
        self._repin()
        return out

    def write(self, atlas: Any, note: Any = None) -> Any:
        return self._changing(self._base.write, atlas, note)

    def remove(self, label: Any, keys: Any, note: Any = None) -> Any:
        return self._changing(self._base.remove, label, keys, note)

    def undo(self, note: Any = None) -> Any:
        return self._changing(self._base.undo, note)

    def update_settings(self, values: Any, note: Any = None) -> None:
        self._changing(self._base.update_settings, values, note)

    def reset(self) -> None:
        self._changing(self._base.reset)

    def close(self) -> None:
        self._memo.clear()


def read_cache(store: Store) -> Store:
    """``store`` with a per-query read cache (the same object if it already has one)."""
    if isinstance(store, CachedStore):
        return store
    return CachedStore(store)  # type: ignore[return-value]
