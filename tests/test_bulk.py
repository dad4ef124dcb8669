"""The bulk first load (``chainatlas neo4j import``, ``chainatlas.graph.neo4j.bulk``) against plain writes.

A database filled by Neo4j's importer must hold what ``Neo4jStore.write`` of the same batches
gives: the same nodes and relationships with the same properties (an empty list is the one
thing the importer cannot store; it reads back the same), and the CLI must answer the same.
Refusals and failures must leave the data dir as it was.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import neo4j
import pytest
from chainatlas.graph.errors import BulkLoadError
from chainatlas.graph.model import (
    Atlas,
    Capability,
    Chain,
    Cluster,
    ContactEntry,
    Enterprise,
    Industry,
    IndustryMembership,
    ListMembership,
    NodeLabel,
    Presence,
    Product,
    ProductLink,
    ProductSupply,
    Profile,
    Project,
    Region,
    RelType,
    Segment,
    StatusChange,
    SupplyLink,
    SupplyTie,
    WeakLink,
)
from chainatlas.graph.neo4j import bulk, bulk_merge
from chainatlas.graph.neo4j import cypher as Q
from chainatlas.graph.neo4j import server as srv
from chainatlas.graph.neo4j.bulk import bulk_load
from chainatlas.graph.neo4j.bulk_csv import CsvTable, ImportInputError, Layout
from chainatlas.graph.neo4j.cypher import NODE_KEYS
from chainatlas.graph.neo4j.store import QUIET_NOTIFICATIONS, Neo4jStore, to_props
from typer.testing import CliRunner

from chainatlas.api import bulk_load_paths, sample_paths
from chainatlas.cli import app
from tests.conftest import FIXTURES, require
from tests.neo4j_support import ENABLE_HINT, _missing_prerequisite, fresh_neo4j_store

runner = CliRunner()

ALL_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS p"
ALL_RELS = (
    "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS la, properties(a) AS pa, "
    "labels(b) AS lb, properties(b) AS pb, properties(r) AS p"
)
MODEL_LABELS = {label.value for label in NodeLabel}


def needs_neo4j() -> None:
    missing = _missing_prerequisite()
    require(missing is None, f"the bulk import needs the Neo4j jars: {missing}; {ENABLE_HINT}")


def _props(p: dict[str, Any]) -> str:
    # NaN != NaN: compare its text; an empty list is no property after the importer
    return json.dumps(
        {k: v for k, v in p.items() if v != []}, sort_keys=True, ensure_ascii=False, default=repr
    )


def _node(labels: list[str], p: dict[str, Any]) -> tuple[str, str]:
    return labels[0], p[NODE_KEYS[NodeLabel(labels[0])]]


def graph_of(driver: neo4j.Driver) -> tuple[list[Any], list[Any]]:
    """Every model node and relationship with its properties, sorted (bookkeeping nodes such
    as a store's change stamp are not part of the graph)."""
    nodes = sorted(
        (tuple(r["labels"]), _props(r["p"]))
        for r in driver.execute_query(ALL_NODES).records
        if set(r["labels"]) <= MODEL_LABELS
    )
    rels = sorted(
        (r["type"], _node(r["la"], r["pa"]), _node(r["lb"], r["pb"]), _props(r["p"]))
        for r in driver.execute_query(ALL_RELS).records
    )
    return nodes, rels


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` with its size and modification time."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            st = path.lstat()
            out[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture
def driver_to() -> Iterator[Any]:
    drivers: list[neo4j.Driver] = []

    def make(uri: str) -> neo4j.Driver:
        d = neo4j.GraphDatabase.driver(
            uri, notifications_disabled_classifications=QUIET_NOTIFICATIONS
        )
        drivers.append(d)
        return d

    yield make
    for d in drivers:
        d.close()


# -- the sample atlas through the CLI -----------------------------------------------------------------
@pytest.fixture(scope="module")
def bulk_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, str]]:
    """The sample atlas imported with ``chainatlas neo4j import`` into a fresh data dir, then
    a server on it: (data dir, the command's output, the server's URI)."""
    needs_neo4j()
    data_dir = tmp_path_factory.mktemp("bulk-sample") / "neo4j"
    files = [str(p) for p in sample_paths()]
    result = runner.invoke(
        app, ["--quiet", "neo4j", "import", "--data-dir", str(data_dir), *files, "--lang", "en"]
    )
    assert result.exit_code == 0, result.stderr
    handle = srv.start_server(data_dir, srv.free_port(), timeout=300)
    try:
        yield data_dir, result.stdout, handle.uri
    finally:
        handle.stop()


@pytest.mark.neo4j
def test_cli_import_says_what_the_database_holds(bulk_sample: tuple[Path, str, str]) -> None:
    data_dir, out, uri = bulk_sample
    stats = json.loads(runner.invoke(app, ["--store", uri, "stats", "--json"]).stdout)
    nodes = sum(stats[label.value] for label in NodeLabel)
    rels = sum(stats[rel.value] for rel in RelType)
    assert stats["Enterprise"] > 200 and stats["CAN_SUPPLY"] > 500
    summary = out.strip().splitlines()[-2]
    assert summary.startswith(
        f"imported {nodes + rels:,} rows ({nodes:,} nodes, {rels:,} relationships) into {data_dir} in "
    ), summary
    assert re.search(r" s, [\d,]+ rows/s \(reading ", summary), summary
    assert out.strip().splitlines()[-1] == f"start it: chainatlas neo4j start --data-dir {data_dir}"
    assert not list(data_dir.glob(bulk.STAGING_PREFIX + "*")), "the staging folder is left over"


REGION = "410700"  # the sample's city


@pytest.mark.neo4j
def test_bulk_loaded_sample_answers_as_a_written_one(
    bulk_sample: tuple[Path, str, str], request: pytest.FixtureRequest, driver_to: Any
) -> None:
    _, _, uri = bulk_sample
    written = fresh_neo4j_store(request)
    written.close()
    files = [str(p) for p in sample_paths()]
    loaded = runner.invoke(app, ["--quiet", "--store", written.location, "load", *files])
    assert loaded.exit_code == 0, loaded.stderr
    assert graph_of(driver_to(uri)) == graph_of(driver_to(written.location))

    def same(*args: str) -> Any:
        outs = []
        for store in (uri, written.location):
            r = runner.invoke(app, ["--quiet", "--store", store, *args, "--json"])
            assert r.exit_code == 0, f"{args} on {store}: {r.stderr}"
            outs.append(r.stdout.replace(json.dumps(store), '"<store>"'))
        assert outs[0] == outs[1], f"`chainatlas {' '.join(args)} --json` differs"
        return json.loads(outs[0])

    same("stats")
    gaps_of = {}
    for chain in ("battery-ev", "coal-chemicals", "refrigeration-electronics"):
        gaps_of[chain] = same("gaps", "--chain", chain, "--region", REGION)
        assert gaps_of[chain]["segments"], chain
    for query in ("隔膜", "正极材料", "压缩机"):
        same("candidates", "--query", query, "--region", REGION)
    segments = [s["segment_id"] for s in gaps_of["battery-ev"]["segments"]]
    for segment in segments[:3]:
        same("candidates", "--segment", segment, "--region", REGION)
    # the demo's answers are these gaps and the target lists (its load step would write)
    targets = same("targets", "--chain", "battery-ev", "--region", REGION)
    lists = targets if isinstance(targets, list) else [targets]  # one target list per chain
    assert lists[0]["targets"], "no targets for battery-ev"


@pytest.mark.neo4j
def test_a_running_server_is_refused_and_nothing_changes(
    bulk_sample: tuple[Path, str, str],
) -> None:
    data_dir, _, _ = bulk_sample
    before = set(listing(data_dir))
    with pytest.raises(BulkLoadError, match=r"a Neo4j server runs for .*stop it first"):
        bulk_load_paths(sample_paths(), data_dir)
    assert set(listing(data_dir)) == before
    r = runner.invoke(app, ["neo4j", "import", "--data-dir", str(data_dir), str(sample_paths()[0])])
    assert r.exit_code == 1
    assert "error: a Neo4j server runs for" in r.stderr
    assert set(listing(data_dir)) == before


# -- merging as sequential writes do ---------------------------------------------------------------
AS_OF = date(2024, 6, 30)


def merging_batches() -> list[Atlas]:
    """Three batches that rewrite, merge, create placeholders and point at absent nodes."""
    firm = dict(ownership="private", hq_region="410700", source="registry", as_of=AS_OF)
    first = Atlas(
        regions=[Region(code="410700", name_zh="新乡市", lon=113.9, lat=35.3)],
        chains=[Chain(id="c1", name_zh="锂电池")],
        segments=[
            Segment(id="s1", name_zh="正极", tier="upstream", chain_ids=["c1"], gbt_codes=["3841"]),
            Segment(id="s2", name_zh="电芯", tier="midstream", chain_ids=["c1"], parent="s1"),
            Segment(id="s3", name_zh="隔膜", tier="upstream", chain_ids=["c1"], parent="s9"),
            Segment(id="s4", name_zh="回收", tier="downstream", chain_ids=["c2"], importance=2.5),
            Segment(id="s6", name_zh="极片", tier="midstream", chain_ids=["c1"], parent="s1"),
        ],
        links=[
            SupplyLink(from_id="s1", to_id="s2", chain_id="c1", kind="material"),
            SupplyLink(from_id="s1", to_id="s9", chain_id="c1"),
            SupplyLink(from_id="s1", to_id="s2", chain_id="c1", kind="component", source="b"),
        ],
        enterprises=[
            Enterprise(
                id="e1",
                name="甲公司",
                full_name='甲 "电池" 股份有限公司',
                aliases=["甲电池"],
                revenue_100m_cny=12.5,
                employees=300,
                lists=[ListMembership(list="fortune_china500", year=2024, rank=37)],
                **firm,
            ),
            Enterprise(id="e2", name="乙公司", strategy="line one\nline two, with a comma", **firm),
            Enterprise(id="e3", name="丙公司", website="", **firm),
        ],
        capabilities=[
            Capability(enterprise_id="e1", segment_id="s1", strength=0.5),
            Capability(enterprise_id="e1", segment_id="s1", strength=0.7, evidence="annual report"),
            Capability(enterprise_id="e2", segment_id="s5"),  # s5 comes later: never linked
        ],
        presences=[
            Presence(enterprise_id="e1", region_code="410700"),
            Presence(enterprise_id="e1", region_code="410721", kind="plant"),
            Presence(enterprise_id="e9", region_code="410700"),  # no such firm
        ],
        weak_links=[
            WeakLink(id="w1", chain_id="c1", segment_id="s1", kind="weak"),
            WeakLink(id="w2", chain_id="c1", segment_id="s1", kind="weak"),
        ],
        clusters=[Cluster(id="k1", name="电池集群", member_ids=["e1", "e2", "e4", "e1"])],
        projects=[
            Project(
                id="p1",
                name="电池项目",
                enterprise_id="e1",
                segment_ids=["s1", "s2"],
                investment_100m_cny=20,
                history=[StatusChange(status="在谈", on=date(2024, 1, 5))],
                as_of=date(2024, 1, 5),
            )
        ],
        profiles=[
            Profile(
                enterprise_id="e1",
                status="在谈",
                contacts=[ContactEntry(on=date(2024, 2, 1), who="招商局", channel="visit")],
                as_of=date(2024, 2, 1),
            )
        ],
        products=[Product(name="锂电池")],
        industries=[Industry(code="C38", name="电气机械", scheme="sw", level=2, parent_code="C")],
        product_links=[ProductLink(from_name="锂电池", to_name="正极材料", rel="MADE_FROM")],
        product_supplies=[
            ProductSupply(enterprise_id="e1", product_name="正极材料", weight=math.nan),
            ProductSupply(enterprise_id="e9", product_name="负极材料", weight=0.2),
        ],
        industry_memberships=[
            IndustryMembership(enterprise_id="e1", industry_code="C38"),
            IndustryMembership(enterprise_id="e2", industry_code="Z99"),
        ],
        supply_ties=[
            SupplyTie(from_id="e1", to_id="e2", evidence="contract"),
            SupplyTie(from_id="e1", to_id="e4"),
        ],
    )
    second = Atlas(
        regions=[Region(code="410721", name_zh="新乡县", parent="410700")],
        chains=[Chain(id="c2", name_zh="回收利用")],
        segments=[
            Segment(id="s1", name_zh="正极材料", tier="upstream", chain_ids=["c1", "c3"]),
            Segment(id="s2", name_zh="电芯", tier="midstream", chain_ids=["c1"], parent="s4"),
            Segment(id="s5", name_zh="负极", tier="upstream", chain_ids=["c1"]),
            Segment(id="s9", name_zh="设备", tier="upstream"),
            Segment(id="s6", name_zh="极片", tier="midstream", chain_ids=["c1"]),  # no parent now
        ],
        links=[
            SupplyLink(from_id="s1", to_id="s2", chain_id="c1", kind="equipment"),
            SupplyLink(from_id="s1", to_id="s9", chain_id="c1"),
        ],
        enterprises=[
            Enterprise(id="e1", name="甲新名", aliases=[], **firm),
            Enterprise(id="e4", name="丁公司", **firm),
        ],
        capabilities=[
            Capability(enterprise_id="e2", segment_id="s5", strength=0.9),
            Capability(enterprise_id="e1", segment_id="s1", strength=0.1),
        ],
        presences=[Presence(enterprise_id="e1", region_code="410700", source="newer")],
        weak_links=[
            WeakLink(id="w1", chain_id="c1", segment_id="s2", kind="missing"),
            WeakLink(id="w2", chain_id="c1", segment_id="s-absent", kind="weak"),
        ],
        clusters=[Cluster(id="k1", name="电池集群", member_ids=["e4"])],
        projects=[
            Project(
                id="p1",
                name="电池项目二期",
                segment_ids=["s5"],
                history=[StatusChange(status="签约", on=date(2024, 3, 1), note="签约仪式")],
                as_of=date(2024, 3, 1),
            )
        ],
        profiles=[
            Profile(
                enterprise_id="e1",
                strategy="扩产",
                contacts=[ContactEntry(on=date(2024, 3, 2), who="市长", channel="meeting")],
                as_of=date(2024, 3, 2),
            )
        ],
        industries=[
            Industry(code="C", name="制造业", scheme="sw", level=1),
            Industry(code="C39", name="电子", scheme="sw", level=2, parent_code="C"),
        ],
        product_links=[ProductLink(from_name="正极材料", to_name="材料", rel="SUBTYPE_OF")],
        product_supplies=[ProductSupply(enterprise_id="e1", product_name="正极材料", weight=0.3)],
        industry_memberships=[
            IndustryMembership(enterprise_id="e1", industry_code="C38", source="newer")
        ],
        supply_ties=[SupplyTie(from_id="e1", to_id="e4")],
    )
    third = Atlas(presences=[Presence(enterprise_id="e4", region_code="410721")])
    return [first, Atlas(), second, third]


@pytest.mark.neo4j
def test_bulk_load_gives_the_graph_of_sequential_writes_then_refuses_a_second_load(
    request: pytest.FixtureRequest, tmp_path: Path, driver_to: Any
) -> None:
    needs_neo4j()
    written = fresh_neo4j_store(request)
    for atlas in merging_batches():
        written.write(atlas)
    data_dir = tmp_path / "neo4j"
    result = bulk_load(merging_batches(), data_dir, start=True)
    try:
        assert result.uri is not None
        got, want = graph_of(driver_to(result.uri)), graph_of(written.driver)
        assert got == want
        store = Neo4jStore(driver_to(result.uri), location=result.uri)
        assert store.stats() == written.stats() == result.counts
        stamp = store.driver.execute_query(Q.READ_STAMP).records[0]["stamp"]
        assert stamp  # remembered tables work at once, as after any chainatlas write
        assert result.counts["Segment"] == 7 and result.counts["Chain"] == 3
        assert [p.history[-1].status.value for p in store.projects()] == ["签约"]
        assert [len(p.contacts) for p in store.profiles()] == [2]
    finally:
        srv.stop_server(data_dir)
    before = listing(data_dir)
    with pytest.raises(BulkLoadError, match=r"already holds a Neo4j database .*chainatlas load"):
        bulk_load([Atlas(chains=[Chain(id="x", name_zh="x")])], data_dir)
    assert listing(data_dir) == before


# -- refusals and failures that leave nothing behind ----------------------------------------------
def test_a_bad_file_exits_1_with_the_load_message_and_creates_nothing(tmp_path: Path) -> None:
    bad = FIXTURES.parent / "corpus" / "enterprises_uscc_wrong_check_digit_minimal_columns.csv"
    chain = FIXTURES / "mini" / "chain.yaml"
    plain = runner.invoke(
        app, ["--store", str(tmp_path / "embedded"), "load", str(chain), str(bad)]
    )
    assert plain.exit_code == 1 and bad.name in plain.stderr
    data_dir = tmp_path / "neo4j"
    r = runner.invoke(app, ["neo4j", "import", "--data-dir", str(data_dir), str(chain), str(bad)])
    assert r.exit_code == 1
    assert r.stderr == plain.stderr
    assert re.search(re.escape(bad.name) + r".*(row|line) \d+", r.stderr), r.stderr
    assert not data_dir.exists()


@pytest.mark.neo4j
def test_an_importer_failure_leaves_the_data_dir_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs_neo4j()
    data_dir = tmp_path / "neo4j"
    data_dir.mkdir()
    (data_dir / "notes.txt").write_text("mine", encoding="utf-8")
    before = listing(data_dir)
    real = bulk.import_command
    monkeypatch.setattr(
        bulk, "import_command", lambda *a, **kw: [*real(*a, **kw)[:-1], "--no-such-option", "neo4j"]
    )
    with pytest.raises(BulkLoadError, match=r"the Neo4j importer failed \(exit \d+\)") as info:
        bulk_load_paths(sample_paths(), data_dir)
    assert "--no-such-option" in str(info.value)  # the importer's own words
    assert listing(data_dir) == before


def test_a_list_item_with_the_array_delimiter_is_refused_by_name() -> None:
    layout = Layout.of(Segment, skip="id")
    seg = Segment(id="s", name_zh="a", tier="upstream", aliases=["x\x1fy"])
    with pytest.raises(ImportInputError, match=r"'x\\x1fy' contains the control character U\+001F"):
        layout.row(["s"], seg.model_dump())


def test_cells_keep_empty_strings_apart_from_missing_values() -> None:
    layout = Layout.of(Segment, skip="id")
    seg = Segment(id="s", name_zh='a "b", c', tier="upstream", aliases=["x", "y"], importance=2.5)
    assert layout.header[:4] == (
        "source:string",
        "as_of:string",
        "name_zh:string",
        "name_en:string",
    )
    # source and name_en are "" (quoted), as_of/parent are missing (empty), lists joined by U+001F
    assert layout.row(["s"], to_props(seg)) == (
        '"s","",,"a ""b"", c","","upstream",,,"x\x1fy",,,2.5,""\n'
    )


def test_a_rewritten_key_keeps_only_its_last_row(tmp_path: Path) -> None:
    table = CsvTable(tmp_path / "t.csv", "id:ID(T),v:string")
    for key, value in [("a", "1"), ("b", "2"), ("a", "3"), ("c", "4"), ("c", "5")]:
        table.put(key, f'"{key}","{value}"\n')
    table.close()
    assert table.rows == 3
    assert (tmp_path / "t.csv").read_text() == 'id:ID(T),v:string\n"b","2"\n"a","3"\n"c","5"\n'


def test_every_record_kind_of_an_atlas_is_written_or_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert bulk_merge.UNKNOWN_KINDS == (), "a new Atlas field: teach bulk_merge to write it"
    monkeypatch.setattr(bulk_merge, "UNKNOWN_KINDS", ("profiles",))
    atlas = Atlas(profiles=[Profile(enterprise_id="e1")])
    with pytest.raises(ImportInputError, match=r"does not know how to write profiles; .*load"):
        bulk_merge.write_import_files([atlas], tmp_path / "csv")
    assert not (tmp_path / "csv").exists()
