"""The answer sheet as a student meets it: the answer code shown once and asked for only from another session,
Save and Load acting on the exercise on screen after a cell is run again, hand-in, and bad input answered
with a message, never an exception."""

from __future__ import annotations

import re
import stat
from types import SimpleNamespace

import pytest

import reset_ledger.exercise as exercise_module
from reset_ledger.exercise import AnswerSheet
from reset_ledger.exercises.bets import BetsExercise
from reset_ledger.exercises.gamble import GambleExercise
from reset_ledger.exercises.hindsight import RevealExercise
from reset_ledger.exercises.ledger import LedgerExercise
from reset_ledger.exercises.verdict import VerdictExercise
from reset_ledger.answer_codes import Session
from reset_ledger.responses import HANDIN_ENV, read


def shown_code(sheet: AnswerSheet) -> str:
    found = re.search(r'<code class="reset-ledger-code"[^>]*>([A-Z0-9-]+)</code>', sheet.status.value)
    return found.group(1) if found else ""


def saved_ledger(tmp_path, pseudonym: str = "fox", worth: int = 3) -> tuple[AnswerSheet, str]:
    ledger = LedgerExercise()
    ledger.values["manas"].value = worth
    sheet = AnswerSheet("02-the-ledger", [ledger], folder=tmp_path, session=Session())
    sheet.pseudonym.value = pseudonym
    assert sheet.save()
    return sheet, shown_code(sheet)


def test_the_first_save_shows_the_code_once_and_never_asks_for_one(tmp_path):
    sheet, code = saved_ledger(tmp_path)
    assert sheet.code.layout.display == "none"  # a first save asks for nothing
    assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", code) and "Write it down now" in sheet.status.value
    assert sheet.save()
    assert shown_code(sheet) == "" and "Saved as fox" in sheet.status.value  # shown only once


def test_an_overwrite_from_another_session_is_refused_without_the_code_and_accepted_with_it(tmp_path):
    _, code = saved_ledger(tmp_path, worth=3)
    intruder = LedgerExercise()
    intruder.values["manas"].value = -5
    other = AnswerSheet("02-the-ledger", [intruder], folder=tmp_path, session=Session())  # another kernel
    other.pseudonym.value = "FOX"
    assert other.save() is None
    assert "answer code" in other.status.value and other.code.layout.display == ""  # the box appears when needed
    assert not other.load() and "answer code" in other.status.value
    other.code.value = "AAA-AAA"
    assert other.save() is None and "does not open" in other.status.value
    assert read(tmp_path / "02-the-ledger--fox.json").answers["ledger"]["scores"]["manas"]["value"] == 3

    other.code.value = code.lower()  # typed in lower case: still the code
    assert other.save()
    assert read(tmp_path / "02-the-ledger--fox.json").answers["ledger"]["scores"]["manas"]["value"] == -5


def test_locked_bets_stay_locked_with_the_code(tmp_path):
    bets = BetsExercise()
    for key, widget in bets.answers_.items():
        widget.value = "no"
    sheet = AnswerSheet("00-start-here", [bets], folder=tmp_path, lock_on_save=True, session=Session())
    sheet.pseudonym.value = "owl"
    assert sheet.save()
    code = shown_code(sheet)
    again = BetsExercise()
    other = AnswerSheet("00-start-here", [again], folder=tmp_path, lock_on_save=True, session=Session())
    other.pseudonym.value, other.code.value = "owl", code
    assert other.load() and other.save_button.disabled and all(w.disabled for w in again.answers_.values())


def test_a_broken_character_typed_in_a_reason_gets_a_message_not_an_exception(tmp_path):
    ledger = LedgerExercise()
    ledger.whys["manas"].value = "great \ud83d"
    sheet = AnswerSheet("02-the-ledger", [ledger], folder=tmp_path, session=Session())
    sheet.pseudonym.value = "fox"
    assert sheet.save() is None
    assert "broken character" in sheet.status.value and "manas" in sheet.status.value
    assert not list(tmp_path.glob("*.json"))


