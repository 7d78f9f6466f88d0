"""How long each notebook really takes: the words it shows, read at 150 a minute, plus the minutes of its
activities in data/activities.csv. `python -m tools.minutes` runs every notebook and prints the table.

What counts as shown (the rule the tests hold every notebook to):
- counted: the Markdown prose; the text a run shows in cell outputs (HTML, Markdown, printed text); and the
  text inside the widgets a run creates: labels and descriptions, placeholders, tab titles, HTML and Label
  widgets, and whatever their Output widgets show;
- not counted: code (code cells, ``inline code`` and code blocks), charts (their scripts), data tables
  (``<table>``: a student looks rows up rather than reads them in full), the bodies of collapsed
  ``<details>`` (sources, optional extras; their summary line counts), menu options, and text that only
  appears after an answer (comparisons, reveals). Reading a table or a reveal is part of an activity's minutes.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup, Comment
from nbclient import NotebookClient
from nbconvert.filters.markdown_mistune import markdown2html_mistune

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
if str(NOTEBOOKS) not in sys.path:
    sys.path.insert(0, str(NOTEBOOKS))

from reset_ledger.data import load  # noqa: E402
from reset_ledger.responses import FOLDER_ENV  # noqa: E402
from reset_ledger.sequence import CORE_PATH, LESSON_MINUTES, SEQUENCE, TEACHER, Notebook  # noqa: E402

WORDS_PER_MINUTE = 150  # on-screen reading by 16-year-olds
ROUND_TO = 5  # stated minutes are given to the next five
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOT_READ = ("script", "style", "table", "pre", "code")
TEXT_MODELS = {"HTMLModel", "HTMLMathModel", "LabelModel"}
WORD = re.compile(r"[^\W_]")


def visible_text(html: str) -> str:
    """The text of an HTML fragment a student reads: no code, chart scripts, data tables or collapsed details."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(NOT_READ):
        tag.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()  # JupyterLab shows no comment (a handout-only text is one)
    for details in soup.find_all("details"):
        for child in list(details.children):
            if getattr(child, "name", None) != "summary":
                child.extract()
    return soup.get_text(" ")


def markdown_text(source: str) -> str:
    """The text of a Markdown cell as a student sees it rendered."""
    return visible_text(markdown2html_mistune(source))


def count_words(text: str) -> int:
    """Words are runs between spaces that hold a letter or a digit (so '—' and '·' are not words)."""
    return sum(1 for token in text.split() if WORD.search(token))


