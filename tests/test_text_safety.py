"""Text cleaned once, at the door, and every output safe for whatever a store holds.

Loaders remove control, bidi and zero-width characters with a warning naming file, row and
field, and read codes through NFKC. A store written directly (bypassing the loaders) with
rich markup, terminal escapes, a vertical tab and an RTL override in every name still prints,
exports CSV/Markdown without escapes and writes an XLSX that opens.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from chainatlas.loaders import read_chain_map, read_enterprises
from chainatlas.loaders.values import clean_text, strip_invisible
from openpyxl import load_workbook
from typer.testing import CliRunner

from chainatlas.api import load_paths, open_store, sample_paths
from chainatlas.cli import app

runner = CliRunner()
EVIL = "[/][bold]\x1b]0;pwned\x07\x1b[2J\x0b\u202e"
CONTROL = ("\x1b", "\x07", "\x0b", "\u202e")


def run(store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def _clean(text: str) -> bool:
    return not any(ch in text for ch in CONTROL)


@pytest.fixture(scope="module")
def evil_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample store, then every firm and segment renamed with hostile text, written directly."""
    store_dir = tmp_path_factory.mktemp("evil")
    code, _, err = run(store_dir, "load", *map(str, sample_paths()))
    assert code == 0, err
    assert run(store_dir, "init", "--region", "410700")[0] == 0
    from chainatlas.graph.model import Atlas

    store = open_store(str(store_dir))
    try:
        ents = [e.model_copy(update={"name": e.name + EVIL}) for e in store.enterprises()]
        segs = [s.model_copy(update={"name_zh": s.name_zh + EVIL}) for s in store.segments()]
        store.write(Atlas(enterprises=ents, segments=segs))
        assert all(EVIL in e.name for e in store.enterprises())
    finally:
        store.close()
    return store_dir


COMMANDS = [
    ("profile", "catl"),
    ("clusters",),
    ("report", "quarterly", "--quarter", "2013Q2", "-f", "terminal"),
    ("gaps", "--chain", "battery-ev"),
    ("candidates", "--query", "隔膜", "--local"),
    ("targets", "--chain", "battery-ev"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a[:2]))
def test_terminal_output_is_safe(evil_store: Path, args: tuple[str, ...]) -> None:
    code, out, err = run(evil_store, *args)
    assert code == 0, err
    assert _clean(out) and _clean(err), out
    if args[0] in {"profile", "gaps", "targets"}:
        assert "[/][bold]" in out  # markup printed as the text it is


def test_cluster_detail_is_safe(evil_store: Path) -> None:
    code, out, err = run(evil_store, "clusters", "--json")
    assert code == 0, err
    import json

    first = json.loads(out)[0]
    key = first.get("id") or first.get("cluster_id")
    code, out, err = run(evil_store, "clusters", str(key))
    assert code == 0, err
    assert _clean(out)


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "md"])
def test_exports_are_safe(evil_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"targets.{fmt}"
    code, _, err = run(evil_store, "targets", "--chain", "battery-ev", "-f", fmt, "-o", str(out))
    assert code == 0, err
    if fmt == "xlsx":
        wb = load_workbook(out)
        cells = [str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row]
        assert any("[/][bold]" in c for c in cells)
        assert all(_clean(c) for c in cells)
    else:
        assert _clean(out.read_text(encoding="utf-8-sig"))


def test_workflow_exports_are_safe(evil_store: Path, tmp_path: Path) -> None:
    xlsx, md = tmp_path / "q.xlsx", tmp_path / "p.md"
    assert run(evil_store, "report", "quarterly", "--quarter", "2013Q2", "-f", "xlsx", "-o", str(xlsx))[0] == 0  # fmt: skip
    load_workbook(xlsx)
    assert run(evil_store, "profile", "catl", "-f", "md", "-o", str(md))[0] == 0
    assert _clean(md.read_text(encoding="utf-8"))
    gaps_csv = tmp_path / "gaps.csv"
    assert run(evil_store, "gaps", "--chain", "battery-ev", "-o", str(gaps_csv))[0] == 0
    assert _clean(gaps_csv.read_text(encoding="utf-8-sig"))


def test_clean_text() -> None:
    assert clean_text("宁德\u200b时代") == ("宁德时代", "removed invisible/control characters")
    assert clean_text("a\tb\nc") == ("a\tb\nc", "")
    assert clean_text("９１３５０９００ＭＡ", code=True)[0] == "91350900MA"
    assert clean_text("（深圳）", code=False) == ("（深圳）", "")
    assert strip_invisible("x\x1b[2Jy\u2066z\ufeff") == "x[2Jyz"


def test_registry_names_are_cleaned_with_a_warning(tmp_path: Path) -> None:
    reg = tmp_path / "firms.csv"
    with reg.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "hq_region", "uscc"])
        w.writerow(
            [
                "a",
                "宁德\u202e时代\x1b]0;pwned\x07",
                "３５０９００",
                "９１３５０９００ＭＡ２ＹＣＣＮ４３Ｍ",
            ]
        )
        w.writerow(["b", "比亚迪\x0b\u200d", "440300", ""])
        w.writerow(["c", "正常企业", "410702", ""])
    report = read_enterprises(reg)
    assert report.ok, report.table()
    ents = {e.id: e for e in report.valid[0].enterprises}
    assert ents["a"].name == "宁德时代]0;pwned"
    assert ents["a"].hq_region == "350900"
    assert ents["a"].uscc == "91350900MA2YCCN43M"
    assert ents["b"].name == "比亚迪"
    warnings = [p for p in report.problems if p.severity == "warning"]
    shown = {(p.line, p.field) for p in warnings}
    assert shown == {(2, "name"), (2, "hq_region"), (2, "uscc"), (3, "name")}
    name_warning = next(p for p in warnings if p.line == 2 and p.field == "name")
    assert name_warning.file == str(reg)
    assert "removed invisible/control characters" in name_warning.message
    assert "\\u202e" in str(name_warning.value) and "\x1b" not in str(name_warning.value)
    assert "\x1b" not in str(name_warning)


