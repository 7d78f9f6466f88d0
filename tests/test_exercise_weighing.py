"""Notebook 03's exercises, driven the way a student drives them: by setting control values."""

from __future__ import annotations

import json

import pytest
from conftest import chart_data, displayed_charts

from reset_ledger.answers import problems, spec_for
from reset_ledger.exercise import AnswerSheet
from reset_ledger.exercises.weighing import DecoyExercise, PuzzleExercise, WeighExercise
from reset_ledger.responses import load_mine, read


def html(out) -> str:
    return "\n".join(o["data"].get("text/html", "") for o in out.outputs)


def shares_shown(weigh: WeighExercise) -> dict[str, float]:
    spec = next(s for s in displayed_charts(weigh.result_out) if s["title"]["text"] == "Your weights as shares")
    return {row["criterion"]: row["share"] for row in chart_data(spec) if "weight" in row}


def test_starts_from_the_authors_weights_and_says_so():
    weigh = WeighExercise()
    assert weigh.weights() == {"security": 70, "nuclear-risk": 70, "alliance-credibility": 100, "human-rights": 50, "economic-gain": 30}
    shown = html(weigh.result_out)
    assert "Leads: Conditional reset (51.7)" in shown
    assert "our reading of the author&#x27;s weights (the defaults)" in shown


def test_moving_one_slider_renormalises_every_share_and_updates_the_verdict():
    weigh = WeighExercise()
    assert shares_shown(weigh)["Economic gain"] == pytest.approx(30 / 320)
    weigh.sliders["human-rights"].value = 100
    # 320 − 50 + 100 = 370: economic gain's share falls from 30/320 to 30/370 though its slider did not move.
    shares = shares_shown(weigh)
    assert shares["Economic gain"] == pytest.approx(30 / 370) and shares["Human rights"] == pytest.approx(100 / 370)
    assert sum(shares.values()) == pytest.approx(1)
    assert "Leads: Bush-era confrontation (49.1)" in html(weigh.result_out)
    ticks = [s for s in displayed_charts(weigh.result_out) if s["title"]["text"] == "Your weights as shares"][0]
    assert "Black ticks mark each share before the last move" in ticks["description"]


def test_the_sensitivity_view_follows_the_sliders():
    weigh = WeighExercise()
    assert "lower Alliance credibility from 100 to 59 (the exact switching value is 60.0); then Reset as done leads" in html(weigh.sensitivity.out)
    assert "96.7 → Bush-era confrontation leads" in html(weigh.sensitivity.out)
    weigh.sliders["alliance-credibility"].value = 50
    assert "Leads: Reset as done" in html(weigh.result_out)
    (tornado,) = displayed_charts(weigh.sensitivity.out)
    assert tornado["title"]["text"] == "Which weight matters most: Reset as done against Conditional reset"


def test_the_range_view_flags_a_heavy_weight_that_cannot_move_much():
    weigh = WeighExercise()
    weigh.sliders["nuclear-risk"].value = 100
    weigh.sliders["alliance-credibility"].value = 60
    # Nuclear risk now weighs most (100 of 310) but its options sit only 20 apart; security (70 of 310, 45 apart) reaches further.
    assert "Your heaviest weight is Nuclear risk and arms sales, but Security cooperation can move the verdict more" in html(weigh.ranges.out)


def test_all_weights_at_zero_gets_a_message_and_loses_nothing():
    weigh = WeighExercise()
    weigh.winner_why.value = "kept"
    for slider in weigh.sliders.values():
        slider.value = 0
    assert "Every weight is 0" in html(weigh.result_out) and "Every weight is 0" in html(weigh.sensitivity.out)
    assert weigh.answers()["winner"] == "" and weigh.answers()["winner_why"] == "kept"
    weigh.sliders["human-rights"].value = 10
    assert "Leads: Bush-era confrontation (60.0)" in html(weigh.result_out)


def test_a_lens_moves_every_slider_but_does_not_count_as_answering():
    weigh = WeighExercise()
    weigh.lens_choice.value = "realist"
    weigh.lens_button.click()
    assert weigh.weights() == {"security": 100, "nuclear-risk": 80, "alliance-credibility": 40, "human-rights": 0, "economic-gain": 20}
    assert "Leads: Reset as done" in html(weigh.result_out) and "the Realist lens" in html(weigh.result_out)
    assert weigh.compare_button.disabled
    assert weigh.answers()["lens"] == "realist"


def test_compare_opens_after_every_slider_moves_and_shows_every_lens_with_its_sources():
    weigh = WeighExercise()
    for slider in list(weigh.sliders.values())[:-1]:
        slider.value -= 1
    assert weigh.compare_button.disabled and "Move each of the five" in weigh.compare_hint.value
    weigh.sliders["economic-gain"].value = 29
    weigh.compare_button.click()
    shown = html(weigh.compare_out)
    for lens in ("Realist", "Liberal institutionalist", "Human rights", "Two-level (domestic)", "The author (our reading)"):
        assert lens in shown
    assert "Mearsheimer" in shown and "Keohane and Martin" in shown and "Putnam" in shown and "Fearon" in shown
    assert "Owen Matthews" in shown and "newsweek.com" in shown
    assert "closest to this lens: The author (our reading)" in shown
    assert "wrong" not in shown.lower()


