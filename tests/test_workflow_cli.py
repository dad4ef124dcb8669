"""The workflow commands as a planner runs them, then the state checked through the API."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from chainatlas.queries.clusters import list_clusters
from chainatlas.queries.pipeline import quarterly_report
from chainatlas.queries.profiles import enterprise_profile
from openpyxl import load_workbook

from chainatlas import cluster_report
from chainatlas.api import open_store
from tests.cli_support import run
from tests.conftest import MINI

WF = Path(__file__).resolve().parent / "fixtures" / "workflow"


def test_stats_reflects_each_load(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "stats", "--json")
    assert code == 0 and set(json.loads(out).values()) == {0}
    code, _, err = run(tmp_path, "load", *map(str, sorted(MINI.iterdir())))
    assert code == 0, err
    code, _, err = run(tmp_path, "load", str(WF / "projects_q1.csv"), str(WF / "profiles.yaml"))
    assert code == 0, err
    code, out, _ = run(tmp_path, "stats", "--json")
    counts = json.loads(out)
    assert counts == open_store(str(tmp_path)).stats()
    assert (counts["Chain"], counts["Enterprise"], counts["Project"], counts["Profile"]) == (
        1,
        7,
        2,
        1,
    )
    assert counts["BY"] == 2 and counts["FILLS"] == 2
    code, _, err = run(tmp_path, "load", str(WF / "projects_q2.csv"))
    assert code == 0, err
    after = json.loads(run(tmp_path, "stats", "--json")[1])
    assert after["Project"] == 3 and after["Profile"] == 1
    assert {k: v for k, v in after.items() if k not in {"Project", "BY", "FILLS"}} == {
        k: v for k, v in counts.items() if k not in {"Project", "BY", "FILLS"}
    }


def test_stats_of_the_sample(sample: Path) -> None:
    counts = json.loads(run(sample, "stats", "--json")[1])
    assert (counts["Cluster"], counts["Project"], counts["Profile"]) == (8, 24, 32)
    assert counts["MEMBER_OF"] == sum(len(c.member_ids) for c in open_store(str(sample)).clusters())


def test_report_quarterly_markdown(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "q2.md"
    code, stdout, err = run(sample, "report", "quarterly", "--quarter", "2013Q2", "-o", str(out))
    assert code == 0, err
    assert stdout.strip() == f"已写入 {out}"
    text = out.read_text(encoding="utf-8")
    for heading in (
        "一、项目分阶段情况",
        "四、停滞项目（90 天以上无进展）",
        "七、责任单位考核记分",
    ):
        assert f"## {heading}" in text
    assert "| 获嘉县 | 六氟磷酸锂项目 | 获嘉县县长 | 在谈 | 2013-01-08 | 173 |" in text
    code, stdout, _ = run(
        sample, "report", "quarterly", "--quarter", "2013Q2", "--stalled-days", "150"
    )
    assert code == 0 and "150 天以上无进展 1 个" in stdout


def test_report_quarterly_json_equals_the_api(sample: Path) -> None:
    code, out, _ = run(sample, "report", "quarterly", "--quarter", "2013Q3", "--json")
    assert code == 0
    expected = quarterly_report(open_store(str(sample)), "2013Q3")
    assert json.loads(out) == expected.model_dump(mode="json")


def test_report_quarterly_xlsx(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "q2.xlsx"
    code, _, err = run(
        sample, "report", "quarterly", "--quarter", "2013Q2", "-f", "xlsx", "-o", str(out)
    )
    assert code == 0, err
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == [
        "分阶段",
        "责任单位分布",
        "阶段变化",
        "停滞项目",
        "投产补链",
        "现场观摩",
        "考核记分",
        "项目明细",
        "说明",
    ]
    rows = list(wb["投产补链"].iter_rows(values_only=True))
    assert rows[0] == ("补链环节", "官方清单", "项目", "责任单位", "投产日期")
    assert rows[1] == ("制冷阀件", "缺项", "制冷阀件项目", "牧野区", datetime(2013, 6, 10))


def test_report_escapes_names_in_markdown(tmp_path: Path) -> None:
    run(tmp_path, "load", *map(str, sorted(MINI.iterdir())))
    evil = tmp_path / "evil.csv"
    evil.write_text(
        "project_id,name,status,status_date,responsible_unit\n"
        "p-x,A|B *<b>项目</b>,推介,2013-04-02,=HYPERLINK()\n",
        encoding="utf-8",
    )
    assert run(tmp_path, "load", str(evil))[0] == 0
    code, out, _ = run(tmp_path, "report", "quarterly", "--quarter", "2013Q2")
    assert code == 0
    assert r"A\|B \*&lt;b&gt;项目&lt;/b&gt;" in out and "<b>" not in out
    xlsx = tmp_path / "r.xlsx"
    run(tmp_path, "report", "quarterly", "--quarter", "2013Q2", "-f", "xlsx", "-o", str(xlsx))
    cell = load_workbook(xlsx)["项目明细"]["A2"].value
    assert cell == "'=HYPERLINK()"


def test_report_errors_are_one_line(sample: Path, tmp_path: Path) -> None:
    code, _, err = run(sample, "report", "quarterly", "--quarter", "2013Q5", "--lang", "en")
    assert code == 1
    assert (
        err.strip() == "error: quarter '2013Q5' is not a quarter; write it as YYYYQn, e.g. 2013Q2"
    )
    code, _, err = run(tmp_path, "report", "quarterly", "--quarter", "2013Q2", "--lang", "en")
    assert code == 1 and "no projects in the store" in err


def test_profile_terminal_md_and_json(sample: Path, tmp_path: Path) -> None:
    code, out, err = run(sample, "profile", "宁德时代")
    assert code == 0, err
    for text in ("曾毓群", "对接记录", "可补 新乡市 (410700) 的弱项缺项", "动力电池系统及储能项目"):
        assert text in out
    md = tmp_path / "catl.md"
    assert run(sample, "profile", "catl", "--format", "md", "-o", str(md))[0] == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# 宁德时代 目标企业信息")
    assert "| 2013-05-18 | 市政府 | 会谈 | 公司高层 | 签订投资协议 |" in text
    code, out, _ = run(sample, "profile", "CATL", "--json")
    assert code == 0
    expected = enterprise_profile(open_store(str(sample)), "CATL", "410700")
    assert json.loads(out) == expected.model_dump(mode="json")


def test_profile_unknown_firm(sample: Path) -> None:
    code, _, err = run(sample, "profile", "不存在的公司", "--lang", "en")
    assert code == 1 and err.startswith("error: enterprise '不存在的公司' not found")


def test_clusters_list_and_one_cluster(sample: Path) -> None:
    code, out, _ = run(sample, "clusters", "--json")
    assert code == 0
    expected = list_clusters(open_store(str(sample)), "410700")
    assert json.loads(out) == [c.model_dump(mode="json") for c in expected]
    code, out, _ = run(sample, "clusters")
    assert (
        code == 0
        and "新乡制冷家电产业集群\txx-refrigeration\t新乡高新技术产业开发区\t4\t7\t" in out
    )
    code, out, _ = run(sample, "clusters", "xx-refrigeration", "--json")
    data = json.loads(out)
    assert list(data) == ["coverage", "candidates"]
    assert data == cluster_report(open_store(str(sample)), "xx-refrigeration").model_dump(
        mode="json"
    )
    assert data["coverage"]["cluster_id"] == "xx-refrigeration"
    assert data["candidates"][0]["gap_count"] >= 3
    code, _, err = run(sample, "clusters", "nope", "--lang", "en")
    assert code == 1 and err.startswith("error: cluster 'nope' not found; known: xx-")


def test_cluster_firms_are_ranked_by_score(sample: Path) -> None:
    code, out, _ = run(sample, "clusters", "xx-refrigeration", "--lang", "en")
    assert code == 0
    part = out.split("# firms that would strengthen it\n", 1)[1].splitlines()
    assert part[0] == "rank\tfirm\tgaps filled\tscore"
    rows = [line.split("\t") for line in part[1:] if "\t" in line]
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1)) and len(rows) >= 3
    scores = [float(r[3]) for r in rows]
    assert scores == sorted(scores, reverse=True)
