"""Shared fixtures: a fresh database per test, a fixed today, default settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csm_desk.config import Settings
from csm_desk.store.engine import open_store

TODAY = date(2026, 11, 23)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never read or write the real user's config, data or cache folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    for var in ("CSM_DESK_DB", "CSM_DESK_CONFIG", "CSM_DESK_TODAY"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "csm-desk.db"


@pytest.fixture
def store(db_path):
    s = open_store(db_path, busy_timeout_ms=1000)
    yield s
    s.dispose()
