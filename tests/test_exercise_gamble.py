"""Notebook 05's exercise, driven the way a student drives it: by moving sliders and pressing buttons."""

from __future__ import annotations

import itertools
from html import escape

import pytest
from conftest import displayed_charts, drawn

from reset_ledger.answers import problems, spec_for
from reset_ledger.exercise import AnswerSheet
from reset_ledger.exercises.gamble import DEFAULTS_NOTE, GambleExercise
from reset_ledger.data import load
from reset_ledger.ledger import default_scores
from reset_ledger.rendering import HANDOUT_ENV
from reset_ledger.responses import Response, read, save

IDS = ("partner", "partial", "reversion")


def html(out) -> str:
    return "\n".join(o["data"].get("text/html", "") for o in out.outputs)


def save_ledger(folder, pseudonym: str, values: dict[str, tuple[int, str]], overlaps: dict[str, str] | None = None) -> None:
    """A notebook-02 file as the ledger exercise writes it: every item, most at 0."""
    scores = {i: {"value": s.value, "certainty": s.certainty, "why": ""} for i, s in default_scores(load("ledger_items")).items()}
    for item, (value, certainty) in values.items():
        scores[item] = {"value": value, "certainty": certainty, "why": ""}
    save(Response("02-the-ledger", pseudonym, {"ledger": {"scores": scores, "overlaps": overlaps or {}}}), folder)


def with_ledger(folder, values: dict[str, tuple[int, str]], overlaps: dict[str, str] | None = None) -> GambleExercise:
    """A gamble whose student saved this ledger in 02 as 'fox' and pressed 'Use my ledger from 02' (typing 'Fox')."""
    save_ledger(folder, "fox", values, overlaps)
    gamble = GambleExercise(folder)
    gamble.pseudonym.value = "Fox"
    assert gamble.load_ledger()
    return gamble


def test_starts_from_the_defaults_and_says_so(tmp_path):
    gamble = GambleExercise(tmp_path)
    shown = html(gamble.result_out)
    assert "Defaults in use" in shown
    assert gamble.current_chances() == {"partner": 33, "partial": 34, "reversion": 33}
    # Question 1 on our reading of the article (its overlap group counted once in each future): the reset
    # (33 × −2 + 34 × −5.5 + 33 × −9) / 100 = −5.50; confrontation's own line −4, −3, +3 gives (−132 − 102 + 99) / 100 = −1.35
    # (test_gamble.py has the arithmetic).
    assert "The reset -5.50 · Confrontation -1.35. Confrontation leads by 4.15." in shown
    assert "confrontation, by 4.15" in shown and "confrontation, by 0.48" in shown  # both questions side by side
    assert gamble.answers()["payoff_source"] == "defaults"


def test_the_second_question_leaves_the_sunk_items_out_and_counts_the_ongoing_ones(tmp_path):
    gamble = GambleExercise(tmp_path)
    gamble.framing.value = "continued"
    shown = html(gamble.result_out)
    # Sunk: missile defence −4 and the Iran sanctions +1 (−3 in every future). Still counted, as ongoing: Georgia −4, the two
    # silences −2 −2 and Manas +2; and the Iran group's two hopes, the larger counted once where it comes true (3, 1.5, 0).
    # The reset is worth 2, −1.5, −6 → (66 − 51 − 198) / 100 = −1.83.
    assert "The reset -1.83 · Confrontation -1.35. Confrontation leads by 0.48." in shown
    # Sunk: the sites −4 in every future, and the vote +1 except where a live hope of its group outweighs it (3, 1.5, 0).
    assert ("the sunk items are worth to the reset -4.00 (Russia becomes a partner), -4.00 (Partial cooperation) and "
            "-3.00 (Russia reverts to confrontation)") in shown
    assert ("Still counted, as ongoing: Georgia&#x27;s occupation tolerated; Quiet on protest crackdowns; Quiet on "
            "Khodorkovsky&#x27;s second trial; Manas air base kept for Afghanistan.") in shown
    assert "flips when the chance of &#x27;Russia becomes a partner&#x27; is 38.0 %" in shown
    (switching,) = [c for c in displayed_charts(gamble.result_out) if "layer" in c]
    assert {m["Now"] for m in drawn(switching)[1] if "Now" in m} == {"The reset: −1.83", "Confrontation: −1.35"}


