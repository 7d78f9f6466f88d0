"""Teacher notes live in `teacher/notes/`, apart from the notebooks students open, so a student in
JupyterLab never meets a note or an answer; the teacher edition merges them back in as cells tagged
`teacher`, next to the cell each one is about.

A notes file is named after its notebook (`teacher/notes/02-the-ledger.md`) and is plain Markdown cut
into notes by anchor lines: `<!-- after: c05 -->` starts a note that goes after the cell whose id is
`c05`. Several notes may follow one cell; they keep their order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "teacher" / "notes"
TAG = "teacher"
ANCHOR = re.compile(r"^<!-- after: (\S+) -->[ \t]*$", re.M)


class TeacherNoteError(ValueError):
    """A notes file cannot be merged: it names a cell its notebook does not have, or has text before any anchor."""


@dataclass(frozen=True)
class Note:
    """One teacher note and the id of the cell it follows."""

    after: str
    text: str


def notes_file(notebook: str, folder: Path = NOTES) -> Path:
    """Where a notebook's notes are kept: the notebook's name with `.md`."""
    return folder / Path(notebook).with_suffix(".md").name


def parse(text: str, source: str = "notes") -> list[Note]:
    """The notes in a notes file's text, in order; text before the first anchor is refused, not lost."""
    parts = ANCHOR.split(text)
    if parts[0].strip():
        raise TeacherNoteError(f"{source}: text before the first '<!-- after: CELL-ID -->' line belongs to no cell")
    return [Note(after, body.strip()) for after, body in zip(parts[1::2], parts[2::2])]


def notes_for(notebook: str, folder: Path = NOTES) -> list[Note]:
    """A notebook's teacher notes (none when it has no notes file)."""
    path = notes_file(notebook, folder)
    return parse(path.read_text(encoding="utf-8"), str(path)) if path.exists() else []


def merge(nb: nbformat.NotebookNode, notes: list[Note], source: str = "notes") -> nbformat.NotebookNode:
    """The notebook with each note inserted as a `teacher` cell after its anchor cell (the notebook is changed in place)."""
    ids = [cell.get("id") for cell in nb.cells]
    unknown = sorted({note.after for note in notes} - set(ids))
    if unknown:
        raise TeacherNoteError(f"{source}: no cell with id {', '.join(unknown)} in the notebook")
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        for n, note in enumerate(note for note in notes if note.after == cell.get("id")):
            cells.append(nbformat.v4.new_markdown_cell(note.text, id=f"teacher-{note.after}-{n}", metadata={"tags": [TAG]}))
    nb.cells = cells
    return nb


def teacher_version(path: Path, folder: Path = NOTES) -> nbformat.NotebookNode:
    """A notebook read from disk with its teacher notes merged in: the source of the teacher edition."""
    nb = nbformat.read(path, as_version=4)
    return merge(nb, notes_for(path.name, folder), str(notes_file(path.name, folder)))
