"""The call-script library: the playbooks shipped with csm-desk plus the user's own.

Pure Python (no textual, no database): the CLI, the screens and the tests all read
scripts through ``load_library``. Shipped files live in ``library/`` next to this
module; a user's files of the same schema live in ``<config dir>/scripts/``. A user
file with the same id and language replaces the shipped one; a new id adds a
playbook. A broken user file is reported in ``Library.errors`` and skipped, so the
app always starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from csm_desk.domain.playbooks import DEFAULT_PLAYBOOK, Suggestion, applicable, suggest
from csm_desk.scripts.fill import Segment, fill, fill_text, missing_in, missing_marker, placeholders, placeholders_in
from csm_desk.scripts.model import (
    APPLIES_WHEN,
    CUES,
    TEMPLATE_CHANNELS,
    WHENS,
    FirstMove,
    Script,
    Step,
    Template,
    cue_label,
    when_label,
)
from csm_desk.scripts.validate import ScriptError, load_script, parse_script, validate
from csm_desk.scripts.values import PLACEHOLDERS

# The shipped playbooks in the order people meet them; user ids come after, by name.
ORDER: tuple[str, ...] = (
    "champion_silent",
    "usage_drop",
    "champion_left",
    "competitor",
    "listening_tour",
    "graceful_exit",
    "lifecycle_day3",
    "lifecycle_day10",
    "lifecycle_day30",
    "lifecycle_day60",
    "lifecycle_day90",
    "lifecycle_day180",
)
# The discovery conversation suggested when no playbook matches the account's flags.
DEFAULT_SCRIPT = DEFAULT_PLAYBOOK
FALLBACK_LANGUAGE = "en"


def _order_key(script_id: str) -> tuple[int, str]:
    return (ORDER.index(script_id) if script_id in ORDER else len(ORDER), script_id)


@dataclass
class Library:
    """Every loaded script by (id, language), and the problems met while loading."""

    scripts: dict[tuple[str, str], Script] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def ids(self) -> list[str]:
        """Script ids: the shipped ones in their usual order, then the user's by name."""
        return sorted({sid for sid, _ in self.scripts}, key=_order_key)

    def languages(self, script_id: str) -> list[str]:
        return sorted(lang for sid, lang in self.scripts if sid == script_id)

    def get(self, script_id: str, language: str) -> Script | None:
        """The script in ``language``; else in English; else in any language it has."""
        for lang in (language, FALLBACK_LANGUAGE):
            script = self.scripts.get((script_id, lang))
            if script is not None:
                return script
        others = self.languages(script_id)
        return self.scripts[(script_id, others[0])] if others else None

    def all(self, language: str | None = None) -> list[Script]:
        """With ``language``: one script per id (falling back as ``get`` does); else every file."""
        if language is not None:
            found = (self.get(sid, language) for sid in self.ids())
            return [s for s in found if s is not None]
        return [self.scripts[(sid, lang)] for sid in self.ids() for lang in self.languages(sid)]

    def table(self, language: str) -> dict[str, tuple[str, ...]]:
        """Playbook id → its ``applies_when``, as the script a CSM reads in ``language`` says it: the one
        table the suggested playbook is read from (``domain.playbooks``)."""
        found = ((sid, self.get(sid, language)) for sid in self.ids())
        return {sid: script.applies_when for sid, script in found if script is not None}

    def suggestion(self, situation: Iterable[str], language: str, stage: str = "") -> Suggestion:
        """The playbook for an account's situation (``domain.playbooks.situation``), by this library."""
        return suggest(self.table(language), situation, stage)

    def suggest(self, situation: Iterable[str], language: str) -> list[Script]:
        """Every playbook whose ``applies_when`` meets the situation, in precedence order (the first is the
        suggestion); with no match, the default discovery conversation (the listening tour)."""
        ids = applicable(self.table(language), situation) or [DEFAULT_SCRIPT]
        found = (self.get(sid, language) for sid in ids)
        return [script for script in found if script is not None]


def shipped_dir():
    """The folder of shipped script files (a Traversable; a plain Path when installed normally)."""
    return resources.files("csm_desk.scripts").joinpath("library")


def user_scripts_dir() -> Path:
    """Where a user keeps their own scripts: ``<config dir>/scripts``."""
    from csm_desk import locations

    return locations.config_dir() / "scripts"


@lru_cache(maxsize=1)
def _shipped() -> tuple[tuple[Script, ...], tuple[str, ...]]:
    # Shipped files never change while the app runs; scripts are frozen, so sharing is safe.
    scripts: list[Script] = []
    errors: list[str] = []
    for entry in sorted(shipped_dir().iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            scripts.append(load_script(entry))
        except ScriptError as exc:
            errors.extend(f"shipped {line}" for line in exc.errors)
    return tuple(scripts), tuple(errors)


def _user_scripts(user_dir: Path) -> tuple[list[Script], list[str]]:
    scripts: list[Script] = []
    errors: list[str] = []
    if not user_dir.exists():
        return scripts, errors
    if not user_dir.is_dir():
        return scripts, [f"{user_dir}: expected a folder of script files"]
    try:
        paths = sorted(p for p in user_dir.iterdir() if p.suffix == ".toml")
    except OSError as exc:
        return scripts, [f"{user_dir}: cannot list the folder: {exc.strerror or exc}"]
    for path in paths:
        try:
            scripts.append(load_script(path, where=str(path), user=True))
        except ScriptError as exc:
            errors.extend(exc.errors)
    return scripts, errors


def load_library(user_dir: Path | None = None) -> Library:
    """The shipped scripts, overridden or extended by valid files in ``user_dir``.

    Never raises because of a user file: each problem becomes one line in ``errors``
    (naming the file and the field) and that file is skipped.
    """
    shipped, shipped_errors = _shipped()
    library = Library(scripts={(s.id, s.language): s for s in shipped}, errors=list(shipped_errors))
    if user_dir is not None:
        scripts, errors = _user_scripts(Path(user_dir))
        library.scripts.update({(s.id, s.language): s for s in scripts})
        library.errors.extend(errors)
    return library


__all__ = [
    "APPLIES_WHEN",
    "CUES",
    "DEFAULT_SCRIPT",
    "ORDER",
    "PLACEHOLDERS",
    "TEMPLATE_CHANNELS",
    "WHENS",
    "FirstMove",
    "Library",
    "Script",
    "ScriptError",
    "Segment",
    "Step",
    "Template",
    "cue_label",
    "fill",
    "fill_text",
    "load_library",
    "load_script",
    "missing_in",
    "missing_marker",
    "parse_script",
    "placeholders",
    "placeholders_in",
    "shipped_dir",
    "user_scripts_dir",
    "validate",
    "when_label",
]
