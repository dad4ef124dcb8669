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
