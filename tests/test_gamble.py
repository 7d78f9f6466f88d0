"""The gamble's arithmetic: chances that always add up to 100, the reset's payoffs asked two ways (worth making,
worth continuing once what was delivered and done for good is sunk, ongoing gives and returns still counted), confrontation's own sourced payoffs, expected values, the
switching chance and the tornado, each checked against numbers worked out by hand."""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from pathlib import Path

import pytest
import vl_convert
from conftest import ROOT, drawn, set_cell

from reset_ledger.data import DataError, load, load_all
from reset_ledger.gamble import (
    CHANCE_SWING,
    FRAMING_SHORT,
    FRAMINGS,
    PAYOFF_SWING,
    POLICIES,
    Switch,
    adjusted,
    advantage,
    along,
    apportion,
    confrontation_line,
    expected_value,
    expected_values,
    framed_payoffs,
    futures_grid_chart,
    gamble_params,
    gamble_sandbox_chart,
    grid_line,
    hundred_futures,
    normalise,
    ongoing_items,
    questions_frame,
    realisation,
    renormalise,
    overlaps_from_ledger,
    reset_line,
    scores_from_ledger,
    shares,
    switch_line,
    switching_chance,
    switching_chart,
    tornado_chart,
    tornado_frame,
    verdict,
)
from reset_ledger.ledger import Score, author_scores, default_scores, overlap_groups

FUTURES = load("futures")
ITEMS = load("ledger_items")
CONFRONTATION = load("confrontation")
IDS = ("partner", "partial", "reversion")
LABELS = dict(zip(FUTURES["future_id"], FUTURES["label"].astype(str)))
START = {"partner": 33, "partial": 34, "reversion": 33}
# A worked example for the arithmetic below: our reading of the article's ledger (ledger_items.author_value) counted in
# full, with every delivered item treated as sunk (the model before the defaults counted overlaps once and ongoing
# items; the defaults themselves are DEFAULT_MADE and DEFAULT_CONTINUED further down). Future by future:
#   gives (all delivered): −4 −4 −2 −2 = −12, counted in every future;
#   delivered takes: Manas 2 + Iran sanctions 1 = +3, counted in every future;
#   promised: New START 2 + Boeing 1 + nuclear deal −1 + WTO −1 = +1, counted with a partner or partial cooperation;
#   hoped for: halt adventures 4 + arms sales 3 + rogue states 3 + Skolkovo 0 = +10, in full with a partner, half with partial cooperation.
# Question 1, worth making (everything counts): partner −12 + 3 + 1 + 10 = +2; partial −12 + 3 + 1 + 5 = −3; reversion −12 + 3 = −9.
# Question 2 with every delivered item sunk (−12 + 3 = −9): partner 1 + 10 = 11; partial 1 + 5 = 6; reversion 0.
# Confrontation (confrontation.csv, the same for both questions):
#   counter-moves −2 −2 0; no transit −1 −1 0; frozen talks −1 −1 0; a firm line 0 +1 +3 → partner −4, partial −3, reversion +3.
CONFRONT = {"partner": -4.0, "partial": -3.0, "reversion": 3.0}
MADE = {"reset": {"partner": 2.0, "partial": -3.0, "reversion": -9.0}, "confrontation": CONFRONT}
CONTINUED = {"reset": {"partner": 11.0, "partial": 6.0, "reversion": 0.0}, "confrontation": CONFRONT}
# The defaults: our reading with its overlap group counted once (the Iran sanctions, 1 × 1 delivered, outweigh the hopes
# on arms sales and rogue states, 3 × ¼ each, which drop to 0: hopes 4 + 0 in full, 2 half), so
#   question 1: partner −12 + 3 + 1 + 4 = −4; partial −12 + 3 + 1 + 2 = −6; reversion −12 + 3 = −9;
#   question 2: sunk are only the delivered items done for good (missile defence −4, Iran sanctions +1); the ongoing
#   ones still count in every future (Georgia −4, the two silences −2 −2, Manas +2 = −6):
#   partner −6 + 1 + 4 = −1; partial −6 + 1 + 2 = −3; reversion −6.
DEFAULT_MADE = {"reset": {"partner": -2.0, "partial": -5.5, "reversion": -9.0}, "confrontation": CONFRONT}
DEFAULT_CONTINUED = {"reset": {"partner": 2.0, "partial": -1.5, "reversion": -6.0}, "confrontation": CONFRONT}
# The arithmetic tests below keep the old zero line for confrontation: it isolates the reset's side of the sums.
AUTHOR = {"reset": MADE["reset"], "confrontation": {f: 0.0 for f in IDS}}


