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
    heaviest_and_strongest,
    leader_map,
    leaders,
    lens_cases,
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
    smallest_flips,
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
AUTHOR = LENSES["author"]  # Afghanistan 25, stable relations 50, nuclear 65, allies 100, rights 50, economy 40 (sum 330)


def test_the_matrix_follows_the_data():
    assert list(MATRIX.index) == ["reset", "confrontation", "conditional", "freeze"]
    assert list(MATRIX.columns) == ["security", "stability", "nuclear-risk", "alliance-credibility", "human-rights", "economic-gain"]
    assert MATRIX.loc["reset"].tolist() == [80, 70, 55, 30, 25, 55]
    assert MATRIX.loc["confrontation"].tolist() == [40, 30, 45, 70, 40, 25]
    assert MATRIX.loc["conditional"].tolist() == [70, 45, 50, 50, 30, 45]


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


def test_toy_smallest_flips_lists_every_move_of_the_smallest_size():
    # x down to 33 (17 steps) or up to 76 (26); y is the mirror image: down to 33 makes A lead (17), up to 76 B (26).
    assert smallest_flips(TOY, EVEN) == [Change("x", 50, Fraction(100, 3), 33, "B"), Change("y", 50, Fraction(100, 3), 33, "A")]
    assert smallest_flips(pd.DataFrame({"x": [100, 0]}, index=["A", "B"]), {"x": 50}) == []  # one criterion: no weight can flip it


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
    # reset:         25·80 + 50·70 + 65·55 + 100·30 + 50·25 + 40·55 = 2000 + 3500 + 3575 + 3000 + 1250 + 2200 = 15525 → 47.05
    # confrontation: 25·40 + 50·30 + 65·45 + 100·70 + 50·40 + 40·25 = 1000 + 1500 + 2925 + 7000 + 2000 + 1000 = 15425 → 46.74
    # conditional:   25·70 + 50·45 + 65·50 + 100·50 + 50·30 + 40·45 = 1750 + 2250 + 3250 + 5000 + 1500 + 1800 = 15550 → 47.12
    scores = weighted_scores(POLICIES, AUTHOR)
    assert scores.to_dict() == pytest.approx({"reset": 15525 / 330, "confrontation": 15425 / 330, "conditional": 15550 / 330})
    assert winner(POLICIES, AUTHOR) == "conditional"


def test_the_smallest_flips_from_the_authors_weights_are_two_steps():
    # Stable relations: conditional − reset ∝ 25·(−10) + 65·(−5) + 100·20 + 50·5 + 40·(−10) + x·(45 − 70) = 1275 − 25x → tie at 51;
    #   at 52 the reset leads (reset − confrontation ∝ 1000 + 52·40 + 650 − 4000 − 750 + 1200 = 180 > 0).
    # Allies: conditional − reset ∝ −250 − 1250 − 325 + 250 − 400 + x·20 = 20x − 1975 → tie at 98.75; at 98 the reset leads.
    # Both moves are 2 steps; every other flip is further (economy +3, Afghanistan −5 or +3, human rights −6).
    assert smallest_flips(POLICIES, AUTHOR) == [
        Change("stability", 50, Fraction(51), 52, "reset"),
        Change("alliance-credibility", 100, Fraction(395, 4), 98, "reset"),
    ]


def test_switching_values_for_each_of_the_authors_weights():
    # The three options lie within 0.4 points, so every weight can flip the verdict one way or the other.
    # Afghanistan: conditional − reset ∝ 275 − 10x → tie at 27.5; conditional − confrontation ∝ 30x − 625 → tie at 125/6.
    # Stable relations, lowered: conditional − confrontation ∝ 750 + 325 − 2000 − 500 + 800 + 15x = 15x − 625 → tie at 125/3.
    # Allies: conditional is ahead of confrontation at every value up to 100 (its lead shrinks by 20 a point but starts at 2125).
    found = {c: switching_values(POLICIES, AUTHOR, c) for c in POLICIES.columns}
    assert found["security"] == (Change("security", 25, Fraction(125, 6), 20, "confrontation"), Change("security", 25, Fraction(55, 2), 28, "reset"))
    assert found["stability"] == (Change("stability", 50, Fraction(125, 3), 41, "confrontation"), Change("stability", 50, Fraction(51), 52, "reset"))
    assert found["nuclear-risk"] == (Change("nuclear-risk", 65, Fraction(40), 39, "confrontation"), Change("nuclear-risk", 65, Fraction(70), 71, "reset"))
    assert found["alliance-credibility"] == (Change("alliance-credibility", 100, Fraction(395, 4), 98, "reset"), None)
    assert found["human-rights"] == (Change("human-rights", 50, Fraction(45), 44, "reset"), Change("human-rights", 50, Fraction(125, 2), 63, "confrontation"))
    assert found["economic-gain"] == (Change("economic-gain", 40, Fraction(135, 4), 33, "confrontation"), Change("economic-gain", 40, Fraction(85, 2), 43, "reset"))


