"""What every CLI command shares: the store, the shared options, consoles, JSON, errors.

The options several commands take are declared once here, as typed aliases a command uses as
a parameter's annotation (``as_json: JsonFlag = False``). A short flag means one thing across
the whole CLI: ``-q`` is ``--quiet``, ``-r`` ``--region``, ``-o`` ``--output``, ``-n``
``--top``, ``-c`` ``--chain``, ``-f`` ``--format``.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.text import Text

from chainatlas.graph.errors import ChainAtlasError, LoadError, StoreUnavailable
from chainatlas.graph.store import Store
from chainatlas.loaders.values import escape_invisible_json, strip_invisible
from chainatlas.settings import region_for
from chainatlas.words import Lang, error_text, say
from chainatlas.words.errors import os_error_text

__all__ = [
    "ChainOption",
    "ChainsOption",
    "JsonFlag",
    "FormatOption",
    "LangOption",
    "lang_of",
    "OutputOption",
    "RegionOption",
    "TopOption",
    "WeightsOption",
    "region_of",
    "state",
    "console",
    "SafeConsole",
    "err",
    "get_store",
    "emit_json",
    "handle_errors",
    "progress",
    "to_jsonable",
    "warning_line",
]


class SafeConsole(Console):
    """A console for text that strangers wrote: markup and emoji codes are read only where a
    call asks for them (``markup=True``, with names escaped), and control, bidi and zero-width
    characters are removed from every string printed, so no stored name can set the terminal's
    title, clear the screen or break a table."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        kwargs.setdefault("soft_wrap", True)  # a line is never cut or folded at 80 columns
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(strip_invisible(text), **kwargs)


console = SafeConsole()
err = SafeConsole(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


class _State:
    store_location: str | None = None
    quiet: bool = False
    lang: Lang = "zh"
    lang_known: bool = False  # set once a command has settled its language
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


def region_of(region: str | None) -> str:
    """``--region`` when given, else the store's home region (``NoRegion`` without either)."""
    return region_for(get_store(), region)


def _check_lang(value: str | None) -> str | None:
    if value is not None and value not in {"zh", "en"}:
        raise typer.BadParameter(f"{value!r} is not zh or en / 不是 zh 或 en")
    return value


LANG = "lang"


def lang_of(lang: str | None) -> Lang:
    """``--lang`` when given, else the store's language (``chainatlas init --lang``), else zh."""
    if lang in ("zh", "en"):
        state.lang = lang  # type: ignore[assignment]
        state.lang_known = True
        return state.lang
    try:
        stored = get_store().settings().get(LANG)
    except ChainAtlasError:
        stored = None
    state.lang = "en" if stored == "en" else "zh"
    state.lang_known = True
    return state.lang


JsonFlag = Annotated[bool, typer.Option("--json", help="Print the API result as JSON.")]
RegionOption = Annotated[
    str | None,
    typer.Option(
        "--region",
        "-r",
        metavar="CODE_OR_NAME",
        help="The city or county: a GB/T 2260 code or name, e.g. 410700 or 新乡市; "
        "default: the store's home region (chainatlas init --region CODE_OR_NAME).",
    ),
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="The file to write.")]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        callback=_check_lang,
        metavar="zh|en",
        help="Language of every word shown or written (names stay as stored); "
        "default: the store's (chainatlas init --lang), else zh.",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default), csv, md, json, html, or xlsx (a file). With -o the file's "
        "extension decides; a --format that contradicts it is an error.",
    ),
]
TopOption = Annotated[
    int, typer.Option("--top", "-n", min=0, help="How many to list (per chain, per segment).")
]
ChainOption = Annotated[str, typer.Option("--chain", "-c", help="Chain id, e.g. battery-ev.")]
ChainsOption = Annotated[
    list[str], typer.Option("--chain", "-c", help="Chain id; repeat for several.")
]
WeightsOption = Annotated[
    Path | None, typer.Option("--weights", help="YAML file of factor weights.")
]


def to_jsonable(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, list | tuple):
        return [to_jsonable(o) for o in obj]
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    return obj


def emit_json(obj: Any) -> None:
    """Print JSON on stdout: the API result as it is, UTF-8, stable key order; invisible and
    control characters written as ``\\uXXXX`` escapes (the same data, inert on a terminal)."""
    text = json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2)
    sys.stdout.write(escape_invisible_json(text) + "\n")
    sys.stdout.flush()


def _error_lang(given: object, exc: Exception | None = None) -> Lang:
    """The language of an error: ``--lang`` when given, else the one the command settled on,
    else the store's (when it can be read), else Chinese."""
    if given in ("zh", "en"):
        return given  # type: ignore[return-value]
    if state.lang_known:
        return state.lang
    if isinstance(exc, StoreUnavailable):  # not asked again
        return "zh"
    try:
        return lang_of(None)
    except Exception:  # the store itself may be what failed
        return "zh"


_CHINESE_PUNCTUATION = re.compile("[：；，。（）]")


def warning_line(text: str, lang: Lang) -> str:
    """``warning: …`` in ``lang``: the message translated whole, or all of it in English."""
    said = error_text(text, lang)
    if said == text and not _CHINESE_PUNCTUATION.search(text):
        lang = "en"
    return say("warning", lang, text=said)


def _say_error(text: str, lang: Lang, original: str | None = None) -> None:
    """``error:`` and the message; a message left in English (no pattern knows it) keeps the
    English prefix, so that the line is in one language."""
    if original is not None and text == original and not _CHINESE_PUNCTUATION.search(text):
        lang = "en"  # an English message (its names may be Chinese); a Chinese one keeps 错误：
    err.print(f"[red]{say('error', lang).rstrip()}[/red]", end="", markup=True)
    err.print((" " if lang == "en" else "") + text, markup=False, soft_wrap=True, highlight=False)


def handle_errors(fn: F) -> F:
    """Turn chainatlas errors into a one-line message on stderr and exit code 1, in the
    command's language (``chainatlas.words.errors``)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state.lang_known = False
        try:
            return fn(*args, **kwargs)
        except LoadError as exc:
            lang = _error_lang(kwargs.get("lang"), exc)
            _say_error(error_text(str(exc), lang), lang, str(exc))
            problems = exc.problems
            if len(problems) > 1:
                for p in problems[1:20]:
                    err.print(f"  {error_text(str(p), lang)}", markup=False, soft_wrap=True)
                if len(problems) > 20:
                    err.print("  " + say("more", lang, n=len(problems) - 20), markup=False)
            raise typer.Exit(1) from None
        except ChainAtlasError as exc:
            lang = _error_lang(kwargs.get("lang"), exc)
            _say_error(error_text(str(exc), lang), lang, str(exc))
            raise typer.Exit(1) from None
        except OSError as exc:
            lang = _error_lang(kwargs.get("lang"), exc)
            _say_error(os_error_text(exc, lang), lang)
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
