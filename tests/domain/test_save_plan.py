"""A save plan as data: what it needs, its Markdown in the SAVE PLAN shape, the meeting agenda."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from csm_desk.domain.save_plan import (
    PlanAction,
    PlanDraft,
    PlanHeader,
    action_horizons,
    meeting_agenda,
    problems,
    to_markdown,
    warnings,
)
from csm_desk.domain.saving import TeamMember

T = date(2026, 11, 23)
HEADER = PlanHeader(
    "Globex [/] Corp", "Ana", 120_000.0, 45, ("health_low", "competitor_mentioned"), date(2027, 1, 7), "engaged"
)


def good(**changes) -> PlanDraft:
    base = dict(
        situation="A competitor demoed to the ops team.\nRenewal in six weeks.",
        root_cause_category="competitive",
        root_cause="Another team prefers the rival tool.",
        actions=(
            PlanAction("Deep-dive on their must-haves", "Ana", date(2026, 11, 27)),
            PlanAction("Reference call with a similar customer", "Ben", date(2026, 12, 3)),
        ),
        success_criteria="Renewal confirmed without a bake-off.",
        checkin=date(2026, 11, 30),
        checkin_time=time(15, 0),
        strategies=("listening_tour", "roadmap_sharing"),
        team=(
            TeamMember("csm", "Ana", "Owns the account and the plan"),
            TeamMember("cs_manager", "Alex", "Always on the save team"),
        ),
        roadmap_feature="Mobile app",
        roadmap_dates={"dev": date(2027, 3, 1), "beta": date(2027, 6, 1), "ga": None},
    )
    base.update(changes)
    return PlanDraft(**base)


def test_a_complete_plan_has_no_problem():
    assert problems(good()) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dict(situation="  "), "Describe the situation in two or three lines."),
        (dict(root_cause_category="bogus"), "Pick a root-cause category."),
        (dict(actions=()), "Add at least one action with an owner and a due date."),
        (dict(actions=(PlanAction("Call", "", T),)), "Action 1: give it an owner."),
        (dict(actions=(PlanAction("Call", "Ana", None),)), "Action 1: give it a due date."),
        (dict(actions=(PlanAction(" ", "Ana", T),)), "Action 1: say what is to be done."),
        (dict(success_criteria=""), "Say how you will know the save worked (success criteria)."),
        (dict(checkin=None), "Set the next check-in."),
        (dict(roadmap_dates={}), "Roadmap sharing: give at least one real date (development start, beta or release)."),
    ],
)
def test_each_missing_piece_is_named(changes, message):
    assert problems(good(**changes)) == [message]


def test_markdown_has_the_save_plan_shape():
    assert (
        to_markdown(HEADER, good())
        == """# SAVE PLAN: Globex [/] Corp

## SITUATION
A competitor demoed to the ops team.
Renewal in six weeks.

## ROOT CAUSE
Competitive: Another team prefers the rival tool.

## ACTIONS
1. Deep-dive on their must-haves - Owner: Ana - Due: 2026-11-27
2. Reference call with a similar customer - Owner: Ben - Due: 2026-12-03

## SUCCESS CRITERIA
Renewal confirmed without a bake-off.

## NEXT CHECK-IN: 2026-11-30 15:00

## STRATEGIES
- Listening tour (typical save rate 45-60%)
- Roadmap sharing (typical save rate 40-55%): Mobile app (development starts 2027-03-01, beta 2027-06-01)

## SAVE TEAM
- CSM (owner): Ana (Owns the account and the plan)
- CS manager / VP CS: Alex (Always on the save team)
"""
    )


def test_markdown_keeps_each_action_on_one_line_and_marks_done_ones():
    draft = good(
        actions=(PlanAction("Fix\nthe  sync", "Priya", date(2026, 11, 20), 1, True),),
        strategies=(),
        team=(),
        checkin_time=None,
    )
    text = to_markdown(HEADER, draft)
    assert "1. Fix the sync - Owner: Priya - Due: 2026-11-20 (done)\n" in text
    assert text.endswith("## NEXT CHECK-IN: 2026-11-30\n")


def test_warnings_name_the_anti_pattern_and_its_rate():
    draft = good(actions=(PlanAction("Offer 20% discount", "Ana", T),))
    [line] = warnings(draft)
    assert line.startswith("Panic discount (saves 15-25%): “Offer 20% discount”")


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-1, "Overdue"),
        (0, "Next 7 days"),
        (7, "Next 7 days"),
        (8, "Days 8-14"),
        (14, "Days 8-14"),
        (15, "Days 15-30"),
        (30, "Days 15-30"),
        (31, "Later"),
    ],
)
def test_actions_fall_in_the_7_14_30_day_horizons(days, bucket):
    [(label, items)] = action_horizons((PlanAction("x", "Ana", T + timedelta(days=days)),), T)
    assert label == bucket and len(items) == 1


def test_done_actions_leave_the_meeting_agenda():
    assert action_horizons((PlanAction("x", "Ana", T, 1, True),), T) == []


def test_meeting_agenda_is_the_30_minutes_in_four_blocks():
    blocks = meeting_agenda(HEADER, good(walk_away=("wont_engage.leaving",)), T)
    assert [(b.minutes, b.title) for b in blocks] == [
        ("1-5", "State of play"),
        ("6-15", "Root cause"),
        ("16-25", "Actions for the next 7 / 14 / 30 days"),
        ("26-30", "Next steps"),
    ]
    assert "Health 45; red flags: Health is low, Competitor mentioned." in blocks[0].lines
    assert "Timeline: renewal 2027-01-07 (in 45 days)." in blocks[0].lines
    assert blocks[2].lines == (
        "Next 7 days:",
        "  Deep-dive on their must-haves — Ana — due 2026-11-27",
        "Days 8-14:",
        "  Reference call with a similar customer — Ben — due 2026-12-03",
    )
    nxt = blocks[3].lines
    assert nxt[0] == "Next meeting: 2026-11-30 15:00"
    assert nxt[1] == "Success criteria: Renewal confirmed without a bake-off."
    assert any(line.startswith("Escalate") for line in nxt) and any(line.startswith("De-escalate") for line in nxt)
    assert nxt[-1] == "Walk-away check holds (they won't engage): consider a graceful exit."


def test_markdown_shows_typed_control_characters_as_pictures():
    draft = good(situation="pasted \x1b]52;c;eA==\x07 from mail\n\tsecond line", team=())
    text = to_markdown(HEADER, draft)
    assert "pasted ␛]52;c;eA==␇ from mail\n\tsecond line" in text
    assert "\x1b" not in text and "\x07" not in text
