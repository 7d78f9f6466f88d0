"""Live controls in JupyterLab at 1366×768 with the network cut: a slider step changes the chart already on the
page (the same SVG, no gap), every slider track is long enough to hit and lines up with its neighbours, a click
lands where it is aimed, and a cell run out of order says what to do instead of reaching for the internet."""

from __future__ import annotations

import json
import re

import pytest
from browser import error_outputs, jupyterlab, offline_page, open_and_run_all, output_text, wait_until_idle
from conftest import ROOT

from reset_ledger.exercises.gamble import GambleExercise
from reset_ledger.exercises.weighing import load_model
from reset_ledger.gamble import renormalise
from reset_ledger.rendering import NOT_LOADED
from reset_ledger.weighing import weighted_scores, winner

SCREEN = {"width": 1366, "height": 768}
HANDLES = ".widget-slider .noUi-handle"

# Mark every chart's SVG now, so we can tell later whether the same element is still on the page.
MARK_CHARTS = "() => document.querySelectorAll('.vega-embed svg.marks').forEach(svg => { svg.dataset.before = '1'; })"
CHARTS = """() => [...document.querySelectorAll('.vega-embed svg.marks')].map(svg => ({
  title: (svg.querySelector('.role-title-text') || {}).textContent || '', before: svg.dataset.before === '1'}))"""

SLIDERS = """() => [...document.querySelectorAll('.widget-slider')].filter(s => s.offsetParent !== null).map(s => {
  const track = s.querySelector('.noUi-target').getBoundingClientRect();
  const label = s.querySelector('.widget-label');
  return {label: label.textContent, left: Math.round(track.left), width: Math.round(track.width),
          cut: label.scrollWidth > label.clientWidth + 1 || getComputedStyle(label).textOverflow === 'ellipsis' && label.scrollWidth > label.clientWidth,
          cell: [...document.querySelectorAll('.jp-Cell')].indexOf(s.closest('.jp-Cell'))};
})"""


def run_cell(page, cell_id: str) -> None:
    """Run one cell (by its id) in the open notebook and wait for the kernel."""
    page.evaluate(
        """async id => {
            const panel = window.jupyterapp.shell.currentWidget;
            const cells = panel.content.model.cells;
            for (let i = 0; i < cells.length; i++) if (cells.get(i).id === id) panel.content.activeCellIndex = i;
            await window.jupyterapp.commands.execute('notebook:run-cell');
        }""",
        cell_id,
    )
    wait_until_idle(page)


def open_without_running(page, lab, notebook: str) -> None:
    """Open a notebook on a fresh kernel and run nothing."""
    page.goto(lab.notebook_url(notebook))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel", timeout=120_000)
    wait_until_idle(page)


def test_a_slider_step_updates_the_charts_in_place_and_sliders_can_be_hit(tmp_path):
    with offline_page(SCREEN) as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(tmp_path / "r")}) as lab:
        open_and_run_all(page, lab, "05-the-gamble.ipynb", timeout_ms=300_000)
        page.evaluate(MARK_CHARTS)
        before = page.evaluate(CHARTS)
        handle = page.locator(HANDLES).first  # Russia becomes a partner, 33 %
        handle.focus()
        # PageUp: five steps. (Not End: at 100 % the other futures leave the 100 futures' legend, a new chart.)
        page.keyboard.press("PageUp")
        # noUiSlider writes aria-valuenow as "38.0": compare numbers, not text.
        page.wait_for_function("() => Number(document.querySelector('.widget-slider .noUi-handle').getAttribute('aria-valuenow')) === 38")
        page.wait_for_function("key => [...document.querySelectorAll('.vega-embed svg.marks .role-legend-label text')]"
                               ".some(t => t.textContent.startsWith(key))", arg="Russia becomes a partner: 38 futures", timeout=180_000)
        wait_until_idle(page)
        after = page.evaluate(CHARTS)
        print(f"05 charts before: {[c['title'] for c in before]}\nafter: {[(c['title'], c['before']) for c in after]}")
        # Every chart is still the element it was (changed in place, never removed and drawn again) ...
        assert len(after) == len(before) >= 3 and all(c["before"] for c in after)
        assert page.inner_text(".jp-Notebook").count("← → move one step") == 1  # the hint, once per notebook

        # One slider of each kind: 05's chance (0–100, the page already open), 02's worth (−5 to +5), 03's weight (0–100).
        for notebook in ("05-the-gamble.ipynb", "02-the-ledger.ipynb", "03-weigh-it.ipynb"):
            if notebook != "05-the-gamble.ipynb":
                open_and_run_all(page, lab, notebook, timeout_ms=300_000)
            sliders = page.evaluate(SLIDERS)
            print(notebook, sorted({(s["width"], s["left"]) for s in sliders}))
            assert sliders and all(s["width"] >= 240 for s in sliders)
            assert not [s["label"] for s in sliders if s["cut"]]
            for cell in {s["cell"] for s in sliders}:
                assert len({s["left"] for s in sliders if s["cell"] == cell}) == 1  # tracks start at the same x
            # A click at 10, 50 and 90 % along the first slider's track lands within one step of that share of its range.
            track = page.locator(".widget-slider .noUi-target").first
            handle = page.locator(HANDLES).first
            low, high = (float(handle.get_attribute(a)) for a in ("aria-valuemin", "aria-valuemax"))
            box = track.bounding_box()
            for share in (0.1, 0.5, 0.9):
                track.click(position={"x": box["width"] * share, "y": box["height"] / 2})
                page.wait_for_timeout(300)
                value = float(handle.get_attribute("aria-valuenow"))
                print(f"{notebook}: click at {share:.0%} of {low:g}..{high:g} -> {value:g}")
                assert abs(value - (low + share * (high - low))) <= 1
        assert offline.blocked == [] and error_outputs(page) == []


