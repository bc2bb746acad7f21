"""What the save-plan screen does with the plan: saves it (one undo step), shows it as the
meeting, exports the Markdown (file and clipboard), and opens the graceful-exit script
when the walk-away check holds."""

from __future__ import annotations

import inspect
from pathlib import Path

from textual import work

from textual.widgets import Static

from csm_desk.domain.save_plan import PlanDraft, meeting_agenda, problems, to_markdown
from csm_desk.screens.save_plan_parts import ExportModal, Reader, agenda_text, script_text
from csm_desk.store.plans import PlanRecord, load_plan


class PlanOutputs:
    """Mixin for SavePlanScreen: needs ``record``, ``account_id``, ``draft()`` and ``Loaded``."""

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
        from csm_desk.store.actions import ActionError
        from csm_desk.store.plans import save_plan

        app, plan_id = self.app, self.record.plan_id

        def write(store) -> int:
            return save_plan(store, self.account_id, draft, app.today, app.settings.red_flags, plan_id=plan_id)

        undo = getattr(app, "undo", None)  # the app-wide undo stack: u takes the whole save back
        try:
            if undo is not None:
                undo.record(app.store, [self.account_id], f"save plan for {self.record.header.name}", write)
            else:
                write(app.store)
        except ActionError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
            return
        with app.store.read() as session:
            record = load_plan(session, self.account_id)
        app.call_from_thread(self._after_save, record)

    def _after_save(self, record: PlanRecord | None) -> None:
        self.saved = True
        self.app.notify(f"Save plan saved for {record.header.name if record else 'the account'}; "
                        "its actions and check-in are on the agenda.", markup=False)
        self.post_message(self.Loaded(record))

    def action_meeting(self) -> None:
        if self.record is None:
            return
        draft, _ = self.draft()
        blocks = meeting_agenda(self.record.header, draft, self.app.today)
        self.app.push_screen(Reader(agenda_text(self.record.header.name, blocks), id="meeting"))

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
        try:
            from csm_desk.screens.call import CallScreen
        except ImportError:
            CallScreen = None
        # The call screen runs the script live (notes, quotes, commitments) when it can be
        # opened on a given script; otherwise the script is shown to read.
        if CallScreen is not None and "script_id" in inspect.signature(CallScreen.__init__).parameters:
            self.app.push_screen(CallScreen(self.account_id, script_id="graceful_exit"))
            return
        self._open_graceful_exit()

    @work(thread=True, exclusive=True, group="save-plan-script", exit_on_error=False, description="load the script")
    def _open_graceful_exit(self) -> None:
        from csm_desk.scripts.values import script_values
        from csm_desk.store.detail import load_detail

        app, s = self.app, self.app.settings
        with app.store.read() as session:
            detail = load_detail(session, self.account_id, app.today, s.triage, s.score)
        if detail is None:
            return
        language = detail.account.language or s.app.language
        script = app.script_library().get("graceful_exit", language)
        values = script_values(detail, app.today, language, csm_name=s.app.me, product=s.app.product)
        app.call_from_thread(self._show_script, script, values, language)

    def _show_script(self, script, values, language: str) -> None:
        if script is None:
            self.app.notify("The graceful-exit script is missing from the library.", severity="error", markup=False)
            return
        self.app.push_screen(Reader(script_text(script, values, language), id="graceful-exit"))
