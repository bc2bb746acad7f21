"""The save-plan screen: the form (``form``) with its action and team rows (``rows``),
the meeting view (``meeting``) and the export (``export``). The app opens it on
``OpenSavePlan``."""

from csm_desk.screens.save_plan.meeting import Reader
from csm_desk.screens.save_plan.rows import ActionRow, TeamRow
from csm_desk.screens.save_plan.screen import SavePlanScreen

__all__ = ["ActionRow", "Reader", "SavePlanScreen", "TeamRow"]
