"""Notebook 06's exercises, driven the way a student drives them: judge the decision, fetch the bets, write, reveal,
sort what happened, compare, save and load."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest
from conftest import displayed_charts, set_cell

from reset_ledger import data
from reset_ledger.answers import problems, spec_for
from reset_ledger.exercise import AnswerSheet
from reset_ledger.exercises.bets import BetsExercise
from reset_ledger.exercises.gamble import GambleExercise
from reset_ledger.exercises.hindsight import JudgementExercise, OutcomesExercise, RevealExercise
from reset_ledger.hindsight import CLASS_ENV
from reset_ledger.rendering import HANDOUT_ENV
from reset_ledger.responses import Response, read, save

# new-start yes 80, wto no 60, s300 yes 50, troops no 90, khodorkovsky yes 70, manas yes 100:
# squared errors 0.04, 0.36, 0.25, 0.01, 0.49, 0 → Brier 1.15 / 6 = 0.192 (see test_hindsight.py).
BETS = {
    "new-start-ratified": ("yes", 80), "wto-member": ("no", 60), "s300-halted": ("yes", 50),
    "troops-leave-georgia": ("no", 90), "khodorkovsky-acquitted": ("yes", 70), "manas-2013": ("yes", 100),
}
WRITTEN = "I think my bet was right then"


def html(out) -> str:
    return "\n".join(o["data"].get("text/html", "") for o in out.outputs)


def save_bets(folder: Path, pseudonym: str, bets: dict[str, tuple[str, int]] = BETS) -> None:
    """Notebook 00's way: answer all six and save, which locks them."""
    exercise = BetsExercise()
    for forecast, (answer, confidence) in bets.items():
        exercise.answers_[forecast].value = answer
        exercise.confidence[forecast].value = confidence
    sheet = AnswerSheet("00-start-here", [exercise], folder=folder, lock_on_save=True)
    sheet.pseudonym.value = pseudonym
    assert sheet.save()


def reveal_all(reveal: RevealExercise) -> None:
    for forecast in reveal.ids:
        reveal.gap[forecast].value = WRITTEN
        reveal.reveal_button[forecast].click()


def test_a_reveal_stays_locked_until_a_sentence_is_written(tmp_path):
    reveal = RevealExercise(tmp_path)
    forecast = "new-start-ratified"
    assert reveal.reveal_button[forecast].disabled
    reveal.gap[forecast].value = "it was ratified"
    assert reveal.reveal_button[forecast].disabled and "at least 5 words" in reveal.reveal_hint[forecast].value
    reveal.reveal(forecast)  # pressing anyway opens nothing
    assert reveal.reveal_out[forecast].outputs == ()
    reveal.gap[forecast].value = "I think the Senate ratified it"
    assert not reveal.reveal_button[forecast].disabled
    reveal.reveal_button[forecast].click()
    shown = html(reveal.reveal_out[forecast])
    assert "What happened: yes" in shown and "settled on 22 Dec 2010" in shown
    assert "5 Feb 2011: New START enters into force" in shown
    assert reveal.gap[forecast].disabled and reveal.answer[forecast].disabled and reveal.reveal_button[forecast].disabled
    assert "1 of 6 reveals open" in html(reveal.result_out)


def test_the_reveal_shows_what_data_says(tmp_path, data_copy, monkeypatch):
    set_cell(data_copy / "forecasts.csv", 2, "resolved_on", "2010-12-23")
    monkeypatch.setattr("reset_ledger.exercises.hindsight.load", lambda name: data.load(name, data_copy))
    reveal = RevealExercise(tmp_path)
    reveal.gap["new-start-ratified"].value = WRITTEN
    reveal.reveal_button["new-start-ratified"].click()
    assert "settled on 23 Dec 2010" in html(reveal.reveal_out["new-start-ratified"])


def test_bets_from_00_are_fetched_locked_revealed_and_scored(tmp_path):
    save_bets(tmp_path, "owl")
    reveal = RevealExercise(tmp_path)
    reveal.pseudonym.value = "OWL"
    assert reveal.fetch()
    assert "Your bets from notebook 00, saved as owl" in reveal.fetch_status.value and "locked" in reveal.fetch_status.value
    assert reveal.answer["wto-member"].value == "no" and reveal.confidence["wto-member"].value == 60
    assert all(w.disabled for w in reveal.answer.values())
    assert "from notebook 00" in reveal.tag["manas-2013"].value
    reveal.gap["wto-member"].value = WRITTEN
    reveal.reveal_button["wto-member"].click()
    assert "(0.40 − 1)² = 0.3600" in html(reveal.reveal_out["wto-member"])
    assert "Open all 6 reveals to see your score (1 open so far)" in html(reveal.score_out)
    reveal_all(reveal)
    shown = html(reveal.score_out)
    assert "Your Brier score is 0.192, better than a coin toss (0.250)" in shown
    (chart,) = displayed_charts(reveal.score_out)
    assert chart["title"]["text"] == "Your Brier score: 0.192 (a coin toss: 0.250)"
    assert "hindsight" not in shown