def test_puzzle_checks_a_change_against_the_exact_minimum():
    puzzle = PuzzleExercise()
    puzzle.criterion.value = "human-rights"
    assert puzzle.weight.value == 50  # a new weight to change starts from the author's value
    puzzle.weight.value = 90
    assert "Not yet: Conditional reset leads" in html(puzzle.result_out)
    puzzle.weight.value = 100
    assert "Bush-era confrontation leads with one change of +50" in html(puzzle.result_out)
    puzzle.compare_button.click()
    assert "the smallest one is 3 steps shorter" in html(puzzle.compare_out)
    puzzle.weight.value = 97
    shown = html(puzzle.compare_out)
    assert "Your change is the smallest possible" in shown and "a change of +47" in shown
    assert puzzle.answers() == {"criterion": "human-rights", "weight": 97, "confrontation_leads": True, "smallest": True}


def test_decoy_swaps_two_options_only_under_min_max():
    weigh = WeighExercise()
    decoy = DecoyExercise(weigh)
    decoy.with_decoy.value = True
    assert "cannot move the others" in html(decoy.result_out)
    decoy.scaling.value = "min-max"
    assert "Reset as done and Bush-era confrontation have swapped places" in html(decoy.result_out)
    decoy.compare_button.click()
    shown = html(decoy.compare_out)
    assert "Bush-era confrontation 0 → 33, Conditional reset 75 → 83" in shown
    (chart,) = displayed_charts(decoy.compare_out)
    assert "min-max: Reset as done 2→3, Bush-era confrontation 3→2" in chart["description"]


def test_save_then_load_round_trips_every_exercise_and_matches_the_spec(tmp_path):
    weigh, puzzle = WeighExercise(), PuzzleExercise()
    decoy = DecoyExercise(weigh)
    weigh.lens_choice.value = "two-level"
    weigh.lens_button.click()
    weigh.sliders["human-rights"].value = 55
    weigh.winner_why.value = "Ratification decides it."
    puzzle.criterion.value = "security"
    puzzle.weight.value = 13
    decoy.explanation.value = "It stretched the nuclear-risk scale."
    sheet = AnswerSheet("03-weigh-it", [weigh, puzzle, decoy], folder=tmp_path)
    sheet.pseudonym.value = "heron"
    path = sheet.save()
    saved = json.loads(path.read_text())["answers"]
    assert problems(spec_for("03-weigh-it"), saved) == []
    assert saved["weights"] == {
        "weights": {"security": 40, "nuclear-risk": 100, "alliance-credibility": 80, "human-rights": 55, "economic-gain": 50},
        "lens": "two-level",
        "winner": "conditional",
        "scores": saved["weights"]["scores"],
        "winner_why": "Ratification decides it.",
    }
    assert saved["puzzle"] == {"criterion": "security", "weight": 13, "confrontation_leads": True, "smallest": False}
    assert read(path).answers["decoy"]["explanation"] == "It stretched the nuclear-risk scale."

    again, again_puzzle = WeighExercise(), PuzzleExercise()
    other = AnswerSheet("03-weigh-it", [again, again_puzzle, DecoyExercise(again)], folder=tmp_path)
    other.pseudonym.value = "heron"
    assert other.load()
    assert again.weights()["human-rights"] == 55 and again.lens == "two-level" and again.lens_choice.value == "two-level"
    assert again_puzzle.criterion.value == "security" and again_puzzle.weight.value == 13
    assert load_mine("03-weigh-it", "heron", tmp_path).answers["weights"]["winner"] == "conditional"


def test_reset_goes_back_to_the_authors_weights():
    weigh = WeighExercise()
    weigh.sliders["security"].value = 0
    weigh.reset_button.click()
    assert weigh.weights()["security"] == 70 and weigh.compare_button.disabled


@pytest.mark.parametrize("exercise", [WeighExercise, PuzzleExercise, DecoyExercise])
def test_every_control_has_a_visible_label(exercise):
    for control in exercise().inputs().values():
        assert control.description, control


def test_handout_gives_a_kernel_free_chart_and_printable_worksheets(monkeypatch):
    monkeypatch.setenv("RESET_LEDGER_HANDOUT", "1")
    message, chart, criteria, grid = WeighExercise().handout()
    spec = chart.to_dict()
    sliders = {p["name"]: p for p in spec["params"]}
    assert set(sliders) == {"weight_security", "weight_nuclear_risk", "weight_alliance_credibility", "weight_human_rights", "weight_economic_gain"}
    assert sliders["weight_alliance_credibility"]["value"] == 100 and sliders["weight_human_rights"]["bind"]["max"] == 100
    assert "in your browser; no kernel is needed" in message.data
    assert criteria.data["Your weight (0–100)"].eq("").all() and len(criteria.data) == 5
    assert grid.data.loc[0, "Security cooperation"] == "ours 75 · yours ___" and grid.data["Weighted score"].eq("").all()
    (sheet,) = PuzzleExercise().handout()
    assert sheet.data["The author's value"].tolist() == [70, 70, 100, 50, 30]
