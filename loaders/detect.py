"""Recognise what a file holds from its content, not its name."""

from __future__ import annotations

from pathlib import Path

from chainatlas.graph.errors import LoadError, Problem

from .headers import header_map, required_keys
from .tabular import SEP_LINE, MixedEncoding, decode_bytes, normalise_header
from .xlsx_scan import foreign_format

__all__ = ["detect_kind", "KINDS", "absent_ignored_columns"]

KINDS = ("regions", "chain", "enterprises", "weak_links", "clusters", "projects", "profiles")


def _mixed_message(path: Path, exc: MixedEncoding) -> str:
    return (
        f"{path}, line {exc.other_line}: the file mixes encodings (line {exc.utf8_line} is "
        "UTF-8, this line is not: GBK?); save the whole file as UTF-8 in Excel/WPS or an editor"
    )


def _head(path: Path, size: int = 65536) -> bytes:
    """The first ``size`` bytes, cut at a line end so no character is split (UTF-16 too)."""
    with path.open("rb") as fh:
        data = fh.read(size + 1)
    if len(data) <= size:
        return data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:  # UTF-16
        little = data.startswith(b"\xff\xfe") or (
            not data.startswith(b"\xfe\xff") and data[1:4096:2].count(0) >= data[0:4096:2].count(0)
        )
        newline = b"\n\x00" if little else b"\x00\n"
        end = size - size % 2
        while end > 2 and data[end - 2 : end] != newline:
            end -= 2
        return data[:end] if end > 2 else data[: size - size % 2]
    return data[: data.rfind(b"\n", 0, size) + 1] or data[:size]