def test_the_futures_table_holds_the_three_futures_with_equal_starting_chances():
    assert tuple(FUTURES["future_id"]) == IDS
    assert dict(zip(IDS, FUTURES["default_probability"])) == START
    assert realisation(FUTURES) == {
        "partner": {"delivered": 1.0, "promised": 1.0, "hoped-for": 1.0},
        "partial": {"delivered": 1.0, "promised": 1.0, "hoped-for": 0.5},
        "reversion": {"delivered": 1.0, "promised": 0.0, "hoped-for": 0.0},
    }


def test_default_chances_that_do_not_add_up_to_100_are_refused(data_copy: Path):
    set_cell(data_copy / "futures.csv", 2, "default_probability", "40")
    with pytest.raises(DataError, match="add up to 107, not 100") as caught:
        load_all(data_copy)
    assert "data/futures.csv, row 4, column 'default_probability'" in str(caught.value)


# Chances that always add up to 100.


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (100, [1, 1, 1], [34, 33, 33]),  # 33⅓ each: the one point left goes to the first tie
        (100, [0, 0, 0], [34, 33, 33]),  # no weights at all: equal shares
        (50, [34, 33], [25, 25]),  # 25.37 and 24.63: floors 25 + 24, the point left goes to the larger remainder
        (7, [0, 0], [4, 3]),
        (0, [5, 5], [0, 0]),
        (100, [0.1, 0.2, 0.7], [10, 20, 70]),  # floats that are not exact in binary still land on whole numbers
    ],
)
def test_apportion_by_hand(total, weights, expected):
    assert apportion(total, weights) == expected


def test_apportion_refuses_negative_weights():
    with pytest.raises(ValueError):
        apportion(100, [1, -1])


def test_renormalise_by_hand():
    # Partner moved to 50: the other 50 are shared 34 : 33 → 25.37 and 24.63 → 25 and 25 (largest remainder).
    assert renormalise(START, "partner", 50) == {"partner": 50, "partial": 25, "reversion": 25}
    # Reversion then moved to 0: 100 shared 50 : 25 → 66.67 and 33.33 → 67 and 33.
    assert renormalise({"partner": 50, "partial": 25, "reversion": 25}, "reversion", 0) == {"partner": 67, "partial": 33, "reversion": 0}
    # From 100 / 0 / 0 the other two share equally.
    assert renormalise({"partner": 100, "partial": 0, "reversion": 0}, "partner", 60) == {"partner": 60, "partial": 20, "reversion": 20}
    # Out-of-range or fractional values are clamped and rounded.
    assert renormalise(START, "partial", 140)["partial"] == 100
    assert renormalise(START, "partial", -3)["partial"] == 0
    assert renormalise(START, "partial", 40.6)["partial"] == 41


def _check_move(before: dict[str, int], moved: str, value: int, after: dict[str, int]) -> None:
    """The invariants of one slider move: sum 100, the moved slider kept, the others in their old proportions (±1)."""
    assert sum(after.values()) == 100
    assert all(0 <= v <= 100 for v in after.values())
    assert after[moved] == value
    others = [f for f in before if f != moved]
    old = sum(before[f] for f in others)
    for f in others:
        exact = Fraction(100 - value) * (Fraction(before[f], old) if old else Fraction(1, len(others)))
        assert abs(after[f] - exact) < 1


@pytest.mark.parametrize("order", list(itertools.permutations(IDS)), ids="-".join)
def test_chances_add_up_to_100_under_every_slider_order(order):
    for targets in itertools.product((0, 1, 17, 50, 99, 100), repeat=3):
        chances = dict(START)
        for moved, value in zip(order, targets):
            after = renormalise(chances, moved, value)
            _check_move(chances, moved, value, after)
            chances = after


def test_chances_add_up_to_100_after_any_three_moves_of_any_sliders():
    # Every sequence of three moves, repeats included (27 orders × 216 value triples).
    for sliders in itertools.product(IDS, repeat=3):
        for targets in itertools.product((0, 1, 33, 50, 99, 100), repeat=3):
            chances = dict(START)
            for moved, value in zip(sliders, targets):
                after = renormalise(chances, moved, value)
                _check_move(chances, moved, value, after)
                chances = after


