"""``load --replace``, superseded official lists and ``remove``, on both stores and through the
CLI: the store holds exactly what the files say for what they cover, and says what changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.store import Store
from typer.testing import CliRunner

from chainatlas.api import load_paths
from chainatlas.cli import app
from tests.conftest import FIXTURES

MINI = FIXTURES / "mini"
HEADER = "id,name,hq_region,segments,source,as_of\n"
REGISTRY = HEADER + (
    "a,甲公司,410702,cells;packs,名录,2025-01-01\n"
    "b,乙公司,410702,cathode,名录,2025-01-01\n"
    "c,丙公司,410702,separator,名录,2025-01-01\n"
)
CORRECTED = HEADER + (
    "a,甲公司,410702,cells,名录,2025-02-01\n"  # packs tag dropped
    "b,乙公司,410702,cathode,名录,2025-01-01\n"  # c dropped
)
LIST_HEADER = "序号,产业链,环节,类型,说明,来源,日期\n"


@pytest.fixture
def mini(store: Store) -> Store:
    load_paths(store, sorted(MINI.iterdir()))
    return store


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_replace_drops_what_the_file_no_longer_says(mini: Store, tmp_path: Path) -> None:
    load_paths(mini, [write(tmp_path, "registry.csv", REGISTRY)])
    before = mini.enterprises()
    revised = write(tmp_path / "v2", "registry.csv", CORRECTED)  # same name, another folder
    dry = load_paths(mini, [revised], replace=True, dry_run=True)
    assert not dry.written and mini.enterprises() == before  # nothing written
    assert dry.changes is not None
    firms = next(c for c in dry.changes.nodes if c.label == "Enterprise")
    assert firms.removed == ["c 丙公司"] and firms.changed == ["a 甲公司"]
    done = load_paths(mini, [revised], replace=True)
    assert done.changes == dry.changes
    assert [e.id for e in mini.enterprises(["a", "b", "c"])] == ["a", "b"]
    assert [c.segment_id for c in mini.capabilities_of(["a"])] == ["cells"]
    # the firms of the other registry (the mini fixture) are not covered by this file
    assert len(mini.enterprises()) == len(before) - 1


def test_a_plain_load_only_adds(mini: Store, tmp_path: Path) -> None:
    load_paths(mini, [write(tmp_path, "registry.csv", REGISTRY)])
    load_paths(mini, [write(tmp_path / "v2", "registry.csv", CORRECTED)])
    assert [e.id for e in mini.enterprises(["a", "b", "c"])] == ["a", "b", "c"]
    assert [c.segment_id for c in mini.capabilities_of(["a"])] == ["cells", "packs"]


def test_a_firm_named_by_two_files_stays_while_one_still_names_it(
    mini: Store, tmp_path: Path
) -> None:
    load_paths(mini, [write(tmp_path, "registry.csv", REGISTRY)])
    load_paths(mini, [write(tmp_path, "other.csv", HEADER + "c,丙公司,410702,,名录,2025-01-01\n")])
    load_paths(mini, [write(tmp_path / "v2", "registry.csv", CORRECTED)], replace=True)
    assert [e.id for e in mini.enterprises(["c"])] == ["c"]
    other = write(tmp_path / "v3", "other.csv", HEADER + "d,丁公司,410702,,名录,2025-01-01\n")
    load_paths(mini, [other], replace=True)
    assert [e.id for e in mini.enterprises(["c", "d"])] == ["d"]


def test_a_revised_official_list_supersedes_the_previous_one(mini: Store, tmp_path: Path) -> None:
    assert [w.id for w in mini.weak_links()] == ["mini-battery:1", "mini-battery:2"]
    other = write(
        tmp_path, "province.csv", LIST_HEADER + "7,mini-battery,正极材料,弱项,,省清单,2025-01-01\n"
    )
    load_paths(mini, [other])
    revised = LIST_HEADER + "2,mini-battery,锂离子电池,缺项,仍然缺,测试清单,2026-01-01\n"
    load_paths(mini, [write(tmp_path, "weak_links_2026.csv", revised)])  # a plain load
    kept = {w.id: w.kind.value for w in mini.weak_links()}
    assert kept == {"mini-battery:2": "missing", "mini-battery:7": "weak"}


def test_undo_of_a_replace_brings_everything_back(mini: Store, tmp_path: Path) -> None:
    load_paths(mini, [write(tmp_path, "registry.csv", REGISTRY)])
    ids = [e.id for e in mini.enterprises()]
    caps = mini.capabilities_of(ids)
    load_paths(mini, [write(tmp_path / "v2", "registry.csv", CORRECTED)], replace=True)
    mini.undo()
    assert [e.id for e in mini.enterprises()] == ids and mini.capabilities_of(ids) == caps


# -- the CLI, as a user runs it -----------------------------------------------------------------
def run(store: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--store", str(store), *map(str, args)])
    return result.exit_code, result.output


def test_cli_replace_dry_run_remove_history_undo(tmp_path: Path) -> None:
    st = tmp_path / "store"
    reg = write(tmp_path, "registry.csv", REGISTRY)
    code, _ = run(st, "load", *sorted(MINI.iterdir()), reg)
    assert code == 0
    first = NetworkXStore(st).enterprises()
    shutil.copy(write(tmp_path / "v2", "registry.csv", CORRECTED), reg)
    code, out = run(st, "load", "--replace", "--dry-run", reg, "--lang", "en")
    assert code == 0 and "would change: 0 added, 1 changed, 1 removed" in out
    assert "removed 1 Enterprise: c 丙公司" in out
    assert NetworkXStore(st).enterprises() == first
    code, out = run(st, "load", "--replace", reg, "--lang", "en")
    assert code == 0 and "changed: 0 added, 1 changed, 1 removed" in out
    code, out = run(st, "remove", "firms", "a", "nobdy", "--lang", "en")
    assert code == 1 and "Enterprise 'nobdy' is not in the store; nothing was removed" in out
    code, out = run(st, "remove", "firms", "a", "--lang", "en")
    assert code == 0 and "removed 1 Enterprise: a 甲公司" in out
    code, out = run(st, "remove", "widgets", "a", "--lang", "en")
    assert code == 1 and "cannot remove 'widgets'" in out
    code, out = run(st, "history", "--json")
    entries = json.loads(out)
    assert [e["command"] for e in entries] == ["load", "load --replace", "remove firms"]
    for _ in range(2):
        assert run(st, "undo")[0] == 0
    assert NetworkXStore(st).enterprises() == first
    entries = json.loads(run(st, "history", "--json")[1])
    assert [(e["seq"], e["undoes"], e["undone_by"]) for e in entries] == [
        (1, None, None),
        (2, None, 5),
        (3, None, 4),
        (4, 3, None),
        (5, 2, None),
    ]
    code, out = run(st, "history", "--lang", "en")
    assert code == 0 and "remove" in out and "undo of #3" in out


def test_a_revised_chain_map_drops_its_old_segments_and_links(mini: Store, tmp_path: Path) -> None:
    shared = (
        "chain: {id: other, name_zh: 别的链}\n"
        "segments:\n  - {id: packs, name_zh: 电池包, tier: midstream}\n"
        "  - {id: bms, name_zh: 电池管理, tier: midstream}\n"
    )
    load_paths(mini, [write(tmp_path, "other.yaml", shared)])
    links_before = mini.chain_links("mini-battery")
    text = (MINI / "chain.yaml").read_text(encoding="utf-8")
    revised = "\n".join(
        line
        for line in text.splitlines()
        if "id: vehicles" not in line
        and "to: vehicles" not in line
        and "id: packs" not in line
        and "to: packs" not in line
    )
    done = load_paths(mini, [write(tmp_path / "v2", "chain.yaml", revised)], replace=True)
    assert [s.id for s in mini.chain_segments("mini-battery")] == [
        "cathode", "cells", "materials", "separator",
    ]  # fmt: skip
    assert mini.segments(["vehicles"]) == []
    assert [(lk.from_id, lk.to_id) for lk in mini.chain_links("mini-battery")] == [
        ("cathode", "cells"),
        ("separator", "cells"),
    ]
    (packs,) = mini.segments(["packs"])  # still a segment of the other chain
    assert packs.chain_ids == ["other"]
    assert done.changes is not None and done.changes.edges["FEEDS"]["removed"] == 2
    mini.undo()
    assert mini.chain_links("mini-battery") == links_before
    assert mini.segments(["packs"])[0].chain_ids == ["mini-battery", "other"]


def test_a_revision_saved_under_a_new_name_replaces_the_old_file(
    mini: Store, tmp_path: Path
) -> None:
    load_paths(mini, [write(tmp_path, "registry.csv", REGISTRY)])
    revised = write(tmp_path, "registry_2026.csv", CORRECTED)  # two of its three firms again
    done = load_paths(mini, [revised], replace=True)
    assert done.changes is not None and done.changes.superseded == ["registry.csv"]
    assert "replaces what was loaded from: registry.csv" in done.changes.lines()
    assert [e.id for e in mini.enterprises(["a", "b", "c"])] == ["a", "b"]
    # the mini registry (7 firms, none named again) is another file: untouched
    assert len(mini.enterprises()) == 9
    # a later revision of the revision replaces it by name, as any file
    load_paths(
        mini,
        [
            write(
                tmp_path / "v3",
                "registry_2026.csv",
                HEADER + CORRECTED[len(HEADER) :].split("\n")[0] + "\n",
            )
        ],
        replace=True,
    )
    assert [e.id for e in mini.enterprises(["a", "b", "c"])] == ["a"]


def test_removing_a_chain_takes_its_own_segments_links_and_list(
    mini: Store, tmp_path: Path
) -> None:
    from chainatlas.graph.model import NodeLabel

    from tests.test_history import raw_dump

    shared = (
        "chain: {id: other, name_zh: 别的链}\n"
        "segments:\n  - {id: packs, name_zh: 电池包, tier: midstream}\n"
    )
    load_paths(mini, [write(tmp_path, "other.yaml", shared)])
    before = raw_dump(mini)
    changes = mini.remove(NodeLabel.CHAIN, ["mini-battery"])
    assert [c.id for c in mini.chains()] == ["other"]
    assert mini.chain_segments("mini-battery") == [] and mini.chain_links("mini-battery") == []
    assert [s.id for s in mini.segments()] == ["packs"]
    assert mini.segments(["packs"])[0].chain_ids == ["other"]
    assert mini.weak_links() == []
    assert [c.segment_id for c in mini.capabilities_of(["local-cells"])] == ["packs"]
    assert [c.counts["removed"] for c in changes.nodes if c.label == "Segment"] == [5]
    mini.undo()
    assert raw_dump(mini) == before
