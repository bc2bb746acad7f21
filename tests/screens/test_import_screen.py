"""The import screen: paths typed, a preview that writes nothing, problems shown for a bad file, the import
written and stored, undone with u; snapshots at 80x24 and 120x40."""

from __future__ import annotations

import pytest
from rich.text import Text
from sqlalchemy import select
from textual.widgets import Button, DataTable, Input, Select, Static

from csm_desk.importing import run
from csm_desk.screens.import_files import ImportScreen
from csm_desk.screens.queue import QueueScreen
from csm_desk.store.tables import Account

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out

SIZE = (120, 40)

MAPPING = """
name = "rd"
locale = "pt-BR"

[[file]]
match = "*empresas*"
kind = "accounts"
columns = { external_id = "CNPJ", name = "Nome", industry = "Segmento", contract_start = "Início", strategic = "Estratégica", owner = "Responsável", arr = { column = "Mensalidade", times = 12 } }
fixed = { language = "pt-BR" }
"""
# As Excel on a Brazilian Windows saves it: ';', Windows-1252, CRLF; a name holds markup.
CSV = (
    "CNPJ;Nome;Segmento;Início;Mensalidade;Estratégica;Responsável\r\n"
    "12.345.678/0001-90;Atlas Comércio “Norte”;Varejo – moda;05/03/2024;R$ 12.500;Sim;João\r\n"
    "98.765.432/0001-10;Padaria [bold]São[/] Jorge;Alimentação;25/11/2023;R$ 1.234,56;Não;Ana\r\n"
    '11.222.333/0001-44;"Café; Açaí & Cia";Alimentação;01/12/2024;"R$ 999,9";não;\r\n'
)
BAD_ROW = "33.444.555/0001-66;Oficina Zeta;Serviços;31/02/2024;R$ 12.5;Sim;Ana\r\n"