def test_normalise_repairs_any_set_of_chances():
    assert normalise({"partner": 1, "partial": 1, "reversion": 2}) == {"partner": 25, "partial": 25, "reversion": 50}
    assert normalise({"partner": 0, "partial": 0, "reversion": 0}) == {"partner": 34, "partial": 33, "reversion": 33}
    assert sum(normalise({"partner": 33, "partial": 33, "reversion": 33}).values()) == 100


def test_shares_is_the_handout_rule():
    assert shares({"partner": 2, "partial": 1, "reversion": 1}) == {"partner": 50.0, "partial": 25.0, "reversion": 25.0}
    assert shares({"partner": 0, "partial": 0, "reversion": 0}) == pytest.approx({f: 100 / 3 for f in IDS})


def test_along_keeps_the_other_futures_in_proportion():
    assert along({"partner": 40, "partial": 30, "reversion": 30}, "partner", 0) == {"partner": 0, "partial": 50.0, "reversion": 50.0}
    assert along({"partner": 40, "partial": 45, "reversion": 15}, "partner", 60) == {"partner": 60, "partial": 30.0, "reversion": 10.0}
    assert along({"partner": 100, "partial": 0, "reversion": 0}, "partner", 50) == {"partner": 50, "partial": 25.0, "reversion": 25.0}


# Payoffs from a ledger.


def test_our_reading_of_the_article_gives_the_default_payoffs_by_hand():
    framed = framed_payoffs(author_scores(ITEMS), realisation(FUTURES), confrontation_line(CONFRONTATION, IDS), ongoing_items(ITEMS),
                            overlap_groups(ITEMS))
    assert framed == {"made": DEFAULT_MADE, "continued": DEFAULT_CONTINUED}
    # The worked example: counted in full, nothing ongoing.
    full = framed_payoffs(author_scores(ITEMS), realisation(FUTURES), confrontation_line(CONFRONTATION, IDS), frozenset())
    assert full == {"made": MADE, "continued": CONTINUED}


def test_our_judgement_of_what_goes_on_while_the_reset_does():
    assert ongoing_items(ITEMS) == {"georgia", "assembly-silence", "khodorkovsky-silence", "manas"}
    delivered = ITEMS[ITEMS["certainty"] == "delivered"]
    assert delivered["ongoing_rationale"].str.len().gt(0).all()  # every judgement has its reason


def test_an_ongoing_give_is_not_sunk_when_asking_whether_to_continue():
    # Georgia (−4, ongoing) still counts under question 2; missile defence (−4, done for good) does not.
    scores = default_scores(ITEMS) | {"georgia": Score(-4, "delivered"), "missile-defence": Score(-4, "delivered")}
    realised = realisation(FUTURES)
    assert reset_line(scores, realised, "continued", ongoing_items(ITEMS)) == {f: -4.0 for f in IDS}
    assert reset_line(scores, realised, "made", ongoing_items(ITEMS)) == {f: -8.0 for f in IDS}
    # With nothing judged ongoing, both gives would be sunk: the error the critic named.
    assert reset_line(scores, realised, "continued") == {f: 0.0 for f in IDS}


def test_sunk_items_count_in_neither_option_of_the_forward_choice():
    # One delivered give (−4) and one promised take (+2): asked whether to continue, only the promise counts.
    scores = default_scores(ITEMS) | {"missile-defence": Score(-4, "delivered"), "new-start": Score(2, "promised")}
    realised = realisation(FUTURES)
    assert reset_line(scores, realised, "made") == {"partner": -2.0, "partial": -2.0, "reversion": -4.0}
    assert reset_line(scores, realised, "continued") == {"partner": 2.0, "partial": 2.0, "reversion": 0.0}
    # Changing a delivered item, however much, never changes the forward choice: it is the same whichever way you go.
    dearer = scores | {"missile-defence": Score(-5, "delivered"), "manas": Score(5, "delivered")}
    assert reset_line(dearer, realised, "continued") == reset_line(scores, realised, "continued")
    assert reset_line(dearer, realised, "made") != reset_line(scores, realised, "made")


def test_confrontation_has_sourced_payoffs_of_its_own_in_every_future():
    line = confrontation_line(CONFRONTATION, IDS)
    assert line == CONFRONT and all(line.values())  # never a silent zero
    assert all(len(row.source_ids) and row.rationale for row in CONFRONTATION.itertuples())
    # Nothing of confrontation was delivered, so both questions give it the same line.
    framed = framed_payoffs(default_scores(ITEMS), realisation(FUTURES), line, ongoing_items(ITEMS))
    assert framed["made"]["confrontation"] == framed["continued"]["confrontation"] == CONFRONT


