"""Every Cypher statement of the Neo4j store, as constants with ``$parameters``.

Labels and relationship types come only from ``NodeLabel``/``RelType`` and are formatted into
these strings once, at import time; nothing a user types ever becomes part of a statement.
Write statements take ``$rows`` (a batch of maps) and ``MERGE`` on constrained keys.
"""

from __future__ import annotations

import re
from functools import cache

from ..model import NodeLabel, RelType
from ..plan import DROPPABLE, EDGE_KINDS, EDGE_RECORDS, NODE_KEYS, VARIANT, EdgeKind

__all__ = [
    "collected",
    "one_map",
    "ARGS",
    "META_LABEL",
    "READ_SETTINGS",
    "WRITE_SETTINGS",
    "BUMP_STAMP",
    "READ_STAMP",
    "DROP_STAMP",
    "PRODUCT_NAMES",
    "KNOWN_PRODUCTS",
    "PRODUCT_NEIGHBOURHOOD",
    "INDUSTRY_NEIGHBOURHOOD",
    "NODE_KEYS",
    "NAMES_PROPERTY",
    "SCHEMA",
    "FULLTEXT_INDEX",
    "FULLTEXT_INDEX_NAME",
    "AWAIT_INDEXES",
    "NODE_COUNT",
    "PREPARE_FOR_REPLANNING",
    "RESAMPLE_OUTDATED_INDEXES",
    "INDEX_NAMES",
    "PUT_NODE",
    "ENSURE_NODE",
    "EXISTING_KEYS",
    "ADD_EDGE",
    "DROP_EDGES",
    "ORIGINS_PROPERTY",
    "DELETE_NODES",
    "SET_ORIGINS",
    "ALL_KEYS",
    "KEYS_FROM",
    "EDGES_AT",
    "EDGES_OF",
    "DELETE_EDGE",
    "HISTORY_LABEL",
    "NEXT_SEQ",
    "ADD_HISTORY",
    "READ_HISTORY",
    "READ_PATCH",
    "PRUNE_PATCHES",
    "DELETE_ALL",
    "STATS",
    "ALL_NODES",
    "NODES_BY_KEY",
    "CHAIN_SEGMENTS",
    "CHAIN_LINKS",
    "ENTERPRISE_COUNT",
    "ENTERPRISE_NAMES",
    "FIND_ENTERPRISES",
    "FIND_ENTERPRISES_MANY",
    "CAPABILITIES_FOR_SEGMENTS",
    "CAPABILITIES_OF",
    "PRESENCES",
    "ENTERPRISES_IN_REGION",
    "CAPABILITIES_IN_REGION",
    "WEAK_LINKS_OF_CHAIN",
    "SEARCH_PRODUCTS",
    "PRODUCT_LINKS",
    "PRODUCT_SUPPLIERS",
    "ENTERPRISE_PRODUCTS",
    "INDUSTRY_MEMBERS",
    "ENTERPRISE_INDUSTRIES",
    "SUPPLY_TIES",
    "PUBLIC_FACT_DATES",
    "PULL_FACTS",
    "SCORE_FACTS",
    "FULLTEXT_SEARCH",
]

L = NodeLabel
R = RelType

#: Derived, index-only property of an enterprise: its id, name, full name and aliases joined
#: by line breaks, so one TEXT index answers "which firms have a name containing …".
NAMES_PROPERTY = "_names"


def _snake(label: NodeLabel) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in label.value).lstrip("_")


