"""Render a view as one self-contained HTML file: pyvis for the graph, every asset inlined.

The page makes no network request: vis-network (shipped inside the pyvis package) and the
explorer's own script and styles are inlined, and a Content-Security-Policy forbids any fetch.
All names travel as one JSON document inside ``<script type="application/json">`` with ``<``,
``>``, ``&`` and U+2028/2029 escaped, and the script shows them with ``textContent`` only.
Control, bidi and zero-width characters are removed from every string of that document and
from the page's title (``strip_invisible``, as in every other output).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network

from chainatlas.explorer.dates import footer
from chainatlas.explorer.labels import FONT_SIZE
from chainatlas.explorer.view import ExplorerView, ViewEdge, ViewNode
from chainatlas.loaders.values import strip_invisible, strip_invisible_all
from chainatlas.words import WORDS, Lang, say
from chainatlas.words.explorer import SCRIPT_WORDS

__all__ = ["render_html", "write_html", "to_pyvis", "safe_json", "VIS_VERSION", "BIG_GRAPH"]

VIS_VERSION = "9.1.2"
BIG_GRAPH = 300
FONT = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"
COVERAGE_COLOURS = {"strong": "#43a047", "weak": "#fbc02d", "missing": "#e53935"}
KIND_COLOURS = {
    "enterprise": "#1e88e5",
    "product": "#90a4ae",
    "segment": "#8e24aa",
    "candidate": "#bbdefb",
}
OFFICIAL_BORDER = "#311b92"
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "feeds": {"color": {"color": "#78909c"}, "width": 1.6, "arrows": "to"},
    "part_of": {"color": {"color": "#cfd8dc"}, "width": 1, "dashes": [2, 4], "arrows": ""},
    "candidate": {"color": {"color": "#1565c0"}, "width": 1.2, "dashes": [4, 4], "arrows": "to"},
    "can_supply": {"color": {"color": "#ab47bc"}, "width": 1, "arrows": "to"},
    "makes": {"color": {"color": "#64b5f6"}, "width": 1, "arrows": "to"},
    "made_from": {"color": {"color": "#a1887f"}, "width": 1, "arrows": "to"},
    "subtype_of": {"color": {"color": "#b0bec5"}, "width": 1, "dashes": True, "arrows": "to"},
}
EDGE_KINDS = ("feeds", "part_of", "candidate", "can_supply", "makes", "made_from", "subtype_of")


def edge_labels(lang: Lang = "zh") -> dict[str, str]:
    return {k: say(f"x.edge.{k}", lang) for k in EDGE_KINDS}


EDGE_LABELS = edge_labels()
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def safe_json(obj: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``</script>``, no HTML comment, no
    line separators; still valid JSON (the escapes are JSON string escapes)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)


def _tooltip(node: ViewNode) -> str:
    lines = [node.name]
    if node.name_en:
        lines.append(node.name_en)
    lines += [f"{k}: {v}" for k, v in node.facts[:6]]
    return "\n".join(lines)


def _node_style(node: ViewNode, big: bool) -> dict[str, Any]:
    label = node.label or node.name
    style: dict[str, Any] = {"size": node.size, "borderWidth": 1.5, "physics": False}
    if node.kind == "segment" and node.coverage:
        colour = COVERAGE_COLOURS[node.coverage]
        style["color"] = {
            "background": colour,
            "border": "#37474f",
            "highlight": {"background": colour, "border": "#000000"},
            "hover": {"background": colour, "border": "#000000"},
        }
        if node.official:
            style["borderWidth"] = 4
            style["color"]["border"] = OFFICIAL_BORDER
            style["shapeProperties"] = {"borderDashes": [10, 6]}
    else:
        colour = KIND_COLOURS[node.kind]
        style["color"] = {"background": colour, "border": "#263238"}
    if node.centre:
        style["borderWidth"] = 4
        style["font"] = {"size": 22, "face": FONT, "strokeWidth": 3, "strokeColor": "#ffffff"}
    style["label"] = label if not big or node.centre or node.depth <= 1 else node.name
    return style


def _edge_style(edge: ViewEdge, big: bool, lang: Lang = "zh") -> dict[str, Any]:
    style = dict(EDGE_STYLES[edge.kind])
    title = edge_labels(lang)[edge.kind] + (f" ({edge.label})" if edge.label else "")
    style["title"] = title
    if big:
        style["smooth"] = False
    return style


def to_pyvis(view: ExplorerView) -> Network:
    """The view as a pyvis ``Network`` (fixed positions, physics off), for pyvis users."""
    big = len(view.nodes) > BIG_GRAPH
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for node in view.nodes:
        style = _node_style(node, big)
        net.add_node(
            node.id,
            shape="dot",
            x=node.x,
            y=node.y,
            title=_tooltip(node),
            **style,
        )
    for edge in view.edges:
        net.add_edge(edge.source, edge.target, id=edge.id, **_edge_style(edge, big, view.lang))
    net.set_options(json.dumps(_options(view)))
    return net


def _options(view: ExplorerView) -> dict[str, Any]:
    big = len(view.nodes) > BIG_GRAPH
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": not big,
            "tooltipDelay": 200,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "keyboard": False,
        },
        "nodes": {
            "shape": "dot",
            "font": {"face": FONT, "size": 14 if big else FONT_SIZE, "color": "#212121"},
            "scaling": {"label": {"drawThreshold": 7 if big else 3}},
            "borderWidthSelected": 3,
        },
        "edges": {
            "smooth": False
            if big
            else {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal"},
            "arrows": {"to": {"scaleFactor": 0.5}},
            "selectionWidth": 2,
        },
    }


def _candidate_style() -> dict[str, Any]:
    return {
        "shape": "box",
        "color": {"background": KIND_COLOURS["candidate"], "border": "#1565c0"},
        "font": {"face": FONT, "size": 16, "color": "#0d47a1"},
        "borderWidth": 1,
        "physics": False,
        "margin": 6,
    }


def _legend(view: ExplorerView) -> list[dict[str, str]]:
    lang = view.lang
    if view.kind == "chain":
        return [
            *(
                {"kind": "dot", "color": COVERAGE_COLOURS[c], "label": say(f"class.{c}", lang)}
                for c in ("strong", "weak", "missing")
            ),
            {"kind": "dashed", "color": OFFICIAL_BORDER, "label": say("x.legend.official", lang)},
            {"kind": "size", "color": "#9e9e9e", "label": say("x.legend.size", lang)},
            {
                "kind": "box",
                "color": KIND_COLOURS["candidate"],
                "label": say("x.legend.candidate", lang),
            },
            {"kind": "line", "color": "#78909c", "label": say("x.legend.feeds", lang)},
        ]
    return [
        *(
            {"kind": "dot", "color": KIND_COLOURS[k], "label": say(f"x.kind.{k}", lang)}
            for k in ("enterprise", "product", "segment")
        ),
        {"kind": "size", "color": "#9e9e9e", "label": say("x.legend.links", lang)},
    ]


def _details(view: ExplorerView) -> dict[str, Any]:
    keep = {"x", "y", "size"}
    return {n.id: n.model_dump(mode="json", exclude=keep) for n in view.nodes}


def _payload(view: ExplorerView) -> dict[str, Any]:
    """Everything the page's script reads, without an invisible character in any string."""
    return dict(strip_invisible_all(_raw_payload(view)))