def test_a_blank_ledger_is_worth_nothing_in_any_future_under_either_question():
    framed = framed_payoffs(default_scores(ITEMS), realisation(FUTURES), CONFRONT, ongoing_items(ITEMS))
    assert all(framed[q]["reset"] == {f: 0.0 for f in IDS} for q in FRAMINGS)


def test_both_questions_with_the_defaults_by_hand():
    # Question 1: the reset (33 × −2 + 34 × −5.5 + 33 × −9) / 100 = (−66 − 187 − 297) / 100 = −5.50; confrontation
    # (33 × −4 + 34 × −3 + 33 × 3) / 100 = (−132 − 102 + 99) / 100 = −1.35: confrontation leads by 4.15. The reset's lead is
    # 2, −2.5, −12; with partial and reversion at 34 : 33 it is −481 / 67 with no chance of partnership and +2 with
    # certainty, so it crosses at 100 × 481 / (481 + 134) = 78.21 %.
    assert expected_values(START, DEFAULT_MADE) == pytest.approx({"reset": -5.50, "confrontation": -1.35})
    assert switching_chance(START, DEFAULT_MADE).chance == pytest.approx(100 * 481 / 615)
    # Question 2: the reset (33 × 2 + 34 × −1.5 + 33 × −6) / 100 = (66 − 51 − 198) / 100 = −1.83 against −1.35:
    # confrontation leads by 0.48. The reset's lead is 6, 1.5, −9; it is −246 / 67 with no chance of partnership and +6
    # with certainty, so it crosses at 100 × 246 / (246 + 402) = 37.96 %.
    assert expected_values(START, DEFAULT_CONTINUED) == pytest.approx({"reset": -1.83, "confrontation": -1.35})
    assert switching_chance(START, DEFAULT_CONTINUED).chance == pytest.approx(100 * 246 / 648)
    frame = questions_frame(START, {"made": DEFAULT_MADE, "continued": DEFAULT_CONTINUED}, LABELS).set_index("Question")
    assert list(frame["Leads"]) == ["confrontation, by 4.15", "confrontation, by 0.48"]
    assert frame.iloc[0, -1] == "78.2 % (the reset leads above it)" and frame.iloc[1, -1] == "38.0 % (the reset leads above it)"
    # A reset that at best draws level with confrontation (lead 0, −3, −12) never flips the choice, and says so.
    level = {"reset": {"partner": -4.0, "partial": -6.0, "reversion": -9.0}, "confrontation": CONFRONT}
    assert switching_chance(START, level) is None
    assert "confrontation leads whatever it is, drawing level only at a chance of 100 %" in switch_line(None, START, level, LABELS)


def test_the_teacher_notes_give_the_defaults_as_the_model_computes_them():
    notes = (ROOT / "teacher" / "notes" / "05-the-gamble.md").read_text(encoding="utf-8").replace("−", "-")
    made, continued = expected_values(START, DEFAULT_MADE), expected_values(START, DEFAULT_CONTINUED)
    figures = [f"{made['reset']:.2f}", f"{made['confrontation']:.2f}", f"{advantage(START, DEFAULT_MADE) * -1:.2f}",
               f"{continued['reset']:.2f}", f"{advantage(START, DEFAULT_CONTINUED) * -1:.2f}",
               f"{switching_chance(START, DEFAULT_CONTINUED).chance:.1f} %",
               f"{switching_chance(START, DEFAULT_MADE).chance:.1f} %",
               f"{advantage({'partner': 45, 'partial': 30, 'reversion': 25}, DEFAULT_CONTINUED):.2f}",
               f"{advantage({'partner': 55, 'partial': 23, 'reversion': 22}, MADE):.2f}"]
    assert [f for f in figures if f not in notes] == []


def test_reasonable_changes_flip_each_question_so_the_defaults_rig_neither():
    # Both questions favour confrontation at equal chances. Question 2: a partnership at 45 % (partial 30, reversion 25)
    # puts the reset ahead: 45 × 6 + 30 × 1.5 + 25 × −9 = 270 + 45 − 225 → +0.90.
    assert advantage({"partner": 45, "partial": 30, "reversion": 25}, DEFAULT_CONTINUED) == pytest.approx(0.9)
    # Question 1: a defender who keeps the Iran items apart (all three rewards counted) and puts partnership at 55 %
    # (partial 23, reversion 22) has the reset ahead: 55 × 6 + 23 × 0 + 22 × −12 = 330 − 264 → +0.66.
    ledger = {"scores": {r.item_id: {"value": int(r.author_value), "certainty": str(r.certainty), "why": ""} for r in ITEMS.itertuples()},
              "overlaps": {}}
    defender = framed_payoffs(scores_from_ledger(ledger, ITEMS), realisation(FUTURES), CONFRONT, ongoing_items(ITEMS))["made"]
    assert defender == MADE
    assert advantage({"partner": 55, "partial": 23, "reversion": 22}, MADE) == pytest.approx(0.66)


