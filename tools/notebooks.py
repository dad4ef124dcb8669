"""Run the notebooks and keep executed copies a planner can open without Jupyter.

``make demo`` runs ``python tools/notebooks.py out/notebooks``: each notebook in notebooks/ is
executed top to bottom on the demo's store (``CHAINATLAS_STORE``, else .chainatlas/) in the
output folder, then written there twice: as an executed ``.ipynb`` (outputs kept) and as a
standalone ``.html`` page (text, code and outputs; no Jupyter needed). The notebooks in the
repository stay without outputs; tests/test_notebooks.py executes them in CI through
:func:`execute`.
"""

from __future__ import annotations

import argparse
import base64
import html
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

__all__ = ["execute", "render_html", "main"]


def execute(path: Path, workdir: Path, *, timeout: int = 600) -> Any:
    """The notebook at ``path``, executed in ``workdir`` with this interpreter's kernel."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    workdir.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return nb


def _output_html(out: Any) -> str:
    kind = out.get("output_type")
    if kind == "stream":
        return f'<pre class="out">{html.escape(out.get("text", ""))}</pre>'
    if kind == "error":
        trace = "\n".join(out.get("traceback", []))
        return f'<pre class="err">{html.escape(trace)}</pre>'
    data = out.get("data", {})
    if "text/html" in data:
        return f'<div class="out">{data["text/html"]}</div>'  # the kernel's own HTML
    if "image/png" in data:
        png = data["image/png"]
        png = png if isinstance(png, str) else base64.b64encode(png).decode()
        return f'<img alt="" src="data:image/png;base64,{png}">'
    if "text/plain" in data:
        return f'<pre class="out">{html.escape(data["text/plain"])}</pre>'
    return ""


STYLE = (
    "body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}"
    "pre{background:#f6f8fa;padding:.6em;overflow-x:auto}"
    "pre.code{border-left:3px solid #4a90d9}pre.err{background:#fdecea}"
    "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 6px}"
    "th{background:#ddebf7}"
)


def render_html(nb: Any, title: str) -> str:
    """An executed notebook as one standalone page: Markdown, code and every output."""
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
    ]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(markdown.render(cell.source))
        elif cell.cell_type == "code":
            parts.append(f'<pre class="code">{html.escape(cell.source)}</pre>')
            parts += [_output_html(o) for o in cell.get("outputs", [])]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the executed copies")
    args = parser.parse_args(argv)
    os.environ.setdefault("CHAINATLAS_STORE", str(Path(".chainatlas").resolve()))
    out: Path = args.out.resolve()
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = execute(path, out)
        nbformat.write(nb, out / path.name)
        page = out / f"{path.stem}.html"
        page.write_text(render_html(nb, path.stem), encoding="utf-8")
        print(f"wrote {page} (executed notebook: {out / path.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
