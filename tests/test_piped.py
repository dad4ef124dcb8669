"""Nothing cut: piped or redirected, a table is every column and every full name, as TSV."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from chainatlas import find_gaps, open_store
from chainatlas.exports import cell_text
from chainatlas.outputs import Document, Section, show_document
from chainatlas.tables import gap_table
from tests.cli_support import run


def _tsv(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines() if line and not line.startswith("# ")]


def test_piped_gaps_are_the_full_table(sample: Path) -> None:
    for lang in ("zh", "en"):
        code, out, _ = run(sample, "gaps", "--chain", "battery-ev", "--lang", lang)
        assert code == 0
        headers, rows = gap_table(find_gaps(open_store(str(sample)), "battery-ev", "410700"), lang)
        table = _tsv(out)
        assert table[0] == headers
        assert table[1 : len(rows) + 1] == [[cell_text(v) for v in r] for r in rows]
        assert "…" not in "".join(table[0] + [c for r in table[1:] for c in r])


def test_a_real_pipe_keeps_every_column_and_full_names(sample: Path) -> None:
    exe = Path(sys.executable).with_name("chainatlas")
    env = {**os.environ, "COLUMNS": "80", "CHAINATLAS_STORE": str(sample)}
    args = [str(exe), "targets", "--chain", "battery-ev", "-n", "40"]
    piped = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    table = _tsv(piped.stdout)
    assert {len(r) for r in table[:41]} == {13}
    lists = json.loads(
        subprocess.run(
            [*args, "--json"], capture_output=True, text=True, env=env, check=True
        ).stdout
    )
    full = [t["full_name"] for t in lists[0]["targets"]]
    assert [r[3] for r in table[1:41]] == full
    assert max(len(n) for n in full) > 12  # long names, cut at 80 columns before
    assert ["列出前 40 项；用 --top N 列出更多"] in table[41:]


def test_a_terminal_view_says_how_many_more() -> None:
    firms = [f"企业{i}" for i in range(7)]
    brief = Section("t", "", ["segment", "firms"], [["隔膜", "、".join(firms[:4]) + " … 3 more"]])
    full = Section("t", "", ["segment", "firms"], [["隔膜", "、".join(firms)]])
    doc = Document("t", [full], "en", brief=[brief])
    screen = io.StringIO()
    show_document(doc, Console(file=screen, force_terminal=True, width=200))
    assert "… 3 more" in screen.getvalue() and "企业6" not in screen.getvalue()
    pipe = io.StringIO()
    show_document(doc, Console(file=pipe, width=80))
    assert pipe.getvalue().splitlines()[-1] == "隔膜\t" + "、".join(firms)


def test_gaps_in_a_terminal_cut_long_firm_lists_with_a_count(sample: Path) -> None:
    from chainatlas.tables import gap_document

    store = open_store(str(sample))
    report = find_gaps(store, "battery-ev", "410700")
    doc = gap_document(report, "en", "新乡市 (410700)", store)
    assert doc.brief is not None
    many = [s for s in report.segments if len(s.local_firms) > 3]
    assert many, "the sample has a segment with more than three local firms"
    row = next(r for r in doc.brief[0].rows if r[0] == many[0].segment_id)
    assert row[4].endswith(f"… {len(many[0].local_firms) - 3} more")
    assert doc.sections[0].rows[report.segments.index(many[0])][11].count(", ") == 3


def test_a_terminal_table_wraps_long_names_and_never_cuts_them() -> None:
    long = "、".join(f"环节{i:02d}号" for i in range(30))
    doc = Document("t", [Section("t", "", ["#", "gaps"], [[1, long]])], "zh")
    screen = io.StringIO()
    show_document(doc, Console(file=screen, force_terminal=True, width=60, color_system=None))
    drawn = "".join(ch for ch in screen.getvalue() if ch not in "│┃━─┏┓┗┛┡┩└┘┳┻╇┼┬┴ \n")
    assert long in drawn and "…" not in screen.getvalue()