def test_a_saved_ledger_becomes_scores_and_payoffs():
    # Manas +4 delivered (every future), New START +2 promised (partner, partial), halting adventures +4 hoped (1, ½, 0).
    saved = {
        "scores": {
            "manas": {"value": 4, "certainty": "delivered", "why": ""},
            "new-start": {"value": 2, "certainty": "promised", "why": ""},
            "halt-adventures": {"value": 4, "certainty": "hoped-for", "why": ""},
        },
        "overlaps": {},
    }
    scores = scores_from_ledger(saved, ITEMS)
    assert scores["manas"] == Score(4, "delivered") and scores["georgia"] == Score(0, "delivered")
    assert reset_line(scores, realisation(FUTURES), "made") == {"partner": 10.0, "partial": 8.0, "reversion": 4.0}


def test_a_saved_ledger_carries_the_students_own_double_count_choice():
    # Two gains the student grouped as the same thing: only the larger (arms sales 4 × ¼ = 1 beats rogue states 2 × ¼) counts.
    saved = {"scores": {"arms-sales": {"value": 4, "certainty": "hoped-for", "why": ""},
                        "rogue-states": {"value": 2, "certainty": "hoped-for", "why": ""}},
             "overlaps": {"arms-sales": "A", "rogue-states": "A"}}
    grouped = reset_line(scores_from_ledger(saved, ITEMS), realisation(FUTURES), "made", groups=overlaps_from_ledger(saved))
    assert grouped == {"partner": 4.0, "partial": 2.0, "reversion": 0.0}
    assert reset_line(scores_from_ledger(saved, ITEMS), realisation(FUTURES), "made") == {"partner": 6.0, "partial": 3.0, "reversion": 0.0}


def test_a_group_counts_once_in_each_future_by_what_that_future_makes_of_its_items():
    # Our reading's Iran group: the sanctions vote +1 delivered, arms sales +3 and rogue states +3 hoped for. In June 2010
    # the vote is the largest (1 against 3 × ¼), but where Russia becomes a partner the hopes come true in full: there
    # the largest gain is a hope (3), not the vote. Asked whether to continue, the vote is sunk and never stands in for
    # a live hope, which then counts in every future it comes true in.
    scores = {"iran-sanctions": Score(1, "delivered"), "arms-sales": Score(3, "hoped-for"), "rogue-states": Score(3, "hoped-for")}
    realised, group = realisation(FUTURES), [frozenset(scores)]
    made, continued = (reset_line(scores, realised, q, groups=group) for q in FRAMINGS)
    hope = {f: 3 * realised[f]["hoped-for"] for f in IDS}
    assert made == {f: max(1.0, hope[f]) for f in IDS} and made["partner"] == 3.0
    assert continued == hope


def test_adjusted_adds_the_students_changes():
    changes = {"reset": {"partner": 1.5, "partial": 0, "reversion": 0}, "confrontation": {"partner": 0, "partial": 0, "reversion": -2}}
    assert adjusted(AUTHOR, changes) == {
        "reset": {"partner": 3.5, "partial": -3.0, "reversion": -9.0},
        "confrontation": {"partner": 0.0, "partial": 0.0, "reversion": -2.0},
    }


# Expected value and the switching chance.


def test_expected_value_by_hand():
    # (33 × 2 + 34 × −3 + 33 × −9) / 100 = (66 − 102 − 297) / 100 = −3.33
    assert expected_value(START, AUTHOR["reset"]) == pytest.approx(-3.33)
    assert expected_values(START, AUTHOR) == pytest.approx({"reset": -3.33, "confrontation": 0.0})
    # (50 × 10 + 30 × 2 + 20 × −5) / 100 = (500 + 60 − 100) / 100 = 4.6, against (50 × 1 + 30 × 1 + 20 × 6) / 100 = 2.0
    payoffs = {"reset": {"partner": 10, "partial": 2, "reversion": -5}, "confrontation": {"partner": 1, "partial": 1, "reversion": 6}}
    assert advantage({"partner": 50, "partial": 30, "reversion": 20}, payoffs) == pytest.approx(2.6)
    assert "The reset leads by 2.60" in verdict({"partner": 50, "partial": 30, "reversion": 20}, payoffs)
    assert "Confrontation leads by 3.33" in verdict(START, AUTHOR)


