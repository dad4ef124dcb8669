"""Expected outcomes of the corpus files added for issue 17 (hostile and messy files).

``REFUSED``: file -> its flattened problem table, as ``tests/test_corpus.py``'s ``EXPECTED``
(warnings included: a refused file may also carry them). ``LOADED``: files that load, each with
the warnings it must give (kind, line or row, field as the file names it, value) — an empty
list is a good file Excel, WPS or Numbers writes that must load without a word.
"""

from __future__ import annotations

Table = list[tuple[str, int | None, str, str]]

LONG_SHOWN = "长" * 60  # a refused 100,000-character value is shown by its first 60
BAD_ROWS: Table = [("invalid-value", n, "revenue_100m_cny", "lots") for n in range(2, 102)]
# YAML read whole: the first 100 errors listed, then how many more (CHAINATLAS_MAX_PROBLEMS)
BAD_TIERS: Table = [("invalid-value", 5 + 3 * n, "tier", "sideways") for n in range(100)]
BAD_INVESTMENTS: Table = [
    ("invalid-value", n, "investment_100m_cny", "lots") for n in range(2, 102)
]
BAD_DATES: Table = [("invalid-value", n, "as_of", "2013-13-45") for n in range(2, 202, 2)]

REFUSED: dict[str, Table] = {
    "enterprises_excel_error_values.csv": [
        ("excel-error", 2, "name", "#N/A"),
        ("excel-error", 3, "hq_region", "#REF!"),
    ],
    "enterprises_formula_cached_error.xlsx": [("excel-error", 2, "employees", "#REF!")],
    "enterprises_excel_day_number_date.csv": [("invalid-value", 2, "as_of", "45292")],
    "enterprises_excel_97_2003.xls": [("bad-format", None, "", "")],
    "enterprises_html_table_saved_as.xls": [("bad-format", None, "", "")],
    "enterprises_password_protected.xlsx": [("bad-format", None, "", "")],
    "enterprises_three_million_empty_objects.json": [("too-large", None, "", "")],
    "enterprises_header_cell_100k_chars.csv": [("too-long", 1, "", LONG_SHOWN)],
    "clusters_half_million_values.yaml": [("too-large", None, "", "")],
    "enterprises_duplicate_key.json": [("bad-json", None, "name", "")],
    "enterprises_duplicate_key.jsonl": [("bad-json", 2, "name", "")],
    "clusters_deep_nesting.json": [("bad-json", 1, "", "")],
    "profiles_deep_nesting.json": [("bad-json", 1, "", "")],
    "profiles_unknown_enterprise.xlsx": [("unknown-reference", 2, "enterprise", "无此企业")],
    "regions_lat_out_of_range.jsonl": [("invalid-value", 1, "lat", "135.3")],
    "chain_100k_char_name.yaml": [("too-long", 1, "", "")],
    "chain_binary_tag.yaml": [("bad-yaml", 1, "", "!!binary")],
    "chain_duplicate_key.yaml": [("bad-yaml", 6, "tier", "")],
    "chain_merge_key.yaml": [("bad-yaml", 4, "<<", "")],
    "clusters_100k_char_name.yaml": [("too-long", 2, "", "")],
    "clusters_boolean_as_of.yaml": [("invalid-value", 2, "as_of", "True")],
    "enterprises_100k_char_name.csv": [("too-long", 2, "name", LONG_SHOWN)],
    "enterprises_100k_char_name.jsonl": [("too-long", 1, "name", LONG_SHOWN)],
    "enterprises_101_bad_rows.csv": [*BAD_ROWS, ("too-many-problems", 102, "", "")],
    "chain_130_segments_with_bad_tiers.yaml": [*BAD_TIERS, ("too-many-problems", 305, "", "")],
    "projects_120_bad_investments.yaml": [*BAD_INVESTMENTS, ("too-many-problems", 102, "", "")],
    "clusters_105_impossible_dates.yaml": [*BAD_DATES, ("too-many-problems", 202, "", "")],
    "enterprises_260k_rows.xlsx": [("too-large", None, "", "")],
    "enterprises_50mb_name_in_shared_strings.xlsx": [("too-large", None, "", "")],
    "enterprises_bom_gbk_rows_bad_revenue.csv": [
        ("mixed-encoding", 1, "", ""),
        ("invalid-value", 2, "revenue_100m_cny", "很多"),
    ],
    "enterprises_boolean_revenue.json": [("invalid-value", 1, "revenue_100m_cny", "True")],
    "enterprises_deep_nesting.json": [("bad-json", 1, "", "")],
    "enterprises_formula_without_cached_value.xlsx": [
        ("formula-without-value", 2, "employees", "=C2*100"),
        ("formula-without-value", 3, "employees", "=C3*100"),
    ],
    "enterprises_fullwidth_uscc_wrong_check_digit.csv": [
        ("cleaned-text", 2, "uscc", "９１３５０１００Ｍ０００１００Ｙ４４"),
        ("invalid-value", 2, "uscc", "91350100M000100Y44"),
    ],
    "enterprises_pasted_csvs_other_column_order.csv": [
        ("repeated-header", 3, "", "name,id,hq_region")
    ],
    "projects_boolean_investment.yaml": [("invalid-value", 2, "investment_100m_cny", "True")],
    "regions_100k_char_name.csv": [("too-long", 2, "name_zh", LONG_SHOWN)],
    "regions_deep_nesting.json": [("bad-json", 1, "", "")],
    "weak_links_100k_char_note.csv": [("too-long", 2, "说明", LONG_SHOWN)],
    "weak_links_two_pasted_lists_other_order.csv": [
        ("repeated-header", 3, "", "产业链,序号,环节,类型")
    ],
    # regions are checked against the GB/T 2260 table (issue 16): 99 is no province
    "clusters_unknown_region.csv": [("unknown-region", 2, "region_code", "990101")],
    "clusters_unknown_region.yaml": [("unknown-region", 2, "region_code", "990101")],
    "profiles_unknown_intention_region.yaml": [
        ("unknown-region", 2, "intentions[1].intention_region", "990101")
    ],
    "projects_unknown_region.csv": [("unknown-region", 2, "region_code", "990101")],
}

