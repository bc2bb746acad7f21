"""Whose book: a CSM sees their own accounts by default (app.me or --owner); --team shows everybody's."""

from __future__ import annotations

import json

from csm_desk.cli import build_parser, main
from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.context import Context

from .conftest import add_account, two_flag_metrics


def _queue(capsys, db, *args: str) -> set[str]:
    capsys.readouterr()
    assert main(["--db", str(db), "--today", "2026-11-23", *args]) == 0
    return {row["owner"] for row in json.loads(capsys.readouterr().out)}


def test_the_queue_is_mine_by_default_and_the_team_on_request(build, db_path, tmp_path, today, capsys):
    build(
        lambda s: [
            add_account(s, f"{who}-1", owner=who, arr=20_000, metrics=two_flag_metrics(today)) for who in ("Ana", "Ben")
        ]
    )
    config = tmp_path / "config.toml"
    config.write_text('[app]\nme = "Ana"\n')
    assert _queue(capsys, db_path, "queue", "--json") == {"Ana", "Ben"}  # nobody configured: everybody's
    assert _queue(capsys, db_path, "--config", str(config), "queue", "--json") == {"Ana"}
    assert _queue(capsys, db_path, "--config", str(config), "queue", "--json", "--team") == {"Ana", "Ben"}
    assert _queue(capsys, db_path, "--config", str(config), "queue", "--json", "--owner", "Ben") == {"Ben"}


def test_owner_for_resolves_explicit_then_top_level_then_config():
    ctx = Context(settings=Settings(), clock=Clock(), db="x.db")
    assert ctx.owner_for() is None
    me = Settings(app=Settings().app.__class__(me="Ana"))
    assert Context(settings=me, clock=Clock(), db="x.db").owner_for() == "Ana"
    assert Context(settings=me, clock=Clock(), db="x.db", owner="Ben").owner_for() == "Ben"
    assert Context(settings=me, clock=Clock(), db="x.db", owner="Ben").owner_for("Cy") == "Cy"
    assert Context(settings=me, clock=Clock(), db="x.db", team=True).owner_for() is None


def test_top_level_owner_and_team_reach_the_context():
    args = build_parser().parse_args(["--owner", "Ben", "--team"])
    assert (args.top_owner, args.top_team) == ("Ben", True)
