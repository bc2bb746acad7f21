"""The suggested playbook through the store, the desk and ``csm-desk queue --json``: the same for the
queue, the detail pane and call mode, read from the script library (DOMAIN §5, docs/rules.md)."""

from __future__ import annotations

import json
from datetime import timedelta

from csm_desk.cli import main
from csm_desk.domain.signals import FlagRules
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import Contact, Metric, Signal

from .conftest import add_account


def _book(build, today):
    def day(n: int):
        return today - timedelta(days=n)

    def sick(**extra) -> list[Metric]:
        # health_low and sla_misses: at risk by two problems that suggest nothing themselves.
        return [
            Metric(date=day(40), health=45, sla_misses_30d=3, **extra),
            Metric(date=day(5), health=44, sla_misses_30d=4, **extra),
        ]

    def fn(s):
        return {
            "qbr": add_account(s, "qbr", metrics=sick(), signals=[Signal(date=day(9), kind="skipped_qbr")]),
            "leader": add_account(s, "leader", metrics=sick(), signals=[Signal(date=day(9), kind="new_leader")]),
            "stopped": add_account(s, "stopped", metrics=sick(), signals=[Signal(date=day(9), kind="users_stopped")]),
            "quiet": add_account(s, "quiet", metrics=sick(logins=0)),
            "busy": add_account(s, "busy", metrics=sick(logins=3)),
            "bench": add_account(s, "bench", metrics=sick(logins=10, login_benchmark=50)),
            "gone": add_account(
                s, "gone", metrics=sick(), contacts=[Contact(name="Ex", role="champion", status="left")]
            ),
            "silent_pt": add_account(
                s, "silent_pt", language="pt-BR", metrics=sick(), signals=[Signal(date=day(9), kind="emails_ignored")]
            ),
        }

    return build(fn)


EXPECTED = {
    "qbr": "champion_silent",
    "leader": "champion_left",
    "stopped": "usage_drop",
    "quiet": "champion_silent",
    "busy": "listening_tour",
    "bench": "listening_tour",
    "gone": "champion_left",
    "silent_pt": "champion_silent",
}


def test_the_queue_json_suggests_what_the_library_says(build, today, db_path, capsys):
    _book(build, today)
    assert main(["--db", str(db_path), "--today", today.isoformat(), "queue", "--json"]) == 0
    rows = {r["external_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert {k: r["suggested_playbook"] for k, r in rows.items()} == EXPECTED
    # The zero count is no red flag: "quiet" is at risk by its two problems, like the others.
    assert rows["quiet"]["red_flags"] == ["health_low", "sla_misses"]
    assert rows["bench"]["red_flags"] == ["health_low", "logins_below_benchmark", "sla_misses"]


def test_the_detail_pane_and_call_mode_suggest_what_the_queue_does(build, today, desk):
    ids = _book(build, today)
    by_id = {e.facts.id: e for e in desk.queue(whole_book=True)}
    for key, account_id in ids.items():
        detail = desk.account(account_id)
        assert detail.entry.facts.logins_30d == {"quiet": 0, "busy": 3, "bench": 10}.get(key)
        queue_side = desk.entry_suggestion(by_id[account_id])
        assert desk.account_suggestion(detail) == queue_side
        assert desk.suggested_script(detail) == EXPECTED[key]
        pid, title, moves = desk.playbook_for(detail)
        assert pid == EXPECTED[key] and title and moves
    quiet = desk.account_suggestion(desk.account(ids["quiet"]))
    assert quiet.because == ("no_login_30d",)
    gone = desk.account_suggestion(desk.account(ids["gone"]))
    assert gone.because == ("champion_left",)


def test_the_latest_login_count_follows_new_snapshots(build, today, store, desk):
    ids = _book(build, today)
    with store.write() as s:
        s.add(Metric(account_id=ids["quiet"], date=today, logins=7))
        s.flush()
        evaluate_accounts(s, [ids["quiet"]], today, FlagRules())
    detail = desk.account(ids["quiet"])
    assert detail.entry.facts.logins_30d == 7 and detail.account.logins_30d == 7
    assert desk.suggested_script(detail) == "listening_tour"
