"""The RavenStack data set through its shipped mapping: what the import says must equal what
the csv module says, computed here independently."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from csm_desk.cli import main

# shared/ sits beside the repository (tests/conftest.py SHARED); importing conftest by name
# would pick whichever conftest.py pytest loaded first.
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ravenstack"
MAPPING = Path(__file__).resolve().parents[2] / "src/csm_desk/importing/presets/ravenstack.toml"
TODAY = date(2025, 1, 1)
REASONS = {
    "features": "product_gap",
    "support": "support_issue",
    "competitor": "competitive",
    "pricing": "pricing",
    "budget": "pricing",
    "unknown": "other",
}

# slow: the module fixture imports the whole data set (~2 s)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"RavenStack data set not found at {DATA}"),
]


def rows(name: str) -> list[dict]:
    with open(DATA / f"ravenstack_{name}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("rs") / "rs.db"
    files = sorted(str(p) for p in DATA.glob("ravenstack_*.csv"))
    assert main(["--db", str(db), "--today", TODAY.isoformat(), "import", "--mapping", str(MAPPING), *files]) == 0
    return db


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_every_account_is_imported_once(imported):
    assert query(imported, "SELECT count(*) FROM account")[0][0] == len({r["account_id"] for r in rows("accounts")})


def test_arr_is_the_active_paid_subscriptions(imported):
    expected: Counter = Counter()
    for s in rows("subscriptions"):
        start, end = date.fromisoformat(s["start_date"]), s["end_date"]
        if start <= TODAY and (not end or date.fromisoformat(end) > TODAY) and s["is_trial"] != "True":
            expected[s["account_id"]] += float(s["arr_amount"])
    got = dict(query(imported, "SELECT external_id, arr FROM account"))
    assert sum(got.values()) == pytest.approx(sum(expected.values()))
    assert {k: v for k, v in got.items() if v} == pytest.approx(dict(expected))


def test_churn_events_become_closed_cases_with_mapped_reasons(imported):
    events = rows("churn_events")
    expected = Counter(REASONS[e["reason_code"]] for e in events)
    got = dict(
        query(
            imported,
            "SELECT reason, count(*) FROM risk_case WHERE outcome = 'churned' "
            "AND closed_on IS NOT NULL GROUP BY reason",
        )
    )
    assert got == dict(expected)
    assert query(imported, "SELECT count(*) FROM risk_case WHERE outcome = 'churned'")[0][0] == len(events)


def test_reimporting_changes_nothing(imported, capsys):
    files = sorted(str(p) for p in DATA.glob("ravenstack_*.csv"))
    code = main(["--db", str(imported), "--today", TODAY.isoformat(), "import", "--mapping", str(MAPPING), *files])
    out = capsys.readouterr().out
    assert code == 0
    assert "0 created" in out and "cases         0 created, 0 updated, 600 unchanged" in out
    assert query(imported, "SELECT count(*) FROM risk_case WHERE outcome = 'churned'")[0][0] == len(
        rows("churn_events")
    )


def test_health_is_derived_and_nps_stays_unknown(imported):
    assert query(imported, "SELECT count(*) FROM metric WHERE nps IS NOT NULL OR active_users IS NOT NULL")[0][0] == 0
    low, high = query(imported, "SELECT min(health), max(health) FROM metric")[0]
    assert 0 <= low < high <= 100


def test_the_queue_is_a_sensible_share_of_the_live_book(imported, capsys):
    assert main(["--db", str(imported), "--today", TODAY.isoformat(), "queue", "--json"]) == 0
    queue = json.loads(capsys.readouterr().out)
    live = query(imported, "SELECT count(*) FROM account WHERE stage != 'churned'")[0][0]
    assert 0.05 * live <= len(queue) <= 0.4 * live
    assert all(len(e["red_flags"]) >= 2 or e["stage"] for e in queue)
    assert {e["tier"] for e in queue} <= {"high", "medium", "low"}
    churned = {r[0] for r in query(imported, "SELECT name FROM account WHERE stage = 'churned'")}
    assert not churned & {e["name"] for e in queue}
