"""The explorer's view model, layout and HTML, without a browser (see test_browser.py for that)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.store import Store
from typer.testing import CliRunner

from chainatlas import find_candidates
from chainatlas.cli import app
from chainatlas.explorer import (
    UnknownName,
    build_around_view,
    build_chain_view,
    render_html,
    safe_json,
    to_pyvis,
    write_html,
)
from chainatlas.explorer.layout import TIERS, chain_positions, ring_positions
from chainatlas.explorer.view import ExplorerView
from tests.conftest import MINI
from tests.explorer_support import CENTRE, load_explorer_fixtures, write_synthetic

XSS_NAMES = {
    '<img src=x onerror="window.__xss=1">',
    "</script><script>window.__xss=2</script>",
    '<svg onload="window.__xss=3">&amp;',
}


@pytest.fixture
def ex_store(store: Store) -> Store:
    return load_explorer_fixtures(store)


class _Elements(HTMLParser):
    """Start tags as a browser's tokenizer sees them (script bodies are not markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.tags


def page_data(html: str) -> dict:
    """The JSON document the page embeds, parsed back."""
    m = re.search(r'<script type="application/json" id="ca-data">(.*?)</script>', html, re.S)
    assert m is not None
    return json.loads(m.group(1))


def test_chain_view_has_every_segment_and_link(mini_store: Store) -> None:
    view = build_chain_view(mini_store, ["mini-battery"], "410700")
    segs = mini_store.chain_segments("mini-battery")
    links = mini_store.chain_links("mini-battery")
    assert {n.id for n in view.nodes} == {f"seg:{s.id}" for s in segs}
    feeds = {(e.source, e.target) for e in view.edges if e.kind == "feeds"}
    assert feeds == {(f"seg:{lk.from_id}", f"seg:{lk.to_id}") for lk in links}
    part_of = {(e.source, e.target) for e in view.edges if e.kind == "part_of"}
    assert part_of == {(f"seg:{s.parent}", f"seg:{s.id}") for s in segs if s.parent}
    assert view.counts()["nodes"] == 6 and view.counts()["edges"] == 6


def test_chain_view_carries_coverage_official_list_and_candidates(mini_store: Store) -> None:
    view = build_chain_view(mini_store, ["mini-battery"], "410700", lang="en")
    by_id = {n.id: n for n in view.nodes}
    sep = by_id["seg:separator"]
    assert sep.coverage == "missing" and sep.official == "missing"
    found = find_candidates(mini_store, "separator", region="410700", top=5).candidates
    assert {"大隔膜", "远隔膜"} <= {c.name for c in found}
    assert [(c.name, c.score) for c in sep.candidates] == [(c.name, c.score) for c in found]
    assert [[(f.name, f.value) for f in c.factors] for c in sep.candidates] == [
        [(f.name, f.value) for f in c.factors] for c in found
    ]
    # the same evidence, names before codes (segment, lists and HQ by name, the code beside)
    big = next(c for c in sep.candidates if c.name == "大隔膜")
    evidence = {f.name: f.evidence for f in big.factors}
    assert evidence["segment"].startswith("tagged on segment 隔膜 (separator)")
    assert evidence["lists"].startswith("Fortune China 500 2025 #300 (fortune_china500)")
    raw = {f.name: f.evidence for c in found if c.name == "大隔膜" for f in c.factors}
    assert raw["lists"] == "fortune_china500 2025 #300"
    cells = by_id["seg:cells"]
    assert cells.coverage == "strong" and cells.official == "weak"
    assert {f.name for f in cells.local_firms} == {"本地电芯", "本地电芯二"}
    # node size grows with importance
    assert (
        sep.size > by_id["seg:materials"].size
        or sep.importance == by_id["seg:materials"].importance
    )


def test_layout_runs_left_to_right_by_tier_and_is_stable(mini_store: Store) -> None:
    view = build_chain_view(mini_store, ["mini-battery"], "410700")
    x = {n.id: n.x for n in view.nodes}
    tier = {n.id: TIERS.index(n.tier or "") for n in view.nodes}
    for e in view.edges:
        assert x[e.source] < x[e.target], e.id
    for a in view.nodes:
        for b in view.nodes:
            if tier[a.id] < tier[b.id]:
                assert a.x < b.x
    again = build_chain_view(mini_store, ["mini-battery"], "410700")
    assert [(n.id, n.x, n.y) for n in again.nodes] == [(n.id, n.x, n.y) for n in view.nodes]
    # physics is off: positions are the ones computed here
    net = to_pyvis(view)
    assert all(n["physics"] is False for n in net.nodes)
    assert json.loads(json.dumps(net.options))["physics"]["enabled"] is False


