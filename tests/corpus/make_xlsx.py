"""Write the XLSX half of the bad-input corpus (kept as code, not binaries).

Run ``python tests/corpus/make_xlsx.py DEST`` or call ``make_xlsx(dest)``; each file is named
after its defect, like the text files beside this script.
"""

from __future__ import annotations

import re
import sys
import zipfile
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


def _title_row(wb: Workbook) -> None:
    ws = _sheet(
        wb, "名录", [["2025年新乡市企业名录"], E_HEAD, ["title1", "标题公司", "", "410700"]]
    )
    ws.merge_cells("A1:D1")


def _two_row_merged_header(wb: Workbook) -> None:
    # 名称 merged down over rows 1-2; 财务 merged across the two columns it heads
    rows: list[list[object]] = [
        ["企业名称", "财务", None],
        [None, "营业收入(亿元)", "员工人数"],
        ["两行表头公司", 12, 300],
    ]
    ws = _sheet(wb, "名录", rows)
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")


def _group_header_row(wb: Workbook) -> None:
    ws = _sheet(wb, "名录", [["基本信息", None, "财务"], ["编号", "企业名称", "营业收入(亿元)"]])
    ws.append(["gh1", "分组表头公司", 8])
    ws.merge_cells("A1:B1")


def _formulas(wb: Workbook) -> None:
    head = ["id", "name", "revenue_100m_cny", "employees"]
    _sheet(
        wb, "名录", [head, ["fo1", "公式公司", 3, "=C2*100"], ["fo2", "公式二公司", 4, "=C3*100"]]
    )


def _numbers_export(wb: Workbook) -> None:
    # Apple Numbers puts the table's name above it
    _sheet(wb, "Sheet 1", [["Table 1"], ["code", "name_zh", "level", "parent"]])
    wb["Sheet 1"].append(["410782", "辉县市", "county", "410700"])


def _plain(wb: Workbook) -> None:
    _sheet(wb, "名录", [["id", "name", "hq_region"], ["ss1", "共享字符串公司", "410700"]])


def _many_rows(wb: Workbook) -> None:
    _sheet(wb, "名录", [["id", "name"], ["r0", "行"]])  # rows added by _add_rows (fast)


def _add_rows(items: dict[str, bytes]) -> dict[str, bytes]:
    """260,000 rows (past the 250,000-row limit), written as XML directly: openpyxl is slow."""
    sheet = "xl/worksheets/sheet1.xml"
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>r%d</t></is></c></row>' % (n, n, n)
        for n in range(3, 260_003)
    )
    items[sheet] = items[sheet].replace(b"</sheetData>", rows + b"</sheetData>")
    return items


def _cluster_title_row(wb: Workbook) -> None:
    ws = _sheet(wb, "集群", [["产业集群名单"], ["集群名称", "园区", "地区代码"]])
    ws.append(["标题集群", "经开区", "410700"])
    ws.merge_cells("A1:C1")


def _same_day_stages(wb: Workbook) -> None:
    head = ["project_id", "name", "status", "status_date"]
    rows = [
        head,
        ["px-1", "同日项目", "在谈", "2013-01-15"],
        ["px-1", "同日项目", "签约", "2013-01-15"],
    ]
    _sheet(wb, "项目", rows)


def _same_name_as_stored_firm(wb: Workbook) -> None:
    # 本地正极 is the mini atlas's firm local-cathode: a warning naming sheet row 4
    ws = _sheet(wb, "名录", [["新乡市目标企业"], ["编号", "企业名称"], ["n1", "别家公司"]])
    ws.append(["n2", "本地正极"])
    ws.merge_cells("A1:B1")


def _unknown_region_under_title(wb: Workbook) -> None:
    # a project in a region the store does not hold, under a title row: sheet row 4
    head = ["project_id", "name", "region_code", "status", "status_date"]
    rows = [["重点项目表"], head, ["pr-1", "甲项目", "410700", "在谈", "2013-01-10"]]
    _sheet(wb, "项目", rows).append(["pr-2", "乙项目", "110101", "在谈", "2013-01-11"])


def _unknown_profile_firm(wb: Workbook) -> None:
    _sheet(wb, "信息库", [["enterprise", "status"], ["无此企业", "动力电池"]])


def _pasted_tables(wb: Workbook) -> None:
    head = ["编号", "企业名称", "总部地区"]
    _sheet(wb, "名录", [head, ["pt1", "上表公司", "410700"], head, ["pt2", "下表公司", "410700"]])


