"""Creating and correcting records by hand through the desk: each change stored as typed,
refused whole when a field is wrong, and taken back exactly by undo (full table dumps)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from csm_desk.domain.records import AccountFields, ContactFields
from csm_desk.store.actions import ActionError
from csm_desk.store.lifecycle import sync_cadence
from csm_desk.store.records import RecordError
from csm_desk.store.tables import Contact, FollowUp, Interaction, Quote, Signal

from .conftest import add_account, two_flag_metrics
from .dbdump import dump


@pytest.fixture
def book(build, today):
    def make(s):
        a = add_account(
            s,
            "A-1",
            name="Acme",
            owner="Ana",
            arr=60_000,
            contract_start=date(2025, 1, 10),
            renewal_date=today - timedelta(days=12),
            metrics=two_flag_metrics(today),
            contacts=[
                Contact(name="Juliana Prado", role="champion", email="ju@acme.test"),
                Contact(name="Rafael Lima", role="user"),
                Contact(name="Marta Reis", role="sponsor"),
            ],
            followups=[FollowUp(due=today + timedelta(days=2), title="Send the roadmap", owner="Ana")],
            interactions=[Interaction(at=datetime(2026, 11, 20, 15, tzinfo=UTC), channel="call", summary="QBR")],
            signals=[
                Signal(date=today - timedelta(days=9), kind="ticket_tone", resolved_on=today - timedelta(days=2)),
                Signal(date=today - timedelta(days=20), kind="competitor_mentioned", quote="we are looking around"),
            ],
        )
        add_account(s, "B-1", name="Other")
        ids = {c.name: c.id for c in s.scalars(select(Contact).where(Contact.account_id == a))}
        note = s.scalars(select(Interaction.id).where(Interaction.account_id == a)).one()
        s.add(Quote(account_id=a, interaction_id=note, position=0, text="it is slow", speaker_id=ids["Rafael Lima"]))
        sigs = {x.kind: x.id for x in s.scalars(select(Signal).where(Signal.account_id == a))}
        fu = s.scalars(select(FollowUp.id).where(FollowUp.account_id == a)).one()
        return {"a": a, "contacts": ids, "note": note, "signals": sigs, "fu": fu}

    return build(make)


def _fields(desk, account_id: int, **changes) -> AccountFields:
    a = desk.account(account_id).account
    base = AccountFields(
        name=a.name,
        external_id=a.external_id,
        arr=a.arr,
        strategic=a.strategic,
        segment=a.segment,
        industry=a.industry,
        language=a.language,
        owner=a.owner,
        contract_start=a.contract_start,
        renewal_date=a.renewal_date,
        last_renewal=a.last_renewal,
        last_expansion=a.last_expansion,
    )
    return AccountFields(**(base.as_dict() | changes))


def _undo_restores(desk, db_path, change) -> None:
    before = dump(db_path)
    change()
    assert dump(db_path) != before
    desk.undo_last()
    assert dump(db_path) == before


# -- accounts -----------------------------------------------------------------------------
def test_a_passed_renewal_is_fixed_and_undone(desk, book, db_path, today):
    fixed = today + timedelta(days=353)
    _undo_restores(desk, db_path, lambda: desk.update_account(book["a"], _fields(desk, book["a"], renewal_date=fixed)))
    desk.update_account(book["a"], _fields(desk, book["a"], renewal_date=fixed, arr=75_500.5, language="pt-BR"))
    a = desk.account(book["a"]).account
    assert (a.renewal_date, a.arr, a.language) == (fixed, 75_500.5, "pt-BR")


def test_every_account_field_is_stored(desk, book):
    new = AccountFields(
        name="Acme Brasil",
        external_id="ACME-BR",
        arr=10.0,
        strategic=True,
        segment="SMB",
        industry="Retail",
        language="pt-BR",
        owner="Bruno",
        contract_start=date(2024, 3, 1),
        renewal_date=date(2027, 3, 1),
        last_renewal=date(2026, 3, 1),
        last_expansion=date(2025, 6, 1),
    )
    desk.update_account(book["a"], new)
    a = desk.account(book["a"]).account
    assert {k: getattr(a, k) for k in new.as_dict()} == new.as_dict()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"renewal_date": date(2024, 12, 31)}, "renewal_date"),
        ({"arr": -1.0}, "arr"),
        ({"name": "  "}, "name"),
        ({"language": "fr"}, "language"),
        ({"external_id": "B-1"}, "external_id"),
        ({"last_renewal": date(2024, 1, 1)}, "last_renewal"),
    ],
)
def test_a_wrong_field_is_named_and_nothing_is_written(desk, book, db_path, changes, field):
    before = dump(db_path)
    with pytest.raises(RecordError) as caught:
        desk.update_account(book["a"], _fields(desk, book["a"], **changes))
    assert field in caught.value.problems
    assert dump(db_path) == before and len(desk.undo) == 0


def test_a_new_account_is_triaged_and_undo_removes_it_all(desk, book, db_path, today):
    before = dump(db_path)
    fields = AccountFields(name="Nova", arr=50_000, owner="Ana", contract_start=today - timedelta(days=20))
    new_id = desk.create_account(fields)
    detail = desk.account(new_id)
    assert detail.account.name == "Nova" and detail.account.external_id == f"manual-{new_id}"
    assert detail.entry is not None and detail.entry.facts.arr == 50_000  # triaged at once
    # The cadence of a new customer starts with it.
    assert detail.open_followups, "the onboarding cadence was not laid out"
    desk.undo_last()
    assert dump(db_path) == before


def test_a_new_account_with_a_taken_id_is_refused(desk, book, db_path):
    before = dump(db_path)
    with pytest.raises(RecordError) as caught:
        desk.create_account(AccountFields(name="Again", external_id="A-1"))
    assert set(caught.value.problems) == {"external_id"}
    assert dump(db_path) == before


def test_a_moved_contract_start_re_dates_the_open_cadence(desk, store, book, today, settings):
    with store.write() as s:
        sync_cadence(s, [book["a"]], today, settings.cadence)
    start = today - timedelta(days=10)
    desk.update_account(book["a"], _fields(desk, book["a"], contract_start=start, renewal_date=None))
    with store.read() as s:
        dues = sorted(
            f.due
            for f in s.scalars(select(FollowUp).where(FollowUp.account_id == book["a"], FollowUp.source == "cadence"))
            if f.status == "open"
        )
    assert dues and all(d >= start for d in dues)


# -- contacts -------------------------------------------------------------------------------
def test_champion_leaves_and_the_successor_is_named_in_one_change(desk, book, db_path):
    ju = book["contacts"]["Juliana Prado"]
    left = ContactFields(name="Juliana Prado", role="champion", email="ju@acme.test", status="left")

    def change():
        desk.update_contact(book["a"], ju, left, successor=ContactFields(name="Carla Nunes", email="carla@acme.test"))

    _undo_restores(desk, db_path, change)
    heir = desk.update_contact(book["a"], ju, left, successor=ContactFields(name="Carla Nunes"))
    detail = desk.account(book["a"])
    assert detail.champion is not None and detail.champion.id == heir and detail.champion.name == "Carla Nunes"
    assert next(c for c in detail.contacts if c.id == ju).status == "left"
    assert len(desk.undo) == 1


def test_an_existing_contact_can_succeed_the_champion(desk, book):
    ju, rafael = book["contacts"]["Juliana Prado"], book["contacts"]["Rafael Lima"]
    desk.update_contact(
        book["a"], ju, ContactFields(name="Juliana Prado", role="champion", status="left"), successor=rafael
    )
    assert desk.account(book["a"]).champion.name == "Rafael Lima"
    with pytest.raises(ActionError):  # the one who left cannot succeed anybody
        desk.update_contact(
            book["a"], rafael, ContactFields(name="Rafael Lima", role="champion", status="left"), successor=ju
        )


def test_contacts_are_added_corrected_and_deleted_with_undo(desk, book, db_path):
    _undo_restores(desk, db_path, lambda: desk.add_contact(book["a"], ContactFields(name="Lia", role="sponsor")))
    marta = book["contacts"]["Marta Reis"]
    _undo_restores(
        desk,
        db_path,
        lambda: desk.update_contact(
            book["a"], marta, ContactFields(name="Marta Reis", role="decision_maker", phone="+55")
        ),
    )
    rafael = book["contacts"]["Rafael Lima"]
    _undo_restores(desk, db_path, lambda: desk.delete_contact(book["a"], rafael))
    with pytest.raises(RecordError) as caught:
        desk.add_contact(book["a"], ContactFields(name="Bad", email="not-an-address"))
    assert set(caught.value.problems) == {"email"}


# -- follow-ups, notes, signals -------------------------------------------------------------
def test_a_followup_is_edited_and_undone(desk, book, db_path, today):
    def change():
        desk.update_followup(
            book["a"],
            book["fu"],
            title="Send the new roadmap",
            due=today,
            due_time=time(9),
            channel="call",
            owner="Bia",
        )

    _undo_restores(desk, db_path, change)
    change()
    (fu,) = desk.account(book["a"]).open_followups
    assert (fu.title, fu.due, fu.due_time, fu.channel, fu.owner) == (
        "Send the new roadmap",
        today,
        time(9),
        "call",
        "Bia",
    )


def test_a_note_is_rewritten_back_dated_with_speakers_and_undone(desk, book, db_path):
    when = datetime(2026, 11, 21, 17, 30, tzinfo=UTC)
    ids = book["contacts"]

    def change():
        desk.update_note(
            book["a"],
            book["note"],
            channel="meeting",
            summary="QBR, second half",
            quotes=["it is slow", "we need the export"],
            speakers=[ids["Rafael Lima"], ids["Juliana Prado"]],
            at=when,
            duration_min=45,
        )

    _undo_restores(desk, db_path, change)
    change()
    note = desk.note(book["a"], book["note"])
    assert (note.channel, note.summary, note.at, note.duration_min) == ("meeting", "QBR, second half", when, 45)
    assert note.quotes == (("it is slow", ids["Rafael Lima"]), ("we need the export", ids["Juliana Prado"]))


def test_a_note_with_a_stranger_as_speaker_is_refused(desk, book, db_path):
    before = dump(db_path)
    with pytest.raises(ActionError):
        desk.add_note(book["a"], channel="call", summary="x", quotes=["hi"], speakers=[999_999])
    assert dump(db_path) == before


def test_new_notes_keep_who_said_each_quote(desk, book):
    ju = book["contacts"]["Juliana Prado"]
    note = desk.add_note(book["a"], channel="call", summary="", quotes=["ok", "", "fine"], speakers=[ju, None, None])
    assert desk.note(book["a"], note).quotes == (("ok", ju), ("fine", None))


def test_notes_and_signals_are_deleted_with_undo(desk, book, db_path):
    _undo_restores(desk, db_path, lambda: desk.delete_note(book["a"], book["note"]))
    _undo_restores(desk, db_path, lambda: desk.delete_signal(book["a"], book["signals"]["competitor_mentioned"]))


def test_a_resolved_signal_is_reopened_and_flags_the_account_again(desk, book, db_path):
    sid = book["signals"]["ticket_tone"]
    _undo_restores(desk, db_path, lambda: desk.reopen_signal(book["a"], sid))
    desk.reopen_signal(book["a"], sid)
    detail = desk.account(book["a"])
    assert "ticket_tone" in {s.kind for s in detail.active_signals}
    assert "ticket_tone" in detail.account.red_flags
    with pytest.raises(ActionError):
        desk.reopen_signal(book["a"], sid)


def test_a_signal_is_corrected_within_the_rules(desk, book, today):
    sid = book["signals"]["competitor_mentioned"]
    desk.update_signal(
        book["a"], sid, kind="competitor_mentioned", day=today - timedelta(days=3), quote="", resolved_on=None
    )
    with pytest.raises(ActionError):
        desk.update_signal(
            book["a"], sid, kind="competitor_mentioned", day=today + timedelta(days=1), quote="", resolved_on=None
        )
    with pytest.raises(ActionError):
        desk.update_signal(
            book["a"], sid, kind="competitor_mentioned", day=today, quote="", resolved_on=today - timedelta(days=1)
        )
    other = book["signals"]["ticket_tone"]
    desk.reopen_signal(book["a"], other)
    with pytest.raises(ActionError, match="already active"):
        desk.update_signal(book["a"], sid, kind="ticket_tone", day=today, quote="", resolved_on=None)


# -- closing a case ---------------------------------------------------------------------------
def test_churn_closes_the_open_followups_when_asked_and_the_cadence_stops(desk, store, book, db_path, today, settings):
    a = book["a"]
    assert desk.open_followup_count(a) == 1
    _undo_restores(desk, db_path, lambda: desk.set_stage(a, "churned", reason="budget_cut", close_followups=True))
    desk.set_stage(a, "churned", reason="budget_cut", close_followups=True)
    assert desk.open_followup_count(a) == 0
    with store.read() as s:
        fu = s.get(FollowUp, book["fu"])
        assert fu.status == "skipped" and "churned" in fu.outcome and fu.done_at is not None
    with store.write() as s:
        assert sync_cadence(s, [a], today, settings.cadence) == 0  # no more lifecycle calls to a lost customer


def test_closing_can_keep_the_followups_open(desk, book):
    desk.set_stage(book["a"], "let_go", reason="acquisition")
    assert desk.open_followup_count(book["a"]) == 1


def test_the_new_close_reasons_are_accepted(desk, book):
    for reason, stage in (("business_closed", "churned"), ("acquisition", "identified"), ("budget_cut", "saved")):
        desk.set_stage(book["a"], stage, reason=reason)
    with pytest.raises(ActionError):
        desk.set_stage(book["a"], "churned", reason="bored")


def test_saved_with_flags_still_active_stays_in_the_queue_marked_until_they_clear(desk, store, book, today):
    from csm_desk.domain.triage import SAVED_STILL_FLAGGED, explain, stage_text
    from csm_desk.store.evaluate import evaluate_accounts
    from csm_desk.store.tables import Metric, RiskCase

    a = book["a"]
    desk.set_stage(a, "saved", reason="pricing")
    entry = next(e for e in desk.queue() if e.facts.id == a)
    assert stage_text(entry.facts) == f"saved ⚑{len(entry.facts.red_flags)}"
    (first, *_rest) = explain(entry.triaged, today, desk.settings.triage)
    assert first[0] == SAVED_STILL_FLAGGED and "still active" in first[1]
    with store.read() as s:
        cases = list(s.scalars(select(RiskCase).where(RiskCase.account_id == a)))
    assert [(c.outcome, c.closed_on) for c in cases] == [("saved", today)]  # the save counts; no new case
    # The flags clear: it leaves the queue, still saved.
    with store.write() as s:
        s.add(Metric(account_id=a, date=today, health=90, sla_misses_30d=0))
        s.flush()
        evaluate_accounts(s, [a], today, desk.settings.red_flags)
    assert a not in {e.facts.id for e in desk.queue()}
    assert desk.account(a).account.stage == "saved"
