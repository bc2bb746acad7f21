"""Where csm-desk keeps things: platformdirs paths, created private (0700)."""

from __future__ import annotations

import os
from pathlib import Path

APP = "csm-desk"


def _dirs():
    # platformdirs is light, but only the paths below need it.
    import platformdirs

    return platformdirs.PlatformDirs(APP, appauthor=False)


def config_dir() -> Path:
    return Path(_dirs().user_config_dir)


def config_file() -> Path:
    return config_dir() / "config.toml"


def data_dir() -> Path:
    return Path(_dirs().user_data_dir)


def default_db_path() -> Path:
    return data_dir() / "csm-desk.db"


def backups_dir() -> Path:
    return data_dir() / "backups"


def cache_dir() -> Path:
    return Path(_dirs().user_cache_dir)


def demo_db_path() -> Path:
    return cache_dir() / "demo.db"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path