def test_json_registry_lists_are_cleaned(tmp_path: Path) -> None:
    reg = tmp_path / "firms.json"
    reg.write_text(
        '[{"id": "a", "name": "A\\u200b", "aliases": ["B\\u001b[31m", "C"]}]', encoding="utf-8"
    )
    report = read_enterprises(reg)
    assert report.ok
    ent = report.valid[0].enterprises[0]
    assert ent.name == "A" and ent.aliases == ["B[31m", "C"]
    assert {(p.row, p.field) for p in report.problems} == {(1, "name"), (1, "aliases")}


def test_chain_map_text_is_cleaned(tmp_path: Path) -> None:
    doc = {
        "chain": {"id": "c1", "name_zh": "链\u200b"},
        "segments": [
            {"id": "s1", "name_zh": "隔膜\u202e", "tier": "midstream", "gbt_codes": ["２９２２"]},
        ],
        "links": [],
    }
    path = tmp_path / "chain.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    report = read_chain_map(path)
    assert report.ok, report.table()
    atlas = report.valid[0]
    assert atlas.chains[0].name_zh == "链"
    assert atlas.segments[0].name_zh == "隔膜"
    assert atlas.segments[0].gbt_codes == ["2922"]
    fields = {(p.field, p.severity) for p in report.problems}
    assert {("name_zh", "warning"), ("gbt_codes", "warning")} <= fields
    assert all(p.line for p in report.problems)


def test_loaded_store_answers_with_clean_names(tmp_path: Path) -> None:
    reg = tmp_path / "firms.csv"
    reg.write_text("id,name\nx,隔膜\x1b[2J公司\n", encoding="utf-8")
    store = open_store(str(tmp_path / "s"))
    try:
        load_paths(store, [reg])
        assert [e.name for e in store.enterprises(["x"])] == ["隔膜[2J公司"]
    finally:
        store.close()


HTML_EVIL = '</script><img src=x onerror="alert(1)"><!--'


