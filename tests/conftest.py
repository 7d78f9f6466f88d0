"""Shared test set-up: the package beside the notebooks is importable, data can be copied and broken."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import vl_convert

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data"
sys.path.insert(0, str(NOTEBOOKS))
sys.path.append(str(ROOT))  # the build tooling in tools/ (handouts, figures)

import reset_ledger.answers  # noqa: E402,F401  (every notebook's answer format, registered as a notebook's set-up cell does)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read_table(path: Path) -> list[list[str]]:
    """A CSV file as a list of records, header first."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_table(path: Path, records: list[list[str]]) -> None:
    """Write records back as CSV."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(records)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Change one cell; `row` is numbered as in a spreadsheet (the header is row 1)."""
    records = read_table(path)
    records[row - 1][records[0].index(column)] = value
    write_table(path, records)


def displayed_charts(out) -> list[dict]:
    """The Vega-Lite specs an Output widget currently shows (parsed back from the offline chart HTML)."""
    specs = []
    for output in out.outputs:
        text = output["data"].get("text/html", "")
        found = re.search(r"\}\)\((\{.*\}), (\{.*?\})\);\s*</script>", text, re.S)
        if found:
            specs.append(json.loads(found.group(1)))
    return specs


def drawn(spec: dict) -> tuple[str, list[dict[str, str]]]:
    """What Vega draws from a spec: its title, and each mark's fields as a screen reader hears them (a chart whose
    numbers are expressions over its params is checked where they are computed)."""
    svg = vl_convert.vegalite_to_svg(spec)
    title = re.search(r"Title text '([^']*)'", svg)
    marks = [dict(field.split(": ", 1) for field in html.unescape(label).split("; ") if ": " in field)
             for label in re.findall(r'aria-label="([^"]*)" role="graphics-symbol"', svg)]
    return html.unescape(title.group(1)) if title else "", marks


def chart_data(spec: dict) -> list[dict]:
    """Every row of every inline dataset in a spec."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows]
