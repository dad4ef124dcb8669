"""Helpers for the explorer tests: the stores they load and a synthetic product graph.

The synthetic graph has the shape of the ChainKnowledgeGraph around 锂电池 (materials, subtypes,
makers, each maker's other products) at about 1,500 nodes within two steps.
"""

from __future__ import annotations

from pathlib import Path

from chainatlas.graph.model import (
    Atlas,
    Enterprise,
    Product,
    ProductLink,
    ProductSupply,
    RelType,
)
from chainatlas.graph.store import Store

from chainatlas.api import load_paths
from tests.conftest import FIXTURES, MINI

EXPLORER = FIXTURES / "explorer"
CENTRE = "锂电池"


def load_explorer_fixtures(store: Store) -> Store:
    """The mini atlas, a second chain sharing two segments, and firms with hostile names."""
    load_paths(store, [*sorted(MINI.iterdir()), *sorted(EXPLORER.iterdir())])
    return store


def synthetic_product_atlas(
    materials: int = 30,
    subtypes: int = 10,
    makers: int = 20,
    per_material: int = 25,
    per_subtype: int = 10,
    per_maker: int = 30,
) -> Atlas:
    """A product graph whose 2-step neighbourhood of 锂电池 has
    ``1 + materials + subtypes + makers + materials*per_material + subtypes*per_subtype
    + makers*per_maker`` nodes (1,511 with the defaults)."""
    atlas = Atlas()
    names = {CENTRE}
    firms: list[Enterprise] = []

    def firm(i: int) -> str:
        fid = f"syn-{i:05d}"
        firms.append(Enterprise(id=fid, name=f"合成企业{i:05d}", source="synthetic"))
        return fid

    def link(a: str, b: str, rel: RelType) -> None:
        names.update((a, b))
        atlas.product_links.append(ProductLink(from_name=a, to_name=b, rel=rel))

    count = 0
    for m in range(materials):
        mat = f"材料{m:03d}"
        link(CENTRE, mat, RelType.MADE_FROM)
        for k in range(per_material):
            link(mat, f"材料{m:03d}-{k:03d}", RelType.MADE_FROM)
    for s in range(subtypes):
        sub = f"{CENTRE}小类{s:03d}"
        link(sub, CENTRE, RelType.SUBTYPE_OF)
        for _ in range(per_subtype):
            count += 1
            atlas.product_supplies.append(
                ProductSupply(enterprise_id=firm(count), product_name=sub)
            )
    for _ in range(makers):
        count += 1
        fid = firm(count)
        atlas.product_supplies.append(ProductSupply(enterprise_id=fid, product_name=CENTRE))
        for p in range(per_maker):
            prod = f"{fid}产品{p:03d}"
            names.add(prod)
            atlas.product_supplies.append(ProductSupply(enterprise_id=fid, product_name=prod))
    atlas.enterprises = firms
    atlas.products = [Product(name=n) for n in sorted(names)]
    return atlas


def write_synthetic(store: Store) -> int:
    """Write the synthetic graph; returns the expected node count of the 2-step view."""
    store.write(synthetic_product_atlas())
    return 1 + 30 + 10 + 20 + 30 * 25 + 10 * 10 + 20 * 30


def html_path(tmp_path: Path, name: str) -> Path:
    return tmp_path / f"{name}.html"


def overlaps(geometry: dict, pad: float = 0.0) -> list[tuple[str, str, str]]:
    """Pairs of shown nodes whose label boxes overlap, or whose label covers another's dot:
    ``(kind, a, b)`` from the page's ``chainatlasView.geometry()`` (page pixels)."""

    def hit(a: dict, b: dict) -> bool:
        return (
            a["left"] < b["right"] - pad
            and b["left"] < a["right"] - pad
            and a["top"] < b["bottom"] - pad
            and b["top"] < a["bottom"] - pad
        )

    found = []
    nodes = geometry["nodes"]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if a["label"] and b["label"] and hit(a["label"], b["label"]):
                found.append(("label/label", a["id"], b["id"]))
            for x, y in ((a, b), (b, a)):
                if x["label"] and hit(x["label"], y["dot"]):
                    found.append(("label/dot", x["id"], y["id"]))
            if hit(a["dot"], b["dot"]):
                found.append(("dot/dot", a["id"], b["id"]))
    return found


def drawing_box(geometry: dict) -> dict[str, float]:
    """The bounding box of every shown dot and label (page pixels)."""
    boxes = [b for n in geometry["nodes"] for b in (n["label"], n["dot"]) if b]
    return {
        "left": min(b["left"] for b in boxes),
        "top": min(b["top"] for b in boxes),
        "right": max(b["right"] for b in boxes),
        "bottom": max(b["bottom"] for b in boxes),
    }


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) pixels of an 8-bit, non-interlaced PNG (as Chromium
    writes screenshots); enough to find where things are drawn, no imaging library needed."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, head = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            head = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", head)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG"
    bpp = 4 if colour == 6 else 3
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytes(width * bpp)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = bytes(line)
    return width, height, [bytes(r[i] for i in range(len(r)) if i % bpp < 3) for r in rows]


def colour_box(
    png: bytes, colours: list[tuple[int, int, int]], top: int, bottom: int
) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the pixels between rows ``top`` and ``bottom`` drawn in
    exactly one of ``colours`` (the inside of a filled dot), or None."""
    width, height, rows = read_png(png)
    box = None
    for y in range(max(top, 0), min(bottom, height)):
        row = rows[y]
        for c in colours:
            needle = bytes(c)
            first, i = None, row.find(needle)
            while i >= 0 and first is None:
                first = i // 3 if i % 3 == 0 else None
                i = row.find(needle, i + 1) if first is None else i
            if first is None:
                continue
            last, j = None, row.rfind(needle)
            while j >= 0 and last is None:
                last = j // 3 if j % 3 == 0 else None
                j = row.rfind(needle, 0, j) if last is None else j
            last = first if last is None else last
            box = (
                (first, y, last, y)
                if box is None
                else (min(box[0], first), min(box[1], y), max(box[2], last), max(box[3], y))
            )
    return box
