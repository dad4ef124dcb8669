"""`require` skips outside CI and fails in CI, so nothing hides behind a skip there."""

from __future__ import annotations

import pytest

import tests.conftest as conftest


def test_require_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI=true: this must not be skipped"):
        conftest.require(False, "no server")


def test_require_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="no server"):
        conftest.require(False, "no server")
    conftest.require(True, "never shown")  # a met prerequisite does nothing