def test_chain_positions_survive_cycles_and_input_order() -> None:
    tiers = {"a": "upstream", "b": "upstream", "c": "midstream", "d": "downstream"}
    links = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d")]
    one = chain_positions(tiers, {}, links)
    two = chain_positions(dict(reversed(tiers.items())), {}, list(reversed(links)))
    assert one == two
    assert one["a"][0] < one["b"][0] < one["c"][0] < one["d"][0]


def test_ring_positions_put_the_centre_in_the_middle() -> None:
    pos = ring_positions(
        [["c"], ["a", "b"], ["x"]],
        {"a": "c", "b": "c", "x": "a"},
        {"c": ("c",), "a": ("a",), "b": ("b",), "x": ("x",)},
    )
    assert pos["c"] == (0.0, 0.0)
    r1 = (pos["a"][0] ** 2 + pos["a"][1] ** 2) ** 0.5
    rx = (pos["x"][0] ** 2 + pos["x"][1] ** 2) ** 0.5
    assert 0 < r1 < rx


def test_fused_view_draws_shared_segments_once(ex_store: Store) -> None:
    view = build_chain_view(ex_store, ["mini-battery", "mini-ev"], "410700")
    ids = [n.id for n in view.nodes]
    assert len(ids) == len(set(ids)) == 7  # 6 + motors; cells and vehicles shared
    shared = {n.id: n.chains for n in view.nodes if len(n.chains) > 1}
    assert shared == {
        "seg:cells": ["mini-battery", "mini-ev"],
        "seg:vehicles": ["mini-battery", "mini-ev"],
    }
    feeds = [e.id for e in view.edges if e.kind == "feeds"]
    assert len(feeds) == len(set(feeds)) == 6  # cells->vehicles is in mini-ev only
    assert view.chain_ids == ["mini-battery", "mini-ev"]
    everything = build_chain_view(ex_store, [], "410700")
    assert {n.id for n in everything.nodes} == set(ids)


def test_around_a_firm_reaches_its_segments_and_their_chains(mini_store: Store) -> None:
    view = build_around_view(mini_store, "大电池", depth=1)
    assert {n.id for n in view.nodes} == {"ent:big-cells", "seg:cells", "seg:packs"}
    assert [n.id for n in view.nodes if n.centre] == ["ent:big-cells"]
    deeper = build_around_view(mini_store, "CATL-like", depth=2)  # by alias
    ids = {n.id for n in deeper.nodes}
    assert {"ent:local-cells", "seg:cathode", "seg:vehicles"} <= ids
    assert all(e.source in ids and e.target in ids for e in deeper.edges)


def test_around_an_unknown_name_says_what_is_close(mini_store: Store) -> None:
    with pytest.raises(UnknownName, match=r"no firm, product or segment is named '隔膜厂'"):
        build_around_view(mini_store, "隔膜厂")
    with pytest.raises(UnknownName, match="similar: 大隔膜"):
        build_around_view(mini_store, "隔")


def test_around_a_product_on_a_large_graph_is_complete_or_says_it_is_cut(
    nx_store: NetworkXStore,
) -> None:
    expected = write_synthetic(nx_store)
    view = build_around_view(nx_store, CENTRE, depth=2)
    assert len(view.nodes) == expected and not view.notes
    assert len(view.edges) == expected - 1  # a tree in the synthetic graph
    cut = build_around_view(nx_store, CENTRE, depth=2, max_nodes=500)
    assert len(cut.nodes) == 500
    assert cut.notes and "500" in cut.notes[0]
    assert render_html(cut).count('"id":"prod:') >= 1


def test_page_is_self_contained(mini_store: Store, tmp_path: Path) -> None:
    path = write_html(
        build_chain_view(mini_store, ["mini-battery"], "410700"), tmp_path / "a" / "x.html"
    )
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", html, re.I)
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet", html, re.I)
    assert "@import" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "vis-network" in html and "@version 9.1.2" in html  # inlined, licence header kept
    tags = elements(html)
    scripts = [a for t, a in tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "ca-data"}, {}, {}]  # data, vis, app
    assert {t for t, _ in tags} <= {
        "html",
        "head",
        "meta",
        "link",
        "title",
        "style",
        "body",
        "header",
        "footer",
        "div",
        "h1",
        "p",
        "input",
        "label",
        "main",
        "aside",
        "br",
        "script",
    }
    assert [a for t, a in tags if t == "link"] == [{"rel": "icon", "href": "data:,"}]


