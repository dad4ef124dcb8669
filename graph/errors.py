"""Every error chainatlas raises on purpose: one root, named children, messages that name the
thing (the file, row, field and value of bad input). The bottom of the package: every layer
imports it, it imports nothing of chainatlas."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

__all__ = [
    "ChainAtlasError",
    "Problem",
    "BulkLoadError",
    "ImportInputError",
    "Neo4jServerError",
    "LoadError",
    "StoreUnavailable",
    "StoreLocked",
    "StoreError",
    "UnknownChain",
    "UnknownSegment",
    "UnknownEnterprise",
    "IdentityConflict",
    "UnknownRecord",
    "NothingToUndo",
]


class ChainAtlasError(Exception):
    """Root of every error chainatlas raises on purpose."""


class Problem(BaseModel):
    """One thing wrong with the input; ``message`` says what to do about it."""

    kind: str
    file: str
    row: int | None = None
    line: int | None = None
    field: str = ""
    value: str = ""
    message: str
    severity: Literal["error", "warning"] = "error"

    def where(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        elif self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        value = f" (value {self.value!r})" if self.value else ""
        return f"{self.where()}{value}: {self.message} [{self.kind}]"


class LoadError(ChainAtlasError):
    """Input could not be loaded; carries the problems when there are several."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class StoreUnavailable(ChainAtlasError):
    """The store cannot be reached or opened."""


class StoreLocked(StoreUnavailable):
    """Another process holds the embedded store's write lock."""


class StoreError(ChainAtlasError):
    """The store's server refused or failed a request it was reachable for (e.g. a value too
    large for an index); the write, if any, was rolled back."""


class BulkLoadError(ChainAtlasError):
    """The bulk import (Neo4j's importer into an empty database) was refused or failed."""


class ImportInputError(ChainAtlasError):
    """A value the Neo4j importer's CSV cannot carry as it is."""


class Neo4jServerError(ChainAtlasError, RuntimeError):
    """Fetching, building, starting or stopping the local Neo4j server failed."""


def _known(values: list[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    more = f" … (+{len(values) - limit} more)" if len(values) > limit else ""
    return (shown + more) if values else "none loaded yet"


class UnknownChain(ChainAtlasError):
    def __init__(self, chain_id: str, known: list[str]) -> None:
        super().__init__(f"chain {chain_id!r} is not in the atlas; known: {_known(known)}")
        self.chain_id = chain_id


class UnknownSegment(ChainAtlasError):
    def __init__(self, segment_id: str, known: list[str], chain_id: str | None = None) -> None:
        where = f" in chain {chain_id!r}" if chain_id else ""
        super().__init__(f"segment {segment_id!r} not found{where}; known: {_known(known)}")
        self.segment_id = segment_id


class UnknownEnterprise(ChainAtlasError):
    def __init__(self, ref: str, suggestions: list[str] | None = None) -> None:
        hint = f"; did you mean: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"enterprise {ref!r} not found{hint}")
        self.ref = ref


class IdentityConflict(ChainAtlasError):
    """A batch would rewrite a record that belongs to another chain or another file under the
    same id; nothing was written."""


class UnknownRecord(ChainAtlasError):
    """``remove`` named a record the store does not hold."""

    def __init__(self, kind: str, key: str, known: list[str]) -> None:
        super().__init__(
            f"{kind} {key!r} is not in the store; nothing was removed; known: {_known(known)}"
        )
        self.key = key


class NothingToUndo(ChainAtlasError):
    """``undo`` found no write left to take back."""