def test_switching_chance_by_hand():
    # Partial and reversion 30 : 30. At partner 0 % the reset is worth (50 × −3 + 50 × −9) / 100 = −6, at 100 % it is +2;
    # the straight line between crosses zero at 6 / (6 + 2) = 75 %.
    switch = switching_chance({"partner": 40, "partial": 30, "reversion": 30}, AUTHOR)
    assert switch == Switch("partner", 75.0, reset_above=True)
    assert expected_values(along(START, "partner", 75.0), AUTHOR)["reset"] == pytest.approx(0, abs=0.05)
    # With partial 34 : reversion 33 the line starts at (34 × −3 + 33 × −9) / 67 = −399 / 67 and crosses at 399 / 533 = 74.86 %.
    assert switching_chance(START, AUTHOR).chance == pytest.approx(100 * 399 / 533)
    assert "74.9 %: above that, the reset is worth more" in switch_line(switching_chance(START, AUTHOR), START, AUTHOR, LABELS)


def test_switching_chance_when_the_reset_pays_only_without_a_partnership():
    # Reset −5 with a partner, +1 otherwise; confrontation 0. At 0 % the lead is +1, at 100 % −5: it crosses at 1 / 6 = 16.67 %.
    payoffs = {"reset": {"partner": -5, "partial": 1, "reversion": 1}, "confrontation": {f: 0 for f in IDS}}
    switch = switching_chance(START, payoffs)
    assert switch.chance == pytest.approx(100 / 6) and not switch.reset_above
    assert "below that, the reset is worth more" in switch_line(switch, START, payoffs, LABELS)


@pytest.mark.parametrize(
    ("reset", "winner"),
    [({"partner": 3, "partial": 2, "reversion": 1}, "the reset"), ({"partner": -1, "partial": -2, "reversion": -3}, "confrontation")],
)
def test_no_switching_chance_when_one_policy_leads_in_every_future(reset, winner):
    payoffs = {"reset": reset, "confrontation": {f: 0 for f in IDS}}
    assert switching_chance(START, payoffs) is None
    assert f"on these payoffs {winner} leads whatever it is" in switch_line(None, START, payoffs, LABELS)


def test_no_switching_chance_when_the_partnership_changes_nothing():
    payoffs = {"reset": {f: -1 for f in IDS}, "confrontation": {f: -1 for f in IDS}}
    assert switching_chance(START, payoffs) is None
    assert "neither policy leads" in switch_line(None, START, payoffs, LABELS)


# The tornado.


def test_tornado_by_hand():
    chances = {"partner": 40, "partial": 30, "reversion": 30}
    frame = tornado_frame(chances, AUTHOR, LABELS).set_index("input")
    assert len(frame) == 3 + 6
    # Now: (40 × 2 + 30 × −3 + 30 × −9) / 100 = −2.8.
    # Partner 30 % (others 35 / 35): (60 − 105 − 315) / 100 = −3.6; partner 50 % (25 / 25): (100 − 75 − 225) / 100 = −2.0.
    partner = frame.loc["Chance: Russia becomes a partner"]
    assert (partner["low_setting"], partner["high_setting"]) == ("30 %", "50 %")
    assert (partner["low"], partner["high"]) == pytest.approx((-3.6, -2.0))
    # The reset's partner payoff ±2 moves the lead by ±2 × 0.40 = ±0.8.
    reset_partner = frame.loc["The reset · Russia becomes a partner"]
    assert (reset_partner["low_setting"], reset_partner["high_setting"]) == ("+0", "+4")
    assert (reset_partner["low"], reset_partner["high"]) == pytest.approx((-3.6, -2.0))
    # Reversion 20 % (partner and partial share 80 as 40 : 30): (45.71 × 2 − 34.29 × 3 − 20 × 9) / 100 = −1.914;
    # reversion 40 %: (34.29 × 2 − 25.71 × 3 − 40 × 9) / 100 = −3.686. The widest swing, so it comes first.
    assert frame.index[0] == "Chance: Russia reverts to confrontation"
    assert (frame.iloc[0]["low"], frame.iloc[0]["high"]) == pytest.approx((-1.9143, -3.6857), abs=1e-4)
    assert list(frame["swing"]) == sorted(frame["swing"], reverse=True)
    assert not frame["flips"].any()