@pytest.mark.parametrize("order", list(itertools.permutations(IDS)), ids="-".join)
def test_the_sliders_add_up_to_100_whatever_order_they_are_moved_in(tmp_path, order):
    gamble = GambleExercise(tmp_path)
    for future, value in zip(order, (70, 5, 40)):
        gamble.chances[future].value = value
        chances = gamble.current_chances()
        assert sum(chances.values()) == 100 and chances[future] == value
    (spec,) = [c for c in displayed_charts(gamble.result_out) if "layer" in c]
    dots = [m for m in drawn(spec)[1] if m.get("Now", "").startswith("The reset:")]
    assert dots and dots[0]["Chance of 'Russia becomes a partner' (%)"] == str(gamble.current_chances()["partner"])


def test_one_slider_move_refreshes_the_result_once(tmp_path):
    gamble = GambleExercise(tmp_path)
    calls = []
    original = gamble.refresh
    gamble.refresh = lambda: (calls.append(1), original())
    gamble.chances["partner"].value = 60
    assert calls == [1]
    assert gamble.current_chances() == {"partner": 60, "partial": 20, "reversion": 20}
    # (60 × −2 + 20 × −5.5 + 20 × −9) / 100 = (−120 − 110 − 180) / 100 = −4.1
    assert "The reset -4.10" in html(gamble.result_out)


def test_tornado_and_hundred_futures_follow_the_sliders(tmp_path):
    gamble = GambleExercise(tmp_path)
    gamble.framing.value = "continued"
    gamble.chances["partner"].value = 80
    (grid,) = displayed_charts(gamble.grid_out)
    # With a partner 2 against −4, partial −1.5 against −3: the reset does better in 80 + 10 of the 100.
    assert drawn(grid)[0] == "100 futures: the reset does better in 90 of them"
    (tornado,) = displayed_charts(gamble.tornado_out)
    assert ("Chance: Russia becomes a partner", "90 %") in [(m["input"], m["setting"]) for m in drawn(tornado)[1] if "input" in m]


def test_my_ledger_replaces_the_defaults(tmp_path):
    # Manas +4 delivered and halting adventures +4 hoped for: partner 8, partial 6, reversion 4.
    gamble = with_ledger(tmp_path, {"manas": (4, "delivered"), "halt-adventures": (4, "hoped-for")})
    assert "The reset&#x27;s payoffs now come from the ledger you saved as fox" in gamble.source_status.value
    assert "You grouped no items as overlapping in 02, so every item counts." in gamble.source_status.value
    assert gamble.payoffs()["reset"] == {"partner": 8.0, "partial": 6.0, "reversion": 4.0}
    # Manas goes on only while the reset does (our judgement), so it is not sunk: question 2 counts it too.
    assert gamble.payoffs("continued")["reset"] == {"partner": 8.0, "partial": 6.0, "reversion": 4.0}
    shown = html(gamble.result_out)
    assert "Defaults in use" not in shown and "ledger you saved in notebook 02" in shown
    # (33 × 8 + 34 × 6 + 33 × 4) / 100 = (264 + 204 + 132) / 100 = 6.0; the reset leads in every future: no switch.
    assert "The reset +6.00" in shown and "No chance of" in shown
    assert gamble.answers()["payoff_source"] == "ledger"


def test_my_own_double_count_choice_from_02_is_used_and_said(tmp_path):
    # Grouped in 02: Manas +4 and New START +2 (promised, ×½ in 02 → 1) as the same gain; only Manas counts.
    gamble = with_ledger(tmp_path, {"manas": (4, "delivered"), "new-start": (2, "promised")}, {"manas": "A", "new-start": "A"})
    assert "each group of items you marked as counting the same thing counts once" in gamble.source_status.value
    assert "Manas air base kept for Afghanistan; New START signed" in gamble.source_status.value
    assert gamble.payoffs()["reset"] == {"partner": 4.0, "partial": 4.0, "reversion": 4.0}