# -- schema ------------------------------------------------------------------------------------
_CONSTRAINTS = {
    f"chainatlas_{_snake(label)}_{key}": (
        f"CREATE CONSTRAINT chainatlas_{_snake(label)}_{key} IF NOT EXISTS "
        f"FOR (n:{label.value}) REQUIRE n.{key} IS UNIQUE"
    )
    for label, key in NODE_KEYS.items()
}
# TEXT indexes serve the CONTAINS searches (products by term, enterprises by name).
_TEXT_INDEXES = {
    f"chainatlas_{_snake(label)}_{prop}_text": (
        f"CREATE TEXT INDEX chainatlas_{_snake(label)}_{prop}_text IF NOT EXISTS "
        f"FOR (n:{label.value}) ON (n.{prop})"
    )
    for label, prop in ((L.PRODUCT, "name"), (L.ENTERPRISE, NAMES_PROPERTY))
}
_RANGE_INDEXES = {
    "chainatlas_weak_link_chain_id": (
        "CREATE INDEX chainatlas_weak_link_chain_id IF NOT EXISTS "
        f"FOR (n:{L.WEAK_LINK.value}) ON (n.chain_id)"
    ),
    "chainatlas_feeds_chain_id": (
        "CREATE INDEX chainatlas_feeds_chain_id IF NOT EXISTS "
        f"FOR ()-[r:{R.FEEDS.value}]-() ON (r.chain_id)"
    ),
}
FULLTEXT_INDEX_NAME = "chainatlas_names"
#: Full-text index (cjk analyzer) over enterprise names and product names, for fuzzy matching.
FULLTEXT_INDEX = (
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX_NAME} IF NOT EXISTS "
    f"FOR (n:{L.ENTERPRISE.value}|{L.PRODUCT.value}) ON EACH [n.name, n.full_name, n.aliases] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
)
#: Every constraint and index, by name (constraints are named like their backing index).
SCHEMA: dict[str, str] = {
    **_CONSTRAINTS,
    **_TEXT_INDEXES,
    **_RANGE_INDEXES,
    FULLTEXT_INDEX_NAME: FULLTEXT_INDEX,
}
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
#: Node count from the count store (constant time), to tell how much a write added.
NODE_COUNT = "MATCH (n) RETURN count(n) AS count"
#: Resample every index and clear the plan caches, waiting for both (admin procedure) ...
PREPARE_FOR_REPLANNING = "CALL db.prepareForReplanning($seconds)"
#: ... or, for a user who may not run it, schedule the resampling of outdated indexes.
RESAMPLE_OUTDATED_INDEXES = "CALL db.resampleOutdatedIndexes()"
INDEX_NAMES = "SHOW INDEXES YIELD name"

# -- writing nodes -------------------------------------------------------------------------------
#: Create or replace: the node's properties become exactly ``row.props``.
PUT_NODE: dict[NodeLabel, str] = {
    label: f"UNWIND $rows AS row MERGE (n:{label.value} {{{key}: row.key}}) SET n = row.props"
    for label, key in NODE_KEYS.items()
}
#: Create a placeholder when absent; an existing node is left as it is.
ENSURE_NODE: dict[NodeLabel, str] = {
    label: (
        f"UNWIND $rows AS row MERGE (n:{label.value} {{{key}: row.key}}) "
        "ON CREATE SET n = row.props"
    )
    for label, key in NODE_KEYS.items()
}
#: Which of ``$keys`` exist as nodes of the label.
EXISTING_KEYS: dict[NodeLabel, str] = {
    label: f"MATCH (n:{label.value}) WHERE n.{key} IN $keys RETURN n.{key} AS key"
    for label, key in NODE_KEYS.items()
}


def _edge(kind: EdgeKind) -> str:
    """``MERGE`` one relationship per row between two existing nodes (rows ``{a, b, props}``);
    a relationship with a variant (``VARIANT``) is merged on it, one with a record takes its
    properties."""
    src, rel, dst = kind.src, kind.rel, kind.dst
    merge_on = VARIANT.get(kind, "")
    key_map = f" {{{merge_on}: row.props.{merge_on}}}" if merge_on else ""
    set_props = " SET r = row.props" if kind in EDGE_RECORDS else ""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{src.value} {{{NODE_KEYS[src]}: row.a}}) "
        f"MATCH (b:{dst.value} {{{NODE_KEYS[dst]}: row.b}}) "
        f"MERGE (a)-[r:{rel.value}{key_map}]->(b){set_props}"
    )