def test_without_bets_from_00_a_student_can_bet_with_hindsight_and_is_told(tmp_path):
    reveal = RevealExercise(tmp_path)
    reveal.pseudonym.value = "newcomer"
    assert not reveal.fetch()
    assert "No bets saved as newcomer" in reveal.fetch_status.value
    assert "no bet" in reveal.tag["wto-member"].value
    reveal.answer["wto-member"].value = "yes"
    reveal.confidence["wto-member"].value = 90
    assert "made with hindsight" in reveal.tag["wto-member"].value
    assert reveal.source() == "hindsight"
    reveal_all(reveal)
    assert reveal.answer["wto-member"].disabled  # a bet cannot change once its answer is out
    shown = html(reveal.score_out)
    # One bet: yes, 90 % sure, and it happened: (0.9 − 1)² = 0.01.
    assert "Your Brier score is 0.010" in shown and "made with hindsight" in shown and "Scored over the 1 forecasts" in shown
    assert "You made no bet on this one" in html(reveal.reveal_out["manas-2013"])


def test_no_bets_at_all_still_reveals_everything(tmp_path):
    reveal = RevealExercise(tmp_path)
    reveal_all(reveal)
    assert "nothing to score" in html(reveal.score_out)
    assert "results" not in reveal.answers()


@pytest.mark.parametrize(("students", "expected"), [(5, "Class mean Brier score: 0.192, over 5 students. Yours: 0.192."), (4, "shown only for 5 or more")])
def test_the_class_mean_needs_five_students(tmp_path, monkeypatch, students, expected):
    classroom = tmp_path / "class"
    for i in range(students):
        save_bets(classroom, f"student{i}")
    (classroom / "notes.txt").write_text("not an answer")
    monkeypatch.setenv(CLASS_ENV, str(classroom))
    save_bets(tmp_path, "owl")
    reveal = RevealExercise(tmp_path)
    assert reveal.class_path.value == str(classroom)
    reveal.pseudonym.value = "owl"
    reveal.fetch()
    reveal_all(reveal)
    reveal.class_button.click()
    shown = html(reveal.class_out)
    assert expected in shown and "1 file(s) could not be read" in shown


@pytest.mark.parametrize(("path", "message"), [("", "Type the folder"), ("/no/such/folder", "is not a folder")])
def test_a_missing_class_folder_is_explained(tmp_path, monkeypatch, path, message):
    monkeypatch.delenv(CLASS_ENV, raising=False)
    reveal = RevealExercise(tmp_path)
    reveal.class_path.value = path
    reveal.class_button.click()
    assert message in html(reveal.class_out)


def notebook(folder: Path) -> tuple[RevealExercise, OutcomesExercise, JudgementExercise, AnswerSheet]:
    """Notebook 06's exercises wired as its cells wire them."""
    reveal = RevealExercise(folder)
    judgement = JudgementExercise(reveal, folder)
    sort = OutcomesExercise(reveal)
    return reveal, sort, judgement, AnswerSheet("06-hindsight", [reveal, sort, judgement], folder=folder)


def test_save_and_load_keep_the_reveals_the_sort_and_their_locks(tmp_path):
    save_bets(tmp_path, "owl")
    reveal, sort, judgement, sheet = notebook(tmp_path)
    reveal.pseudonym.value = "owl"
    assert sheet.pseudonym.value == "owl"
    judgement.decision.value = 70
    judgement.decision_why.value = "New START was within reach; nobody knew who would lead Russia next"
    reveal.fetch()
    reveal_all(reveal)
    sort.placed["crimea"].value = "against"
    sort.placed["libya-abstention"].value = "unsure"
    judgement.future.value = "reversion"
    judgement.outcome.value = 20
    judgement.posterior.value = 35
    judgement.why.value = "<b>good bet, bad luck</b>"
    path = sheet.save()
    saved = read(path).answers
    assert problems(spec_for("06-hindsight"), saved) == []
    assert saved["hindsight"]["bets_source"] == "00-start-here"
    assert saved["hindsight"]["results"] == {"brier": 0.1917, "baseline": 0.25, "scored": 6}
    assert saved["outcomes"] == {"placed": {"crimea": "against", "libya-abstention": "unsure"}, "hardest": ""}
    assert saved["judgement"] == {
        "future": "reversion", "future_why": "", "decision": 70,
        "decision_why": "New START was within reach; nobody knew who would lead Russia next", "decision_made": "before-reveals",
        "outcome": 20, "why": "<b>good bet, bad luck</b>", "posterior": 35, "posterior_why": "",
    }

    again, sort_again, judged_again, other = notebook(tmp_path)
    other.pseudonym.value = "owl"
    assert other.load()
    assert again.revealed == set(again.ids) and all(w.disabled for w in again.gap.values())
    assert all(w.disabled for w in again.answer.values())
    assert "What happened: no" in html(again.reveal_out["khodorkovsky-acquitted"])
    assert "0.192" in html(again.score_out)
    assert sort_again.placed["crimea"].value == "against" and sort_again.placed["manas"].value is None
    assert judged_again.decision.value == 70 and judged_again.decision.disabled  # still fixed before hindsight


