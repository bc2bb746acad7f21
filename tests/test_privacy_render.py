"""What privacy mode draws instead of what is private: the three hiding functions at their
edges, and the domain's sentences that keep amounts and a person's words apart from ours."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rich.cells import cell_len

from csm_desk.domain.facts import TriageFacts
from csm_desk.domain.save_plan import PlanAction, PlanDraft, warning_sentences, warnings
from csm_desk.domain.sentence import Amount, Words, plain, title_written_by_person
from csm_desk.domain.triage import ScoreWeights, TriageRules, points_table, reasons, triage_one
from csm_desk.render.format import HIDDEN, money
from csm_desk.render.privacy import (
    PRIVATE_NOTE,
    WIDE_DOT,
    free_text,
    masked_glyphs,
    masked_money,
    masked_values,
    sentence,
    title,
)

T = date(2026, 11, 23)
R, W = TriageRules(), ScoreWeights()


def facts(**kw) -> TriageFacts:
    base = dict(id=1, name="Acme", arr=None, health=None, renewal_date=None, stage="", red_flags=())
    base.update(kw)
    return TriageFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("shown", "hidden"),
    [
        ("ARR $184,317 is above $50,000", f"ARR {HIDDEN} is above {HIDDEN}"),
        ("Offer $12,345 off", f"Offer {HIDDEN} off"),
        ("About your $184k plan", f"About your {HIDDEN} plan"),
        ("$1.7M at stake", f"{HIDDEN} at stake"),
        ("R$ 1.234,56 por mês", f"{HIDDEN} por mês"),
        ("US$ 2.5M deal", f"{HIDDEN} deal"),
        ("€90k and £4,000", f"{HIDDEN} and {HIDDEN}"),
        ("184317 USD a year", f"{HIDDEN} a year"),
        ("50 mil reais", HIDDEN),
        ("a 184k account", f"a {HIDDEN} account"),
        ("ARR above 100,000", f"ARR above {HIDDEN}"),
        ("184.317 no contrato", f"{HIDDEN} no contrato"),
    ],
)
def test_every_way_a_sum_is_written_is_masked(shown, hidden):
    assert masked_money(shown) == hidden


@pytest.mark.parametrize(
    "kept",
    [
        "renews in 45 days (2027-01-07)",
        "call at 10:30 on 2026-11-02",
        "logins fell 40% since March",
        "health 45, below 40",
        "version 1.2.3",
        "step 2/7 · 12 min · 3 quotes",
        "Thursday 26 Nov",
    ],
)
def test_dates_counts_and_percentages_are_not_sums(kept):
    assert masked_money(kept) == kept


def test_free_text_is_data_or_the_private_note():
    assert free_text("[bold]x[/]", False).plain == "[bold]x[/]"  # never markup
    assert free_text("they are leaving", True).plain == PRIVATE_NOTE


def test_a_title_a_person_wrote_is_hidden_and_ours_keeps_its_words():
    assert title("Offer $12,345 credit", True, False).plain == "Offer $12,345 credit"
    assert title("Offer $12,345 credit", True, True).plain == PRIVATE_NOTE
    assert title("Day-30 check-in for $500", False, True).plain == f"Day-30 check-in for {HIDDEN}"
    assert title_written_by_person("manual", "")
    assert title_written_by_person("commitment", "")
    assert title_written_by_person("save_plan", "save_plan:3:action:1")
    assert not title_written_by_person("save_plan", "save_plan:3:checkin")
    assert not title_written_by_person("cadence", "cadence:day_30")


def test_masked_glyphs_keep_the_shape_the_length_and_the_width():
    line = "Ana: 中文 ok 🙂\tend"
    masked = masked_glyphs(line)
    assert len(masked) == len(line) and cell_len(masked) == cell_len(line)
    assert masked == f"•••• {WIDE_DOT * 2} •• {WIDE_DOT}\t•••"
    assert masked_glyphs("") == ""


def test_script_values_hide_sums_and_what_was_typed_on_the_call():
    values = {
        "company": "Acme",
        "arr": "$184,317",
        "competitor": "Rival Inc",
        "renewal_date": "7 Jan 2027",
        "change": "logins fell 40% since March",
        "product": None,
        "new_contact_name": "",
    }
    shown = masked_values(values, typed=["competitor"])
    assert shown == {
        "company": "Acme",
        "arr": HIDDEN,
        "competitor": HIDDEN,
        "renewal_date": "7 Jan 2027",
        "change": "logins fell 40% since March",
        "product": None,  # still a blank to fill
        "new_contact_name": "",
    }


def test_money_hides_a_sum_but_not_its_absence():
    assert money(184_317.0, private=True) == HIDDEN
    assert money(None, private=True) == "—"


# --- the domain's sentences --------------------------------------------------------------


def test_a_reason_keeps_its_amounts_apart_and_reads_the_same_written_out():
    t = triage_one(facts(arr=184_317.0, health=35, renewal_date=T + timedelta(days=120)), T, R, W)
    by_rule = {r.rule: r for r in reasons(t, T, R)}
    big = by_rule["big_or_strategic"]
    assert big.sentence == ("ARR ", Amount(184_317.0), " is above ", Amount(50_000.0, "the threshold"), ".")
    assert big.text == "ARR $184,317 is above $50,000."
    assert sentence(big.sentence, True) == "ARR ••• is above the threshold."
    assert (
        sentence(by_rule["low_health_big"].sentence, True)
        == "Big account (ARR •••) with health 35, below 40: save now."
    )
    assert sentence(by_rule["renewal_180"].sentence, True) == by_rule["renewal_180"].text  # nothing private in it


def test_the_low_tier_reason_hides_its_arr_and_an_unknown_arr_stays_unknown():
    low = reasons(triage_one(facts(arr=4_862.0, renewal_date=T + timedelta(days=300)), T, R, W), T, R)
    assert [r.text for r in low] == ["No priority rule fired (ARR $4,862, renews in 300 days)."]
    assert sentence(low[0].sentence, True) == "No priority rule fired (ARR •••, renews in 300 days)."
    assert sentence(("ARR ", Amount(None)), True) == "ARR unknown"


def test_the_points_tables_arr_row_says_it_comes_from_money():
    rows = {r.term: r for r in points_table(facts(arr=184_317.0), T, W)}
    assert rows["arr"].from_money and rows["arr"].detail == "$184,317"
    assert sentence(rows["arr"].because, True) == HIDDEN
    assert not any(r.from_money for term, r in rows.items() if term != "arr")


def test_a_plan_warning_quotes_the_plan_but_privacy_mode_does_not():
    draft = PlanDraft(actions=(PlanAction("Offer a 20% discount to Bob", "Ana", T),))
    [words] = warning_sentences(draft)
    assert Words("Offer a 20% discount to Bob") in words
    assert [plain(words)] == warnings(draft)
    assert "Bob" in plain(words) and "Bob" not in sentence(words, True)
    assert f"“{PRIVATE_NOTE}”" in sentence(words, True)
