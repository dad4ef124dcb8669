"""The shipped GB/T 4754-2017 to Shenwan 2021 level-3 crosswalk (data/industry_crosswalk.csv):
its format, its codes, and that every class the sample chain maps use has a Shenwan home."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from chainatlas.loaders.chains import read_chain_map

from chainatlas.reference import shipped_path
from tests.conftest import SHARED_DATA, require

HEADER = ["gbt_code", "gbt_name", "shenwan_code", "shenwan_name", "note"]
GBT_TABLE = SHARED_DATA / "reference" / "gbt4754_2017" / "gbt4754_2017.csv"
SHENWAN = SHARED_DATA / "chainkg" / "industry.json"
# A chain-map class with no Shenwan industry is named in some row's note, e.g.
# "no Shenwan home: 1234, 5678", instead of getting a row of its own.
NO_HOME = re.compile(r"no Shenwan home: ([0-9, ]+)")


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    text = shipped_path("industry_crosswalk.csv").read_bytes().decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.reader(text.splitlines()))


def _body(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]


def test_header_and_fields(rows: list[list[str]]) -> None:
    assert rows[0] == HEADER
    assert len(rows) > 100
    for row in rows[1:]:
        assert len(row) == len(HEADER), row
        assert all(v == v.strip() for v in row), row
        assert row[1] and row[3], row


def test_codes_have_the_right_shape(rows: list[list[str]]) -> None:
    for row in _body(rows):
        assert re.fullmatch(r"\d{4}", row["gbt_code"]), row
        # Shenwan level 3: six digits, not a level-1 or level-2 code (those end in 00)
        assert re.fullmatch(r"\d{6}", row["shenwan_code"]), row
        assert not row["shenwan_code"].endswith("00"), row


def test_no_duplicate_pairs(rows: list[list[str]]) -> None:
    pairs = [(r["gbt_code"], r["shenwan_code"]) for r in _body(rows)]
    assert len(pairs) == len(set(pairs))


def test_one_name_per_code(rows: list[list[str]]) -> None:
    gbt: dict[str, set[str]] = {}
    shenwan: dict[str, set[str]] = {}
    for r in _body(rows):
        gbt.setdefault(r["gbt_code"], set()).add(r["gbt_name"])
        shenwan.setdefault(r["shenwan_code"], set()).add(r["shenwan_name"])
    assert all(len(v) == 1 for v in gbt.values())
    assert all(len(v) == 1 for v in shenwan.values())


def test_every_chain_map_class_is_covered(rows: list[list[str]]) -> None:
    body = _body(rows)
    covered = {r["gbt_code"] for r in body}
    for r in body:
        for listed in NO_HOME.findall(r["note"]):
            covered.update(re.findall(r"\d{4}", listed))
    used: set[str] = set()
    for path in sorted(Path(shipped_path("chains")).glob("*.yaml")):
        report = read_chain_map(path)
        assert report.ok, path
        used.update(c for atlas in report.valid for s in atlas.segments for c in s.gbt_codes)
    assert len(used) > 100
    assert sorted(used - covered) == []


def test_codes_and_names_match_the_standards(rows: list[list[str]]) -> None:
    require(GBT_TABLE.is_file(), f"the GB/T 4754-2017 table is not at {GBT_TABLE}")
    require(SHENWAN.is_file(), f"the Shenwan industry list is not at {SHENWAN}")
    with GBT_TABLE.open(encoding="utf-8", newline="") as f:
        classes = {r["code"]: r["name"] for r in csv.DictReader(f) if r["level"] == "3"}
    with SHENWAN.open(encoding="utf-8") as f:
        industries = {d["code"]: d["name"] for d in map(json.loads, f) if d.get("code")}
    for r in _body(rows):
        assert classes.get(r["gbt_code"]) == r["gbt_name"], r
        assert industries.get(r["shenwan_code"]) == r["shenwan_name"], r