def test_hostile_names_stay_data(ex_store: Store) -> None:
    view = build_chain_view(ex_store, ["mini-battery", "mini-ev"], "410700")
    html = render_html(view)
    assert [t for t, _ in elements(html) if t in {"script", "img", "svg", "b"}] == ["script"] * 3
    assert "</script><script>" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    data = page_data(html)
    cands = {c["name"] for d in data["details"].values() for c in d["candidates"]}
    local = {f["name"] for d in data["details"].values() for f in d["local_firms"]}
    assert XSS_NAMES <= cands | local
    # vis-network tooltips are plain strings (rendered with innerText), never DOM/HTML
    assert all(isinstance(n.get("title", ""), str) for n in data["nodes"])


@pytest.mark.parametrize(
    "value",
    ["</script><script>alert(1)</script>", "<!-- x -->", "a\u2028b\u2029c", "&amp; <b>", "'\"\\"],
)
def test_safe_json_round_trips_and_cannot_close_a_script(value: str) -> None:
    text = safe_json({"name": value, "list": [value]})
    assert json.loads(text) == {"name": value, "list": [value]}
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text


runner = CliRunner()


def test_cli_explore_writes_a_page_and_reports_counts(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert (
        runner.invoke(
            app, ["--store", str(store), "load", *map(str, sorted(MINI.iterdir()))]
        ).exit_code
        == 0
    )
    assert runner.invoke(app, ["--store", str(store), "init", "--region", "410700"]).exit_code == 0
    out = tmp_path / "x.html"
    result = runner.invoke(
        app, ["--store", str(store), "explore", "-c", "mini-battery", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"已写入 {out}（6 个节点，6 条连线）"
    assert page_data(out.read_text(encoding="utf-8"))["meta"]["counts"]["nodes"] == 6
    js = runner.invoke(
        app,
        [
            "--store",
            str(store),
            "explore",
            "--around",
            "大电池",
            "--depth",
            "1",
            "-o",
            str(out),
            "--json",
        ],
    )
    assert js.exit_code == 0
    assert {n["id"] for n in json.loads(js.stdout)["nodes"]} == {
        "ent:big-cells",
        "seg:cells",
        "seg:packs",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "error: give one of --chain ID (repeatable), --all, or --around NAME\n"),
        (
            ["--all", "-c", "mini-battery"],
            "error: give one of --chain ID (repeatable), --all, or --around NAME (not several)\n",
        ),
        (["-c", "nope"], "error: chain 'nope' is not in the atlas; known: mini-battery\n"),
        (["--around", "nothing"], "error: no firm, product or segment is named 'nothing'\n"),
    ],
)
def test_cli_explore_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    store = tmp_path / "store"
    runner.invoke(app, ["--store", str(store), "load", *map(str, sorted(MINI.iterdir()))])
    runner.invoke(app, ["--store", str(store), "init", "--region", "410700"])
    out = tmp_path / "x.html"
    result = runner.invoke(
        app, ["--store", str(store), "explore", *args, "-o", str(out), "--lang", "en"]
    )
    assert result.exit_code == 1
    assert result.stderr == message
    assert not out.exists()
    result = runner.invoke(app, ["--store", str(store), "explore", *args, "-o", str(out)])
    assert result.exit_code == 1 and result.stderr.startswith("错误：")  # Chinese by default
    assert result.stderr.count("\n") == 1 and not re.search(r"[a-z]{4,} [a-z]{4,}", result.stderr)
    assert not out.exists()


def _estimated_boxes(view: ExplorerView) -> dict[str, tuple[float, float, float, float]]:
    """Each node's dot and label as the layout estimates them: (left, top, right, bottom)."""
    from chainatlas.explorer.chains import LABEL_GAP
    from chainatlas.explorer.labels import label_size

    out = {}
    for n in view.nodes:
        w, h = label_size(n.label or n.name)
        half = max(w, 2 * n.size) / 2
        out[n.id] = (n.x - half, n.y - n.size, n.x + half, n.y + n.size + LABEL_GAP + h)
    return out


def test_chain_layout_leaves_room_for_every_label(tmp_path: Path) -> None:
    from chainatlas.api import load_paths, load_sample
    from tests.conftest import FIXTURES

    sample = NetworkXStore(tmp_path / "sample")
    load_sample(sample)
    tall = NetworkXStore(tmp_path / "tall")
    load_paths(tall, sorted((FIXTURES / "tall").iterdir()))
    views = [build_chain_view(sample, [c.id], "410700") for c in sample.chains()]
    views += [
        build_chain_view(sample, [], "410700"),
        build_chain_view(tall, ["tall-chain"], "410700"),
    ]
    for view in views:
        boxes = _estimated_boxes(view)
        ids = sorted(boxes)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                p, q = boxes[a], boxes[b]
                assert not (p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]), (a, b)
        left = min(b[0] for b in boxes.values())
        right = max(b[2] for b in boxes.values())
        top = min(b[1] for b in boxes.values())
        bottom = max(b[3] for b in boxes.values())
        assert abs(left + right) <= 1 and abs(top + bottom) <= 1  # centred on (0, 0)
    official = [n for n in views[-1].nodes if n.official]
    assert official and all(n.label.endswith(("[官方缺项]", "[官方弱项]")) for n in official)


