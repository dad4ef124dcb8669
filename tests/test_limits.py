"""Limits on what a file expands to (loaders/limits.py): each refusal is one line naming the
limit and the variable that raises it; every limit can be raised; hostile workbooks are refused
fast and in little memory."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from chainatlas.graph.errors import LoadError
from chainatlas.loaders import LoadContext, read_file
from chainatlas.loaders.limits import ENV, Limits, limits

from tests.conftest import ROOT
from tests.corpus.make_xlsx import make_xlsx

CHAINATLAS = str(Path(sys.executable).parent / "chainatlas")
OFF = LoadContext(check_references=False)


def kinds(path: Path, kind: str = "enterprises") -> list[str]:
    return [p.kind for p in read_file(path, kind, OFF).errors]


def test_defaults_and_every_variable_named() -> None:
    assert limits() == Limits()
    assert set(ENV.values()) == {f"CHAINATLAS_MAX_{n.upper()}" for n in ENV}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(var in readme for var in ENV.values()), "document every limit in the README"


def test_a_bad_setting_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINATLAS_MAX_ROWS", "lots")
    with pytest.raises(LoadError, match="CHAINATLAS_MAX_ROWS='lots' must be a whole number"):
        limits()


def test_rows_limit_and_its_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "e.csv"
    path.write_text("id,name\n" + "".join(f"x{i},公司{i}\n" for i in range(5)), encoding="utf-8")
    monkeypatch.setenv("CHAINATLAS_MAX_ROWS", "3")
    report = read_file(path, "enterprises", OFF)
    assert [p.kind for p in report.errors] == ["too-large"]
    assert "more than 3 rows (set CHAINATLAS_MAX_ROWS to raise it)" in report.errors[0].message
    monkeypatch.setenv("CHAINATLAS_MAX_ROWS", "5")
    assert kinds(path) == []


def test_cell_length_limit_and_its_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "e.csv"
    path.write_text("id,name\nx1," + "长" * 15_000 + "\n", encoding="utf-8")
    assert kinds(path) == ["too-long"]
    monkeypatch.setenv("CHAINATLAS_MAX_CELL_CHARS", "20000")
    assert kinds(path) == []


def test_yaml_value_length_and_depth_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("clusters:\n  - {name: 甲集群, park: [[[[乙]]]]}\n", encoding="utf-8")
    monkeypatch.setenv("CHAINATLAS_MAX_DEPTH", "4")
    report = read_file(path, "clusters", OFF)
    assert [p.kind for p in report.errors] == ["bad-yaml"]
    assert "CHAINATLAS_MAX_DEPTH" in report.errors[0].message


def test_json_depth_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps([{"id": "x", "name": "甲", "aliases": [[["a"]]]}]), "utf-8")
    monkeypatch.setenv("CHAINATLAS_MAX_DEPTH", "2")
    assert kinds(path) == ["bad-json"]


def test_reading_stops_after_the_problem_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "e.csv"
    path.write_text("id,name,employees\n" + "x,甲,many\n" * 50, encoding="utf-8")
    monkeypatch.setenv("CHAINATLAS_MAX_PROBLEMS", "5")
    found = kinds(path)
    assert found == ["invalid-value"] * 5 + ["too-many-problems"]


def test_unzipped_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_xlsx(tmp_path)
    path = tmp_path / "enterprises_260k_rows.xlsx"
    monkeypatch.setenv("CHAINATLAS_MAX_XLSX_MB", "1")
    report = read_file(path, "enterprises", OFF)
    assert [p.kind for p in report.errors] == ["too-large"]
    assert "unzips to" in report.errors[0].message and "CHAINATLAS_MAX_XLSX_MB" in str(
        report.errors[0]
    )


_PEAK_OF_CHILD = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("enterprises_50mb_name_in_shared_strings.xlsx", "longer than 10,000 characters"),
        ("enterprises_260k_rows.xlsx", "more than 250,000 rows"),
    ],
)
def test_hostile_workbooks_are_refused_fast_in_little_memory(
    name: str, words: str, tmp_path: Path
) -> None:
    make_xlsx(tmp_path)
    path = tmp_path / name
    start = time.monotonic()
    # the load runs under a fresh process whose only child it is, so the peak is the load's own
    # (this test process's RUSAGE_CHILDREN also counts every earlier child: Neo4j servers …)
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK_OF_CHILD, CHAINATLAS, "--store", str(tmp_path / "s"),
         "load", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    seconds = time.monotonic() - start
    *lines, peak = proc.stderr.splitlines()
    peak_mb = int(peak.removeprefix("peak-kb ")) / 1024
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    first = re.sub(r"^(error: |错误：)", "", lines[0])  # zh: a new store
    assert first.startswith(f"{path}") and words in first, first
    assert seconds < 30, seconds
    assert peak_mb < 500, peak_mb
    assert not (tmp_path / "s" / "atlas.pickle").exists()


def test_yaml_values_limit_refuses_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.yaml"
    items = "".join(f"  - {{name: 集群{n}, park: 园区}}\n" for n in range(50))
    path.write_text("clusters:\n" + items, encoding="utf-8")
    monkeypatch.setenv("CHAINATLAS_MAX_YAML_ITEMS", "100")
    report = read_file(path, "clusters", OFF)
    assert [p.kind for p in report.errors] == ["too-large"]
    assert "CHAINATLAS_MAX_YAML_ITEMS" in report.errors[0].message
    monkeypatch.setenv("CHAINATLAS_MAX_YAML_ITEMS", "1000")
    assert read_file(path, "clusters", OFF).errors == []


def _bad_chain_map(n: int) -> str:
    """A chain map with ``n`` segments of an unknown tier (one error each)."""
    segs = "".join(f"  - id: s{i}\n    name_zh: 环节{i}\n    tier: sideways\n" for i in range(n))
    return "chain:\n  id: many-bad\n  name_zh: 多错链\nsegments:\n" + segs


def test_a_chain_map_stops_listing_after_the_problem_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "chain.yaml"
    path.write_text(_bad_chain_map(12), encoding="utf-8")
    monkeypatch.setenv("CHAINATLAS_MAX_PROBLEMS", "5")
    report = read_file(path, "chain")
    assert [p.kind for p in report.problems] == ["invalid-value"] * 5 + ["too-many-problems"]
    last = report.problems[-1]
    assert "7 more were not listed" in last.message and "CHAINATLAS_MAX_PROBLEMS" in last.message
    assert last.line == report.problems[4].line + 3  # where the first unlisted one is
    monkeypatch.setenv("CHAINATLAS_MAX_PROBLEMS", "12")  # exactly at the limit: all listed
    assert [p.kind for p in read_file(path, "chain").problems] == ["invalid-value"] * 12


def test_the_default_problem_limit_on_a_chain_map(tmp_path: Path) -> None:
    path = tmp_path / "chain.yaml"
    path.write_text(_bad_chain_map(130), encoding="utf-8")
    report = read_file(path, "chain")
    assert len(report.problems) == 101
    assert "30 more were not listed" in report.problems[-1].message


@pytest.mark.parametrize("kind", ["clusters", "projects", "profiles"])
def test_workflow_yaml_stops_listing_after_the_problem_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    item = {
        "clusters": "  - name: 集群{i}\n    as_of: 2013-13-45\n",
        "projects": "  - name: 项目{i}\n    investment_100m_cny: lots\n",
        "profiles": "  - enterprise: 企业{i}\n    as_of: 2013-02-30\n",
    }[kind]
    path = tmp_path / f"{kind}.yaml"
    path.write_text(f"{kind}:\n" + "".join(item.format(i=i) for i in range(9)), encoding="utf-8")
    monkeypatch.setenv("CHAINATLAS_MAX_PROBLEMS", "3")
    report = read_file(path, kind)
    assert len(report.errors) == 4, report.table()
    assert report.problems[-1].kind == "too-many-problems"
    assert "6 more were not listed" in report.problems[-1].message
    assert report.problems[-1].line is not None
