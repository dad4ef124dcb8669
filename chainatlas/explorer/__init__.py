"""The explorer: an offline, self-contained HTML picture of a chain or a neighbourhood.

>>> view = build_chain_view(store, ["battery-ev"], "410700")  # doctest: +SKIP
>>> write_html(view, "out/explorer-battery-ev.html")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from chainatlas.explorer.around import UnknownName, build_around_view, resolve_centre
from chainatlas.explorer.chains import build_chain_view
from chainatlas.explorer.render import render_html, safe_json, to_pyvis, write_html
from chainatlas.explorer.view import ExplorerView

__all__ = [
    "ExplorerView",
    "UnknownName",
    "build_around_view",
    "build_chain_view",
    "notebook_frame",
    "render_html",
    "resolve_centre",
    "safe_json",
    "to_pyvis",
    "write_html",
]


def notebook_frame(view: ExplorerView, height: int = 640) -> Any:
    """The page inside an ``<iframe srcdoc>`` for Jupyter (``IPython.display.HTML``).

    The iframe keeps the page's own scripts and Content-Security-Policy apart from the
    notebook; the document is attribute-escaped, so names stay text.
    """
    from html import escape

    from IPython.display import HTML

    doc = escape(render_html(view), quote=True)
    return HTML(
        f'<div><iframe srcdoc="{doc}" style="width:100%;height:{int(height)}px;'
        'border:1px solid #ddd" sandbox="allow-scripts"></iframe></div>'
    )
