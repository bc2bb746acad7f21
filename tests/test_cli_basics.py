"""The command line's plumbing: version, help, exit codes, an empty book."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import csm_desk
from csm_desk.cli import main
from csm_desk.errors import CommandError


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"csm-desk {csm_desk.__version__}"


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("queue", "demo", "import", "export", "config"):
        assert command in out


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_python_dash_m_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "csm_desk", "--version"], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == f"csm-desk {csm_desk.__version__}"


def test_queue_on_an_empty_book(tmp_path, capsys):
    db = tmp_path / "data" / "csm.db"
    assert main(["--db", str(db), "--today", "2026-11-23", "queue"]) == 0
    assert "No account is at risk" in capsys.readouterr().out
    assert db.exists()


def test_queue_uses_the_user_data_folder_by_default(capsys):
    from csm_desk.locations import default_db_path

    assert main(["--today", "2026-11-23", "queue", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert default_db_path().exists()


def test_a_sqlite_url_is_accepted(tmp_path, capsys):
    assert main(["--db", f"sqlite:///{tmp_path / 'u.db'}", "queue", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_interrupt_is_one_line_and_130(monkeypatch, capsys):
    def interrupted(ctx, args):
        raise KeyboardInterrupt

    monkeypatch.setattr("csm_desk.commands.config.run_config", interrupted)
    assert main(["config"]) == 130
    assert capsys.readouterr().err == "csm-desk: interrupted; nothing was written\n"


def test_command_error_uses_its_exit_code(monkeypatch, capsys):
    def failing(ctx, args):
        raise CommandError("nothing to export", exit_code=3)

    monkeypatch.setattr("csm_desk.commands.config.run_config", failing)
    assert main(["config"]) == 3
    assert capsys.readouterr().err == "csm-desk: nothing to export\n"
