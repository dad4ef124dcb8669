"""One root exception, specific children, messages that name the thing."""

from __future__ import annotations

__all__ = [
    "ChainAtlasError",
    "LoadError",
    "StoreUnavailable",
    "StoreLocked",
    "StoreError",
    "UnknownChain",
    "UnknownSegment",
    "UnknownEnterprise",
]


class ChainAtlasError(Exception):
    """Root of every error chainatlas raises on purpose."""


class LoadError(ChainAtlasError):
    """Input could not be loaded; carries the problems when there are several."""

    def __init__(self, message: str, problems: list | None = None) -> None:  # type: ignore[type-arg]
        super().__init__(message)
        self.problems = problems or []


class StoreUnavailable(ChainAtlasError):
    """The store cannot be reached or opened."""


class StoreLocked(StoreUnavailable):
    """Another process holds the embedded store's write lock."""


class StoreError(ChainAtlasError):
    """The store's server refused or failed a request it was reachable for (e.g. a value too
    large for an index); the write, if any, was rolled back."""


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