def test_text_width_counts_cjk_as_one_em() -> None:
    from chainatlas.explorer.labels import label_size, text_width

    assert text_width("电池铝箔", 20) == 80
    assert text_width("abc", 20) < text_width("电池铝", 20)
    assert label_size("隔膜\n[官方缺项]", 20) == (pytest.approx(104.8), 48.0)


def test_panel_data_names_before_codes(tmp_path: Path) -> None:
    from chainatlas.api import load_paths, load_sample
    from tests.conftest import FIXTURES

    tall = NetworkXStore(tmp_path / "tall")
    load_paths(tall, sorted((FIXTURES / "tall").iterdir()))
    view = build_chain_view(tall, ["tall-chain"], "410700")
    m2 = next(n for n in view.nodes if n.id == "seg:m2")
    cq = next(c for c in m2.candidates if c.enterprise_id == "cq-silicon")
    assert (cq.hq_region, cq.hq_region_name) == ("500000", "重庆市")
    assert dict(m2.facts)["产业链"] == "高塔测试链 (tall-chain)"
    assert "新乡市 (410700)" in view.subtitle
    sample = NetworkXStore(tmp_path / "sample")
    load_sample(sample)
    ev = build_chain_view(sample, ["battery-ev"], "410700")
    lists = [x for n in ev.nodes for c in n.candidates for x in c.lists]
    assert lists and all(not re.match(r"^[a-z_0-9]+ ", x) for x in lists)
    assert any(x.startswith("《财富》世界500强") for x in lists)
    en = build_chain_view(sample, ["battery-ev"], "410700", lang="en")
    lists = [x for n in en.nodes for c in n.candidates for x in c.lists]
    assert any(x.startswith("Fortune Global 500 ") for x in lists)
    assert not any(re.search(r"[\u3400-\u9fff]", x) for x in lists)


def test_the_page_speaks_one_language(mini_store: Store, tmp_path: Path) -> None:
    """--lang en: no Chinese on the page outside names; zh: none of the page's English words."""
    import re

    from chainatlas.words import WORDS

    views = {
        lang: build_chain_view(mini_store, ["mini-battery"], "410700", lang=lang)
        for lang in ("zh", "en")
    }
    pages = {
        lang: write_html(v, tmp_path / f"{lang}.html").read_text() for lang, v in views.items()
    }
    words = {lang: _page_words(pages[lang]) for lang in pages}
    assert words["en"] and words["zh"]
    region = re.compile(r"[\u3400-\u9fff]+ \(\d{6}\)")  # a region's name, its code beside
    en = [w for w in words["en"] if re.search(r"[\u3400-\u9fff]", region.sub("", w))]
    assert not en, en[:10]
    english = {w.lower() for k, (_, e) in WORDS.items() if k.startswith("x.") for w in e.split()}
    english = {w.strip("():,.") for w in english if len(w) > 4 and w.isascii()}
    zh_text = " ".join(words["zh"]).lower()
    leaked = [w for w in english if re.search(rf"(?<![a-z_-]){re.escape(w)}(?![a-z_-])", zh_text)]
    assert not leaked, leaked
    assert '<html lang="en">' in pages["en"] and '<html lang="zh-CN">' in pages["zh"]
    assert "candidates of all gaps" in pages["en"] and "显示全部缺口的候选企业" in pages["zh"]


