"""Reading one script file: every error names the file and the field, then what is allowed.

Example: ``champion_silent.en.toml: steps[2].cue: expected one of listen, verbatim, ...``.
All errors of a file are collected before giving up, so one pass fixes them all.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Protocol

from csm_desk import tomlfile
from csm_desk.domain.vocab import LANGUAGES
from csm_desk.scripts.fill import placeholders_in
from csm_desk.scripts.model import (
    APPLIES_WHEN,
    CUES,
    TEMPLATE_CHANNELS,
    WHENS,
    FirstMove,
    Script,
    Step,
    Template,
)
from csm_desk.scripts.values import PLACEHOLDERS

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = ("id", "language", "title", "summary", "applies_when", "first_moves", "steps", "templates", "escalate_when")
_MOVE_KEYS = ("when", "text")
_STEP_KEYS = ("id", "title", "say", "cue", "cue_text", "ask")
_TEMPLATE_KEYS = ("id", "channel", "subject", "body")


class ScriptError(Exception):
    """A script file that cannot be used; ``errors`` holds one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = [" ".join(error.split("\n")) for error in errors]  # one line each, always
        super().__init__("\n".join(self.errors))


class Readable(Protocol):
    """A ``Path`` or an ``importlib.resources`` Traversable."""

    @property
    def name(self) -> str: ...

    def read_bytes(self) -> bytes: ...


class _Errors:
    def __init__(self, where: str) -> None:
        self.where = where
        self.items: list[str] = []

    def add(self, field: str, message: str) -> None:
        line = f"{self.where}: {field}: {message}" if field else f"{self.where}: {message}"
        self.items.append(" ".join(line.split("\n")))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, (datetime, date, time)):
        return "a date or time"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _unknown_keys(table: Mapping[str, Any], allowed: tuple[str, ...], path: str, errs: _Errors) -> None:
    for key in table:
        if key not in allowed:
            errs.add(f"{path}{key}", f"unknown key; expected one of {', '.join(allowed)}")


def _text(table: Mapping[str, Any], key: str, path: str, errs: _Errors, *, required: bool = True) -> str | None:
    field = f"{path}{key}"
    if key not in table:
        if required:
            errs.add(field, "missing")
        return None
    value = table[key]
    if not isinstance(value, str):
        errs.add(field, f"expected text, got {_kind(value)}")
        return None
    if not value.strip():
        errs.add(field, "must not be empty")
        return None
    _check_placeholders(value, field, errs)
    return value.strip()


def _check_placeholders(text: str, field: str, errs: _Errors) -> None:
    """Every placeholder must be one ``script_values`` fills (``values.PLACEHOLDERS``)."""
    for name in placeholders_in(text):
        if name not in PLACEHOLDERS:
            near = difflib.get_close_matches(name, PLACEHOLDERS, n=1, cutoff=0.75)
            hint = f"did you mean {{{near[0]}}}? " if near else ""
            errs.add(
                field,
                f"unknown placeholder {{{name}}}; {hint}expected one of {', '.join(PLACEHOLDERS)} "
                "(write {{ and }} for literal braces)",
            )


def _choice(table: Mapping[str, Any], key: str, path: str, allowed: tuple[str, ...], errs: _Errors) -> str | None:
    field = f"{path}{key}"
    if key not in table:
        errs.add(field, "missing")
        return None
    value = table[key]
    if value not in allowed:
        errs.add(field, f"expected one of {', '.join(allowed)}, got {value!r}")
        return None
    return value


def _ident(table: Mapping[str, Any], key: str, path: str, errs: _Errors) -> str | None:
    field = f"{path}{key}"
    value = table.get(key)
    if key not in table:
        errs.add(field, "missing")
    elif not isinstance(value, str) or not _ID.match(value):
        errs.add(field, f"expected lowercase letters, digits and _ starting with a letter, got {value!r}")
    else:
        return value
    return None


def _tables(data: Mapping[str, Any], key: str, errs: _Errors, allowed: tuple[str, ...]) -> list[tuple[str, dict]]:
    """The tables of an array (``[[key]]``), each with its path prefix; unknown keys reported."""
    value = data.get(key, [])
    if not isinstance(value, list):
        errs.add(key, f"expected a list of tables ([[{key}]]), got {_kind(value)}")
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            errs.add(f"{key}[{i}]", f"expected a table, got {_kind(item)}")
            continue
        _unknown_keys(item, allowed, f"{key}[{i}].", errs)
        out.append((f"{key}[{i}].", item))
    return out


def _strings(data: Mapping[str, Any], key: str, errs: _Errors) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list):
        errs.add(key, f"expected a list of text, got {_kind(value)}")
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            errs.add(f"{key}[{i}]", f"expected non-empty text, got {item!r}")
            continue
        _check_placeholders(item, f"{key}[{i}]", errs)
        out.append(item.strip())
    return out


def _applies_when(data: Mapping[str, Any], errs: _Errors) -> tuple[str, ...]:
    kept = []
    for i, item in enumerate(_strings(data, "applies_when", errs)):
        if item in APPLIES_WHEN:
            kept.append(item)
        else:
            errs.add(
                f"applies_when[{i}]",
                f"unknown signal, red flag, condition or cadence step {item!r}; expected one of {', '.join(sorted(APPLIES_WHEN))}",
            )
    return tuple(kept)


