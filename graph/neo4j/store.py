"""The Neo4j store: the same answers as the embedded store, from a Neo4j 5 server.

Records are node and relationship properties (nested lists such as ``Enterprise.lists`` are a
JSON string), rebuilt into the same pydantic models on read. ``write`` runs in one managed
transaction as batched ``UNWIND $rows … MERGE`` statements from ``cypher.py``; the merge rules
(placeholder nodes, union of a segment's chains, relationships a rewritten record drops) are
those of ``NetworkXStore._apply``, so both stores hold the same graph.
"""

from __future__ import annotations

import copy
import json
import os
import re
import typing
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar, cast

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j import exceptions as neo4j_errors
from pydantic import BaseModel

from ..errors import StoreError, StoreUnavailable
from ..merge import merge_batch, merge_profile, merge_project
from ..model import (
    Atlas,
    Capability,
    Chain,
    Cluster,
    Enterprise,
    Industry,
    IndustryMembership,
    NodeLabel,
    Presence,
    PresenceKind,
    Product,
    ProductLink,
    ProductSupply,
    Profile,
    Project,
    Record,
    Region,
    RelType,
    Segment,
    SupplyLink,
    SupplyTie,
    WeakLink,
)
from ..name_search import NameIndex, rank_found
from ..store import IndustryNeighbourhood, ProductNeighbourhood, PullFacts
from . import cypher as Q

__all__ = [
    "Neo4jStore",
    "BATCH_SIZE",
    "CONNECT_TIMEOUT_S",
    "RETRY_TIME_S",
    "QUIET_NOTIFICATIONS",
    "to_props",
    "from_props",
]

#: Rows per ``UNWIND`` statement when writing.
BATCH_SIZE = 5000
RESET_BATCH = 10000
INDEX_WAIT_S = 300
#: A write of at least this many records per node of the database after it refreshes the
#: planner's statistics (a first load, or one that grows the database by a fifth or more).
REPLAN_SHARE = 0.2
REPLAN_MIN_ROWS = 1000
REPLAN_WAIT_S = 300
#: Seconds to wait for a TCP connection; getting a usable connection (Bolt handshake and login
#: included) may take twice that. A host or port that does not answer fails after this, not
#: after the driver's defaults (30 s to connect, 60 s to get a connection).
CONNECT_TIMEOUT_S = 5.0
#: Seconds a managed transaction (every read and write) keeps retrying after a transient failure
#: such as a dropped connection or a restarting server; the whole transaction runs again.
RETRY_TIME_S = 30.0
#: Server notifications not worth a warning: unknown labels/properties in an empty database.
QUIET_NOTIFICATIONS = [neo4j.NotificationDisabledClassification.UNRECOGNIZED]

#: Product names held for searching in this process; above it the server searches.
NAME_INDEX_MAX = 1_000_000

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
_LABEL_OF: dict[type[BaseModel], NodeLabel] = {
    Chain: NodeLabel.CHAIN,
    Segment: NodeLabel.SEGMENT,
    Region: NodeLabel.REGION,
    Industry: NodeLabel.INDUSTRY,
    WeakLink: NodeLabel.WEAK_LINK,
    Cluster: NodeLabel.CLUSTER,
    Project: NodeLabel.PROJECT,
}
LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


# -- records <-> properties ----------------------------------------------------------------------
@cache
def _nested_fields(cls: type[BaseModel]) -> frozenset[str]:
    """Fields holding lists of models: stored as one JSON string property."""
    out = set()
    for name, field in cls.model_fields.items():
        args = typing.get_args(field.annotation)
        if typing.get_origin(field.annotation) is list and any(
            isinstance(a, type) and issubclass(a, BaseModel) for a in args
        ):
            out.add(name)
    return frozenset(out)


def to_props(rec: BaseModel) -> dict[str, Any]:
    """A record as Neo4j properties: JSON-mode values, floats as floats, ``None`` left out."""
    as_json = rec.model_dump(mode="json")  # one dump: floats are read off the record itself
    nested = _nested_fields(type(rec))
    out: dict[str, Any] = {}
    for key, value in as_json.items():
        if key in nested:
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif isinstance(raw := getattr(rec, key), float):
            out[key] = raw  # keeps inf/nan, which JSON mode would turn into null
        elif value is not None:
            out[key] = value
    return out


