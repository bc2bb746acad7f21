"""Writing the user's config file (the first-run form): the keys set, everything else kept as written,
atomic, and never a file that would not read back."""

from __future__ import annotations

import stat
import tomllib

import pytest

from csm_desk.config import ConfigError, load_settings, write_app_keys

NAMES = {"me": "Ana Souza", "product": "Pulseboard"}


def test_a_missing_file_is_created_private_with_its_folder(tmp_path):
    config = tmp_path / "csm-desk" / "config.toml"
    settings = write_app_keys(config, NAMES)
    assert (settings.app.me, settings.app.product) == ("Ana Souza", "Pulseboard")
    assert settings.source("app.product") == str(config)
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# csm-desk settings;")
    assert 'product = "Pulseboard" # your product\'s name, as call scripts say it' in text
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.parent.stat().st_mode) == 0o700


def test_comments_order_and_other_sections_are_kept(tmp_path):
    config = tmp_path / "config.toml"
    before = '# mine\n[app]\nme = "Ana"  # short\nlanguage = "pt-BR"\n\n[red_flags]\nhealth_low_below = 45 # strict\n'
    config.write_text(before, encoding="utf-8")
    config.chmod(0o644)
    write_app_keys(config, NAMES)
    after = config.read_text(encoding="utf-8")
    assert after.startswith('# mine\n[app]\nme = "Ana Souza"  # short\nlanguage = "pt-BR"\nproduct = "Pulseboard"')
    assert after.endswith("[red_flags]\nhealth_low_below = 45 # strict\n")
    assert stat.S_IMODE(config.stat().st_mode) == 0o644  # the permissions the user chose


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ('app = { me = "Ana" }\n', {"me": "Ana Souza", "product": "Pulseboard"}),
        ('app.me = "Ana"\n', {"me": "Ana Souza", "product": "Pulseboard"}),
        ('\ufeff[app]\nlanguage = "en"\n', {"language": "en", "me": "Ana Souza", "product": "Pulseboard"}),
    ],
    ids=["inline table", "dotted keys", "byte-order mark"],
)
def test_other_ways_of_writing_the_app_table(tmp_path, before, expected):
    config = tmp_path / "config.toml"
    config.write_text(before, encoding="utf-8")
    write_app_keys(config, NAMES)
    text = config.read_text(encoding="utf-8")
    assert text.startswith("\ufeff") == before.startswith("\ufeff")
    assert tomllib.loads(text.removeprefix("\ufeff"))["app"] == expected
    assert load_settings(config).app.product == "Pulseboard"


def test_a_linked_config_is_written_through_the_link(tmp_path):
    real = tmp_path / "dotfiles" / "csm-desk.toml"
    real.parent.mkdir()
    real.write_text("[app]\n", encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    write_app_keys(link, NAMES)
    assert link.is_symlink()
    assert tomllib.loads(real.read_text(encoding="utf-8"))["app"] == NAMES


def test_text_that_toml_must_escape_reads_back_as_typed(tmp_path):
    config = tmp_path / "config.toml"
    tricky = 'Ana "A" \\ Souza\x1b]0;x\x07'
    write_app_keys(config, {"me": tricky, "product": "P#1 = {x}"})
    settings = load_settings(config)
    assert (settings.app.me, settings.app.product) == (tricky, "P#1 = {x}")


@pytest.mark.parametrize(
    ("before", "message"),
    [
        ("[app\n", "not valid TOML"),
        ('[app]\ncolour = "red"\n', "app.colour: unknown key"),
        ('app = "Ana"\n', "app: expected a table [app]"),
    ],
)
def test_a_file_that_cannot_be_kept_valid_is_left_as_it_was(tmp_path, before, message):
    config = tmp_path / "config.toml"
    config.write_text(before, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        write_app_keys(config, NAMES)
    assert message in str(caught.value) and str(config) in str(caught.value) and "\n" not in str(caught.value)
    assert config.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temporary file left behind