def test_the_puzzle_make_confrontation_win_with_one_weight():
    # Lowering Afghanistan is the shortest way: confrontation beats conditional below 125/6 and the reset below 22.5
    #   (reset − confrontation ∝ 40x + 2000 + 650 − 4000 − 750 + 1200 = 40x − 900) → 20,
    #   a change of −5. Raising the allies cannot: it is already 100, the top of the slider.
    assert change_to_lead(POLICIES, AUTHOR, "security", "confrontation") == Change("security", 25, Fraction(125, 6), 20, "confrontation")
    assert change_to_lead(POLICIES, AUTHOR, "alliance-credibility", "confrontation") is None
    assert smallest_change_to_lead(POLICIES, AUTHOR, "confrontation").size == 5


def test_the_puzzle_answer_is_the_true_minimum_over_every_whole_slider_value():
    # Brute force: every criterion, every whole value 0–100; confrontation must lead strictly.
    best = min(
        abs(value - AUTHOR[c])
        for c in POLICIES.columns
        for value in range(101)
        if winner(POLICIES, {**AUTHOR, c: value}) == "confrontation"
    )
    assert best == smallest_change_to_lead(POLICIES, AUTHOR, "confrontation").size == 5


def test_tornado_of_the_authors_weights_by_hand():
    # Conditional against reset; base lead (15550 − 15525) / 330 = 0.08.
    # Allies at 0: −1975 / 230 = −8.59, so the bar crosses zero; at 100 it is the base.
    # Stable relations at 0: 1275 / 280 = 4.55; at 100: (1275 − 2500) / 380 = −3.22.
    frame = tornado(POLICIES, AUTHOR, "conditional", "reset").set_index("criterion_id")
    assert list(frame.index)[:2] == ["alliance-credibility", "stability"]
    assert frame.loc["alliance-credibility", "margin_low"] == pytest.approx(-1975 / 230)
    assert frame.loc["alliance-credibility", "margin_high"] == pytest.approx(25 / 330)
    assert frame.loc["stability", "margin_low"] == pytest.approx(1275 / 280)
    assert frame.loc["stability", "margin_high"] == pytest.approx(-1225 / 380)
    assert frame["flips"].tolist() == [True] * 6
    assert margin(POLICIES, AUTHOR, "conditional", "reset") == pytest.approx(25 / 330)


def test_spread_shows_how_far_a_weight_can_move_the_verdict():
    # Allies: share 100/330, options 30 to 70 apart → spread 40, reach 12.1.
    # Nuclear risk has a larger share than stable relations but a spread of only 10 (45 to 55): reach 65/330 · 10 = 1.97.
    frame = spread(POLICIES, AUTHOR).set_index("criterion_id")
    assert frame.loc["alliance-credibility", "spread"] == 40 and frame.loc["alliance-credibility", "reach"] == pytest.approx(4000 / 330)
    assert frame.loc["nuclear-risk", "spread"] == 10 and frame.loc["nuclear-risk", "reach"] == pytest.approx(650 / 330)
    assert frame.loc["stability", "reach"] == pytest.approx(2000 / 330)


def test_the_heaviest_weight_and_the_one_that_can_move_the_verdict_most():
    # Toy: x and y are both 100 apart, so the heavier weight can move the verdict most; on a tie the first counts.
    assert heaviest_and_strongest(TOY, {"x": 30, "y": 70}) == ("y", "y")
    assert heaviest_and_strongest(TOY, EVEN) == ("x", "x")
    # The author's: allies are both heaviest (100) and furthest apart (100 × 40); nuclear risk at 100 is the heaviest
    # with allies, first in order, yet 100 × 10 moves less than allies' 100 × 40.
    assert heaviest_and_strongest(POLICIES, AUTHOR) == ("alliance-credibility", "alliance-credibility")
    assert heaviest_and_strongest(POLICIES, AUTHOR | {"nuclear-risk": 100}) == ("nuclear-risk", "alliance-credibility")
    with pytest.raises(WeightError):
        heaviest_and_strongest(POLICIES, dict.fromkeys(AUTHOR, 0))


def test_min_max_rescales_against_the_options_present():
    # Nuclear risk, policies only: 45 → 0, 55 → 100, conditional 50 → 50. With the decoy (30): 30 → 0, so 45 → 60, 50 → 80.
    assert min_max(POLICIES)["nuclear-risk"].tolist() == pytest.approx([100, 0, 50])
    assert min_max(MATRIX)["nuclear-risk"].tolist() == pytest.approx([100, 60, 80, 0])
    assert min_max(pd.DataFrame({"x": [5, 5]}))["x"].tolist() == [0, 0]


