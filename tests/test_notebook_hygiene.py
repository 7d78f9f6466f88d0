"""Committed notebooks: clean, runnable by anyone, structured for a student, and honest about facts."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT

from reset_ledger.sequence import SEQUENCE, TEACHER, neighbours

ALL = SEQUENCE + TEACHER
PRESENT = [nb for nb in ALL if (NOTEBOOKS / nb.file).exists()]
# Dates and figures must come from data/ through code, never typed into prose.
TYPED_FACT = re.compile(r"\b(1[89]|20)\d\d\b|\$\s?\d|\d\s?(%|per ?cent|bn\b|billion|million)", re.IGNORECASE)


def read(file: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / file, as_version=4)


def markdown(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def planned() -> set[str]:
    """Notebooks the README marks as planned: links to them may wait until they exist."""
    readme = (ROOT / "README.md").read_text()
    return {nb.file for nb in ALL if re.search(rf"\|\s*{nb.number}\s*\|[^\n]*\(planned\)", readme)}


def test_every_notebook_in_the_folder_is_in_the_sequence():
    on_disk = {p.name for p in NOTEBOOKS.glob("*.ipynb")}
    assert on_disk <= {nb.file for nb in ALL}


def test_only_planned_notebooks_are_missing():
    missing = {nb.file for nb in ALL} - {nb.file for nb in PRESENT}
    assert missing == planned()


@pytest.mark.parametrize("entry", PRESENT, ids=lambda nb: nb.number)
def test_committed_clean(entry):
    nb = read(entry.file)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"cells {dirty} carry outputs or execution counts: clear them before committing"
    assert "widgets" not in nb.metadata, "widget state is saved in the notebook's metadata"
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("entry", PRESENT, ids=lambda nb: nb.number)
def test_opens_with_title_time_and_objectives(entry):
    nb = read(entry.file)
    first = nb.cells[0].source
    assert first.startswith(f"# {entry.label}\n")
    assert re.search(rf"\*\*Time:\*\* {entry.minutes} minutes", first)
    assert any(re.search(r"^## Objectives$", text, re.M) for text in markdown(nb))


@pytest.mark.parametrize("entry", PRESENT, ids=lambda nb: nb.number)
def test_headings_in_order(entry):
    levels = [len(m) for text in markdown(read(entry.file)) for m in re.findall(r"^(#+) ", text, re.M)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"a heading level is skipped: {levels}"


@pytest.mark.parametrize("entry", PRESENT, ids=lambda nb: nb.number)
def test_first_code_cell_is_the_tagged_setup(entry):
    first = next(c for c in read(entry.file).cells if c.cell_type == "code")
    assert "reset_ledger.setup()" in first.source
    assert "setup" in first.metadata.get("tags", [])


@pytest.mark.parametrize("entry", PRESENT, ids=lambda nb: nb.number)
def test_ends_with_key_points_then_navigation(entry):
    nb = read(entry.file)
    assert nb.cells[-2].source.startswith("## Key points")
    nav = nb.cells[-1].source
    if entry in TEACHER:
        assert "00-start-here.ipynb" in nav
        return
    previous, following = neighbours(entry.file)
    for neighbour, word in ((previous, "Previous"), (following, "Next")):
        if neighbour:
            assert f"**{word}:** [" in nav and f"]({neighbour.file})" in nav and neighbour.label in nav


@pytest.mark.parametrize("entry", PRESENT, ids=lambda nb: nb.number)
def test_links_point_at_notebooks_that_exist(entry):
    targets = re.findall(r"\]\(([^)#]+\.ipynb)", "\n".join(markdown(read(entry.file))))
    assert all((NOTEBOOKS / t).exists() or t in planned() for t in targets), targets


@pytest.mark.parametrize("entry", PRESENT, ids=lambda nb: nb.number)
def test_no_date_or_figure_typed_into_prose(entry):
    found = [m.group(0) for text in markdown(read(entry.file)) for m in TYPED_FACT.finditer(text)]
    assert not found, f"dates or figures typed into markdown (show them from data/ instead): {found}"


@pytest.mark.parametrize("entry", PRESENT, ids=lambda nb: nb.number)
def test_images_have_alt_text(entry):
    text = "\n".join(markdown(read(entry.file)))
    assert not re.search(r"!\[\s*\]\(", text) and not re.search(r"<img(?![^>]*\balt=\"[^\"]+\")", text)


def test_readme_lists_the_sequence_with_minutes():
    readme = (ROOT / "README.md").read_text()
    for nb in ALL:
        assert re.search(rf"\|\s*{re.escape(nb.number)}\s*\|.*{re.escape(nb.title)}.*\|\s*{nb.minutes}\s*\|", readme), nb.label