@pytest.mark.parametrize(("pseudonym", "message"), [("owl", "No ledger saved as owl"), ("", "Type a pseudonym first"), ("../x", "cannot contain")])
def test_no_ledger_keeps_the_defaults_and_says_why(tmp_path, pseudonym, message):
    gamble = GambleExercise(tmp_path)
    gamble.pseudonym.value = pseudonym
    assert not gamble.load_ledger()
    assert message in gamble.source_status.value
    assert gamble.source == "defaults" and "Defaults in use" in html(gamble.result_out)


def test_a_changed_payoff_moves_the_expected_value(tmp_path):
    gamble = GambleExercise(tmp_path)
    for future in IDS:
        gamble.adjust[("confrontation", future)].value = -4
    # Confrontation now −8, −7, −1: (33 × −8 + 34 × −7 + 33 × −1) / 100 = (−264 − 238 − 33) / 100 = −5.35; the reset (−5.50)
    # still trails by 0.15.
    shown = html(gamble.result_out)
    assert "Confrontation -5.35. Confrontation leads by 0.15." in shown
    assert "-4.0" in shown  # the change is listed in the payoff table


def test_compare_opens_after_a_chance_is_set_and_never_marks(tmp_path):
    gamble = GambleExercise(tmp_path)
    gamble.adjust[("reset", "partner")].value = 1
    assert gamble.compare_button.disabled
    gamble.chances["partner"].value = 40
    assert not gamble.compare_button.disabled
    gamble.compare_button.click()
    shown = html(gamble.compare_out)
    claims = load("claims").set_index("claim_id")
    assert escape(claims.loc["X2", "quote"]) in shown and "Matthews, <em>Newsweek</em>" in shown  # its closing qualification
    assert escape(claims.loc["T1b", "quote"]) in shown  # and its look back: both ends of the argument
    # Our reading at 40 / 30 / 30, question 2: the reset's lead 6, 1.5, −9 crosses at 6p = 3.75 (100 − p) → p = 38.5 %.
    assert "Our reading of the article" in shown and "is 38.5 %: above that, the reset is worth more" in shown
    assert "article&#x27;s own" not in shown and "wrong" not in shown.lower()


def test_save_and_load_round_trip_with_one_pseudonym(tmp_path):
    save_ledger(tmp_path, "fox", {"iran-sanctions": (4, "delivered")})
    gamble = GambleExercise(tmp_path)
    sheet = AnswerSheet("05-the-gamble", [gamble], folder=tmp_path)
    gamble.pseudonym.value = "fox"
    assert sheet.pseudonym.value == "fox"  # typed once, used for reading the ledger and for saving
    gamble.load_ledger()
    gamble.chances["reversion"].value = 50
    gamble.adjust[("confrontation", "reversion")].value = 2.5
    gamble.choice.value = "reset"
    gamble.choice_why.value = "<i>worth the risk</i>"
    path = sheet.save()
    saved = read(path).answers["gamble"]
    assert problems(spec_for("05-the-gamble"), {"gamble": saved}) == []
    assert saved["probabilities"] == {"partner": 25, "partial": 25, "reversion": 50}
    assert saved["payoff_source"] == "ledger" and saved["choice"] == "reset"
    assert saved["results"]["made"]["payoffs"]["confrontation"]["reversion"] == 5.5  # +3 and the student's +2.5
    # Question 1: the Iran sanctions +4 in every future → +4; confrontation (25 × −4 + 25 × −3 + 50 × 5.5) / 100 = 1.0.
    assert saved["results"]["made"]["expected"] == {"reset": 4.0, "confrontation": 1.0}
    # Question 2: the sanctions resolution is done for good, so sunk: the reset is worth 0; at no chance of partnership the lead is (25 × 3 − 50 × 5.5) / 75
    # = −2.67 and with certainty +4: it crosses at 100 × 2.667 / 6.667 = 40 %.
    assert saved["results"]["continued"]["expected"] == {"reset": 0.0, "confrontation": 1.0}
    assert saved["results"]["continued"]["switching"] == {"future": "partner", "probability": 40.0, "reset_wins_above": True}
    assert "switching" not in saved["results"]["made"]

    fresh = GambleExercise(tmp_path)
    other = AnswerSheet("05-the-gamble", [fresh], folder=tmp_path)
    other.pseudonym.value = "FOX"
    assert other.load()
    assert fresh.current_chances() == saved["probabilities"] and fresh.source == "ledger"
    assert fresh.payoffs() == saved["results"]["made"]["payoffs"] and fresh.choice.value == "reset"
    assert "The reset +4.00" in html(fresh.result_out)