def _header_words(path: Path) -> list[set[str]]:
    """Candidate header word sets: every sheet's first rows for XLSX, the first line otherwise."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        from .xlsx import sheet_header_words
        from .xlsx_scan import WorkbookRefused

        try:
            found = sheet_header_words(path)
        except WorkbookRefused as exc:
            raise LoadError(f"{path}: {exc} [too-large]") from exc
        except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
            raise LoadError(
                f"{path}: not a readable XLSX workbook ({exc}); open it in Excel/WPS and "
                "save it again as .xlsx"
            ) from exc
        if not found:
            raise LoadError(f"{path}: the workbook is empty; put the table on its first sheet")
        return found
    try:
        text, _ = decode_bytes(_head(path))
    except MixedEncoding as exc:
        raise LoadError(_mixed_message(path, exc)) from exc
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"{path}: not a text file chainatlas can read (binary data?); "
            "give a CSV, XLSX, JSON or YAML file"
        ) from exc
    lines = text.lstrip().replace("\r\n", "\n").replace("\r", "\n").split("\n", 2)
    first = lines[1] if len(lines) > 1 and SEP_LINE.match(text.lstrip() + "\n") else lines[0]
    if suffix in {".json", ".jsonl", ".ndjson"} or first.startswith(("{", "[")):
        import re

        return [{normalise_header(k) for k in re.findall(r'"([^"\\]{1,40})"\s*:', text[:4000])}]
    counts = {sep: first.count(sep) for sep in (",", "\t", ";")}
    sep = max(counts, key=lambda s: counts[s])
    if counts[sep]:
        return [{normalise_header(c.strip('"')) for c in first.split(sep)}]
    return [{normalise_header(first)}]


REGION_CODE = {"code", "代码", "区划代码", "行政区划代码", "adcode"}
REGION_NAME = {"name_zh", "name", "名称"}
REGION_MORE = {"lon", "lat", "level", "经度", "纬度", "级别", "lng", "longitude", "latitude"}


def _fixed_kind(words: set[str]) -> str | None:
    """The kind a few fixed header words point to (breaks a tie of the catalogue's counts)."""
    if words & REGION_CODE and words & REGION_NAME and words & REGION_MORE:
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
    return None


TABLE_KINDS = ("regions", "enterprises", "weak_links", "clusters", "projects", "profiles")


def _coverage(words: set[str], kind: str) -> tuple[bool, int]:
    """Whether ``words`` hold every required field of ``kind``, and how many of them it knows.

    A kind that lacks a required field and knows under half of the headers covers nothing
    (a ranking list's name_zh alone does not make it a regions file).
    """
    known = header_map(kind)
    keys = {dict.get(known, w) for w in words}
    keys.discard(None)
    complete = required_keys(kind) <= keys
    count = sum(1 for w in words if dict.get(known, w) is not None)
    if not complete and count * 2 < len(words):
        return False, 0
    return complete, count


def _kind_of(words: set[str]) -> str | None:
    """The kind whose catalogue covers the most of ``words`` (a kind with all its required
    columns first); a tie goes to the fixed header words when they pick one of the tied kinds,
    else ``None`` (the caller asks for --kind)."""
    scores = {kind: _coverage(words, kind) for kind in TABLE_KINDS}
    best = max(scores.values())
    if best[1] == 0:
        return None
    tied = [kind for kind, score in scores.items() if score == best]
    if len(tied) == 1:
        return tied[0]
    fixed = _fixed_kind(words)
    return fixed if fixed in tied else None


def detect_kind(path: str | Path) -> str:
    """One of ``KINDS``; raises ``LoadError`` naming the file when it cannot tell."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise LoadError(f"{path}: the file is empty; check that you picked the right file")
    foreign = foreign_format(path)
    if foreign:
        raise LoadError(f"{path}: {foreign}")
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        try:
            text, _ = decode_bytes(_head(path))
        except MixedEncoding as exc:
            raise LoadError(_mixed_message(path, exc)) from exc
        except UnicodeDecodeError as exc:
            raise LoadError(
                f"{path}: not a UTF-8 or GBK text file (binary data?); "
                "save the chain map as UTF-8 YAML"
            ) from exc
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
    candidates = _header_words(path)
    for words in candidates:  # an XLSX title row covers nothing: the header row decides
        if not any(_coverage(words, kind)[1] for kind in TABLE_KINDS):
            continue
        kind = _kind_of(words)
        if kind is not None:
            return kind
        break
    shown = ", ".join(sorted(candidates[0])[:8]) or "none"
    raise LoadError(
        f"{path}: cannot tell what this file holds (header: {shown}); expected a chain map "
        "(YAML), an enterprise registry (a 'name' column), a weak-link list ('segment' and "
        "'kind' columns) or regions ('code', 'name_zh'); pass --kind to say what it is"
    )


def _file_headers(path: Path) -> set[str]:
    """The normalised headers (or YAML keys) of a file, for naming the closest one."""
    try:
        if path.suffix.lower() in {".yaml", ".yml"}:
            import re

            text, _ = decode_bytes(_head(path))
            found = re.findall(r"^[\s-]*([^\s:#'\"][^:\n]{0,40}):", text, re.M)
            return {normalise_header(k) for k in found}
        candidates = _header_words(path)
    except (LoadError, MixedEncoding, UnicodeDecodeError, OSError):
        return set()
    for words in candidates:
        if any(_coverage(words, kind)[1] for kind in TABLE_KINDS):
            return words
    return candidates[0] if candidates else set()


def absent_ignored_columns(
    paths: list[Path], ignored: frozenset[str], problems: list[Problem]
) -> list[Problem]:
    """A warning for each ``--ignore-column`` name no file has, naming the closest header."""
    used = {normalise_header(p.field) for p in problems if p.kind == "ignored-column"}
    absent = sorted(n for n in ignored if n not in used)
    if not absent:
        return []
    from rapidfuzz import fuzz, process

    headers = sorted(set().union(*(_file_headers(p) for p in paths)) - ignored)
    out = []
    for name in absent:
        found = process.extractOne(name, headers, scorer=fuzz.ratio, score_cutoff=40)
        hint = f"the closest header is {found[0]!r}" if found else "check the spelling"
        out.append(
            Problem(
                kind="ignored-absent",
                file="--ignore-column",
                field=name,
                message=f"no loaded file has a column {name!r}; {hint}",
                severity="warning",
            )
        )
    return out
