"""Settings: every threshold and coefficient of DOMAIN.md, from a TOML file.

Each setting's one-line doc sits in its dataclass field's metadata, so
``csm-desk config`` and the README's reference are written from one place.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import stat
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from csm_desk import tomlfile
from csm_desk.domain.cadence import CadenceRules, CadenceStep
from csm_desk.domain.dates import MAX_DAYS_AHEAD
from csm_desk.domain.health import HealthFormula
from csm_desk.domain.saving import SaveTeamRules
from csm_desk.domain.setting import setting as _doc
from csm_desk.domain.signals import FlagRules
from csm_desk.domain.triage import ScoreWeights, TriageRules
from csm_desk.domain.vocab import LANGUAGES
from csm_desk.errors import ConfigError
from csm_desk.files import not_readable
from csm_desk.keymap import BINDING_IDS


@dataclass(frozen=True)
class AppSettings:
    """Who is using the desk and how it behaves."""

    me: str = _doc("your name as it appears in the owner column (empty: everybody's accounts)", "")
    product: str = _doc("your product's name, as call scripts say it", "")
    language: str = _doc("language of scripts when an account has none (en or pt-BR)", "en")
    busy_timeout_ms: int = _doc(
        "how long to wait for another process holding the database, in ms", 5000, between=(0, 600_000)
    )
    upcoming_days: int = _doc(
        "how many days ahead the agenda's 'upcoming' section reaches", 7, between=(0, MAX_DAYS_AHEAD)
    )
    refresh_seconds: float = _doc(
        "how often the open TUI checks the database for other processes' changes (0: only ctrl+r)",
        5.0,
        between=(0.5, 3600),
        zero_off=True,
    )
    backups_keep: int = _doc(
        "how many daily backups of the SQLite database to keep in the data folder's backups (0: none)",
        7,
        between=(0, 3650),
    )


@dataclass(frozen=True)
class Settings:
    """The effective configuration, and where each value came from."""

    app: AppSettings = field(default_factory=AppSettings)
    red_flags: FlagRules = field(default_factory=FlagRules)
    triage: TriageRules = field(default_factory=TriageRules)
    score: ScoreWeights = field(default_factory=ScoreWeights)
    cadence: CadenceRules = field(default_factory=CadenceRules)
    health: HealthFormula = field(default_factory=HealthFormula)
    save_team: SaveTeamRules = field(default_factory=SaveTeamRules)
    keys: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict, compare=False)
    path: Path | None = None

    def source(self, dotted: str) -> str:
        return self.sources.get(dotted, "default")


SECTIONS = ("app", "red_flags", "triage", "score", "cadence", "health", "save_team")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number ≥ 0"
    if isinstance(value, float):
        return "a number ≥ 0"
    return "text"


def _coerce(where: str, default: Any, value: Any, between: tuple[float, ...] | None = None) -> Any:
    """``value`` as the type of ``default`` (within ``between``: low, high, or off, low, high), or a
    ConfigError saying what is allowed."""
    if between is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        off, (low, high) = (between[0], between[1:]) if len(between) == 3 else (None, between)
        if not (low <= value <= high or value == off):
            kind = "a whole number" if isinstance(default, int) else "a number"
            also = f" (or {off:g}: off)" if off is not None else ""
            raise ConfigError(f"{where}: expected {kind} from {low:g} to {high:g}{also}, got {value!r}")
    expected = _type_name(default)
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < math.inf:
            return float(value)
    elif isinstance(default, str) and isinstance(value, str):
        return value
    raise ConfigError(f"{where}: expected {expected}, got {value!r}")


def _steps(where: str, raw: Any) -> tuple[CadenceStep, ...]:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: expected a list of tables with day, key, title, script")
    steps = []
    for i, item in enumerate(raw, 1):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{here}: expected a table with day, key, title, script")
        unknown = set(item) - {"day", "key", "title", "script"}
        if unknown:
            raise ConfigError(f"{here}: unknown key {sorted(unknown)[0]!r} (allowed: day, key, title, script)")
        day = item.get("day")
        if not isinstance(day, int) or isinstance(day, bool) or day < 0:
            raise ConfigError(f"{here}.day: expected a whole number ≥ 0, got {day!r}")
        key = item.get("key")
        if not isinstance(key, str) or not key:
            raise ConfigError(f"{here}.key: expected a non-empty text, got {key!r}")
        title = item.get("title", key)
        script = item.get("script", "")
        if not isinstance(title, str) or not isinstance(script, str):
            raise ConfigError(f"{here}: title and script must be text")
        steps.append(CadenceStep(day, key, title, script))
    return tuple(steps)


LEGACY_TOLERANCE = "month_tolerance_days"
"""An older ``[red_flags]`` key: how far from the day a month before a comparison snapshot could be."""


def _legacy_red_flags(path: Path, raw: dict[str, Any], current: FlagRules, sources: dict[str, str]) -> dict[str, Any]:
    """``raw`` with ``month_tolerance_days`` (from an older config file) read as what it now means: the
    furthest comparison it allowed, ``month_max_days = month_days + month_tolerance_days``."""
    if LEGACY_TOLERANCE not in raw:
        return raw
    where = f"{path}: red_flags"
    if "month_max_days" in raw:
        raise ConfigError(f"{where}.{LEGACY_TOLERANCE}: an older form of month_max_days; keep month_max_days only")
    tolerance = _coerce(f"{where}.{LEGACY_TOLERANCE}", 0, raw[LEGACY_TOLERANCE])
    month = _coerce(f"{where}.month_days", 0, raw.get("month_days", current.month_days))
    out = {k: v for k, v in raw.items() if k != LEGACY_TOLERANCE}
    out["month_max_days"] = month + tolerance
    sources["red_flags.month_max_days"] = f"{path} (read from {LEGACY_TOLERANCE} = {tolerance})"
    return out


def _section(path: Path, name: str, raw: Any, current: Any, sources: dict[str, str]) -> Any:
    where = f"{path}: {name}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a table [{name}]")
    if name == "red_flags":
        raw = _legacy_red_flags(path, raw, current, sources)
    described = {f.name: f for f in fields(current)}
    allowed = list(described)
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in allowed:
            raise ConfigError(f"{where}.{key}: unknown key (allowed: {', '.join(allowed)})")
        default = getattr(current, key)
        if name == "cadence" and key == "steps":
            changes[key] = _steps(f"{where}.steps", value)
        elif name == "cadence" and key == "segments":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}.segments: expected a table of segment = [step tables]")
            changes[key] = {seg: _steps(f"{where}.segments.{seg}", steps) for seg, steps in value.items()}
        else:
            changes[key] = _coerce(f"{where}.{key}", default, value, described[key].metadata.get("between"))
        sources.setdefault(f"{name}.{key}", str(path))
    if name == "app" and "language" in changes and changes["language"] not in LANGUAGES:
        raise ConfigError(f"{where}.language: expected one of {', '.join(LANGUAGES)}, got {changes['language']!r}")
    result = dataclasses.replace(current, **changes)
    if name == "red_flags" and "month_max_days" in raw and result.month_max_days < result.month_days:
        raise ConfigError(
            f"{where}.month_max_days: expected at least month_days ({result.month_days}), got {result.month_max_days}"
        )
    return result


def _unknown_binding(path: Path, key: str) -> str:
    """One line for a ``[keys]`` entry that names no binding: the nearest ids, and where the others are listed."""
    near = difflib.get_close_matches(key, BINDING_IDS, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
    return f"{path}: keys.{key}: unknown binding id{hint} (the help screen, ?, lists every binding id)"


def load_settings(path: Path | None, *, required: bool = False) -> Settings:
    """Read the config file at ``path``; a missing file gives the defaults unless ``required``."""
    base = Settings()
    if path is None:
        return base
    refused = not_readable(path) if path.exists() else None
    if refused:
        raise ConfigError(f"{path}: {refused}")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if required:
            raise ConfigError(f"{path}: no such config file") from None
        return base
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
    return settings_from_text(path, text)


def settings_from_text(path: Path, text: str) -> Settings:
    """The settings a config file holding ``text`` gives (``path`` names it in messages)."""
    base = Settings()
    try:
        raw = tomlfile.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    sources: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name, section in raw.items():
        if name == "keys":
            if not isinstance(section, dict) or not all(isinstance(v, str) for v in section.values()):
                raise ConfigError(f'{path}: keys: expected a table of binding-id = "key,key"')
            for key in section:
                if key not in BINDING_IDS:
                    raise ConfigError(_unknown_binding(path, key))
            values["keys"] = dict(section)
            for key in section:
                sources[f"keys.{key}"] = str(path)
            continue
        if name not in SECTIONS:
            raise ConfigError(f"{path}: {name}: unknown section (allowed: {', '.join((*SECTIONS, 'keys'))})")
        values[name] = _section(path, name, section, getattr(base, name), sources)
    return dataclasses.replace(base, **values, sources=sources, path=path)


FIRST_RUN_KEYS = ("me", "product")
"""What the TUI asks for on first run: the CSM's name and the product (the scripts' first lines say both)."""


def first_run_pending(settings: Settings) -> bool:
    """True until the config file holds both ``app.me`` and ``app.product`` (even empty: asked and skipped)."""
    return any(settings.source(f"app.{key}") == "default" for key in FIRST_RUN_KEYS)


def write_app_keys(path: Path, values: dict[str, str]) -> Settings:
    """Set ``[app]`` keys in the config file at ``path`` and return the settings it then gives.

    Everything else in the file stays as the user wrote it (comments, order, other sections); a new
    key gets its one-line description as a comment. The file is written whole or not at all, and only
    once the new text reads back as valid settings; a symbolic link (a dotfiles folder) is followed
    and the file it points at written, keeping its permissions. A missing file is created (0600).
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import InlineTable, Table

    from csm_desk.files import write_private

    target = path.resolve() if path.is_symlink() else path
    exists = target.exists()
    refused = not_readable(target) if exists else None
    if refused:
        raise ConfigError(f"{path}: {refused}")
    try:
        text = target.read_text(encoding="utf-8") if exists else ""
        mode = stat.S_IMODE(target.stat().st_mode) if exists else None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    try:
        doc = tomlkit.parse(text.removeprefix("\ufeff"))
    except (TOMLKitError, RecursionError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    if not text.strip():
        doc.add(tomlkit.comment("csm-desk settings; `csm-desk config` lists every key with its meaning."))
    app = doc.get("app")
    if app is None:
        app = tomlkit.table()
        doc.add("app", app)
    elif not isinstance(app, (Table, InlineTable)):
        raise ConfigError(f"{path}: app: expected a table [app]")
    docs = {f.name: f.metadata.get("doc", "") for f in fields(AppSettings)}
    for key, value in values.items():
        if key in app:
            app[key] = value
        else:
            app.add(key, value)
            if isinstance(app, Table) and docs.get(key):
                app[key].comment(docs[key])
    new_text = bom + tomlkit.dumps(doc)
    settings = settings_from_text(path, new_text)  # never write what would not read back
    if not exists:
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot write the config file ({exc.strerror or exc})") from None
    write_private(target, new_text)
    if mode is not None and mode != stat.S_IMODE(target.stat().st_mode):
        os.chmod(target, mode)  # the user's choice of permissions is kept
    return settings


def describe(settings: Settings) -> list[tuple[str, str, Any, str, str]]:
    """(section, key, value, source, doc) for every setting, in file order."""
    rows = []
    for name in SECTIONS:
        section = getattr(settings, name)
        for f in fields(section):
            rows.append(
                (name, f.name, getattr(section, f.name), settings.source(f"{name}.{f.name}"), f.metadata.get("doc", ""))
            )
    return rows


def toml_value(value: Any) -> str:
    """A value as TOML would write it (enough for the types settings use)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple) and all(isinstance(s, CadenceStep) for s in value):
        inner = ", ".join(
            f"{{ day = {s.day}, key = {toml_value(s.key)}, title = {toml_value(s.title)}, script = {toml_value(s.script)} }}"
            for s in value
        )
        return f"[{inner}]"
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items())
        return f"{{ {inner} }}"
    return repr(value)
