"""Notebook 03's exercises, driven the way a student drives them: by setting control values."""

from __future__ import annotations

import json

import nbformat
import pytest
from conftest import NOTEBOOKS, displayed_charts, drawn

from reset_ledger.answers import problems, spec_for
from reset_ledger.exercise import AnswerSheet
from reset_ledger.exercises.weighing import DecoyExercise, PuzzleExercise, WeighExercise, lens_cases_table
from reset_ledger.responses import load_mine, read


def html(out) -> str:
    return "\n".join(o["data"].get("text/html", "") for o in out.outputs)


def shares_shown(weigh: WeighExercise) -> dict[str, str]:
    """Each criterion's share as the chart writes it (the page computes it from the weights)."""
    spec = next(s for s in displayed_charts(weigh.result_out) if s["title"]["text"] == "Your weights as shares")
    return {m["criterion"]: m["label"] for m in drawn(spec)[1] if "label" in m}


AUTHOR = {"security": 25, "stability": 50, "nuclear-risk": 65, "alliance-credibility": 100, "human-rights": 50, "economic-gain": 40}


def test_starts_from_the_authors_weights_and_says_so():
    weigh = WeighExercise()
    assert weigh.weights() == AUTHOR
    shown = html(weigh.result_out)
    assert "Leads: Conditional reset (47.1)" in shown  # 15550 / 330, worked out in test_weighing
    assert "our reading of the author&#x27;s weights (the defaults)" in shown


def test_moving_one_slider_renormalises_every_share_and_updates_the_verdict():
    weigh = WeighExercise()
    assert shares_shown(weigh)["Economic gain for the US"] == "12%"  # 40 / 330
    weigh.sliders["stability"].value = 100
    # 330 − 50 + 100 = 380: economic gain's share falls from 40/330 to 40/380 though its slider did not move.
    shares = shares_shown(weigh)
    assert shares["Economic gain for the US"] == "11%" and shares["Stable relations with Russia"] == "26%"
    # The reset: 15525 − 50·70 + 100·70 = 19025 → 50.1; conditional 15550 − 50·45 + 100·45 = 17800 → 46.8.
    assert "Leads: Reset as done (50.1)" in html(weigh.result_out)
    scores = next(s for s in displayed_charts(weigh.result_out) if s["title"]["text"] == "Weighted score of each option")
    assert {m["option"]: m["label"] for m in drawn(scores)[1] if "label" in m}["Reset as done"] == "50.1  ★ leads"


def test_the_flip_view_names_every_smallest_move_and_follows_the_sliders():
    weigh = WeighExercise()
    shown = html(weigh.flip.out)
    assert "Under your weights Conditional reset leads" in shown and "(a move of 2 on a 0–100 slider)" in shown
    assert ("raise Stable relations with Russia from 50 to 52 (the exact switching value is 51.0); then Reset as done leads; or "
            "lower Allies and deterrence from 100 to 98 (the exact switching value is 98.8); then Reset as done leads") in shown
    weigh.sliders["alliance-credibility"].value = 50
    assert "Leads: Reset as done" in html(weigh.result_out) and "Under your weights Reset as done leads" in html(weigh.flip.out)


def test_the_switching_values_and_the_tornado_follow_the_sliders():
    weigh = WeighExercise()
    shown = html(weigh.sensitivity.out)
    assert "98.8 → Reset as done leads" in shown and "41.7 → Bush-era confrontation leads" in shown
    assert "before Conditional reset stops leading" in shown
    weigh.sliders["alliance-credibility"].value = 50
    (tornado,) = displayed_charts(weigh.sensitivity.out)
    assert drawn(tornado)[0] == "Which weight matters most: Reset as done against Conditional reset"


def test_the_range_view_flags_a_heavy_weight_that_cannot_move_much():
    weigh = WeighExercise()
    weigh.sliders["nuclear-risk"].value = 100
    weigh.sliders["alliance-credibility"].value = 40
    # Nuclear risk now weighs most (100) but its options sit only 10 apart (reach 1000); stable relations (50, 40 apart) reach 2000,
    # more than the allies (40, 40 apart: 1600).
    assert ("Your heaviest weight is Nuclear risk and arms sales, but Stable relations with Russia can move the verdict more"
            in html(weigh.ranges.out))


def test_all_weights_at_zero_gets_a_message_and_loses_nothing():
    weigh = WeighExercise()
    weigh.winner_why.value = "kept"
    for slider in weigh.sliders.values():
        slider.value = 0
    assert "Every weight is 0" in html(weigh.result_out) and "Every weight is 0" in html(weigh.flip.out)
    assert "Every weight is 0" in html(weigh.sensitivity.out) and "Every weight is 0" in html(weigh.ranges.out)
    assert weigh.answers()["winner"] == "" and weigh.answers()["winner_why"] == "kept"
    weigh.sliders["human-rights"].value = 10
    assert "Leads: Bush-era confrontation (40.0)" in html(weigh.result_out)