LOADED: dict[str, Table] = {
    "chain_segments_same_name_traditional.yaml": [
        ("probable-duplicate", 4, "name_zh", "锂电池隔膜")
    ],
    "enterprises_utf16_without_bom.csv": [("encoding", 1, "", "")],
    "enterprises_utf16_without_bom_over_64kb.txt": [("encoding", 1, "", "")],
    "enterprises_excel_leading_zero_formula.csv": [("cleaned-text", 2, "stock_code", '="002812"')],
    "enterprises_excel_sep_line.csv": [],
    "enterprises_two_pasted_tables.xlsx": [("repeated-header", 3, "", "编号, 企业名称, 总部地区")],
    "enterprises_traditional_name_of_stored_firm.csv": [
        ("probable-duplicate", 2, "name", "本地電芯")
    ],
    "clusters_title_row.xlsx": [("title-row", 2, "", "")],
    "profiles_future_as_of.csv": [("future-date", 2, "as_of", "2099-01-01")],
    "projects_investment_1e308.jsonl": [("implausible-amount", 1, "investment_100m_cny", "1e+308")],
    "projects_two_stages_same_day.xlsx": [("same-day-stages", 3, "status_date", "2013-01-15")],
    "weak_links_future_date.json": [("future-date", 1, "日期", "2099-04-19")],
    "chain_cr_only_line_endings.yaml": [],
    "chain_cross_tier_parent.yaml": [("cross-tier-parent", 4, "parent", "ti-a")],
    "chain_octal_looking_gbt_code.yaml": [],
    "chain_supply_cycle.yaml": [("supply-cycle", 9, "to", "cy-a")],
    "clusters_future_as_of.yaml": [("future-date", 1, "as_of", "2099-01-01")],
    "enterprises_case_duplicate_names.csv": [
        ("probable-duplicate", 3, "name", "SUNWODA ELECTRONIC")
    ],
    "enterprises_cr_only_line_endings.csv": [],
    "enterprises_employees_five_million.csv": [("implausible-amount", 2, "employees", "5000000")],
    "enterprises_formulas_with_cached_values.xlsx": [],
    "enterprises_fullwidth_name_duplicate.csv": [("probable-duplicate", 3, "name", "ABC电池公司")],
    "enterprises_fullwidth_uscc.csv": [
        ("cleaned-text", 2, "uscc", "９１３５０１００Ｍ０００１００Ｙ４３")
    ],
    "enterprises_future_date_2099.csv": [("future-date", 2, "as_of", "2099-01-01")],
    "enterprises_gb18030_four_byte_chars.csv": [],
    "enterprises_group_header_row.xlsx": [("title-row", 2, "", "")],
    "enterprises_mixed_line_endings.csv": [],
    "enterprises_quoted_tabs_and_newlines.csv": [],
    "enterprises_revenue_1e308.csv": [("implausible-amount", 2, "revenue_100m_cny", "1e308")],
    "enterprises_rtl_override_name.csv": [("cleaned-text", 2, "name", "甲\\u202e乙公司")],
    "enterprises_semicolon_separated.csv": [],
    "enterprises_shared_strings_like_excel.xlsx": [],
    "enterprises_title_row.xlsx": [("title-row", 2, "", "")],
    "enterprises_traditional_and_simplified_names.csv": [
        ("probable-duplicate", 3, "name", "比亚迪电池公司")
    ],
    "enterprises_two_pasted_csvs.csv": [("repeated-header", 3, "", "\\ufeffid,name,hq_region")],
    "enterprises_two_row_merged_header.xlsx": [("two-row-header", 2, "", "")],
    "enterprises_utf16_unicode_text_over_64kb.txt": [],
    "enterprises_utf16_unicode_text_small.txt": [],
    "enterprises_utf8_bom_then_gbk_rows.csv": [("mixed-encoding", 1, "", "")],
    "enterprises_zero_width_duplicate_names.csv": [
        ("cleaned-text", 2, "name", "甲\\u200b乙电池公司"),
        ("probable-duplicate", 3, "name", "甲乙电池公司"),
    ],
    "projects_future_status_date.csv": [("future-date", 2, "status_date", "2099-05-01")],
    "projects_investment_1e308.csv": [("implausible-amount", 2, "investment_100m_cny", "1e308")],
    "projects_octal_looking_id.yaml": [],
    "projects_two_stages_same_day.csv": [("same-day-stages", 3, "status_date", "2013-01-15")],
    "regions_gb18030.csv": [],
    "regions_numbers_export_table_title.xlsx": [("title-row", 2, "", "")],
    "weak_links_cr_only_line_endings.csv": [],
    "weak_links_future_date.csv": [("future-date", 2, "日期", "2099-04-19")],
    "weak_links_utf16_unicode_text.txt": [],
    # exactly the name of another firm: in the store (the mini atlas), or in the same file
    "enterprises_same_name_as_stored_firm.csv": [("probable-duplicate", 3, "name", "本地电芯")],
    "enterprises_same_full_name_as_stored_firm.jsonl": [
        ("probable-duplicate", 1, "full_name", "新乡本地正极材料有限公司")
    ],
    "enterprises_same_name_two_ids_one_file.csv": [
        ("probable-duplicate", 3, "name", "同名电池公司")
    ],
    "enterprises_same_name_as_stored_firm_title_row.xlsx": [
        ("title-row", 2, "", ""),
        ("probable-duplicate", 4, "name", "本地正极"),  # the sheet row, as Excel numbers it
    ],
    # a whole-record warning in a workbook names its sheet row
    "projects_unknown_region_title_row.xlsx": [
        ("title-row", 2, "", ""),
        ("unknown-region", 4, "region_code", "110101"),
    ],
    # bidi isolates, the Arabic letter mark, a soft hyphen, the Mongolian vowel separator
    "enterprises_bidi_isolates_and_invisible_marks.csv": [
        ("cleaned-text", 2, "name", "\\u2066甲\\u2069\\u061c乙\\xad公司"),
        ("cleaned-text", 3, "name", "丙\\u2067丁\\u2068公司\\u180e"),
    ],
}
