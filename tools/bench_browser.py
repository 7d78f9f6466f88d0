"""The browser half of `make bench`: every live slider of notebooks 02–07 stepped with the keyboard in
JupyterLab (Chromium, network cut), timed from key press to the chart repainted, next to the bare-widget floor.

Per slider it prints the median and p95 of key press → page text changed and key press → last chart change
painted, the frames in which a chart on the page was missing, and how far the cell below moved. The floor is an
`IntSlider` whose callback sets an `HTML` widget, measured in the same run. `python -m tools.bench_browser
[ROOT]` benches the collection at ROOT (another checkout, e.g. main, for a before/after table).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import jupyterlab, offline_page, open_and_run_all, wait_until_idle  # noqa: E402

NOTEBOOKS = ("02-the-ledger", "03-weigh-it", "04-who-pays", "05-the-gamble", "06-hindsight", "07-your-verdict")
STEPS = 30
FLOOR_NOTEBOOK = "bench-floor.ipynb"
FLOOR_CELL = """import ipywidgets as w
floor_slider, floor_text = w.IntSlider(description="floor", max=1000), w.HTML("0")
floor_slider.observe(lambda change: setattr(floor_text, "value", str(change["new"])), names="value")
w.VBox([floor_slider, floor_text])"""

# One key press on a focused slider handle, observed until the page has been quiet for QUIET ms: when text
# first changed, when a chart last changed (plus the frame that painted it), how many animation frames had
# fewer rendered charts than before the press, and how the top of the cell below moved: `jump`, the furthest it
# went from both where it started and where it settled (content that vanished for a moment, e.g. a chart drawn
# again), and `moved`, from where it started to where it settled (content that changed length, e.g. a message).
PROBE = """([index, quiet]) => {
  const handle = document.querySelectorAll('.widget-slider .noUi-handle')[index];
  const cell = handle.closest('.jp-Cell');
  const below = cell && cell.nextElementSibling;
  const rendered = () => document.querySelectorAll('.vega-embed svg.marks, .vega-embed canvas.marks').length;
  const charts = rendered();
  const top0 = below ? below.getBoundingClientRect().top : 0;
  let pressed = null, text = null, chart = null, last = null, missing = 0, done = false;
  const tops = [];
  const inChart = node => node && (node.nodeType === 1 ? node : node.parentElement)?.closest?.('.vega-embed, .reset-ledger-chart');
  const observer = new MutationObserver(records => {
    const now = performance.now();
    if (pressed === null) return;
    last = now;
    for (const r of records) {
      if (r.target.closest && r.target.closest('.widget-slider')) continue;
      const charty = inChart(r.target) || [...r.addedNodes, ...r.removedNodes].some(n => n.nodeType === 1 &&
        (n.matches('.vega-embed, .reset-ledger-chart') || n.querySelector('.vega-embed')));
      if (charty) chart = now; else if (text === null) text = now;
    }
  });
  observer.observe(document.querySelector('.jp-Notebook'), {subtree: true, childList: true, attributes: true, characterData: true});
  const onKey = event => { if (pressed === null) pressed = event.timeStamp; };
  document.addEventListener('keydown', onKey, {capture: true, once: true});
  const frames = [];
  const frame = () => {
    if (done) return;
    if (pressed !== null) {
      if (rendered() < charts) missing += 1;
      if (below) tops.push(below.getBoundingClientRect().top);
      frames.push(performance.now());
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  handle.focus();
  window.__benchStep = new Promise(resolve => {
    const start = performance.now();
    const check = () => {
      const now = performance.now();
      const idle = pressed !== null && now - (last ?? pressed) > quiet;
      if ((idle && (chart !== null || now - start > 3000)) || now - start > 8000) finish(); else setTimeout(check, 20);
    };
    const finish = () => {
      done = true;
      observer.disconnect();
      const painted = chart === null ? null : (frames.find(t => t >= chart) ?? chart);
      const settled = below ? below.getBoundingClientRect().top : 0;
      const jump = Math.max(0, ...tops.map(top => Math.min(Math.abs(top - top0), Math.abs(top - settled))));
      resolve({text: text === null ? null : text - pressed, chart: painted === null ? null : painted - pressed, missing,
               jump, moved: Math.abs(settled - top0)});
    };
    setTimeout(check, quiet);
  });
}"""

SLIDERS = """() => [...document.querySelectorAll('.widget-slider')].map((s, i) => {
  const label = s.querySelector('.widget-label');
  const handle = s.querySelector('.noUi-handle');
  const cell = s.closest('.jp-Cell');
  return {index: i, label: label ? label.textContent : '', cell: [...document.querySelectorAll('.jp-Notebook .jp-Cell')].indexOf(cell),
          visible: s.offsetParent !== null && !s.classList.contains('mod-disabled') && !handle.hasAttribute('disabled'),
          value: Number(handle.getAttribute('aria-valuenow')), min: Number(handle.getAttribute('aria-valuemin')),
          max: Number(handle.getAttribute('aria-valuemax'))};
})"""


def step(page, index: int, key: str, quiet: int = 300) -> dict:
    """One real key press on slider `index` (focused first), measured."""
    page.evaluate(PROBE, [index, quiet])
    page.keyboard.press(key)
    return page.evaluate("() => window.__benchStep")


def summary(samples: list[dict], field: str) -> tuple[float | None, float | None]:
    """Median and p95 (nearest rank) of one timing over the steps that produced it."""
    values = sorted(s[field] for s in samples if s[field] is not None)
    if not values:
        return None, None
    return statistics.median(values), values[max(0, round(0.95 * len(values)) - 1)]


def bench_sliders(page, steps: int) -> list[tuple[str, list[dict]]]:
    """Step the first live slider of every cell that has sliders, `steps` times each (ArrowRight, or ArrowLeft at the top)."""
    rows = []
    seen_cells: set[int] = set()
    for slider in page.evaluate(SLIDERS):
        if not slider["visible"] or slider["cell"] in seen_cells:
            continue
        seen_cells.add(slider["cell"])
        page.locator(".widget-slider .noUi-handle").nth(slider["index"]).scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        samples = []
        value = slider["value"]
        for _ in range(steps):
            key = "ArrowRight" if value < slider["max"] else "ArrowLeft"
            samples.append(step(page, slider["index"], key))
            value = page.evaluate(f"() => Number(document.querySelectorAll('.widget-slider .noUi-handle')[{slider['index']}].getAttribute('aria-valuenow'))")
            if key == "ArrowLeft" and value <= slider["min"]:
                value = slider["min"]
        wait_until_idle(page)
        rows.append((slider["label"] or f"slider {slider['index']}", samples))
    return rows


def floor_notebook(folder: Path) -> None:
    """The bare-widget floor: an IntSlider whose callback sets an HTML widget's text."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / FLOOR_NOTEBOOK)


def fmt(pair: tuple[float | None, float | None]) -> str:
    """'median / p95' in ms, or a dash when nothing changed."""
    return "—" if pair[0] is None else f"{pair[0]:4.0f} / {pair[1]:4.0f}"


def run(root: Path, steps: int = STEPS, notebooks: tuple[str, ...] = NOTEBOOKS) -> None:
    """Bench the collection at `root` and print one table row per live slider."""
    with tempfile.TemporaryDirectory() as tmp, offline_page({"width": 1366, "height": 768}) as (page, offline):
        tmp_path = Path(tmp)
        env = {"RESET_LEDGER_RESPONSES": str(tmp_path / "responses")}
        with jupyterlab(root, tmp_path, env) as lab:
            floor_notebook(lab.root / "notebooks")
            open_and_run_all(page, lab, FLOOR_NOTEBOOK)
            floor = [step(page, 0, "ArrowRight", 200) for _ in range(steps)]
            floor_median = summary(floor, "text")[0] or 1.0
            print(f"load average {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores; {steps} steps per slider")
            print("| slider | text updated (median / p95 ms) | chart repainted (median / p95 ms) | × floor | frames without a chart "
                  "| cell below: jumped / moved (max px) |")
            print("|---|---|---|---|---|---|")
            print(f"| floor: bare IntSlider → HTML | {fmt(summary(floor, 'text'))} | — | 1.0 | — | — |")
            for name in notebooks:
                open_and_run_all(page, lab, f"{name}.ipynb", timeout_ms=300_000)
                for label, samples in bench_sliders(page, steps):
                    chart = summary(samples, "chart")
                    ratio = "—" if chart[0] is None else f"{chart[0] / floor_median:.1f}"
                    missing = sum(s["missing"] > 0 for s in samples)
                    frames = sum(s["missing"] for s in samples)
                    jump, moved = (max(s[key] for s in samples) for key in ("jump", "moved"))
                    print(f"| {name[:2]} {label.strip()[:48]} | {fmt(summary(samples, 'text'))} | {fmt(chart)} | {ratio} | "
                          f"{frames} in {missing} of {len(samples)} steps | {jump:.0f} / {moved:.0f} |", flush=True)
            print(f"blocked requests: {len(offline.blocked)}; load average now {os.getloadavg()[0]:.1f}")


def main() -> None:
    """`python -m tools.bench_browser [ROOT] [STEPS] [NOTEBOOK …]` (notebook names without .ipynb)."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    run(root, int(sys.argv[2]) if len(sys.argv) > 2 else STEPS, tuple(sys.argv[3:]) or NOTEBOOKS)


if __name__ == "__main__":
    main()