def test_one_lens_shows_its_case_its_weights_beside_yours_and_who_leads():
    weigh = WeighExercise()
    assert weigh.lens_choice.value is None and weigh.lens_button.disabled
    assert "Choose a lens from the menu" in html(weigh.lens_view.out)
    weigh.lens_choice.value = "containment"
    shown = html(weigh.lens_view.out)
    assert "Deterrence and containment" in shown and "Kagan" in shown and "gpo.gov" in shown
    assert "Under this lens&#x27;s weights: Bush-era confrontation leads with 51.5" in shown
    assert "Under yours: Conditional reset leads with 47.1" in shown
    assert not weigh.lens_button.disabled and weigh.compare_button.disabled  # reading a lens is not answering


def test_a_lens_moves_every_slider_but_does_not_count_as_answering():
    weigh = WeighExercise()
    weigh.lens_choice.value = "realist"
    weigh.lens_button.click()
    assert weigh.weights() == {"security": 60, "stability": 100, "nuclear-risk": 80, "alliance-credibility": 20, "human-rights": 0,
                               "economic-gain": 20}
    assert "Leads: Reset as done" in html(weigh.result_out) and "the Realist lens" in html(weigh.result_out)
    assert "0 points of weight away from this lens" in html(weigh.lens_view.out)
    assert weigh.compare_button.disabled
    assert weigh.answers()["lens"] == "realist"


def test_compare_opens_after_every_slider_moves_and_shows_every_lens_with_its_sources():
    weigh = WeighExercise()
    for slider in list(weigh.sliders.values())[:-1]:
        slider.value -= 1
    assert weigh.compare_button.disabled and "Move every weight slider" in weigh.compare_hint.value
    weigh.sliders["economic-gain"].value = 39
    weigh.compare_button.click()
    shown = html(weigh.compare_out)
    for lens in ("Realist", "Deterrence and containment", "Liberal institutionalist", "Status and identity (constructivist)",
                 "Human rights", "Two-level (domestic)", "The author (our reading)"):
        assert lens in shown
    for scholar in ("Mearsheimer", "Kagan", "Keohane and Martin", "Larson and Shevchenko", "Wendt", "Putnam", "Fearon"):
        assert scholar in shown
    assert "Owen Matthews" in shown and "newsweek.com" in shown
    assert "closest to this lens: The author (our reading)" in shown
    assert "wrong" not in shown.lower()


def test_puzzle_answer_opens_after_three_misses_without_a_lead():
    puzzle = PuzzleExercise()
    puzzle.criterion.value = "human-rights"
    for weight in (40, 50):
        puzzle.weight.value = weight
    assert puzzle.compare_button.disabled
    puzzle.weight.value = 55
    assert not puzzle.compare_button.disabled


def test_puzzle_checks_a_change_against_the_exact_minimum():
    puzzle = PuzzleExercise()
    puzzle.criterion.value = "human-rights"
    puzzle.weight.value = 60
    assert "Not yet: Conditional reset leads" in html(puzzle.result_out)  # rights must pass 62.5
    assert puzzle.compare_button.disabled  # one miss does not give the answer away
    puzzle.weight.value = 63
    assert "Bush-era confrontation leads with one change of +13" in html(puzzle.result_out)
    puzzle.compare_button.click()
    assert "the smallest one is 8 steps shorter" in html(puzzle.compare_out)
    puzzle.criterion.value = "security"
    assert puzzle.weight.value == 25  # a new weight to change starts from the author's value
    puzzle.weight.value = 20
    shown = html(puzzle.compare_out)
    assert "Your change is the smallest possible" in shown and "a change of -5" in shown
    assert puzzle.answers() == {"criterion": "security", "weight": 20, "confrontation_leads": True, "smallest": True}


def test_decoy_swaps_two_options_only_under_min_max():
    weigh = WeighExercise()
    decoy = weigh.decoy
    assert weigh.decoy is decoy  # built once, when first asked for
    decoy.with_decoy.value = True
    assert "cannot move the others" in html(decoy.result_out)
    decoy.scaling.value = "min-max"
    assert ("Without the decoy: Reset as done &gt; Conditional reset &gt; Bush-era confrontation. "
            "With it: Bush-era confrontation &gt; Conditional reset &gt; Reset as done.") in html(decoy.result_out)
    decoy.compare_button.click()
    shown = html(decoy.compare_out)
    assert "Bush-era confrontation 0 → 60, Conditional reset 50 → 80" in shown
    (chart,) = displayed_charts(decoy.compare_out)
    assert "min-max: Reset as done 1→3, Bush-era confrontation 3→1" in chart["description"]


