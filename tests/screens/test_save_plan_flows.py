"""The save-plan screen driven from the keyboard, asserting on what was stored; then its pixels."""

from __future__ import annotations

import io
import stat
from datetime import time, timedelta

import pytest
from rich.console import Console
from sqlalchemy import select

from csm_desk.clock import Clock
from csm_desk.domain.save_plan import PlanAction, PlanDraft
from csm_desk.domain.saving import TeamMember
from csm_desk.screens.account import AccountScreen
from csm_desk.screens.queue import QueueScreen
from csm_desk.screens.save_plan import ActionRow, Reader, SavePlanScreen, TeamRow
from csm_desk.store.tables import Account, FollowUp, SaveAction, SavePlan, StageChange

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out

SIZE = (120, 40)


def plain(renderable) -> str:
    """What a Rich renderable reads as, without styles."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def team(screen) -> dict[str, tuple[bool, str, str]]:
    return {row.role: row.values() for row in screen.query(TeamRow)}


async def test_build_a_plan_with_two_actions_and_a_checkin(app, book, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SavePlanScreen)
        suggested = team(screen)
        assert suggested["executive_sponsor"] == (True, "", "ARR above 100,000")
        assert suggested["csm"][:2] == (True, "Ana") and not suggested["product_manager"][0]
        await pilot.press(*"A competitor demoed to the ops team [/]", "tab")
        screen.query_one("#category").value = "product_gap"
        await settle(pilot)
        assert team(screen)["product_manager"] == (True, "", "Product gap is the root cause")
        screen.query_one("#root-cause").focus()
        await pilot.press(*"No mobile app", "enter")
        await pilot.press(*"Deep-dive on must-haves", "enter", *"Ana", "enter", *"fri", "enter")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"Reference call", "enter", *"Ben", "enter", *"+10d", "enter")
        await pilot.press(*"Renewal confirmed", "enter", *"+7d 15:00", "enter")
        await settle(pilot)
        assert "→ Mon 30 Nov 2026, 15:00 (in 7 days)" in str(screen.query_one("#checkin-read").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            plan = s.scalars(select(SavePlan)).one()
            actions = s.scalars(select(SaveAction).order_by(SaveAction.id)).all()
            followups = s.scalars(select(FollowUp).where(FollowUp.source == "save_plan").order_by(FollowUp.id)).all()
            account = s.get(Account, book["big"])
            change = s.scalars(
                select(StageChange).where(StageChange.account_id == book["big"]).order_by(StageChange.id.desc())
            ).first()
        assert plan.account_id == book["big"] and plan.situation == "A competitor demoed to the ops team [/]"
        assert (plan.root_cause_category, plan.root_cause) == ("product_gap", "No mobile app")
        assert '"product_manager"' in plan.team and '"executive_sponsor"' in plan.team
        assert [(a.action, a.owner, a.due) for a in actions] == [
            ("Deep-dive on must-haves", "Ana", app.today + timedelta(days=4)),
            ("Reference call", "Ben", app.today + timedelta(days=10)),
        ]
        assert [(f.source_key, f.owner, f.due, f.due_time) for f in followups] == [
            (f"save_plan:{plan.id}:action:1", "Ana", app.today + timedelta(days=4), None),
            (f"save_plan:{plan.id}:action:2", "Ben", app.today + timedelta(days=10), None),
            (f"save_plan:{plan.id}:checkin", "Ana", app.today + timedelta(days=7), time(15, 0)),
        ]
        assert plan.next_checkin_id == followups[2].id
        assert account.stage == "save_plan" and (change.from_stage, change.to_stage) == ("identified", "save_plan")
        # Saving again changes nothing and duplicates nothing.
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            assert len(s.scalars(select(FollowUp).where(FollowUp.source == "save_plan")).all()) == 3
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


async def test_missing_pieces_are_listed_and_nothing_is_written(app, book, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press(*"Something", "ctrl+s")
        await settle(pilot)
        text = str(app.screen.query_one("#problems").render())
        assert "Pick a root-cause category." in text and "Set the next check-in." in text
        with store.read() as s:
            assert s.scalars(select(SavePlan)).all() == []
        await pilot.press("escape")
        assert isinstance(app.screen, SavePlanScreen)  # typed text: esc asks first
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_strategies_ask_for_their_conditions_and_actions_warn(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert not screen.query_one("#pricing").has_class("visible")
        screen.query_one("#strategies").select("pricing_restructure")
        screen.query_one("#strategies").select("roadmap_sharing")
        screen.query_one(ActionRow).query_one(".act").value = "Offer a 30% discount"
        await settle(pilot)
        assert screen.query_one("#pricing").has_class("visible") and screen.query_one("#roadmap").has_class("visible")
        warning = str(screen.query_one("#warnings").render())
        assert "Panic discount (saves 15-25%)" in warning
        assert team(screen)["finance"] == (True, "", "Pricing restructure on the table")
        draft, _ = screen.draft()
        assert "Pricing restructure: say which condition applies" in " ".join(screen_problems(draft))
        screen.query_one("#roadmap-beta").value = "2027-06-01"
        await settle(pilot)
        assert "Tue 01 Jun 2027" in str(screen.query_one("#roadmap-beta-read").render())


def screen_problems(draft: PlanDraft) -> list[str]:
    from csm_desk.domain.save_plan import problems

    return problems(draft)


async def test_walk_away_offers_the_graceful_exit_script(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert not screen.check_action("graceful_exit", ())
        screen.query_one("#walk-away").select("wont_engage.leaving")
        await settle(pilot)
        assert "They won't engage" in str(screen.query_one("#walk-verdict").render())
        assert screen.check_action("graceful_exit", ())
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.screen is not screen
        if isinstance(app.screen, Reader):
            body = plain(app.screen.body)
            assert "Graceful exit" in body and "Name the better fit" in body


@pytest.fixture
def saved_plan(desk, book, today):
    d = PlanDraft(
        situation="A competitor demoed to the ops team.",
        root_cause_category="competitive",
        root_cause="Another team prefers the rival tool.",
        actions=(
            PlanAction("Deep-dive on must-haves", "Ana", today + timedelta(days=4)),
            PlanAction("Reference call", "Ben", today + timedelta(days=12)),
            PlanAction("Executive briefing", "Alex", today - timedelta(days=1)),
        ),
        success_criteria="Renewal confirmed without a bake-off.",
        checkin=today + timedelta(days=7),
        checkin_time=time(15, 0),
        strategies=("listening_tour", "executive_alignment"),
        team=(
            TeamMember("csm", "Ana", "Owns the account and the plan"),
            TeamMember("executive_sponsor", "Helena", "ARR above 100,000"),
        ),
    )
    return desk.save_plan(book["big"], d)


async def test_meeting_view_and_export_to_file_and_clipboard(app, saved_plan, tmp_path, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("p")
        await settle(pilot)
        assert [r.values()[0] for r in app.screen.query(ActionRow)] == [
            "Deep-dive on must-haves",
            "Reference call",
            "Executive briefing",
        ]
        await pilot.press("ctrl+t")
        await settle(pilot)
        body = plain(app.screen.body)
        for expected in (
            "Minutes 1-5",
            "Minutes 16-25",
            "Overdue:",
            "Executive briefing — Alex",
            "Days 8-14:",
            "Next meeting: 2026-11-30 15:00",
        ):
            assert expected in body
        await pilot.press("escape")
        await pilot.press("ctrl+o")
        await settle(pilot)
        target = tmp_path / "plan.md"
        app.screen.query_one("#path").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# SAVE PLAN: Globex [/] Corp\n") and "3. Executive briefing - Owner: Alex" in text
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert app.clipboard == text


class TestSavePlanSnapshots:
    def test_new_plan(self, snap_compare, app, settle):
        async def run_before(pilot):
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press(*"A competitor demoed to the ops team.")
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_meeting_view(self, snap_compare, app, saved_plan, settle):
        async def run_before(pilot):
            await settle(pilot)
            for key in ("p", "ctrl+t"):
                await pilot.press(key)
                await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_executive_threshold_comes_from_the_config(store, book, today, db_path, settle, tmp_path):
    from csm_desk.app import make_app
    from csm_desk.config import load_settings
    from csm_desk.context import Context

    config = tmp_path / "config.toml"
    config.write_text("[save_team]\nexecutive_arr_above = 200000\n")
    settings = load_settings(config, required=True)
    assert settings.save_team.executive_arr_above == 200_000.0
    app = make_app(Context(settings=settings, clock=Clock.frozen(today), db=str(db_path)), store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert team(app.screen)["executive_sponsor"][0] is False  # ARR 120k is not above 200k


async def test_p_is_a_named_binding_on_the_queue_and_the_account(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "save-plan" in ids
        await pilot.press("enter")
        await settle(pilot)
        assert "save-plan" in {b.binding.id for b in app.screen.active_bindings.values()}
        await pilot.press("p")
        await settle(pilot)
        plan_ids = {b.binding.id for b in app.screen.active_bindings.values()}
        assert {"save", "plan-add-action", "plan-remove-action", "plan-meeting", "plan-export", "back"} <= plan_ids
        assert "plan-graceful-exit" not in plan_ids  # offered only once a walk-away condition holds


async def test_removing_an_action_row_removes_its_followup(app, saved_plan, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        rows = list(app.screen.query(ActionRow))
        rows[1].query_one(".owner").focus()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [r.values()[0] for r in app.screen.query(ActionRow)] == ["Deep-dive on must-haves", "Executive briefing"]
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"Send the ROI summary", "enter", *"Ana", "enter", *"tomorrow", "ctrl+s")
        await settle(pilot)
        with store.read() as s:
            keys = {f.source_key: f.title for f in s.scalars(select(FollowUp).where(FollowUp.source == "save_plan"))}
        assert keys == {
            f"save_plan:{saved_plan}:action:1": "Deep-dive on must-haves",
            f"save_plan:{saved_plan}:action:3": "Executive briefing",
            f"save_plan:{saved_plan}:action:4": "Send the ROI summary",
            f"save_plan:{saved_plan}:checkin": "Save-plan check-in",
        }


async def test_undo_takes_the_whole_save_back(app, book, store, settle):
    if not hasattr(app.desk, "undo"):
        pytest.skip("the app has no undo stack")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"Usage fell", "tab")
        screen.query_one("#category").value = "usage_drop"
        screen.query_one("#success").value = "Logins back"
        screen.query_one("#checkin").value = "+7d"
        row = screen.query_one(ActionRow)
        for cls, value in ((".act", "Fix the sync"), (".owner", "Priya"), (".due", "fri")):
            row.query_one(cls).value = value
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            assert s.get(Account, book["big"]).stage == "save_plan"
            assert len(s.scalars(select(FollowUp).where(FollowUp.source == "save_plan")).all()) == 2
        app.action_undo()
        await settle(pilot)
        with store.read() as s:
            assert s.get(Account, book["big"]).stage == "identified"
            assert s.scalars(select(SavePlan)).all() == []
            assert s.scalars(select(FollowUp).where(FollowUp.source == "save_plan")).all() == []
        assert app.screen.record.plan_id is None  # the form reloaded: no plan any more
