"""store.bulk: the bulk reads and writes the importer and the demo book are built on."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import select

from csm_desk.store import bulk
from csm_desk.store.tables import (
    Account,
    Contact,
    Draft,
    FollowUp,
    Interaction,
    Metric,
    Quote,
    RiskCase,
    SaveAction,
    SavePlan,
    Signal,
    StageChange,
)

T = date(2026, 11, 23)
EARLIER = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
MANY = 2_000  # more than two chunks of an IN list


def all_rows(store, model) -> list:
    with store.read() as s:
        return list(s.scalars(select(model).order_by(model.id)))


def add_accounts(store, *external_ids: str, **fields) -> dict[str, int]:
    with store.write() as s:
        bulk.insert_rows(s, Account, [{"external_id": ext, "name": ext.title(), **fields} for ext in external_ids])
        return bulk.existing_account_ids(s, external_ids)


# --- accounts --------------------------------------------------------------------------------


def test_existing_account_ids_finds_only_stored_accounts_across_chunks(store):
    stored = [f"ACC-{i:05d}" for i in range(MANY)]
    with store.write() as s:
        assert not bulk.has_accounts(s)
        bulk.insert_rows(s, Account, [{"external_id": ext, "name": ext} for ext in stored])
        assert bulk.has_accounts(s)
    with store.read() as s:
        found = bulk.existing_account_ids(s, [*stored, "NOPE-1", "NOPE-2", stored[0]])
    by_ext = {a.external_id: a.id for a in all_rows(store, Account)}
    assert found == by_ext
    assert len(found) == MANY


def test_existing_accounts_gives_every_column(store):
    add_accounts(store, "A-1", "B-2", arr=1200.5, segment="smb", contract_start=date(2025, 3, 1))
    with store.read() as s:
        found = bulk.existing_accounts(s, ["B-2", "missing"])
    assert list(found) == ["B-2"]
    row = found["B-2"]
    assert (row["name"], row["arr"], row["segment"], row["contract_start"]) == ("B-2", 1200.5, "smb", date(2025, 3, 1))
    assert row["id"] == all_rows(store, Account)[1].id
    assert row["stage"] == "" and row["strategic"] is False  # columns left out took their defaults


def test_rows_by_account_keeps_to_those_accounts_in_id_order(store):
    ids = add_accounts(store, "A", "B", "C")
    with store.write() as s:
        bulk.insert_rows(
            s,
            Metric,
            [
                {"account_id": ids["B"], "date": T, "health": 50},
                {"account_id": ids["A"], "date": T, "health": 70},
                {"account_id": ids["B"], "date": T - timedelta(days=7), "health": 60},
                {"account_id": ids["C"], "date": T, "health": 10},
            ],
        )
    with store.read() as s:
        rows = bulk.rows_by_account(s, Metric, [ids["B"], ids["A"]])
        slim = bulk.rows_by_account(s, Metric, [ids["B"]], ("id", "health"))
    per_account = {}
    for row in rows:
        per_account.setdefault(row["account_id"], []).append(row["health"])
    assert per_account == {ids["A"]: [70], ids["B"]: [50, 60]}
    assert all(set(r) == set(Metric.model_fields) for r in rows)
    assert [set(r) for r in slim] == [{"id", "health"}] * 2
    assert [r["health"] for r in slim] == [50, 60]


# --- inserts and updates ---------------------------------------------------------------------


def test_insert_rows_stamps_from_the_transaction_clock_unless_given(store):
    with store.write() as s:
        bulk.insert_rows(
            s,
            Account,
            [
                {"external_id": "NEW", "name": "New"},
                {"external_id": "OLD", "name": "Old", "created_at": EARLIER, "updated_at": EARLIER},
            ],
        )
    new, old = all_rows(store, Account)
    assert new.created_at == new.updated_at == store.now()
    assert old.created_at == old.updated_at == EARLIER


def test_insert_rows_accepts_rows_with_different_columns(store):
    ids = add_accounts(store, "A")
    with store.write() as s:
        bulk.insert_rows(
            s,
            Interaction,
            [
                {"account_id": ids["A"], "at": EARLIER, "channel": "call", "summary": "renewal"},
                {"account_id": ids["A"], "at": EARLIER, "summary": "left a note"},
            ],
        )
        bulk.insert_rows(s, Interaction, [])
    call, note = all_rows(store, Interaction)
    assert (call.channel, call.summary, call.created_at) == ("call", "renewal", store.now())
    assert (note.channel, note.summary) == ("note", "left a note")  # the left-out channel took its default


def test_update_rows_sets_only_the_given_columns_and_moves_updated_at(store):
    with store.write() as s:
        bulk.insert_rows(
            s,
            Account,
            [
                {"external_id": ext, "name": ext, "segment": "smb", "created_at": EARLIER, "updated_at": EARLIER}
                for ext in ("A", "B", "C")
            ],
        )
    a, b, _c = all_rows(store, Account)
    with store.write() as s:
        bulk.update_rows(
            s,
            Account,
            [
                {"id": a.id, "name": "Alpha"},
                {"id": b.id, "segment": "enterprise", "arr": 9000.0},
            ],
        )
        bulk.update_rows(s, Account, [])
    a2, b2, c2 = all_rows(store, Account)
    assert (a2.name, a2.segment) == ("Alpha", "smb")
    assert (b2.name, b2.segment, b2.arr) == ("B", "enterprise", 9000.0)
    assert a2.updated_at == b2.updated_at == store.now()
    assert a2.created_at == EARLIER
    assert (c2.name, c2.updated_at) == ("C", EARLIER)  # not in the changes: untouched


def test_update_rows_keeps_a_given_updated_at_and_works_on_tables_without_one(store):
    ids = add_accounts(store, "A")
    with store.write() as s:
        bulk.insert_rows(s, Signal, [{"account_id": ids["A"], "date": T, "kind": "budget_change"}])
        [signal] = bulk.rows_by_account(s, Signal, [ids["A"]])
        bulk.update_rows(s, Signal, [{"id": signal["id"], "resolved_on": T}])
        bulk.update_rows(s, Account, [{"id": ids["A"], "owner": "ana", "updated_at": EARLIER}])
    [stored] = all_rows(store, Signal)
    assert (stored.kind, stored.resolved_on) == ("budget_change", T)
    [account] = all_rows(store, Account)
    assert (account.owner, account.updated_at) == ("ana", EARLIER)


# --- quotes and signals ----------------------------------------------------------------------


def test_replace_quotes_gives_each_interaction_exactly_those_quotes(store):
    ids = add_accounts(store, "A")
    with store.write() as s:
        bulk.insert_rows(
            s, Interaction, [{"account_id": ids["A"], "at": EARLIER + timedelta(hours=h)} for h in range(3)]
        )
        first, second, third = (r["id"] for r in bulk.rows_by_account(s, Interaction, [ids["A"]], ("id",)))
        bulk.replace_quotes(s, [(ids["A"], first, ["one", "two"]), (ids["A"], second, ["kept"])])
        assert bulk.quotes_of(s, [first, second, third]) == {first: ("one", "two"), second: ("kept",)}
        bulk.replace_quotes(s, [(ids["A"], first, ["three"]), (ids["A"], third, [])])
    with store.read() as s:
        assert bulk.quotes_of(s, [first, second, third]) == {first: ("three",), second: ("kept",)}
    assert [(q.interaction_id, q.position, q.text) for q in all_rows(store, Quote)] == [
        (second, 0, "kept"),
        (first, 0, "three"),
    ]


def test_quotes_of_reads_in_position_order(store):
    ids = add_accounts(store, "A")
    with store.write() as s:
        bulk.insert_rows(s, Interaction, [{"account_id": ids["A"], "at": EARLIER}])
        [interaction] = bulk.rows_by_account(s, Interaction, [ids["A"]], ("id",))
        bulk.insert_rows(
            s,
            Quote,
            [
                {"account_id": ids["A"], "interaction_id": interaction["id"], "position": p, "text": t}
                for p, t in ((2, "c"), (0, "a"), (1, "b"))
            ],
        )
        assert bulk.quotes_of(s, [interaction["id"]]) == {interaction["id"]: ("a", "b", "c")}


def test_unresolved_signals_of_one_source_and_kinds(store):
    ids = add_accounts(store, "A", "B")
    with store.write() as s:
        bulk.insert_rows(
            s,
            Signal,
            [
                {"account_id": ids["A"], "date": T, "kind": "escalations_rising", "source": "tool"},
                {
                    "account_id": ids["A"],
                    "date": T - timedelta(days=1),
                    "kind": "escalations_rising",
                    "source": "tool",
                    "resolved_on": T,
                },
                {"account_id": ids["A"], "date": T, "kind": "budget_change", "source": "tool"},
                {
                    "account_id": ids["A"],
                    "date": T - timedelta(days=2),
                    "kind": "escalations_rising",
                    "source": "manual",
                },
                {"account_id": ids["B"], "date": T, "kind": "escalations_rising", "source": "tool"},
            ],
        )
    with store.read() as s:
        found = bulk.unresolved_signals(s, [ids["A"]], source="tool", kinds={"escalations_rising"})
    [only] = found
    assert (only["account_id"], only["date"], only["kind"]) == (ids["A"], T, "escalations_rising")
    assert set(only) == {"id", "account_id", "date", "kind"}


# --- the demo's writes -----------------------------------------------------------------------


def test_delete_accounts_with_prefix_takes_everything_of_theirs_and_nothing_else(store):
    ids = add_accounts(store, "DEMO-1", "DEMO-2", "DEMOX", "KEEP-1")
    with store.write() as s:
        for account_id in ids.values():
            bulk.insert_rows(s, Contact, [{"account_id": account_id, "name": "Rosa"}])
            bulk.insert_rows(s, Metric, [{"account_id": account_id, "date": T, "health": 40}])
            bulk.insert_rows(s, Signal, [{"account_id": account_id, "date": T, "kind": "budget_change"}])
            bulk.insert_rows(s, Interaction, [{"account_id": account_id, "at": EARLIER}])
            bulk.insert_rows(s, FollowUp, [{"account_id": account_id, "due": T, "title": "Call"}])
            bulk.insert_rows(s, StageChange, [{"account_id": account_id, "at": EARLIER, "to_stage": "identified"}])
            bulk.insert_rows(s, RiskCase, [{"account_id": account_id, "opened_on": T}])
            bulk.insert_rows(s, SavePlan, [{"account_id": account_id}])
            bulk.insert_rows(s, Draft, [{"account_id": account_id, "started_at": EARLIER}])
        for account_id in ids.values():
            [interaction] = bulk.rows_by_account(s, Interaction, [account_id], ("id",))
            [plan] = bulk.rows_by_account(s, SavePlan, [account_id], ("id",))
            bulk.insert_rows(s, Quote, [{"account_id": account_id, "interaction_id": interaction["id"], "text": "hi"}])
            bulk.insert_rows(s, SaveAction, [{"plan_id": plan["id"], "action": "exec call"}])
    with store.write() as s:
        bulk.delete_accounts_with_prefix(s, "DEMO-")
    kept = {ids["DEMOX"], ids["KEEP-1"]}
    assert {a.id for a in all_rows(store, Account)} == kept
    for model in (*bulk.ACCOUNT_CHILDREN, Draft):
        assert {r.account_id for r in all_rows(store, model)} == kept, model.__name__
    plans = {p.id for p in all_rows(store, SavePlan)}
    assert {a.plan_id for a in all_rows(store, SaveAction)} == plans and len(plans) == 2


def test_delete_accounts_with_prefix_takes_the_prefix_literally(store):
    add_accounts(store, "A_1", "AB1", "A%2")
    with store.write() as s:
        bulk.delete_accounts_with_prefix(s, "A_")
        bulk.delete_accounts_with_prefix(s, "A%")
    assert [a.external_id for a in all_rows(store, Account)] == ["AB1"]


@pytest.mark.parametrize("fast", [True, False], ids=["driver", "core"])
def test_insert_tuples_stores_values_as_typed(store, monkeypatch, fast):
    monkeypatch.setattr(bulk, "FAST_SQLITE", fast)
    columns = ("id", "account_id", "due", "due_time", "title", "status", "done_at", "created_at")
    with store.write() as s:
        bulk.insert_tuples(
            s,
            Account,
            ("id", "external_id", "name", "strategic", "created_at", "updated_at"),
            [(7, "T-7", "Seven", True, EARLIER, EARLIER)],
        )
        bulk.insert_tuples(
            s,
            FollowUp,
            columns,
            [
                (40, 7, T, time(15, 30), "Call", "done", EARLIER + timedelta(hours=1), EARLIER),
                (41, 7, T, None, "Write", "open", None, EARLIER),
            ],
        )
        bulk.insert_tuples(s, FollowUp, columns, [])
    [account] = all_rows(store, Account)
    assert (account.id, account.external_id, account.strategic, account.created_at) == (7, "T-7", True, EARLIER)
    done, open_ = all_rows(store, FollowUp)
    assert (done.id, done.due, done.due_time, done.done_at) == (40, T, time(15, 30), EARLIER + timedelta(hours=1))
    assert (open_.id, open_.due_time, open_.done_at, open_.channel) == (41, None, None, "email")


def test_explicit_ids_then_new_rows_continue_after_them(store):
    with store.read() as s:
        assert bulk.last_ids(s, (Account, Contact)) == {Account: 0, Contact: 0}
    with store.write() as s:
        bulk.insert_tuples(
            s, Account, ("id", "external_id", "name", "created_at", "updated_at"), [(500, "X", "X", EARLIER, EARLIER)]
        )
        bulk.sync_id_sequences(s, (Account,))
    with store.write() as s:
        assert bulk.last_ids(s, (Account, Contact)) == {Account: 500, Contact: 0}
        bulk.insert_rows(s, Account, [{"external_id": "Y", "name": "Y"}])
    assert [a.id for a in all_rows(store, Account)] == [500, 501]
