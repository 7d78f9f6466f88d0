"""Notebook 03 in JupyterLab, in a real browser with the network cut: a weight slider moves, the
shares renormalise, the leader changes, the later sensitivity view follows, and the answers save."""

from __future__ import annotations

import json

from browser import RENDERED_CHART, error_outputs, jupyterlab, offline_page, open_and_run_all
from conftest import ROOT

from reset_ledger.rendering import NOT_LOADED

FIRST_VERDICT = "document.querySelector('.reset-ledger-verdict strong').textContent"


def test_weigh_it_slider_flips_the_leader_and_saves_offline(tmp_path):
    responses = tmp_path / "responses"
    with offline_page() as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(responses)}) as lab:
        open_and_run_all(page, lab, "03-weigh-it.ipynb")
        before = page.evaluate(FIRST_VERDICT)
        charts_before = page.locator(RENDERED_CHART).count()
        handle = page.locator(".widget-slider .noUi-handle").nth(3)  # the fourth weight: human rights, at 50
        handle.focus()
        page.keyboard.press("End")
        page.wait_for_function(f"before => {FIRST_VERDICT} !== before", arg=before)
        after = page.evaluate(FIRST_VERDICT)
        page.wait_for_function("() => document.body.innerText.includes('before Bush-era confrontation stops leading')")
        readout = page.locator(".widget-slider .widget-readout").nth(3).inner_text()
        page.locator("input[placeholder='a pseudonym, not your real name']").fill("browser-heron")
        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_selector("text=Saved as browser-heron")
        saved = json.loads((responses / "03-weigh-it--browser-heron.json").read_text())["answers"]["weights"]
        print(f"slider -> {readout}; verdict {before!r} -> {after!r}; charts rendered: {charts_before}; "
              f"blocked: {len(offline.blocked)}; saved weights: {saved['weights']}, winner: {saved['winner']}")
        assert (before, after) == ("Leads: Conditional reset (51.7)", "Leads: Bush-era confrontation (49.1)")
        assert readout == "100"
        assert saved["weights"]["human-rights"] == 100 and saved["winner"] == "confrontation"
        assert charts_before >= 4
        assert offline.blocked == [] and error_outputs(page) == []
        assert NOT_LOADED not in page.inner_text(".jp-Notebook")