XLSX_FILES: dict[str, Callable[[Workbook], None]] = {
    "enterprises_two_pasted_tables.xlsx": _pasted_tables,
    "clusters_title_row.xlsx": _cluster_title_row,
    "projects_two_stages_same_day.xlsx": _same_day_stages,
    "profiles_unknown_enterprise.xlsx": _unknown_profile_firm,
    "enterprises_same_name_as_stored_firm_title_row.xlsx": _same_name_as_stored_firm,
    "projects_unknown_region_title_row.xlsx": _unknown_region_under_title,
    "enterprises_title_row.xlsx": _title_row,
    "enterprises_two_row_merged_header.xlsx": _two_row_merged_header,
    "enterprises_group_header_row.xlsx": _group_header_row,
    "enterprises_formulas_with_cached_values.xlsx": _formulas,
    "enterprises_formula_without_cached_value.xlsx": _formulas,
    "enterprises_formula_cached_error.xlsx": _formulas,
    "enterprises_shared_strings_like_excel.xlsx": _plain,
    "enterprises_50mb_name_in_shared_strings.xlsx": _plain,
    "enterprises_260k_rows.xlsx": _many_rows,
    "regions_numbers_export_table_title.xlsx": _numbers_export,
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


def shared_strings(items: dict[str, bytes]) -> dict[str, bytes]:
    """openpyxl's inline strings rewritten as a shared-strings table, as Excel and WPS write."""
    table: dict[bytes, int] = {}

    def shared(m: re.Match[bytes]) -> bytes:
        index = table.setdefault(m.group(2), len(table))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (m.group(1), index)

    for name in [n for n in items if n.startswith("xl/worksheets/")]:
        items[name] = re.sub(
            rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>', shared, items[name]
        )
    body = b"".join(b"<si><t>%s</t></si>" % t for t in table)
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    items["xl/sharedStrings.xml"] = b'<sst xmlns="%s" count="%d">%s</sst>' % (ns, len(table), body)
    kind = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>' % kind
    )
    rel = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    items["xl/_rels/workbook.xml.rels"] = items["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="%s" Target="sharedStrings.xml"/></Relationships>' % rel,
    )
    return items


def _cached_values(items: dict[str, bytes]) -> dict[str, bytes]:
    """Excel stores each formula's last result (<v>300</v>); openpyxl writes none."""
    sheet = "xl/worksheets/sheet1.xml"
    items[sheet] = re.sub(
        rb"<f>C(\d+)\*100</f><v\s*/>",
        lambda m: b"<f>C%s*100</f><v>%d</v>" % (m.group(1), (int(m.group(1)) + 1) * 100),
        items[sheet],
    )
    return items


def _cached_error(items: dict[str, bytes]) -> dict[str, bytes]:
    """A formula whose saved result is an error (#REF!), as Excel stores it."""
    sheet = "xl/worksheets/sheet1.xml"
    items[sheet] = re.sub(
        rb'<c r="D2"><f>C2\*100</f><v\s*/></c>',
        b'<c r="D2" t="e"><f>C2*100</f><v>#REF!</v></c>',
        items[sheet],
    )
    return _cached_values(items)


def _huge_name(items: dict[str, bytes]) -> dict[str, bytes]:
    items = shared_strings(items)
    name = "共享字符串公司".encode()
    items["xl/sharedStrings.xml"] = items["xl/sharedStrings.xml"].replace(name, b"N" * 50_000_000)
    return items


PATCHES: dict[str, Callable[[dict[str, bytes]], dict[str, bytes]]] = {
    "enterprises_formulas_with_cached_values.xlsx": _cached_values,
    "enterprises_formula_cached_error.xlsx": _cached_error,
    "enterprises_shared_strings_like_excel.xlsx": shared_strings,
    "enterprises_50mb_name_in_shared_strings.xlsx": _huge_name,
    "enterprises_260k_rows.xlsx": _add_rows,
}


def _patch(path: Path, patch: Callable[[dict[str, bytes]], dict[str, bytes]]) -> None:
    with zipfile.ZipFile(path) as src:
        items = {i.filename: src.read(i.filename) for i in src.infolist()}
    items = patch(items)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in items.items():
            out.writestr(name, data)


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
        if name in PATCHES:
            _patch(path, PATCHES[name])
        out.append(path)
    return out


if __name__ == "__main__":
    for p in make_xlsx(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(p)
