"""Ledger arithmetic, checked against sums worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import drawn
from reset_ledger.data import load
from reset_ledger.ledger import (
    Score,
    author_ledger,
    author_scores,
    balance,
    contribution,
    counted_once,
    default_scores,
    differences,
    double_counted,
    ledger_chart,
    ledger_frame,
    marked_groups,
    overlap_feedback,
    overlap_groups,
    side_totals,
    verdict_line,
)

ITEMS = load("ledger_items")
IRAN = frozenset({"iran-sanctions", "arms-sales", "rogue-states"})
RIGHTS = frozenset({"assembly-silence", "khodorkovsky-silence"})
LABELS = dict(zip(ITEMS["item_id"], ITEMS["label"].astype(str)))
GIVES = set(ITEMS.loc[ITEMS["side"] == "give", "item_id"])
BOTH_SIDES = [RIGHTS, IRAN]  # a reading with an overlap on each side, to test the feedback's wording for both


def scores(**values: int) -> dict[str, Score]:
    base = default_scores(ITEMS)
    return base | {k.replace("_", "-"): Score(v, base[k.replace("_", "-")].certainty) for k, v in values.items()}


@pytest.mark.parametrize(
    ("score", "expected"),
    [(Score(4, "delivered"), 4.0), (Score(-3, "promised"), -1.5), (Score(2, "hoped-for"), 0.5), (Score(0, "delivered"), 0.0)],
)
def test_contribution_is_worth_times_certainty_discount(score, expected):
    assert contribution(score) == expected


def test_the_authors_implied_ledger_by_hand():
    # gives −4 −4 −2 −2 = −12; takes 2 + 1 + 2×½ = 4; on the table 1×½ + 0 − 1×½ − 1×½ = −½; hopes (4+3+3)×¼ = 2½
    frame = ledger_frame(ITEMS, author_scores(ITEMS))
    totals = side_totals(frame)
    assert totals.to_dict() == {"give": -12.0, "take": 4.0, "on-the-table": -0.5, "hope": 2.5}
    assert balance(frame) == -6.0
    assert verdict_line(totals, balance(frame), 0) == ("On your scores the US gave 12.00 and got 6.00 back: more give than take, "
                                                       "as the article argues.")
    assert verdict_line(totals, balance(frame), 3)== "No verdict yet: 3 items still to score."  # no verdict on half a ledger


def test_the_verdict_line_writes_two_decimals_as_the_balance_and_no_minus_zero():
    only_gains = ledger_frame(ITEMS, scores(manas=3))
    line = verdict_line(side_totals(only_gains), balance(only_gains), 0)
    assert "gave 0.00 and got 3.00 back" in line


def test_a_fresh_ledger_balances_at_zero_with_every_side_present():
    frame = ledger_frame(ITEMS, default_scores(ITEMS))
    assert balance(frame) == 0.0
    assert list(side_totals(frame).index) == ["give", "take", "on-the-table", "hope"]
    assert "cancel out" in verdict_line(side_totals(frame), 0.0, 0)


def test_gives_scored_as_gains_are_called_gains_not_a_negative_cost():
    totals = pd.Series({"give": 3.0, "take": 0.0, "on-the-table": 0.0, "hope": 0.0})
    assert verdict_line(totals, 3.0, 0) == ("On your scores the US gained 3.00 even from its gives and got 0.00 back: more take "
                                            "than give, against the article's verdict.")


def test_differences_item_by_item():
    yours = ledger_frame(ITEMS, scores(missile_defence=-1, manas=5))
    author = ledger_frame(ITEMS, author_scores(ITEMS))
    gaps = differences(yours, author).set_index("item_id")["difference"]
    assert gaps["missile-defence"] == -1 - -4
    assert gaps["manas"] == 5 - 2
    assert gaps["georgia"] == 0 - -4


def test_our_reading_groups_the_iran_items_and_keeps_the_two_rights_gives_apart():
    # The rights gives are already scored small for sharing one clause; grouping them too would discount them twice.
    assert overlap_groups(ITEMS) == [IRAN]
    assert RIGHTS <= GIVES and not IRAN & GIVES


def test_the_authors_default_ledger_counts_our_overlap_groups_once_by_hand():
    # iran-sanctions (1 × 1, delivered) outweighs arms-sales and rogue-states (3 × ¼ each): they drop, −1½ from −6.
    once = author_ledger(ITEMS)
    assert (once["arms-sales"].value, once["rogue-states"].value, once["iran-sanctions"].value) == (0, 0, 1)
    assert (once["assembly-silence"].value, once["khodorkovsky-silence"].value) == (-2, -2)
    assert balance(ledger_frame(ITEMS, once)) == -7.5


def test_a_students_groups_are_the_items_sharing_a_letter_two_or_more_to_a_group():
    assert marked_groups({"manas": "B", "georgia": "A", "missile-defence": "A", "wto": "C"}) == [frozenset({"georgia", "missile-defence"})]
    assert marked_groups({}) == []


def test_double_counting_is_two_gains_or_two_costs_in_one_group():
    assert double_counted([IRAN], scores(iran_sanctions=2, arms_sales=3)) == [IRAN]
    assert double_counted([IRAN], scores(iran_sanctions=2, arms_sales=-1)) == []
    assert double_counted([IRAN], scores(iran_sanctions=2)) == []
    assert double_counted([RIGHTS], scores(assembly_silence=-2, khodorkovsky_silence=-3)) == [RIGHTS]


def test_counting_once_keeps_the_largest_gain_and_the_largest_cost_of_a_group():
    fixed = counted_once([IRAN], scores(iran_sanctions=2, arms_sales=4, rogue_states=4, manas=3))
    # arms-sales and rogue-states are hopes (×¼ → 1.0 each), iran-sanctions is delivered (×1 → 2.0): it stays.
    assert fixed["iran-sanctions"].value == 2
    assert fixed["arms-sales"].value == 0 and fixed["rogue-states"].value == 0
    assert fixed["manas"].value == 3
    # Gives overlap too: of two costs of the same thing only the larger counts (−3 kept, −2 dropped).
    fixed = counted_once([RIGHTS], scores(assembly_silence=-2, khodorkovsky_silence=-3))
    assert (fixed["assembly-silence"].value, fixed["khodorkovsky-silence"].value) == (0, -3)
    # A gain and a cost in one group are each the largest of their side: both stay.
    fixed = counted_once([RIGHTS], scores(assembly_silence=-2, khodorkovsky_silence=1))
    assert (fixed["assembly-silence"].value, fixed["khodorkovsky-silence"].value) == (-2, 1)


@pytest.mark.parametrize(
    ("theirs", "kinds"),
    [
        ([IRAN, RIGHTS], ["together", "together"]),
        ([frozenset({"iran-sanctions", "arms-sales"})], ["apart", "partly"]),
        ([], ["apart", "apart"]),
        ([frozenset({"missile-defence", "georgia"})], ["apart", "apart", "theirs"]),
    ],
)
def test_feedback_sets_a_students_groups_beside_ours_as_judgements(theirs, kinds):
    feedback = overlap_feedback(BOTH_SIDES, theirs, scores(iran_sanctions=2, arms_sales=3), LABELS, GIVES)
    assert [f.kind for f in feedback] == kinds
    for f in feedback:
        assert "wrong" not in f.message.lower() and "missed" not in f.message.lower()
        assert "the article counts" not in f.message.lower()


def test_feedback_words_an_overlap_of_gives_as_a_cost_and_of_gains_as_a_reward():
    rights, iran = overlap_feedback(BOTH_SIDES, [], scores(iran_sanctions=2, arms_sales=3), LABELS, GIVES)
    assert rights.message.startswith("Our reading: these may count the same cost twice: Quiet on protest crackdowns; Quiet on")
    assert iran.message.startswith("Our reading: these may reward the US for the same thing: Russia backs UN sanctions on Iran;")
    assert "You scored 2 of them on the same side" in iran.message


def test_the_chart_computes_each_contribution_and_the_balance_from_its_worth_and_certainty_params():
    frame = ledger_frame(ITEMS, scores(manas=5) | {"georgia": Score(-3, "promised")})
    title, marks = drawn(ledger_chart(frame).to_dict())
    bars = {m["Item"]: m["Contribution"] for m in marks if "Item" in m}
    assert title == "Your ledger: balance +3.50"
    assert bars["Manas air base kept for Afghanistan"] == "+5.00" and bars["Georgia's occupation tolerated"] == "−1.50"
    spec = ledger_chart(frame).to_dict()
    params = {p["name"]: p["value"] for p in spec["params"]}
    assert params["worth_manas"] == 5 and params["certainty_georgia"] == "promised"
    assert "description" in spec and len(spec["layer"]) == 2
    with_author = ledger_chart(frame, ledger_frame(ITEMS, author_scores(ITEMS))).to_dict()
    assert len(with_author["layer"]) == 3
    assert "our reading of the article; its balance is -6.00" in with_author["description"]


def test_frame_keeps_the_data_order():
    assert list(ledger_frame(ITEMS, default_scores(ITEMS))["item_id"]) == list(ITEMS["item_id"])
    assert isinstance(ledger_frame(ITEMS, default_scores(ITEMS)), pd.DataFrame)