def _drop(kind: EdgeKind) -> str:
    """Delete the ``kind`` relationships of the owners whose keys are ``$keys`` (``DROPPABLE``)."""
    src, rel, dst = kind.src.value, kind.rel.value, kind.dst.value
    if DROPPABLE[kind] == "src":
        return (
            f"UNWIND $keys AS key MATCH (:{src} {{{NODE_KEYS[kind.src]}: key}})"
            f"-[r:{rel}]->(:{dst}) DELETE r"
        )
    return (
        f"UNWIND $keys AS key MATCH (:{dst} {{{NODE_KEYS[kind.dst]}: key}})"
        f"<-[r:{rel}]-(:{src}) DELETE r"
    )


#: Add relationships (``graph.plan.Edge`` rows), by kind.
ADD_EDGE: dict[EdgeKind, str] = {kind: _edge(kind) for kind in EDGE_KINDS}
#: A rewritten record drops the relationships it defines (added again from the new record).
DROP_EDGES: dict[EdgeKind, str] = {kind: _drop(kind) for kind in DROPPABLE}

# -- removing, origins and undo (``graph.prepare``, ``graph.revision``) ------------------------------
#: Bookkeeping property of a node: the names of the files it was loaded from (``load --replace``).
ORIGINS_PROPERTY = "_origins"
DELETE_NODES: dict[NodeLabel, str] = {
    label: f"UNWIND $keys AS key MATCH (n:{label.value} {{{key}: key}}) DETACH DELETE n"
    for label, key in NODE_KEYS.items()
}
SET_ORIGINS: dict[NodeLabel, str] = {
    label: (
        f"UNWIND $rows AS row MATCH (n:{label.value} {{{key}: row.key}}) "
        f"SET n.{ORIGINS_PROPERTY} = row.origins"
    )
    for label, key in NODE_KEYS.items()
}
ALL_KEYS: dict[NodeLabel, str] = {
    label: f"MATCH (n:{label.value}) RETURN n.{key} AS key" for label, key in NODE_KEYS.items()
}
KEYS_FROM: dict[NodeLabel, str] = {
    label: (
        f"MATCH (n:{label.value}) WHERE $origin IN coalesce(n.{ORIGINS_PROPERTY}, []) "
        f"RETURN n.{key} AS key"
    )
    for label, key in NODE_KEYS.items()
}


def _pair(kind: EdgeKind) -> str:
    """Rows ``{a, b, v}``: the one relationship of ``kind`` from a to b (of variant v)."""
    src, dst = kind.src, kind.dst
    variant = VARIANT.get(kind)
    where = f" WHERE r.{variant} = row.v" if variant else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{src.value} {{{NODE_KEYS[src]}: row.a}})"
        f"-[r:{kind.rel.value}]->(b:{dst.value} {{{NODE_KEYS[dst]}: row.b}}){where} "
    )


def _at_end(kind: EdgeKind, end: str) -> str:
    src, dst = kind.src, kind.dst
    a_key = "{" + f"{NODE_KEYS[src]}: key" + "}" if end == "src" else ""
    b_key = "{" + f"{NODE_KEYS[dst]}: key" + "}" if end == "dst" else ""
    return (
        f"UNWIND $keys AS key MATCH (a:{src.value} {a_key})-[r:{kind.rel.value}]->"
        f"(b:{dst.value} {b_key}) "
        f"RETURN a.{NODE_KEYS[src]} AS a, b.{NODE_KEYS[dst]} AS b, properties(r) AS p"
    )


#: Which of these relationships exist, with their properties.
EDGES_AT: dict[EdgeKind, str] = {
    kind: _pair(kind) + "RETURN row.a AS a, row.b AS b, row.v AS v, properties(r) AS p"
    for kind in EDGE_KINDS
}
#: The relationships of a kind at these nodes, by end ("src" or "dst").
EDGES_OF: dict[tuple[EdgeKind, str], str] = {
    (kind, end): _at_end(kind, end) for kind in EDGE_KINDS for end in ("src", "dst")
}
DELETE_EDGE: dict[EdgeKind, str] = {kind: _pair(kind) + "DELETE r" for kind in EDGE_KINDS}

