"""Teacher notes: kept apart from the notebooks students open, merged back into the teacher edition."""

from __future__ import annotations

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT
from nbformat.v4 import new_markdown_cell, new_notebook

from reset_ledger.sequence import SEQUENCE, TEACHER
from tools.teacher_notes import NOTES, TeacherNoteError, merge, notes_for, parse, teacher_version

ALL = [nb for nb in SEQUENCE + TEACHER if (NOTEBOOKS / nb.file).exists()]


@pytest.mark.parametrize("entry", ALL, ids=lambda nb: nb.number)
def test_a_student_notebook_holds_no_teacher_note_or_solution(entry):
    nb = nbformat.read(NOTEBOOKS / entry.file, as_version=4)
    tagged = [c.id for c in nb.cells if {"teacher", "solution"} & set(c.metadata.get("tags", []))]
    assert tagged == [], "teacher notes belong in teacher/notes/, where a student opening the notebook never sees them"
    shown = "\n".join(c.source for c in nb.cells)
    leaked = [n.text.splitlines()[0] for n in notes_for(entry.file) if n.text in shown]
    assert leaked == []


def test_every_notes_file_belongs_to_a_notebook_and_every_anchor_to_a_cell():
    files = {p.name for p in NOTES.glob("*.md")}
    assert files <= {nb.file.replace(".ipynb", ".md") for nb in SEQUENCE + TEACHER}
    for entry in ALL:
        merged = teacher_version(NOTEBOOKS / entry.file)  # raises on an anchor with no cell
        assert sum("teacher" in c.metadata.get("tags", []) for c in merged.cells) == len(notes_for(entry.file))


def test_notes_land_after_their_cell_in_order_tagged_teacher():
    nb = new_notebook(cells=[new_markdown_cell("intro", id="a"), new_markdown_cell("task", id="b")])
    notes = parse("<!-- after: a -->\nfirst\n\n<!-- after: b -->\nsecond\n<!-- after: a -->\nthird\n")
    merged = merge(nb, notes)
    assert [c.source for c in merged.cells] == ["intro", "first", "third", "task", "second"]
    assert [c.metadata.get("tags") for c in merged.cells] == [None, ["teacher"], ["teacher"], None, ["teacher"]]
    assert len({c.id for c in merged.cells}) == 5


def test_a_note_for_a_missing_cell_or_outside_any_anchor_is_refused():
    nb = new_notebook(cells=[new_markdown_cell("intro", id="a")])
    with pytest.raises(TeacherNoteError, match="no cell with id gone"):
        merge(nb, parse("<!-- after: gone -->\nlost note\n"))
    with pytest.raises(TeacherNoteError, match="belongs to no cell"):
        parse("a stray paragraph\n<!-- after: a -->\nnote\n")


def test_the_readme_sends_teachers_to_the_notes():
    assert "teacher/notes/" in (ROOT / "README.md").read_text()