def test_tornado_marks_the_inputs_that_can_flip_the_choice():
    # At 70 / 15 / 15 the lead is (140 − 45 − 135) / 100 = −0.4; partner at 80 % gives (160 − 30 − 90) / 100 = +0.4.
    frame = tornado_frame({"partner": 70, "partial": 15, "reversion": 15}, AUTHOR, LABELS).set_index("input")
    assert frame.loc["Chance: Russia becomes a partner", "flips"]
    assert frame.loc["Chance: Russia becomes a partner", "high"] == pytest.approx(0.4)
    assert CHANCE_SWING == 10 and PAYOFF_SWING == 2


def test_tornado_swings_stop_at_0_and_100():
    frame = tornado_frame({"partner": 95, "partial": 5, "reversion": 0}, AUTHOR, LABELS).set_index("input")
    assert frame.loc["Chance: Russia becomes a partner", "high_setting"] == "100 %"
    assert frame.loc["Chance: Russia reverts to confrontation", "low_setting"] == "0 %"


def page(chart, chances: dict[str, int], payoffs=AUTHOR, adjust=None, framing: str = "made") -> tuple[str, list[dict]]:
    """What the page draws for one of the exercise's charts, its params set to these chances, payoffs and changes."""
    adjust = adjust or {p: {f: 0.0 for f in IDS} for p in POLICIES}
    return drawn(chart(IDS, LABELS, gamble_params(chances, {"made": payoffs, "continued": CONTINUED}, adjust, framing)).to_dict())


def number(text: str) -> float:
    return float(text.replace("\u2212", "-").removesuffix(" %"))


@pytest.mark.parametrize("chances", [{"partner": 70, "partial": 15, "reversion": 15}, START, {"partner": 0, "partial": 95, "reversion": 5}])
@pytest.mark.parametrize("framing", FRAMINGS)
def test_the_tornado_is_computed_in_the_page_as_tornado_frame_computes_it(chances, framing):
    adjust = {"reset": {"partner": 1.5, "partial": 0.0, "reversion": -0.5}, "confrontation": {f: 0.0 for f in IDS}}
    payoffs = adjusted(AUTHOR if framing == "made" else CONTINUED, adjust)
    title, marks = page(tornado_chart, chances, adjust=adjust, framing=framing)
    drawn_ends = {(m["input"], m["setting"].replace("\u2212", "-")): number(m["value"]) for m in marks if "input" in m}
    frame = tornado_frame(chances, payoffs, LABELS)
    kernel = {(r.input, s): v for r in frame.itertuples() for s, v in ((r.low_setting, r.low), (r.high_setting, r.high))}
    assert title == "Which numbers matter most?"
    assert drawn_ends.keys() == kernel.keys()
    assert all(drawn_ends[k] == pytest.approx(v, abs=1e-9) for k, v in kernel.items())


# 100 futures.


def test_hundred_futures_has_one_dot_per_percent():
    frame = hundred_futures(START, AUTHOR, LABELS)
    assert len(frame) == 100
    assert frame["future"].value_counts().to_dict() == START
    assert (frame["better"] == "the reset").sum() == 33  # only with a partner does the reset (+2) beat confrontation (0)
    assert frame.loc[99, ["row", "column"]].tolist() == [9, 9]
    assert frame.loc[0, "key"] == "Russia becomes a partner: 33 futures, reset +2, confrontation +0"
    # With confrontation's own line, the reset does better only with a partner (+2 against −4); level with partial cooperation.
    assert (hundred_futures(START, MADE, LABELS)["better"] == "the reset").sum() == 33


def test_hundred_futures_words_and_chart():
    line = grid_line(START, AUTHOR, LABELS)
    assert "in 33 ('Russia becomes a partner') the reset leads by 2.00" in line
    assert "in 33 ('Russia reverts to confrontation') the reset trails by 9.00" in line
    assert "The expected lead, -3.33, is an average" in line
    spec = futures_grid_chart(IDS, LABELS, gamble_params(START, {"made": AUTHOR, "continued": CONTINUED}, {p: {f: 0.0 for f in IDS} for p in POLICIES}, "made")).to_dict()
    assert {"color", "shape", "fill"} <= set(spec["encoding"])
    assert spec["encoding"]["shape"]["scale"]["range"] == ["circle", "square", "triangle-up"]


