"""The call-script library: shipped playbooks, the loader's validation, filling, the command."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import date

import pytest

from csm_desk import locations
from csm_desk.clock import Clock
from csm_desk.commands.scripts import run_scripts
from csm_desk.config import Settings
from csm_desk.context import Context
from csm_desk.domain.cadence import DEFAULT_STEPS
from csm_desk.scripts.loader import (
    CUES,
    ORDER,
    PLACEHOLDERS,
    Library,
    Segment,
    fill,
    fill_text,
    load_library,
    placeholders,
    shipped_dir,
    validate,
)

LANGS = ("en", "pt-BR")

VALID_USER_SCRIPT = """
id = "{id}"
language = "{language}"
title = "{title}"
summary = "A short playbook written by the user."
applies_when = ["budget_change"]

[[first_moves]]
when = "24h"
text = "Ask finance at {{company}} what changed."

[[steps]]
id = "open"
title = "Open"
say = "Hi {{contact_first_name}}, I heard the budget moved."
cue = "listen"
cue_text = "Let them talk."

[[steps]]
id = "close"
title = "Close"
say = "Can we meet on {{proposed_day}}?"
cue = "commit"
cue_text = "A day, not a maybe."

[[templates]]
id = "note"
channel = "whatsapp"
body = "Hi {{contact_first_name}}, shall we talk on {{proposed_day}}?"
"""


def user_script(script_id: str = "budget_talk", language: str = "en", title: str = "Budget talk") -> str:
    return VALID_USER_SCRIPT.format(id=script_id, language=language, title=title)


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library()


# --- shipped scripts ---------------------------------------------------------------


def test_shipped_files_are_all_valid(shipped):
    assert shipped.errors == []
    for entry in shipped_dir().iterdir():
        if entry.name.endswith(".toml"):
            assert validate(entry) == [], entry.name


@pytest.mark.parametrize("script_id", ORDER)
@pytest.mark.parametrize("language", LANGS)
def test_every_playbook_ships_complete_in_both_languages(shipped, script_id, language):
    script = shipped.scripts[(script_id, language)]
    assert script.language == language and not script.user
    assert len(script.steps) >= 4
    assert script.steps[-1].cue == "commit"
    assert all(step.cue in CUES for step in script.steps)
    assert script.first_moves and script.templates and script.escalate_when
    assert all(t.subject for t in script.templates if t.channel == "email")
    assert placeholders(script) <= set(PLACEHOLDERS)


@pytest.mark.parametrize("script_id", ORDER)
def test_languages_share_step_and_template_ids(shipped, script_id):
    en, pt = shipped.scripts[(script_id, "en")], shipped.scripts[(script_id, "pt-BR")]
    assert [s.id for s in en.steps] == [s.id for s in pt.steps]
    assert [s.cue for s in en.steps] == [s.cue for s in pt.steps]
    assert [t.id for t in en.templates] == [t.id for t in pt.templates]
    assert en.applies_when == pt.applies_when
    assert en.steps[0].say != pt.steps[0].say  # really written in each language


def test_lifecycle_scripts_match_the_cadence_steps(shipped):
    for step in DEFAULT_STEPS:
        script = shipped.get(step.script, "pt-BR")
        assert script is not None and script.applies_when == (step.key,)
        assert any(s.ask for s in script.steps), "one diagnostic question"


def test_listening_tour_asks_the_five_questions_and_reads_back(shipped):
    script = shipped.get("listening_tour", "en")
    assert script.applies_when == ()
    ids = [s.id for s in script.steps]
    for needed in ("works", "doesnt_work", "three_changes", "nearly_left", "keeps_you", "read_back"):
        assert needed in ids
    assert script.step("read_back").cue == "read_back"


def test_suggest_matches_flags_and_defaults_to_listening_tour(shipped):
    assert [s.id for s in shipped.suggest({"competitor_mentioned"}, "en")] == ["competitor"]
    assert shipped.suggest({"logins_drop", "health_crash"}, "pt-BR")[0].id == "usage_drop"
    assert [s.id for s in shipped.suggest(set(), "en")] == ["listening_tour"]


def test_get_falls_back_to_english(tmp_path):
    (tmp_path / "budget_talk.en.toml").write_text(user_script(), encoding="utf-8")
    library = load_library(tmp_path)
    assert library.get("budget_talk", "pt-BR").language == "en"
    assert library.get("champion_silent", "pt-BR").language == "pt-BR"
    assert library.get("no_such_script", "en") is None


# --- filling -------------------------------------------------------------------------


def test_fill_text_marks_missing_values_visibly():
    text = "Hi {contact_first_name}, I noticed that {change}. Does {proposed_day} work?"
    out = fill_text(text, {"contact_first_name": "Ana", "change": "", "proposed_day": None})
    assert out == "Hi Ana, I noticed that ⟨change⟩. Does ⟨proposed_day⟩ work?"


def test_fill_returns_segments_flagging_what_is_missing():
    segments = fill("Hi {contact_first_name}, from {csm_name}.", {"csm_name": "Rui"})
    assert segments == [Segment("Hi ", False), Segment("⟨contact_first_name⟩", True), Segment(", from Rui.", False)]
    text, missing = segments[1]
    assert missing and text == "⟨contact_first_name⟩"


def test_fill_never_reads_values_as_placeholders_and_keeps_literal_braces():
    out = fill_text("{{x}} {company}", {"company": "[bold]{product}[/]"})
    assert out == "{x} [bold]{product}[/]"
    assert fill("", {}) == [Segment("", False)]


def test_filled_shipped_script_has_no_marker_when_everything_is_known(shipped):
    values = {name: f"<{name}>" for name in PLACEHOLDERS}
    for script in shipped.all():
        for _, text in script.texts():
            assert "⟨" not in fill_text(text, values)


# --- user scripts ----------------------------------------------------------------------


def test_user_override_replaces_the_shipped_script(tmp_path):
    (tmp_path / "champion_silent.en.toml").write_text(
        user_script("champion_silent", title="My own silent-champion call"), encoding="utf-8"
    )
    library = load_library(tmp_path)
    assert library.errors == []
    script = library.get("champion_silent", "en")
    assert script.user and script.title == "My own silent-champion call"
    assert not library.get("champion_silent", "pt-BR").user  # the other language is untouched


def test_user_script_with_a_new_id_adds_a_playbook(tmp_path):
    (tmp_path / "budget_talk.pt-BR.toml").write_text(user_script(language="pt-BR"), encoding="utf-8")
    library = load_library(tmp_path)
    assert library.ids()[-1] == "budget_talk"
    assert library.suggest({"budget_change"}, "pt-BR")[0].id == "budget_talk"


def test_broken_user_script_is_reported_by_file_and_field_and_skipped(tmp_path):
    bad = user_script().replace('cue = "listen"', 'cue = "lisen"')
    (tmp_path / "budget_talk.en.toml").write_text(bad, encoding="utf-8")
    (tmp_path / "other_talk.en.toml").write_text(user_script("other_talk"), encoding="utf-8")
    library = load_library(tmp_path)
    assert len(library.errors) == 1
    assert "budget_talk.en.toml: steps[0].cue: expected one of listen, verbatim" in library.errors[0]
    assert library.get("budget_talk", "en") is None
    assert library.get("other_talk", "en") is not None
    assert library.get("champion_silent", "en") is not None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("[[templates]]", 'colour = "red"\n[[templates]]', 1), "steps[1].colour: unknown key"),
        (
            lambda t: t.replace("{proposed_day}?", "{meeting_day}?", 1),
            "steps[1].say: unknown placeholder {meeting_day}",
        ),
        (lambda t: t.replace('cue = "commit"', 'cue = "listen"'), 'steps[1].cue: the last step must have cue "commit"'),
        (lambda t: t.replace('"budget_change"', '"budget_cut"'), "applies_when[0]: unknown signal"),
        (lambda t: t.replace('when = "24h"', 'when = "tomorrow"'), "first_moves[0].when: expected one of"),
        (lambda t: t.replace('channel = "whatsapp"', 'channel = "email"'), "templates[0].subject: missing"),
        (lambda t: t.replace('id = "close"', 'id = "open"'), "steps[1].id: duplicate of steps[0].id"),
        (lambda t: t.replace('title = "Open"\n', ""), "steps[0].title: missing"),
        (lambda t: t.replace('language = "en"', "language = 3"), "language: expected one of en, pt-BR, got 3"),
        (lambda t: t + "\nnot toml at all", "budget_talk.en.toml: not valid TOML"),
    ],
)
def test_schema_errors_name_the_file_and_the_field(tmp_path, change, expected):
    (tmp_path / "budget_talk.en.toml").write_text(change(user_script()), encoding="utf-8")
    library = load_library(tmp_path)
    assert any(expected in error and "budget_talk.en.toml" in error for error in library.errors), library.errors
    assert all("\n" not in error for error in library.errors)
    assert library.get("budget_talk", "en") is None


def test_file_name_must_match_id_and_language(tmp_path):
    (tmp_path / "budget.en.toml").write_text(user_script(), encoding="utf-8")
    errors = load_library(tmp_path).errors
    assert errors and "budget.en.toml: id: the file must be named budget_talk.en.toml" in errors[0]


def test_missing_user_folder_is_no_error(tmp_path):
    assert load_library(tmp_path / "nowhere").errors == []


# --- the command -----------------------------------------------------------------------


def _ctx() -> Context:
    return Context(settings=Settings(), clock=Clock.frozen(date(2026, 11, 23)), db="unused.db")


def test_run_scripts_json_parses_and_lists_every_language(capsys):
    code = run_scripts(_ctx(), argparse.Namespace(json=True, lang=None))
    rows = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {(r["id"], r["language"]) for r in rows} == {(i, lang) for i in ORDER for lang in LANGS}
    assert {"id", "language", "title", "applies_when"} <= set(rows[0])


def test_run_scripts_reports_invalid_user_scripts_and_returns_1(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    folder = locations.config_dir() / "scripts"
    folder.mkdir(parents=True)
    (folder / "budget_talk.en.toml").write_text(
        user_script().replace('cue = "commit"', 'cue = "nope"'), encoding="utf-8"
    )
    (folder / "champion_silent.pt-BR.toml").write_text(
        user_script("champion_silent", "pt-BR", "[bold]Meu roteiro[/]"), encoding="utf-8"
    )
    code = run_scripts(_ctx(), argparse.Namespace(json=False, lang="pt-BR"))
    out, err = capsys.readouterr()
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "budget_talk.en.toml: steps[1].cue" in err
    assert "[bold]Meu roteiro[/]" in out  # user text printed as text, never as markup


def test_loader_imports_no_ui_or_database():
    code = (
        "import sys, csm_desk.scripts.loader as l; l.load_library(); "
        "bad = {m.split('.')[0] for m in sys.modules} & {'textual', 'sqlmodel', 'sqlalchemy'}; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
