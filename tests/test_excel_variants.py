"""Files Excel, WPS and Numbers really write are read right, not just without an error.

The corpus (``tests/test_corpus.py``) checks each file's problems and warnings; here the
records read from the variants are checked field by field.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.model import Atlas
from chainatlas.loaders import LoadContext, detect_kind, read_file
from chainatlas.loaders.tabular import decode_bytes

from tests.corpus.make_xlsx import make_xlsx

CORPUS = Path(__file__).resolve().parent / "corpus"
OFF = LoadContext(check_references=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("variants")
    make_xlsx(folder)
    return folder


def atlas(path: Path) -> Atlas:
    report = read_file(path, detect_kind(path), OFF)
    assert report.ok, [str(p) for p in report.problems]
    return report.valid[0]


def firms(path: Path) -> list[tuple[str, str]]:
    return [(e.id, e.name) for e in atlas(path).enterprises]


@pytest.mark.parametrize(
    "name",
    [
        "enterprises_cr_only_line_endings.csv",
        "enterprises_mixed_line_endings.csv",
    ],
)
def test_old_mac_and_mixed_line_endings(name: str) -> None:
    ids = [i for i, _ in firms(CORPUS / name)]
    assert ids in (["c1", "c2"], ["m1", "m2"])
    assert [e.revenue_100m_cny for e in atlas(CORPUS / name).enterprises] == [12.0, 3.0]


def test_tabs_and_newlines_inside_quoted_cells_stay_in_their_cell() -> None:
    (firm,) = atlas(CORPUS / "enterprises_quoted_tabs_and_newlines.csv").enterprises
    assert firm.name == "甲\t新材料公司" and firm.hq_region == "410700"
    assert firm.products == ["隔膜", "涂覆隔膜"]


def test_utf16_unicode_text_of_any_size() -> None:
    big = CORPUS / "enterprises_utf16_unicode_text_over_64kb.txt"
    assert big.stat().st_size > 64 * 1024
    loaded = firms(big)
    assert len(loaded) == 3000 and loaded[-1] == ("big2999", "大表公司2999")
    assert firms(CORPUS / "enterprises_utf16_unicode_text_small.txt") == [("u1", "甲公司")]


def test_gb18030_four_byte_characters() -> None:
    assert firms(CORPUS / "enterprises_gb18030_four_byte_chars.csv") == [("g1", "𠀾𡈽新材料公司")]


def test_a_utf8_bom_before_gbk_rows_keeps_the_id_column() -> None:
    path = CORPUS / "enterprises_utf8_bom_then_gbk_rows.csv"
    assert firms(path) == [("b1", "甲公司"), ("b2", "乙公司")]
    text, encoding = decode_bytes(path.read_bytes())
    assert text.startswith("id,") and "BOM" in encoding


def test_two_pasted_csvs_load_every_row_once() -> None:
    assert firms(CORPUS / "enterprises_two_pasted_csvs.csv") == [("p1", "甲公司"), ("p2", "乙公司")]


def test_two_row_merged_header(made: Path) -> None:
    (firm,) = atlas(made / "enterprises_two_row_merged_header.xlsx").enterprises
    assert (firm.name, firm.revenue_100m_cny, firm.employees) == ("两行表头公司", 12.0, 300)


def test_group_header_row_above_the_header(made: Path) -> None:
    assert firms(made / "enterprises_group_header_row.xlsx") == [("gh1", "分组表头公司")]


def test_formulas_read_their_cached_values(made: Path) -> None:
    loaded = atlas(made / "enterprises_formulas_with_cached_values.xlsx").enterprises
    assert [e.employees for e in loaded] == [300, 400]


def test_a_formula_without_a_cached_value_is_refused_by_cell(made: Path) -> None:
    path = made / "enterprises_formula_without_cached_value.xlsx"
    report = read_file(path, "enterprises", OFF)
    first = report.errors[0]
    assert (first.row, first.field, first.value) == (2, "employees", "=C2*100")
    assert "cell D2" in first.message and "save it" in first.message


def test_shared_strings_as_excel_writes_them(made: Path) -> None:
    assert firms(made / "enterprises_shared_strings_like_excel.xlsx") == [("ss1", "共享字符串公司")]


def test_numbers_table_title(made: Path) -> None:
    (region,) = atlas(made / "regions_numbers_export_table_title.xlsx").regions
    assert (region.code, region.name_zh) == ("410782", "辉县市")


def test_yaml_keeps_leading_zeros_as_written() -> None:
    (segment,) = atlas(CORPUS / "chain_octal_looking_gbt_code.yaml").segments
    assert segment.gbt_codes == ["0123"]
    (project,) = atlas(CORPUS / "projects_octal_looking_id.yaml").projects
    assert project.id == "0123"


def test_a_semicolon_separated_file_with_decimal_commas() -> None:
    (firm,) = atlas(CORPUS / "enterprises_semicolon_separated.csv").enterprises
    assert firm.name == "甲公司" and firm.hq_region == "410700"


def test_messages_say_what_to_do(tmp_path: Path) -> None:
    boolean = read_file(CORPUS / "enterprises_boolean_revenue.json", "enterprises", OFF)
    assert "write the amount as digits" in boolean.errors[0].message
    tag = read_file(CORPUS / "chain_python_object_tag.yaml", "chain", OFF)
    assert "delete the tag" in tag.errors[0].message
    assert "YAML syntax error" not in tag.errors[0].message
    wide = read_file(CORPUS / "enterprises_fullwidth_uscc.csv", "enterprises", OFF)
    assert wide.ok and wide.valid[0].enterprises[0].uscc == "91350100M000100Y43"
    assert "check the value" in wide.problems[0].message


def test_excel_leading_zero_cells_and_day_numbers() -> None:
    (firm,) = atlas(CORPUS / "enterprises_excel_leading_zero_formula.csv").enterprises
    assert firm.stock_code == "002812"
    report = read_file(CORPUS / "enterprises_excel_day_number_date.csv", "enterprises", OFF)
    assert "format the column as a date" in report.errors[0].message
