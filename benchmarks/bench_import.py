"""Importing exports as they come: 200,000 rows of metrics or usage events, and a 10,000-row spreadsheet.

    python benchmarks/bench_import.py              # all four, 3 runs each
    python benchmarks/bench_import.py --runs 1 --rows 50000

Each run imports into a fresh empty database through the CLI, as a user runs it, after the accounts
are in (their import is not timed). Timed:
- native metrics: a 200,000-row native ``metrics.csv`` (UTF-8, ``,``) for 2,000 accounts;
- Brazilian metrics: the same rows as Excel saves them in Brazil (Windows-1252, ``;``, ``DD/MM/YYYY``,
  ``1.234,56``) through a ``locale = "pt-BR"`` mapping: detection, sniffing and conversion included;
- usage events: 200,000 usage events through a mapping, summed up into monthly snapshots;
- xlsx: a 10,000-row accounts spreadsheet (pt-BR, ``R$`` monthly fees × 12) through a mapping.
Goals (issue #13): 200k rows ≤ 5 s; xlsx of 10k rows ≤ 3 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from csm_desk.cli import main as csm_desk

TODAY = date(2026, 11, 23)
ACCOUNTS = 2_000
GOALS = {"native metrics": 5.0, "Brazilian metrics": 5.0, "usage events": 5.0, "xlsx": 3.0}

PT_METRICS = """locale = "pt-BR"
[[file]]
kind = "metrics"
columns = { account = "Conta", date = "Data", health = "Saúde", logins = "Acessos", active_users = "Usuários ativos", feature_adoption = "Adoção (%)" }
"""
USAGE = """[[file]]
kind = "usage"
columns = { account = "account", date = "day", feature = "feature", count = "n" }
[aggregate]
snapshots = 6
features_total = 20
"""
XLSX = """locale = "pt-BR"
[[file]]
kind = "accounts"
columns = { external_id = "CNPJ", name = "Nome", contract_start = "Início", arr = { column = "Mensalidade", times = 12 } }
"""


def _run(db: Path, *args: str) -> float:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = csm_desk(["--db", str(db), "--today", TODAY.isoformat(), "import", *args])
    if code != 0:
        raise SystemExit(f"csm-desk import {' '.join(args)} failed with exit code {code}")
    return time.perf_counter() - start


def _write_files(root: Path, rows: int) -> dict[str, list[str]]:
    rng = random.Random(13)
    (root / "accounts.csv").write_text(
        "external_id,name\n" + "".join(f"A-{i},Account {i}\n" for i in range(ACCOUNTS)), encoding="utf-8"
    )
    days = [TODAY - timedelta(days=d) for d in range(rows // ACCOUNTS + 1)]
    native, brazil, usage = ["account,date,health,logins,active_users,feature_adoption"], [], ["account,day,feature,n"]
    brazil.append("Conta;Data;Saúde;Acessos;Usuários ativos;Adoção (%)")
    for n in range(rows):
        account, day = f"A-{n % ACCOUNTS}", days[n // ACCOUNTS]
        health, logins, users, adoption = rng.randint(0, 100), rng.randint(0, 5000), rng.randint(0, 300), rng.random()
        native.append(f"{account},{day.isoformat()},{health},{logins},{users},{adoption * 100:.2f}")
        brazil.append(f"{account};{day:%d/%m/%Y};{health};{logins:,};{users};{adoption * 100:.2f}".replace(",", "X"))
        usage.append(f"{account},{(TODAY - timedelta(days=rng.randint(0, 179))).isoformat()},f{rng.randint(1, 20)},1")
    brazil = [brazil[0]] + [line.replace(".", ",").replace("X", ".") for line in brazil[1:]]
    (root / "metrics.csv").write_text("\n".join(native) + "\n", encoding="utf-8")
    (root / "metricas.csv").write_bytes(("\r\n".join(brazil) + "\r\n").encode("cp1252"))
    (root / "usage.csv").write_text("\n".join(usage) + "\n", encoding="utf-8")
    (root / "pt.toml").write_text(PT_METRICS, encoding="utf-8")
    (root / "usage.toml").write_text(USAGE, encoding="utf-8")
    (root / "xlsx.toml").write_text(XLSX, encoding="utf-8")
    _write_xlsx(root / "contas.xlsx", rng)
    return {
        "native metrics": [str(root / "metrics.csv")],
        "Brazilian metrics": ["--mapping", str(root / "pt.toml"), str(root / "metricas.csv")],
        "usage events": ["--mapping", str(root / "usage.toml"), str(root / "usage.csv")],
        "xlsx": ["--mapping", str(root / "xlsx.toml"), str(root / "contas.xlsx")],
    }


def _write_xlsx(path: Path, rng: random.Random) -> None:
    from openpyxl import Workbook  # a test dependency: pip install -e ".[test]"

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Contas")
    sheet.append(["CNPJ", "Nome", "Início", "Mensalidade"])
    for i in range(10_000):
        fee = f"R$ {rng.randint(100, 90_000):,}.{rng.randint(0, 99):02d}"  # R$ 12,345.67 ...
        fee = fee.replace(",", "X").replace(".", ",").replace("X", ".")  # ... as Brazil writes it: R$ 12.345,67
        sheet.append([f"{i:08d}/0001-{i % 100:02d}", f"Empresa {i}", TODAY - timedelta(days=i % 900), fee])
    book.save(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    missed = False
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        cases = _write_files(root, args.rows)
        print(f"{'import':<20} {'rows':>8} {'median s':>9} {'goal s':>7}")
        for name, files in cases.items():
            times = []
            for n in range(args.runs):
                db = root / f"{name.replace(' ', '_')}-{n}.db"
                if name != "xlsx":
                    _run(db, str(root / "accounts.csv"))
                times.append(_run(db, *files))
            median = statistics.median(times)
            ok = median <= GOALS[name]
            missed |= not ok
            rows = 10_000 if name == "xlsx" else args.rows
            print(f"{name:<20} {rows:>8,} {median:>9.2f} {GOALS[name]:>7.1f} {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
