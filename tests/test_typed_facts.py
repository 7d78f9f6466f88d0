"""Facts reach students from data/ only: no date of an event or a resolution, and no year or money figure,
is typed into a notebook or into the text the package shows (the markdown check is in test_notebook_hygiene)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import NOTEBOOKS

from reset_ledger.data import load
from tools.quotation import shown_strings

PACKAGE = NOTEBOOKS / "reset_ledger"
# The schema's strings document the CSV files (data/README.md), they are not shown in a notebook.
DOCUMENTATION = {PACKAGE / "schema.py"}
# Years and money: '2014', '$4', '5 bn', '3 billion'. Percentages are left to the scale texts ('0 to 100 %').
YEAR_OR_MONEY = re.compile(r"\b(1[89]|20)\d\d\b|\$\s?\d|\d\s?(bn\b|billion|million)", re.IGNORECASE)


def date_forms(date: pd.Timestamp) -> set[str]:
    """The ways a day could be typed: '2010-12-22', '22 December 2010', '22 Dec 2010', 'December 22, 2010', '22/12/2010'…"""
    day, month, short, year = date.day, date.strftime("%B"), date.strftime("%b"), date.year
    forms = {date.strftime("%Y-%m-%d"), f"{day}/{date.month}/{year}", f"{day:02d}/{date.month:02d}/{year}",
             f"{date.month}/{day}/{year}", f"{date.month:02d}/{day:02d}/{year}", f"{day}.{date.month}.{year}"}
    for name in (month, short, short + "."):
        for d in (str(day), f"{day:02d}"):
            forms |= {f"{d} {name} {year}", f"{name} {d}, {year}", f"{name} {d} {year}"}
    return {f.lower() for f in forms}


def month_forms(date: pd.Timestamp) -> set[str]:
    """'December 2010' and 'Dec 2010'."""
    return {f"{date.strftime('%B')} {date.year}".lower(), f"{date.strftime('%b')} {date.year}".lower()}


def typed_dates(text: str, forms: frozenset[str]) -> list[str]:
    """Every date form found in the text, as whole words."""
    return sorted(set(_pattern(forms).findall(text.lower())))


@functools.cache
def _pattern(forms: frozenset[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w/.-])(?:{alternatives})(?![\w/-])")


@functools.cache
def data_dates() -> tuple[frozenset[str], frozenset[str]]:
    """Day forms of every event and resolution date in data/, and month forms of every resolution date."""
    events, forecasts = load("events"), load("forecasts")
    days = set()
    for frame, columns in ((events[events["precision"] == "day"], ["date"]), (forecasts, ["resolved_on", "deadline"])):
        for column in columns:
            for date in frame[column].dropna():
                days |= date_forms(date)
    months = set()
    for date in forecasts["resolved_on"]:
        months |= month_forms(date)
    return frozenset(days), frozenset(months)


def notebook_texts() -> Iterator[tuple[str, str, str]]:
    """(notebook, cell, source) for every cell of every notebook."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
            yield path.name, f"cell {number} ({cell.cell_type})", cell.source


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_detectors_catch_typed_dates_and_figures():
    days, months = data_dates()
    assert typed_dates("The Senate voted on 22 December 2010.", days) == ["22 december 2010"]
    assert typed_dates("ratified on December 22, 2010", days) == ["december 22, 2010"]
    assert typed_dates("resolved_on = '2010-12-22'", days) == ["2010-12-22"]
    assert typed_dates("settled in Aug 2012", months) == ["aug 2012"]
    assert typed_dates("on 122 December 20100", days) == []
    assert YEAR_OR_MONEY.search("Crimea, 2014") and YEAR_OR_MONEY.search("$4 bn") and not YEAR_OR_MONEY.search("0 to 100 %")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_event_or_resolution_date_is_typed_into_the_package(path):
    days, months = data_dates()
    text = path.read_text(encoding="utf-8")
    assert typed_dates(text, days | months) == [], f"{path.name} types a date from data/: read it from the CSV instead"


def test_no_event_or_resolution_date_is_typed_into_a_notebook():
    days, months = data_dates()
    found = [(nb, cell, typed_dates(source, days | months)) for nb, cell, source in notebook_texts()]
    assert [f for f in found if f[2]] == []


def test_no_year_or_money_figure_in_notebook_code():
    found = [(nb, cell, m.group(0)) for nb, cell, source in notebook_texts() if "code" in cell
             for m in YEAR_OR_MONEY.finditer(source)]
    assert found == []


@pytest.mark.parametrize("path", [m for m in MODULES if m not in DOCUMENTATION], ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_year_or_money_figure_in_what_the_package_shows(path):
    ids = set(load("sources")["source_id"])  # a source id names a row of data/ (its citation comes from there)
    found = [(line, m.group(0), text[:60]) for line, text in shown_strings(path.read_text(encoding="utf-8")) if text not in ids
             for m in YEAR_OR_MONEY.finditer(text)]
    assert found == [], f"{path.name}: figures typed into shown text (draw them from data/): {found}"
