"""`make bench`: print the collection's speed and size figures next to their budgets (never fails on them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NBVAL = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile",
         "--nbval-lax", "--nbval-current-env"]
FLOOR_CELL = "import pandas, altair, ipywidgets\nimport reset_ledger"


def timed(command: list[str], cwd: Path) -> float:
    """Wall time of a command that must succeed."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def nbval_against_floor() -> None:
    """The whole sequence under nbval next to N notebooks that only start a kernel and import the stack."""
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    sequence = timed(NBVAL + [str(p) for p in notebooks], ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        floor_dir = Path(tmp) / "notebooks"
        shutil.copytree(NOTEBOOKS / "reset_ledger", floor_dir / "reset_ledger")
        shutil.copytree(ROOT / "data", Path(tmp) / "data")
        empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
        empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        for path in notebooks:
            nbformat.write(empty, floor_dir / path.name)
        floor = timed(NBVAL + [str(floor_dir)], Path(tmp))
    print(f"nbval, all {len(notebooks)} notebooks: {sequence:6.1f} s")
    print(f"floor ({len(notebooks)} × kernel start + imports): {floor:6.1f} s")
    print(f"ratio: {sequence / floor:.2f} (budget ≤ 1.30)")


# Every exercise with sliders, moved 240 times in a real kernel (its widgets displayed, so comms are open).
EXERCISES = (
    ("02 ledger: a worth slider", "ledger", "LedgerExercise"),
    ("03 weights: a swing weight", "weighing", "WeighExercise"),
    ("04 who pays: a score", "who_pays", "WhoPaysExercise"),
    ("04 win-set: a bloc's votes", "who_pays", "WinSetExercise"),
    ("05 gamble: a chance", "gamble", "GambleExercise"),
    ("07 verdict: the final opinion", "verdict", "VerdictExercise"),
)
SLIDER_LOOP = """
import json, statistics, time
import ipywidgets, reset_ledger
from IPython.display import display
from reset_ledger.exercises.{module} import {exercise}
reset_ledger.setup()
exercise = {exercise}()
display(exercise)
sliders = [c for c in exercise.inputs().values() if isinstance(c, (ipywidgets.IntSlider, ipywidgets.FloatSlider))]
timings = []
for step in range(240):
    slider = sliders[step % len(sliders)]
    target = slider.max if slider.value != slider.max else slider.min
    start = time.perf_counter()
    slider.value = target
    timings.append((time.perf_counter() - start) * 1000)
timings.sort()
print(json.dumps({{"n": len(timings), "median": statistics.median(timings), "p95": timings[int(0.95 * len(timings)) - 1]}}))
"""


def _in_a_kernel(loop: str) -> dict:
    """Run a timing loop in a fresh kernel and return the figures it prints."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(NOTEBOOKS), stderr=subprocess.DEVNULL)
    try:
        lines: list[str] = []
        client.execute_interactive(
            loop,
            timeout=300,
            output_hook=lambda msg: lines.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None,
        )
        return json.loads("".join(lines).strip().splitlines()[-1])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def slider_latency() -> None:
    """Kernel-side time from a slider change to the updated result and charts (goal: median ≤ 30 ms, p95 ≤ 80 ms)."""
    for label, module, exercise in EXERCISES:
        figures = _in_a_kernel(SLIDER_LOOP.format(module=module, exercise=exercise))
        print(f"{label:<32} {figures['n']} changes: median {figures['median']:5.1f} ms, p95 {figures['p95']:5.1f} ms")


def import_time() -> None:
    """Import time of the package in a fresh interpreter, next to the stack it builds on."""
    probe = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
    for label, modules in (("pandas, altair, ipywidgets", "pandas, altair, ipywidgets"),
                           ("the stack + reset_ledger and its exercises", "reset_ledger, reset_ledger.exercises.ledger, reset_ledger.exercises.bets")):
        seconds = float(subprocess.run([sys.executable, "-c", probe.format(modules)], cwd=NOTEBOOKS, check=True,
                                       capture_output=True, text=True).stdout)
        print(f"import {label}: {seconds * 1000:6.0f} ms")


def notebook_sizes() -> None:
    """Size of every committed notebook (budget 60 KB each)."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        print(f"{path.name:<36} {path.stat().st_size / 1024:6.1f} KB (budget ≤ 60 KB)")


def handouts() -> None:
    """Time to build every handout, both editions (goal ≤ 90 s on 2 cores), each notebook's build time and each
    file's size (goal ≤ 1.3 MB), then the A4 pages each prints on (goal: the student set on ≤ 50 pages)."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        log = subprocess.run([sys.executable, "-m", "tools.handouts", "--out", tmp], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
        seconds = time.perf_counter() - start
        files = sorted(Path(tmp).glob("*/*.html"))
        for line in log.splitlines():
            if line.startswith("built "):
                print(f"{line} (kernel start, every cell, both editions written)")
        for path in files:
            print(f"{path.parent.name + '/' + path.name:<40} {path.stat().st_size / 1e6:5.2f} MB (budget ≤ 1.30 MB)")
        print(f"make handouts, {len(files)} files: {seconds:6.1f} s (budget ≤ 90 s on 2 cores); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        printed_pages(Path(tmp))


def printed_pages(folder: Path) -> None:
    """A4 pages per handout when printed from Chromium at 100 %, per edition, and the student set's total."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from browser import offline_page

    from tools.paper import print_handout

    with offline_page() as (page, _):
        for edition in ("student", "teacher"):
            total = 0
            for path in sorted((folder / edition).glob("*.html")):
                pages = print_handout(page, path).pages
                aside = {"reference.html": " (printed once for the class)", "index.html": " (the contents page, for the screen)"}
                total += 0 if path.name in aside else pages
                print(f"{edition + '/' + path.name:<40} {pages:3d} A4 pages{aside.get(path.name, '')}")
            budget = " (budget ≤ 50)" if edition == "student" else ""
            print(f"{edition} set, the handouts and the glossary: {total} A4 pages{budget}")


def made_up_class(size: int) -> tuple[Path, int]:
    """A made-up class of `size` students in build/bench-classes/ (kept: making 5,000 takes minutes), and its file count."""
    sys.path.insert(0, str(ROOT / "tools"))
    from fake_class import make_class

    folder = ROOT / "build" / "bench-classes" / str(size)
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        truth = make_class(folder, size)
        done.write_text(str(sum(truth.students.values()) + truth.refused))
    return folder, int(done.read_text())


def class_results() -> None:
    """Notebook 90 on made-up classes of 30, 1,000 and 5,000 students (goal ≤ 30 s on 2 cores, saved outputs ≤ 2 MB)."""
    import nbclient

    for size in (30, 1000, 5000):
        folder, files = made_up_class(size)
        nb = nbformat.read(NOTEBOOKS / "90-teacher-class-results.ipynb", as_version=4)
        env = {**os.environ, "RESET_LEDGER_RESPONSES": str(folder)}
        env.pop("RESET_LEDGER_HANDIN", None)
        client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
        start = time.perf_counter()
        client.execute(env=env)
        wall = time.perf_counter() - start
        cells = sum(_cell_seconds(cell) for cell in nb.cells if cell.cell_type == "code")
        size_mb = len(nbformat.writes(nb).encode()) / 1e6
        print(f"{size:>5} students ({files:>5} files): notebook 90 ran in {wall:5.1f} s (its cells {cells:5.1f} s; budget ≤ 30 s), "
              f"saved {size_mb:4.2f} MB (budget ≤ 2 MB); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def _cell_seconds(cell: nbformat.NotebookNode) -> float:
    """How long a cell ran, from the timing nbclient records in its metadata."""
    import datetime as dt

    timing = cell.metadata.get("execution", {})
    started, ended = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not started or not ended:
        return 0.0
    return (dt.datetime.fromisoformat(ended.replace("Z", "+00:00")) - dt.datetime.fromisoformat(started.replace("Z", "+00:00"))).total_seconds()


def browser_sliders() -> None:
    """Every live slider of 02–07 stepped with the keyboard in JupyterLab in Chromium, network cut: key press to text
    and to chart repainted, beside the bare-widget floor (goal: median ≤ 1.5 × floor, p95 ≤ 100 ms, no frame without
    a chart, nothing below moved). Never fails the build."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from browser import CHROMIUM

    from tools import bench_browser

    if not Path(CHROMIUM).exists():
        print(f"skipped: no Chromium at {CHROMIUM} (install Debian's `chromium` to bench the sliders in a browser)")
        return
    try:
        bench_browser.run(ROOT)
    except Exception as error:  # a figure we could not take is reported, never a failed build
        print(f"the browser bench stopped early: {type(error).__name__}: {error}")


SECTIONS = (nbval_against_floor, slider_latency, import_time, notebook_sizes, handouts, class_results, browser_sliders)


def main() -> None:
    """Every section, or only those named: `python tools/bench.py class_results`."""
    for section in SECTIONS:
        if len(sys.argv) > 1 and section.__name__ not in sys.argv[1:]:
            continue
        print(f"\n== {section.__doc__}")
        section()


if __name__ == "__main__":
    main()
