"""The first-run form: the CSM's name and the product, asked once, written into the config file with
its comments kept, and used at once by the call scripts (the first line read aloud names both)."""

from __future__ import annotations

import tomllib

import pytest

from csm_desk.app import make_app
from csm_desk.clock import Clock
from csm_desk.config import Settings, load_settings
from csm_desk.context import Context
from csm_desk.screens.call import CallScreen
from csm_desk.screens.first_run import FirstRunForm
from csm_desk.screens.queue import QueueScreen

pytestmark = pytest.mark.slow  # TUI pilots

EXISTING = """# my csm-desk settings
[red_flags]
health_low_below = 45   # we are stricter
"""


async def _type(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def _app(store, today, config, db_path):
    ctx = Context.resolve(db=str(db_path), config=str(config), today=today.isoformat())
    assert ctx.first_run_config() == config
    return make_app(ctx, store, first_run=ctx.first_run_config())


async def test_typed_name_and_product_are_saved_and_fill_the_first_line(store, today, book, db_path, tmp_path, settle):
    config = tmp_path / "config.toml"
    config.write_text(EXISTING, encoding="utf-8")
    app = _app(store, today, config, db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, FirstRunForm)
        await _type(pilot, "Ana Souza")
        await pilot.press("tab")
        await _type(pilot, "Pulseboard")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
        # The config file: both keys, and everything the user wrote kept as written.
        text = config.read_text(encoding="utf-8")
        assert text.startswith(EXISTING)
        assert tomllib.loads(text)["app"] == {"me": "Ana Souza", "product": "Pulseboard"}
        assert load_settings(config).red_flags.health_low_below == 45
        # The scripts say both at once, without a restart.
        pilot.app.push_screen(CallScreen(book["gone"]))
        await settle(pilot)
        call = pilot.app.screen
        assert isinstance(call, CallScreen) and call.script.id == "champion_left"
        first = str(call.query(".step").first().render())
        assert "eu sou Ana Souza e cuido da conta de vocês no time de Pulseboard." in first
        assert "⟨product⟩" not in first and "⟨csm_name⟩" not in first
    # Asked once: the next start does not ask again.
    again = Context.resolve(db=str(db_path), config=str(config), today=today.isoformat())
    assert again.first_run_config() is None


async def test_esc_skips_and_is_not_asked_again(store, today, book, db_path, tmp_path, settle):
    config = tmp_path / "config.toml"
    config.write_text('[app]\nme = "Ben"  # that is me\n', encoding="utf-8")
    app = _app(store, today, config, db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FirstRunForm)
        assert form.query_one("#me").value == "Ben"  # what the file holds is offered
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
    assert config.read_text(encoding="utf-8").startswith('[app]\nme = "Ben"  # that is me\nproduct = ""')
    assert Context.resolve(db=str(db_path), config=str(config), today=today.isoformat()).first_run_config() is None


async def test_a_config_that_cannot_be_written_is_said_and_keeps_what_was_typed(
    store, today, book, db_path, tmp_path, settle
):
    blocker = tmp_path / "not-a-folder"
    config = blocker / "config.toml"  # as the default location: no file yet
    ctx = Context(settings=Settings(), clock=Clock.frozen(today), db=str(db_path), config_path=config)
    app = make_app(ctx, store, first_run=ctx.first_run_config())
    blocker.write_text("a file where the config folder should be", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _type(pilot, "Ana")
        await pilot.press("tab")
        await _type(pilot, "Pulseboard")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, FirstRunForm)
        error = str(form.query_one("#error").render())
        assert error.startswith(f"Not saved: {config}: cannot write the config file")
        assert form.query_one("#me").value == "Ana" and form.query_one("#product").value == "Pulseboard"
        assert pilot.app.settings.app.product == ""
    assert blocker.read_text(encoding="utf-8") == "a file where the config folder should be"


def test_the_demo_and_a_configured_book_are_not_asked(tmp_path, today):
    config = tmp_path / "config.toml"
    demo = Context.resolve(db=None, config=None, today=today.isoformat(), demo=True)
    assert demo.first_run_config() is None
    fresh = Context.resolve(db=str(tmp_path / "a.db"), config=None, today=today.isoformat())
    assert fresh.first_run_config() is not None  # no config file yet: asked, and the file is made there
    config.write_text('[app]\nme = ""\nproduct = "Pulseboard"\n', encoding="utf-8")
    done = Context(settings=load_settings(config), clock=Clock.frozen(today), db="x.db", config_path=config)
    assert done.first_run_config() is None
