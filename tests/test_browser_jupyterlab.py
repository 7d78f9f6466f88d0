"""JupyterLab in a real browser with the network cut: the notebooks run and their charts render."""

from __future__ import annotations

from browser import RENDERED_CHART, error_outputs, jupyterlab, offline_page, open_and_run_all
from conftest import ROOT

from reset_ledger.rendering import NOT_LOADED


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


def test_ledger_slider_moves_the_balance_and_saves_a_file_offline(tmp_path):
    responses = tmp_path / "responses"
    with offline_page() as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(responses)}) as lab:
        open_and_run_all(page, lab, "02-the-ledger.ipynb")
        balance = page.locator(".reset-ledger-balance strong")
        before = balance.inner_text()
        handle = page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            "before => { const b = document.querySelector('.reset-ledger-balance strong'); return b && b.textContent !== before; }", arg=before
        )
        after = balance.inner_text()
        page.locator("input[placeholder='a pseudonym, not your real name']").fill("browser-fox")
        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_selector("text=Saved as browser-fox")
        print(f"balance {before} -> {after}; saved: {sorted(p.name for p in responses.iterdir())}")
        assert (before, after) == ("Balance: +0.00", "Balance: -1.00")
        assert (responses / "02-the-ledger--browser-fox.json").exists()
        assert page.locator(RENDERED_CHART).count() >= 1
        assert offline.blocked == [] and error_outputs(page) == []