def test_saved_results_carry_the_switching_chance(tmp_path):
    gamble = GambleExercise(tmp_path)
    gamble.chances["partner"].value = 40
    results = gamble.answers()["results"]
    # Question 1's lead 2, −2.5, −12 crosses at 2p = 7.25 (100 − p) → 78.38 %; question 2's 6, 1.5, −9 at 6p = 3.75 (100 − p) → 38.46 %.
    assert results["made"]["switching"] == {"future": "partner", "probability": 78.38, "reset_wins_above": True}
    assert results["continued"]["switching"] == {"future": "partner", "probability": 38.46, "reset_wins_above": True}
    assert "choice" not in gamble.answers()


def test_a_tampered_file_with_chances_not_adding_up_is_repaired_on_load(tmp_path):
    gamble = GambleExercise(tmp_path)
    answers = gamble.answers() | {"probabilities": {"partner": 50, "partial": 50, "reversion": 50}}
    gamble.set_answers(answers)
    assert gamble.current_chances() == {"partner": 34, "partial": 33, "reversion": 33}


def test_reset_returns_to_the_defaults(tmp_path):
    save_ledger(tmp_path, "fox", {"manas": (4, "delivered")})
    gamble = GambleExercise(tmp_path)
    gamble.pseudonym.value = "fox"
    gamble.load_ledger()
    gamble.chances["partner"].value = 90
    gamble.adjust[("reset", "partial")].value = 3
    gamble.reset_button.click()
    assert gamble.current_chances() == {"partner": 33, "partial": 34, "reversion": 33}
    assert gamble.source == "defaults" and gamble.adjust[("reset", "partial")].value == 0
    assert DEFAULTS_NOTE.split(":")[0] in html(gamble.result_out)


def test_every_control_has_a_visible_label(tmp_path):
    gamble = GambleExercise(tmp_path)
    for control in [*gamble.inputs().values(), gamble.pseudonym, gamble.choice_why, gamble.adjust_why]:
        assert control.description, control


def test_handout_mode_shows_a_kernel_free_chart_and_worksheets(tmp_path, monkeypatch):
    monkeypatch.setenv(HANDOUT_ENV, "1")
    gamble = GambleExercise(tmp_path)
    shown = []
    monkeypatch.setattr("reset_ledger.exercise.display", lambda item: shown.append(item))
    gamble._ipython_display_()
    kinds = [type(item).__name__ for item in shown]
    assert kinds == ["HTML", "VConcatChart", "Styler"]
    assert "recompute the chances and the expected values in your browser" in shown[0].data
    worksheet = shown[2].to_html()
    assert "Worksheet: your gamble" in worksheet and "Reset, question 2 (our reading)" in worksheet
    assert type(gamble.tornado_view()).__name__ == "LayerChart"
    assert type(gamble.futures_view()).__name__ == "Chart"
    assert "Worksheet: your choice" in gamble.choice_view().to_html()


def test_a_redrawn_chart_shows_the_same_spec_as_a_checked_one():
    from reset_ledger.gamble import gamble_params, tornado_chart
    from reset_ledger.rendering import Redrawn, enable_offline_charts

    enable_offline_charts()
    gamble = GambleExercise()
    chart = tornado_chart(gamble.ids, gamble.labels, gamble_params(gamble.start, gamble.author, gamble.adjustments(), "made"))
    fast, checked = Redrawn(chart)._repr_mimebundle_(), chart._repr_mimebundle_()

    class Out:
        def __init__(self, bundle):
            self.outputs = [{"data": bundle[0] if isinstance(bundle, tuple) else bundle}]

    assert displayed_charts(Out(fast)) == displayed_charts(Out(checked)) != []
