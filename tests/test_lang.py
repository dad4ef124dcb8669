"""One language at a time: with --lang en no Chinese outside names, with --lang zh none of the
catalogue's English words; the store's language is the default, Chinese when none is set."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from chainatlas import open_store
from chainatlas.cli import app
from chainatlas.words import WORDS
from tests.cli_support import run, runner
from tests.test_outputs import COMMANDS

CJK = re.compile(r"[\u3400-\u9fff]")
#: the catalogue's Chinese and English texts (and value slugs): words, never names
VOCAB = {t for pair in WORDS.values() for t in pair} | {k.split(".", 1)[-1] for k in WORDS}
#: the catalogue's English words a Chinese output must not hold
ENGLISH = sorted(
    {w.lower() for _, en in WORDS.values() for w in re.findall(r"[A-Za-z]{4,}", en)}
    - {"chainatlas", "json", "html", "xlsx", "region", "chain", "format", "lang", "help", "file"}
)


#: fields of the answers the queries write in English, which the surface translates
TRANSLATED = {"evidence", "reasons", "message"}


def _names_in_translated(data: Any, key: str = "") -> set[str]:
    """The Chinese names (products, search terms) inside the English evidence."""
    if isinstance(data, dict):
        return {s for k, v in data.items() for s in _names_in_translated(v, k)}
    if isinstance(data, list):
        return {s for v in data for s in _names_in_translated(v, key)}
    if key in TRANSLATED and isinstance(data, str):
        return set(re.findall(r"[\u3400-\u9fff][^;:,()]*[\u3400-\u9fff)]|[\u3400-\u9fff]", data))
    return set()


def _leaves(data: Any, key: str = "") -> set[str]:
    """Every stored text of an answer (names, notes, sources), but not what is translated."""
    if key in TRANSLATED:
        return set()
    if isinstance(data, dict):
        return {k for k in data if isinstance(k, str)} | {
            s for k, v in data.items() for s in _leaves(v, k)
        }
    if isinstance(data, list):
        return {s for v in data for s in _leaves(v, key)}
    return {data} if isinstance(data, str) else set()


@pytest.fixture(scope="module")
def store_names(sample: Path) -> set[str]:
    store = open_store(str(sample))
    names = {r.name_zh for r in store.regions()}
    names |= {c.name_zh for c in store.chains()} | {s.name_zh for s in store.segments()}
    names |= {e.name for e in store.enterprises()} | {e.full_name for e in store.enterprises()}
    names |= {c.name for c in store.clusters()}
    return names


def _outputs(sample: Path, tmp_path: Path, args: list[str], lang: str) -> str:
    """The printed table, Markdown and every cell and sheet name of the XLSX, as one text."""
    texts = []
    for extra in ([], ["-f", "md"]):
        code, out, err = run(sample, *args, "--lang", lang, *extra)
        assert code == 0, err
        texts.append(out)
    path = tmp_path / f"{lang}.xlsx"
    assert run(sample, *args, "--lang", lang, "-o", str(path))[0] == 0
    wb = load_workbook(path)
    texts += wb.sheetnames
    texts += [
        str(c) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r if c
    ]
    return "\n".join(texts).replace("\\", "")  # Markdown's escapes: names as they are


def _english_words(text: str) -> list[str]:
    low = text.lower()
    return [w for w in ENGLISH if re.search(rf"(?<![a-z_-]){w}(?![a-z_-])", low)]


def _without_names(text: str, names: set[str], *, keep_words: bool = True) -> str:
    """``text`` without ``names`` (those that are also words of the catalogue kept, unless
    ``keep_words`` is false: then every name goes)."""
    for name in sorted(
        (n for n in names if n and (n not in VOCAB or not keep_words)), key=len, reverse=True
    ):
        text = text.replace(name, " ")
    return text


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_one_language_at_a_time(
    sample: Path, tmp_path: Path, store_names: set[str], name: str
) -> None:
    args = COMMANDS[name]
    answer = json.loads(run(sample, *args, "--json")[1])
    names = store_names | _leaves(answer) | _names_in_translated(answer)
    english = _without_names(_outputs(sample, tmp_path, args, "en"), names)
    assert not CJK.findall(english), sorted(
        {m.group(0) for m in re.finditer(r".{0,12}[\u3400-\u9fff]+.{0,12}", english)}
    )[:10]
    chinese = _without_names(_outputs(sample, tmp_path, args, "zh"), names).lower()
    found = _english_words(chinese)
    assert not found, [
        m.group(0) for w in found[:5] for m in re.finditer(rf".{{0,20}}{w}.{{0,20}}", chinese)
    ][:10]


def test_the_store_language_is_the_default(sample: Path, tmp_path: Path) -> None:
    code, out, _ = run(sample, "gaps", "--chain", "battery-ev")
    assert code == 0 and out.splitlines()[1].startswith("产业链\t环节编号")
    assert run(sample, "init", "--lang", "en")[0] == 0
    try:
        assert open_store(str(sample)).settings()["lang"] == "en"
        code, out, _ = run(sample, "gaps", "--chain", "battery-ev")
        assert out.splitlines()[1].startswith("chain\tsegment id")
        code, out, _ = run(sample, "gaps", "--chain", "battery-ev", "--lang", "zh")
        assert out.splitlines()[1].startswith("产业链\t环节编号")  # --lang wins
        code, _, err = run(sample, "gaps", "--chain", "nope")  # errors follow the store too
        assert code == 1 and err.startswith("error: chain 'nope' is not in the atlas; known: ")
        code, _, err = run(sample, "gaps", "--chain", "nope", "--lang", "zh")
        assert code == 1 and err.startswith("错误：产业链 'nope' 不在图谱中；已有：")
    finally:
        assert run(sample, "init", "--lang", "zh")[0] == 0
    code, _, err = run(sample, "gaps", "--chain", "battery-ev", "--lang", "fr")
    assert code == 2 and "'fr' is not zh or en" in err


def test_the_cli_own_messages_follow_the_language(sample: Path) -> None:
    code, _, err = run(sample, "candidates", "--lang", "en")
    assert (code, err) == (2, "error: give --segment ID or --query TEXT\n")
    code, _, err = run(sample, "candidates")
    assert (code, err) == (2, "错误：请给出 --segment 环节 或 --query 文本\n")
    code, _, err = run(sample, "targets", "--lang", "en")
    assert (code, err) == (2, "error: give --chain ID (repeatable) or --all\n")


#: commands that look after the store, each with --json (its values are data, not words)
STORE_COMMANDS: dict[str, list[str]] = {
    "history": ["history"],
    "freshness": ["freshness"],
    "formats": ["formats", "weak_links"],
    "stats": ["stats"],
}
WIDE = {"COLUMNS": "400"}  # rich tables print each row on one line: names stay whole


def _values(data: Any) -> set[str]:
    """Every string value of an answer (not its keys), and each of its comma-separated parts."""
    if isinstance(data, dict):
        return {s for v in data.values() for s in _values(v)}
    if isinstance(data, list):
        return {s for v in data for s in _values(v)}
    if isinstance(data, str):
        parts = {p.strip() for p in re.split(r"[,，、]", data)}
        return {data, *parts, *(p.rsplit("/", 1)[-1] for p in parts)}  # a file by its name
    return set()


def run_wide(store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args], env=WIDE)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", sorted(STORE_COMMANDS))
def test_store_commands_speak_one_language(sample: Path, store_names: set[str], name: str) -> None:
    args = STORE_COMMANDS[name]
    code, answer, _ = run_wide(sample, *args, "--json")
    assert code == 0
    values = _values(json.loads(answer))  # the data (a Chinese header the loader accepts too)
    code, en, err = run_wide(sample, *args, "--lang", "en")
    assert code == 0, err
    en = _without_names(en, store_names | values, keep_words=False)
    assert en.strip() and not CJK.findall(en), sorted(
        set(re.findall(r".{0,12}[\u3400-\u9fff]+", en))
    )
    code, zh, err = run_wide(sample, *args, "--lang", "zh")
    assert code == 0, err
    zh = _without_names(zh, store_names | values, keep_words=False)  # field keys are data too
    assert CJK.findall(zh)
    found = _english_words(zh.lower())
    assert not found, [m.group(0) for w in found[:5] for m in re.finditer(rf".{{0,20}}{w}", zh)]


#: bad input on the README's commands: each a one-line error
BAD_INPUT: dict[str, list[str]] = {
    "bad region": ["gaps", "--chain", "battery-ev", "--region", "999999"],
    "bad region name": ["targets", "--chain", "battery-ev", "--region", "Atlantis"],
    "bad chain": ["gaps", "--chain", "nope"],
    "bad chain (targets)": ["targets", "--chain", "nope"],
    "bad quarter": ["report", "quarterly", "--quarter", "2013Q5"],
    "missing file": ["load", "/nonexistent/nope.csv"],
    "unknown firm": ["profile", "nobody-at-all"],
    "unknown cluster": ["clusters", "nope"],
    "unknown segment": ["candidates", "--segment", "nope"],
    "bad age": ["freshness", "--older-than", "soon"],
    "bad kind to remove": ["remove", "widgets", "x"],
    "bad soe industry": ["soe", "--industry", "zzzz"],
    "explore without html": ["explore", "--chain", "battery-ev", "-o", "map.png"],
    "explore unknown name": ["explore", "--around", "nothing-here", "-o", "map.html"],
    "output extension": ["gaps", "--chain", "battery-ev", "-o", "gaps.docx"],
}
#: what a message quotes as it must be typed: commands, ids, formats, the values an option takes
_COMMANDS_IN_TEXT = re.compile(
    r"`[^`]*`|chainatlas [\w -]+|YYYYQn|GB/T \d+|CHAINATLAS_\w+|\w+[-_][\w-]+|之一：.*"
    r"|(?:/[\w.-]+)+"
)
#: a Chinese name with its English or its code beside: 纺织 (Textiles), 新乡市 (410700)
_NAME_GLOSSED = re.compile(r"[\u3400-\u9fff][^()（）;,]*\s*\([^)]*\)")


@pytest.mark.parametrize("name", sorted(BAD_INPUT))
def test_errors_on_bad_input_speak_one_language(
    sample: Path, tmp_path: Path, store_names: set[str], name: str
) -> None:
    args = [
        a if not a.endswith((".png", ".html", ".docx")) else str(tmp_path / a)
        for a in BAD_INPUT[name]
    ]
    code, _, en = run_wide(sample, *args, "--lang", "en")
    assert code == 1 and en.count("\n") == 1 and en.startswith("error: "), en
    text = _NAME_GLOSSED.sub(" ", _without_names(en, store_names))
    assert not CJK.findall(text), text
    code, _, zh = run_wide(sample, *args, "--lang", "zh")
    assert code == 1 and zh.count("\n") == 1 and zh.startswith("错误："), zh
    text = _COMMANDS_IN_TEXT.sub(" ", _NAME_GLOSSED.sub(" ", _without_names(zh, store_names)))
    assert not re.search(r"[A-Za-z]{4,}[ ,]+[A-Za-z]{4,}", text), zh  # no English sentence
    assert not _english_words(text.lower()), zh
    code, _, default = run_wide(sample, *args)  # the store sets no language: Chinese
    assert default == zh


def test_load_problems_summary_in_chinese(tmp_path: Path) -> None:
    """A file whose problems the catalogue knows: each line in one language."""
    store = tmp_path / "store"
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    code, _, zh = run(store, "load", str(empty))
    assert code == 1 and zh == f"错误：{empty}：文件为空；请确认选对了文件\n"
    code, _, en = run(store, "load", str(empty), "--lang", "en")
    assert en == f"error: {empty}: the file is empty; check that you picked the right file\n"
    registry = tmp_path / "registry.csv"
    registry.write_text("id,name,hq_region\ne1,,410700\ne2,,410700\n", encoding="utf-8")
    code, _, zh = run(store, "load", str(registry))
    first, second = zh.splitlines()
    assert code == 1 and first == (
        f"错误：{registry} 第 2 行，字段 'name'：缺少企业名称；请填写 [missing-value]（另有 1 个问题）"
    )
    assert second == f"  {registry} 第 3 行，字段 'name'：缺少企业名称；请填写 [missing-value]"
    code, _, en = run(store, "load", str(registry), "--lang", "en")
    assert en.splitlines()[0] == (
        f"error: {registry}, line 2, field 'name': name is required; fill in the firm's name "
        "[missing-value] (and 1 more problems)"
    )


def test_explore_page_in_each_language(sample: Path, tmp_path: Path) -> None:
    from tests.test_explorer import _page_words

    pages = {}
    for lang in ("zh", "en"):
        out = tmp_path / f"{lang}.html"
        code, said, err = run(
            sample, "explore", "--chain", "battery-ev", "-o", str(out), "--lang", lang
        )
        assert code == 0, err
        pages[lang] = _page_words(out.read_text(encoding="utf-8"))
        assert said.startswith("已写入") if lang == "zh" else said.startswith("wrote"), said
    region = re.compile(r"[\u3400-\u9fff]+ \(\d{6}\)")
    assert not [w for w in pages["en"] if CJK.search(region.sub("", w))]
    assert not _english_words(" ".join(pages["zh"]).lower())


def test_writes_and_their_undo_speak_one_language(tmp_path: Path) -> None:
    """load, load --dry-run, remove and undo: what they print, in each language."""
    from tests.conftest import MINI

    files = [str(p) for p in sorted(MINI.iterdir())]
    outputs: dict[str, list[str]] = {"zh": [], "en": []}
    for lang in ("zh", "en"):
        store = tmp_path / lang
        for args in (
            ["load", *files],
            ["load", "--replace", "--dry-run", *files],
            ["remove", "firms", "big-cells"],
            ["undo"],
            ["init", "--region", "410700"],
        ):
            code, out, err = run_wide(store, *args, "--lang", lang)
            assert code == 0, (args, err)
            outputs[lang].append(out)
    store = open_store(str(tmp_path / "zh"))
    names = {e.name for e in store.enterprises()} | {s.name_zh for s in store.segments()}
    names |= {c.name_zh for c in store.chains()} | {r.name_zh for r in store.regions()}
    names |= {p.name for p in store.projects()} | {c.name for c in store.clusters()}
    english = _without_names("\n".join(outputs["en"]), names, keep_words=False)
    assert "removed" in english and "undid" in english
    assert not CJK.findall(english), sorted(set(re.findall(r".{0,12}[\u3400-\u9fff]+", english)))
    chinese = _without_names("\n".join(outputs["zh"]), names, keep_words=False)
    assert "已删除" in chinese and "已撤销" in chinese and "已载入" in chinese
    # left: ids, file names and labels of the data (big-cells, mini-battery, *.yaml)
    chinese = re.sub(r"[\w./-]*[-_./][\w./-]+", " ", chinese).replace(
        "remove firms", " "
    )  # a command
    assert not re.search(r"[A-Za-z]{4,}[ ,]+[A-Za-z]{4,}", chinese), chinese
    assert not _english_words(chinese.lower()), _english_words(chinese.lower())


def test_revenue_in_english_is_in_billions(sample: Path) -> None:
    """The queries write a firm's scale in 亿元; in English it reads as CNY billions."""
    from chainatlas.words import explain

    assert explain("revenue 240 亿元; HQ 深圳市", "en") == "revenue CNY 24 bn; HQ 深圳市"
    assert explain("revenue 14,190 亿元", "en") == "revenue CNY 1,419 bn"
    assert explain("revenue 240 亿元", "zh") == "营业收入 240 亿元"
    code, out, _ = run(
        sample, "candidates", "--query", "锂电池", "-n", "10", "--explain", "--lang", "en"
    )
    assert code == 0 and "CNY" in out and "亿元" not in out


def test_list_memberships_by_name_in_each_language(sample: Path) -> None:
    code, zh, _ = run(sample, "targets", "--chain", "battery-ev", "-n", "3")
    assert code == 0 and "《财富》世界500强 2025 第" in zh and "名 (fortune_global500)" in zh
    code, en, _ = run(sample, "targets", "--chain", "battery-ev", "-n", "3", "--lang", "en")
    assert code == 0 and "Fortune Global 500 2025 #" in en and "《财富》" not in en
