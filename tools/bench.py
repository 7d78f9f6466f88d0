"""`make bench`: print the collection's speed and size figures next to their budgets (never fails on them)."""

from __future__ import annotations

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


def notebook_sizes() -> None:
    """Size of every committed notebook (budget 60 KB each)."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        print(f"{path.name:<36} {path.stat().st_size / 1024:6.1f} KB (budget ≤ 60 KB)")


def main() -> None:
    for section in (nbval_against_floor, notebook_sizes):
        print(f"\n== {section.__doc__}")
        section()


if __name__ == "__main__":
    main()
