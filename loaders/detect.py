"""Recognise what a file holds from its content, not its name."""

from __future__ import annotations

from pathlib import Path

from chainatlas.errors import LoadError
from chainatlas.loaders.tabular import decode_bytes, normalise_header

__all__ = ["detect_kind", "KINDS"]

KINDS = ("regions", "chain", "enterprises", "weak_links", "clusters", "projects", "profiles")


def _header_words(path: Path) -> set[str]:
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise LoadError(f"{path}: not a readable XLSX workbook ({exc})") from exc
        try:
            for ws in wb.worksheets:
                first = next(ws.iter_rows(values_only=True, max_row=1), ())
                words = {normalise_header(c) for c in first if c is not None}
                if words:
                    return words
        finally:
            wb.close()
        return set()
    data = path.read_bytes()[:65536]
    try:
        text, _ = decode_bytes(data)
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not a text file chainatlas can read (binary data?)") from exc
    first = text.lstrip().split("\n", 1)[0]
    if suffix in {".json", ".jsonl", ".ndjson"} or first.startswith(("{", "[")):
        import re

        return {normalise_header(k) for k in re.findall(r'"([^"\\]{1,40})"\s*:', text[:4000])}
    for sep in (",", "\t", ";"):
        if sep in first:
            return {normalise_header(c.strip('"')) for c in first.split(sep)}
    return {normalise_header(first)}


def detect_kind(path: str | Path) -> str:
    """One of ``KINDS``; raises ``LoadError`` naming the file when it cannot tell."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise LoadError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        head = path.read_bytes()[:65536]
        try:
            text, _ = decode_bytes(head)
        except UnicodeDecodeError as exc:
            raise LoadError(f"{path}: not a text file chainatlas can read") from exc
        for line in text.splitlines():
            s = line.strip()
            if s.startswith("chain:") or s.startswith("segments:"):
                return "chain"
            if s.startswith(("clusters:",)):
                return "clusters"
            if s.startswith(("projects:",)):
                return "projects"
            if s.startswith(("profiles:", "enterprises:")):
                return "profiles"
        raise LoadError(
            f"{path}: a YAML file chainatlas does not recognise (a chain map starts "
            "with 'chain:'); pass --kind to say what it is"
        )
    words = _header_words(path)
    if {"code", "name_zh"} <= words and ({"lon", "lat"} & words or "level" in words):
        return "regions"
    if words & {"status_history", "project", "项目名称", "project_id", "项目"} and words & {
        "status",
        "状态",
        "stage",
        "阶段",
    }:
        return "projects"
    if words & {"环节", "segment", "segment_id", "薄弱环节"} and words & {
        "类型",
        "kind",
        "type",
        "类别",
    }:
        return "weak_links"
    if words & {"cluster", "cluster_id", "集群", "集群名称"}:
        return "clusters"
    if words & {"contact_date", "联系日期", "executive", "高管"}:
        return "profiles"
    if words & {
        "name",
        "企业名称",
        "名称",
        "full_name",
        "企业全称",
        "uscc",
        "统一社会信用代码",
        "简称",
        "short_name",
    }:
        return "enterprises"
    shown = ", ".join(sorted(words)[:8]) or "none"
    raise LoadError(
        f"{path}: cannot tell what this file holds (header: {shown}); expected a chain map "
        "(YAML), an enterprise registry (a 'name' column), a weak-link list ('segment' and "
        "'kind' columns) or regions ('code', 'name_zh'); pass --kind to say what it is"
    )
