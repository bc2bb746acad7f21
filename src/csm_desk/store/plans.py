"""Save plans in the database: one transaction writes the plan, its actions and the
follow-ups that put them (and the next check-in) on the agenda, kept in sync.

Follow-ups carry ``source = "save_plan"`` and ``source_key`` ``save_plan:<plan>:action:<n>``
or ``save_plan:<plan>:checkin``; ``n`` never changes once given, so editing a plan
updates its follow-ups instead of duplicating them."""

from __future__ import annotations

import json
from datetime import date, time

from sqlalchemy import select
from sqlmodel import Session

from csm_desk.domain.save_plan import PlanAction, PlanDraft, PlanHeader, problems
from csm_desk.domain.saving import TeamMember
from csm_desk.domain.text import visible
from csm_desk.store.actions import ActionError, set_stage
from csm_desk.store.detail import account_id_for
from csm_desk.store.tables import Account, FollowUp, SaveAction, SavePlan
from csm_desk.store.views import PlanRecord  # re-exported: the plan's read model

SOURCE = "save_plan"
ACTION_CHANNEL = "note"
CHECKIN_CHANNEL = "meeting"
CHECKIN_TITLE = {"en": "Save-plan check-in", "pt-BR": "Check-in do plano de retenção"}
STAGES_BEFORE_PLAN = ("identified", "engaged")


def action_key(plan_id: int, n: int) -> str:
    return f"{SOURCE}:{plan_id}:action:{n}"


def checkin_key(plan_id: int) -> str:
    return f"{SOURCE}:{plan_id}:checkin"


def _n_of(followup: FollowUp | None) -> int | None:
    if followup is None:
        return None
    tail = followup.source_key.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _header(account: Account) -> PlanHeader:
    flags = tuple(f for f in account.red_flags.split(",") if f)
    return PlanHeader(
        account.name, account.owner, account.arr, account.health, flags, account.renewal_date, account.stage
    )


def _details(draft: PlanDraft) -> str:
    return json.dumps(
        {
            "pricing_condition": draft.pricing_condition,
            "pricing_blockers": list(draft.pricing_blockers),
            "roadmap": {
                "feature": draft.roadmap_feature,
                "dates": {k: v.isoformat() for k, v in draft.roadmap_dates.items() if v},
            },
            "walk_away": list(draft.walk_away),
            "context": {
                "escalation_asked": draft.escalation_asked,
                "contract_negotiation": draft.contract_negotiation,
                "expansion": draft.expansion,
            },
        },
        ensure_ascii=False,
    )


def _parse_json(text: str, default):
    try:
        value = json.loads(text) if text else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def _draft(plan: SavePlan, actions: list[tuple[SaveAction, FollowUp | None]], checkin: FollowUp | None) -> PlanDraft:
    details = _parse_json(plan.details, {})
    roadmap = details.get("roadmap") or {}
    context = details.get("context") or {}
    dates = {}
    for k, v in (roadmap.get("dates") or {}).items():
        try:
            dates[k] = date.fromisoformat(v)
        except (TypeError, ValueError):
            continue
    # JSON keeps a control character escaped (\u001b): show it once decoded, as every text column does.
    team = tuple(
        TeamMember(str(m.get("role", "")), visible(str(m.get("name", ""))), visible(str(m.get("reason", ""))))
        for m in _parse_json(plan.team, [])
        if isinstance(m, dict)
    )
    items = tuple(
        PlanAction(a.action, a.owner, a.due, _n_of(f) or n, f is not None and f.status == "done")
        for n, (a, f) in enumerate(actions, 1)
    )
    return PlanDraft(
        situation=plan.situation,
        root_cause_category=plan.root_cause_category,
        root_cause=plan.root_cause,
        actions=items,
        success_criteria=plan.success_criteria,
        checkin=checkin.due if checkin else None,
        checkin_time=checkin.due_time if checkin else None,
        strategies=tuple(s for s in plan.strategies.split(",") if s),
        team=team,
        pricing_condition=str(details.get("pricing_condition", "")),
        pricing_blockers=tuple(details.get("pricing_blockers") or ()),
        roadmap_feature=visible(str(roadmap.get("feature", ""))),
        roadmap_dates=dates,
        walk_away=tuple(details.get("walk_away") or ()),
        escalation_asked=bool(context.get("escalation_asked")),
        contract_negotiation=bool(context.get("contract_negotiation")),
        expansion=bool(context.get("expansion")),
    )


def _plan_actions(session: Session, plan_id: int) -> list[tuple[SaveAction, FollowUp | None]]:
    rows = session.scalars(select(SaveAction).where(SaveAction.plan_id == plan_id).order_by(SaveAction.id)).all()
    return [(a, session.get(FollowUp, a.followup_id) if a.followup_id else None) for a in rows]


def current_plan(session: Session, account_id: int) -> SavePlan | None:
    """The plan being worked: the newest open one, else the newest closed one."""
    plans = session.scalars(
        select(SavePlan)
        .where(SavePlan.account_id == account_id)
        .order_by(SavePlan.created_at.desc(), SavePlan.id.desc())
    ).all()
    return next((p for p in plans if p.closed_at is None), plans[0] if plans else None)


