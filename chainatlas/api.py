"""The library surface the CLI and notebooks use: open a store, load files, the sample atlas."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from chainatlas.graph import open_store
from chainatlas.graph.errors import LoadError
from chainatlas.graph.model import Atlas
from chainatlas.graph.revision import Changes, note_for_files
from chainatlas.graph.store import Store
from chainatlas.queries.firms import match_enterprise

if TYPE_CHECKING:
    from chainatlas.graph.neo4j.bulk import BulkResult
from chainatlas.loaders import (
    KINDS,
    LoadContext,
    LoadReport,
    Problem,
    detect_kind,
    gc_paused,
    read_file,
)
from chainatlas.loaders.checks import conflicts
from chainatlas.loaders.detect import absent_ignored_columns
from chainatlas.loaders.headers import ignored_columns

__all__ = [
    "open_store",
    "load_paths",
    "read_paths",
    "sample_paths",
    "load_sample",
    "LoadSummary",
    "context_from",
    "bulk_load_paths",
]


class LoadSummary(BaseModel):
    """What a load did: per file its kind and counts, plus warnings."""

    files: list[dict[str, object]] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    warnings: list[Problem] = Field(default_factory=list)
    changes: Changes | None = None  # what the write changed (or would: ``dry_run``)
    written: bool = True


def context_from(store: Store, atlas: Atlas | None = None) -> LoadContext:
    ctx = LoadContext()
    for c in store.chains():
        ctx.chains[c.id] = c
    for s in store.segments():
        ctx.segments[s.id] = s
    ctx.lookup_enterprise = lambda text: _stored_enterprise(store, text)
    ctx.stored_enterprises = store.enterprises  # read once, if a file has firms
    ctx.region_codes = {r.code for r in store.regions()}
    if atlas is not None:
        _add_to_context(ctx, atlas)
    return ctx


def _add_to_context(ctx: LoadContext, atlas: Atlas) -> None:
    for c in atlas.chains:
        ctx.chains[c.id] = c
    for s in atlas.segments:
        old = ctx.segments.get(s.id)
        if old is not None:
            s = s.model_copy(update={"chain_ids": sorted({*old.chain_ids, *s.chain_ids})})
        ctx.segments[s.id] = s
    ctx.enterprise_ids.update(e.id for e in atlas.enterprises)
    if ctx.region_codes:
        ctx.region_codes.update(r.code for r in atlas.regions)
    ctx.enterprise_names.update((n, e.id) for e in atlas.enterprises for n in e.names())


def _stored_enterprise(store: Store, text: str) -> str | None:
    """The id of the stored firm whose id, name, full name or alias is exactly ``text``."""
    exact = match_enterprise(store, text, limit=5).exact
    return exact.id if exact is not None else None


def load_paths(
    store: Store,
    paths: Sequence[str | Path],
    *,
    kind: str | None = None,
    progress: Callable[[str], None] | None = None,
    replace: bool = False,
    dry_run: bool = False,
    strict: bool = False,
) -> LoadSummary:
    """Read every file, then write them all in one atomic step; nothing is written on any error.

    Files are read in dependency order (regions, chain maps, enterprises, weak links, …) so
    later files can refer to what earlier ones define. ``replace``: the store then holds
    exactly what the files say for what they cover (records loaded before from a file of the
    same name and no longer in it are removed); ``dry_run``: only say what would change.
    The write is recorded in the store's history (``chainatlas history``, ``undo``).
    ``strict``: a warning is an error (nothing is written).
    """
    parts: list[tuple[str, Atlas]] = []
    context = context_from(store)
    batch, summary = read_paths(
        paths, kind=kind, context=context, progress=progress, parts=parts, strict=strict
    )
    note = note_for_files(parts, command="load --replace" if replace else "load", replace=replace)
    note.files = [str(p) for p in paths]
    if dry_run:
        summary.changes, summary.written = store.preview(batch, note), False
        return summary
    if progress:
        progress(f"writing {sum(batch.counts().values())} records to {store.location}")
    summary.changes = store.write(batch, note)
    return summary


@gc_paused
def read_paths(
    paths: Sequence[str | Path],
    *,
    kind: str | None = None,
    context: LoadContext | None = None,
    progress: Callable[[str], None] | None = None,
    parts: list[tuple[str, Atlas]] | None = None,
    strict: bool = False,
) -> tuple[Atlas, LoadSummary]:
    """Read and check every file (as ``load_paths`` does) into one batch, writing nothing.

    ``context`` is what references may point to besides the files (a store's chains, segments
    and firms); ``None`` is an empty store. Raises ``LoadError`` on any bad row.
    """
    if kind is not None and kind not in KINDS:
        raise LoadError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    typed = [(kind or detect_kind(p), Path(p)) for p in paths]
    typed.sort(key=lambda kp: KINDS.index(kp[0]))
    ctx = context if context is not None else LoadContext()
    batch = Atlas()
    reports: list[LoadReport[Atlas]] = []
    for k, p in typed:
        if progress:
            progress(f"reading {p} ({k})")
        rep = read_file(p, k, ctx)
        reports.append(rep)
        for atlas in rep.valid:
            _add_to_context(ctx, atlas)
            batch.extend(atlas)
            if parts is not None:  # which file each record came from
                parts.append((str(p), atlas))
    conflicts(reports)  # one firm in two files with different names: a warning
    found = [pr for r in reports for pr in r.problems]
    absent = absent_ignored_columns([p for _, p in typed], ignored_columns(), found)
    errors = [pr for r in reports for pr in r.errors]
    if strict and not errors:  # --strict: every warning is an error
        errors = [
            pr.model_copy(update={"message": pr.message + " (--strict: warnings are errors)"})
            for pr in [*found, *absent]
        ]
    if errors:
        head = str(errors[0])
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise LoadError(head + more, errors)
    return batch, LoadSummary(
        files=[
            {
                "file": r.file,
                "kind": r.kind,
                "records": sum(sum(a.counts().values()) for a in r.valid),
            }
            for r in reports
        ],
        counts={k: v for k, v in batch.counts().items() if v},
        warnings=[pr for r in reports for pr in r.problems if pr.severity == "warning"] + absent,
    )


def sample_paths() -> list[Path]:
    """The files of the illustrative sample atlas shipped with the package."""
    root = Path(str(resources.files("chainatlas.data")))
    files: Iterable[Path] = [
        *sorted((root / "chains").glob("*.yaml")),
        *(root / name for name in ("regions.csv", "enterprises.csv", "weak_links.csv")),
        *sorted((root / "workflow").glob("*.*")),
    ]
    return [p for p in files if p.is_file()]


def load_sample(store: Store, progress: Callable[[str], None] | None = None) -> LoadSummary:
    """Load the sample atlas (idempotent: loading it twice gives the same graph)."""
    return load_paths(store, sample_paths(), progress=progress)


def bulk_load_paths(
    paths: Sequence[str | Path],
    data_dir: Path,
    *,
    kind: str | None = None,
    start: bool = False,
    port: int | None = None,
    version: str | None = None,
    java_home: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> BulkResult:
    """Read and check files as ``chainatlas load`` does (all or nothing: any bad row and
    nothing is imported), then :func:`bulk_load` them into the empty ``data_dir``."""
    from chainatlas.graph.neo4j.bulk import bulk_load, check_empty

    check_empty(Path(data_dir))  # before reading: a refusal should not wait for big files
    t0 = time.perf_counter()
    parts: list[tuple[str, Atlas]] = []
    batch, summary = read_paths(paths, kind=kind, progress=progress, parts=parts)
    note = note_for_files(parts, command="neo4j import")
    note.files = [str(p) for p in paths]
    read_s = time.perf_counter() - t0
    result = bulk_load(
        [batch],
        data_dir,
        start=start,
        port=port,
        version=version,
        java_home=java_home,
        progress=progress,
        note=note,
    )
    return result.model_copy(
        update={
            "read_seconds": read_s,
            "seconds": result.seconds + read_s,
            "files": summary.files,
            "warnings": summary.warnings,
        }
    )
