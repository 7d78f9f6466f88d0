"""Every claim of the argument map is used by some notebook.

Rule: a notebook *uses* a claim when, run top to bottom with no saved answers, it displays the claim's
quote (the article's own words from data/claims.csv) in a cell output or in a widget it shows. The
notebooks are executed for real and everything they display, widget state included, is searched, so
a claim dropped from every exercise, table or chart makes this test fail.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator

import nbformat
import pandas as pd
import pytest
from conftest import NOTEBOOKS
from nbclient import NotebookClient

from reset_ledger.data import load
from reset_ledger.sequence import SEQUENCE, TEACHER

PRESENT = [nb.file for nb in SEQUENCE + TEACHER if (NOTEBOOKS / nb.file).exists()]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def strings(value: object) -> Iterator[str]:
    """Every string inside nested lists and dicts (outputs, widget state)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def displayed(nb: nbformat.NotebookNode) -> list[str]:
    """What an executed notebook shows: its cell outputs and the state of every widget it displayed."""
    texts = [text for cell in nb.cells if cell.cell_type == "code" for text in strings(cell.get("outputs", []))]
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return texts + list(strings(state))


def claims_shown(texts: Iterable[str], claims: pd.DataFrame) -> set[str]:
    """The claims whose quote appears in the texts, as written, HTML-escaped or JSON-escaped (inside a chart spec)."""
    corpus = "\n".join(texts)
    shown = set()
    for claim, quote in zip(claims["claim_id"], claims["quote"]):
        forms = {quote, html.escape(quote), html.escape(quote, quote=False), json.dumps(quote)[1:-1]}
        if any(form in corpus for form in forms):
            shown.add(str(claim))
    return shown


@pytest.fixture(scope="module")
def shown_by_notebook(tmp_path_factory) -> dict[str, set[str]]:
    """Run every notebook once (no saved answers) and record the claims each one displays."""
    claims = load("claims")
    responses = tmp_path_factory.mktemp("responses")
    found = {}
    for file in PRESENT:
        nb = nbformat.read(NOTEBOOKS / file, as_version=4)
        client = NotebookClient(
            nb, timeout=180, kernel_name="python3", store_widget_state=True, resources={"metadata": {"path": str(NOTEBOOKS)}}
        )
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("RESET_LEDGER_RESPONSES", str(responses))
            patch.delenv("RESET_LEDGER_HANDOUT", raising=False)
            client.execute()
        found[file] = claims_shown(displayed(nb), claims)
    return found


def test_every_claim_of_the_argument_map_is_used_by_some_notebook(shown_by_notebook):
    used = set().union(*shown_by_notebook.values())
    unused = sorted(set(load("claims")["claim_id"]) - used)
    print({file: len(ids) for file, ids in shown_by_notebook.items()})
    assert not unused, f"claims no notebook displays: {unused}"


def test_the_argument_notebook_shows_every_claim_and_the_ledger_the_claims_behind_its_items(shown_by_notebook):
    assert shown_by_notebook["01-the-argument.ipynb"] == set(load("claims")["claim_id"])
    assert set(load("ledger_items")["claim_id"]) <= shown_by_notebook["02-the-ledger.ipynb"]


def test_the_rule_finds_a_quote_in_any_of_its_displayed_forms_and_misses_an_absent_one():
    claims = pd.DataFrame({"claim_id": ["A", "B", "C", "D"], "quote": ["Obama's expense", 'a "normalization"', "plain words", "never shown"]})
    texts = [
        "<p>Obama&#x27;s expense</p>",  # html.escape
        '{"text": "a \\"normalization\\""}',  # inside a JSON chart spec
        "some plain words here",
    ]
    assert claims_shown(texts, claims) == {"A", "B", "C"}