@pytest.mark.parametrize("chances", [START, {"partner": 0, "partial": 60, "reversion": 40}, {"partner": 100, "partial": 0, "reversion": 0}])
@pytest.mark.parametrize("framing", FRAMINGS)
def test_the_hundred_futures_are_counted_in_the_page_as_hundred_futures_counts_them(chances, framing):
    payoffs = AUTHOR if framing == "made" else CONTINUED
    title, marks = page(futures_grid_chart, chances, framing=framing)
    frame = hundred_futures(chances, payoffs, LABELS)
    dots = [(m["future"], m["Does better here"]) for m in marks if "future" in m]
    assert dots == list(zip(frame["future"], frame["better"]))
    assert title == f"100 futures: the reset does better in {(frame['better'] == 'the reset').sum()} of them"


@pytest.mark.parametrize("chances", [{"partner": 40, "partial": 30, "reversion": 30}, START, {"partner": 10, "partial": 0, "reversion": 90}])
@pytest.mark.parametrize("framing", FRAMINGS)
def test_the_switching_chart_is_computed_in_the_page_as_switching_chance_computes_it(chances, framing):
    payoffs = AUTHOR if framing == "made" else CONTINUED
    _, marks = page(switching_chart, chances, framing=framing)
    now = expected_values(chances, payoffs)
    assert {m["Now"] for m in marks if "Now" in m} == {f"The reset: {now['reset']:+.2f}".replace("-", "\u2212"),
                                                       f"Confrontation: {now['confrontation']:+.2f}".replace("-", "\u2212")}
    switch = switching_chance(chances, payoffs)
    flips = [m["text"] for m in marks if "text" in m]
    assert flips == ([f"flips at {switch.chance:.1f} %"] if switch else [])


def test_switching_chart_marks_the_crossing():
    _, marks = page(switching_chart, {"partner": 40, "partial": 30, "reversion": 30})
    assert [m["text"] for m in marks if "text" in m] == ["flips at 75.0 %"]
    no_cross = {"reset": {f: 1 for f in IDS}, "confrontation": {f: 0 for f in IDS}}
    assert not [m for m in page(switching_chart, START, no_cross)[1] if "text" in m]


# The kernel-free handout: the page computes what the kernel computes.


def _page_text(chances: dict[str, int]) -> list[str]:
    spec = gamble_sandbox_chart({"made": MADE, "continued": CONTINUED}, FUTURES).to_dict()
    for param in spec["params"]:
        param["value"] = chances[param["name"].removeprefix("chance_")]
    svg = vl_convert.vegalite_to_svg(spec)
    return [t.replace("\u2212", "-") for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


@pytest.mark.parametrize(
    "weights",
    [{"partner": 33, "partial": 34, "reversion": 33}, {"partner": 2, "partial": 1, "reversion": 1}, {"partner": 0, "partial": 0, "reversion": 0},
     {"partner": 100, "partial": 100, "reversion": 0}],
)
def test_the_handout_recomputes_chances_and_expected_values_in_the_page(weights):
    text = _page_text(weights)
    in_page = shares(weights)
    for framing, payoffs in (("made", MADE), ("continued", CONTINUED)):
        expected = expected_values(in_page, payoffs)
        assert f"{FRAMING_SHORT[framing]} · The reset: {expected['reset']:+.2f}" in text
        assert f"{FRAMING_SHORT[framing]} · Confrontation: {expected['confrontation']:+.2f}" in text
    assert f"Russia becomes a partner: {in_page['partner']:.1f}%" in text


def test_handout_sliders_start_at_the_default_chances():
    spec = gamble_sandbox_chart({"made": MADE, "continued": CONTINUED}, FUTURES).to_dict()
    assert {p["name"]: p["value"] for p in spec["params"]} == {f"chance_{f}": v for f, v in START.items()}
    assert all(p["bind"]["input"] == "range" for p in spec["params"])
    assert "description" in spec


def test_the_hundred_futures_draw_a_hundred_dots():
    params = gamble_params(START, {"made": AUTHOR, "continued": CONTINUED}, {p: {f: 0.0 for f in IDS} for p in POLICIES}, "made")
    svg = vl_convert.vegalite_to_svg(futures_grid_chart(IDS, LABELS, params).to_dict())
    marks = re.search(r'<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
    drawn = [d for d in re.findall(r'<path[^>]*\bd="([^"]*)"', marks.group(1)) if d and "NaN" not in d]
    assert len(drawn) == 100