def test_the_html_explorer_is_safe_for_any_name(evil_store: Path, tmp_path: Path) -> None:
    """A name closing the page's script block or opening a tag stays text in the explorer."""
    import json
    import re
    import shutil

    from chainatlas.graph.model import Atlas

    evil_store = Path(shutil.copytree(evil_store, tmp_path / "store"))  # the module's stays
    store = open_store(str(evil_store))
    try:
        (firm, *_) = [e for e in store.enterprises() if e.id == "catl"]
        seg = store.chain_segments("battery-ev")[0]
        store.write(
            Atlas(
                enterprises=[firm.model_copy(update={"name": "宁德" + HTML_EVIL})],
                segments=[seg.model_copy(update={"name_zh": seg.name_zh + HTML_EVIL})],
            )
        )
    finally:
        store.close()
    out = tmp_path / "x.html"
    code, _, err = run(evil_store, "explore", "--chain", "battery-ev", "-o", str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<!--" not in html.split("<body", 1)[-1]
    blocks = re.findall(r'<script type="application/json" id="ca-data">(.*?)</script>', html, re.S)
    assert len(blocks) == 1  # no name closed the data block early
    data = json.loads(blocks[0])

    def texts(value: object) -> list[str]:
        if isinstance(value, dict):
            return [t for v in value.values() for t in texts(v)]
        if isinstance(value, list):
            return [t for v in value for t in texts(v)]
        return [value] if isinstance(value, str) else []

    assert any(HTML_EVIL in t for t in texts(data))  # the name kept, as text
    assert not any(ch in html for ch in ("\x1b", "\x07", "\x0b"))  # JSON-escaped


# Every bidi control (embeddings, overrides, isolates) and the other invisible characters a
# name can hide: each is written into the store directly, as another tool could, and no output
# may carry it raw.
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
OTHER_INVISIBLE = [
    *"\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2064\ufeff\u061c\u00ad\u034f\u180e",
    *"\u3164\u115f\uffa0\ufff9\u206a\x85\x9b",
    "\U000e0041",
]
HIDDEN = BIDI + OTHER_INVISIBLE


def _hide(name: str) -> str:
    """The name with every hidden character in it: half after its first letter, half at the end."""
    return name[:1] + "".join(HIDDEN[::2]) + name[1:] + "".join(HIDDEN[1::2])


def _no_hidden(text: str) -> list[str]:
    return [f"U+{ord(ch):04X}" for ch in HIDDEN if ch in text]


@pytest.fixture(scope="module")
def hidden_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample store with every hidden character in every firm, segment and chain name."""
    store_dir = tmp_path_factory.mktemp("hidden")
    code, _, err = run(store_dir, "load", *map(str, sample_paths()))
    assert code == 0, err
    assert run(store_dir, "init", "--region", "410700")[0] == 0
    from chainatlas.graph.model import Atlas

    store = open_store(str(store_dir))
    try:
        ents = [e.model_copy(update={"name": _hide(e.name)}) for e in store.enterprises()]
        segs = [s.model_copy(update={"name_zh": _hide(s.name_zh)}) for s in store.segments()]
        store.write(Atlas(enterprises=ents, segments=segs))
        held = {e.id: e.name for e in store.enterprises()}
        assert all(ch in held["catl"] for ch in HIDDEN)  # the store really holds them
    finally:
        store.close()
    return store_dir


def test_hidden_name_is_built_with_every_character() -> None:
    assert sorted(_hide("宁德时代")) == sorted("宁德时代" + "".join(HIDDEN))
    assert strip_invisible(_hide("宁德时代")) == "宁德时代"


@pytest.mark.parametrize(
    "args",
    [("profile", "catl"), ("targets", "--chain", "battery-ev"), ("gaps", "--chain", "battery-ev")],
    ids=lambda a: a[0],
)
def test_terminal_carries_no_hidden_character(hidden_store: Path, args: tuple[str, ...]) -> None:
    code, out, err = run(hidden_store, *args)
    assert code == 0, err
    assert _no_hidden(out + err) == []
    if args[0] == "profile":
        assert "宁德时代" in out  # the name itself, whole


def test_json_escapes_hidden_characters(hidden_store: Path) -> None:
    import json

    code, out, err = run(hidden_store, "profile", "catl", "--json")
    assert code == 0, err
    assert _no_hidden(out) == []
    assert "\\u202e" in out  # neutralised, not lost: the JSON still holds the stored name
    assert _hide("宁德时代") in json.dumps(json.loads(out), ensure_ascii=False)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "md"])
def test_files_carry_no_hidden_character(hidden_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"t.{fmt}"
    code, _, err = run(hidden_store, "targets", "--chain", "battery-ev", "-f", fmt, "-o", str(out))
    assert code == 0, err
    if fmt == "xlsx":
        wb = load_workbook(out)
        text = "\n".join(
            str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row
        ) + "\n".join(ws.title for ws in wb)
    else:
        text = out.read_text(encoding="utf-8-sig")
    assert _no_hidden(text) == []
    assert "隔膜" in text
    md = tmp_path / "p.md"
    assert run(hidden_store, "profile", "catl", "-f", "md", "-o", str(md))[0] == 0
    assert _no_hidden(md.read_text(encoding="utf-8")) == [] and "宁德时代" in md.read_text()


def test_explorer_data_and_labels_carry_no_hidden_character(
    hidden_store: Path, tmp_path: Path
) -> None:
    import json
    import re

    out = tmp_path / "x.html"
    code, _, err = run(hidden_store, "explore", "--chain", "battery-ev", "-o", str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    (block,) = re.findall(
        r'<script type="application/json" id="ca-data">(.*?)</script>', html, re.S
    )
    data = json.loads(block)  # JSON escapes decoded: a \\u202e escape would show here
    assert _no_hidden(json.dumps(data, ensure_ascii=False)) == []
    labels = [n.get("label", "") for n in data["nodes"]]
    assert any(label.startswith("隔膜") for label in labels)
    outside = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    assert _no_hidden(outside) == []
    code, _, err = run(hidden_store, "explore", "--around", "宁德时代", "-o", str(out))
    assert code == 0, err
    (block,) = re.findall(r'id="ca-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.S)
    assert _no_hidden(json.dumps(json.loads(block), ensure_ascii=False)) == []
