"""The saved-answers store: atomic, never overwrites another student, refuses hostile names and files."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from reset_ledger.responses import (
    MAX_BYTES,
    Response,
    ResponseError,
    check_pseudonym,
    file_name,
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
        ("fox bear", "letters A–Z"),
        ("<script>", "letters A–Z"),
    ],
)
def test_hostile_pseudonyms_are_refused_with_a_reason(name, reason):
    with pytest.raises(ResponseError, match=None) as caught:
        check_pseudonym(name)
    assert reason in str(caught.value)


def test_names_are_case_insensitive_on_disk():
    assert file_name("02-the-ledger", "Fox") == file_name("02-the-ledger", "fox") == "02-the-ledger--fox.json"


def test_default_folder_is_inside_the_collection_and_the_environment_overrides_it(monkeypatch, tmp_path):
    monkeypatch.delenv("RESET_LEDGER_RESPONSES", raising=False)
    assert responses_folder().name == "responses"
    monkeypatch.setenv("RESET_LEDGER_RESPONSES", str(tmp_path))
    assert responses_folder() == tmp_path


def test_save_then_read_back_keeps_student_text_as_given(tmp_path):
    hostile = '<script>alert("x")</script> & “quotes” — fine'
    path = save(response(why=hostile), tmp_path)
    back = read(path)
    assert back.answers["ledger"]["scores"]["manas"]["why"] == hostile
    assert back.saved_at and not back.locked
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".saving-")]


def test_a_second_student_never_overwrites_the_first(tmp_path):
    first = save(response(value=4), tmp_path)
    with pytest.raises(ResponseError, match="already exist"):
        save(response("FOX", value=-5), tmp_path)
    assert read(first).answers["ledger"]["scores"]["manas"]["value"] == 4


def test_the_session_that_saved_may_replace_its_own_file(tmp_path):
    save(response(value=4), tmp_path)
    save(response(value=1), tmp_path, replace=True)
    assert load_mine("02-the-ledger", "fox", tmp_path).answers["ledger"]["scores"]["manas"]["value"] == 1


def test_locked_answers_cannot_be_replaced(tmp_path):
    bets = {"bets": {"forecasts": {"wto-member": {"answer": "yes", "confidence": 70}}, "prior": 40, "prior_why": ""}}
    save(Response("00-start-here", "fox", bets, locked=True), tmp_path)
    with pytest.raises(ResponseError, match="locked"):
        save(Response("00-start-here", "fox", bets), tmp_path, replace=True)


def test_out_of_range_answers_are_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ResponseError, match="outside the allowed range -5 to 5"):
        save(response(value=9), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_two_students_racing_for_one_pseudonym_leave_one_complete_file(tmp_path):
    for round_ in range(20):
        folder = tmp_path / str(round_)
        barrier, outcomes = threading.Barrier(2), []

        def attempt(value: int) -> None:
            barrier.wait()
            try:
                save(response("racer", value=value), folder)
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


def write(folder: Path, name: str, content: str | bytes) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode())


def valid_json(pseudonym: str = "owl", **changes) -> str:
    data = json.loads(response(pseudonym).to_json()) | changes
    return json.dumps(data)


def test_loading_a_folder_returns_every_valid_file_and_a_reason_for_each_other(tmp_path):
    save(response("fox"), tmp_path)
    save(response("owl", value=-2), tmp_path)
    write(tmp_path, "02-the-ledger--bad.json", "{not json")
    write(tmp_path, "02-the-ledger--old.json", valid_json("old", schema_version=0))
    write(tmp_path, "02-the-ledger--half.json", json.dumps({"schema": "reset-ledger/response", "notebook": "02-the-ledger"}))
    write(tmp_path, "02-the-ledger--big.json", b" " * (MAX_BYTES + 1))
    write(tmp_path, "02-the-ledger--nan.json", valid_json("nan").replace('"value": 2', '"value": NaN'))
    write(tmp_path, "02-the-ledger--deep.json", "[" * 100_000 + "]" * 100_000)
    write(tmp_path, "02-the-ledger--range.json", valid_json("range").replace('"value": 2', '"value": 99'))
    write(tmp_path, "02-the-ledger--renamed.json", valid_json("someone"))
    write(tmp_path, "notes.txt", "hello")
    outside = tmp_path.parent / "outside.json"
    outside.write_text(valid_json("sneaky"))
    os.symlink(outside, tmp_path / "02-the-ledger--sneaky.json")

    loaded = load_folder(tmp_path)
    assert sorted(r.pseudonym for r in loaded.responses) == ["fox", "owl"]
    reasons = dict(loaded.problems)
    assert "not valid JSON" in reasons["02-the-ledger--bad.json"]
    assert "schema version 0" in reasons["02-the-ledger--old.json"]
    assert "lacks the field(s)" in reasons["02-the-ledger--half.json"]
    assert "at most 256 KB" in reasons["02-the-ledger--big.json"]
    assert "NaN is not allowed" in reasons["02-the-ledger--nan.json"]
    assert "nested too deeply" in reasons["02-the-ledger--deep.json"] or "not valid JSON" in reasons["02-the-ledger--deep.json"]
    assert "outside the allowed range" in reasons["02-the-ledger--range.json"]
    assert "holds the answers of 'someone'" in reasons["02-the-ledger--renamed.json"]
    assert "not a .json response file" in reasons["notes.txt"]
    assert "symbolic link" in reasons["02-the-ledger--sneaky.json"]
    assert loaded.report().count("\n") == len(loaded.problems) - 1


def test_loading_one_notebook_ignores_the_others(tmp_path):
    save(response("fox"), tmp_path)
    bets = {"bets": {"forecasts": {}, "prior": 40, "prior_why": ""}}
    save(Response("00-start-here", "fox", bets), tmp_path)
    assert [r.notebook for r in load_folder(tmp_path, "00-start-here").responses] == ["00-start-here"]


def test_a_missing_folder_is_reported_not_raised(tmp_path):
    loaded = load_folder(tmp_path / "nowhere")
    assert loaded.responses == [] and "is not a folder" in loaded.report()


def test_a_students_own_broken_file_says_what_is_wrong(tmp_path):
    write(tmp_path, "02-the-ledger--fox.json", "{oops")
    with pytest.raises(ResponseError, match="02-the-ledger--fox.json is not valid JSON"):
        load_mine("02-the-ledger", "fox", tmp_path)
    assert load_mine("02-the-ledger", "nobody", tmp_path) is None