#: Empties the database in batches (runs in an auto-commit transaction).
#: Bookkeeping, not part of the model (so not a ``NodeLabel``): one node whose ``stamp`` every
#: write replaces in its own transaction, so a reader can tell whether anything changed.
META_LABEL = "ChainAtlasMeta"
BUMP_STAMP = f"MERGE (m:{META_LABEL} {{key: 'store'}}) SET m.stamp = randomUUID()"
READ_STAMP = f"OPTIONAL MATCH (m:{META_LABEL} {{key: 'store'}}) RETURN m.stamp AS stamp"
DROP_STAMP = f"MATCH (m:{META_LABEL}) DETACH DELETE m"
#: The store's settings (home region, …): the properties of one bookkeeping node.
READ_SETTINGS = (
    f"OPTIONAL MATCH (m:{META_LABEL} {{key: 'settings'}}) RETURN properties(m) AS settings"
)
WRITE_SETTINGS = f"MERGE (m:{META_LABEL} {{key: 'settings'}}) SET m = $settings"
DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS"

# -- counting (answered from the count store) -------------------------------------------------------
STATS = " UNION ALL ".join(
    [
        f"MATCH (n:{label.value}) RETURN '{label.value}' AS key, count(n) AS count"
        for label in NodeLabel
    ]
    + [
        f"MATCH ()-[r:{rel.value}]->() RETURN '{rel.value}' AS key, count(r) AS count"
        for rel in RelType
    ]
)