def test_the_decision_as_it_looked_then_is_fixed_by_the_first_reveal(tmp_path):
    reveal, _, judgement, _ = notebook(tmp_path)
    judgement.decision_view()
    assert "fixed when you open your first reveal" in judgement.decision_status.value
    judgement.decision.value = 65
    reveal.gap["wto-member"].value = WRITTEN
    reveal.reveal_button["wto-member"].click()
    assert judgement.decision.disabled and judgement.decision_why.disabled
    assert "your judgement before hindsight" in judgement.decision_status.value
    assert judgement.answers()["decision_made"] == "before-reveals"


def test_a_decision_judged_after_a_reveal_is_marked_as_made_with_hindsight(tmp_path):
    reveal, _, judgement, _ = notebook(tmp_path)
    reveal.gap["wto-member"].value = WRITTEN
    reveal.reveal_button["wto-member"].click()
    assert not judgement.decision.disabled and "made with hindsight" in judgement.decision_status.value
    judgement.decision.value = 40
    judgement.outcome.value = 40
    assert "The decision as it looked then: 40 (made with hindsight)" in html(judgement.result_out)
    assert judgement.answers()["decision_made"] == "after-reveals"


def test_load_after_comparing_a_future_saved_without_one_reopens_cleanly(tmp_path):
    """Issue 14 §6: Save before choosing a future, choose one, Compare, then Load raised KeyError: None."""
    reveal, _, judgement, sheet = notebook(tmp_path)
    sheet.pseudonym.value = "owl"
    judgement.decision.value = 60
    judgement.outcome.value = 30
    sheet.save_button.click()
    assert "Saved as owl" in sheet.status.value
    judgement.future.value = "partial"
    judgement.compare_button.click()
    assert "had 34 %" in html(judgement.compare_out)
    sheet.load_button.click()
    assert "Loaded the answers saved as owl" in sheet.status.value
    assert judgement.future.value is None and judgement.compare_out.outputs == ()
    assert judgement.compare_button.disabled and "choose the future" in judgement.compare_hint.value


def test_a_file_saved_before_the_sort_and_the_decision_reason_still_loads(tmp_path):
    old = {
        "hindsight": {"bets_source": "none", "bets": {}, "gaps": {}, "revealed": []},
        "judgement": {"future_why": "", "decision": 55, "outcome": 45, "why": "", "posterior": 50, "posterior_why": ""},
    }
    assert problems(spec_for("06-hindsight"), old) == []
    save(Response("06-hindsight", "owl", old), tmp_path)
    _, sort, judgement, sheet = notebook(tmp_path)
    sheet.pseudonym.value = "owl"
    assert sheet.load()
    assert judgement.decision.value == 55 and judgement.decision_why.value == ""
    assert all(w.value is None for w in sort.placed.values())


def test_outcomes_are_sorted_before_our_reading_opens(tmp_path):
    reveal, sort, _, _ = notebook(tmp_path)
    assert "opens once all 6 reveals above are open" in html(sort.gated)
    reveal_all(reveal)
    assert html(sort.gated) == ""  # the cards are a widget now, not a note
    assert sort.compare_button.disabled and "Place every outcome" in sort.compare_hint.value
    ours = sort.ours
    for outcome, toggle in sort.placed.items():
        toggle.value = ours[outcome] if outcome != "manas" else "unsure"
    assert f"{len(ours)} of {len(ours)} outcomes placed" in html(sort.result_out)
    sort.compare_button.click()
    shown = html(sort.compare_out)
    assert f"You placed {len(ours) - 1} of {len(ours)} outcomes where our reading does" in shown
    assert "a judgement, not an answer key" in shown
    assert "Your reading: can&#x27;t tell · Our reading: <strong>mixed</strong>" in shown
    assert "The other side: It tips with the horizon" in shown and "https://www.reuters.com/" in shown