def load_plan(session: Session, account_id: int) -> PlanRecord | None:
    """The account and its current plan (an empty draft when it has none); None for no account."""
    account = session.get(Account, account_id)
    if account is None:
        return None
    plan = current_plan(session, account_id)
    if plan is None:
        draft, plan_id = PlanDraft(), None
    else:
        checkin = session.get(FollowUp, plan.next_checkin_id) if plan.next_checkin_id else None
        draft, plan_id = _draft(plan, _plan_actions(session, plan.id), checkin), plan.id
    return PlanRecord(
        account.id, account.external_id, _header(account), account.strategic, account.language, plan_id, draft
    )


def load_plan_by_external_id(session: Session, external_id: str) -> PlanRecord | None:
    account_id = account_id_for(session, external_id)
    return None if account_id is None else load_plan(session, account_id)


def _sync_actions(session: Session, account: Account, plan_id: int, actions: tuple[PlanAction, ...]) -> None:
    existing = {(_n_of(f) or n): (a, f) for n, (a, f) in enumerate(_plan_actions(session, plan_id), 1)}
    wanted = {a.key for a in actions if a.key is not None}
    for n, (row, followup) in existing.items():
        if n not in wanted:
            if followup is not None and followup.status == "open":
                session.delete(followup)
            session.delete(row)
    next_n = max([*existing, *wanted, 0]) + 1
    for item in actions:
        row, followup = existing.get(item.key, (None, None)) if item.key is not None else (None, None)  # type: ignore[assignment]  # a new action has no row yet; the branch below makes one
        if row is None:
            n, next_n = next_n, next_n + 1
            followup = FollowUp(
                account_id=account.id,
                due=item.due,
                title=" ".join(item.action.split()),
                channel=ACTION_CHANNEL,
                owner=item.owner.strip(),
                source=SOURCE,
                source_key=action_key(plan_id, n),
            )
            session.add(followup)
            session.flush()
            row = SaveAction(plan_id=plan_id, followup_id=followup.id, action="", owner="")
        elif followup is not None and followup.status == "open":
            if followup.due != item.due:
                followup.due, followup.snoozed_until = item.due, None  # type: ignore[assignment]  # an action's due date is required before a plan is saved (plans.check)
            followup.title, followup.owner = " ".join(item.action.split()), item.owner.strip()
            session.add(followup)
        row.action, row.owner, row.due = item.action.strip(), item.owner.strip(), item.due
        session.add(row)


def _sync_checkin(session: Session, account: Account, plan: SavePlan, day: date, at: time | None, owner: str) -> None:
    current = session.get(FollowUp, plan.next_checkin_id) if plan.next_checkin_id else None
    if current is not None and current.status == "open":
        if (current.due, current.due_time) != (day, at):
            current.due, current.due_time, current.snoozed_until = day, at, None
        current.owner = owner
        session.add(current)
        return
    if current is not None and (current.due, current.due_time) == (day, at):
        return  # that check-in already happened; nothing new was asked for
    checkin = FollowUp(
        account_id=account.id,
        due=day,
        due_time=at,
        title=CHECKIN_TITLE.get(account.language, CHECKIN_TITLE["en"]),
        channel=CHECKIN_CHANNEL,
        owner=owner,
        source=SOURCE,
        source_key=checkin_key(plan.id),
    )
    session.add(checkin)
    session.flush()
    plan.next_checkin_id = checkin.id


def _write_plan(session: Session, account: Account, plan_id: int | None, draft: PlanDraft) -> SavePlan:
    if plan_id is None:
        plan = SavePlan(account_id=account.id)
    else:
        plan = session.get(SavePlan, plan_id)  # type: ignore[assignment]  # checked on the next line
        if plan is None or plan.account_id != account.id:
            raise ActionError("That save plan no longer exists.")
    plan.situation, plan.root_cause_category = draft.situation.strip(), draft.root_cause_category
    plan.root_cause, plan.success_criteria = draft.root_cause.strip(), draft.success_criteria.strip()
    plan.strategies = ",".join(draft.strategies)
    plan.team = json.dumps(
        [{"role": m.role, "name": m.name.strip(), "reason": m.reason.strip()} for m in draft.team], ensure_ascii=False
    )
    plan.details = _details(draft)
    session.add(plan)
    session.flush()
    return plan


def check(draft: PlanDraft) -> None:
    """ActionError with the first thing that keeps the plan from being saved."""
    found = problems(draft)
    if found:
        raise ActionError(found[0])


def save_plan(session: Session, account_id: int, draft: PlanDraft, today: date, *, plan_id: int | None = None) -> int:
    """Create or update the plan with its action and check-in follow-ups, in the caller's
    transaction; an account still identified or engaged moves to the save_plan stage (recorded)."""
    check(draft)
    account = session.get(Account, account_id)
    if account is None:
        raise ActionError("That account no longer exists.")
    plan = _write_plan(session, account, plan_id, draft)
    _sync_actions(session, account, plan.id, draft.actions)
    csm = next((m.name.strip() for m in draft.team if m.role == "csm" and m.name.strip()), account.owner)
    _sync_checkin(session, account, plan, draft.checkin, draft.checkin_time, csm)
    session.add(plan)
    session.flush()
    if account.stage in STAGES_BEFORE_PLAN:
        set_stage(session, account_id, "save_plan", today, note="save plan written")
    return plan.id
