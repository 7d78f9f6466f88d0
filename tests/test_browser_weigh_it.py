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


def test_the_handout_chart_recomputes_the_weighted_sums_in_the_page_with_no_kernel(tmp_path):
    from reset_ledger.exercises.weighing import WeighExercise
    from reset_ledger.rendering import enable_offline_charts, vega_bundle_script

    enable_offline_charts()
    chart = WeighExercise().handout()[1]
    page_file = tmp_path / "sandbox.html"
    page_file.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'>{vega_bundle_script()}</head>"
        f"<body>{chart._repr_mimebundle_()['text/html']}</body></html>",
        encoding="utf-8",
    )
    values = "() => [...document.querySelectorAll('.vega-embed svg.marks text')].map(t => t.textContent).filter(t => /^\\d+\\.\\d$/.test(t))"
    with offline_page() as (page, offline):
        page.goto(page_file.as_uri())
        page.wait_for_selector(RENDERED_CHART)
        before = page.evaluate(values)
        page.locator(".vega-bindings input[type=range]").nth(3).fill("100")  # human rights
        page.wait_for_function(f"before => JSON.stringify(({values})()) !== JSON.stringify(before)", arg=before)
        after = page.evaluate(values)
        print(f"weighted scores in the page: {before} -> {after}")
        assert before == ["48.0", "47.3", "51.7"]
        assert after == ["44.9", "49.1", "48.8"]  # the same numbers the kernel computes for human rights at 100
        assert offline.blocked == [] and offline.console_errors == []
