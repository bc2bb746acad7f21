"""The save plan of one account: situation, root cause, actions with owners and dates
(each on the agenda), success criteria, next check-in, strategies, save team and the
walk-away check. ``ctrl+t`` shows it as the 30-minute save-team meeting."""

from __future__ import annotations


from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, SelectionList, Static, TextArea

from csm_desk.domain.dates import DateError, parse_when
from csm_desk.domain.save_plan import (
    ROADMAP_MILESTONES,
    PlanAction,
    PlanDraft,
    warnings,
)
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
from csm_desk.domain.vocab import CLOSE_REASONS, FLAG_LABELS, STAGE_LABELS
from csm_desk.screens.save_plan_output import PlanOutputs
from csm_desk.screens.save_plan_parts import ActionRow, FieldInput, TeamRow, read_back
from csm_desk.render.format import money
from csm_desk.store.plans import PlanRecord

CONTEXT = {"escalation_asked": "The customer asked for an escalation", "contract_negotiation": "Contract negotiation",
           "expansion": "Expansion opportunity"}


class SavePlanScreen(PlanOutputs, Screen[bool]):
    """Write, review and export a save plan; esc goes back (returns whether it was saved)."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="plan-back"),
        Binding("ctrl+s", "save", "Save", id="plan-save", priority=True),
        Binding("ctrl+n", "add_action", "Add action", id="plan-add-action", priority=True),
        Binding("ctrl+r", "remove_action", "Remove action", id="plan-remove-action", priority=True),
        Binding("ctrl+t", "meeting", "Meeting view", id="plan-meeting", priority=True),
        Binding("ctrl+o", "export", "Export", id="plan-export", priority=True),
        Binding("ctrl+g", "graceful_exit", "Graceful exit", id="plan-graceful-exit", priority=True),
        Binding("q", "back", "Back", show=False, id="plan-quit-guard"),
    ]
    DEFAULT_CSS = """
    SavePlanScreen #sp-header { padding: 0 1; height: auto; background: $panel; }
    SavePlanScreen #sp-body { padding: 0 1; }
    SavePlanScreen .section { text-style: bold; color: $accent; padding: 1 0 0 0; }
    SavePlanScreen .hint { color: $text-muted; }
    SavePlanScreen #situation { height: 4; }
    SavePlanScreen #actions, SavePlanScreen #team { height: auto; }
    SavePlanScreen SelectionList { height: auto; max-height: 16; }
    SavePlanScreen #warnings { color: $warning; }
    SavePlanScreen #problems { color: $error; }
    SavePlanScreen #walk-verdict { color: $warning; text-style: bold; }
    SavePlanScreen .toggled { height: auto; display: none; }
    SavePlanScreen .toggled.visible { display: block; }
    SavePlanScreen #checkin-row, SavePlanScreen .date-row { height: 3; }
    SavePlanScreen #checkin, SavePlanScreen .date-row Input { width: 24; }
    SavePlanScreen .date-row Label { width: 22; padding: 1 0 0 0; }
    SavePlanScreen .read { padding: 1 0 0 1; }
    """

    class Loaded(Message):
        def __init__(self, record: PlanRecord | None) -> None:
            super().__init__()
            self.record = record

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id
        self.record: PlanRecord | None = None
        self.saved = False
        self._armed = False
        self._walk_away_holds = False
        self._advice_pending = False
        self._baseline: PlanDraft | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading the plan…", id="sp-header", markup=False)
        with VerticalScroll(id="sp-body"):
            yield Label("Situation — two or three lines on why the account is at risk", classes="section")
            yield TextArea(id="situation", soft_wrap=True)
            yield Label("Root cause", classes="section")
            yield Select([(label, key) for key, label in CLOSE_REASONS.items()], prompt="category", id="category")
            yield FieldInput(placeholder="the primary reason, in a sentence", id="root-cause")
            yield Label("Actions — what, owner, due (ctrl+n adds a row, ctrl+r removes the row you are in)", classes="section")
            yield Vertical(id="actions")
            yield Label("Success criteria — how you will know the save worked", classes="section")
            yield FieldInput(placeholder="e.g. logins back within 10% and a renewal call booked", id="success")
            yield Label("Next check-in", classes="section")
            with Horizontal(id="checkin-row"):
                yield FieldInput(placeholder="fri 15:00, +1w", id="checkin")
                yield Static("", id="checkin-read", classes="read")
            yield Label("Strategies — typical save rates", classes="section")
            yield SelectionList(*[(Text(f"{s.label:<24}{s.rate:>8}   {s.note}"), s.id) for s in STRATEGIES.values()],
                                id="strategies")
            yield Static(id="warnings", markup=False)
            with Vertical(id="pricing", classes="toggled"):
                yield Label("Pricing restructure — which condition applies?")
                yield Select([(label, key) for key, label in PRICING_CONDITIONS.items()], prompt="condition",
                             id="pricing-condition")
                yield Label("Not the right tool when (tick what is true):")
                yield SelectionList(*[(label, key) for key, label in PRICING_BLOCKERS.items()], id="pricing-blockers")
            with Vertical(id="roadmap", classes="toggled"):
                yield Label("Roadmap sharing — what, and the real dates (leave out a date you do not have)")
                yield FieldInput(placeholder="what is on the roadmap", id="roadmap-feature")
                for key, label in ROADMAP_MILESTONES.items():
                    with Horizontal(classes="date-row"):
                        yield Label(label)
                        yield FieldInput(placeholder="2027-03-01", id=f"roadmap-{key}")
                        yield Static("", id=f"roadmap-{key}-read", classes="read")
            yield Label("What is in play", classes="section")
            yield SelectionList(*[(label, key) for key, label in CONTEXT.items()], id="context")
            yield Label("Save team — suggested from the account; tick, name, and edit the reason", classes="section")
            with Vertical(id="team"):
                for role in ROLES:
                    yield TeamRow(role)
            yield Label("Walk-away check — tick what is true", classes="section")
            yield SelectionList(*[(Text.assemble((f"{c.label}: ", "bold"), label), sid)
                                  for c in WALK_AWAY for sid, label in c.signs], id="walk-away")
            yield Static("", id="walk-verdict", markup=False)
            yield Static("", id="problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="save-plan", exit_on_error=False, description="load the save plan")
    def load(self) -> None:
        self.post_message(self.Loaded(self.app.desk.plan(self.account_id)))

    @on(Loaded)
    async def _loaded(self, event: Loaded) -> None:
        if event.record is None:
            self.app.notify("That account no longer exists.", severity="error", markup=False)
            self.dismiss(self.saved)
            return
        first = self.record is None
        self.record = event.record
        await self._fill(event.record.draft, fresh=event.record.plan_id is None)
        self._draw_header()
        self._refresh_advice()
        self.call_after_refresh(self._set_baseline)
        if first:
            self.query_one("#situation").focus()

    # -- filling and reading the form ----------------------------------------
    async def _fill(self, d: PlanDraft, *, fresh: bool) -> None:
        self.query_one("#situation", TextArea).text = d.situation
        self._set_select("#category", d.root_cause_category)
        self.query_one("#root-cause", Input).value = d.root_cause
        self.query_one("#success", Input).value = d.success_criteria
        self.query_one("#checkin", Input).value = (
            "" if d.checkin is None else d.checkin.isoformat() + (f" {d.checkin_time:%H:%M}" if d.checkin_time else ""))
        box = self.query_one("#actions", Vertical)
        await box.remove_children()
        await box.mount_all([ActionRow(self.app.today, a) for a in d.actions] or [ActionRow(self.app.today)])
        self._select("#strategies", d.strategies)
        self._set_select("#pricing-condition", d.pricing_condition)
        self._select("#pricing-blockers", d.pricing_blockers)
        self.query_one("#roadmap-feature", Input).value = d.roadmap_feature
        for key in ROADMAP_MILESTONES:
            day = d.roadmap_dates.get(key)
            self.query_one(f"#roadmap-{key}", Input).value = day.isoformat() if day else ""
        self._select("#context", [k for k in CONTEXT if getattr(d, k)])
        self._select("#walk-away", d.walk_away)
        saved = {m.role: m for m in d.team}
        for row in self.query(TeamRow):
            if not fresh:
                member = saved.get(row.role)
                row.touched = True
                row.set_values(member is not None, member.name if member else "", member.reason if member else "")
        self._armed = False

    def _set_select(self, selector: str, value: str) -> None:
        select = self.query_one(selector, Select)
        if value and any(value == v for _, v in select._options):
            select.value = value
        else:
            select.clear()

    def _select(self, selector: str, values) -> None:
        sl = self.query_one(selector, SelectionList)
        sl.deselect_all()
        for value in values:
            try:
                sl.select(value)
            except Exception:  # a stored id the lists no longer have
                continue

    def _date(self, text: str, where: str, errors: list[str]):
        if not text.strip():
            return None, None
        try:
            return parse_when(text, self.app.today)
        except DateError:
            errors.append(f"{where}: {text.strip()!r} is not a date (try fri, +3d, next week, 2026-12-04).")
            return None, None

    def draft(self) -> tuple[PlanDraft, list[str]]:
        """The plan as typed, and the dates that could not be read."""
        errors: list[str] = []
        actions = []
        for n, row in enumerate(self.query(ActionRow), 1):
            what, owner, due_text = row.values()
            if not (what.strip() or owner.strip() or due_text.strip()) and row.key is None:
                continue  # an empty new row is not an action
            due, _ = self._date(due_text, f"Action {n}", errors)
            actions.append(PlanAction(what, owner, due, row.key, row.done))
        checkin, checkin_time = self._date(self.query_one("#checkin", Input).value, "Next check-in", errors)
        roadmap = {k: self._date(self.query_one(f"#roadmap-{k}", Input).value, label, errors)[0]
                   for k, label in ROADMAP_MILESTONES.items()}
        category = self.query_one("#category", Select).value
        context = set(self.query_one("#context", SelectionList).selected)
        team = tuple(TeamMember(row.role, name.strip(), reason.strip())
                     for row in self.query(TeamRow) for on, name, reason in [row.values()] if on)
        condition = self.query_one("#pricing-condition", Select).value
        return PlanDraft(
            situation=self.query_one("#situation", TextArea).text, root_cause_category=category if isinstance(category, str) else "",
            root_cause=self.query_one("#root-cause", Input).value, actions=tuple(actions),
            success_criteria=self.query_one("#success", Input).value, checkin=checkin, checkin_time=checkin_time,
            strategies=tuple(s for s in STRATEGIES if s in self.query_one("#strategies", SelectionList).selected),
            team=team, pricing_condition=condition if isinstance(condition, str) else "",
            pricing_blockers=tuple(self.query_one("#pricing-blockers", SelectionList).selected),
            roadmap_feature=self.query_one("#roadmap-feature", Input).value, roadmap_dates=roadmap,
            walk_away=tuple(self.query_one("#walk-away", SelectionList).selected),
            escalation_asked="escalation_asked" in context, contract_negotiation="contract_negotiation" in context,
            expansion="expansion" in context,
        ), errors

    # -- what the form says back as it is typed --------------------------------
    def _draw_header(self) -> None:
        r = self.record
        if r is None:
            return
        h = r.header
        text = Text()
        text.append("Save plan · ", style="bold")
        text.append(h.name, style="bold")
        text.append(f"  {r.external_id}", style="dim")
        text.append("  (new)" if r.plan_id is None else f"  plan #{r.plan_id}", style="dim")
        flags = ", ".join(FLAG_LABELS.get(f, f) for f in h.red_flags) or "no active red flag"
        renewal = f"renews {h.renewal_date.isoformat()}" if h.renewal_date else "no renewal date"
        text.append(f"\nARR {money(h.arr, private=self.app.private)} · Stage: "
                    f"{STAGE_LABELS.get(h.stage, h.stage)} · Health {h.health if h.health is not None else '—'}"
                    f" · {renewal} · Owner: {h.owner or '—'}\nRed flags: {flags}")
        self.query_one("#sp-header", Static).update(text)

    def _refresh_advice(self) -> None:
        self._advice_pending = False
        if self.record is None:
            return
        d, _ = self.draft()
        self.query_one("#pricing").set_class("pricing_restructure" in d.strategies, "visible")
        self.query_one("#roadmap").set_class("roadmap_sharing" in d.strategies, "visible")
        self._suggest_team(d)
        warn = Text("Avoid: " + " · ".join(f"{a.label} {a.rate}" for a in ANTI_PATTERNS.values()), style="dim")
        for line in warnings(d):
            warn.append("\n⚠ " + line, style="bold")
        self.query_one("#warnings", Static).update(warn)
        held = walk_away_check(d.walk_away)
        verdict = self.query_one("#walk-verdict", Static)
        verdict.update("" if not held else "Walk away? " + ", ".join(c.label for c in held)
                       + " — ctrl+g opens the graceful-exit script.")
        if bool(held) != self._walk_away_holds:
            self._walk_away_holds = bool(held)
            self.refresh_bindings()

    def _suggest_team(self, d: PlanDraft) -> None:
        r = self.record
        facts = TeamFacts(r.header.arr, r.strategic, d.root_cause_category, r.header.red_flags, d.strategies,
                          d.escalation_asked, d.contract_negotiation, d.expansion)
        rules = self.app.settings.save_team
        suggested = {m.role: m.reason for m in suggest_team(facts, owner=r.header.owner,
                                                             arr_above=rules.executive_arr_above)}
        for row in self.query(TeamRow):
            row.suggest(row.role in suggested, suggested.get(row.role, ""), r.header.owner)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self, event) -> None:
        if isinstance(event, Input.Changed) and event.input.id in ("checkin", *(f"roadmap-{k}" for k in ROADMAP_MILESTONES)):
            target = "#checkin-read" if event.input.id == "checkin" else f"#{event.input.id}-read"
            self.query_one(target, Static).update(read_back(event.value, self.app.today))
        self._armed = False
        if not self._advice_pending:
            # A burst of changes (filling the form, a paste) is read back once, not per keystroke.
            self._advice_pending = True
            self.call_after_refresh(self._refresh_advice)

    def refresh_privacy(self) -> None:
        self._draw_header()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "graceful_exit":
            return self._walk_away_holds
        return True

    # -- keys -----------------------------------------------------------------
    def dirty(self) -> bool:
        return self.record is not None and self._baseline is not None and self.draft()[0] != self._baseline

    def _set_baseline(self) -> None:
        self._baseline = self.draft()[0]

    def action_back(self) -> None:
        if self.dirty() and not self._armed:
            self._armed = True
            self.app.notify("Unsaved changes: press esc again to leave without saving, ctrl+s to save.",
                            severity="warning", markup=False)
            return
        self.dismiss(self.saved)

    def action_add_action(self) -> None:
        row = ActionRow(self.app.today)
        self.query_one("#actions", Vertical).mount(row)
        self.call_after_refresh(lambda: (row.query_one(".act", Input).focus(), row.scroll_visible()))

    def action_remove_action(self) -> None:
        focused = self.focused
        row = next((w for w in (focused.ancestors_with_self if focused else ()) if isinstance(w, ActionRow)), None)
        if row is None:
            self.app.notify("Move into an action row first (tab), then ctrl+r removes it.", markup=False)
            return
        rows = list(self.query(ActionRow))
        index = rows.index(row)
        row.remove()
        rest = [r for r in rows if r is not row]
        if rest:
            self.call_after_refresh(lambda: rest[min(index, len(rest) - 1)].query_one(".act", Input).focus())
        self.call_after_refresh(self._refresh_advice)