def test_the_decoy_reverses_the_ranking_only_under_min_max():
    # Min–max, no decoy: the reset is 100 on Afghanistan, stable relations, nuclear risk and economy, 0 on the other two:
    #   (25 + 50 + 65 + 40) · 100 / 330 = 54.55; confrontation is 100 on allies and rights only: 15000 / 330 = 45.45.
    # Add the decoy (confrontation's scores but 30 on nuclear risk): confrontation's nuclear score rises from 0 to 60,
    #   (65·60 + 15000) / 330 = 57.27 > 54.55, and the reset's scores do not move; conditional rises from 50 to 80 there,
    #   so the whole order turns over. Anchored scores do not move at all.
    ranks = rank_table(MATRIX, AUTHOR, "freeze")
    score = ranks.set_index(["scaling", "decoy", "option_id"])["score"]
    assert score["min-max", "without", "reset"] == pytest.approx(18000 / 330)
    assert score["min-max", "without", "confrontation"] == pytest.approx(15000 / 330)
    assert score["min-max", "with", "reset"] == pytest.approx(18000 / 330)
    assert score["min-max", "with", "confrontation"] == pytest.approx(18900 / 330)
    assert reversed_pairs(ranks, "min-max", "freeze") == [("reset", "conditional"), ("reset", "confrontation"), ("conditional", "confrontation")]
    assert reversed_pairs(ranks, "anchored", "freeze") == []
    assert score["anchored", "with", "reset"] == score["anchored", "without", "reset"] == pytest.approx(15525 / 330)
    assert stretched(MATRIX, "freeze") == ["nuclear-risk"]


def test_the_decoy_is_never_worth_choosing():
    # It is nowhere better than confrontation, so under any weights it scores at most what confrontation scores.
    assert (MATRIX.loc["freeze"] <= MATRIX.loc["confrontation"]).all()
    for raw in LENSES.values():
        assert winner(MATRIX, raw) != "freeze"


def test_lens_distance_by_hand():
    # Author shares 25, 50, 65, 100, 50, 40 / 330; realist 60, 100, 80, 20, 0, 20 / 280.
    # Half the sum of |differences|, in points: 50 × (|25/330 − 60/280| + |50/330 − 100/280| + |65/330 − 80/280|
    #   + |100/330 − 20/280| + |50/330 − 0| + |40/330 − 20/280|) = 43.29.
    expected = 50 * sum(abs(a / 330 - b / 280) for a, b in zip([25, 50, 65, 100, 50, 40], [60, 100, 80, 20, 0, 20]))
    assert lens_distance(AUTHOR, LENSES["realist"]) == pytest.approx(expected) == pytest.approx(43.29, abs=0.01)
    assert lens_distance(AUTHOR, AUTHOR) == 0
    assert lens_distance({"a": 1, "b": 0}, {"a": 0, "b": 1}) == 100


def test_every_policy_leads_under_at_least_one_lens():
    # The defaults must let each option win under some reasonable lens (hand-checked in the closing report):
    #   realist 63.9 / 38.9 / 52.1; containment 41.9 / 51.5 / 47.3; liberal institutionalist 55.0 / 41.0 / 49.3;
    #   status 60.7 / 36.8 / 49.3; human rights 39.6 / 46.7 / 42.7; two-level 48.5 / 45.7 / 48.4; author 47.0 / 46.7 / 47.1
    #   (reset / confrontation / conditional).
    winners = {lens: winner(POLICIES, raw) for lens, raw in LENSES.items()}
    assert winners == {
        "realist": "reset",
        "containment": "confrontation",
        "liberal-institutionalist": "reset",
        "status": "reset",
        "human-rights": "confrontation",
        "two-level": "reset",
        "author": "conditional",
    }
    assert set(winners.values()) == set(POLICIES.index)


def test_the_realist_lens_counts_a_halt_to_nato_expansion_as_a_gain():
    # The halt sits under stable relations, where the reset scores above confrontation; the realist weighs that swing most
    # and the allies' swing (where the halt is a cost) least but one.
    realist = LENSES["realist"]
    assert max(realist, key=realist.get) == "stability" and MATRIX.at["reset", "stability"] > MATRIX.at["confrontation", "stability"]
    assert sorted(realist, key=realist.get)[:2] == ["human-rights", "alliance-credibility"]


def test_the_lens_cases_name_each_lens_its_heaviest_criteria_and_its_leader():
    cases = lens_cases(load("lenses"), LENSES, POLICIES).set_index("lens_id")
    assert cases.loc["containment", "weighs_most"] == ["alliance-credibility"] and cases.loc["containment", "leader"] == "confrontation"
    assert cases.loc["realist", "weighs_most"] == ["stability"] and cases.loc["status", "leader"] == "reset"
    assert cases.loc["two-level", "scores"]["conditional"] == pytest.approx(16450 / 340)
    assert all(cases["case"].str.len() > 200) and all(cases["summary"].str.len() > 20)
