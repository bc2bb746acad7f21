"""Privacy mode, walked screen by screen from the keyboard: with ``P`` on, no sum of money and
no written word (note, quote, summary, outcome, stage-change note, save plan, call notes) is
on the screen, wherever the CSM goes; the switch reaches every screen at once, the screens
opened while it is on and a live reload; and what is typed while it is on is stored as typed."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from textual.widgets import OptionList, Static

from csm_desk.app import make_app
from csm_desk.clock import Clock
from csm_desk.context import Context
from csm_desk.domain.save_plan import PlanAction, PlanDraft
from csm_desk.domain.saving import TeamMember
from csm_desk.render.format import money
from csm_desk.screens.account import AccountScreen
from csm_desk.screens.agenda import AgendaScreen
from csm_desk.screens.agenda_modals import OutcomeModal, RescheduleModal, SnoozeModal
from csm_desk.screens.call import CallScreen
from csm_desk.screens.call.modals import EndCallModal, QuoteModal
from csm_desk.screens.call.templates import TemplatesModal
from csm_desk.screens.dashboard import DashboardScreen
from csm_desk.screens.modals import FollowUpModal, NoteModal, SignalModal, StageModal
from csm_desk.screens.queue import QueueScreen
from csm_desk.screens.record_forms import AccountForm, EditPicker, SignalForm
from csm_desk.screens.save_plan import Reader, SavePlanScreen
from csm_desk.screens.save_plan.form import PlanForm
from csm_desk.screens.unfinished_call import ChoiceModal
from csm_desk.scripts.loader import shipped_dir, user_scripts_dir
from csm_desk.store.calls import CallState, CapturedQuote
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import Account, Contact, FollowUp, Metric, Signal, StageChange

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out

SIZE = (120, 40)
AMOUNTS = {"north": 184_317.0, "contoso": 1_734_900.0, "fabrikam": 27_413.0, "tailspin": 4_862.0}
TITLE_SUM = 12_345
"""A sum inside a follow-up's title (a label: shown, the sum masked)."""
SECRET = "SECRET"
"""Every note, quote, summary, outcome and plan text of the book holds this word."""


def amount_forms(value: float) -> set[str]:
    """Every way the app writes ``value``: $184k, 184k, 184K, 184,317, 184317, 184.317, $1.7M, 1735k…"""
    n = round(value)
    forms = {money(value), money(value, exact=True), f"{n:,}", str(n), f"{n:,}".replace(",", ".")}
    if n >= 10_000:
        forms |= {f"{n / 1000:.0f}k", f"{n / 1000:.0f}K"}
    if n >= 1_000_000:
        forms.add(f"{n / 1_000_000:.1f}M")
    return forms


FORBIDDEN = set().union(*(amount_forms(v) for v in [*AMOUNTS.values(), TITLE_SUM]))


def leaks(text: str) -> list[str]:
    """What on the screen should not be there in privacy mode."""
    found = sorted(f for f in FORBIDDEN if f in text)
    found += re.findall(r"\$\s?\d[\d.,]*", text)  # any sum at all, a threshold or a total included
    found += re.findall(r"\bARR\s+\d[\d.]*", text)  # the points table's ARR value gives the ARR away
    if SECRET in text:
        found.append(SECRET)
    return found


