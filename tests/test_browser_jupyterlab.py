"""JupyterLab in a real browser with the network cut: the notebooks run and their charts render."""

from __future__ import annotations

import json
import re

from browser import (BALANCE, RENDERED_CHART, error_outputs, jupyterlab, offline_page, open_and_run_all, output_text,
                     step_slider, wait_until_idle)
from conftest import ROOT

from reset_ledger.rendering import NOT_LOADED
from tools.teacher_notes import notes_for


def plain(markdown_line: str) -> str:
    """A line of Markdown as the page shows it: links reduced to their words, emphasis and list marks dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_line)
    return re.sub(r"[*_`#]|^\s*[-•]\s*", "", text).strip()


def test_start_here_runs_offline_and_draws_the_timeline(tmp_path):
    with offline_page() as (page, offline), jupyterlab(ROOT, tmp_path) as lab:
        open_and_run_all(page, lab, "00-start-here.ipynb")
        charts = page.locator(RENDERED_CHART).count()
        print(f"charts rendered: {charts}; external requests blocked: {len(offline.blocked)}")
        assert charts >= 1
        assert page.locator(".vega-embed svg.marks [aria-roledescription]").count() > 0 or charts
        assert offline.blocked == []
        assert error_outputs(page) == []
        assert NOT_LOADED not in page.inner_text(".jp-Notebook")
        assert "Set-up done" in output_text(page)
        assert page.locator(".jp-OutputArea mjx-container").count() == 0  # "$2bn … $150m" in a table is money, not maths


def test_ledger_slider_moves_the_balance_and_saves_a_file_offline(tmp_path):
    responses = tmp_path / "responses"
    with offline_page() as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(responses)}) as lab:
        open_and_run_all(page, lab, "02-the-ledger.ipynb")
        before = page.locator(BALANCE).inner_text()
        after = step_slider(page, "ArrowLeft")
        page.locator("input[placeholder='a pseudonym, not your real name']").fill("browser-fox")
        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_selector("text=Saved as browser-fox")
        print(f"balance {before} -> {after}; saved: {sorted(p.name for p in responses.iterdir())}")
        assert (before, after) == ("Balance: +0.00", "Balance: -1.00")
        assert (responses / "02-the-ledger--browser-fox.json").exists()
        assert page.locator(RENDERED_CHART).count() >= 1
        assert offline.blocked == [] and error_outputs(page) == []
        shown = page.inner_text(".jp-Notebook")
        note_lines = [plain(line) for n in notes_for("02-the-ledger.ipynb") for line in n.text.splitlines() if len(plain(line)) > 20]
        assert note_lines and [line for line in note_lines if line in shown] == [], "a student sees a teacher note"


def run_cell(page, cell_id: str) -> None:
    """Run one cell again, as a student does with Shift+Enter, and wait for the kernel."""
    page.evaluate(
        """id => {
            const notebook = window.jupyterapp.shell.currentWidget.content;
            notebook.activeCellIndex = notebook.widgets.findIndex(cell => cell.model.id === id);
            return window.jupyterapp.commands.execute('notebook:run-cell');
        }""",
        cell_id,
    )
    wait_until_idle(page)


def test_after_the_ledger_cell_is_run_again_save_keeps_what_the_screen_shows(tmp_path):
    from reset_ledger.ledger import Score, contribution

    with offline_page() as (page, offline), jupyterlab(ROOT, tmp_path) as lab:
        open_and_run_all(page, lab, "02-the-ledger.ipynb")
        assert step_slider(page, "ArrowRight") == "Balance: +1.00"  # scored in the first ledger
        run_cell(page, "c04")  # the ledger cell again: a fresh ledger on screen, the old one hidden
        assert page.locator(BALANCE).first.inner_text() == "Balance: +0.00"
        on_screen = step_slider(page, "ArrowLeft")
        page.locator("input[placeholder='a pseudonym, not your real name']").fill("browser-owl")
        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_selector("text=Saved as browser-owl in saved-answers/02-the-ledger--browser-owl.json")
        saved = json.loads((lab.root / "notebooks" / "saved-answers" / "02-the-ledger--browser-owl.json").read_text())
        scores = saved["answers"]["ledger"]["scores"].values()
        balance = sum(contribution(Score(s["value"], s["certainty"])) for s in scores)
        print(f"on screen {on_screen}; saved balance {balance:+.2f}")
        assert on_screen == "Balance: -1.00" and f"Balance: {balance:+.2f}" == on_screen

        # The file is within reach: listed in JupyterLab's file browser (the served notebooks/ folder) and downloadable.
        listed = page.request.get(f"{lab.url}/api/contents/saved-answers?token={lab.token}").json()
        assert [item["name"] for item in listed["content"]] == ["02-the-ledger--browser-owl.json"]
        download = page.request.get(f"{lab.url}/files/saved-answers/02-the-ledger--browser-owl.json?token={lab.token}")
        assert download.ok and json.loads(download.body())["pseudonym"] == "browser-owl"
        served = page.request.get(f"{lab.url}/api/contents?token={lab.token}").json()
        assert "teacher" not in [item["name"] for item in served["content"]]
        assert offline.blocked == [] and error_outputs(page) == []


def test_teacher_notebook_shows_a_generated_class_offline(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from fake_class import make_class

    answers = tmp_path / "class"
    answers.mkdir()
    make_class(answers)
    with offline_page() as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(answers)}) as lab:
        open_and_run_all(page, lab, "90-teacher-class-results.ipynb")
        text = output_text(page)
        charts = page.locator(RENDERED_CHART).count()
        print(f"teacher notebook: charts rendered {charts}; external requests blocked: {len(offline.blocked)}")
        assert charts >= 3 and "3 file(s) refused" in text
        assert offline.blocked == [] and error_outputs(page) == []
