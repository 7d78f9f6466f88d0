"""Class results: a dry run on a generated class checks the teacher notebook's figures against the truth;
every figure needs five students behind it, no chart or table holds a pseudonym or a row per student;
hostile files are reported, never run, and the rest still shows."""

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
    how_many,
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
from reset_ledger.weighing import lens_weights, shares
from reset_ledger.responses import Response, save

sys.path.insert(0, str(ROOT / "tools"))
from fake_class import make_class  # noqa: E402

TEACHER = NOTEBOOKS / "90-teacher-class-results.ipynb"


def execute_teacher_notebook(folder: Path, monkeypatch) -> nbformat.NotebookNode:
    """Execute notebook 90 on a folder, as a teacher would, and return it with its outputs, as it would be saved."""
    monkeypatch.setenv("RESET_LEDGER_RESPONSES", str(folder))
    monkeypatch.delenv("RESET_LEDGER_HANDIN", raising=False)
    nb = nbformat.read(TEACHER, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def outputs(nb: nbformat.NotebookNode, skip: tuple[str, ...] = ()) -> list[str]:
    """The HTML or text of every output, cell by cell, failing on any error (cells with ids in `skip` left out)."""
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            if cell.id not in skip:
                data = output.get("data", {})
                texts.append(data.get("text/html", "") or data.get("text/plain", ""))
    return texts


def run_teacher_notebook(folder: Path, monkeypatch) -> str:
    """Execute notebook 90 on a folder and return all its visible output text."""
    return html.unescape("\n".join(outputs(execute_teacher_notebook(folder, monkeypatch))))


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
    shown_beat = beat if beat == 0 or beat >= 5 else "fewer than 5"  # counts of one to four are never shown
    assert f"{shown_beat} of {len(truth.briers)} beat the coin toss" in shown
    claim, share = truth.disputed
    ref = load("claims").set_index("claim_id").loc[claim, "ref"]  # the neutral reference, never the role-coded id
    assert f"Most disputed: claim {ref}, tagged differently from the reference by {100 * share:.0f} %" in shown
    lenses = dict(zip(load("lenses")["lens_id"], load("lenses")["label"].astype(str)))
    for lens, count in truth.lenses.items():
        assert re.search(rf">{re.escape(lenses.get(lens, 'none (own weights)'))}</td>\s*<td[^>]*>{how_many(count)}</td>", shown), lens
    for lens, count in truth.own_lenses.items():
        assert re.search(rf">{re.escape(lenses[lens])}</td>\s*<td[^>]*>{how_many(count)}</td>\s*<td[^>]*>[^<]+</td>", shown), lens
    priors, posteriors = zip(*truth.shifts)
    assert f"{len(truth.shifts)} students gave both; mean first opinion {statistics.mean(priors):.1f}, mean last {statistics.mean(posteriors):.1f}" in shown


def test_reasons_are_escaped_in_the_html(tmp_path):
    make_class(tmp_path)
    rendered = "".join(block.data for block in reasons_section(ClassFolder.read(tmp_path)).items)
    assert "&lt;b&gt;Allies&lt;/b&gt; pay &amp; Russia gains" in rendered and "<b>Allies" not in rendered


def test_no_pseudonym_and_no_row_per_student_in_the_saved_notebook(tmp_path, monkeypatch):
    make_class(tmp_path)
    nb = execute_teacher_notebook(tmp_path, monkeypatch)
    students = {r.pseudonym for r in ClassFolder.read(tmp_path).loaded.responses}
    shown = "\n".join(outputs(nb))
    assert not [p for p in students if re.search(rf"\b{p}\b", shown)]
    found = (re.search(r"\}\)\((\{.*\}), (\{.*?\})\);\s*</script>", text, re.S) for text in outputs(nb))
    specs = [json.loads(m.group(1)) for m in found if m]
    assert len(specs) >= 6
    for spec in specs:
        for rows in spec.get("datasets", {}).values():
            assert all("pseudonym" not in row for row in rows)
            reasoned_positions = all("who" in row for row in rows)  # from data/, the same for every class
            assert reasoned_positions or len(rows) <= 40  # aggregated: bins and summaries, never one row per student
    charts = json.dumps(specs)
    assert "The article" not in charts and "Our reading of the article" in charts  # our reading is labelled as ours


def test_an_item_four_of_five_students_left_out_gets_no_figure(tmp_path):
    for n in range(5):
        scores = {"manas": {"value": n - 2, "certainty": "delivered", "why": "a reason"}}
        if n == 0:
            scores["georgia"] = {"value": -3, "certainty": "delivered", "why": "only one student scored Georgia"}
        save(Response("02-the-ledger", f"s{n}", {"ledger": {"scores": scores, "overlaps": {}}}), tmp_path)
    folder = ClassFolder.read(tmp_path)
    items = ledger_section(folder).items
    spec = json.dumps(items[2].to_dict())
    georgia = str(load("ledger_items").set_index("item_id").loc["georgia", "label"])
    manas = str(load("ledger_items").set_index("item_id").loc["manas", "label"])
    assert manas in spec and georgia not in spec
    balances = json.dumps(items[1].to_dict())  # our reading of the article is not the only line to read the class against
    assert "Our reading of the article: -6.00" in balances and "0: gave as much as it got" in balances
    assert "item(s) scored by fewer than 5 students are left out" in items[-1].data
    reasons = "".join(block.data for block in reasons_section(folder).items)
    assert "only one student scored Georgia" not in reasons and reasons.count("a reason") == 5


def test_four_all_zero_weights_of_five_leave_no_weights_chart(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    from fake_class import _weights  # noqa: PLC0415
    import random

    for n in range(5):
        weights = _weights(random.Random(n))
        if n:
            weights["weights"]["weights"] = dict.fromkeys(weights["weights"]["weights"], 0)
        save(Response("03-weigh-it", f"w{n}", weights), tmp_path)
    items = weights_section(ClassFolder.read(tmp_path)).items
    assert "Fewer than 5 students set weights above zero" in items[1].data
    assert not [i for i in items if hasattr(i, "to_dict")]


def test_the_class_weights_sit_beside_every_lens_and_our_reading_not_ours_alone(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    from fake_class import _weights  # noqa: PLC0415
    import random

    for n in range(5):
        save(Response("03-weigh-it", f"w{n}", _weights(random.Random(n))), tmp_path)
    (chart,) = [i for i in weights_section(ClassFolder.read(tmp_path)).items if hasattr(i, "to_dict")]
    spec = chart.to_dict()
    points = [row for rows in spec["datasets"].values() for row in rows if "who" in row]
    lenses, criteria = load("lenses"), load("criteria")
    assert len(points) == len(lenses) * len(criteria)
    assert {p["label"] for p in points} == {"Our reading of the article"} | {
        f"{label} lens" for lens, label in zip(lenses["lens_id"], lenses["label"]) if lens != "author"}
    realist = shares(lens_weights(load("lens_weights"))["realist"])
    first = criteria.iloc[0]
    (drawn,) = [p["value"] for p in points if p["label"] == f"{lenses.iloc[0]['label']} lens" and p["criterion"] == first["label"]]
    assert drawn == pytest.approx(100 * realist[first["criterion_id"]])
    assert "an open circle marks a theory lens (03)" in spec["description"] and "a red diamond marks our reading" in spec["description"]


def test_a_claim_tagged_by_one_student_is_not_in_the_table(tmp_path):
    for n in range(5):
        roles = {"G1": "framing"} | ({"T1": "hope"} if n == 0 else {})
        save(Response("01-the-argument", f"a{n}", {"roles": {"roles": roles, "warrants": [], "own_warrant": "", "explanations": {}}}), tmp_path)
    items = argument_section(ClassFolder.read(tmp_path)).items
    rendered = items[1].to_html()
    refs = load("claims").set_index("claim_id")["ref"]
    assert f">{refs['G1']}<" in rendered and f">{refs['T1']}<" not in rendered and "% of 5" in rendered
    assert ">G1<" not in rendered  # role-coded ids stay internal


def ledger_response(name: str, value: int = 1, why: str = "") -> Response:
    score = {"value": value, "certainty": "delivered", "why": why}
    return Response("02-the-ledger", name, {"ledger": {"scores": {"manas": score}, "overlaps": {}}})


def test_four_students_see_the_k5_message_instead_of_any_opinion(tmp_path):
    for n in range(4):
        save(ledger_response(f"s{n}"), tmp_path)
    folder = ClassFolder.read(tmp_path)
    (only,) = ledger_section(folder).items
    assert "Fewer than 5 students answered the ledger (02). Results appear once at least 5 have" in only.data
    (only,) = reasons_section(folder).items
    assert "No question has written answers from at least 5 students yet" in only.data
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
    assert len(items) == 5 and "13 item(s) scored by fewer than 5 students are left out" in items[-1].data


HOSTILE = {
    "invalid JSON": ("02-the-ledger--bad.json", "{oops", "not valid JSON"),
    "deeply nested JSON": ("02-the-ledger--deep.json", "[" * 50_000 + "]" * 50_000, "nested too deeply"),
    "huge file": ("02-the-ledger--huge.json", "[" + "1," * 200_000 + "1]", "at most 256 KB"),
    "wrong schema version": ("02-the-ledger--v0.json", "__v0__", "schema version 0"),
    "path tricks in the pseudonym": ("02-the-ledger--trick.json", "__trick__", "is not a pseudonym as stored"),
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
    good = json.loads((tmp_path / "02-the-ledger--fox.json").read_text()) | {"pseudonym": "x"}
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
    assert "<script>" not in "".join(block.data for block in reasons_section(folder).items)


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
