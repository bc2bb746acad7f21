"""What every command runs against: settings, today, and which database."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from csm_desk.clock import Clock
from csm_desk.config import ConfigError, Settings, load_settings
from csm_desk.errors import UsageError

if TYPE_CHECKING:
    from csm_desk.store.engine import Store


def parse_today(value: str, where: str) -> date:
    from csm_desk.domain.dates import in_range, out_of_range

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{where}: expected a date as YYYY-MM-DD, got {value!r}") from None
    if not in_range(day):
        raise UsageError(f"{where}: {out_of_range(day)}")
    return day


@dataclass
class Context:
    """The resolved options of one run of csm-desk."""

    settings: Settings
    clock: Clock
    db: str
    demo: bool = False
    owner: str | None = None
    """--owner: whose accounts and follow-ups to show (default: the config's app.me)."""
    team: bool = False
    """--team: everybody's accounts, whatever --owner or app.me say."""
    config_path: Path | None = None
    """The config file the settings were read from, or would be (it may not exist yet)."""
    _store: Store | None = field(default=None, repr=False)

    @classmethod
    def resolve(
        cls,
        *,
        db: str | None,
        config: str | None,
        today: str | None,
        demo: bool = False,
        owner: str | None = None,
        team: bool = False,
    ) -> Context:
        from csm_desk import locations

        if config:
            config_path = Path(config).expanduser()
            settings = load_settings(config_path, required=True)
        elif os.environ.get("CSM_DESK_CONFIG"):
            config_path = Path(os.environ["CSM_DESK_CONFIG"]).expanduser()
            settings = load_settings(config_path, required=True)
        else:
            config_path = locations.config_file()
            settings = load_settings(config_path)
        if today:
            clock = Clock(day=parse_today(today, "--today"))
        elif os.environ.get("CSM_DESK_TODAY"):
            clock = Clock(day=parse_today(os.environ["CSM_DESK_TODAY"], "CSM_DESK_TODAY"))
        else:
            clock = Clock()
        if demo:
            target = str(locations.demo_db_path())
        else:
            target = db or os.environ.get("CSM_DESK_DB") or str(locations.default_db_path())
        return cls(
            settings=settings, clock=clock, db=target, demo=demo, owner=owner, team=team, config_path=config_path
        )

    @property
    def today(self) -> date:
        return self.clock.today()

    def owner_for(self, explicit: str | None = None) -> str | None:
        """The owner to scope queue and agenda to: a command's own --owner, the top-level one,
        or app.me; None for everybody's (team view, or nobody configured)."""
        if explicit:
            return explicit
        if self.team:
            return None
        return self.owner or self.settings.app.me or None

    def first_run_config(self) -> Path | None:
        """The config file the TUI's first-run form writes, while it has not asked yet (``app.me`` or
        ``app.product`` missing from the file); None once asked, and for the demo, which names its own."""
        from csm_desk.config import first_run_pending

        if self.demo or self.config_path is None or not first_run_pending(self.settings):
            return None
        return self.config_path

    def backups_folder(self) -> Path:
        """Backups sit beside the book they protect: the data folder's backups for the default one."""
        from csm_desk.store.engine import resolve_url

        _url, path = resolve_url(self.db)
        return (path.parent if path is not None else Path.cwd()) / "backups"

    def open_store(self, *, refresh: bool = True):
        """The database, migrated, and evaluated for today."""
        if self._store is None:
            from csm_desk.errors import note
            from csm_desk.store.engine import NotWritable, StoreError, open_store
            from csm_desk.store.evaluate import refresh_if_stale

            store = open_store(self.db, busy_timeout_ms=self.settings.app.busy_timeout_ms, clock=self.clock)
            if store.path is not None and not self.demo:
                from csm_desk.store.backup import daily_backup

                try:
                    daily_backup(store.path, self.backups_folder(), self.today, self.settings.app.backups_keep)
                except StoreError as exc:  # a full disk must not also keep the book from being read
                    note(f"{exc}; going on without today's copy")
                except Exception:
                    store.dispose()
                    raise
            if self.demo:
                from csm_desk.demo import ensure_demo_book

                ensure_demo_book(store, self.today, self.settings)
            if refresh:
                try:
                    refresh_if_stale(store, self.today, self.settings.red_flags)
                except NotWritable as exc:
                    # A read never waits on the write lock: it shows the last evaluation and says so.
                    note(f"today's re-evaluation was skipped, figures are as last evaluated ({exc})")
            self._store = store
        return self._store

    def desk(self, store=None):
        """The service layer on this run's database (opened and evaluated for today unless given)."""
        from csm_desk.desk import Desk

        return Desk(store if store is not None else self.open_store(), self.settings, owner=self.owner, team=self.team)

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()
            self._store = None


__all__ = ["ConfigError", "Context", "UsageError", "parse_today"]
