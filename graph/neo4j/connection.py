"""The Neo4j store's connection: the driver, server errors as one-line store errors, reads
with their arguments in one map, whole small tables remembered while the database is unchanged,
and the schema created on opening.
"""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Self, TypeVar, cast

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors
from pydantic import BaseModel

from ..errors import StoreError, StoreUnavailable
from . import cypher as Q
from .props import from_props
from .write import BATCH_SIZE

__all__ = ["Connection", "KeyedMemo", "CONNECT_TIMEOUT_S", "RETRY_TIME_S", "QUIET_NOTIFICATIONS"]

INDEX_WAIT_S = 300
#: Records a store keeps per kind of read (``KeyedMemo``): all of a chainkg-sized atlas (51k
#: product suppliers); on a national registry a few hundred MB at most.
RECORD_CACHE_MAX = 200_000
#: Seconds to wait for a TCP connection; getting a usable connection (Bolt handshake and login
#: included) may take twice that. A host or port that does not answer fails after this, not
#: after the driver's defaults (30 s to connect, 60 s to get a connection).
CONNECT_TIMEOUT_S = 5.0
#: Seconds a managed transaction (every read and write) keeps retrying after a transient failure
#: such as a dropped connection or a restarting server; the whole transaction runs again.
RETRY_TIME_S = 30.0
#: Server notifications not worth a warning: unknown labels/properties in an empty database.
QUIET_NOTIFICATIONS = [neo4j.NotificationDisabledClassification.UNRECOGNIZED]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class KeyedMemo:
    """Records found per key (a firm's id, a product's name, …) at one write stamp; a key
    without records is held as such. Past ``RECORD_CACHE_MAX`` records it starts again.
    Thread-safe: the reads of one query run on several threads."""

    def __init__(self) -> None:
        self._by_key: dict[str, tuple[Any, ...]] = {}
        self._count = 0
        self._lock = threading.Lock()

    def get(self, keys: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """The keys held, with their records."""
        with self._lock:
            return {k: self._by_key[k] for k in keys if k in self._by_key}

    def get_all(self, keys: Iterable[str]) -> dict[str, tuple[Any, ...]] | None:
        """Every key's records, or None when one is not held."""
        with self._lock:
            try:
                return {k: self._by_key[k] for k in keys}
            except KeyError:
                return None

    def put(
        self, keys: Iterable[str], records: Iterable[T], owner: Callable[[T], str]
    ) -> dict[str, tuple[T, ...]]:
        """Hold ``records`` (all those of ``keys``, each under ``owner(record)``); returns them
        by key."""
        grouped: dict[str, list[T]] = {k: [] for k in keys}
        for rec in records:
            grouped.setdefault(owner(rec), []).append(rec)
        out = {k: tuple(v) for k, v in grouped.items()}
        size = sum(len(v) + 1 for v in out.values())
        with self._lock:
            if self._count + size > RECORD_CACHE_MAX:
                self._by_key.clear()
                self._count = 0
            self._by_key.update(out)
            self._count += size
        return out


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _store_error(location: str, exc: neo4j_errors.Neo4jError) -> StoreError:
    """A server error as one line: its message (cut at 300 characters) and its code."""
    text = " ".join((exc.message or str(exc)).split()) or type(exc).__name__
    if len(text) > 300:
        text = text[:299] + "…"
    return StoreError(
        f"Neo4j at {location} rejected the request and rolled it back: {text} "
        f"({exc.code or type(exc).__name__})"
    )


class Connection:
    """A Neo4j database as the store talks to it (see ``Neo4jStore``)."""

    parallel_reads = 6  # queries may ask this many retrievals at once (the driver is thread-safe)

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str | None = None,
        location: str | None = None,
        _owns_driver: bool = False,
    ) -> None:
        self.driver = driver
        self.database = database
        self.location = location or _driver_uri(driver)
        self._owns_driver = _owns_driver
        self.batch_size = BATCH_SIZE
        self._tables: dict[Hashable, tuple[str, Any]] = {}
        self._pin: str | None = None
        self._memo_lock = threading.Lock()
        self.ensure_schema()

    @classmethod
    def from_uri(
        cls,
        uri: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        connection_timeout: float = CONNECT_TIMEOUT_S,
        retry_time: float = RETRY_TIME_S,
    ) -> Self:
        """Open the database at ``uri``; credentials and database default to
        ``CHAINATLAS_NEO4J_USER``/``_PASSWORD``/``_DATABASE`` (no auth when there is no user).

        ``connection_timeout`` bounds each connection attempt (twice it with the Bolt handshake
        and login); ``retry_time`` is how long reads and writes retry transient failures (a
        server restarting within it is waited for)."""
        uri = uri.strip()
        user = user if user is not None else os.environ.get("CHAINATLAS_NEO4J_USER") or None
        if password is None:
            password = os.environ.get("CHAINATLAS_NEO4J_PASSWORD", "")
        database = database or os.environ.get("CHAINATLAS_NEO4J_DATABASE") or None
        auth = (user, password) if user else None
        try:
            driver = GraphDatabase.driver(
                uri,
                auth=auth,
                notifications_disabled_classifications=QUIET_NOTIFICATIONS,
                connection_timeout=connection_timeout,
                connection_acquisition_timeout=2 * connection_timeout,
                max_transaction_retry_time=retry_time,
            )
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise StoreUnavailable(f"{uri!r} is not a usable Neo4j URI: {_one_line(exc)}") from exc
        try:
            return cls(driver, database=database, location=uri, _owns_driver=True)
        except BaseException:
            driver.close()
            raise

    def close(self) -> None:
        if self._owns_driver:
            self.driver.close()

    # -- plumbing --------------------------------------------------------------------------------
    @contextmanager
    def _reaching(self) -> Iterator[None]:
        """Turn "cannot talk to the server" errors into one-line ``StoreUnavailable`` and any
        other server error into a one-line ``StoreError``."""
        try:
            yield
        except neo4j_errors.AuthError as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.location} refused the credentials: {_one_line(exc)} — "
                "set CHAINATLAS_NEO4J_USER and CHAINATLAS_NEO4J_PASSWORD"
            ) from exc
        except neo4j_errors.IncompleteCommit as exc:
            raise StoreUnavailable(
                f"the connection to Neo4j at {self.location} broke while committing, so the write "
                "may or may not have landed (check with `chainatlas stats`); if the server ran out "
                "of memory on a large load, restart it with more heap (CHAINATLAS_NEO4J_HEAP=3g)"
            ) from exc
        except (
            neo4j_errors.ServiceUnavailable,
            neo4j_errors.SessionExpired,
            neo4j_errors.DatabaseUnavailable,
            OSError,
        ) as exc:
            raise StoreUnavailable(
                f"cannot reach Neo4j at {self.location}: {_one_line(exc)} — start it with "
                "`chainatlas neo4j start`, or check --store and the credentials"
            ) from exc
        except neo4j_errors.ClientError as exc:
            if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise StoreUnavailable(
                    f"Neo4j at {self.location} has no database {self.database!r} — create it "
                    "or check CHAINATLAS_NEO4J_DATABASE"
                ) from exc
            raise _store_error(self.location, exc) from exc
        except neo4j_errors.Neo4jError as exc:
            raise _store_error(self.location, exc) from exc

    def _read(self, query: str, /, **params: Any) -> list[neo4j.Record]:
        with self._reaching():
            result = self.driver.execute_query(
                Q.one_map(query),  # planned once, whatever the sizes of the lists asked for
                {Q.ARGS: params},
                routing_=RoutingControl.READ,
                database_=self.database,
            )
        return list(result.records)

    def _records(self, cls: type[M], query: str, /, **params: Any) -> list[M]:
        return [from_props(cls, row["p"]) for row in self._read(query, **params)]

    def _stable(self, key: Hashable, fetch: Callable[[], T]) -> T:
        """A small whole table (chains, segments, regions, industries, weak links, clusters,
        projects, product names), from memory while the database is unchanged.

        Every write through a store bumps the database's stamp in its own transaction, so one
        short read of the stamp tells whether a remembered table is still the database's (a
        ``pinned()`` store reads it once). A database without a stamp (written by other tools)
        is always asked. Edits made outside chainatlas do not bump it: a new process (or
        ``forget()``) sees them.
        """
        stamp = self._pin if self._pin is not None else self._stamp()
        hit = self._tables.get(key)
        if stamp and hit is not None and hit[0] == stamp:
            return cast(T, hit[1])
        value = fetch()  # read after the stamp: never older than what the stamp says
        if stamp:
            self._tables[key] = (stamp, value)
        return value

    def _memo(self, kind: str) -> KeyedMemo | None:
        """What reads of ``kind`` found per key at this view's stamp, or None on a store that
        is not ``pinned()`` (a live store asks the database each time)."""
        stamp = self._pin
        if not stamp:
            return None
        with self._memo_lock:
            held = self._tables.get(("memo", kind))
            if held is None or held[0] != stamp:
                held = (stamp, KeyedMemo())
                self._tables[("memo", kind)] = held
            return cast(KeyedMemo, held[1])

    def _by_id_cached(
        self,
        kind: str,
        ids: Iterable[str],
        fetch: Callable[[list[str]], list[T]],
        owner: Callable[[T], str],
    ) -> list[T]:
        """The records of these ids (``owner`` tells a record's id), unsorted: on a ``pinned()``
        view from memory for the ids asked for before at the same stamp, the rest fetched.

        A planner's questions meet the same firms again and again (one target list asks about
        dozens of gaps); their records do not change while the stamp does not (``_stable``).
        """
        wanted = sorted(set(ids))
        memo = self._memo(kind)
        if memo is None:
            return fetch(wanted) if wanted else []
        found = memo.get(wanted)
        missing = [k for k in wanted if k not in found]
        if missing:
            fetched = memo.put(missing, fetch(missing), owner)
            found.update(fetched)
        return [rec for k in wanted for rec in found[k]]

    def _stamp(self) -> str:
        rows = self._read(Q.READ_STAMP)
        return (rows[0]["stamp"] if rows else None) or ""

    def pinned(self) -> Self:
        """This store for the span of one query: the stamp is read once, now, so every whole
        table the query asks for comes from memory while the database is unchanged."""
        view = copy.copy(self)  # the same driver and remembered tables
        view._owns_driver = False
        view._pin = self._stamp()
        return view

    def forget(self) -> None:
        """Drop the remembered tables (see ``_stable``)."""
        self._tables.clear()

    def _session(self) -> neo4j.Session:
        return self.driver.session(
            database=self.database,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        )

    def ensure_schema(self) -> None:
        """Create the constraints and indexes that are missing (idempotent).

        The first contact with the server, so it runs in auto-commit transactions, which the
        driver does not retry: an unreachable server fails at once, not after 30 s of retries.
        """
        with self._reaching(), self._session() as session:
            present = {row["name"] for row in session.run(Q.INDEX_NAMES)}
            missing = [stmt for name, stmt in Q.SCHEMA.items() if name not in present]
            for stmt in missing:
                session.run(stmt).consume()
            if missing:
                session.run(Q.AWAIT_INDEXES, seconds=INDEX_WAIT_S).consume()


def _driver_uri(driver: neo4j.Driver) -> str:
    scheme = "bolt" if isinstance(driver, neo4j.BoltDriver) else "neo4j"
    address = getattr(driver, "address", "?")
    return f"{scheme}{'+s' if driver.encrypted else ''}://{address}"