def _raw_payload(view: ExplorerView) -> dict[str, Any]:
    net = to_pyvis(view)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    return {
        "meta": {
            "kind": view.kind,
            "title": view.title,
            "subtitle": view.subtitle,
            "region": view.region,
            "chainIds": view.chain_ids,
            "notes": view.notes,
            "filters": [f.model_dump(mode="json") for f in view.filters],
            "legend": _legend(view),
            "counts": view.counts(),
            "lang": view.lang,
            "dates": {"oldest": view.oldest, "newest": view.newest, "line": footer(view)},
            "words": {w: say(f"x.{w}", view.lang) for w in SCRIPT_WORDS}
            | {f"class_{c}": say(f"class.{c}", view.lang) for c in COVERAGE_COLOURS}
            | {f"official_{c}": say(f"x.official.{c}", view.lang) for c in ("weak", "missing")}
            | {f"factor_{k[7:]}": say(k, view.lang) for k in WORDS if k.startswith("factor.")},
        },
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "details": _details(view),
        "candidateStyle": _candidate_style(),
        "candidateEdgeStyle": EDGE_STYLES["candidate"]
        | {"title": edge_labels(view.lang)["candidate"]},
    }


@cache
def _asset(package: str, path: str) -> str:
    return (resources.files(package) / path).read_text(encoding="utf-8")


def _inline(text: str, closing: str, what: str) -> Markup:
    if closing in text.lower() or "<!--" in text:
        raise ValueError(f"{what} cannot be inlined: it contains {closing!r} or '<!--'")
    return Markup(text)  # noqa: S704 - checked above, our own or vendored assets


@cache
def _template() -> Any:
    env = Environment(autoescape=True, keep_trailing_newline=True)  # noqa: S701
    return env.from_string(_asset("chainatlas.explorer", "assets/page.html"))


def render_html(view: ExplorerView) -> str:
    """The whole page as a string (UTF-8 text, no external reference)."""
    lib = f"templates/lib/vis-{VIS_VERSION}"
    return str(
        _template().render(
            title=strip_invisible(view.title),
            subtitle=strip_invisible(view.subtitle),
            lang="zh-CN" if view.lang == "zh" else "en",
            search=say("x.search", view.lang),
            cand_all=say("x.cand_all", view.lang),
            hint=say("x.hint", view.lang),
            dates=strip_invisible(footer(view)),
            payload=Markup(safe_json(_payload(view))),  # noqa: S704 - escaped by safe_json
            vis_css=_inline(_asset("pyvis", f"{lib}/vis-network.css"), "</style", "vis css"),
            vis_js=_inline(_asset("pyvis", f"{lib}/vis-network.min.js"), "</script", "vis js"),
            app_css=_inline(_asset("chainatlas.explorer", "assets/explorer.css"), "</style", "css"),
            app_js=_inline(_asset("chainatlas.explorer", "assets/explorer.js"), "</script", "js"),
        )
    )


def write_html(view: ExplorerView, path: str | Path) -> Path:
    """Write the page to ``path`` (folders created); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(view), encoding="utf-8")
    return path