def _page_words(page: str) -> list[str]:
    """The texts a reader sees: the page's fixed texts and the data block's strings (meta,
    facts, labels, legend), never the inlined scripts and styles."""
    import json
    import re

    data = json.loads(re.search(r'id="ca-data">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    fixed = re.sub(
        r"<script.*?</script>|<style.*?</style>|<title>.*?</title>", "", page, flags=re.S
    )
    fixed = re.sub(r'<h1 id="ca-title">.*?</h1>', "", fixed)  # the chain's name
    texts = re.findall(r">([^<>]+)<", fixed) + re.findall(r'placeholder="([^"]*)"', fixed)

    def strings(x: object, key: str = "") -> list[str]:
        if isinstance(x, dict):
            return [s for k, v in x.items() for s in strings(v, k)]
        if isinstance(x, list):
            return [s for v in x for s in strings(v, key)]
        skip = {"id", "color", "kind", "field", "enterprise_id", "hq_region", "background"}
        return [x] if isinstance(x, str) and key not in skip else []

    meta = data["meta"]
    texts += [meta["subtitle"], *meta["notes"], *strings(meta["words"])]
    texts += [x["label"] for x in meta["legend"]]
    texts += [f["label"] for f in meta["filters"]]
    texts += [o[1] for f in meta["filters"] for o in f["options"]]  # [value, label]
    texts += [k for d in data["details"].values() for k, _ in d.get("facts", [])]
    texts += [e.get("title", "") for e in data["edges"]]
    return [t.strip() for t in texts if t.strip()]


HOSTILE_SOURCE = '</footer><img src=x onerror="window.__xss=4">'


def test_the_panel_and_footer_show_the_dates_of_the_facts(
    mini_store: Store, tmp_path: Path
) -> None:
    """Freshness: each segment and firm says its source and date; the footer the span."""
    from chainatlas.api import load_paths

    extra = tmp_path / "old.csv"  # a local firm whose facts are older than anything else
    extra.write_text(
        "企业编号,企业名称,总部所在地,所属环节,来源,日期\n"
        f'old-firm,旧隔膜,410702,separator:0.9,"{HOSTILE_SOURCE.replace(chr(34), chr(34) * 2)}",'
        "2011-02-03\n",
        encoding="utf-8",
    )
    load_paths(mini_store, [extra])
    view = build_chain_view(mini_store, ["mini-battery"], "410700")
    sep = next(n for n in view.nodes if n.id == "seg:separator")
    assert dict(sep.facts)["来源与日期"] == "chainatlas test fixture · 2026-11-26"
    old = next(f for f in sep.local_firms if f.enterprise_id == "old-firm")
    assert (old.source, old.as_of) == (HOSTILE_SOURCE, "2011-02-03")
    assert old.dated == f"{HOSTILE_SOURCE} · 2011-02-03"
    cells = next(n for n in view.nodes if n.id == "seg:cells")
    assert cells.candidates and all(
        c.dated == "test fixture · 2026-01-01" for c in cells.candidates
    )
    assert (view.oldest, view.newest) == ("2011-02-03", "2026-11-26")
    html = render_html(view)
    footer = re.findall(r'<footer id="ca-footer">(.*?)</footer>', html)
    assert footer == ["图中事实的日期：最早 2011-02-03，最新 2026-11-26"]
    assert "<img src=x" not in html and "</footer><img" not in html  # the source stays data
    data = page_data(html)
    assert data["meta"]["dates"]["oldest"] == "2011-02-03"
    firms = [f for d in data["details"].values() for f in d.get("local_firms", [])]
    assert HOSTILE_SOURCE + " · 2011-02-03" in {f["dated"] for f in firms}
    en = render_html(build_chain_view(mini_store, ["mini-battery"], "410700", lang="en"))
    assert "facts drawn date from 2011-02-03 to 2026-11-26" in en


def test_around_view_dates_its_firms_and_segments(mini_store: Store) -> None:
    view = build_around_view(mini_store, "本地电芯", 1)
    firm = next(n for n in view.nodes if n.id == "ent:local-cells")
    assert dict(firm.facts)["来源与日期"] == "test fixture · 2026-01-01"
    seg = next(n for n in view.nodes if n.kind == "segment")
    assert dict(seg.facts)["来源与日期"] == "chainatlas test fixture · 2026-11-26"
    assert (view.oldest, view.newest) == ("2026-01-01", "2026-11-26")
    undated = ExplorerView(kind="around", title="t", nodes=[], edges=[], lang="en")
    assert "no fact drawn carries a date" in render_html(undated)