def test_save_then_load_round_trips_every_exercise_and_matches_the_spec(tmp_path):
    weigh, puzzle = WeighExercise(), PuzzleExercise()
    weigh.lens_choice.value = "two-level"
    weigh.lens_button.click()
    weigh.sliders["human-rights"].value = 55
    weigh.winner_why.value = "Ratification decides it."
    puzzle.criterion.value = "stability"
    puzzle.weight.value = 0
    weigh.decoy.explanation.value = "It stretched the nuclear-risk scale."
    sheet = AnswerSheet("03-weigh-it", [weigh, puzzle, weigh.decoy], folder=tmp_path)
    sheet.pseudonym.value = "heron"
    path = sheet.save()
    saved = json.loads(path.read_text())["answers"]
    assert problems(spec_for("03-weigh-it"), saved) == []
    # Two-level with rights at 55: the reset 17000 + 5·25 = 17125, conditional 17050 + 5·30 = 17200 (of 345).
    assert saved["weights"] == {
        "weights": {"security": 40, "stability": 20, "nuclear-risk": 100, "alliance-credibility": 80, "human-rights": 55, "economic-gain": 50},
        "lens": "two-level",
        "winner": "reset",
        "scores": saved["weights"]["scores"],
        "winner_why": "Ratification decides it.",
    }
    assert saved["puzzle"] == {"criterion": "stability", "weight": 0, "confrontation_leads": True, "smallest": False}
    assert read(path).answers["decoy"]["explanation"] == "It stretched the nuclear-risk scale."

    again, again_puzzle = WeighExercise(), PuzzleExercise()
    other = AnswerSheet("03-weigh-it", [again, again_puzzle, again.decoy], folder=tmp_path)
    other.pseudonym.value = "heron"
    assert other.load()
    assert again.weights()["human-rights"] == 55 and again.lens == "two-level" and again.lens_choice.value == "two-level"
    assert again_puzzle.criterion.value == "stability" and again_puzzle.weight.value == 0
    assert again.decoy.explanation.value == "It stretched the nuclear-risk scale."
    assert load_mine("03-weigh-it", "heron", tmp_path).answers["weights"]["winner"] == "reset"


def test_reset_goes_back_to_the_authors_weights():
    weigh = WeighExercise()
    weigh.sliders["security"].value = 0
    weigh.reset_button.click()
    assert weigh.weights()["security"] == 25 and weigh.compare_button.disabled


@pytest.mark.parametrize("exercise", [WeighExercise, PuzzleExercise, DecoyExercise])
def test_every_control_has_a_visible_label(exercise):
    for control in exercise().inputs().values():
        assert control.description, control
    assert WeighExercise().lens_choice.description == "Lens"


def test_the_lens_cases_table_lets_a_later_notebook_offer_every_lens():
    cases = lens_cases_table().data.set_index("Lens")
    assert len(cases) == 7
    assert cases.loc["Deterrence and containment", "First under its weights (notebook 03's scores)"] == "Bush-era confrontation (51.5 of 100)"
    assert cases.loc["Realist", "Weighs most"] == "Stable relations with Russia"
    assert "de facto halt to NATO expansion" in cases.loc["Realist", "Its case (our summary of the scholarship)"]
    assert cases.loc["The author (our reading)", "Sources"].startswith("Owen Matthews")


def test_handout_gives_a_kernel_free_chart_and_printable_worksheets(monkeypatch):
    monkeypatch.setenv("RESET_LEDGER_HANDOUT", "1")
    message, chart, criteria, grid = WeighExercise().handout()
    spec = chart.to_dict()
    sliders = {p["name"]: p for p in spec["params"]}
    assert set(sliders) == {"weight_security", "weight_stability", "weight_nuclear_risk", "weight_alliance_credibility", "weight_human_rights",
                            "weight_economic_gain"}
    assert sliders["weight_alliance_credibility"]["value"] == 100 and sliders["weight_human_rights"]["bind"]["max"] == 100
    assert "recompute the weighted scores in your browser" in message.data
    assert criteria.data["Your weight (0–100)"].eq("").all() and len(criteria.data) == 6
    assert grid.data.loc[0, "Help on Afghanistan"] == "ours 80 · yours ___" and grid.data["Weighted score"].eq("").all()
    (sheet,) = PuzzleExercise().handout()
    assert sheet.data["The author's value"].tolist() == [25, 50, 65, 100, 50, 40]


def test_the_notebook_keeps_the_core_first_and_marks_the_extension_as_optional():
    nb = nbformat.read(NOTEBOOKS / "03-weigh-it.ipynb", as_version=4)
    sources = [cell.source for cell in nb.cells]
    start = next(i for i, text in enumerate(sources) if text.startswith("## Extension: "))
    assert "*This part is optional.*" in sources[start]
    core, extension = "\n".join(sources[:start]), sources[start:]
    for call in ("weigh.lens_view", "weigh.flip", "PuzzleExercise()", "AnswerSheet("):
        assert call in core
    for shown in ("weigh.sensitivity", "weigh.ranges", "weigh.decoy", "weigh.compare_step()"):  # each a cell of its own
        assert shown in extension and shown not in sources[:start]
    # Each technical term is set in bold where it is first explained, before it is used anywhere else.
    terms = ("weighted sum", "Criteria.", "anchors", "shares", "swing weight", "lens", "switching value", "tornado chart",
             "min–max scaling", "decoy", "rank reversal")
    text = "\n".join(sources)
    for term in terms:
        assert f"**{term}**" in text, term