def _joined(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def output_texts(outputs: Iterable[dict]) -> Iterator[str]:
    """The readable text of cell (or Output widget) outputs; a widget's own text comes from the widget state."""
    for output in outputs:
        if output.get("output_type") == "stream":
            yield _joined(output.get("text", ""))
            continue
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            continue
        if "text/html" in data:
            yield visible_text(_joined(data["text/html"]))
        elif "text/markdown" in data:
            yield markdown_text(_joined(data["text/markdown"]))
        elif "text/plain" in data:
            yield _joined(data["text/plain"])


def widget_texts(state: dict) -> Iterator[str]:
    """The readable text of every widget a run created: labels, placeholders, tab titles, HTML, Output contents."""
    for model in state.values():
        fields = model.get("state", {})
        name = model.get("model_name", "")
        if name == "OutputModel":
            yield from output_texts(fields.get("outputs", []))
        if name in TEXT_MODELS:
            yield visible_text(fields.get("value", ""))
        for key in ("description", "placeholder"):
            if fields.get(key):
                yield visible_text(fields[key])
        yield " ".join(title for title in fields.get("titles", []) or [] if title)


@dataclass(frozen=True)
class Shown:
    """What one run of a notebook shows: its prose, and the text of its outputs and widgets, by cell."""

    prose: dict[str, str]  # Markdown cell id → rendered text
    displayed: dict[str, str]  # code cell id → the text its outputs show
    widgets: str  # the text of every widget the run created

    def words(self) -> int:
        """Every word a student reads in the notebook."""
        return sum(count_words(t) for t in [*self.prose.values(), *self.displayed.values(), self.widgets])

    def text(self, leave_out: Iterable[str] = ()) -> str:
        """All the shown text in one string, without the cells named (e.g. a box that defines the terms)."""
        skipped = set(leave_out)
        cells = [t for cell, t in [*self.prose.items(), *self.displayed.items()] if cell not in skipped]
        return "\n".join([*cells, self.widgets])


def shown(nb: nbformat.NotebookNode) -> Shown:
    """The text an executed notebook shows, split into prose, outputs and widgets."""
    prose = {cell.id: markdown_text(cell.source) for cell in nb.cells if cell.cell_type == "markdown"}
    displayed = {cell.id: "\n".join(output_texts(cell.get("outputs", []))) for cell in nb.cells if cell.cell_type == "code"}
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return Shown(prose, displayed, "\n".join(widget_texts(state)))


def execute(entry: Notebook, responses: Path) -> nbformat.NotebookNode:
    """Run a notebook top to bottom as a student first opens it (no saved answers), keeping its widget state."""
    nb = nbformat.read(NOTEBOOKS / entry.file, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    env = {key: value for key, value in os.environ.items() if key != "RESET_LEDGER_HANDOUT"}
    client.execute(env={**env, FOLDER_ENV: str(responses)})
    return nb


@dataclass(frozen=True)
class Load:
    """One notebook's minutes: reading, activities, what that needs, and what the sequence states."""

    entry: Notebook
    words: int
    activities: int
    core_activities: int

    @property
    def reading(self) -> float:
        """Minutes to read every word the notebook shows."""
        return self.words / WORDS_PER_MINUTE

    @property
    def needed(self) -> float:
        """Reading plus activities."""
        return self.reading + self.activities

    @property
    def core_lesson(self) -> float:
        """Reading plus the activities the core path does in its lesson."""
        return self.reading + self.core_activities

    @property
    def advised(self) -> int:
        """The minutes to state: reading plus activities, up to the next five."""
        return ROUND_TO * math.ceil(self.needed / ROUND_TO)

    def problem(self) -> str | None:
        """What to change when the stated minutes are fewer than the notebook needs, naming every place they are stated."""
        if self.entry.minutes >= self.needed:
            return None
        nb = self.entry
        return (
            f"{nb.label} states {nb.minutes} minutes but needs {self.needed:.1f}: reading {self.words} words at "
            f"{WORDS_PER_MINUTE} a minute ({self.reading:.1f}) plus activities ({self.activities}, data/activities.csv). "
            f"Change {nb.minutes} to {self.advised} in three places: notebooks/reset_ledger/sequence.py (the {nb.number} entry), "
            f"the '**Time:** {nb.minutes} minutes' line of cell c00 in notebooks/{nb.file}, and the {nb.number} row of "
            "README.md's sequence table; then check the timings in teacher/lesson-plans.md."
        )


def activity_minutes(notebook: str, core_only: bool = False) -> int:
    """The minutes of a notebook's activities in data/activities.csv (only those done in the core path's lesson)."""
    activities = load("activities")
    chosen = activities[activities["notebook"] == notebook]
    if core_only:
        chosen = chosen[chosen["core"]]
    return int(chosen["minutes"].sum())


def load_of(entry: Notebook, seen: Shown) -> Load:
    """A notebook's minutes from what a run shows and its activities."""
    return Load(entry, seen.words(), activity_minutes(entry.number), activity_minutes(entry.number, core_only=True))


def table(loads: Iterable[Load]) -> str:
    """The minutes as a Markdown table: stated against reading plus activities, with the totals."""
    loads = list(loads)
    rows = ["| # | Notebook | Words shown | Reading | Activities | Needed | Stated | Core lesson |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for n in loads:
        core = f"{n.core_lesson:.1f} of {LESSON_MINUTES}" if n.entry.number in CORE_PATH else "–"
        rows.append(f"| {n.entry.number} | {n.entry.title} | {n.words} | {n.reading:.1f} | {n.activities} | "
                    f"{n.needed:.1f} | {n.entry.minutes} | {core} |")
    students = [n for n in loads if n.entry in SEQUENCE]
    rows.append(f"| | Student sequence | {sum(n.words for n in students)} | {sum(n.reading for n in students):.1f} | "
                f"{sum(n.activities for n in students)} | {sum(n.needed for n in students):.1f} | "
                f"{sum(n.entry.minutes for n in students)} | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    loads = []
    with tempfile.TemporaryDirectory(prefix="minutes-responses-") as responses:
        for entry in SEQUENCE + TEACHER:
            if (NOTEBOOKS / entry.file).exists():
                loads.append(load_of(entry, shown(execute(entry, Path(responses)))))
    print(table(loads))
    for problem in filter(None, (n.problem() for n in loads)):
        print(problem)


if __name__ == "__main__":
    main()
