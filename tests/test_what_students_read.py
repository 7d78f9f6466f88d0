"""What a student reads in each notebook: enough minutes stated for it, every technical term defined where it
first appears, a summary on top and sentence starters under the written prompts.

Every notebook is run once, as a student first opens it (no saved answers), and the text it shows is counted
by the rule in tools/minutes.py: prose, outputs and widget text; not code, charts, data tables, collapsed
details or text that only appears after an answer.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import NOTEBOOKS

from reset_ledger.data import load
from reset_ledger.glossary import terms_for
from reset_ledger.sequence import CORE_PATH, LESSON_MINUTES, SEQUENCE, TEACHER
from tools.minutes import (
    WORDS_PER_MINUTE,
    Load,
    count_words,
    execute,
    load_of,
    markdown_text,
    shown,
    visible_text,
    widget_texts,
)

PRESENT = [nb for nb in SEQUENCE + TEACHER if (NOTEBOOKS / nb.file).exists()]
STUDENTS = [nb for nb in SEQUENCE if nb in PRESENT]
BOX = "words-to-know"
SUMMARY = "in-one-minute"


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[nbformat.NotebookNode, object]]:
    """Every notebook executed once with an empty answers folder: the executed notebook and what it shows."""
    responses = tmp_path_factory.mktemp("responses")
    found = {}
    for entry in PRESENT:
        nb = execute(entry, responses)
        found[entry.number] = (nb, shown(nb))
    return found


def mentions(text: str, term: str, forms: str = "") -> bool:
    """Whether a text uses a term or one of its other forms, as whole words (a plural counts; 'win set' matches 'win-set')."""
    for form in [term, *(f.strip() for f in forms.split(";") if f.strip())]:
        pattern = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", form))
        if re.search(rf"(?<![\w-]){pattern}(?:s|es)?(?![\w-])", text, re.IGNORECASE):
            return True
    return False


# Minutes.

@pytest.mark.parametrize("entry", PRESENT, ids=lambda nb: nb.number)
def test_stated_minutes_cover_reading_and_activities(runs, entry):
    minutes = load_of(entry, runs[entry.number][1])
    print(f"{entry.label}: {minutes.words} words = {minutes.reading:.1f} min + activities {minutes.activities} = "
          f"{minutes.needed:.1f}; stated {entry.minutes}")
    assert minutes.problem() is None, minutes.problem()


@pytest.mark.parametrize("number", CORE_PATH)
def test_each_core_lesson_fits_fifty_minutes(runs, number):
    entry = next(nb for nb in SEQUENCE if nb.number == number)
    minutes = load_of(entry, runs[number][1])
    assert minutes.core_lesson <= LESSON_MINUTES, (
        f"The core path's lesson for {entry.label} needs {minutes.core_lesson:.1f} minutes (reading {minutes.reading:.1f} "
        f"plus the activities marked core in data/activities.csv, {minutes.core_activities}), but a lesson has "
        f"{LESSON_MINUTES}: move an activity to homework (core = no) and say so in teacher/lesson-plans.md, or shorten the notebook."
    )


def test_every_notebook_has_activities_and_every_activity_its_notebook():
    activities = load("activities")
    assert {nb.number for nb in SEQUENCE + TEACHER} == set(activities["notebook"].astype(str))
    assert all(a.startswith(f"{n}.") for a, n in zip(activities["activity_id"], activities["notebook"].astype(str)))
    assert set(activities.loc[activities["core"], "notebook"].astype(str)) <= set(CORE_PATH), \
        "only the core path's notebooks have activities done in its lessons"


def test_a_notebook_that_needs_more_than_it_states_is_told_exactly_what_to_change():
    entry = SEQUENCE[2]
    short = Load(entry, words=WORDS_PER_MINUTE * 20, activities=entry.minutes, core_activities=0)
    message = short.problem()
    assert f"needs {entry.minutes + 20:.1f}" in message
    assert f"Change {entry.minutes} to {5 * -(-(entry.minutes + 20) // 5)}" in message
    for place in ("notebooks/reset_ledger/sequence.py", f"'**Time:** {entry.minutes} minutes'", f"notebooks/{entry.file}",
                  "README.md"):
        assert place in message
    assert Load(entry, words=0, activities=entry.minutes, core_activities=0).problem() is None


# The rule for what counts as read.

def test_code_charts_tables_and_folded_details_are_not_counted_as_reading():
    html = (
        "<p>Read these five words here.</p><script>var chart = {spec: 1};</script><style>p {color: red}</style>"
        "<table><tr><td>a long table nobody reads in full</td></tr></table><pre>print('code')</pre>"
        "<details><summary>Sources</summary><ul><li>a long list of sources</li></ul></details>"
    )
    assert count_words(visible_text(html)) == 6  # five words and the summary
    assert count_words(markdown_text("## A heading\n\nSome *prose* with `inline_code` — and a dash.")) == 8
    assert count_words("— · 42 ✓") == 1


def test_widget_text_counts_labels_placeholders_titles_and_what_outputs_show_but_not_menus():
    state = {
        "a": {"model_name": "IntSliderModel", "state": {"description": "Worth to the US"}},
        "b": {"model_name": "TextareaModel", "state": {"placeholder": "Why? One or two sentences.", "value": "typed by a student"}},
        "c": {"model_name": "HTMLModel", "state": {"value": "<p>Three words here</p><table><tr><td>skipped</td></tr></table>"}},
        "d": {"model_name": "DropdownModel", "state": {"_options_labels": ["a menu", "of choices"], "description": ""}},
        "e": {"model_name": "TabModel", "state": {"titles": ["Gives", "Takes"]}},
        "f": {"model_name": "OutputModel", "state": {"outputs": [{"output_type": "display_data", "data": {"text/html": "<p>Shown inside</p>"}}]}},
    }
    assert count_words(" ".join(widget_texts(state))) == 4 + 5 + 3 + 2 + 2


# Words to know.

@pytest.mark.parametrize("term", list(load("glossary").itertuples()), ids=lambda row: row.term_id)
def test_every_term_first_appears_in_the_notebook_the_glossary_names(runs, term):
    forms = term.forms if isinstance(term.forms, str) else ""
    using = [nb.number for nb in STUDENTS if mentions(runs[nb.number][1].text(leave_out=[BOX]), term.term, forms)]
    assert using, f"'{term.term}' appears in no notebook: use it where it is taught, or add the form used to its 'forms' in data/glossary.csv"
    assert using[0] == term.notebook, (
        f"'{term.term}' first appears in {using[0]}, not {term.notebook}: set its notebook to {using[0]} in data/glossary.csv "
        "(its definition then moves to that notebook's 'Words to know' box)"
    )


@pytest.mark.parametrize("entry", STUDENTS, ids=lambda nb: nb.number)
def test_each_words_to_know_box_sits_after_the_setup_and_shows_its_notebooks_terms(runs, entry):
    nb = runs[entry.number][0]
    ids = [cell.id for cell in nb.cells]
    setup = next(i for i, cell in enumerate(nb.cells) if "setup" in cell.metadata.get("tags", []))
    assert ids.index(BOX) == setup + 1, "the 'Words to know' cell comes right after the set-up cell"
    box = nb.cells[setup + 1]
    assert f'words_to_know("{entry.number}")' in box.source
    soup = BeautifulSoup(box.outputs[0]["data"]["text/html"], "html.parser")
    for details in soup.find_all("details"):
        details.decompose()
    assert [dt.get_text() for dt in soup.find_all("dt")] == list(terms_for(entry.number)["term"].astype(str))


def test_the_rule_for_a_term_takes_whole_words_plurals_and_other_forms():
    assert mentions("Two swing weights, and a win set.", "swing weight") and mentions("a win set", "win-set")
    assert mentions("The realist lens", "realism", "realist")
    assert not mentions("the unratified treaty", "ratification", "ratified")
    assert not mentions("lensing", "lens")


# Support for weaker readers.

@pytest.mark.parametrize("entry", STUDENTS, ids=lambda nb: nb.number)
def test_each_notebook_opens_with_a_summary_in_one_minute(runs, entry):
    nb = runs[entry.number][0]
    summary = nb.cells[1]
    assert summary.id == SUMMARY and summary.source.startswith("## In one minute\n")
    text = markdown_text(summary.source).replace("In one minute", "", 1)
    assert 3 <= len(re.findall(r"[.!?](\s|$)", text)) <= 4, "three or four sentences"
    assert count_words(text) <= 90, "a summary a weaker reader takes in within a minute"


def test_every_sentence_starter_is_shown_under_a_written_prompt(runs):
    everything = "\n".join(seen.text() for _, seen in runs.values())
    starters = load("starters")["starter"].astype(str)
    missing = [s for s in starters if s not in everything]
    assert missing == [], f"starters no notebook shows: {missing}"
    for entry in STUDENTS[1:]:
        assert "Stuck? Try starting with…" in runs[entry.number][1].text(), f"{entry.label} has no sentence starters"
