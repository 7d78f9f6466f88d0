"""figures/: every exported chart is present, listed with its alt text, and in step with data/."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from conftest import ROOT

from tools.figures import CATALOGUE, FIGURES, spec_text


def check(folder) -> subprocess.CompletedProcess:
    """`tools/figures.py --check` in a fresh interpreter, as `make figures` runs it."""
    return subprocess.run([sys.executable, "-m", "tools.figures", "--check", "--out", str(folder)],
                          cwd=ROOT, capture_output=True, text=True)


def test_committed_figures_match_the_data():
    result = check(FIGURES)
    assert result.returncode == 0, result.stderr


def test_each_figure_is_an_svg_and_a_png_listed_with_its_alt_text():
    readme = (FIGURES / "README.md").read_text()
    for figure in CATALOGUE:
        assert (FIGURES / f"{figure.name}.svg").read_text().startswith("<svg")
        assert (FIGURES / f"{figure.name}.png").read_bytes().startswith(b"\x89PNG")
        description = json.loads((FIGURES / f"{figure.name}.vl.json").read_text())["description"]
        assert f"| {figure.name} |" in readme and description in readme
    assert {f.name for f in CATALOGUE} >= {"00-timeline", "02-authors-ledger"}


def test_a_figure_out_of_step_with_the_data_is_caught(tmp_path):
    folder = tmp_path / "figures"
    shutil.copytree(FIGURES, folder)
    spec_path = folder / "02-authors-ledger.vl.json"
    spec = json.loads(spec_path.read_text())
    spec["params"][0]["value"] += 1  # as if an item's score in data/ had changed since the export
    spec_path.write_text(spec_text(spec))
    (folder / "00-timeline.png").unlink()
    result = check(folder)
    assert result.returncode != 0
    assert "02-authors-ledger.vl.json" in result.stderr and "00-timeline.png" in result.stderr
    assert "00-timeline.vl.json" not in result.stderr
