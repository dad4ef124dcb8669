"""Write the XLSX half of the bad-input corpus (kept as code, not binaries).

Run ``python tests/corpus/make_xlsx.py DEST`` or call ``make_xlsx(dest)``; each file is named
after its defect, like the text files beside this script.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["XLSX_FILES", "make_xlsx"]

E_HEAD = ["编号", "企业名称", "统一社会信用代码", "总部地区"]
W_HEAD = ["序号", "产业链", "环节", "类型"]


def _sheet(wb: Workbook, title: str, rows: list[list[object]]) -> Worksheet:
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(row)
    return ws


def _merged_title_row_bad_uscc(wb: Workbook) -> None:
    # the title row is skipped with a warning; rows keep the numbers Excel shows (row 4)
    ws = _sheet(wb, "名录", [["新乡市招商目标企业名录"], E_HEAD, ["x1", "甲公司", "", "410700"]])
    ws.append(["x2", "乙公司", "91350100M000100Y44", "410700"])
    ws.merge_cells("A1:D1")


def _merged_header_cells(wb: Workbook) -> None:
    # "企业名称" spans B1:C1 over two columns of data: the second column has no name
    ws = _sheet(wb, "名录", [["编号", "企业名称", None], ["x1", "甲公司", "甲"]])
    ws.merge_cells("B1:C1")


def _several_sheets_same_header(wb: Workbook) -> None:
    _sheet(wb, "2024", [E_HEAD, ["x1", "甲公司", "", "410700"]])
    _sheet(wb, "2025", [E_HEAD, ["x2", "乙公司", "", "410700"]])


def _bad_uscc(wb: Workbook) -> None:
    _sheet(wb, "名录", [E_HEAD, ["x1", "甲公司", "91350100M000100Y43", "410700"]])
    wb["名录"].append(["x2", "乙公司", "91350100M000100Y44", "410700"])


def _empty_workbook(wb: Workbook) -> None:
    _sheet(wb, "Sheet1", [])


def _revenue_text(wb: Workbook) -> None:
    _sheet(wb, "名录", [["id", "name", "营业收入(亿元)"], ["x1", "甲公司", "约30亿"]])


def _notes_sheet_then_unknown_segment(wb: Workbook) -> None:
    _sheet(wb, "说明", [["本表由市发改委整理"], ["类型：弱项或缺项"], ["日期：2025年"]])
    _sheet(
        wb, "清单", [W_HEAD, [1, "迷你电池链", "隔膜", "缺项"], [2, "迷你电池链", "反物质", "弱项"]]
    )


def _merged_title_row_bad_kind(wb: Workbook) -> None:
    ws = _sheet(wb, "清单", [["产业链弱项缺项清单"], W_HEAD, [1, "迷你电池链", "隔膜", "很弱"]])
    ws.merge_cells("A1:D1")


def _region_lat_text(wb: Workbook) -> None:
    _sheet(
        wb, "regions", [["code", "name_zh", "lon", "lat"], ["410700", "新乡市", 113.93, "北纬35"]]
    )


XLSX_FILES: dict[str, Callable[[Workbook], None]] = {
    "enterprises_merged_title_row_bad_uscc.xlsx": _merged_title_row_bad_uscc,
    "enterprises_merged_header_cells.xlsx": _merged_header_cells,
    "enterprises_several_sheets_same_header.xlsx": _several_sheets_same_header,
    "enterprises_bad_uscc.xlsx": _bad_uscc,
    "enterprises_empty_workbook.xlsx": _empty_workbook,
    "enterprises_revenue_text.xlsx": _revenue_text,
    "weak_links_notes_sheet_then_unknown_segment.xlsx": _notes_sheet_then_unknown_segment,
    "weak_links_merged_title_row_bad_kind.xlsx": _merged_title_row_bad_kind,
    "regions_lat_text.xlsx": _region_lat_text,
}


def make_xlsx(dest: Path) -> list[Path]:
    """Write every XLSX corpus file into ``dest``; returns their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for name, build in XLSX_FILES.items():
        wb = Workbook()
        wb.remove(wb.active)  # type: ignore[arg-type]
        build(wb)
        path = dest / name
        wb.save(path)
        out.append(path)
    return out


if __name__ == "__main__":
    for p in make_xlsx(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(p)