def test_a_save_says_what_is_still_to_do_and_a_finished_one_does_not(tmp_path):
    ledger = LedgerExercise()
    for item_id, worth in ledger.values.items():
        worth.value = 1
        ledger.whys[item_id].value = "because"
    ledger.keep["manas"].value = False
    ledger.touched.discard("value:manas")  # never moved, never confirmed at 0
    ledger.whys["georgia"].value = " "
    sheet = AnswerSheet("02-the-ledger", [ledger], folder=tmp_path, session=Session())
    sheet.pseudonym.value = "fox"
    assert sheet.save()
    manas = ledger.labels["manas"]
    assert f"Still to do: 1 item not scored ({manas}); 1 of {len(ledger.whys)} reasons empty. You can save again" in sheet.status.value
    ledger.values["manas"].value = 2
    ledger.whys["georgia"].value = "because"
    assert sheet.save() and "Still to do" not in sheet.status.value


def test_saved_as_reads_as_the_file_is_named(tmp_path):
    sheet, _ = saved_ledger(tmp_path, pseudonym=" OTTER7\u00a0")
    assert "Saved as otter7 in" in sheet.status.value and (tmp_path / "02-the-ledger--otter7.json").exists()


def test_the_save_message_names_the_folder_as_the_file_browser_shows_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sheet, _ = saved_ledger(tmp_path / "saved-answers")
    assert "Saved as fox in saved-answers/02-the-ledger--fox.json (see the file browser on the left)" in sheet.status.value


def test_a_folder_outside_the_file_browser_is_named_in_full_without_pointing_to_the_browser(tmp_path, monkeypatch):
    elsewhere = tmp_path / "class-folder"  # e.g. a teacher's folder set in RESET_LEDGER_RESPONSES
    (served := tmp_path / "served").mkdir()
    monkeypatch.chdir(served)
    sheet, _ = saved_ledger(elsewhere)
    assert f"Saved as fox in {elsewhere / '02-the-ledger--fox.json'}." in sheet.status.value
    assert "file browser" not in sheet.status.value


def test_a_folder_named_like_the_answer_file_makes_no_button_raise(tmp_path, monkeypatch):
    (tmp_path / "02-the-ledger--fox.json").mkdir()
    monkeypatch.setenv(HANDIN_ENV, str(tmp_path / "hand-in"))
    sheet = AnswerSheet("02-the-ledger", [LedgerExercise()], folder=tmp_path, session=Session())
    sheet.pseudonym.value = "fox"
    for press in (sheet.save, sheet.load, sheet.hand_in):
        assert not press()
        assert "is a folder" in sheet.status.value


def rerun_in_a_notebook(monkeypatch) -> dict:
    """A notebook's variables, as IPython keeps them, so the sheet can find an exercise whose cell was run again."""
    namespace: dict = {}
    monkeypatch.setattr(exercise_module, "get_ipython", lambda: SimpleNamespace(user_ns=namespace))
    return namespace


def test_after_an_exercise_cell_is_run_again_save_and_load_act_on_the_one_on_screen(tmp_path, monkeypatch):
    namespace = rerun_in_a_notebook(monkeypatch)
    namespace["ledger"] = LedgerExercise()
    sheet = AnswerSheet("02-the-ledger", [namespace["ledger"]], folder=tmp_path, session=Session())
    namespace["ledger"].values["manas"].value = 1
    namespace["ledger"] = on_screen = LedgerExercise()  # the student runs the ledger cell again and scores anew
    on_screen.values["manas"].value = 4
    on_screen.whys["manas"].value = "on screen"
    sheet.pseudonym.value = "fox"
    path = sheet.save()
    saved = read(path).answers["ledger"]["scores"]["manas"]
    assert saved["value"] == 4 and saved["why"] == "on screen"

    namespace["ledger"] = reloaded = LedgerExercise()  # run again once more, then Load
    assert sheet.load()
    assert reloaded.values["manas"].value == 4 and reloaded.whys["manas"].value == "on screen"


def test_an_exercise_run_again_shares_the_pseudonym_box_too(tmp_path, monkeypatch):
    namespace = rerun_in_a_notebook(monkeypatch)
    namespace["gamble"] = GambleExercise(tmp_path)
    sheet = AnswerSheet("05-the-gamble", [namespace["gamble"]], folder=tmp_path, session=Session())
    namespace["gamble"] = newer = GambleExercise(tmp_path)
    sheet.current()
    newer.pseudonym.value = "heron"
    assert sheet.pseudonym.value == "heron"


