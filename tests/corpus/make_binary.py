"""Write the corpus files whose bytes matter (encodings, line endings, huge cells).

These are committed beside this script; run ``python tests/corpus/make_binary.py`` to write
them again after changing one. Each is named after what it shows, like every corpus file:
Excel's "Unicode text" (UTF-16 with BOM, tab-separated), GB18030, a UTF-8 BOM before GBK
rows, old Excel for Mac's CR-only lines. ``GENERATED`` (100,000-character cells, 300 KB each)
is written by the tests into a temporary folder instead of being committed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

__all__ = ["BINARY_FILES", "GENERATED", "write_binary", "write_generated"]

HERE = Path(__file__).resolve().parent
E_HEAD = "id,name,hq_region,revenue_100m_cny\n"
LONG = "长" * 100_000


def _utf16(text: str) -> bytes:
    return "\ufeff".encode("utf-16-le") + text.replace(",", "\t").encode("utf-16-le")


BINARY_FILES: dict[str, bytes] = {
    # loaded
    "enterprises_cr_only_line_endings.csv": (E_HEAD + "c1,甲公司,410700,12\nc2,乙公司,410700,3\n")
    .replace("\n", "\r")
    .encode(),
    "enterprises_mixed_line_endings.csv": (
        E_HEAD.replace("\n", "\r\n") + "m1,甲公司,410700,12\r" + "m2,乙公司,410700,3\n"
    ).encode(),
    "enterprises_utf16_unicode_text_small.txt": _utf16(E_HEAD + "u1,甲公司,410700,12\n"),
    "enterprises_utf16_unicode_text_over_64kb.txt": _utf16(
        E_HEAD + "".join(f"big{i},大表公司{i},410700,1\n" for i in range(3000))
    ),
    "weak_links_utf16_unicode_text.txt": _utf16("序号,产业链,环节,类型\n1,迷你电池链,隔膜,缺项\n"),
    "enterprises_gb18030_four_byte_chars.csv": (E_HEAD + "g1,𠀾𡈽新材料公司,410700,2\n").encode(
        "gb18030"
    ),
    "regions_gb18030.csv": "code,name_zh,level,parent\n410721,新乡县,county,410700\n".encode(
        "gb18030"
    ),
    "enterprises_utf8_bom_then_gbk_rows.csv": b"\xef\xbb\xbf"
    + (E_HEAD + "b1,甲公司,410700,12\nb2,乙公司,410700,3\n").encode("gbk"),
    "weak_links_cr_only_line_endings.csv": "序号,产业链,环节,类型\r1,迷你电池链,隔膜,缺项\r".encode(),
    "chain_cr_only_line_endings.yaml": (
        "chain: {id: cr-chain, name_zh: 回车链}\nsegments:\n"
        "  - {id: cr-a, name_zh: 回车甲, tier: upstream}\n"
    )
    .replace("\n", "\r")
    .encode(),
    "enterprises_utf16_without_bom.csv": (E_HEAD + "n1,甲公司,410700,12\n").encode("utf-16-le"),
}

# refused; 300 KB each, so written where the tests run instead of committed
GENERATED: dict[str, bytes] = {
    "enterprises_100k_char_name.csv": f"id,name\nlong1,{LONG}\n".encode(),
    "enterprises_100k_char_name.jsonl": (
        json.dumps({"id": "long1", "name": LONG}, ensure_ascii=False) + "\n"
    ).encode(),
    "clusters_100k_char_name.yaml": f"clusters:\n  - {{name: {LONG}, park: 甲园区}}\n".encode(),
    "chain_100k_char_name.yaml": (
        f"chain: {{id: long-chain, name_zh: {LONG}}}\nsegments:\n"
        "  - {id: long-a, name_zh: 甲, tier: upstream}\n"
    ).encode(),
    "weak_links_100k_char_note.csv": f"序号,产业链,环节,类型,说明\n1,迷你电池链,隔膜,缺项,{LONG}\n".encode(),
    "regions_100k_char_name.csv": f"code,name_zh,level\n410721,{LONG},county\n".encode(),
    "enterprises_header_cell_100k_chars.csv": f"id,{LONG}\nx1,甲\n".encode(),
    "enterprises_utf16_without_bom_over_64kb.txt": _utf16(
        E_HEAD + "".join(f"nobom{i},无标记公司{i},410700,1\n" for i in range(3000))
    )[2:],  # no byte-order mark
    # 9 MB that json.loads would turn into 3 million dicts (~1 GB)
    "enterprises_three_million_empty_objects.json": b"[" + b"{}," * 3_000_000 + b"{}]",
    # 1 MB that PyYAML would take ~10 s and ~400 MB to read
    "clusters_half_million_values.yaml": b"clusters: [" + b"1," * 500_000 + b"1]\n",
}


def write_binary(dest: Path = HERE) -> list[Path]:
    out = []
    for name, data in BINARY_FILES.items():
        path = dest / name
        path.write_bytes(data)
        out.append(path)
    return out


def write_generated(dest: Path) -> list[Path]:
    out = []
    for name, data in GENERATED.items():
        path = dest / name
        path.write_bytes(data)
        out.append(path)
    return out


if __name__ == "__main__":
    for p in write_binary(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(p)
