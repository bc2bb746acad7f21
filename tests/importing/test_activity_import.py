"""Activity files through a mapping, against numbers worked out by hand (see each test)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csm_desk.cli import main

MAPPING = """
name = "tool"
true_words = ["True"]
false_words = ["False"]

[[file]]
match = "accounts.csv"
kind = "accounts"
columns = { external_id = "id", name = "name", contract_start = "since" }

[[file]]
match = "subs.csv"
kind = "subscriptions"
columns = { id = "sub", account = "acc", start = "start", end = "end", arr = "arr", mrr = "mrr", billing = "billing", trial = "trial", upgrade = "upgrade" }

[[file]]
match = "usage.csv"
kind = "usage"
columns = { account = "acc", date = "day", feature = "feature", count = "n" }

[[file]]
match = "tickets.csv"
kind = "tickets"
columns = { account = "acc", date = "opened", priority = "priority", first_response_minutes = "first", escalated = "esc" }

[[file]]
match = "churn.csv"
kind = "churn"
columns = { id = "event", account = "acc", date = "day", reason = "why", feedback = "said" }

[aggregate]
snapshots = 2
adoption_window_days = 30
features_total = 4
escalations_signal_min = 2
reasons = { budget = "pricing" }
sla_first_response_minutes = { high = 60 }
"""
FILES = {
    "accounts.csv": "id,name,since\nX-1,One,2025-01-01\nX-2,Two,2024-05-01\n",
    "subs.csv": "sub,acc,start,end,arr,mrr,billing,trial,upgrade\n"
    "S1,X-1,2025-03-10,,12000,,annual,False,False\n"
    "S2,X-1,2026-06-01,,,500,monthly,False,True\n"
    "S3,X-1,2026-01-01,,0,0,annual,True,False\n"
    "S4,X-1,2024-01-01,2025-03-09,5000,,annual,False,False\n"
    "S5,X-2,2024-05-01,,3000,,annual,False,False\n",
    "usage.csv": "acc,day,feature,n\nX-1,2026-11-20,f1,10\nX-1,2026-11-01,f2,5\nX-1,2026-10-20,f1,20\nX-1,2026-10-01,f3,4\n",
    "tickets.csv": "acc,opened,priority,first,esc\nX-1,2026-11-10,high,90,True\nX-1,2026-11-15,high,30,True\n"
    "X-1,2026-10-10,low,999,False\n",
    "churn.csv": "event,acc,day,why,said\nC-1,X-1,2025-03-09,Features,missing reports\nC-2,X-2,2026-02-01,budget,\n",
}


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "map.toml").write_text(MAPPING)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def run(capsys, folder: Path, today: str = "2026-11-23", *extra: str) -> tuple[int, str, str]:
    files = [str(folder / n) for n in FILES]
    code = main(
        [
            "--db",
            str(folder / "book.db"),
            "--today",
            today,
            "import",
            "--mapping",
            str(folder / "map.toml"),
            *extra,
            *files,
        ]
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_subscriptions_give_arr_renewal_expansion_and_churned_stage(folder, capsys):
    code, _, err = run(capsys, folder)
    assert code == 0, err
    # X-1: S1 12,000 + S2 500 x 12 (S3 a trial, S4 ended); renews on S1's anniversary; S2 was an upgrade.
    # churned after its only subscription started, nothing since: stage churned.
    assert rows(
        folder / "book.db", "SELECT external_id, arr, renewal_date, last_expansion, stage FROM account ORDER BY 1"
    ) == [("X-1", 18000.0, "2027-03-10", "2026-06-01", ""), ("X-2", 3000.0, "2027-05-01", None, "churned")]


def test_snapshots_sum_usage_and_sla_misses_and_compute_health(folder, capsys):
    assert run(capsys, folder)[0] == 0
    # 11-23: logins 10+5, features {f1,f2} of 4, 1 high ticket over 60 min, 2 escalations:
    #   health = (40·15/19.5 + 30·1 + 30·0) = 61; 10-24: logins 20+4, {f1,f3}, no miss: 100.
    got = rows(
        folder / "book.db",
        "SELECT m.date, m.logins, m.feature_adoption, m.sla_misses_30d, m.health, m.nps "
        "FROM metric m JOIN account a ON a.id = m.account_id WHERE a.external_id = 'X-1' "
        "ORDER BY m.date",
    )
    assert got == [("2026-10-24", 24, 50.0, 0, 100, None), ("2026-11-23", 15, 50.0, 1, 61, None)]


def test_escalations_raise_a_signal_named_after_the_import_and_resolve_when_gone(folder, capsys):
    assert run(capsys, folder)[0] == 0
    db = folder / "book.db"
    assert rows(db, "SELECT date, kind, source, resolved_on FROM signal") == [
        ("2026-11-10", "escalations_rising", "tool", None)
    ]
    assert run(capsys, folder, "2026-12-30")[0] == 0
    assert rows(db, "SELECT date, resolved_on FROM signal") == [("2026-11-10", "2026-12-30")]


def test_churn_events_become_closed_cases_once(folder, capsys):
    code, out, _ = run(capsys, folder)
    assert code == 0
    assert "cases         2 created" in out
    expected = [
        ("X-1", "2025-03-09", "churned", "other", 5000.0, "tool churn C-1 (Features): missing reports"),
        ("X-2", "2026-02-01", "churned", "pricing", 3000.0, "tool churn C-2 (budget)"),
    ]
    sql = (
        "SELECT a.external_id, closed_on, outcome, reason, r.arr, note FROM risk_case r JOIN account a "
        "ON a.id = r.account_id WHERE outcome = 'churned' ORDER BY 1"
    )
    assert rows(folder / "book.db", sql) == expected
    code, out, _ = run(capsys, folder)
    assert "cases         0 created, 0 updated, 2 unchanged" in out
    assert "metrics       0 created, 0 updated, 4 unchanged" in out
    assert rows(folder / "book.db", sql) == expected


def test_dry_run_shows_the_plan_and_writes_nothing(folder, capsys):
    code, out, _ = run(capsys, folder, "2026-11-23", "--dry-run")
    assert code == 0
    assert "Dry run" in out and "cases         2 to create" in out
    assert "summed up from activity (tool): 5 subscriptions, 4 usage, 3 tickets, 2 churn" in out
    assert not (folder / "book.db").exists()  # a dry run on a new path leaves no database behind


def test_activity_for_unknown_accounts_and_subscriptions_is_refused(folder, capsys):
    (folder / "churn.csv").write_text("event,acc,day,why,said\nC-9,X-9,2026-02-01,budget,\n")
    (folder / "usage.csv").write_text("acc,day,feature,n\nX-1,2026-11-20,f1,ten\n")
    code, out, err = run(capsys, folder)
    assert code == 1 and out == ""
    assert f"{folder / 'usage.csv'}:2: n: expected a number written like 1,234.56, got 'ten'" in err
    assert f"{folder / 'churn.csv'}:2: account: no account with external_id 'X-9'" in err
    assert not (folder / "book.db").exists()  # a failed import on a new path leaves no database behind


def test_a_bad_mapping_is_one_line_exit_2(folder, capsys):
    (folder / "map.toml").write_text(MAPPING.replace('kind = "churn"', 'kind = "churns"'))
    code, _, err = run(capsys, folder)
    assert code == 2
    assert err.startswith(f"csm-desk: {folder / 'map.toml'}: file[5].kind: expected one of accounts,")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "event"),
    [("billing (BR): v2", "C-1"), ("tool", "C:1 (first)"), ("a: b (c)", "C (1): x")],
    ids=["colon-and-bracket-in-the-name", "in-the-event-id", "in-both"],
)
def test_churn_cases_are_found_again_whatever_the_names_hold(folder, capsys, name, event):
    (folder / "map.toml").write_text(MAPPING.replace('name = "tool"', f'name = "{name}"'))
    (folder / "churn.csv").write_text(
        f'event,acc,day,why,said\n"{event}",X-1,2025-03-09,Features,missing: reports (all)\nC-2,X-2,2026-02-01,,\n'
    )
    code, out, err = run(capsys, folder)
    assert code == 0, err
    assert "cases         2 created" in out
    code, out, _ = run(capsys, folder)
    assert "cases         0 created, 0 updated, 2 unchanged" in out
    keys = rows(folder / "book.db", "SELECT source_key FROM risk_case WHERE outcome = 'churned' ORDER BY 1")
    assert sorted(k for (k,) in keys) == sorted([f"{name} churn {event}", f"{name} churn C-2"])