BUSY = "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.requestExecute({code: 'import time; time.sleep(6)'})"
KERNEL_BUSY = "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'busy'"


def _partner_then(steps: int) -> dict[str, int]:
    """05's chances after the student steps 'Russia becomes a partner' up this many times from the start, as the kernel
    rebalances them."""
    gamble = GambleExercise()
    chances = gamble.current_chances()
    for _ in range(steps):
        chances = renormalise(chances, "partner", chances["partner"] + 1)
    return chances


CHANCES = _partner_then(2)
# notebook, the slider's label (None: the first), key, what the page must draw before the kernel answers (a title, or a fragment of a mark's
# aria-label), the kernel's text before and after the step.
BOUND = {
    # 02's first slider: the missile-defence sites, a give scored 0, delivered.
    "02 a worth": ("02-the-ledger", None, "ArrowLeft", "Your ledger: balance −2.00", "Balance: +0.00", "Balance: -2.00"),
    "04 a score": ("04-who-pays", "Poland–Czech missile-defence sites dropped", "ArrowLeft",
                   "Party: US administration; Item: Poland–Czech missile-defence sites dropped; Score (−2 to +2): −2",
                   "US administration: +4.00", "US administration: +2.00"),
    "04 a bloc": ("04-who-pays", "Senate, Democratic caucus: for the treaty", "ArrowLeft", "Your count: 57 for, not ratified",
                  "59 back it", "57 back it"),
    "05 a chance": ("05-the-gamble", "Russia becomes a partner (%)", "ArrowRight",
                    f"Russia becomes a partner: {CHANCES['partner']} futures", "in 33 ('Russia becomes a partner')",
                    f"in {CHANCES['partner']} ('Russia becomes a partner')"),
}
DRAWN = """text => [...document.querySelectorAll('.vega-embed svg.marks')].some(svg =>
  [...svg.querySelectorAll('text')].some(t => t.textContent.startsWith(text)) ||
  [...svg.querySelectorAll('[aria-label]')].some(m => m.getAttribute('aria-label').includes(text)))"""
VALUES = "() => [...document.querySelectorAll('.widget-slider')].filter(s => s.offsetParent !== null).map(s => [s.querySelector('.widget-label').textContent, Number(s.querySelector('.noUi-handle').getAttribute('aria-valuenow'))])"


@pytest.mark.parametrize("case", BOUND, ids=list(BOUND))
def test_a_bound_chart_follows_its_slider_in_the_page_while_the_kernel_is_busy(case, tmp_path):
    """A bound chart reads its numbers from the sliders' models in the page: a step repaints it before the kernel (kept
    busy for six seconds) has heard of it, and the kernel's own answer, later, agrees. 05's other two chances are
    rebalanced in the page at once, to the values the kernel then sets."""
    notebook, label, key, drawn, before, after = BOUND[case]
    with offline_page(SCREEN) as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(tmp_path / "r")}) as lab:
        open_and_run_all(page, lab, f"{notebook}.ipynb", timeout_ms=300_000)
        page.evaluate(MARK_CHARTS)
        assert before in page.inner_text(".jp-Notebook") and not page.evaluate(DRAWN, drawn)
        page.evaluate(BUSY)
        page.wait_for_function(KERNEL_BUSY)
        handle = (page.locator(".widget-slider", has_text=label) if label else page.locator(".widget-slider")).first.locator(".noUi-handle")
        handle.focus()
        for _ in range(2):
            page.keyboard.press(key)
        page.wait_for_function(DRAWN, arg=drawn, timeout=3_000)
        assert page.evaluate(KERNEL_BUSY), "the chart waited for the kernel"
        assert before in page.inner_text(".jp-Notebook")  # the kernel's text has not caught up yet
        shown = dict(page.evaluate(VALUES))
        if notebook == "05-the-gamble":  # rebalanced in the page, before the kernel has heard of the step
            futures = ("Russia becomes a partner (%)", "Partial cooperation (%)", "Russia reverts to confrontation (%)")
            assert [shown[future] for future in futures] == list(CHANCES.values())
        wait_until_idle(page)
        page.wait_for_function("text => document.querySelector('.jp-Notebook').innerText.includes(text)", arg=after, timeout=30_000)
        assert dict(page.evaluate(VALUES)) == shown  # the kernel set what the page showed
        charts = page.evaluate(CHARTS)
        assert page.evaluate(DRAWN, drawn) and all(c["before"] for c in charts)