def test_the_sort_cards_name_the_stake_the_events_and_their_sources(tmp_path):
    reveal, sort, _, _ = notebook(tmp_path)
    card = sort.cards()
    text = "".join(c.value for c in card.children if isinstance(c, widgets.HTML))
    assert "What the US gave" in text and "What the reset was hoped to bring" in text
    crimea = next(w for w in card.children if hasattr(w, "children") and sort.placed["crimea"] in w.children)
    shown = crimea.children[0].value
    assert "18 Mar 2014: Russia annexes Crimea" in shown and "At stake (the article's claim, in our words)" in shown
    assert "Our reading" not in shown and "went against it" not in shown  # no verdict before the student's own


def test_judging_a_decision_by_its_outcome_is_compared_with_the_chances_in_05(tmp_path):
    gamble = GambleExercise(tmp_path)
    gamble.chances["reversion"].value = 20
    sheet = AnswerSheet("05-the-gamble", [gamble], folder=tmp_path)
    sheet.pseudonym.value = "owl"
    sheet.save()
    reveal = RevealExercise(tmp_path)
    judgement = JudgementExercise(reveal, tmp_path)
    reveal.pseudonym.value = "owl"
    judgement.future.value = "reversion"
    assert judgement.compare_button.disabled
    judgement.decision.value = 80
    judgement.outcome.value = 30
    assert "You rate the decision 50 points above its outcome" in html(judgement.result_out)
    judgement.compare_button.click()
    shown = html(judgement.compare_out)
    assert "In notebook 05 you gave &#x27;Russia reverts to confrontation&#x27; a chance of 20 %." in shown
    assert "comes about in about 20 of 100 futures" in shown
    assert "Outcome bias in decision evaluation" in shown and "Thinking in Bets" in shown
    assert "wrong" not in shown.lower()


def test_without_answers_from_05_the_starting_chances_are_used(tmp_path):
    reveal = RevealExercise(tmp_path)
    judgement = JudgementExercise(reveal, tmp_path)
    judgement.future.value = "partial"
    judgement.decision.value = 60
    judgement.outcome.value = 60
    judgement.compare_button.click()
    shown = html(judgement.compare_out)
    assert "No answers from notebook 05" in shown and "had 34 %" in shown


def test_every_control_has_a_visible_label(tmp_path):
    reveal, sort, judgement, _ = notebook(tmp_path)
    for control in [*reveal.inputs().values(), reveal.pseudonym, reveal.class_path, *sort.inputs().values(), sort.hardest,
                    *judgement.inputs().values(), judgement.why, judgement.decision_why]:
        assert control.description, control


def test_handouts_warn_of_spoilers_and_keep_the_answers_last(tmp_path, monkeypatch):
    monkeypatch.setenv(HANDOUT_ENV, "1")
    reveal = RevealExercise(tmp_path)
    items = reveal.handout()
    assert "keep them covered until you are done" in items[0].data
    worksheet, answers = items[1].to_html(), items[2].data  # the answers stay on screen, off paper
    assert "Worksheet" in worksheet and "settled on" not in worksheet
    assert "settled on 22 Dec 2010" in answers and "5 Feb 2011: New START enters into force" in answers
    assert "coin toss" in reveal.score_view().data and "teacher" in reveal.class_view().data
    judgement = JudgementExercise(reveal, tmp_path)
    assert "good decision or good outcome" in judgement.handout()[0].to_html()
    assert "the decision as it looked then (answer before you read on)" in judgement.decision_view().to_html()
    assert "Worksheet: your opinion now" in judgement.opinion_view().to_html()
    sheet, warning, ours = OutcomesExercise(reveal).handout()
    assert "Worksheet" in sheet.to_html() and "went against it" not in sheet.to_html()
    assert "not an answer key" in warning.data and "went against it" in ours.data


def test_what_happened_after_the_article_stays_closed_until_the_last_reveal(tmp_path, monkeypatch):
    reveal = RevealExercise(tmp_path)
    assert "opens once all 6 reveals above are open" in html(reveal.timeline_out) and displayed_charts(reveal.timeline_out) == []
    reveal_all(reveal)
    (timeline,) = displayed_charts(reveal.timeline_out)
    assert timeline["title"]["text"] == "US–Russia relations after the article"
    assert "every event and its sources" in html(reveal.timeline_out)
    monkeypatch.setenv(HANDOUT_ENV, "1")
    assert len(reveal.timeline_view().items) == 2
