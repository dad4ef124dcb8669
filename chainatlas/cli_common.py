"""What every CLI command shares: the store option, consoles, JSON output, error handling."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console

from chainatlas.graph.errors import ChainAtlasError, LoadError
from chainatlas.graph.store import Store

__all__ = [
    "state",
    "console",
    "err",
    "get_store",
    "emit_json",
    "handle_errors",
    "progress",
    "to_jsonable",
]

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])


class _State:
    store_location: str | None = None
    quiet: bool = False
    _store: Store | None = None


state = _State()


def get_store() -> Store:
    if state._store is None:
        from chainatlas.graph import open_store

        state._store = open_store(state.store_location)
    return state._store


def close_store() -> None:
    if state._store is not None:
        state._store.close()
        state._store = None


def to_jsonable(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, list | tuple):
        return [to_jsonable(o) for o in obj]
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    return obj


def emit_json(obj: Any) -> None:
    """Print JSON on stdout: the API result as it is, UTF-8, stable key order."""
    sys.stdout.write(json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def handle_errors(fn: F) -> F:
    """Turn chainatlas errors into a one-line message on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except LoadError as exc:
            err.print("[red]error:[/red] ", end="", markup=True)
            err.print(str(exc), markup=False, soft_wrap=True, highlight=False)  # input is text
            problems = exc.problems
            if len(problems) > 1:
                for p in problems[1:20]:
                    err.print(f"  {p}", markup=False, soft_wrap=True)
                if len(problems) > 20:
                    err.print(f"  … {len(problems) - 20} more", markup=False)
            raise typer.Exit(1) from None
        except ChainAtlasError as exc:
            err.print("[red]error:[/red] ", end="", markup=True)
            err.print(str(exc), markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            err.print("[red]error:[/red] ", end="", markup=True)
            err.print(f"{exc.filename or ''}: {exc.strerror or exc}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        finally:
            close_store()

    return wrapper  # type: ignore[return-value]


@contextmanager
def progress(description: str) -> Iterator[Callable[[str], None]]:
    """A spinner with a changing message on stderr, silent with ``--quiet`` or off a terminal."""
    if state.quiet or not err.is_terminal:
        yield lambda msg: None
        return
    with err.status(description) as status:
        yield lambda msg: status.update(msg)