def from_props(cls: type[M], props: dict[str, Any]) -> M:
    """Rebuild a record from the properties ``to_props`` wrote."""
    data = {k: v for k, v in props.items() if not k.startswith("_")}  # derived, index-only
    for key in _nested_fields(cls):
        if key in data:
            data[key] = json.loads(data[key])
    return cls.model_validate(data)


def _last_by(recs: Iterable[Any], key: Callable[[Any], Hashable]) -> list[Any]:
    """One record per key, the last one written winning (as repeated writes do)."""
    out: dict[Hashable, Any] = {}
    for rec in recs:
        out[key(rec)] = rec
    return list(out.values())


def _pick(recs: list[M], keys: Iterable[str] | None, key: Callable[[M], str]) -> list[M]:
    """The records with these keys (all when None), sorted by key."""
    if keys is not None:
        wanted = set(keys)
        recs = [r for r in recs if key(r) in wanted]
    return sorted(recs, key=key)


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


# -- the store ------------------------------------------------------------------------------------
class Neo4jStore:
    """An atlas in a Neo4j 5 database.

    ``Neo4jStore(driver)`` uses a driver the caller owns (and closes); ``Neo4jStore.from_uri``
    makes and owns its own. The schema (constraints and indexes) is created on opening.
    """

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
    ) -> Neo4jStore:
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

    def _stamp(self) -> str:
        rows = self._read(Q.READ_STAMP)
        return (rows[0]["stamp"] if rows else None) or ""

    def pinned(self) -> Neo4jStore:
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

    # -- writing -----------------------------------------------------------------------------------
    def write(self, atlas: Atlas) -> None:
        with self._reaching(), self._session() as session:
            session.execute_write(self._apply, atlas)
        rows = sum(atlas.counts().values())
        if rows < REPLAN_MIN_ROWS:
            return
        try:
            nodes = int(self._read(Q.NODE_COUNT)[0]["count"])
        except (StoreError, StoreUnavailable):
            return  # the write is done; fresh statistics only make later reads faster
        if rows >= REPLAN_SHARE * nodes:
            self.refresh_statistics()

    def refresh_statistics(self) -> str:
        """Have the planner see the data as it is now: resample the indexes and drop the plans
        made before (``db.prepareForReplanning``, for an admin), else schedule the resampling of
        outdated indexes. Returns the procedure that ran, or "" when neither was allowed.

        ``write`` calls this after a write that grew the database by a fifth or more. Without it,
        queries asked right after a large load are planned from index samples taken when the
        indexes were nearly empty: on the chainkg import some product-graph reads then took
        0.3-1 s each instead of 10-40 ms, until the server restarted.
        """
        for name, query, params in (
            ("db.prepareForReplanning", Q.PREPARE_FOR_REPLANNING, {"seconds": REPLAN_WAIT_S}),
            ("db.resampleOutdatedIndexes", Q.RESAMPLE_OUTDATED_INDEXES, {}),
        ):
            try:
                with self._reaching(), self._session() as session:
                    session.run(query, params).consume()
                return name
            except (StoreError, StoreUnavailable):
                continue  # not allowed here (a user without admin rights): the next, or none
        return ""

    def reset(self) -> None:
        with self._reaching(), self._session() as session:
            # the stamp goes first: while the rest is deleted batch by batch, nothing is cached
            session.run(Q.DROP_STAMP).consume()
            session.run(Q.DELETE_ALL, batch=RESET_BATCH).consume()

    def settings(self) -> dict[str, str]:
        rows = self._read(Q.READ_SETTINGS)
        found = (rows[0]["settings"] if rows else None) or {}
        return {k: str(v) for k, v in sorted(found.items()) if k != "key"}

    def update_settings(self, values: dict[str, str | None]) -> None:
        def apply(tx: ManagedTransaction) -> None:
            row = tx.run(Q.READ_SETTINGS).single()
            current = dict((row["settings"] if row else None) or {})
            current.update(values)
            kept = {k: v for k, v in current.items() if v is not None}
            tx.run(Q.WRITE_SETTINGS, settings={**kept, "key": "settings"}).consume()
            tx.run(Q.BUMP_STAMP).consume()

        with self._reaching(), self._session() as session:
            session.execute_write(apply)

    def _run(self, tx: ManagedTransaction, query: str, rows: Sequence[Any], name: str) -> None:
        for start in range(0, len(rows), self.batch_size):
            tx.run(query, {name: list(rows[start : start + self.batch_size])}).consume()

    def _put(self, tx: ManagedTransaction, label: NodeLabel, recs: Sequence[Any]) -> None:
        key = Q.NODE_KEYS[label]
        rows = [{"key": getattr(r, key), "props": to_props(r)} for r in recs]
        if label is NodeLabel.ENTERPRISE:
            for row, rec in zip(rows, recs, strict=True):
                row["props"][Q.NAMES_PROPERTY] = "\n".join([rec.id, *rec.names()])
        self._run(tx, Q.PUT_NODE[label], rows, "rows")

    def _ensure(self, tx: ManagedTransaction, label: NodeLabel, recs: Iterable[Record]) -> None:
        """Placeholders for absent nodes; the first record of a key is the one created."""
        key = Q.NODE_KEYS[label]
        rows: dict[str, dict[str, Any]] = {}
        for r in recs:
            k = getattr(r, key)
            if k not in rows:
                rows[k] = {"key": k, "props": to_props(r)}
        self._run(tx, Q.ENSURE_NODE[label], list(rows.values()), "rows")

    def _edges(
        self, tx: ManagedTransaction, query: str, pairs: Iterable[tuple[str, str, Any]]
    ) -> None:
        rows = [
            {"a": a, "b": b, "props": to_props(rec)} if rec is not None else {"a": a, "b": b}
            for a, b, rec in pairs
        ]
        self._run(tx, query, rows, "rows")

    def _existing(self, tx: ManagedTransaction, label: NodeLabel, keys: Iterable[str]) -> set[str]:
        wanted = sorted(set(keys))
        if not wanted:
            return set()
        return {row["key"] for row in tx.run(Q.EXISTING_KEYS[label], keys=wanted)}

    def _apply(self, tx: ManagedTransaction, atlas: Atlas) -> None:
        """Mirror of ``NetworkXStore._apply``; each step sees what the earlier ones wrote."""
        tx.run(Q.BUMP_STAMP).consume()
        self._put(tx, NodeLabel.REGION, _last_by(atlas.regions, lambda r: r.code))
        self._put(tx, NodeLabel.CHAIN, _last_by(atlas.chains, lambda c: c.id))
        self._apply_segments(tx, atlas.segments)
        links = _last_by(atlas.links, lambda lk: (lk.from_id, lk.to_id, lk.chain_id))
        self._edges(tx, Q.FEEDS, ((lk.from_id, lk.to_id, lk) for lk in links))
        self._put(tx, NodeLabel.ENTERPRISE, _last_by(atlas.enterprises, lambda e: e.id))
        caps = _last_by(atlas.capabilities, lambda c: (c.enterprise_id, c.segment_id))
        self._edges(tx, Q.CAN_SUPPLY_SEGMENT, ((c.enterprise_id, c.segment_id, c) for c in caps))
        firms = self._existing(tx, NodeLabel.ENTERPRISE, (p.enterprise_id for p in atlas.presences))
        pres = _last_by(
            (p for p in atlas.presences if p.enterprise_id in firms),
            lambda p: (p.enterprise_id, p.region_code, p.kind),
        )
        self._ensure(tx, NodeLabel.REGION, (Region(code=p.region_code, name_zh="") for p in pres))
        self._edges(tx, Q.LOCATED_IN, ((p.enterprise_id, p.region_code, p) for p in pres))
        self._apply_records_with_edges(tx, atlas)
        self._apply_public(tx, atlas)

    def _apply_segments(self, tx: ManagedTransaction, segments: list[Segment]) -> None:
        ids = list(dict.fromkeys(s.id for s in segments))
        if not ids:
            return
        known: dict[str, list[str]] = {
            row["key"]: list(row["chain_ids"] or [])
            for row in tx.run(Q.SEGMENT_CHAIN_IDS, keys=ids)
        }
        final: dict[str, Segment] = {}
        for seg in segments:
            old = final[seg.id].chain_ids if seg.id in final else known.get(seg.id)
            if old is not None:
                seg = seg.model_copy(update={"chain_ids": sorted({*old, *seg.chain_ids})})
            final[seg.id] = seg
        self._run(tx, Q.DROP_SEGMENT_PARENT_EDGES, sorted(known), "keys")
        self._put(tx, NodeLabel.SEGMENT, list(final.values()))
        recs = list(final.values())
        chain_ids = [c for s in recs for c in s.chain_ids]
        self._ensure(tx, NodeLabel.CHAIN, (Chain(id=c, name_zh=c) for c in chain_ids))
        self._edges(tx, Q.SEGMENT_IN_CHAIN, ((s.id, c, None) for s in recs for c in s.chain_ids))
        self._edges(tx, Q.SEGMENT_PARENT, ((s.id, s.parent, None) for s in recs if s.parent))
        codes = [c for s in recs for c in s.gbt_codes]
        self._ensure(tx, NodeLabel.INDUSTRY, (Industry(code=c, scheme="gbt4754") for c in codes))
        self._edges(
            tx, Q.SEGMENT_CLASSIFIED_AS, ((s.id, c, None) for s in recs for c in s.gbt_codes)
        )

    def _apply_records_with_edges(self, tx: ManagedTransaction, atlas: Atlas) -> None:
        """Weak links, clusters, projects (a rewritten one keeps only its new relationships) and
        profiles; projects and profiles merge into the stored ones (``graph.merge``)."""
        weak = _last_by(atlas.weak_links, lambda w: w.id)
        self._run(tx, Q.DROP_WEAK_LINK_EDGES, [w.id for w in weak], "keys")
        self._put(tx, NodeLabel.WEAK_LINK, weak)
        self._edges(tx, Q.WEAK_LINK_AT, ((w.id, w.segment_id, None) for w in weak))
        clusters = _last_by(atlas.clusters, lambda c: c.id)
        self._run(tx, Q.DROP_CLUSTER_EDGES, [c.id for c in clusters], "keys")
        self._put(tx, NodeLabel.CLUSTER, clusters)
        self._edges(tx, Q.CLUSTER_MEMBER, ((m, c.id, None) for c in clusters for m in c.member_ids))
        projects = merge_batch(
            lambda ids: self._tx_records(tx, Project, NodeLabel.PROJECT, ids),
            atlas.projects,
            lambda p: p.id,
            merge_project,
        )
        self._run(tx, Q.DROP_PROJECT_EDGES, [p.id for p in projects], "keys")
        self._put(tx, NodeLabel.PROJECT, projects)
        self._edges(
            tx, Q.PROJECT_BY, ((p.id, p.enterprise_id, None) for p in projects if p.enterprise_id)
        )
        self._edges(tx, Q.PROJECT_FILLS, ((p.id, s, None) for p in projects for s in p.segment_ids))
        profiles = merge_batch(
            lambda ids: self._tx_records(tx, Profile, NodeLabel.PROFILE, ids),
            atlas.profiles,
            lambda p: p.enterprise_id,
            merge_profile,
        )
        self._put(tx, NodeLabel.PROFILE, profiles)

    def _tx_records(
        self, tx: ManagedTransaction, cls: type[M], label: NodeLabel, keys: list[str]
    ) -> list[M]:
        if not keys:
            return []
        return [from_props(cls, row["p"]) for row in tx.run(Q.NODES_BY_KEY[label], keys=keys)]

    def _apply_public(self, tx: ManagedTransaction, atlas: Atlas) -> None:
        self._put(tx, NodeLabel.PRODUCT, _last_by(atlas.products, lambda p: p.name))
        self._put(tx, NodeLabel.INDUSTRY, _last_by(atlas.industries, lambda i: i.code))
        parents = dict.fromkeys((i.code, i.parent_code) for i in atlas.industries if i.parent_code)
        self._edges(tx, Q.INDUSTRY_PARENT, ((a, b, None) for a, b in parents))
        plinks = _last_by(atlas.product_links, lambda pl: (pl.from_name, pl.to_name, pl.rel))
        # A product first named by a link or a main-product edge gets that record's provenance.
        # (first link naming it wins, as in ``_ensure``; one record per name: model_construct
        # costs ~1 ms per call with pydantic 2.14)
        first: dict[str, ProductLink] = {}
        for pl in atlas.product_links:
            first.setdefault(pl.from_name, pl)
            first.setdefault(pl.to_name, pl)
        self._ensure(
            tx,
            NodeLabel.PRODUCT,
            (
                Product.model_construct(name=n, source=pl.source, as_of=pl.as_of)
                for n, pl in first.items()
            ),
        )
        for rel, query in Q.PRODUCT_LINK.items():
            self._edges(
                tx, query, ((pl.from_name, pl.to_name, pl) for pl in plinks if pl.rel == rel)
            )
        firms = self._existing(
            tx,
            NodeLabel.ENTERPRISE,
            [p.enterprise_id for p in atlas.product_supplies]
            + [m.enterprise_id for m in atlas.industry_memberships],
        )
        supplies_in = [p for p in atlas.product_supplies if p.enterprise_id in firms]
        first_supply: dict[str, ProductSupply] = {}
        for ps in supplies_in:
            first_supply.setdefault(ps.product_name, ps)
        self._ensure(
            tx,
            NodeLabel.PRODUCT,
            (
                Product.model_construct(name=n, source=p.source, as_of=p.as_of)
                for n, p in first_supply.items()
            ),
        )
        supplies = [
            # an unknown weight is None, never NaN (as the embedded store reads it back)
            p.model_copy(update={"weight": None})
            if p.weight is not None and p.weight != p.weight
            else p
            for p in _last_by(supplies_in, lambda p: (p.enterprise_id, p.product_name))
        ]
        self._edges(
            tx, Q.CAN_SUPPLY_PRODUCT, ((p.enterprise_id, p.product_name, p) for p in supplies)
        )
        members = _last_by(
            (m for m in atlas.industry_memberships if m.enterprise_id in firms),
            lambda m: (m.enterprise_id, m.industry_code),
        )
        self._ensure(
            tx, NodeLabel.INDUSTRY, (Industry(code=m.industry_code, scheme="") for m in members)
        )
        self._edges(tx, Q.IN_INDUSTRY, ((m.enterprise_id, m.industry_code, m) for m in members))
        ties = _last_by(atlas.supply_ties, lambda t: (t.from_id, t.to_id))
        self._edges(tx, Q.SUPPLIES, ((t.from_id, t.to_id, t) for t in ties))

    # -- counting --------------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        counts: dict[str, int] = {lab.value: 0 for lab in NodeLabel}
        counts.update({rel.value: 0 for rel in RelType})
        for row in self._read(Q.STATS):
            counts[row["key"]] = row["count"]
        return counts

    # -- chains and segments ---------------------------------------------------------------------------
    def chains(self) -> list[Chain]:
        return list(self._stable("chains", lambda: sorted(self._all(Chain), key=lambda c: c.id)))

    def chain_segments(self, chain_id: str) -> list[Segment]:
        def fetch() -> list[Segment]:
            segs = self._records(Segment, Q.CHAIN_SEGMENTS, chain_id=chain_id)
            return sorted(segs, key=lambda s: s.id)

        return list(self._stable(("chain_segments", chain_id), fetch))

    def chain_links(self, chain_id: str) -> list[SupplyLink]:
        def fetch() -> list[SupplyLink]:
            links = self._records(SupplyLink, Q.CHAIN_LINKS, chain_id=chain_id)
            return sorted(links, key=lambda lk: (lk.from_id, lk.to_id))

        return list(self._stable(("chain_links", chain_id), fetch))

    def _all(self, cls: type[M]) -> list[M]:
        return self._records(cls, Q.ALL_NODES[_LABEL_OF[cls]])

    def segments(self, ids: Iterable[str] | None = None) -> list[Segment]:
        segs = self._stable("segments", lambda: self._all(Segment))
        return _pick(segs, ids, lambda s: s.id)

    def _by_key(self, cls: type[M], label: NodeLabel, keys: Iterable[str]) -> list[M]:
        return self._edge_records(cls, Q.NODES_BY_KEY[label], keys)

    def _edge_records(self, cls: type[M], query: str, keys: Iterable[str]) -> list[M]:
        """Records by key, received as one list (a keyed read is bounded by its keys)."""
        wanted = sorted(set(keys))
        if not wanted:
            return []
        rows = self._read(Q.collected(query), keys=wanted)
        return [from_props(cls, p) for p in rows[0]["ps"]] if rows else []

    # -- enterprises -------------------------------------------------------------------------------------
    def enterprises(self, ids: Iterable[str] | None = None) -> list[Enterprise]:
        if ids is None:
            ents = self._records(Enterprise, Q.ALL_NODES[NodeLabel.ENTERPRISE])
        else:
            ents = self._by_key(Enterprise, NodeLabel.ENTERPRISE, ids)
        return sorted(ents, key=lambda e: e.id)

    def enterprise_names(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self._read(Q.ENTERPRISE_NAMES, keys=wanted)
        return dict(rows[0]["names"]) if rows else {}

    def enterprise_count(self) -> int:
        rows = self._read(Q.ENTERPRISE_COUNT)
        return int(rows[0]["count"]) if rows else 0

    def find_enterprises(self, text: str, limit: int = 20) -> list[Enterprise]:
        text = text.strip()
        if not text:
            return []
        found = self._records(Enterprise, Q.FIND_ENTERPRISES, text=text)
        return rank_found(text, found, limit)

    def find_enterprises_many(
        self, texts: Iterable[str], limit: int = 20
    ) -> dict[str, list[Enterprise]]:
        given = list(dict.fromkeys(texts))
        wanted = sorted({t.strip() for t in given if t.strip()})
        found: dict[str, list[Enterprise]] = {t: [] for t in wanted}
        if wanted:
            for row in self._read(Q.FIND_ENTERPRISES_MANY, texts=wanted):
                found[row["text"]].append(from_props(Enterprise, row["p"]))
        ranked = {t: rank_found(t, ents, limit) for t, ents in found.items()}
        return {t: list(ranked.get(t.strip(), [])) for t in given}

    def capabilities_for_segments(self, segment_ids: Iterable[str]) -> list[Capability]:
        caps = self._edge_records(Capability, Q.CAPABILITIES_FOR_SEGMENTS, segment_ids)
        return sorted(caps, key=lambda c: (c.segment_id, c.enterprise_id))

    def capabilities_of(self, enterprise_ids: Iterable[str]) -> list[Capability]:
        caps = self._edge_records(Capability, Q.CAPABILITIES_OF, enterprise_ids)
        return sorted(caps, key=lambda c: (c.enterprise_id, c.segment_id))

    def presences(self, enterprise_ids: Iterable[str]) -> list[Presence]:
        pres = self._edge_records(Presence, Q.PRESENCES, enterprise_ids)
        return sorted(pres, key=lambda p: (p.enterprise_id, p.kind.value, p.region_code))

    def enterprises_in_region(
        self, prefix: str, kinds: Iterable[PresenceKind] = (PresenceKind.HQ, PresenceKind.PLANT)
    ) -> set[str]:
        wanted = sorted({PresenceKind(k).value for k in kinds})
        if not wanted:
            return set()
        rows = self._read(Q.ENTERPRISES_IN_REGION, prefix=prefix, kinds=wanted)
        return set(rows[0]["ids"]) if rows else set()

    def capabilities_in_region(
        self,
        segment_ids: Iterable[str],
        prefix: str,
        kinds: Iterable[PresenceKind] = (PresenceKind.HQ, PresenceKind.PLANT),
    ) -> list[Capability]:
        keys = sorted(set(segment_ids))
        wanted = sorted({PresenceKind(k).value for k in kinds})
        if not keys or not wanted:
            return []
        caps = self._records(
            Capability, Q.CAPABILITIES_IN_REGION, keys=keys, prefix=prefix, kinds=wanted
        )
        return sorted(caps, key=lambda c: (c.segment_id, c.enterprise_id))

    # -- regions, weak links, clusters, projects -----------------------------------------------------------
    def regions(self, codes: Iterable[str] | None = None) -> list[Region]:
        return _pick(self._stable("regions", lambda: self._all(Region)), codes, lambda r: r.code)

    def weak_links(self, chain_id: str | None = None) -> list[WeakLink]:
        if chain_id is None:
            recs = self._stable("weak_links", lambda: self._all(WeakLink))
        else:
            recs = self._stable(
                ("weak_links", chain_id),
                lambda: self._records(WeakLink, Q.WEAK_LINKS_OF_CHAIN, chain_id=chain_id),
            )
        return sorted(recs, key=lambda w: w.id)

    def clusters(self) -> list[Cluster]:
        return _pick(self._stable("clusters", lambda: self._all(Cluster)), None, lambda c: c.id)

    def projects(self) -> list[Project]:
        return _pick(self._stable("projects", lambda: self._all(Project)), None, lambda p: p.id)

    def profiles(self, enterprise_ids: Iterable[str] | None = None) -> list[Profile]:
        if enterprise_ids is None:
            recs = self._records(Profile, Q.ALL_NODES[NodeLabel.PROFILE])
        else:
            recs = self._by_key(Profile, NodeLabel.PROFILE, enterprise_ids)
        return sorted(recs, key=lambda p: p.enterprise_id)

    # -- products, industries, ties ------------------------------------------------------------------------
    def products(self, names: Iterable[str]) -> list[Product]:
        return sorted(self._by_key(Product, NodeLabel.PRODUCT, names), key=lambda p: p.name)

    def known_products(self, names: Iterable[str]) -> list[str]:
        wanted = sorted(set(names))
        index = self._stable("product_names", self._product_names) if wanted else None
        if index is not None:
            return [n for n in wanted if n in index]
        rows = self._read(Q.KNOWN_PRODUCTS, keys=wanted) if wanted else []
        return sorted(rows[0]["names"]) if rows else []

    def search_products(self, terms: Iterable[str], limit: int = 500) -> list[str]:
        # terms with a line break never match (as in the embedded store's name index)
        wanted = sorted({t for t in (t.strip() for t in terms) if t and "\n" not in t})
        if not wanted:
            return []
        # Sorted and cut here, not in Cypher, so the order is Python's (code points) exactly.
        index = self._stable("product_names", self._product_names)
        if index is not None:
            return index.search(wanted, limit)
        rows = self._read(Q.SEARCH_PRODUCTS, terms=wanted)
        names = sorted(rows[0]["names"]) if rows else []
        return names[:limit]

    def product_neighbourhood(
        self, names: Iterable[str], seeds: Iterable[str], strong: Iterable[str]
    ) -> ProductNeighbourhood:
        rows = self._read(
            Q.PRODUCT_NEIGHBOURHOOD,
            names=sorted(set(names)),
            seeds=sorted(set(seeds)),
            strong=sorted(set(strong)),
        )
        row = rows[0]
        links = {
            (pl.from_name, pl.rel.value, pl.to_name): pl
            for pl in (from_props(ProductLink, p) for p in row["links"])
        }
        supplies = [from_props(ProductSupply, p) for p in row["supplies"]]
        members = [from_props(IndustryMembership, p) for p in row["memberships"]]
        return ProductNeighbourhood(
            [links[k] for k in sorted(links)],
            sorted(supplies, key=lambda p: (p.product_name, p.enterprise_id)),
            sorted(members, key=lambda m: (m.enterprise_id, m.industry_code)),
        )

    def industry_neighbourhood(
        self, codes: Iterable[str], exclude: Iterable[str]
    ) -> IndustryNeighbourhood:
        rows = self._read(
            Q.INDUSTRY_NEIGHBOURHOOD, codes=sorted(set(codes)), exclude=sorted(set(exclude))
        )
        members = [from_props(IndustryMembership, p) for p in rows[0]["members"]]
        products = [from_props(ProductSupply, p) for p in rows[0]["products"]]
        return IndustryNeighbourhood(
            sorted(members, key=lambda m: (m.industry_code, m.enterprise_id)),
            sorted(products, key=lambda p: (p.enterprise_id, p.product_name)),
        )

    def pull_facts(self, enterprise_ids: Iterable[str]) -> list[PullFacts]:
        wanted = sorted(set(enterprise_ids))
        if not wanted:
            return []
        rows = self._read(Q.PULL_FACTS, keys=wanted, planned=PresenceKind.PLANNED.value)
        facts = [
            PullFacts(
                eid,
                revenue,
                tuple(sorted({m["list"] for m in json.loads(lists)}))
                if lists and lists != "[]"
                else (),
                hq or "",
                planned,
                bool(intentions) or profiled,
                tied,
            )
            for eid, revenue, lists, hq, intentions, planned, profiled, tied in rows[0]["facts"]
        ]
        return sorted(facts)

    def _product_names(self) -> NameIndex | None:
        """Every product name, searched here (~1 ms) instead of by the server (~100 ms for a
        dozen terms); None above ``NAME_INDEX_MAX`` names, which the server then searches."""
        rows = self._read(Q.PRODUCT_NAMES, limit=NAME_INDEX_MAX + 1)
        names = rows[0]["names"] if rows else []
        return NameIndex(names) if len(names) <= NAME_INDEX_MAX else None

    def product_links(self, names: Iterable[str]) -> list[ProductLink]:
        out = {
            (pl.from_name, pl.rel.value, pl.to_name): pl
            for pl in self._edge_records(ProductLink, Q.PRODUCT_LINKS, names)
        }
        return [out[k] for k in sorted(out)]

    def product_suppliers(self, names: Iterable[str]) -> list[ProductSupply]:
        recs = self._edge_records(ProductSupply, Q.PRODUCT_SUPPLIERS, names)
        return sorted(recs, key=lambda p: (p.product_name, p.enterprise_id))

    def enterprise_products(self, enterprise_ids: Iterable[str]) -> list[ProductSupply]:
        recs = self._edge_records(ProductSupply, Q.ENTERPRISE_PRODUCTS, enterprise_ids)
        return sorted(recs, key=lambda p: (p.enterprise_id, p.product_name))

    def industries(self, codes: Iterable[str] | None = None) -> list[Industry]:
        recs = self._stable("industries", lambda: self._all(Industry))
        return _pick(recs, codes, lambda r: r.code)

    def industry_members(self, codes: Iterable[str]) -> list[IndustryMembership]:
        recs = self._edge_records(IndustryMembership, Q.INDUSTRY_MEMBERS, codes)
        return sorted(recs, key=lambda m: (m.industry_code, m.enterprise_id))

    def enterprise_industries(self, enterprise_ids: Iterable[str]) -> list[IndustryMembership]:
        recs = self._edge_records(IndustryMembership, Q.ENTERPRISE_INDUSTRIES, enterprise_ids)
        return sorted(recs, key=lambda m: (m.enterprise_id, m.industry_code))

    def supply_ties(self, enterprise_ids: Iterable[str]) -> list[SupplyTie]:
        out = {
            (t.from_id, t.to_id): t
            for t in self._edge_records(SupplyTie, Q.SUPPLY_TIES, enterprise_ids)
        }
        return [out[k] for k in sorted(out)]

    # -- beyond the protocol ---------------------------------------------------------------------------
    def search_names(self, text: str, limit: int = 20) -> list[tuple[str, str, float]]:
        """Fuzzy search of enterprise and product names on the full-text (cjk) index.

        Returns ``(label, key, score)``, best first; ``text`` is matched as plain words.
        """
        words = LUCENE_SPECIAL.sub(r"\\\1", text.strip())
        if not words:
            return []
        rows = self._read(Q.FULLTEXT_SEARCH, query=words, limit=limit)
        return [(row["label"], row["key"], float(row["score"])) for row in rows]


def _driver_uri(driver: neo4j.Driver) -> str:
    scheme = "bolt" if isinstance(driver, neo4j.BoltDriver) else "neo4j"
    address = getattr(driver, "address", "?")
    return f"{scheme}{'+s' if driver.encrypted else ''}://{address}"
