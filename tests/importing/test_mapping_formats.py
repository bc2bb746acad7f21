"""Mapping files and the value formats they describe, cell by cell."""

from __future__ import annotations

from datetime import date

import pytest

from csm_desk.importing.convert import Formats, header_key
from csm_desk.importing.mapping import MappingError, load_mapping, parse_mapping
from csm_desk.importing.native import CellError
from csm_desk.importing.presets import PRESETS, preset_mappings

US, EU = Formats(), Formats(number_format="1.234,56")


@pytest.mark.parametrize(
    ("formats", "cell", "value"),
    [
        (US, "$12,000", 12000.0),
        (US, "USD 1,234.56", 1234.56),
        (US, "(1,000)", -1000.0),
        (US, " ", None),
        (US, "", None),
        (US, "12", 12.0),
        (EU, "1.234,56", 1234.56),
        (EU, "12.000 EUR", 12000.0),
        (EU, "R$ 5,5", 5.5),
        (Formats(number_format="1 234,56"), "1 234,5", 1234.5),
    ],
)
def test_numbers(formats, cell, value):
    assert formats.number(cell) == value


@pytest.mark.parametrize("cell", ["12abc", "1,5x", "$", "1.2.3,4"])
def test_numbers_that_are_not(cell):
    with pytest.raises(CellError, match="expected a number written like"):
        EU.number(cell)


def test_dates_try_each_format_then_iso():
    f = Formats(date_formats=("%d/%m/%Y", "%b %d, %Y"))
    assert [f.date(c) for c in ("05/03/2024", "Mar 5, 2024", "2024-03-05", "2024-03-05T10:00:00Z")] == [
        date(2024, 3, 5)
    ] * 4
    with pytest.raises(CellError, match="DD/MM/YYYY or Mon DD, YYYY"):
        f.date("2024.03.05")


def test_boolean_words_are_case_insensitive():
    f = Formats(true_words=("Yes", "TRUE", "1"), false_words=("No", "FALSE", "0"))
    assert [f.boolean(c) for c in ("yes", "True", "1", "NO", "false", "0", "")] == [True] * 3 + [False] * 4
    with pytest.raises(CellError, match="expected Yes/TRUE/1 or No/FALSE/0"):
        f.boolean("maybe")


def test_header_keys_ignore_case_spaces_and_underscores():
    assert header_key(" Record  ID ") == header_key("record_id") == header_key("RECORD-ID") == "recordid"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"file": []}, "file: expected one or more [[file]] tables"),
        ({"files": []}, "files: unknown key"),
        ({"file": [{"kind": "accounts"}]}, "file[1].columns: accounts needs a column"),
        ({"file": [{"kind": "accounts", "columns": {"id": "x"}}]}, "file[1].columns.id: unknown field"),
        ({"number_format": "1'234.56", "file": []}, "number_format: expected one of"),
        ({"encoding": "klingon", "file": []}, "encoding: unknown text encoding"),
        ({"file": [{"kind": "usage", "columns": {"date": "d"}}]}, "needs an account or a subscription column"),
        (
            {
                "file": [{"kind": "churn", "columns": {"account": "a", "date": "d"}}],
                "aggregate": {"reasons": {"x": "y"}},
            },
            "aggregate.reasons.x: expected one of usage_drop",
        ),
        (
            {"file": [{"kind": "churn", "columns": {"account": "a", "date": "d"}}], "aggregate": {"snapshots": -1}},
            "aggregate.snapshots: expected a whole number",
        ),
        (
            {"file": [{"kind": "accounts", "columns": {"external_id": "Id"}, "derived": {"name": "{First Name"}}]},
            "file[1].derived.name: expected a template naming columns",
        ),
        (
            {"file": [{"kind": "accounts", "columns": {"external_id": "Id"}, "derived": {"name": "{First} }x"}}]},
            "file[1].derived.name: a brace without its pair",
        ),
        (
            {"file": [{"kind": "accounts", "columns": {"external_id": "Id"}, "derived": {"name": "Acme"}}]},
            "file[1].derived.name: expected a template naming columns",
        ),
        (
            {"file": [{"kind": "accounts", "columns": {"external_id": "Id", "name": "N"}, "split": {"name": ""}}]},
            "file[1].split.name: expected the text that separates the parts",
        ),
    ],
)
def test_bad_mappings_name_the_key(raw, message):
    with pytest.raises(MappingError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_mapping(raw, "m.toml")


def test_a_mapping_that_is_not_toml(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text("name = ")
    with pytest.raises(MappingError, match="not valid TOML"):
        load_mapping(path)


def test_the_shipped_presets_and_example_load():
    assert [m.name for m in preset_mappings()] == list(PRESETS)
    from importlib import resources

    example = load_mapping(str(resources.files("csm_desk.importing") / "presets" / "ravenstack.toml"))
    assert example.aggregate.features_total == 40
    assert example.aggregate.reasons["budget"] == "pricing"


def test_the_progress_bar_passes_lines_through_and_draws_only_when_asked(capsys, tmp_path):
    from csm_desk.importing.progress import progress_bar

    path = tmp_path / "f.csv"
    path.write_text("a\nb\n")
    with progress_bar() as progress:  # stderr is not a terminal under pytest: no bar
        assert list(progress.lines(["a\n", "b\n"], str(path))) == ["a\n", "b\n"]
    assert capsys.readouterr().err == ""
    with progress_bar(True) as progress:
        assert list(progress.lines(iter(["x\n"] * 70000), str(path))) == ["x\n"] * 70000


def test_kind_and_mapping_together_are_refused(tmp_path, capsys):
    from csm_desk.cli import main

    (tmp_path / "m.toml").write_text('[[file]]\nkind = "accounts"\ncolumns = { external_id = "a", name = "b" }\n')
    (tmp_path / "a.csv").write_text("a,b\n1,x\n")
    code = main(
        [
            "--db",
            str(tmp_path / "b.db"),
            "import",
            "--kind",
            "accounts",
            "--mapping",
            str(tmp_path / "m.toml"),
            str(tmp_path / "a.csv"),
        ]
    )
    assert code == 2
    assert "--kind: not with --mapping" in capsys.readouterr().err


def test_an_impossible_iso_day_is_a_cell_error_and_repeated_days_read_the_same():
    f = Formats()
    with pytest.raises(CellError, match="expected a date written as YYYY-MM-DD"):
        f.date("2024-13-01")
    assert f.date("2024-02-29") == f.date(" 2024-02-29 ") == date(2024, 2, 29)
