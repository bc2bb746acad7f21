"""What the save-plan screen does with the plan: saves it (one undo step), shows it as the
meeting, exports the Markdown (file and clipboard), and opens the graceful-exit script
when the walk-away check holds."""

from __future__ import annotations

from pathlib import Path

from textual import work

from textual.widgets import Static

from csm_desk.domain.save_plan import PlanDraft, meeting_agenda, problems, to_markdown
from csm_desk.screens.navigation import OpenCall
from csm_desk.screens.save_plan_parts import ExportModal, Reader, agenda_text
from csm_desk.store.plans import PlanRecord


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

        app, plan_id = self.app, self.record.plan_id
        try:
            # One write through the desk: u takes the whole save (plan, actions, check-in, stage) back.
            app.desk.save_plan(self.account_id, draft, plan_id=plan_id)
        except ActionError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
            return
        app.call_from_thread(self._after_save, app.desk.plan(self.account_id))

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
        """The graceful-exit conversation, live in call mode (notes, quotes and commitments kept)."""
        self.post_message(OpenCall(self.account_id, script_id="graceful_exit"))