# -- reading -----------------------------------------------------------------------------------------
ALL_NODES: dict[NodeLabel, str] = {
    label: f"MATCH (n:{label.value}) RETURN properties(n) AS p" for label in NodeLabel
}
NODES_BY_KEY: dict[NodeLabel, str] = {
    label: f"MATCH (n:{label.value}) WHERE n.{key} IN $keys RETURN properties(n) AS p"
    for label, key in NODE_KEYS.items()
}
CHAIN_SEGMENTS = (
    f"MATCH (:{L.CHAIN.value} {{id: $chain_id}})<-[:{R.PART_OF.value}]-(s:{L.SEGMENT.value}) "
    "WHERE $chain_id IN s.chain_ids RETURN properties(s) AS p"
)
CHAIN_LINKS = (
    f"MATCH (:{L.SEGMENT.value})-[r:{R.FEEDS.value}]->(:{L.SEGMENT.value}) "
    "WHERE r.chain_id = $chain_id RETURN properties(r) AS p"
)
ENTERPRISE_NAMES = (
    f"MATCH (e:{L.ENTERPRISE.value}) WHERE e.id IN $keys RETURN collect([e.id, e.name]) AS names"
)
ENTERPRISE_COUNT = f"MATCH (n:{L.ENTERPRISE.value}) RETURN count(n) AS count"
FIND_ENTERPRISES = (
    f"MATCH (e:{L.ENTERPRISE.value}) WHERE e.{NAMES_PROPERTY} CONTAINS $text "
    "RETURN properties(e) AS p"
)
FIND_ENTERPRISES_MANY = (
    "UNWIND $texts AS text "
    f"CALL (text) {{ MATCH (e:{L.ENTERPRISE.value}) WHERE e.{NAMES_PROPERTY} CONTAINS text "
    "RETURN properties(e) AS p } RETURN text, p"
)
CAPABILITIES_FOR_SEGMENTS = (
    f"MATCH (s:{L.SEGMENT.value}) WHERE s.id IN $keys "
    f"MATCH (:{L.ENTERPRISE.value})-[r:{R.CAN_SUPPLY.value}]->(s) RETURN properties(r) AS p"
)
CAPABILITIES_OF = (
    f"MATCH (e:{L.ENTERPRISE.value}) WHERE e.id IN $keys "
    f"MATCH (e)-[r:{R.CAN_SUPPLY.value}]->(:{L.SEGMENT.value}) RETURN properties(r) AS p"
)
PRESENCES = (
    f"MATCH (e:{L.ENTERPRISE.value}) WHERE e.id IN $keys "
    f"MATCH (e)-[r:{R.LOCATED_IN.value}]->(:{L.REGION.value}) RETURN properties(r) AS p"
)
ENTERPRISES_IN_REGION = (
    f"MATCH (g:{L.REGION.value}) WHERE g.code STARTS WITH $prefix "
    f"MATCH (e:{L.ENTERPRISE.value})-[r:{R.LOCATED_IN.value}]->(g) WHERE r.kind IN $kinds "
    "RETURN collect(DISTINCT e.id) AS ids"
)
#: From the region side: a city has few firms, a chain's segments many suppliers.
CAPABILITIES_IN_REGION = (
    f"MATCH (g:{L.REGION.value}) WHERE g.code STARTS WITH $prefix "
    f"MATCH (e:{L.ENTERPRISE.value})-[l:{R.LOCATED_IN.value}]->(g) WHERE l.kind IN $kinds "
    "WITH DISTINCT e "  # the edge's own segment_id: no read of the segment node per edge
    f"MATCH (e)-[r:{R.CAN_SUPPLY.value}]->(:{L.SEGMENT.value}) WHERE r.segment_id IN $keys "
    "RETURN properties(r) AS p"
)
WEAK_LINKS_OF_CHAIN = (
    f"MATCH (n:{L.WEAK_LINK.value}) WHERE n.chain_id = $chain_id RETURN properties(n) AS p"
)
SEARCH_PRODUCTS = (
    "UNWIND $terms AS term "
    f"CALL (term) {{ MATCH (p:{L.PRODUCT.value}) WHERE p.name CONTAINS term RETURN p.name AS name }} "
    "RETURN collect(DISTINCT name) AS names"
)
PRODUCT_NAMES = (
    f"MATCH (p:{L.PRODUCT.value}) WITH p.name AS name LIMIT $limit RETURN collect(name) AS names"
)
KNOWN_PRODUCTS = (
    f"MATCH (p:{L.PRODUCT.value}) WHERE p.name IN $keys RETURN collect(p.name) AS names"
)
PRODUCT_LINKS = (
    f"MATCH (p:{L.PRODUCT.value}) WHERE p.name IN $keys "
    f"MATCH (p)-[r:{R.MADE_FROM.value}|{R.SUBTYPE_OF.value}]-(:{L.PRODUCT.value}) "
    "RETURN DISTINCT properties(r) AS p"
)
PRODUCT_SUPPLIERS = (
    f"MATCH (p:{L.PRODUCT.value}) WHERE p.name IN $keys "
    f"MATCH (:{L.ENTERPRISE.value})-[r:{R.CAN_SUPPLY.value}]->(p) RETURN properties(r) AS p"
)
ENTERPRISE_PRODUCTS = (
    f"MATCH (e:{L.ENTERPRISE.value}) WHERE e.id IN $keys "
    f"MATCH (e)-[r:{R.CAN_SUPPLY.value}]->(:{L.PRODUCT.value}) RETURN properties(r) AS p"
)
INDUSTRY_MEMBERS = (
    f"MATCH (i:{L.INDUSTRY.value}) WHERE i.code IN $keys "
    f"MATCH (:{L.ENTERPRISE.value})-[r:{R.IN_INDUSTRY.value}]->(i) RETURN properties(r) AS p"
)
ENTERPRISE_INDUSTRIES = (
    f"MATCH (e:{L.ENTERPRISE.value}) WHERE e.id IN $keys "
    f"MATCH (e)-[r:{R.IN_INDUSTRY.value}]->(:{L.INDUSTRY.value}) RETURN properties(r) AS p"
)
_NEAR = f"{R.MADE_FROM.value}|{R.SUBTYPE_OF.value}"
#: Three hops of the matching engine in one round trip: links of the seeds, suppliers of the
#: names, seeds and the seeds' neighbours, industries of the makers of the strong matches.
PRODUCT_NEIGHBOURHOOD = (
    f"CALL () {{ MATCH (p:{L.PRODUCT.value}) WHERE p.name IN $seeds "
    f"MATCH (p)-[r:{_NEAR}]-(:{L.PRODUCT.value}) RETURN collect(DISTINCT properties(r)) AS links }} "
    "CALL () { "
    f"CALL () {{ MATCH (p:{L.PRODUCT.value}) WHERE p.name IN $names + $seeds RETURN p "
    f"UNION MATCH (s:{L.PRODUCT.value}) WHERE s.name IN $seeds "
    f"MATCH (s)-[:{_NEAR}]-(p:{L.PRODUCT.value}) RETURN p }} "
    f"MATCH (:{L.ENTERPRISE.value})-[r:{R.CAN_SUPPLY.value}]->(p) "
    "RETURN collect(properties(r)) AS supplies } "
    f"CALL () {{ MATCH (p:{L.PRODUCT.value}) WHERE p.name IN $strong "
    f"MATCH (e:{L.ENTERPRISE.value})-[:{R.CAN_SUPPLY.value}]->(p) WITH DISTINCT e "
    f"MATCH (e)-[r:{R.IN_INDUSTRY.value}]->(:{L.INDUSTRY.value}) "
    "RETURN collect(properties(r)) AS memberships } "
    "RETURN links, supplies, memberships"
)
INDUSTRY_NEIGHBOURHOOD = (
    f"CALL () {{ MATCH (i:{L.INDUSTRY.value}) WHERE i.code IN $codes "
    f"MATCH (:{L.ENTERPRISE.value})-[r:{R.IN_INDUSTRY.value}]->(i) "
    "RETURN collect(properties(r)) AS members } "
    f"CALL () {{ MATCH (i:{L.INDUSTRY.value}) WHERE i.code IN $codes "
    f"MATCH (e:{L.ENTERPRISE.value})-[:{R.IN_INDUSTRY.value}]->(i) WHERE NOT e.id IN $exclude "
    f"WITH DISTINCT e MATCH (e)-[r:{R.CAN_SUPPLY.value}]->(:{L.PRODUCT.value}) "
    "RETURN collect(properties(r)) AS products } "
    "RETURN members, products"
)
SUPPLY_TIES = (
    f"MATCH (e:{L.ENTERPRISE.value}) WHERE e.id IN $keys "
    f"MATCH (e)-[r:{R.SUPPLIES.value}]-(:{L.ENTERPRISE.value}) RETURN DISTINCT properties(r) AS p"
)
#: ``Store.public_fact_dates``: products and product links counted by source and date.
PUBLIC_FACT_DATES = (
    f"MATCH (p:{L.PRODUCT.value}) "
    "RETURN 'product' AS kind, p.source AS source, p.as_of AS as_of, count(*) AS n "
    "UNION ALL "
    f"MATCH (:{L.PRODUCT.value})-[r:{R.MADE_FROM.value}|{R.SUBTYPE_OF.value}]->"
    f"(:{L.PRODUCT.value}) "
    "RETURN 'product link' AS kind, r.source AS source, r.as_of AS as_of, count(*) AS n"
)
#: ``Store.pull_facts``: a few properties and three existence tests per firm, as one list.
PULL_FACTS = (
    f"MATCH (e:{L.ENTERPRISE.value}) WHERE e.id IN $keys "
    "RETURN collect([e.id, e.revenue_100m_cny, e.lists, e.hq_region, e.intentions, "
    f"EXISTS {{ (e)-[r:{R.LOCATED_IN.value}]->(:{L.REGION.value}) WHERE r.kind = $planned }}, "
    f"EXISTS {{ MATCH (p:{L.PROFILE.value}) WHERE p.enterprise_id = e.id }}, "
    f"EXISTS {{ (e)-[:{R.SUPPLIES.value}]-(:{L.ENTERPRISE.value}) }}]) AS facts"
)
#: ``Store.score_facts``: the records, presences, profiles and (with ``$ties``) supply ties of
#: a batch of firms, four keyed reads in one round trip.
SCORE_FACTS = (
    f"CALL () {{ MATCH (e:{L.ENTERPRISE.value}) WHERE e.id IN $keys "
    "RETURN collect(properties(e)) AS enterprises } "
    f"CALL () {{ MATCH (e:{L.ENTERPRISE.value}) WHERE e.id IN $keys "
    f"MATCH (e)-[r:{R.LOCATED_IN.value}]->(:{L.REGION.value}) "
    "RETURN collect(properties(r)) AS presences } "
    f"CALL () {{ MATCH (n:{L.PROFILE.value}) WHERE n.{NODE_KEYS[L.PROFILE]} IN $keys "
    "RETURN collect(properties(n)) AS profiles } "
    f"CALL () {{ MATCH (e:{L.ENTERPRISE.value}) WHERE $ties AND e.id IN $keys "
    f"MATCH (e)-[r:{R.SUPPLIES.value}]-(:{L.ENTERPRISE.value}) "
    "RETURN collect(DISTINCT properties(r)) AS ties } "
    "RETURN enterprises, presences, profiles, ties"
)
#: Fuzzy name search for the matching engine: ``$query`` is a Lucene query string.
FULLTEXT_SEARCH = (
    f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX_NAME}', $query, {{limit: $limit}}) "
    "YIELD node, score "
    f"RETURN CASE WHEN node:{L.ENTERPRISE.value} THEN '{L.ENTERPRISE.value}' "
    f"ELSE '{L.PRODUCT.value}' END AS label, "
    "coalesce(node.id, node.name) AS key, score"
)


