"""``csm-desk report``: the dashboard's figures on the command line, as panels or JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from csm_desk.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    assert run(capsys, "--db", db, "--today", "2026-11-23", "demo")[0] == 0
    return db


def test_json_shape(demo_db, capsys):
    code, out, _ = run(capsys, "--db", demo_db, "--today", "2026-11-23", "report", "--json")
    assert code == 0
    r = json.loads(out)
    assert set(r) == {"today", "period", "at_risk", "pipeline", "month", "outcomes", "durability", "at_risk_arr_trend"}
    assert (r["today"], r["period"]) == ("2026-11-23", "2026-11")
    assert [t["tier"] for t in r["at_risk"]["by_tier"]] == ["high", "medium", "low"]
    assert r["at_risk"]["accounts"] == sum(t["accounts"] for t in r["at_risk"]["by_tier"]) > 0
    assert [s["stage"] for s in r["pipeline"]] == ["identified", "engaged", "save_plan", "monitoring"]
    month = r["month"]
    assert month["moved_to_at_risk"] == sum(month[k]["count"] for k in ("saved", "churned", "let_go", "still_working"))
    o = r["outcomes"]
    assert (o["from"], o["to"]) == ("2025-12-01", "2026-11-23")
    assert o["save_rate"]["closed"] == sum(o["closed"].values()) > 0
    assert o["benchmarks"] == {"enterprise": [0.45, 0.65], "smb": [0.25, 0.4]}
    assert {"segment", "saved", "closed", "rate", "benchmark"} <= set(o["by_segment"][0])
    assert set(o["executive_involved"]) == {"with", "without"}
    assert sum(x["cases"] for x in o["reasons"]) == o["save_rate"]["closed"]
    assert o["time_to_detect"]["within"][0]["days"] == 14 and o["time_to_engage"]["within"][0]["days"] == 2
    assert [p["month"] for p in r["at_risk_arr_trend"]][-1] == "2026-11" and len(r["at_risk_arr_trend"]) == 12
    assert r["at_risk_arr_trend"][-1]["accounts"] == r["at_risk"]["accounts"]


def test_period_and_text(demo_db, capsys):
    code, out, _ = run(capsys, "--db", demo_db, "--today", "2026-11-23", "report", "--period", "2026-09")
    assert code == 0
    assert "Sep 2026" in out and "Save rate" in out and "Time to engage" in out and "█" in out
    r = json.loads(run(capsys, "--db", demo_db, "--today", "2026-11-23", "report", "--json", "--period", "2026-09")[1])
    assert r["period"] == "2026-09" and r["outcomes"]["to"] == "2026-09-30"


@pytest.mark.parametrize("period, says", [("2026-13", "YYYY-MM"), ("2027-01", "after today")])
def test_bad_period_is_one_line_exit_2(demo_db, capsys, period, says):
    code, out, err = run(capsys, "--db", demo_db, "--today", "2026-11-23", "report", "--period", period)
    assert code == 2 and out == "" and says in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_report_imports_no_textual(demo_db):
    code = (
        "import sys; from csm_desk.cli import main; "
        f"main(['--db', {demo_db!r}, '--today', '2026-11-23', 'report', '--json']); "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