def _first_moves(data: Mapping[str, Any], errs: _Errors) -> tuple[FirstMove, ...]:
    moves = []
    for path, item in _tables(data, "first_moves", errs, _MOVE_KEYS):
        when = _choice(item, "when", path, WHENS, errs)
        text = _text(item, "text", path, errs)
        if when and text:
            moves.append(FirstMove(when=when, text=text))
    return tuple(moves)


def _steps(data: Mapping[str, Any], errs: _Errors) -> tuple[Step, ...]:
    if "steps" not in data:
        errs.add("steps", 'missing; a script needs at least one [[steps]] ending on cue = "commit"')
        return ()
    tables = _tables(data, "steps", errs, _STEP_KEYS)
    if not tables and isinstance(data["steps"], list) and not data["steps"]:
        errs.add("steps", "expected at least one step")
    steps: list[Step] = []
    seen: dict[str, str] = {}
    for i, (path, item) in enumerate(tables):
        values = (
            _ident(item, "id", path, errs),
            _text(item, "title", path, errs),
            _text(item, "say", path, errs),
            _choice(item, "cue", path, CUES, errs),
            _text(item, "cue_text", path, errs),
        )
        ask = _text(item, "ask", path, errs, required=False)
        step_id = values[0]
        if step_id in seen:
            errs.add(f"{path}id", f"duplicate of {seen[step_id]}id ({step_id!r})")
        elif step_id:
            seen[step_id] = path
        if i == len(tables) - 1 and values[3] and values[3] != "commit":
            errs.add(
                f"{path}cue",
                f'the last step must have cue "commit" (a specific commitment on a specific day), got {values[3]!r}',
            )
        step_id, title, say, cue, cue_text = values
        if step_id and title and say and cue and cue_text:
            steps.append(Step(step_id, title, say, cue, cue_text, ask=ask))
    return tuple(steps)


def _templates(data: Mapping[str, Any], errs: _Errors) -> tuple[Template, ...]:
    templates: list[Template] = []
    seen: dict[str, str] = {}
    for path, item in _tables(data, "templates", errs, _TEMPLATE_KEYS):
        tpl_id = _ident(item, "id", path, errs)
        channel = _choice(item, "channel", path, TEMPLATE_CHANNELS, errs)
        body = _text(item, "body", path, errs)
        subject = _text(item, "subject", path, errs, required=channel == "email")
        if channel and channel != "email" and "subject" in item:
            errs.add(f"{path}subject", f"only email templates have a subject, this one is {channel}")
        if tpl_id in seen:
            errs.add(f"{path}id", f"duplicate of {seen[tpl_id]}id ({tpl_id!r})")
        elif tpl_id:
            seen[tpl_id] = path
        if tpl_id and channel and body and (subject or channel != "email"):
            templates.append(
                Template(id=tpl_id, channel=channel, body=body, subject=subject if channel == "email" else None)
            )
    return tuple(templates)


def parse_script(
    data: Mapping[str, Any], where: str, *, file_name: str | None = None, source: str = "", user: bool = False
) -> Script:
    """A ``Script`` from parsed TOML, or ``ScriptError`` listing every problem.

    ``where`` starts every message (a file name or path). With ``file_name``, the
    file must be called ``<id>.<language>.toml`` so overrides are unambiguous.
    """
    errs = _Errors(where)
    _unknown_keys(data, _TOP_KEYS, "", errs)
    script_id = _ident(data, "id", "", errs)
    language = _choice(data, "language", "", LANGUAGES, errs)
    title = _text(data, "title", "", errs)
    summary = _text(data, "summary", "", errs)
    applies = _applies_when(data, errs)
    moves = _first_moves(data, errs)
    steps = _steps(data, errs)
    templates = _templates(data, errs)
    escalate = tuple(_strings(data, "escalate_when", errs))
    if file_name and script_id and language and file_name != f"{script_id}.{language}.toml":
        field = "id" if not file_name.startswith(f"{script_id}.") else "language"
        errs.add(field, f"the file must be named {script_id}.{language}.toml to match its id and language")
    if errs.items:
        raise ScriptError(errs.items)
    assert script_id and language and title and summary  # guaranteed when no error was recorded
    return Script(
        id=script_id,
        language=language,
        title=title,
        summary=summary,
        applies_when=applies,
        first_moves=moves,
        steps=steps,
        templates=templates,
        escalate_when=escalate,
        source=source,
        user=user,
    )


def load_script(file: Readable, *, where: str | None = None, user: bool = False) -> Script:
    """Read and validate one ``<id>.<language>.toml`` file (a Path or a package resource)."""
    where = where or file.name
    try:
        text = file.read_bytes().decode("utf-8")
        data = tomlfile.loads(text)
    except OSError as exc:
        raise ScriptError([f"{where}: cannot read the file: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ScriptError([f"{where}: not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScriptError([f"{where}: not valid TOML: {exc}"]) from None
    return parse_script(data, where, file_name=file.name, source=str(file), user=user)


def validate(path: Path) -> list[str]:
    """Every problem of one script file, one line each; empty when it is valid."""
    try:
        load_script(path, where=str(path))
    except ScriptError as exc:
        return exc.errors
    return []
