"""The save plan of one account: situation, root cause, actions with owners and dates
(each on the agenda), success criteria, next check-in, strategies, save team and the
walk-away check. ``ctrl+t`` shows it as the 30-minute save-team meeting."""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Select, SelectionList, Static, TextArea

from csm_desk.domain.save_plan import PlanDraft, meeting_agenda, problems, to_markdown
from csm_desk.domain.vocab import FLAG_LABELS, STAGE_LABELS
from csm_desk.errors import failure_message
from csm_desk.render.format import money
from csm_desk.render.privacy import badge
from csm_desk.screens.failures import ReportsFailures
from csm_desk.screens.navigation import OpenCall
from csm_desk.screens.save_plan.export import ExportModal
from csm_desk.screens.save_plan.form import PlanForm
from csm_desk.screens.save_plan.meeting import Reader, agenda_text, without_words
from csm_desk.screens.save_plan.rows import ActionRow
from csm_desk.store.views import PlanRecord
from csm_desk.widgets.privacy import FollowsPrivacy, is_private


class SavePlanScreen(FollowsPrivacy, ReportsFailures, Screen[bool]):
    """Write, review and export a save plan; esc goes back (returns whether it was saved)."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("ctrl+n", "add_action", "Add action", id="plan-add-action", priority=True),
        Binding("ctrl+r", "remove_action", "Remove action", id="plan-remove-action", priority=True),
        Binding("ctrl+t", "meeting", "Meeting view", id="plan-meeting", priority=True),
        Binding("ctrl+o", "export", "Export", id="plan-export", priority=True),
        Binding("ctrl+g", "graceful_exit", "Graceful exit", id="plan-graceful-exit", priority=True),
        Binding("q", "back", "Back", show=False, id="quit-guard"),
    ]
    DEFAULT_CSS = """
    SavePlanScreen #sp-header { padding: 0 1; height: auto; background: $panel; }
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
        self._baseline: PlanDraft | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading the plan…", id="sp-header", markup=False)
        yield PlanForm(
            self.app.today, executive_arr_above=self.app.settings.save_team.executive_arr_above, id="sp-body"
        )
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
        form = self.query_one(PlanForm)
        await form.fill(event.record)
        self._armed = False
        self._draw_header()
        form.refresh_advice()
        self.call_after_refresh(self._set_baseline)
        if first:
            self.query_one("#situation").focus()

    def draft(self) -> tuple[PlanDraft, list[str]]:
        """The plan as typed, and the dates that could not be read."""
        return self.query_one(PlanForm).draft()

    def _draw_header(self) -> None:
        r = self.record
        if r is None:
            return
        h = r.header
        text = badge(is_private(self))
        text.append("Save plan · ", style="bold")
        text.append(h.name, style="bold")
        text.append(f"  {r.external_id}", style="dim")
        text.append("  (new)" if r.plan_id is None else f"  plan #{r.plan_id}", style="dim")
        flags = ", ".join(FLAG_LABELS.get(f, f) for f in h.red_flags) or "no active red flag"
        renewal = f"renews {h.renewal_date.isoformat()}" if h.renewal_date else "no renewal date"
        text.append(
            f"\nARR {money(h.arr, private=is_private(self))} · Stage: "
            f"{STAGE_LABELS.get(h.stage, h.stage)} · Health {h.health if h.health is not None else '—'}"
            f" · {renewal} · Owner: {h.owner or '—'}\nRed flags: {flags}"
        )
        self.query_one("#sp-header", Static).update(text)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _edited(self) -> None:
        self._armed = False  # an esc armed before this edit no longer leaves

    @on(PlanForm.WalkAwayChanged)
    def _walk_away(self, event: PlanForm.WalkAwayChanged) -> None:
        self._walk_away_holds = event.holds
        self.refresh_bindings()

    def refresh_privacy(self) -> None:
        # The form's fields follow privacy mode themselves; the header shows the ARR.
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
            self.app.notify(
                "Unsaved changes: press esc again to leave without saving, ctrl+s to save.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(self.saved)

    def action_add_action(self) -> None:
        self.query_one(PlanForm).add_action()

    def action_remove_action(self) -> None:
        focused = self.focused
        row = next((w for w in (focused.ancestors_with_self if focused else ()) if isinstance(w, ActionRow)), None)
        if row is None:
            self.app.notify("Move into an action row first (tab), then ctrl+r removes it.", markup=False)
            return
        self.query_one(PlanForm).remove_action(row)

    # -- what is done with the plan: saved, shown as the meeting, exported, walked away from ----
    def action_save(self) -> None:
        if self.record is None:
            return
        draft, errors = self.draft()
        found = errors + problems(draft)
        box = self.query_one("#problems", Static)
        if found:
            box.update("Not saved yet:\n" + "\n".join(f"- {p}" for p in found))
            self.app.notify(found[0], severity="error", markup=False)
            return
        box.update("")
        self._write(draft)

    @work(thread=True, exclusive=True, group="save-plan-write", exit_on_error=False, description="save the plan")
    def _write(self, draft: PlanDraft) -> None:
        app, plan_id = self.app, self.record.plan_id
        try:
            # One write through the desk: u takes the whole save (plan, actions, check-in, stage) back.
            app.desk.save_plan(self.account_id, draft, plan_id=plan_id)
        except Exception as exc:  # refused, busy, read-only, disk full: said, and the form keeps everything
            app.call_from_thread(self._save_failed, failure_message(exc))
            return
        app.call_from_thread(self._after_save, app.desk.plan(self.account_id))

    def _save_failed(self, reason: str) -> None:
        self.query_one("#problems", Static).update(
            Text(f"Not saved: {reason}\nEverything typed is still here: ctrl+s tries again.")
        )
        self.app.write_failed(reason)

    def _after_save(self, record: PlanRecord | None) -> None:
        self.saved = True
        self.app.notify(
            f"Save plan saved for {record.header.name if record else 'the account'}; "
            "its actions and check-in are on the agenda.",
            markup=False,
        )
        self.post_message(self.Loaded(record))

    def action_meeting(self) -> None:
        if self.record is None:
            return
        header, draft, today = self.record.header, self.draft()[0], self.app.today

        def page(private: bool) -> RenderableType:
            return agenda_text(header.name, meeting_agenda(header, without_words(draft) if private else draft, today))

        self.app.push_screen(Reader(page, id="meeting"))

    def action_export(self) -> None:
        if self.record is None:
            return
        from csm_desk.domain.save_plan import default_file_name

        suggested = Path.cwd() / default_file_name(self.record.external_id, self.app.today)
        text = to_markdown(self.record.header, self.draft()[0])

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._export(path, text)

        self.app.push_screen(ExportModal(suggested), chosen)

    @work(thread=True, exclusive=True, group="save-plan-export", exit_on_error=False, description="export the plan")
    def _export(self, path: Path, text: str) -> None:
        from csm_desk.files import FileWriteError, write_private

        app = self.app
        try:
            written = write_private(path, text)
        except FileWriteError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
            return
        app.call_from_thread(self._exported, written, text)

    def _exported(self, path: Path, text: str) -> None:
        self.app.copy_to_clipboard(text)
        self.app.notify(f"Written to {path} and copied to the clipboard.", markup=False)

    def action_graceful_exit(self) -> None:
        """The graceful-exit conversation, live in call mode (notes, quotes and commitments kept)."""
        self.post_message(OpenCall(self.account_id, script_id="graceful_exit"))