@pytest.fixture
def files(tmp_path, monkeypatch):
    """The export and its mapping in the working folder, so that the paths typed are short."""
    (tmp_path / "rd.toml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "empresas.csv").write_bytes(CSV.encode("cp1252"))
    (tmp_path / "empresas_ruim.csv").write_bytes((CSV + BAD_ROW).encode("cp1252"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def stored(store) -> list[tuple]:
    with store.read() as s:
        rows = s.exec(select(Account.external_id, Account.name, Account.arr, Account.strategic, Account.owner))
        return sorted(tuple(r) for r in rows if r[0][0].isdigit())


async def open_and_preview(pilot, settle, paths: str, mapping: str = "rd.toml") -> ImportScreen:
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    await pilot.press(*paths)
    await pilot.press("tab", "tab")  # past the dates' locale, to the mapping
    await pilot.press(*mapping)
    await pilot.press("enter")  # enter in a field previews
    await settle(pilot)
    return screen


def cells(screen: ImportScreen) -> list[list[object]]:
    table = screen.query_one(DataTable)
    return [table.get_row_at(n) for n in range(table.row_count)]


async def test_preview_then_import_then_undo(app, files, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_and_preview(pilot, settle, "empresas.csv")
        outcome = screen.outcome
        assert outcome is not None and outcome.dry_run and not outcome.problems
        assert (outcome.tallies["accounts"].created, outcome.tallies["accounts"].updated) == (3, 0)
        assert stored(store) == []  # a preview writes nothing
        heading = str(screen.query(".file-heading").first(Static).render())
        assert "the mapping 'rd' · Windows-1252 (detected), ';'-separated · 3 rows" in heading
        fields = str(screen.query(".table-line").first(Static).render())
        assert "Mensalidade × 12 → arr" in fields and "Início → contract_start (DD/MM/YYYY)" in fields
        rows = cells(screen)
        assert all(isinstance(c, Text) for row in rows for c in row)  # file text is data, never markup
        assert [[str(c) for c in row[:5]] for row in rows] == [
            ["2", "12.345.678/0001-90", "Atlas Comércio “Norte”", "150000", "yes"],
            ["3", "98.765.432/0001-10", "Padaria [bold]São[/] Jorge", "14814.72", "no"],
            ["4", "11.222.333/0001-44", "Café; Açaí & Cia", "11998.8", "no"],
        ]
        assert not screen.query_one("#write", Button).disabled

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(store) == [
            ("11.222.333/0001-44", "Café; Açaí & Cia", 11998.8, False, ""),
            ("12.345.678/0001-90", "Atlas Comércio “Norte”", 150000.0, True, "João"),
            ("98.765.432/0001-10", "Padaria [bold]São[/] Jorge", 14814.72, False, "Ana"),
        ]
        assert screen.outcome.written and screen.outcome.undoable
        assert "Imported 1 file in one transaction" in str(screen.query_one("#summary", Static).render())
        assert screen.query_one("#write", Button).disabled  # a second import needs a preview of its own

        await pilot.press("u")
        await settle(pilot)
        assert stored(store) == []
        assert "taken back" in str(screen.query_one("#summary", Static).render())

        await pilot.press("ctrl+s")  # nothing previewed: nothing is imported again
        await settle(pilot)
        assert stored(store) == []


async def test_the_queue_shows_what_was_imported_on_the_way_back(app, files, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")  # the whole book: the new accounts are not at risk
        screen = await open_and_preview(pilot, settle, "empresas.csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.outcome.written
        await pilot.press("escape")
        await settle(pilot)
        queue = pilot.app.screen
        assert isinstance(queue, QueueScreen)
        names = {entry.facts.name for entry in queue.entries}
        assert {"Atlas Comércio “Norte”", "Café; Açaí & Cia"} <= names


async def test_a_bad_file_shows_every_problem_and_nothing_can_be_written(
    app, files, store, db_path, table_dump, settle
):
    before = table_dump(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_and_preview(pilot, settle, "empresas_ruim.csv")
        problems = str(screen.query_one("#problems", Static).render()).splitlines()
        assert problems == [
            "empresas_ruim.csv:5: Mensalidade × 12: expected a number written like 1.234,56, got 'R$ 12.5' "
            "(number_format or locale in the mapping say how the file writes numbers)",
            "empresas_ruim.csv:5: Início: expected a date written as DD/MM/YYYY or DD/MM/YYYY HH:MM or "
            "DD/MM/YYYY HH:MM:SS or DD/MM/YY, got '31/02/2024' (date_formats or locale in the mapping say how the "
            "file writes dates)",
        ]
        assert screen.query_one("#write", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.outcome.dry_run
    assert table_dump(db_path) == before


@pytest.mark.sqlite_only("the failures are SQLite's own")
@pytest.mark.parametrize("how", ["busy", "disk full"])
async def test_an_import_that_cannot_be_written_is_said_and_can_be_tried_again(app, files, store, settle, failing, how):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_and_preview(pilot, settle, "empresas.csv")
        with failing(store, how):
            await pilot.press("ctrl+s")
            await settle(pilot)
        said = [n.message for n in pilot.app._notifications]
        assert any(w in m for m in said for w in ("in use by another process", "disk is full")), said
        assert "Nothing was written" in str(screen.query_one("#status", Static).render())
        assert stored(store) == [] and len(pilot.app.desk.undo) == 0
        assert not screen.query_one("#write", Button).disabled  # the preview still holds: try again
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(stored(store)) == 3


async def test_a_change_to_the_fields_after_the_preview_asks_for_a_new_one(app, files, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_and_preview(pilot, settle, "empresas.csv")
        assert not screen.query_one("#write", Button).disabled
        screen.query_one("#paths", Input).focus()
        await pilot.press("end", "space", *"empresas_ruim.csv")  # focus selects the text: go to its end
        assert screen.query_one("#write", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(store) == []
        for _ in "empresas_ruim.csv ":
            await pilot.press("backspace")
        await pilot.pause()
        assert not screen.query_one("#write", Button).disabled  # the fields say what was previewed again


@pytest.mark.parametrize(
    ("paths", "mapping", "preset", "said"),
    [
        ("", "", None, "Type the path of at least one file to import."),
        ("'empresas.csv", "", None, "A quote is not closed in the paths"),
        ("empresas.csv", "rd.toml", "hubspot", "choose the mapping file or the preset, not both"),
        ("empresas.csv", "missing.toml", None, "missing.toml"),
    ],
)
async def test_what_cannot_start_is_said_on_the_status_line(app, files, store, settle, paths, mapping, preset, said):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = pilot.app.screen
        if preset is not None:
            screen.query_one("#preset", Select).value = preset
        screen.query_one("#paths", Input).focus()
        await pilot.press(*paths, "tab", "tab", *mapping, "enter")
        await settle(pilot)
        assert said in str(screen.query_one("#status", Static).render())
        assert screen.outcome is None and screen.query_one("#write", Button).disabled
        assert stored(store) == []


@pytest.mark.sqlite_only("a book too big for undo is copied with SQLite's backup API")
async def test_an_import_too_big_for_undo_says_so_first_and_backs_the_book_up(
    app, files, store, settle, monkeypatch, db_path
):
    monkeypatch.setattr(run, "UNDO_ROWS", 2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_and_preview(pilot, settle, "empresas.csv")
        assert "Too big for undo (about 3 rows" in str(screen.query_one("#summary", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        outcome = screen.outcome
        assert outcome.written and not outcome.undoable and outcome.backup is not None
        assert outcome.backup.exists() and outcome.backup.parent == db_path.parent / "backups"
        said = str(screen.query_one("#summary", Static).render())
        assert f"--db {db_path} restore {outcome.backup}" in said
        assert len(stored(store)) == 3


async def test_i_opens_the_screen_and_esc_comes_back(app, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ImportScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, QueueScreen)


async def test_privacy_mode_hides_the_sums_of_the_first_rows(app, files, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_and_preview(pilot, settle, "empresas.csv")
        assert str(cells(screen)[0][3]) == "150000"
        await pilot.press("P")  # focus is on Import after a clean preview: P is the app's key
        await settle(pilot)
        assert [str(row[3]) for row in cells(screen)] == ["•••"] * 3
        assert str(cells(screen)[0][2]) == "Atlas Comércio “Norte”"  # names stay: they are how the CSM finds their way
        assert str(screen.query_one("#topbar", Static).render()).startswith("● PRIVATE")


async def test_the_palette_opens_it(app, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Import files")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ImportScreen)
        assert pilot.app.screen.query_one("#paths", Input).has_focus


def _preview_keys(paths: str) -> list[str]:
    return ["i", *paths, "tab", "tab", *"rd.toml", "enter"]


class TestImportScreen:
    def test_preview_120x40(self, snap_compare, app, files, wait_then):
        assert snap_compare(app, terminal_size=(120, 40), run_before=wait_then(*_preview_keys("empresas.csv")))

    def test_preview_80x24(self, snap_compare, app, files, wait_then):
        assert snap_compare(app, terminal_size=(80, 24), run_before=wait_then(*_preview_keys("empresas.csv")))

    def test_problems_80x24(self, snap_compare, app, files, wait_then):
        keys = _preview_keys("empresas_ruim.csv")
        assert snap_compare(app, terminal_size=(80, 24), run_before=wait_then(*keys))

    def test_imported_120x40(self, snap_compare, app, files, wait_then):
        keys = [*_preview_keys("empresas.csv"), "ctrl+s"]
        assert snap_compare(app, terminal_size=(120, 40), run_before=wait_then(*keys))


def test_a_flood_of_problems_lists_the_first_and_counts_the_rest():
    from csm_desk.importing.inputs import Inputs
    from csm_desk.importing.native import Problem
    from csm_desk.importing.run import ImportOutcome, ImportRequest
    from csm_desk.screens.import_files.view import MAX_PROBLEMS, problems

    found = [Problem(f"a.csv:{n}", "arr", "expected a number, got 'x'") for n in range(2, MAX_PROBLEMS + 12)]
    lines = problems(ImportOutcome(ImportRequest(("a.csv",)), Inputs(), found)).plain.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == "a.csv:2: arr: expected a number, got 'x'" and lines[-1] == "… and 10 more"


async def test_the_dates_choice_reads_an_export_no_date_settles(app, files, store, settle):
    (files / "sf.csv").write_text(
        "Account: Account ID,Account: Account Name,Account: Created Date\n"
        "001A,Acme,05/03/2024\n001B,Borealis,04/01/2024\n"
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press(*"sf.csv", "enter")
        await settle(pilot)
        assert screen.outcome.problems and "--locale pt-BR (day first)" in str(screen.outcome.problems[0])
        screen.query_one("#locale", Select).value = "pt-BR"
        screen.query_one("#paths", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.outcome.problems
        await pilot.press("ctrl+s")
        await settle(pilot)
    with store.read() as s:
        rows = s.exec(select(Account.external_id, Account.contract_start).where(Account.external_id.like("001%")))
        assert sorted((e, d.isoformat()) for e, d in rows) == [("001A", "2024-03-05"), ("001B", "2024-01-04")]
