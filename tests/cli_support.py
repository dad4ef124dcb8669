"""The CLI run as a user runs it, in-process (typer's ``CliRunner``), on a store folder."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from chainatlas.cli import app

runner = CliRunner()


def run(store: Path, *args: str) -> tuple[int, str, str]:
    """``chainatlas --store STORE ARGS…``: exit code, stdout, stderr."""
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr
