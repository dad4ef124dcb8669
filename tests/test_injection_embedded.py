"""Names written by strangers stay data: they round-trip exactly through load -> store ->
gaps/candidates JSON on every store, exports neutralise formulas, Markdown escapes HTML, and
the CLI's rich tables print them as text.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from chainatlas.graph.store import Store
from chainatlas.queries import build_target_list, find_candidates, find_gaps
from openpyxl import load_workbook
from typer.testing import CliRunner

from chainatlas.api import load_paths
from chainatlas.cli_common import to_jsonable
from chainatlas.exports import safe_cell, write_csv, write_markdown, write_xlsx
from chainatlas.tables import target_table

EVIL = [
    'O\'Brien "隔膜" Ltd',
    "`n`) DETACH DELETE n //",
    "{name: $name} }) MATCH (m) SET m.x = 1 //",
    "MATCH (n) RETURN n UNION CALL db.labels()",
    "第一行\n第二行",
    "<script>alert('x')</script>",
    '=HYPERLINK("http://evil.example","点我")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "[/red][bold]隔膜[/bold]",
    "反斜杠 \\ 与 \\n 字面",
]
CHAIN = "evil-chain"
REGION = "410700"


def write_inputs(folder: Path) -> list[Path]:
    chain = {
        "chain": {"id": CHAIN, "name_zh": EVIL[1], "name_en": EVIL[5]},
        "segments": [
            {"id": f"s{i}", "name_zh": name, "tier": "midstream", "keywords": [name]}
            for i, name in enumerate(EVIL)
        ],
        "links": [{"from": "s0", "to": "s1", "kind": "material"}],
    }
    chain_file = folder / "chain.yaml"
    chain_file.write_text(yaml.safe_dump(chain, allow_unicode=True), encoding="utf-8")
    reg = folder / "enterprises.csv"
    with reg.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "full_name", "hq_region", "segments", "products"])
        for i, name in enumerate(EVIL):
            # far firms are candidates; one local firm per segment makes the gap weak
            w.writerow([f"far-{i}", name, name + "有限公司", "310000", f"s{i}", ""])
            w.writerow([f"local-{i}", "本地" + name, "", "410702", f"s{i}:0.2", ""])
    return [chain_file, reg]


@pytest.fixture
def evil_store(store: Store, tmp_path: Path) -> Store:
    load_paths(store, write_inputs(tmp_path))
    return store


def test_names_round_trip_through_the_store(evil_store: Store) -> None:
    segs = {s.id: s for s in evil_store.chain_segments(CHAIN)}
    assert [segs[f"s{i}"].name_zh for i in range(len(EVIL))] == EVIL
    assert [segs[f"s{i}"].keywords for i in range(len(EVIL))] == [[n] for n in EVIL]
    chain = next(c for c in evil_store.chains() if c.id == CHAIN)
    assert (chain.name_zh, chain.name_en) == (EVIL[1], EVIL[5])
    firms = evil_store.enterprises([f"far-{i}" for i in range(len(EVIL))])
    assert [e.name for e in sorted(firms, key=lambda e: int(e.id.split("-")[1]))] == EVIL


def test_names_round_trip_through_gaps_and_candidates_json(evil_store: Store) -> None:
    report = json.loads(json.dumps(to_jsonable(find_gaps(evil_store, CHAIN, REGION))))
    by_id = {s["segment_id"]: s for s in report["segments"]}
    assert [by_id[f"s{i}"]["name_zh"] for i in range(len(EVIL))] == EVIL
    assert [by_id[f"s{i}"]["local_firms"][0]["name"] for i in range(len(EVIL))] == [
        "本地" + n for n in EVIL
    ]
    for i, name in enumerate(EVIL):
        result = find_candidates(evil_store, f"s{i}", region=REGION, top=5)
        rows = json.loads(json.dumps(to_jsonable(result.candidates)))
        assert (rows[0]["enterprise_id"], rows[0]["name"]) == (f"far-{i}", name)
        assert {r["name"] for r in rows} <= set(EVIL)  # others come in through supply links


def test_exports_neutralise_formulas_and_markdown_escapes_html(
    evil_store: Store, tmp_path: Path
) -> None:
    headers, rows = target_table(build_target_list(evil_store, CHAIN, REGION), "en")
    name_col = headers.index(next(h for h in headers if "name" in h.lower()))
    names = sorted(r[name_col] for r in rows)
    assert names == sorted(EVIL)

    formula = [n for n in EVIL if n[0] in "=+-@"]
    assert len(formula) == 4
    write_csv(tmp_path / "t.csv", headers, rows)
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as fh:
        cells = {row[name_col] for row in list(csv.reader(fh))[1:]}
    assert cells == {("'" + n) if n in formula else n for n in EVIL}

    write_xlsx(tmp_path / "t.xlsx", [("targets", headers, rows)])
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert ws is not None
    values = {ws.cell(r, name_col + 1).value for r in range(2, ws.max_row + 1)}
    assert values == {("'" + n) if n in formula else n for n in EVIL}
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)

    md = write_markdown(tmp_path / "t.md", "targets", headers, rows)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "第一行 第二行" in md  # a newline would break the table row
    assert md.count("\n") == len(rows) + 4  # title, blank, header, rule, one line per row


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("@x", "'@x"),
        ("-1", "'-1"),
        ("+1", "'+1"),
        ("\tx", "'\tx"),
        ("a=b", "a=b"),
    ],
)
def test_safe_cell(value: str, cell: str) -> None:
    assert safe_cell(value) == cell
    assert safe_cell(-1.5) == -1.5  # numbers stay numbers


def test_cli_tables_print_names_as_text(tmp_path: Path) -> None:
    from chainatlas.cli import app

    runner = CliRunner()
    store = str(tmp_path / "store")
    assert (
        runner.invoke(app, ["--store", store, "load", *map(str, write_inputs(tmp_path))]).exit_code
        == 0
    )
    for args in (
        ["candidates", "--segment", "s10"],
        ["gaps", "--chain", CHAIN],
        ["targets", "--chain", CHAIN],
    ):
        result = runner.invoke(
            app, ["--store", store, *args, "--region", REGION], terminal_width=400
        )
        assert result.exit_code == 0, (args, repr(result.exception), result.stderr)
    result = runner.invoke(
        app,
        ["--store", store, "candidates", "--segment", "s10", "--region", REGION],
        terminal_width=400,
    )
    assert "[/red][bold]隔膜[/bold]" in result.stdout
