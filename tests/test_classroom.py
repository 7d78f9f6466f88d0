"""Class results: a dry run on a generated class checks the teacher notebook's figures against the truth;
small groups see no opinions; hostile files are reported, never run, and the rest still shows."""

from __future__ import annotations

import html
import json
import os
import re
import statistics
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT
from nbclient import NotebookClient

from reset_ledger.classroom import (
    ClassFolder,
    argument_section,
    forecast_section,
    ledger_section,
    prior_section,
    reasons_section,
    shift_section,
    verdict_section,
    weights_section,
)
from reset_ledger.data import load
from reset_ledger.sequence import SEQUENCE
from reset_ledger.responses import Response, save

sys.path.insert(0, str(ROOT / "tools"))
from fake_class import make_class  # noqa: E402

TEACHER = NOTEBOOKS / "90-teacher-class-results.ipynb"


def run_teacher_notebook(folder: Path, monkeypatch) -> str:
    """Execute notebook 90 on a folder, as a teacher would, and return all its visible output text."""
    monkeypatch.setenv("RESET_LEDGER_RESPONSES", str(folder))
    nb = nbformat.read(TEACHER, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts.append(data.get("text/html", "") or data.get("text/plain", ""))
            assert output.get("output_type") != "error", output
    return html.unescape("\n".join(texts))


def test_dry_run_the_notebook_shows_the_generated_class(tmp_path, monkeypatch):
    truth = make_class(tmp_path)
    shown = run_teacher_notebook(tmp_path, monkeypatch)

    labels = {nb.file.removesuffix(".ipynb"): nb.label for nb in SEQUENCE}
    for notebook, count in truth.students.items():
        assert re.search(rf">{re.escape(labels[notebook])}</td>\s*<td[^>]*>{count}</td>", shown), notebook
    assert f"{truth.refused} file(s) refused" in shown
    assert f"mean balance {statistics.mean(truth.balances):+.2f}" in shown
    assert f"median {statistics.median(truth.balances):+.2f}" in shown
    assert f"{sum(b < 0 for b in truth.balances)} of {len(truth.balances)} find" in shown
    assert f"mean {statistics.mean(truth.priors):.1f} of 100" in shown
    assert "<b>Allies</b> pay & Russia gains" in shown  # displayed as text: escaped in the HTML

    beat = sum(b < 0.25 for b in truth.briers)
    assert f"mean Brier score {statistics.mean(truth.briers):.3f}" in shown
    assert f"{beat} of {len(truth.briers)} beat the coin toss" in shown
    claim, share = truth.disputed
    assert f"Most disputed: claim {claim}, tagged differently from the reference by {100 * share:.0f} %" in shown
    lenses = dict(zip(load("lenses")["lens_id"], load("lenses")["label"].astype(str)))
    for lens, count in truth.lenses.items():
        assert re.search(rf">{re.escape(lenses.get(lens, 'none (own weights)'))}</td>\s*<td[^>]*>{count}</td>", shown), lens
    for lens, count in truth.own_lenses.items():
        assert re.search(rf">{re.escape(lenses[lens])}</td>\s*<td[^>]*>{count}</td>\s*<td[^>]*>\d+</td>", shown), lens
    priors, posteriors = zip(*truth.shifts)
    assert f"{len(truth.shifts)} students gave both; mean first opinion {statistics.mean(priors):.1f}, mean last {statistics.mean(posteriors):.1f}" in shown


def test_reasons_are_escaped_in_the_html(tmp_path):
    make_class(tmp_path)
    rendered = reasons_section(ClassFolder.read(tmp_path)).items[0].to_html()
    assert "&lt;b&gt;Allies&lt;/b&gt; pay &amp; Russia gains" in rendered and "<b>Allies" not in rendered


def ledger_response(name: str, value: int = 1, why: str = "") -> Response:
    score = {"value": value, "certainty": "delivered", "why": why}
    return Response("02-the-ledger", name, {"ledger": {"scores": {"manas": score}, "overlaps": {}}})


def test_four_students_see_the_k5_message_instead_of_any_opinion(tmp_path):
    for n in range(4):
        save(ledger_response(f"s{n}"), tmp_path)
    folder = ClassFolder.read(tmp_path)
    (only,) = ledger_section(folder).items
    assert "4 students answered the ledger (02). Results appear once at least 5 have" in only.data
    (only,) = reasons_section(folder).items
    assert "No notebook has written answers from at least 5 students yet" in only.data
    assert "0 students answered the bets (00)" in prior_section(folder).items[0].data
    for section, what in ((forecast_section, "the forecasts (00)"), (argument_section, "the argument map (01)"),
                          (weights_section, "the weights (03)"), (shift_section, "both the first (00) and the last opinion"),
                          (verdict_section, "the verdict (07)")):
        (only,) = section(folder).items
        assert f"0 students answered {what}" in only.data


def test_five_students_unlock_the_ledger_results(tmp_path):
    for n in range(5):
        save(ledger_response(f"s{n}", value=n), tmp_path)
    items = ledger_section(ClassFolder.read(tmp_path)).items
    assert "5 students; mean balance +2.00" in items[0].data
    assert len(items) == 4


HOSTILE = {
    "invalid JSON": ("02-the-ledger--bad.json", "{oops", "not valid JSON"),
    "deeply nested JSON": ("02-the-ledger--deep.json", "[" * 50_000 + "]" * 50_000, "nested too deeply"),
    "huge file": ("02-the-ledger--huge.json", "[" + "1," * 200_000 + "1]", "at most 256 KB"),
    "wrong schema version": ("02-the-ledger--v0.json", "__v0__", "schema version 0"),
    "path tricks in the pseudonym": ("02-the-ledger--trick.json", "__trick__", "cannot contain '/'"),
    "duplicate pseudonym in another case": ("02-the-ledger--FOX.json", "__dup__", "is named"),
    "score out of range": ("02-the-ledger--range.json", "__range__", "outside the allowed range"),
    "NaN": ("02-the-ledger--nan.json", "__nan__", "NaN is not allowed"),
    "Infinity": ("02-the-ledger--inf.json", "__inf__", "Infinity is not allowed"),
    "very long text": ("02-the-ledger--long.json", "__long__", "at most 4000 are allowed"),
}


def hostile_content(kind: str, good: dict) -> str:
    if kind == "__v0__":
        return json.dumps(good | {"schema_version": 0})
    if kind == "__trick__":
        return json.dumps(good | {"pseudonym": "../../etc/passwd"})
    if kind == "__dup__":
        return json.dumps(good | {"pseudonym": "fox"})
    text = json.dumps(good)
    if kind == "__range__":
        return text.replace('"value": 1', '"value": 99')
    if kind == "__nan__":
        return text.replace('"value": 1', '"value": NaN')
    if kind == "__inf__":
        return text.replace('"value": 1', '"value": Infinity')
    if kind == "__long__":
        return text.replace('"why": ""', '"why": "' + "x" * 5000 + '"')
    return kind


def test_hostile_files_are_each_reported_and_the_class_view_still_renders(tmp_path, capsys):
    for n in range(5):
        save(ledger_response(f"s{n}", why='<script>alert("x")</script>'), tmp_path)
    save(ledger_response("fox"), tmp_path)
    good = json.loads(ledger_response("x").to_json())
    for name, content, _ in HOSTILE.values():
        (tmp_path / name).write_text(hostile_content(content, good), encoding="utf-8")
    outside = tmp_path.parent / "secret.json"
    outside.write_text(json.dumps(good | {"pseudonym": "secret"}))
    os.symlink(outside, tmp_path / "02-the-ledger--secret.json")

    folder = ClassFolder.read(tmp_path)
    reasons = dict(folder.loaded.problems)
    with capsys.disabled():
        for kind, (name, _, _) in HOSTILE.items():
            print(f"{kind:38} {name}: {reasons.get(name)}")
        print(f"{'symlink outside the folder':38} 02-the-ledger--secret.json: {reasons.get('02-the-ledger--secret.json')}")
    for kind, (name, _, expected) in HOSTILE.items():
        assert expected in reasons[name], (kind, reasons[name])
    assert "symbolic link" in reasons["02-the-ledger--secret.json"]
    assert sorted(r.pseudonym for r in folder.answers("02-the-ledger")) == ["fox", "s0", "s1", "s2", "s3", "s4"]
    assert "6 students; mean balance" in ledger_section(folder).items[0].data
    assert "<script>" not in reasons_section(folder).items[0].to_html()


@pytest.mark.parametrize("name", ["02-the-ledger--evil.json"])
def test_nothing_in_a_file_is_ever_executed(tmp_path, name):
    marker = tmp_path / "executed"
    payload = {"__class__": "os.system", "pseudonym": f"__import__('os').system('touch {marker}')"}
    (tmp_path / name).write_text(json.dumps(payload))
    ClassFolder.read(tmp_path)
    assert not marker.exists()


@pytest.mark.parametrize(("reply", "kept"), [("no\n", True), ("\n", True), ("yes\n", False)])
def test_make_clean_responses_deletes_only_after_a_yes(tmp_path, reply, kept):
    import subprocess

    folder = tmp_path / "answers"
    save(ledger_response("fox"), folder)
    done = subprocess.run(
        ["make", "--no-print-directory", "clean-responses"], cwd=ROOT, input=reply, capture_output=True, text=True,
        env={**os.environ, "RESET_LEDGER_RESPONSES": str(folder)},
    )
    assert done.returncode == 0
    assert "1 answer file(s)" in done.stdout
    assert folder.exists() == kept
