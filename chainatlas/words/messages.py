"""The CLI's own messages and its one-line answers."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # the CLI's own messages
    "err.format": (
        "--format {fmt!r} 不可用；可选：{allowed}",
        "--format {fmt!r} is not one of {allowed}",
    ),
    "err.extension": (
        "{path}：无法写入 {ext!r} 文件；请用以下扩展名之一：{allowed}",
        "{path}: cannot write {ext!r} files; name it with one of {allowed}",
    ),
    "err.contradicts": (
        "--format {fmt} 与 -o {path} 矛盾；去掉 --format，或将文件命名为 .{fmt}",
        "--format {fmt} contradicts -o {path} (a .{ext} file); drop --format or name the "
        "file .{fmt}",
    ),
    "err.csv_one_table": (
        "CSV 只能容纳一张表，此结果有 {n} 张；请用 {allowed}",
        "a CSV file holds one table and this answer has {n}; use {allowed}",
    ),
    "err.review": (
        "--review 写出 CSV：请将文件命名为 .csv",
        "--review writes CSV: name the file .csv",
    ),
    "err.init": (
        "请给出 --region 地区、--lang zh|en 或两者",
        "give --region CODE, --lang zh|en or both",
    ),
    "err.segment_or_query": (
        "请给出 --segment 环节 或 --query 文本",
        "give --segment ID or --query TEXT",
    ),
    "err.chain_or_all": (
        "请给出 --chain 产业链（可重复）或 --all",
        "give --chain ID (repeatable) or --all",
    ),
    "no_candidates": (
        "{region} 以外没有 {gap!r} 的候选企业：数据库中没有与之匹配的产品、环节或行业；"
        "请换更短或更宽的词，或加 --explain",
        "no candidate outside {region} for {gap!r}: no product, segment or industry the store "
        "holds matches it; try a shorter or broader term, or --explain",
    ),
    "no_chains": (
        "数据库中没有产业链；请先载入产业链图谱（chainatlas load）",
        "no chains in the store; load a chain map (chainatlas load)",
    ),
    "no_targets": (
        "{chain} 没有目标企业：没有缺口在本地区以外找到候选企业",
        "no targets for {chain}: no gap has a candidate outside the region",
    ),
    "no_clusters": (
        "数据库中没有产业集群；请载入集群文件（chainatlas load）",
        "no clusters in the store; load a clusters file (chainatlas load)",
    ),
    "home_region": ("本地区：{code}（数据库 {store}）", "home region: {code} (store {store})"),
    "lang_set": ("默认语言：{lang}", "default language: {lang}"),
    "loaded": ("已载入 {file}（{kind}）：{n} 条记录", "loaded {file} ({kind}): {n} records"),
    "warning": ("警告：{text}", "warning: {text}"),
}