def screen_text(app) -> str:
    """The screen as the terminal shows it (modals over their screen), one line per row."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, t in re.findall(r'<text[^>]*\sx="([\d.]+)"\s+y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(y), []).append((float(x), html.unescape(t).replace("\xa0", " ")))
    return "\n".join("".join(t for _x, t in sorted(row)) for _y, row in sorted(rows.items()))


def _at(day, hour: int = 15) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def _user_script() -> None:
    """The competitor playbook with the account's ARR in a first move, a step and a template's subject."""
    text = shipped_dir().joinpath("competitor.en.toml").read_text(encoding="utf-8")
    text = text.replace(
        "who at {company} is pushing for it.", "who at {company} is pushing for it, with {arr} at stake."
    )
    text = text.replace(
        "Thanks for being open about {competitor}.", "Thanks for being open about {competitor}, on {arr} a year."
    )
    text = text.replace('subject = "A conversation with a team like yours"', 'subject = "About your {arr} plan"')
    assert text.count("{arr}") == 3
    folder = user_scripts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "competitor.en.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def private_book(store, desk, today, settings):
    """Four accounts with sums found nowhere else, and every kind of written word marked SECRET."""
    _user_script()
    specs = {
        "north": dict(renewal_date=today + timedelta(days=45), segment="enterprise", owner="Ana"),
        "contoso": dict(renewal_date=today + timedelta(days=60), segment="enterprise", owner="Ben"),
        "fabrikam": dict(renewal_date=today + timedelta(days=150), segment="mid-market", owner="Ana"),
        "tailspin": dict(renewal_date=today + timedelta(days=300), segment="smb", owner="Ben"),
    }
    history = {  # (days ago, health, logins, active users)
        "north": [(120, 80, 200, 40), (60, 75, 190, 38), (30, 62, 180, 36), (5, 45, 170, 35)],
        "contoso": [(120, 78, 900, 300), (60, 70, 880, 290), (30, 50, 860, 280), (5, 30, 850, 280)],
        "fabrikam": [(120, 78, 300, 60), (60, 76, 290, 58), (35, 70, 280, 55), (5, 52, 120, 30)],
        "tailspin": [(120, 85, 100, 20), (60, 86, 104, 21), (30, 88, 110, 22), (5, 90, 112, 22)],
    }
    ids: dict[str, int] = {}
    with store.write() as s:
        for n, (key, spec) in enumerate(specs.items(), 1):
            a = Account(
                external_id=f"P-{n}",
                name=key.capitalize(),
                arr=AMOUNTS[key],
                contract_start=today - timedelta(days=400),
                industry="Tech",
                **spec,
            )
            s.add(a)
            s.flush()
            ids[key] = a.id
        for key, points in history.items():
            for days_ago, health, logins, users in points:
                s.add(
                    Metric(
                        account_id=ids[key],
                        date=today - timedelta(days=days_ago),
                        health=health,
                        logins=logins,
                        active_users=users,
                        feature_adoption=55.0,
                        sla_misses_30d=0,
                    )
                )
        s.add(
            Signal(
                account_id=ids["north"],
                date=today - timedelta(days=40),
                kind="competitor_mentioned",
                quote="SECRET signal quote: the other vendor is cheaper",
            )
        )
        s.add(Contact(account_id=ids["north"], name="Dana Whit", title="VP Ops", role="champion", email="dana@n.test"))
        s.flush()
        evaluate_accounts(s, None, today, settings.red_flags)
    north = ids["north"]
    desk.add_note(north, channel="call", summary="SECRET summary of the QBR", quotes=["SECRET quote, verbatim"])
    desk.set_stage(north, "engaged", note="SECRET stage-change note")
    done = desk.add_followup(north, due=today - timedelta(days=5), title="Send the usage report")
    desk.complete_followup(north, done, "done", outcome="SECRET outcome of the usage report")
    desk.add_followup(north, due=today - timedelta(days=3), title=f"Offer a ${TITLE_SUM:,} credit", owner="Ana")
    desk.add_followup(north, due=today + timedelta(days=2), title="Reference call", owner="Ana")
    desk.save_plan(
        north,
        PlanDraft(
            situation="SECRET situation: the ops team demoed a rival",
            root_cause_category="competitive",
            root_cause="SECRET root cause",
            actions=(PlanAction("SECRET action: offer a discount", "Ana", today + timedelta(days=4)),),
            success_criteria="SECRET success criteria",
            checkin=today + timedelta(days=7),
            strategies=("listening_tour",),
            team=(TeamMember("executive_sponsor", "Helena", "SECRET reason for Helena"),),
        ),
    )
    desk.save_draft(
        CallState(
            account_id=north,
            script_id="competitor",
            language="en",
            started_at=_at(today, 10),
            notes="SECRET first line of the call notes\nthey said SECRET words on the line",
            quotes=[CapturedQuote("SECRET captured quote", None)],
            fills={"competitor": "SECRET rival"},
        )
    )
    desk.save_note_draft(north, channel="call", summary="SECRET note left typed", quotes="SECRET quote left typed")
    return ids


@pytest.fixture
def private_app(store, today, settings, db_path, private_book):
    return make_app(Context(settings=settings, clock=Clock.frozen(today), db=str(db_path)), store)


async def _type(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def test_every_screen_and_modal_in_privacy_mode_shows_no_sum_and_no_written_word(
    private_app, private_book, store, settle
):
    app = private_app
    seen: dict[str, str] = {}

    async def look(pilot, name: str, kind: type) -> None:
        await settle(pilot)
        assert isinstance(app.screen, kind), (name, app.screen)
        seen[name] = screen_text(app)

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "$184k" in screen_text(app)  # the book's sums are on screen until P
        await pilot.press("P")
        await look(pilot, "queue", QueueScreen)
        assert "● PRIVATE" in seen["queue"] and "North" in seen["queue"]  # names stay
        await pilot.press("b", "end")
        await look(pilot, "whole book, a low-tier account", QueueScreen)
        assert "No priority rule fired (ARR •••, renews in" in seen["whole book, a low-tier account"]
        await pilot.press("home")
        await look(pilot, "whole book, top", QueueScreen)

        # The account, opened while privacy mode is on: it offers the unfinished call first.
        await pilot.press("slash", *"North", "enter", "enter")
        await look(pilot, "unfinished call offered", ChoiceModal)
        await pilot.press("down", "enter")  # not now
        await look(pilot, "account overview", AccountScreen)
        assert "ARR ••• is above the threshold" in seen["account overview"]
        for tab, name in (("2", "timeline"), ("3", "metrics"), ("4", "contacts")):
            await pilot.press(tab)
            await look(pilot, f"account {name}", AccountScreen)
        assert "Dana Whit" in seen["account contacts"]
        assert seen["account timeline"].count("hidden while sharing the screen") >= 4
        await pilot.press("1")

        # e: the records to correct, and each form that shows a sum or someone's words.
        await pilot.press("e")
        await look(pilot, "edit picker", EditPicker)
        assert "Dana Whit" in seen["edit picker"] and "Reference call" not in seen["edit picker"]
        for key, form in (
            ("account", AccountForm),
            ("followup:", FollowUpModal),
            ("note:", NoteModal),
            ("signal:", SignalForm),
        ):
            if not isinstance(app.screen, EditPicker):
                await pilot.press("e")
                await settle(pilot)
            records = app.screen.query_one("#records", OptionList)
            while not str(records.get_option_at_index(records.highlighted).id).startswith(key):
                await pilot.press("down")
            await pilot.press("enter")
            await look(pilot, f"edit {key.rstrip(':')}", form)
            await pilot.press("escape")
            await settle(pilot)
        assert "ARR (USD)" in seen["edit account"] and "••••••" in seen["edit account"]  # 184317, as dots

        await pilot.press("n")  # the note left typed comes back, hidden
        await look(pilot, "note form", NoteModal)
        await pilot.press("escape", "escape")
        await pilot.press("l")
        await look(pilot, "signal form", SignalModal)
        app.screen.query_one("#quote").focus()
        await _type(pilot, "SECRET typed quote")
        await look(pilot, "signal form, typed", SignalModal)
        await pilot.press("escape", "escape")

        await pilot.press("s")  # a stage note typed in privacy mode is stored as typed
        await look(pilot, "stage form", StageModal)
        await pilot.press("down", "enter")
        await _type(pilot, "SECRET typed stage note")
        await look(pilot, "stage form, typed", StageModal)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)

        await pilot.press("p")
        await look(pilot, "save plan", SavePlanScreen)
        assert "ARR •••" in seen["save plan"]
        form = app.screen.query_one(PlanForm)
        for page in range(1, 1 + form.max_scroll_y // 20 + 1):  # the whole form, a screenful at a time
            form.scroll_to(y=page * 20, animate=False)
            await look(pilot, f"save plan, page {page + 1}", SavePlanScreen)
        warnings = str(app.screen.query_one("#warnings", Static).render())
        assert "Panic discount" in warnings and "“hidden while sharing the screen”" in warnings
        form.scroll_home(animate=False)
        await pilot.press("ctrl+t")
        await look(pilot, "save-team meeting", Reader)
        assert "Save-team meeting (30 min)" in seen["save-team meeting"]
        await pilot.press("escape", "escape")
        await settle(pilot)

        await pilot.press("c")
        await look(pilot, "call draft offered", ChoiceModal)
        await pilot.press("enter")  # resume
        await look(pilot, "call", CallScreen)
        await _type(pilot, " and SECRET typed live")
        await look(pilot, "call, typing", CallScreen)
        await pilot.press("ctrl+o")
        await look(pilot, "call templates", TemplatesModal)
        assert "About your ••• plan" in seen["call templates"]
        await pilot.press("escape", "ctrl+t")
        await look(pilot, "call quote", QuoteModal)
        await pilot.press("escape", "f10")
        await look(pilot, "end the call", EndCallModal)
        await _type(pilot, "SECRET typed summary")
        await look(pilot, "end the call, typed", EndCallModal)
        await pilot.press("escape", "escape", "escape")
        await look(pilot, "leave the call", ChoiceModal)
        # The palette reaches an open form: off shows the notes' last lines, on hides them again.
        await pilot.press("ctrl+p")
        await _type(pilot, "Privacy mode")
        await pilot.press("enter")
        await settle(pilot)
        assert "SECRET words on the line" in screen_text(app) and not app.private
        await pilot.press("ctrl+p")
        await _type(pilot, "Privacy mode")
        await pilot.press("enter")
        await look(pilot, "leave the call, privacy on again", ChoiceModal)
        await pilot.press("down", "down", "enter")  # leave, keeping the draft
        await settle(pilot)
        await pilot.press("escape")

        await pilot.press("a")
        await look(pilot, "agenda", AgendaScreen)
        # A title a person wrote is hidden like a note; ours (the plan's check-in) stays; names stay.
        assert "hidden while sharing" in seen["agenda"] and "Save-plan check-in" in seen["agenda"]
        assert "North" in seen["agenda"]
        await pilot.press("x")
        await look(pilot, "follow-up done", OutcomeModal)
        await _type(pilot, "SECRET typed outcome")
        await look(pilot, "follow-up done, typed", OutcomeModal)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("z")
        await look(pilot, "snooze", SnoozeModal)
        await pilot.press("escape", "r")
        await look(pilot, "reschedule", RescheduleModal)
        await pilot.press("escape", "a", "d")
        await look(pilot, "dashboard", DashboardScreen)
        assert "●  PRIVATE" in seen["dashboard"] or "● PRIVATE" in seen["dashboard"]

    for name, text in seen.items():
        assert not leaks(text), (name, leaks(text), text)
    # Hidden is not lost: what was typed behind the dots is stored as it was typed.
    with store.read() as s:
        notes = s.scalars(select(StageChange.note).where(StageChange.account_id == private_book["north"])).all()
        outcomes = s.scalars(select(FollowUp.outcome).where(FollowUp.status == "done")).all()
    assert "SECRET typed stage note" in notes
    assert "SECRET typed outcome" in outcomes


async def test_p_on_one_screen_reaches_every_screen_below_and_in_other_modes(private_app, settle):
    app = private_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "$184k" in screen_text(app)
        await pilot.press("slash", *"North", "enter", "enter")  # an account, over the queue
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down", "enter")  # the unfinished call can wait
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen) and "$184,317" in screen_text(app)
        await pilot.press("P", "escape", "slash", "escape")  # back on the queue, the whole of it
        await settle(pilot)
        queue = screen_text(app)
        assert isinstance(app.screen, QueueScreen) and "● PRIVATE" in queue and not leaks(queue), leaks(queue)

        await pilot.press("d")  # the dashboard (another mode) opens hidden; P there shows the queue again
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and not leaks(screen_text(app))
        await pilot.press("P")
        await settle(pilot)
        assert "$" in screen_text(app) and "PRIVATE" not in screen_text(app)
        await pilot.press("P", "escape")  # on again, on the dashboard: the queue under the other mode follows
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen) and not leaks(screen_text(app))
        await pilot.press("d", "P", "escape")  # and off again
        await settle(pilot)
        shown = screen_text(app)
        assert isinstance(app.screen, QueueScreen) and "$184k" in shown and "PRIVATE" not in shown
        assert "ARR $184,317 is above $50,000" in shown


async def test_a_live_reload_in_privacy_mode_stays_hidden(private_app, private_book, desk, settle):
    app = private_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        # Another csm-desk (or an import) writes: the queue notices and reloads.
        desk.add_note(private_book["north"], channel="email", summary="SECRET written elsewhere")
        app.screen._check_changes()
        await settle(pilot)
        text = screen_text(app)
        assert "written elsewhere" not in text and not leaks(text), leaks(text)
        assert "hidden while sharing the screen" in text