def test_hand_in_without_a_folder_explains_the_download_route(tmp_path, monkeypatch):
    monkeypatch.delenv(HANDIN_ENV, raising=False)
    sheet, _ = saved_ledger(tmp_path)
    assert sheet.hand_in() is None
    assert "right-click 02-the-ledger--fox.json" in sheet.status.value and "Download" in sheet.status.value
    assert (tmp_path / "02-the-ledger--fox.json").exists()


def test_hand_in_saves_then_copies_and_handing_in_again_replaces_only_your_own(tmp_path, monkeypatch):
    handin = tmp_path / "hand-in"
    handin.mkdir()
    monkeypatch.setenv(HANDIN_ENV, str(handin))
    sheet, _ = saved_ledger(tmp_path / "answers", worth=2)
    ledger = sheet.exercises["ledger"]
    ledger.values["manas"].value = 5  # changed after the last save: hand in saves first
    first = sheet.hand_in()
    assert first and "Handed in" in sheet.status.value
    assert read(first).answers["ledger"]["scores"]["manas"]["value"] == 5
    assert stat.S_IMODE(first.stat().st_mode) == 0o640
    other, _ = saved_ledger(tmp_path / "elsewhere", pseudonym="owl")
    assert other.hand_in()
    ledger.values["manas"].value = -1
    assert sheet.hand_in() == first
    assert sorted(p.name.split("--")[1] for p in handin.iterdir()) == ["fox", "owl"]
    assert read(first).answers["ledger"]["scores"]["manas"]["value"] == -1


@pytest.mark.parametrize("pseudonym", ["", "a/b", "<img src=x onerror=alert(1)>"])
def test_hand_in_with_a_bad_pseudonym_says_why(tmp_path, monkeypatch, pseudonym):
    monkeypatch.setenv(HANDIN_ENV, str(tmp_path))
    sheet = AnswerSheet("02-the-ledger", [LedgerExercise()], folder=tmp_path, session=Session())
    sheet.pseudonym.value = pseudonym
    assert sheet.hand_in() is None and "<img" not in sheet.status.value and "pseudonym" in sheet.status.value.lower()


CRAFTED = {
    "a list for the notebook": '{"schema": "reset-ledger/response", "schema_version": 2, "notebook": [], "pseudonym": "fox"}',
    "an empty object": "{}",
    "a 401-digit number": '{"schema_version": ' + "9" * 401 + "}",
    "a lone surrogate": '{"pseudonym": "\\ud83d"}',
    "NaN": '{"schema_version": NaN}',
    "an empty file": "",
    "a folder": None,
}


def craft(folder, notebook: str, content: str | None) -> None:
    path = folder / f"{notebook}--fox.json"
    if content is None:
        path.mkdir(parents=True)
    else:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", errors="surrogatepass")


# Every button that reads a student's own earlier file: the exercise it sits on, the button, the status line it
# answers in, and the notebook whose file it reads.
BUTTONS = {
    "Load my answers": (lambda folder: AnswerSheet("02-the-ledger", [LedgerExercise()], folder=folder, session=Session()),
                        "load_button", "status", "02-the-ledger"),
    "Use my ledger": (GambleExercise, "use_ledger", "source_status", "02-the-ledger"),
    "Fetch my bets": (RevealExercise, "fetch_button", "fetch_status", "00-start-here"),
    "Gather my numbers": (VerdictExercise, "gather_button", "gather_status", "02-the-ledger"),
}


@pytest.mark.parametrize("kind", list(CRAFTED))
@pytest.mark.parametrize("button", list(BUTTONS))
def test_a_crafted_file_as_the_students_own_gets_a_message_from_every_button(tmp_path, kind, button):
    make, press, status, notebook = BUTTONS[button]
    craft(tmp_path, notebook, CRAFTED[kind])
    exercise = make(tmp_path)
    exercise.pseudonym.value = "fox"
    getattr(exercise, press).click()  # never raises
    shown = getattr(exercise, status).value
    assert f"{notebook}--fox.json" in shown and "⚠" in shown, shown
