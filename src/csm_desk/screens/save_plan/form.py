"""The save plan's form: every field of a ``PlanDraft``, filled from a stored plan and read
back as it is typed (dates by ``DateInput``; warnings, the suggested save team and the
walk-away check here)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from csm_desk.domain.dates import DateError
from csm_desk.domain.save_plan import ROADMAP_MILESTONES, PlanAction, PlanDraft, warning_sentences
from csm_desk.domain.saving import (
    ANTI_PATTERNS,
    PRICING_BLOCKERS,
    PRICING_CONDITIONS,
    ROLES,
    STRATEGIES,
    WALK_AWAY,
    TeamFacts,
    TeamMember,
    suggest_team,
    walk_away_check,
)
from csm_desk.domain.sentence import Sentence
from csm_desk.domain.vocab import CLOSE_REASONS
from csm_desk.render.privacy import sentence
from csm_desk.screens.save_plan.rows import ActionRow, TeamRow
from csm_desk.store.views import PlanRecord
from csm_desk.widgets.date_input import DateInput
from csm_desk.widgets.privacy import FollowsPrivacy, PrivateFieldInput, PrivateTextArea, is_private

CONTEXT = {
    "escalation_asked": "The customer asked for an escalation",
    "contract_negotiation": "Contract negotiation",
    "expansion": "Expansion opportunity",
}


class PlanForm(FollowsPrivacy, VerticalScroll):
    """Situation, root cause, actions, success criteria, check-in, strategies, save team, walk-away check.

    The plan's own words (situation, root cause, actions, criteria, the roadmap item, the team's
    reasons) are typed in private fields: dots in privacy mode; names and dates stay readable."""

    DEFAULT_CSS = """
    PlanForm { padding: 0 1; }
    PlanForm .section { text-style: bold; color: $accent; padding: 1 0 0 0; }
    PlanForm .hint { color: $text-muted; }
    PlanForm #situation { height: 4; }
    PlanForm #actions, PlanForm #team { height: auto; }
    PlanForm SelectionList { height: auto; max-height: 16; }
    PlanForm #warnings { color: $warning; }
    PlanForm #problems { color: $error; }
    PlanForm #walk-verdict { color: $warning; text-style: bold; }
    PlanForm .toggled { height: auto; display: none; }
    PlanForm .toggled.visible { display: block; }
    PlanForm .date-row { height: 3; }
    PlanForm .date-row Label { width: 22; padding: 1 0 0 0; }
    """

    class WalkAwayChanged(Message):
        """Whether a walk-away condition holds changed (the graceful exit is offered only then)."""

        def __init__(self, holds: bool) -> None:
            super().__init__()
            self.holds = holds

    def __init__(self, today: date, *, executive_arr_above: float, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.executive_arr_above = executive_arr_above
        """ARR above which the save team suggests an executive sponsor (settings: save_team)."""
        self.record: PlanRecord | None = None
        """The plan last filled in: its account's facts drive the suggested team."""
        self.walk_away_holds = False
        self._advice_pending = False
        self._warnings: list[Sentence] = []
        """The anti-patterns the plan's words give away, drawn again when privacy mode changes."""

    def compose(self) -> ComposeResult:
        yield Label("Situation — two or three lines on why the account is at risk", classes="section")
        yield PrivateTextArea(id="situation", soft_wrap=True)
        yield Label("Root cause", classes="section")
        yield Select([(label, key) for key, label in CLOSE_REASONS.items()], prompt="category", id="category")
        yield PrivateFieldInput(placeholder="the primary reason, in a sentence", id="root-cause")
        yield Label(
            "Actions — what, owner, due (ctrl+n adds a row, ctrl+r removes the row you are in)", classes="section"
        )
        yield Vertical(id="actions")
        yield Label("Success criteria — how you will know the save worked", classes="section")
        yield PrivateFieldInput(placeholder="e.g. logins back within 10% and a renewal call booked", id="success")
        yield Label("Next check-in", classes="section")
        yield DateInput(today=self.today, placeholder="fri 15:00, +1w", beside=True, advance=True, id="checkin")
        yield Label("Strategies — typical save rates", classes="section")
        yield SelectionList(
            *[(Text(f"{s.label:<24}{s.rate:>8}   {s.note}"), s.id) for s in STRATEGIES.values()], id="strategies"
        )
        yield Static(id="warnings", markup=False)
        with Vertical(id="pricing", classes="toggled"):
            yield Label("Pricing restructure — which condition applies?")
            yield Select(
                [(label, key) for key, label in PRICING_CONDITIONS.items()], prompt="condition", id="pricing-condition"
            )
            yield Label("Not the right tool when (tick what is true):")
            yield SelectionList(*[(label, key) for key, label in PRICING_BLOCKERS.items()], id="pricing-blockers")
        with Vertical(id="roadmap", classes="toggled"):
            yield Label("Roadmap sharing — what, and the real dates (leave out a date you do not have)")
            yield PrivateFieldInput(placeholder="what is on the roadmap", id="roadmap-feature")
            for key, label in ROADMAP_MILESTONES.items():
                with Horizontal(classes="date-row"):
                    yield Label(label)
                    yield DateInput(
                        today=self.today, placeholder="2027-03-01", beside=True, advance=True, id=f"roadmap-{key}"
                    )
        yield Label("What is in play", classes="section")
        yield SelectionList(*[(label, key) for key, label in CONTEXT.items()], id="context")
        yield Label("Save team — suggested from the account; tick, name, and edit the reason", classes="section")
        with Vertical(id="team"):
            for role in ROLES:
                yield TeamRow(role)
        yield Label("Walk-away check — tick what is true", classes="section")
        yield SelectionList(
            *[(Text.assemble((f"{c.label}: ", "bold"), label), sid) for c in WALK_AWAY for sid, label in c.signs],
            id="walk-away",
        )
        yield Static("", id="walk-verdict", markup=False)
        yield Static("", id="problems", markup=False)

    # -- filling and reading ---------------------------------------------------------
    async def fill(self, record: PlanRecord) -> None:
        """Show ``record``'s plan; a new plan keeps the suggested team, a stored one its own."""
        self.record = record
        d, fresh = record.draft, record.plan_id is None
        self.query_one("#situation", TextArea).text = d.situation
        self._choose("#category", d.root_cause_category)
        self.query_one("#root-cause", Input).value = d.root_cause
        self.query_one("#success", Input).value = d.success_criteria
        self.query_one("#checkin", DateInput).value = (
            "" if d.checkin is None else d.checkin.isoformat() + (f" {d.checkin_time:%H:%M}" if d.checkin_time else "")
        )
        box = self.query_one("#actions", Vertical)
        await box.remove_children()
        await box.mount_all([ActionRow(self.today, a) for a in d.actions] or [ActionRow(self.today)])
        self._tick("#strategies", d.strategies)
        self._choose("#pricing-condition", d.pricing_condition)
        self._tick("#pricing-blockers", d.pricing_blockers)
        self.query_one("#roadmap-feature", Input).value = d.roadmap_feature
        for key in ROADMAP_MILESTONES:
            day = d.roadmap_dates.get(key)
            self.query_one(f"#roadmap-{key}", DateInput).value = day.isoformat() if day else ""
        self._tick("#context", [k for k in CONTEXT if getattr(d, k)])
        self._tick("#walk-away", d.walk_away)
        saved = {m.role: m for m in d.team}
        for row in self.query(TeamRow):
            if not fresh:
                member = saved.get(row.role)
                row.touched = True
                row.set_values(member is not None, member.name if member else "", member.reason if member else "")

    def _choose(self, selector: str, value: str) -> None:
        """Show ``value`` in a drop-down, or nothing when the drop-down does not offer it."""
        choice = self.query_one(selector, Select)
        if value and any(value == v for _, v in choice._options):
            choice.value = value
        else:
            choice.clear()

    def _tick(self, selector: str, values: Iterable[str]) -> None:
        """Tick ``values`` in a list of options, and nothing else."""
        options = self.query_one(selector, SelectionList)
        options.deselect_all()
        for value in values:
            try:
                options.select(value)
            except Exception:  # a stored id the lists no longer have
                continue

    @staticmethod
    def _date(field: DateInput, where: str, errors: list[str]) -> tuple[date | None, time | None]:
        """The field's date and time; none when it is empty, and one more error when it is not a date."""
        if not field.value.strip():
            return None, None
        try:
            return field.parsed()
        except DateError:
            errors.append(f"{where}: {field.value.strip()!r} is not a date (try fri, +3d, next week, 2026-12-04).")
            return None, None

    def draft(self) -> tuple[PlanDraft, list[str]]:
        """The plan as typed, and the dates that could not be read."""
        errors: list[str] = []
        actions = []
        for n, row in enumerate(self.query(ActionRow), 1):
            what, owner, due_text = row.values()
            if not (what.strip() or owner.strip() or due_text.strip()) and row.key is None:
                continue  # an empty new row is not an action
            due, _ = self._date(row.due, f"Action {n}", errors)
            actions.append(PlanAction(what, owner, due, row.key, row.done))
        checkin, checkin_time = self._date(self.query_one("#checkin", DateInput), "Next check-in", errors)
        roadmap = {
            k: self._date(self.query_one(f"#roadmap-{k}", DateInput), label, errors)[0]
            for k, label in ROADMAP_MILESTONES.items()
        }
        category = self.query_one("#category", Select).value
        context = set(self.query_one("#context", SelectionList).selected)
        team = tuple(
            TeamMember(row.role, name.strip(), reason.strip())
            for row in self.query(TeamRow)
            for on, name, reason in [row.values()]
            if on
        )
        condition = self.query_one("#pricing-condition", Select).value
        return PlanDraft(
            situation=self.query_one("#situation", TextArea).text,
            root_cause_category=category if isinstance(category, str) else "",
            root_cause=self.query_one("#root-cause", Input).value,
            actions=tuple(actions),
            success_criteria=self.query_one("#success", Input).value,
            checkin=checkin,
            checkin_time=checkin_time,
            strategies=tuple(s for s in STRATEGIES if s in self.query_one("#strategies", SelectionList).selected),
            team=team,
            pricing_condition=condition if isinstance(condition, str) else "",
            pricing_blockers=tuple(self.query_one("#pricing-blockers", SelectionList).selected),
            roadmap_feature=self.query_one("#roadmap-feature", Input).value,
            roadmap_dates=roadmap,
            walk_away=tuple(self.query_one("#walk-away", SelectionList).selected),
            escalation_asked="escalation_asked" in context,
            contract_negotiation="contract_negotiation" in context,
            expansion="expansion" in context,
        ), errors

    # -- what the form says back as it is typed ------------------------------------------
    def refresh_advice(self) -> None:
        """Show the strategies' conditions, the team, the warnings and the walk-away verdict for the plan as typed."""
        self._advice_pending = False
        if self.record is None:
            return
        d, _ = self.draft()
        self.query_one("#pricing").set_class("pricing_restructure" in d.strategies, "visible")
        self.query_one("#roadmap").set_class("roadmap_sharing" in d.strategies, "visible")
        self._suggest_team(d)
        self._warnings = warning_sentences(d)
        self._draw_warnings()
        held = walk_away_check(d.walk_away)
        verdict = self.query_one("#walk-verdict", Static)
        verdict.update(
            ""
            if not held
            else "Walk away? " + ", ".join(c.label for c in held) + " — ctrl+g opens the graceful-exit script."
        )
        if bool(held) != self.walk_away_holds:
            self.walk_away_holds = bool(held)
            self.post_message(self.WalkAwayChanged(self.walk_away_holds))

    def _draw_warnings(self) -> None:
        warn = Text("Avoid: " + " · ".join(f"{a.label} {a.rate}" for a in ANTI_PATTERNS.values()), style="dim")
        private = is_private(self)
        for line in self._warnings:
            warn.append("\n⚠ " + sentence(line, private), style="bold")
        self.query_one("#warnings", Static).update(warn)

    def refresh_privacy(self) -> None:
        # The fields follow privacy mode themselves; the warnings quote the plan's words.
        self._draw_warnings()

    def _suggest_team(self, d: PlanDraft) -> None:
        r = self.record
        facts = TeamFacts(
            r.header.arr,
            r.strategic,
            d.root_cause_category,
            r.header.red_flags,
            d.strategies,
            d.escalation_asked,
            d.contract_negotiation,
            d.expansion,
        )
        suggested = {
            m.role: m.reason for m in suggest_team(facts, owner=r.header.owner, arr_above=self.executive_arr_above)
        }
        for row in self.query(TeamRow):
            row.suggest(row.role in suggested, suggested.get(row.role, ""), r.header.owner)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        if not self._advice_pending:
            # A burst of changes (filling the form, a paste) is read back once, not per keystroke.
            self._advice_pending = True
            self.call_after_refresh(self.refresh_advice)

    # -- action rows -------------------------------------------------------------------
    def add_action(self) -> None:
        row = ActionRow(self.today)
        self.query_one("#actions", Vertical).mount(row)

        def show() -> None:
            row.query_one(".act", Input).focus()
            row.scroll_visible()

        self.call_after_refresh(show)

    def remove_action(self, row: ActionRow) -> None:
        """Remove ``row`` and move into the row that takes its place."""
        rows = list(self.query(ActionRow))
        index = rows.index(row)
        row.remove()
        rest = [r for r in rows if r is not row]
        if rest:
            self.call_after_refresh(lambda: rest[min(index, len(rest) - 1)].query_one(".act", Input).focus())
        self.call_after_refresh(self.refresh_advice)
