"""Weighing arithmetic (notebook 03), checked against numbers worked out by hand.

Two models: a toy one small enough to do in your head, and the notebook's own (data/performance.csv)
under the author's implied weights, which is what a student sees first.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from reset_ledger.data import load
from reset_ledger.weighing import (
    Change,
    WeightError,
    change_to_lead,
    leader_map,
    leaders,
    lens_distance,
    lens_weights,
    margin,
    min_max,
    performance_matrix,
    rank_table,
    ranking,
    reversed_pairs,
    shares,
    smallest_change_to_lead,
    smallest_flip,
    spread,
    stretched,
    switching_values,
    tie_weight,
    tornado,
    weighted_scores,
    winner,
)

# Toy: A is all x, B is all y, C is good at both.
TOY = pd.DataFrame({"x": [100, 0, 60], "y": [0, 100, 60]}, index=["A", "B", "C"])
EVEN = {"x": 50, "y": 50}

MATRIX = performance_matrix(load("performance"), load("options"), load("criteria"))
POLICIES = MATRIX.drop(index="freeze")
LENSES = lens_weights(load("lens_weights"))
AUTHOR = LENSES["author"]  # security 70, nuclear-risk 70, alliance-credibility 100, human-rights 50, economic-gain 30


def test_the_matrix_follows_the_data():
    assert list(MATRIX.index) == ["reset", "confrontation", "conditional", "freeze"]
    assert list(MATRIX.columns) == ["security", "nuclear-risk", "alliance-credibility", "human-rights", "economic-gain"]
    assert MATRIX.loc["reset"].tolist() == [75, 60, 30, 25, 55]
    assert MATRIX.loc["confrontation"].tolist() == [30, 40, 65, 60, 25]
    assert MATRIX.loc["conditional"].tolist() == [55, 55, 60, 30, 45]


def test_shares_renormalise_so_raising_one_weight_lowers_the_others():
    # 30 + 10 = 40 → ¾ and ¼. Raise a to 70: 70 + 10 = 80 → ⅞ and ⅛; b's share halves though b was not touched.
    assert shares({"a": 30, "b": 10}) == {"a": 0.75, "b": 0.25}
    assert shares({"a": 70, "b": 10}) == {"a": 0.875, "b": 0.125}


@pytest.mark.parametrize("raw", [{"a": 0, "b": 0}, {"a": -5, "b": 10}])
def test_weights_that_cannot_be_shares_are_refused_with_a_reason(raw):
    with pytest.raises(WeightError, match="0|negative"):
        shares(raw)


def test_toy_scores_by_hand():
    # Equal weights: A = ½·100 + ½·0 = 50, B = 50, C = ½·60 + ½·60 = 60.
    assert weighted_scores(TOY, EVEN).to_dict() == {"A": 50.0, "B": 50.0, "C": 60.0}
    assert ranking(weighted_scores(TOY, EVEN)) == ["C", "A", "B"]
    assert winner(TOY, EVEN) == "C"
    # x 60, y 40: A = 60, B = 40, C = 60 — a tie at the top, so no winner.
    assert leaders(TOY, {"x": 60, "y": 40}) == ["A", "C"] and winner(TOY, {"x": 60, "y": 40}) is None


def test_toy_tie_weights_by_hand():
    # y held at 50. A − C ∝ x·(100 − 60) + 50·(0 − 60) = 40x − 3000 → 0 at x = 75.
    assert tie_weight(TOY, EVEN, "x", "A", "C") == 75
    # B − C ∝ x·(0 − 60) + 50·(100 − 60) = 2000 − 60x → 0 at x = 100/3.
    assert tie_weight(TOY, EVEN, "x", "B", "C") == Fraction(100, 3)
    # A − B ∝ x·100 + 50·(−100) = 100x − 5000 → 0 at x = 50. Options level on the criterion never tie through it.
    assert tie_weight(TOY, EVEN, "x", "A", "B") == 50
    assert tie_weight(pd.DataFrame({"x": [5, 5], "y": [1, 2]}, index=["P", "Q"]), EVEN, "x", "P", "Q") is None


def test_toy_leader_map_and_switching_values():
    # B leads below 100/3, C between 100/3 and 75, A above 75 (the A–B tie at 50 is inside C's stretch, so it is not a switch).
    segments = [(s.low, s.high, s.leader) for s in leader_map(TOY, EVEN, "x")]
    assert segments == [(0, Fraction(100, 3), "B"), (Fraction(100, 3), 75, "C"), (75, 100, "A")]
    down, up = switching_values(TOY, EVEN, "x")
    assert down == Change("x", 50, Fraction(100, 3), 33, "B")
    assert up == Change("x", 50, Fraction(75), 76, "A")


def test_toy_smallest_flip_prefers_the_first_criterion_and_lowering_on_a_tie():
    # x down to 33 (17 steps) or up to 76 (26); y is the mirror image: down to 33 makes A lead (17), up to 76 B (26).
    assert smallest_flip(TOY, EVEN) == Change("x", 50, Fraction(100, 3), 33, "B")


def test_switching_values_need_a_strict_winner():
    with pytest.raises(WeightError, match="tied"):
        switching_values(TOY, {"x": 60, "y": 40}, "x")


def test_toy_tornado_by_hand():
    # C against A. x at 0 (only y counts): C 60, A 0 → +60. x at 100 (⅔, ⅓): C 60, A 66.67 → −6.67.
    # y at 0 (only x): C 60, A 100 → −40. y at 100 (⅓, ⅔): C 60, A 33.33 → +26.67. Both swings 66.67.
    frame = tornado(TOY, EVEN, "C", "A").set_index("criterion_id")
    assert frame.loc["x", "margin_low"] == pytest.approx(60)
    assert frame.loc["x", "margin_high"] == pytest.approx(-20 / 3)
    assert frame.loc["y", "margin_low"] == pytest.approx(-40)
    assert frame.loc["y", "margin_high"] == pytest.approx(80 / 3)
    assert frame["swing"].tolist() == pytest.approx([200 / 3, 200 / 3])
    assert frame["flips"].all() and frame["margin_base"].tolist() == pytest.approx([10, 10])


def test_tornado_marks_an_end_where_every_weight_would_be_zero():
    frame = tornado(TOY, {"x": 40, "y": 0}, "A", "C").set_index("criterion_id")
    assert pd.isna(frame.loc["x", "margin_low"]) and frame.loc["x", "margin_high"] == pytest.approx(40)


def test_the_authors_weights_by_hand():
    # total 70 + 70 + 100 + 50 + 30 = 320.
    # reset:        70·75 + 70·60 + 100·30 + 50·25 + 30·55 = 5250 + 4200 + 3000 + 1250 + 1650 = 15350 → 47.96875
    # confrontation: 70·30 + 70·40 + 100·65 + 50·60 + 30·25 = 2100 + 2800 + 6500 + 3000 + 750 = 15150 → 47.34375
    # conditional:  70·55 + 70·55 + 100·60 + 50·30 + 30·45 = 3850 + 3850 + 6000 + 1500 + 1350 = 16550 → 51.71875
    scores = weighted_scores(POLICIES, AUTHOR)
    assert scores.to_dict() == {"reset": 47.96875, "confrontation": 47.34375, "conditional": 51.71875}
    assert winner(POLICIES, AUTHOR) == "conditional"


def test_the_smallest_flip_from_the_authors_weights():
    # Alliance credibility: conditional − reset ∝ 70·(55−75) + 70·(55−60) + 50·(30−25) + 30·(45−55) + x·(60−30)
    #   = −1400 − 350 + 250 − 300 + 30x = 30x − 1800 → tie at x = 60; at 59 the reset leads
    #   (reset − confrontation at 59 ∝ 70·45 + 70·20 + 50·(−35) + 30·30 + 59·(−35) = 3700 − 2065 > 0).
    # Every other flip is further: security 70 → 13 (57 steps), human rights 50 → 97 (47).
    assert smallest_flip(POLICIES, AUTHOR) == Change("alliance-credibility", 100, Fraction(60), 59, "reset")


def test_switching_values_for_each_of_the_authors_weights():
    # Security: conditional − confrontation ∝ 70·15 + 100·(−5) + 50·(−30) + 30·20 + x·25 = 25x − 350 → tie at 14.
    # Human rights: conditional − confrontation ∝ 70·25 + 70·15 + 100·(−5) + 30·20 + x·(−30) = 2900 − 30x → tie at 290/3.
    # Nuclear risk and economic gain: conditional stays ahead of both rivals over the whole 0–100 range
    #   (e.g. economic gain: against reset 1500 − 10x > 0 and against confrontation 800 + 20x > 0 for every x ≤ 100).
    found = {c: switching_values(POLICIES, AUTHOR, c) for c in POLICIES.columns}
    assert found["security"] == (Change("security", 70, Fraction(14), 13, "confrontation"), None)
    assert found["nuclear-risk"] == (None, None)
    assert found["alliance-credibility"] == (Change("alliance-credibility", 100, Fraction(60), 59, "reset"), None)
    assert found["human-rights"] == (None, Change("human-rights", 50, Fraction(290, 3), 97, "confrontation"))
    assert found["economic-gain"] == (None, None)


def test_the_puzzle_make_confrontation_win_with_one_weight():
    # Raise human rights: confrontation beats reset above 1950/35 ≈ 55.7 and conditional above 290/3 ≈ 96.7 → 97 (+47).
    # Lower security: it beats conditional below 14 and reset below 2950/45 ≈ 65.6 → 13 (−57).
    # Nuclear risk, alliance credibility, economic gain: no value in 0–100 does it.
    assert change_to_lead(POLICIES, AUTHOR, "human-rights", "confrontation") == Change("human-rights", 50, Fraction(290, 3), 97, "confrontation")
    assert change_to_lead(POLICIES, AUTHOR, "security", "confrontation") == Change("security", 70, Fraction(14), 13, "confrontation")
    for criterion in ("nuclear-risk", "alliance-credibility", "economic-gain"):
        assert change_to_lead(POLICIES, AUTHOR, criterion, "confrontation") is None
    assert smallest_change_to_lead(POLICIES, AUTHOR, "confrontation").size == 47


def test_the_puzzle_answer_is_the_true_minimum_over_every_whole_slider_value():
    # Brute force: every criterion, every whole value 0–100; confrontation must lead strictly.
    best = min(
        abs(value - AUTHOR[c])
        for c in POLICIES.columns
        for value in range(101)
        if winner(POLICIES, {**AUTHOR, c: value}) == "confrontation"
    )
    assert best == smallest_change_to_lead(POLICIES, AUTHOR, "confrontation").size == 47


def test_tornado_of_the_authors_weights_by_hand():
    # Conditional against reset; base lead 51.71875 − 47.96875 = 3.75.
    # Alliance at 0: (70·(−20) + 70·(−5) + 50·5 + 30·(−10)) / 220 = −1800/220 ≈ −8.18: the bar crosses zero.
    # Security at 0: (70·(−5) + 100·30 + 50·5 + 30·(−10)) / 250 = 2600/250 = 10.4; at 100: (2600 − 2000)/350 ≈ 1.71.
    frame = tornado(POLICIES, AUTHOR, "conditional", "reset").set_index("criterion_id")
    assert list(frame.index)[:2] == ["alliance-credibility", "security"]
    assert frame.loc["alliance-credibility", "margin_low"] == pytest.approx(-1800 / 220)
    assert frame.loc["alliance-credibility", "margin_high"] == pytest.approx(3.75)
    assert frame.loc["security", "margin_low"] == pytest.approx(10.4)
    assert frame.loc["security", "margin_high"] == pytest.approx(600 / 350)
    assert frame.loc["security", "swing"] == pytest.approx(10.4 - 600 / 350)
    assert frame["flips"].tolist() == [True, False, False, False, False]
    assert margin(POLICIES, AUTHOR, "conditional", "reset") == pytest.approx(3.75)


def test_spread_shows_how_far_a_weight_can_move_the_verdict():
    # Security: share 70/320, options 30 to 75 apart → spread 45, reach 45·70/320 = 9.84375.
    # Nuclear risk has the same share but a spread of only 20 (40 to 60): reach 4.375.
    frame = spread(POLICIES, AUTHOR).set_index("criterion_id")
    assert frame.loc["security", ["spread", "reach"]].tolist() == [45, 9.84375]
    assert frame.loc["nuclear-risk", ["spread", "reach"]].tolist() == [20, 4.375]


def test_min_max_rescales_against_the_options_present():
    # Nuclear risk, policies only: 40 → 0, 60 → 100, conditional 55 → 75. With the decoy (30): 30 → 0, so 40 → 33.33.
    assert min_max(POLICIES)["nuclear-risk"].tolist() == [100, 0, 75]
    assert min_max(MATRIX)["nuclear-risk"].tolist() == pytest.approx([100, 100 / 3, 250 / 3, 0])
    assert min_max(pd.DataFrame({"x": [5, 5]}))["x"].tolist() == [0, 0]


def test_the_decoy_reverses_reset_and_confrontation_only_under_min_max():
    # Min–max, no decoy: reset is 100 on security, nuclear risk and economic gain, 0 on the other two:
    #   (70·100 + 70·100 + 30·100) / 320 = 53.125; confrontation is 100 on alliance and rights only: 15000/320 = 46.875.
    # Add the decoy (confrontation's scores but 30 on nuclear risk): confrontation's nuclear score rises from 0 to 33.33,
    #   (70·100/3 + 15000) / 320 = 54.17 > 53.125, and reset's scores do not move. Anchored scores do not move at all.
    ranks = rank_table(MATRIX, AUTHOR, "freeze")
    score = ranks.set_index(["scaling", "decoy", "option_id"])["score"]
    assert score["min-max", "without", "reset"] == pytest.approx(53.125)
    assert score["min-max", "without", "confrontation"] == pytest.approx(46.875)
    assert score["min-max", "with", "reset"] == pytest.approx(53.125)
    assert score["min-max", "with", "confrontation"] == pytest.approx(52000 / 3 / 320)
    assert reversed_pairs(ranks, "min-max", "freeze") == [("reset", "confrontation")]
    assert reversed_pairs(ranks, "anchored", "freeze") == []
    assert score["anchored", "with", "reset"] == score["anchored", "without", "reset"] == 47.96875
    assert stretched(MATRIX, "freeze") == ["nuclear-risk"]


def test_the_decoy_is_never_worth_choosing():
    # It is nowhere better than confrontation, so under any weights it scores at most what confrontation scores.
    assert (MATRIX.loc["freeze"] <= MATRIX.loc["confrontation"]).all()
    for raw in LENSES.values():
        assert winner(MATRIX, raw) != "freeze"


def test_lens_distance_by_hand():
    # Author shares 70,70,100,50,30 / 320; realist 100,80,40,0,20 / 240.
    # |0.41667−0.21875| + |0.33333−0.21875| + |0.16667−0.3125| + |0−0.15625| + |0.08333−0.09375| = 0.625 → half of it, in points: 31.25.
    assert lens_distance(AUTHOR, LENSES["realist"]) == pytest.approx(31.25)
    assert lens_distance(AUTHOR, AUTHOR) == 0
    assert lens_distance({"a": 1, "b": 0}, {"a": 0, "b": 1}) == 100


def test_the_lenses_disagree_about_the_winner():
    winners = {lens: winner(POLICIES, raw) for lens, raw in LENSES.items()}
    assert winners == {
        "realist": "reset",
        "liberal-institutionalist": "reset",
        "human-rights": "confrontation",
        "two-level": "conditional",
        "author": "conditional",
    }
