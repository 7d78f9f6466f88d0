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