def _weights(security: int) -> tuple[str, str]:
    """03, the author's weights with this weight on help on Afghanistan: the leader's bar label and the verdict line."""
    model = load_model()
    raw = {**model.author, "security": security}
    lead, scores = winner(model.policies, raw), weighted_scores(model.policies, raw)
    return f"{scores[lead]:.1f}  ★ leads", f"Leads: {model.option_labels[lead]} ({scores[lead]:.1f})"


def _opinion(final: int) -> tuple[str, None]:
    """07, the final opinion written beside its point (no text of the kernel's states it before 00 is saved)."""
    return str(final), None


@pytest.mark.parametrize("notebook, label, key, expected", [
    ("03-weigh-it.ipynb", "Help on Afghanistan", "ArrowRight", _weights),
    ("07-your-verdict.ipynb", "Your final opinion", "ArrowRight", _opinion),
], ids=["03 weight", "07 final opinion"])
def test_a_bound_chart_written_with_the_kernels_numbers_follows_its_slider_while_the_kernel_is_busy(tmp_path, notebook, label, key, expected):
    """A bound chart reads its numbers from the sliders' models in the page: a step repaints it before the kernel
    (kept busy for six seconds) has heard of it, and the kernel's own answer, later, agrees."""
    with offline_page(SCREEN) as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(tmp_path / "r")}) as lab:
        open_and_run_all(page, lab, notebook, timeout_ms=300_000)
        page.evaluate(MARK_CHARTS)
        handle = page.locator(".widget-slider", has_text=label).locator(".noUi-handle").first
        start = int(float(handle.get_attribute("aria-valuenow")))
        end = start + (2 if key == "ArrowRight" else -2)
        (drawn_before, said_before), (drawn_after, said_after) = expected(start), expected(end)
        written = "() => [...document.querySelectorAll('.vega-embed svg.marks text')].some(t => t.textContent === %s)"
        assert page.evaluate(written % json.dumps(drawn_before))
        page.evaluate(BUSY)
        page.wait_for_function(KERNEL_BUSY)
        handle.focus()
        for _ in range(2):
            page.keyboard.press(key)
        page.wait_for_function(written % json.dumps(drawn_after), timeout=3_000)
        assert page.evaluate(KERNEL_BUSY), "the chart waited for the kernel"
        if said_before:
            assert said_before in page.inner_text(".jp-Notebook")  # the kernel's text has not caught up yet
        wait_until_idle(page)
        if said_after:
            page.wait_for_function("text => document.querySelector('.jp-Notebook').innerText.includes(text)", arg=said_after, timeout=30_000)
        assert page.evaluate(written % json.dumps(drawn_after))
        assert all(c["before"] for c in page.evaluate(CHARTS))  # every chart is the one drawn before the steps
        assert offline.blocked == [] and error_outputs(page) == []


def test_cells_run_out_of_order_say_what_to_do_and_fetch_nothing(tmp_path):
    with offline_page(SCREEN) as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(tmp_path / "r")}) as lab:
        # The exercise cell before the set-up cell: its charts say to run the first cell, and nothing is fetched.
        open_without_running(page, lab, "02-the-ledger.ipynb")
        run_cell(page, "c04")
        page.wait_for_function("text => document.querySelector('.jp-Notebook').innerText.includes(text)", arg=NOT_LOADED, timeout=60_000)
        assert offline.blocked == []
        # After the set-up cell, a cell that uses a name an unrun cell makes says so, with no traceback.
        open_without_running(page, lab, "05-the-gamble.ipynb")
        run_cell(page, "c02")
        run_cell(page, "c08")
        shown = page.inner_text(".jp-Notebook")
        print(re.findall(r"⚠ This cell uses [^\n]*", shown))
        assert "This cell uses name 'gamble' is not defined" not in shown
        assert re.search(r"This cell uses .*gamble.*which an earlier cell makes", shown)
        assert "Traceback" not in output_text(page) and "NameError" not in shown
        assert offline.blocked == []
