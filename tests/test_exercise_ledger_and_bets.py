"""The ledger and bets exercises, driven the way a student drives them: by setting control values."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from conftest import displayed_charts, drawn

from reset_ledger.exercise import AnswerSheet
from reset_ledger.exercises.bets import BetsExercise
from reset_ledger.exercises.ledger import LedgerExercise
from reset_ledger.answer_codes import Session
from reset_ledger.responses import read

AUTHOR = {
    "missile-defence": -4, "georgia": -4, "assembly-silence": -2, "khodorkovsky-silence": -2, "manas": 2,
    "iran-sanctions": 1, "new-start": 2, "boeing": 1, "skolkovo": 1, "nuclear-deal": -1, "wto": -1,
    "halt-adventures": 4, "arms-sales": 3, "rogue-states": 3,
}


MANAS, GEORGIA = "Manas air base kept for Afghanistan", "Georgia's occupation tolerated"


def html(out) -> str:
    return "\n".join(o["data"].get("text/html", "") for o in out.outputs)


def chart_rows(ledger: LedgerExercise) -> dict[str, float]:
    (spec,) = displayed_charts(ledger.result_out)
    _, marks = drawn(spec)
    return {m["Item"]: float(m["Contribution"].replace("−", "-")) for m in marks if m.get("Item") in (MANAS, GEORGIA)}


def score_all(ledger: LedgerExercise, values: dict[str, int]) -> None:
    for item, value in values.items():
        ledger.values[item].value = value


def test_moving_a_slider_updates_the_balance_and_the_chart():
    ledger = LedgerExercise()
    assert "Balance: +0.00" in html(ledger.result_out)
    ledger.values["manas"].value = 4
    assert "Balance: +4.00" in html(ledger.result_out)
    ledger.certainties["manas"].value = "promised"
    assert "Balance: +2.00" in html(ledger.result_out)
    ledger.values["georgia"].value = -5
    assert "Balance: -3.00" in html(ledger.result_out)
    assert chart_rows(ledger) == {MANAS: 2.0, GEORGIA: -5.0}


def test_compare_stays_locked_until_every_item_is_scored_then_shows_the_author():
    ledger = LedgerExercise()
    score_all(ledger, {k: v for k, v in AUTHOR.items() if k != "wto"})
    assert ledger.compare_button.disabled
    assert "unlock" in ledger.compare_hint.value
    ledger.open_comparison()
    assert ledger.compare_out.outputs == ()
    ledger.values["wto"].value = 2
    assert not ledger.compare_button.disabled
    ledger.compare_button.click()
    shown = html(ledger.compare_out)
    assert "Our reading of the article implies a balance of -6.00" in shown
    assert "Why we read the author that way" in shown
    assert "wrong" not in shown.lower()
    assert "Ticks: our reading of the author" in html(ledger.result_out)


def still_to_score(ledger: LedgerExercise) -> list[str]:
    """The items the hint under the compare button marks as not scored yet, in its order."""
    return [unescape(label) for label in
            re.findall(r"○</span>([^<]*)</span>", ledger.compare_hint.value)]


def test_the_locked_message_names_every_item_still_to_score_and_keeps_its_length():
    ledger = LedgerExercise()
    assert len(still_to_score(ledger)) == 14 and "0 of 14 scored" in ledger.compare_hint.value
    score_all(ledger, {k: v for k, v in AUTHOR.items() if k not in ("wto", "boeing")})
    assert still_to_score(ledger) == ["Boeing jets for Aeroflot", "US support for Russia joining the WTO"]
    assert "12 of 14 scored" in ledger.compare_hint.value
    # Scored items stay in the list, ticked, so the list does not shorten (and move what is below) on each step.
    assert "✓</span>Manas air base kept for Afghanistan</span>" in ledger.compare_hint.value


def test_an_item_left_at_0_can_be_confirmed_without_moving_it():
    ledger = LedgerExercise()
    score_all(ledger, {k: v for k, v in AUTHOR.items() if k != "skolkovo"})
    assert ledger.compare_button.disabled
    ledger.keep["skolkovo"].value = True  # 0 is this student's score: no slider move needed
    assert ledger.values["skolkovo"].value == 0 and not ledger.compare_button.disabled
    ledger.keep["skolkovo"].value = False
    assert ledger.compare_button.disabled and still_to_score(ledger) == ["US investment in Skolkovo 'innovation city'"]
    ledger.keep["manas"].value = True  # ticking 'keep 0' on a moved item sets it back to 0
    assert ledger.values["manas"].value == 0
    ledger.values["manas"].value = 3  # and moving it again clears the tick
    assert not ledger.keep["manas"].value


def test_overlaps_can_be_grouped_on_both_sides_and_are_counted_once():
    ledger = LedgerExercise()
    score_all(ledger, AUTHOR)
    ledger.compare_button.click()
    shown = html(ledger.compare_out)
    assert "may reward the US for the same thing" in shown and "may count the same cost twice" not in shown
    assert "balance of -6.00 (-7.50 with our overlap groups counted once, as notebooks 05 and 07 use it)" in shown
    assert "You kept them apart. You scored 3 of them on the same side" in shown
    assert "Counting each of your groups" not in shown  # no groups of the student's own yet
    for item in ("assembly-silence", "khodorkovsky-silence"):
        ledger.marks[item].value = "A"  # two gives: the same cost counted twice?
    for item in ("iran-sanctions", "arms-sales", "rogue-states"):
        ledger.marks[item].value = "B"
    shown = html(ledger.compare_out)
    assert shown.count("You grouped them together too") == 1
    assert "You grouped these: Quiet on protest crackdowns; Quiet on Khodorkovsky&#x27;s second trial. Our reading keeps them apart" in shown
    # This ledger balances at −5.75 (our reading, but Skolkovo +1 × ¼). Counted once, −2 of the rights pair and the
    # hopes' 0.75 + 0.75 drop out (the delivered Iran sanctions, 1 × 1, is the group's largest gain): −5.75 + 2 − 1.5 = −5.25.
    assert "your balance would be -5.25. Notebooks 05 and 07 use your groups this way." in shown
    assert ledger.answers()["overlaps"] == {"assembly-silence": "A", "khodorkovsky-silence": "A",
                                            "iran-sanctions": "B", "arms-sales": "B", "rogue-states": "B"}


def test_reset_restores_the_defaults_and_closes_the_comparison():
    ledger = LedgerExercise()
    score_all(ledger, AUTHOR)
    ledger.compare_button.click()
    ledger.reset_button.click()
    assert all(s.value == 0 for s in ledger.values.values())
    assert ledger.certainties["new-start"].value == "promised"
    assert ledger.compare_out.outputs == () and ledger.compare_button.disabled
    assert "Balance: +0.00" in html(ledger.result_out)


def test_save_and_load_round_trip_through_the_answer_sheet(tmp_path):
    ledger = LedgerExercise()
    score_all(ledger, AUTHOR)
    ledger.whys["manas"].value = "<b>crucial</b> for Afghanistan"
    sheet = AnswerSheet("02-the-ledger", [ledger], folder=tmp_path)
    sheet.pseudonym.value = "fox"
    path = sheet.save()
    assert path and "Saved as fox" in sheet.status.value
    ledger.values["manas"].value = 5
    assert sheet.save() == path  # the same session may update its own file
    assert read(path).answers["ledger"]["scores"]["manas"]["value"] == 5

    fresh = LedgerExercise()
    other = AnswerSheet("02-the-ledger", [fresh], folder=tmp_path)
    other.pseudonym.value = "FOX"
    assert other.load()
    assert fresh.values["georgia"].value == -4 and fresh.whys["manas"].value == "<b>crucial</b> for Afghanistan"
    assert not fresh.compare_button.disabled


def test_overlap_groups_survive_a_save_and_load(tmp_path):
    ledger = LedgerExercise()
    ledger.marks["missile-defence"].value = ledger.marks["georgia"].value = "C"
    sheet = AnswerSheet("02-the-ledger", [ledger], folder=tmp_path)
    sheet.pseudonym.value = "wren"
    path = sheet.save()
    assert read(path).answers["ledger"]["overlaps"] == {"missile-defence": "C", "georgia": "C"}
    fresh = LedgerExercise()
    other = AnswerSheet("02-the-ledger", [fresh], folder=tmp_path)
    other.pseudonym.value = "wren"
    assert other.load()
    assert fresh.marks["georgia"].value == "C" and fresh.marks["manas"].value == ""


def test_a_second_student_choosing_a_taken_pseudonym_is_refused_and_told_why(tmp_path):
    first = AnswerSheet("02-the-ledger", [LedgerExercise()], folder=tmp_path)
    first.pseudonym.value = "fox"
    first.save()
    second = AnswerSheet("02-the-ledger", [LedgerExercise()], folder=tmp_path, session=Session())  # another kernel
    second.pseudonym.value = "fox"
    assert second.save() is None
    assert "already exist" in second.status.value and "answer code" in second.status.value


def test_status_messages_escape_what_the_student_typed(tmp_path):
    sheet = AnswerSheet("02-the-ledger", [LedgerExercise()], folder=tmp_path)
    sheet.pseudonym.value = "<img src=x onerror=alert(1)>"
    assert sheet.save() is None
    assert "<img" not in sheet.status.value


def test_bets_cannot_be_saved_half_done_and_lock_once_saved(tmp_path):
    bets = BetsExercise()
    sheet = AnswerSheet("00-start-here", [bets], folder=tmp_path, lock_on_save=True)
    sheet.pseudonym.value = "owl"
    bets.answers_["wto-member"].value = "yes"
    assert sheet.save() is None and "Answer all six" in sheet.status.value
    for key, widget in bets.answers_.items():
        widget.value = "no"
        bets.confidence[key].value = 80
    bets.prior.value = 35
    path = sheet.save()
    saved = json.loads(path.read_text())
    assert saved["locked"] is True and saved["answers"]["bets"]["prior"] == 35
    assert all(w.disabled for w in bets.answers_.values()) and sheet.save_button.disabled
    # Locked reads as locked in words, not only as greyed-out buttons: the answer each bet holds, and why.
    assert "cannot change" in bets.locked_note.value
    assert all("Locked:</strong> your answer is <strong>no</strong>, 80 % sure" in line.value for line in bets.locked_answer.values())

    again = BetsExercise()
    reopened = AnswerSheet("00-start-here", [again], folder=tmp_path, lock_on_save=True)
    reopened.pseudonym.value = "owl"
    assert reopened.load()
    assert again.answers_["new-start-ratified"].value == "no" and again.confidence["wto-member"].value == 80
    assert all(w.disabled for w in again.answers_.values())


@pytest.mark.parametrize("exercise", [LedgerExercise, BetsExercise])
def test_every_control_has_a_visible_label(exercise):
    for control in exercise().inputs().values():
        assert control.description, control
