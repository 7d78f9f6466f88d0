"""The saved-answers store: atomic, never overwrites another student, refuses hostile names and files,
checks every file against its JSON Schema on saving and on reading, and never raises on a bad file."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

import reset_ledger.answers  # noqa: F401  (registers the answer formats)
from reset_ledger.answer_codes import Session, code_opens, new_code
from reset_ledger.responses import (
    MAX_BYTES,
    STALE_SECONDS,
    FORMATS,
    CodeNeeded,
    Response,
    ResponseError,
    check_pseudonym,
    checker,
    file_name,
    hand_in,
    load_folder,
    load_mine,
    read,
    responses_folder,
    save,
)


def ledger_answers(value: int = 2, why: str = "because") -> dict:
    return {"ledger": {"scores": {"manas": {"value": value, "certainty": "delivered", "why": why}}, "overlaps": {}}}


def response(pseudonym: str = "fox", **kwargs) -> Response:
    return Response("02-the-ledger", pseudonym, ledger_answers(**kwargs))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "Type a pseudonym"),
        ("   ", "Type a pseudonym"),
        ("../../etc/passwd", "'/'"),
        ("..", "'..'"),
        ("a\\b", "'\\'"),
        (".hidden", "start with a dot"),
        ("fox\x00", "control"),
        ("fox\nbear", "control"),
        ("fox\u200bbear", "control or invisible"),
        ("x" * 33, "33 characters"),
        ("Zoë", "letters A–Z"),
        ("fox--0123", "'--'"),
        ("fox\u2028bear", "control or invisible"),
        ("fox bear", "letters A–Z"),
        ("<script>", "letters A–Z"),
    ],
)
def test_hostile_pseudonyms_are_refused_with_a_reason(name, reason):
    with pytest.raises(ResponseError, match=None) as caught:
        check_pseudonym(name)
    assert reason in str(caught.value)


@pytest.mark.parametrize("typed", ["fox", "Fox", "FOX", " fox", "fox\u00a0", "fox\n", "\uff46\uff4f\uff58"])
def test_one_name_however_it_is_typed(typed):
    assert check_pseudonym(typed) == "fox"
    assert file_name("02-the-ledger", typed) == "02-the-ledger--fox.json"


def test_default_folder_is_beside_the_notebooks_and_the_environment_overrides_it(monkeypatch, tmp_path):
    monkeypatch.delenv("RESET_LEDGER_RESPONSES", raising=False)
    assert responses_folder().name == "saved-answers" and responses_folder().parent.name == "notebooks"
    monkeypatch.setenv("RESET_LEDGER_RESPONSES", str(tmp_path))
    assert responses_folder() == tmp_path



def test_save_then_read_back_keeps_student_text_as_given(tmp_path):
    hostile = '<script>alert("x")</script> & “quotes” — fine'
    path = save(response(why=hostile), tmp_path, Session())
    back = read(path)
    assert back.answers["ledger"]["scores"]["manas"]["why"] == hostile
    assert back.saved_at and not back.locked
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".saving-")]


def test_the_first_save_gives_a_code_once_and_the_file_keeps_only_its_salted_hash(tmp_path):
    session = Session()
    path = save(response(), tmp_path, session)
    code = session.new_code(tmp_path, "fox")
    assert code and len(code) == 7 and code[3] == "-" and session.new_code(tmp_path, "fox") is None
    stored = path.read_text()
    assert code not in stored and code.replace("-", "") not in stored
    assert read(path).code_hash.startswith("scrypt$") and code_opens(read(path).code_hash, code.lower().replace("-", " "))
    assert not code_opens(read(path).code_hash, "") and not code_opens(read(path).code_hash, new_code())


def test_another_session_needs_the_code_to_load_or_replace(tmp_path):
    mine = Session()
    save(response(value=4), tmp_path, mine)
    code = mine.new_code(tmp_path, "fox")
    save(response(value=3), tmp_path, mine)  # the session that saved needs nothing more
    other = Session()
    with pytest.raises(CodeNeeded, match="answer code"):
        save(response("FOX", value=-5), tmp_path, other)
    with pytest.raises(CodeNeeded, match="answer code"):
        load_mine("02-the-ledger", "fox", tmp_path, other)
    with pytest.raises(CodeNeeded, match="does not open"):
        load_mine("02-the-ledger", "fox", tmp_path, other, code="AAA-AAA")
    assert read(tmp_path / "02-the-ledger--fox.json").answers["ledger"]["scores"]["manas"]["value"] == 3
    assert load_mine("02-the-ledger", "fox", tmp_path, other, code=code).answers["ledger"]["scores"]["manas"]["value"] == 3
    save(response(value=1), tmp_path, other)  # once the code is given, the session holds it
    assert load_mine("02-the-ledger", "fox", tmp_path, mine).answers["ledger"]["scores"]["manas"]["value"] == 1


def test_a_new_notebook_under_a_taken_pseudonym_needs_its_code_too(tmp_path):
    mine = Session()
    save(response(), tmp_path, mine)
    bets = {"bets": {"forecasts": {}, "prior": 40, "prior_why": ""}}
    with pytest.raises(CodeNeeded):
        save(Response("00-start-here", "fox", bets), tmp_path, Session())
    path = save(Response("00-start-here", "fox", bets), tmp_path, mine)
    assert read(path).code_hash == read(tmp_path / "02-the-ledger--fox.json").code_hash  # one code per pseudonym


def test_locked_answers_cannot_be_replaced_even_with_the_code(tmp_path):
    session = Session()
    bets = {"bets": {"forecasts": {"wto-member": {"answer": "yes", "confidence": 70}}, "prior": 40, "prior_why": ""}}
    save(Response("00-start-here", "fox", bets, locked=True), tmp_path, session)
    code = session.new_code(tmp_path, "fox")
    for who, given in ((session, ""), (Session(), code)):
        with pytest.raises(ResponseError, match="locked"):
            save(Response("00-start-here", "fox", bets), tmp_path, who, given)


def test_out_of_range_answers_are_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ResponseError, match="outside the allowed range -5 to 5"):
        save(response(value=9), tmp_path / "answers", Session())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        (ledger_answers(why="half an emoji \ud83d"), "broken character"),
        (ledger_answers(value=10**400), "a number of 401 digits is outside the allowed range"),
        (ledger_answers(value=float("nan")), "NaN is not a whole number"),
        ({"ledger": []}, "expected a set of named fields, found a list"),
        ({}, "lacks the field(s) ledger"),
        ({"ledger": {"scores": {"nowhere": {"value": 1, "certainty": "delivered", "why": ""}}, "overlaps": {}}}, "unknown id 'nowhere'"),
        ({"ledger": {"scores": {}, "overlaps": {}, "extra": 1}}, "unknown field(s) 'extra'"),
    ],
)
def test_malformed_answers_are_refused_on_saving_with_a_reason_never_an_exception(tmp_path, answers, reason):
    with pytest.raises(ResponseError) as refused:
        save(Response("02-the-ledger", "fox", answers), tmp_path, Session())
    assert reason in str(refused.value)
    assert not list(tmp_path.glob("*.json"))


@pytest.mark.parametrize(
    "answers",
    [ledger_answers(), ledger_answers(value=-5), ledger_answers(why="half an emoji \ud83d"), ledger_answers(value=10**400),
     ledger_answers(value=True), ledger_answers(value=2.0), {"ledger": []}, {}, {"ledger": {"scores": {}, "overlaps": {}, "extra": 1}}],
)
def test_the_fast_compiled_check_and_the_precise_one_agree(answers):
    check = checker(FORMATS["02-the-ledger"]())
    assert check.is_valid(answers) == check.precise.is_valid(answers)


def test_the_size_limit_is_checked_on_the_bytes_a_save_would_write(tmp_path):
    # Every answer within its 4,000 characters, but 4-byte characters make the file larger than 256 KB.
    long = "😀" * 4000
    verdict = {"posterior": 50, "strength": "", "unless": long, "claim": long, "evidence": [], "evidence_why": {},
               "reasoning": long, "own_lens": "", "rebuttal_lens": "", "rebuttal": long, "reply": long, "change_why": long}
    items = reset_ledger.answers.load("ledger_items")["item_id"]
    verdict["evidence_why"] = {f"item:{item}": long for item in items}
    answers = {"verdict": verdict, "transfer": {"deal": "", "own_deal": "", "lines": [], "verdict": long}}
    with pytest.raises(ResponseError, match="at most 256 KB"):
        save(Response("07-your-verdict", "fox", answers), tmp_path, Session())
    assert not list(tmp_path.glob("*.json"))


def test_two_students_racing_for_one_pseudonym_leave_one_complete_file(tmp_path):
    for round_ in range(20):
        folder = tmp_path / str(round_)
        barrier, outcomes = threading.Barrier(2), []

        def attempt(value: int) -> None:
            barrier.wait()
            try:
                save(response("racer", value=value), folder, Session())
                outcomes.append(("saved", value))
            except ResponseError:
                outcomes.append(("refused", value))

        threads = [threading.Thread(target=attempt, args=(v,)) for v in (3, -3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        saved = [v for kind, v in outcomes if kind == "saved"]
        assert len(saved) == 1, outcomes
        assert read(folder / "02-the-ledger--racer.json").answers["ledger"]["scores"]["manas"]["value"] == saved[0]
        assert [p.name for p in folder.iterdir()] == ["02-the-ledger--racer.json"]


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_an_empty_file_left_by_a_save_that_died_does_not_block_the_pseudonym(tmp_path):
    claimed = tmp_path / "02-the-ledger--fox.json"
    claimed.touch()
    age(claimed, STALE_SECONDS + 5)
    assert "is empty" in dict(load_folder(tmp_path).problems)[claimed.name]
    save(response(value=2), tmp_path, Session())
    assert read(claimed).answers["ledger"]["scores"]["manas"]["value"] == 2


def test_stale_temporary_files_are_removed_and_fresh_ones_left_alone(tmp_path):
    stale, fresh = tmp_path / ".saving-old.json", tmp_path / ".saving-new.json"
    stale.write_text("{half")
    fresh.write_text("{half")
    age(stale, STALE_SECONDS + 5)
    save(response(), tmp_path, Session())
    assert not stale.exists() and fresh.exists()
    assert load_folder(tmp_path).problems == []


def test_a_folder_named_like_an_answer_file_is_refused_never_raised(tmp_path):
    (tmp_path / "02-the-ledger--fox.json").mkdir()
    assert dict(load_folder(tmp_path).problems) == {"02-the-ledger--fox.json": "is a folder, not an answer file"}
    with pytest.raises(ResponseError, match="is a folder"):
        load_mine("02-the-ledger", "fox", tmp_path, Session())
    with pytest.raises(ResponseError, match="is a folder"):
        save(response(), tmp_path, Session())


def test_a_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "02-the-ledger--pipe.json")
    assert dict(load_folder(tmp_path).problems) == {"02-the-ledger--pipe.json": "is not a plain file"}


def write(folder: Path, name: str, content: str | bytes) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode())


def valid_json(pseudonym: str = "owl", **changes) -> str:
    data = json.loads(Response("02-the-ledger", pseudonym, ledger_answers(), saved_at="2026-01-01T00:00:00+00:00",
                               code_hash="scrypt$" + "0" * 32 + "$" + "0" * 64).to_json()) | changes
    return json.dumps(data)


MALFORMED = {
    "bad": ("{not json", "not valid JSON"),
    "old": (valid_json("old", schema_version=1), "schema version 1"),
    "half": (json.dumps({"schema": "reset-ledger/response", "schema_version": 2, "notebook": "02-the-ledger"}), "lacks the field(s)"),
    "big": (b" " * (MAX_BYTES + 1), "at most 256 KB"),
    "nan": (valid_json("nan").replace('"value": 2', '"value": NaN'), "NaN is not allowed"),
    "inf": (valid_json("inf").replace('"value": 2', '"value": 1e999'), "too large"),
    "digits": (valid_json("digits").replace('"value": 2', '"value": ' + "9" * 401), "401 digits"),
    "deep": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "range": (valid_json("range").replace('"value": 2', '"value": 99'), "outside the allowed range"),
    "renamed": (valid_json("someone"), "holds the answers of 'someone'"),
    "list-notebook": (valid_json("list-notebook", notebook=[]), "notebook: [] is not a notebook of this collection"),
    "empty-object": ("{}", "lacks the field(s) schema, schema_version"),
    "array": ("[1, 2]", "expected a set of named fields, found a list"),
    "null": ("null", "expected a set of named fields, found nothing"),
    "number": ("3", "expected a set of named fields, found a number"),
    "surrogate": (valid_json("surrogate").replace('"because"', '"\\ud83d"'), "broken character"),
    "latin1": (valid_json("latin1").replace("because", "caf\u00e9").encode("cp1252"), "not UTF-8"),
    "answers-list": (valid_json("answers-list", answers=[]), "answers: expected a set of named fields"),
    "upper": (valid_json("UPPER"), "not a pseudonym as stored"),
    "spaces": (valid_json(" spaces"), "not a pseudonym as stored"),
    "extra": (valid_json("extra", extra=1), "unknown field(s) 'extra'"),
    "locked-text": (valid_json("locked-text", locked="yes"), "locked: expected true or false, found text"),
    "no-code": (valid_json("no-code", code_hash="1234"), "code_hash: '1234' is not in the expected form"),
}


def test_loading_a_folder_returns_every_valid_file_and_a_reason_for_each_other(tmp_path):
    save(response("fox"), tmp_path, Session())
    save(response("owl", value=-2), tmp_path, Session())
    for name, (content, _) in MALFORMED.items():
        write(tmp_path, f"02-the-ledger--{name}.json", content)
    write(tmp_path, "notes.txt", "hello")
    outside = tmp_path.parent / "outside.json"
    outside.write_text(valid_json("sneaky"))
    os.symlink(outside, tmp_path / "02-the-ledger--sneaky.json")

    loaded = load_folder(tmp_path)
    assert sorted(r.pseudonym for r in loaded.responses) == ["fox", "owl"]
    reasons = dict(loaded.problems)
    for name, (_, reason) in MALFORMED.items():
        assert reason in reasons[f"02-the-ledger--{name}.json"], (name, reasons[f"02-the-ledger--{name}.json"])
        assert len(reasons[f"02-the-ledger--{name}.json"]) < 600
    assert "not a .json response file" in reasons["notes.txt"]
    assert "symbolic link" in reasons["02-the-ledger--sneaky.json"]
    assert loaded.report().count("\n") == len(loaded.problems) - 1


def test_a_file_rewritten_while_being_read_is_judged_on_the_bytes_read(tmp_path, monkeypatch):
    path = tmp_path / "02-the-ledger--fox.json"
    path.write_text(valid_json("fox"))
    real_open = os.open

    def grow_then_open(target, *args, **kwargs):  # the file grows past the limit after any size check was made
        if str(target) == str(path):
            path.write_bytes(b" " * (MAX_BYTES * 2) + path.read_bytes())
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(os, "open", grow_then_open)
    with pytest.raises(ResponseError, match="at most 256 KB"):
        read(path)


def test_loading_one_notebook_ignores_the_others(tmp_path):
    session = Session()
    save(response("fox"), tmp_path, session)
    bets = {"bets": {"forecasts": {}, "prior": 40, "prior_why": ""}}
    save(Response("00-start-here", "fox", bets), tmp_path, session)
    assert [r.notebook for r in load_folder(tmp_path, "00-start-here").responses] == ["00-start-here"]


def test_a_missing_folder_is_reported_not_raised(tmp_path):
    loaded = load_folder(tmp_path / "nowhere")
    assert loaded.responses == [] and "is not a folder" in loaded.report()


def test_a_students_own_broken_file_says_what_is_wrong(tmp_path):
    write(tmp_path, "02-the-ledger--fox.json", "{oops")
    with pytest.raises(ResponseError, match="02-the-ledger--fox.json is not valid JSON"):
        load_mine("02-the-ledger", "fox", tmp_path)
    assert load_mine("02-the-ledger", "nobody", tmp_path) is None


def test_hand_in_copies_the_file_under_a_name_only_its_owner_can_work_out(tmp_path):
    answers, handin, session = tmp_path / "answers", tmp_path / "hand-in", Session()
    handin.mkdir()
    save(response(value=4), answers, session)
    first = hand_in("02-the-ledger", "fox", answers, handin, session)
    assert first.name.startswith("02-the-ledger--fox--") and len(first.name) == len("02-the-ledger--fox--") + 16 + 5
    assert stat.S_IMODE(first.stat().st_mode) == 0o640
    save(response(value=-1), answers, session)
    again = hand_in("02-the-ledger", "fox", answers, handin, session)
    assert again == first and [p.name for p in handin.iterdir()] == [first.name]  # replaced, not added
    assert read(again).answers["ledger"]["scores"]["manas"]["value"] == -1
    with pytest.raises(CodeNeeded):
        hand_in("02-the-ledger", "fox", answers, handin, Session())
    save(response("owl"), answers, Session())
    with pytest.raises(ResponseError, match="Save your answers first"):
        hand_in("00-start-here", "fox", answers, handin, session)


def test_the_class_view_takes_each_students_latest_hand_in_and_refuses_two_students_under_one_name(tmp_path):
    handin = tmp_path / "hand-in"
    handin.mkdir()
    for folder, value in ((tmp_path / "laptop", 1), (tmp_path / "other-laptop", 5)):
        session = Session()
        save(response("fox", value=value), folder, session)
        hand_in("02-the-ledger", "fox", folder, handin, session)
    session = Session()
    save(response("owl", value=2), tmp_path / "laptop", session)
    hand_in("02-the-ledger", "owl", tmp_path / "laptop", handin, session)
    (handin / "02-the-ledger--owl.json").write_bytes(next(handin.glob("02-the-ledger--owl--*")).read_bytes())
    loaded = load_folder(handin)
    assert [r.pseudonym for r in loaded.responses] == ["owl"] and loaded.superseded == 1
    assert all("two students handed in answers to 02-the-ledger as 'fox'" in reason for _, reason in loaded.problems)
    assert len(loaded.problems) == 2