@cache
def collected(query: str) -> str:
    """``query`` (one column ``p``) answered as one row, ``ps``: the list of every ``p``.

    The Python driver spends tens of microseconds on each record it receives; a keyed read of
    thousands of rows comes back about twice as fast as one list.
    """
    return f"CALL () {{ {query} }} RETURN collect(p) AS ps"


#: The one map parameter a read passes its arguments in (see ``one_map``).
ARGS = "args"
_PARAMETER_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def one_map(query: str) -> str:
    """``query`` reading every ``$name`` as ``$args.name``: its arguments go in one map.

    Neo4j keys its plan cache on the query text and on the size of each list or string
    parameter, rounded up to a power of ten, so the same read asked with 3, 30 and 300 names
    is planned and compiled three times (0.2-0.7 s each on a server not yet warm, and the
    product neighbourhood has three list parameters). A map parameter carries no size: each
    read is planned once. Constants only: no user input ever reaches the text.

    >>> one_map("MATCH (n) WHERE n.id IN $keys RETURN n LIMIT $limit")
    'MATCH (n) WHERE n.id IN $args.keys RETURN n LIMIT $args.limit'
    """
    return _PARAMETER_RE.sub(rf"${ARGS}.\1", query)


#: Bookkeeping: one node per write, its entry (JSON) and the patch that undoes it (bytes).
HISTORY_LABEL = "ChainAtlasHistory"
NEXT_SEQ = (
    f"MERGE (m:{META_LABEL} {{key: 'history'}}) SET m.seq = coalesce(m.seq, 0) + 1 "
    "RETURN m.seq AS seq"
)
ADD_HISTORY = f"CREATE (:{HISTORY_LABEL} {{seq: $seq, entry: $entry, patch: $patch}})"
READ_HISTORY = f"MATCH (h:{HISTORY_LABEL}) RETURN h.entry AS entry ORDER BY h.seq"
READ_PATCH = f"MATCH (h:{HISTORY_LABEL} {{seq: $seq}}) RETURN h.patch AS patch"
PRUNE_PATCHES = (
    f"MATCH (h:{HISTORY_LABEL}) WHERE h.seq <= $upto AND h.patch IS NOT NULL REMOVE h.patch"
)
