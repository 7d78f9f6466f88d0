"""The glossary (data/glossary.csv): a 'Words to know' box at the top of each notebook with the terms that first
appear in it, and the whole glossary for the handouts. Defining a word where students first meet it helps weaker
readers most."""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from reset_ledger.citations import short_cite
from reset_ledger.data import load
from reset_ledger.rendering import aside, handout_mode
from reset_ledger.sequence import SEQUENCE


def terms_for(notebook: str, glossary: pd.DataFrame | None = None) -> pd.DataFrame:
    """The terms that first appear in a notebook ('02'), in the glossary's order."""
    glossary = load("glossary") if glossary is None else glossary
    return glossary[glossary["notebook"] == notebook]


def _definitions(terms: pd.DataFrame) -> str:
    return "<dl>" + "".join(
        f"<dt><strong>{escape(str(row.term))}</strong></dt><dd>{escape(str(row.definition))}</dd>" for row in terms.itertuples()
    ) + "</dl>"


def words_to_know(notebook: str) -> HTML:
    """The 'Words to know' box: each term that first appears in this notebook, defined in one sentence; in
    JupyterLab the words from earlier notebooks wait, folded, underneath (a handout prints the whole glossary)."""
    glossary = load("glossary")
    box = _definitions(terms_for(notebook, glossary))
    order = [nb.number for nb in SEQUENCE]
    earlier = glossary[glossary["notebook"].astype(str).map(order.index) < order.index(notebook)]
    if not earlier.empty and not handout_mode():
        box += f"<details><summary>Words from earlier notebooks ({len(earlier)})</summary>{_definitions(earlier)}</details>"
    return HTML(aside("Words to know", box, "words-to-know"))


def glossary_frame() -> pd.DataFrame:
    """The whole glossary as a table for the handouts: term, definition, the notebook that introduces it, sources."""
    glossary, sources = load("glossary"), load("sources")
    titles = {nb.number: nb.label for nb in SEQUENCE}
    return pd.DataFrame(
        {
            "Term": glossary["term"].astype(str),
            "What it means": glossary["definition"].astype(str),
            "First met in": [titles[str(n)] for n in glossary["notebook"]],
            "Where it comes from": [short_cite(ids, sources) if ids else "" for ids in glossary["source_ids"]],
        }
    ).sort_values("Term", key=lambda terms: terms.str.lower(), kind="stable")
