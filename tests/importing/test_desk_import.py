"""The import through the service layer (what the import screen runs): the preview writes nothing, the
import is one transaction undone exactly by ``u``, and one too big for undo backs the book up first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csm_desk.importing import run
from csm_desk.importing.mapping import load_mapping
from csm_desk.importing.progress import Progress
from csm_desk.importing.run import ImportRequest
from store.dbdump import dump  # tests/ is on the path (pytest prepends it); tests/store is a package

ACCOUNTS = (
    "external_id,name,arr,segment,owner,contract_start\n"
    "A-1,Acme,12000,smb,Ana,2026-11-01\n"
    "A-2,Beta [bold]x[/],80000,enterprise,Ben,2024-03-01\n"
)
CHILDREN = {
    "contacts.csv": "account,name,title,role\nA-1,Jo Silva,CTO,champion\n",
    "metrics.csv": "account,date,health,logins,active_users\nA-1,2026-11-20,30,40,5\nA-2,2026-11-20,90,100,10\n",
}
PT_BR_MAPPING = """
name = "rd"
locale = "pt-BR"

[[file]]
kind = "accounts"
columns = { external_id = "CNPJ", name = "Nome", contract_start = "Início", arr = { column = "Mensalidade", times = 12 } }
"""
PT_BR_CSV = "CNPJ;Nome;Início;Mensalidade\r\n12.345.678/0001-90;Atlas Comércio;05/03/2024;R$ 12.500\r\n"


def _files(folder: Path, files: dict[str, str]) -> tuple[str, ...]:
    paths = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(str(folder / name))
    return tuple(paths)


@pytest.fixture
def seeded(desk, tmp_path):
    """A book with A-1 and A-2, imported through the desk (and that import's undo step let go)."""
    outcome = desk.import_files(
        ImportRequest(_files(tmp_path, {"accounts.csv": ACCOUNTS})), Progress(), backups=tmp_path
    )
    assert outcome.written and not outcome.problems
    desk.undo = type(desk.undo)()
    return desk


def test_the_preview_writes_nothing_and_says_what_the_import_would_do(seeded, db_path, tmp_path):
    desk = seeded
    before = dump(db_path)
    request = ImportRequest(_files(tmp_path, {"accounts.csv": ACCOUNTS.replace("12000", "15000"), **CHILDREN}))
    outcome = desk.preview_import(request, Progress())
    assert outcome.dry_run and not outcome.written and not outcome.problems
    assert {k: (t.created, t.updated, t.unchanged) for k, t in outcome.tallies.items()} == {
        "accounts": (0, 1, 1),
        "contacts": (1, 0, 0),
        "metrics": (2, 0, 0),
    }
    # Two stored accounts' rows (accounts, stage changes, follow-ups...) and the five rows the files bring.
    assert outcome.size is not None and 7 < outcome.size <= run.UNDO_ROWS and outcome.fits_undo
    assert dump(db_path) == before
    assert len(desk.undo) == 0


def test_the_import_is_one_undo_step_that_restores_the_book_exactly(seeded, db_path, tmp_path):
    desk = seeded
    before = dump(db_path)
    request = ImportRequest(_files(tmp_path, {"accounts.csv": ACCOUNTS.replace("12000", "15000"), **CHILDREN}))
    outcome = desk.import_files(request, Progress(), backups=tmp_path / "backups")
    assert outcome.written and outcome.undoable and outcome.backup is None
    acme = desk.account_by_external_id("A-1")
    assert acme is not None and acme.account.arr == 15000
    assert [c.name for c in acme.contacts] == ["Jo Silva"]
    assert acme.account.health == 30  # re-evaluated in the import's transaction
    assert desk.undo.peek() is outcome.undo_step and outcome.undo_step.label == "import of 3 files"
    desk.undo_last()
    assert dump(db_path) == before
    assert not (tmp_path / "backups").exists()


def test_undoing_an_import_of_new_accounts_removes_them(desk, db_path, tmp_path):
    before = dump(db_path)
    mapping = tmp_path / "rd.toml"
    mapping.write_text(PT_BR_MAPPING, encoding="utf-8")
    data = tmp_path / "empresas.csv"
    data.write_bytes(PT_BR_CSV.encode("cp1252"))
    outcome = desk.import_files(
        ImportRequest((str(data),), mapping=load_mapping(str(mapping))), Progress(), backups=tmp_path
    )
    assert outcome.tallies["accounts"].created == 1
    atlas = desk.account_by_external_id("12.345.678/0001-90")
    assert atlas is not None and atlas.account.name == "Atlas Comércio" and atlas.account.arr == 150_000
    desk.undo_last()
    assert desk.account_by_external_id("12.345.678/0001-90") is None
    assert dump(db_path) == before


def test_importing_the_same_files_again_changes_nothing_and_records_no_step(seeded, tmp_path):
    desk = seeded
    outcome = desk.import_files(
        ImportRequest(_files(tmp_path, {"accounts.csv": ACCOUNTS})), Progress(), backups=tmp_path
    )
    assert outcome.written and outcome.tallies["accounts"].unchanged == 2
    assert not outcome.undoable and len(desk.undo) == 0


def test_a_file_with_a_problem_writes_nothing(seeded, db_path, tmp_path):
    desk = seeded
    before = dump(db_path)
    bad = {"accounts.csv": ACCOUNTS + "A-3,Gamma,lots,smb,Ana,2026-01-01\n", **CHILDREN}
    outcome = desk.import_files(ImportRequest(_files(tmp_path, bad)), Progress(), backups=tmp_path / "backups")
    assert [str(p) for p in outcome.problems] == [f"{tmp_path / 'accounts.csv'}:4: arr: expected a number, got 'lots'"]
    assert not outcome.written and outcome.undo_step is None
    assert dump(db_path) == before and len(desk.undo) == 0
    assert not (tmp_path / "backups").exists()


def test_problems_only_the_book_shows_are_found_by_the_preview_too(seeded, tmp_path):
    request = ImportRequest(_files(tmp_path, {"contacts.csv": "account,name\nZ-9,Nobody\n"}))
    outcome = seeded.preview_import(request, Progress())
    assert [p.column for p in outcome.problems] == ["account"] and "Z-9" in outcome.problems[0].reason


@pytest.mark.sqlite_only("a book too big for undo is copied with SQLite's backup API")
def test_an_import_too_big_for_undo_backs_the_book_up_first(seeded, db_path, tmp_path, monkeypatch):
    desk = seeded
    monkeypatch.setattr(run, "UNDO_ROWS", 3)
    request = ImportRequest(_files(tmp_path, {"accounts.csv": ACCOUNTS.replace("12000", "15000"), **CHILDREN}))
    assert not desk.preview_import(request, Progress()).fits_undo
    outcome = desk.import_files(request, Progress(), backups=tmp_path / "backups")
    assert outcome.written and not outcome.undoable and len(desk.undo) == 0
    assert outcome.backup is not None and outcome.backup.parent == tmp_path / "backups"
    assert outcome.backup.name.startswith(f"{Path(db_path).stem}.before-import.")
    with sqlite3.connect(outcome.backup) as copy:  # the book as the import found it
        assert copy.execute("SELECT external_id, arr FROM account ORDER BY 1").fetchall() == [
            ("A-1", 12000.0),
            ("A-2", 80000.0),
        ]
        assert copy.execute("SELECT count(*) FROM contact").fetchone() == (0,)
    assert desk.account_by_external_id("A-1").account.arr == 15000


def test_the_progress_listener_hears_every_file_to_its_end(desk, tmp_path):
    rows = "".join(f"A-{n},Account number {n}\n" for n in range(8000))  # well over one 64 KB step
    path = tmp_path / "accounts.csv"
    path.write_text("external_id,name\n" + rows, encoding="utf-8")
    heard: list[tuple[str, int, int | None]] = []
    desk.preview_import(ImportRequest((str(path),)), Progress(listener=lambda *args: heard.append(args)))
    size = path.stat().st_size
    assert len(heard) >= 3 and heard[-1] == (str(path), size, size)
    assert [done for _, done, _ in heard] == sorted(done for _, done, _ in heard)
