"""Every claim of the argument map is used by some notebook, and students only ever see it by its neutral reference.

Rule: a notebook *uses* a claim when, run top to bottom with no saved answers, it displays the claim's
quote (the article's own words from data/claims.csv) or its neutral reference (C01…) in a cell output or
in a widget it shows. The notebooks are executed for real and everything they display, widget state
(labels, descriptions, options) included, is searched, so a claim dropped from every exercise, table or
chart makes this test fail; so does an internal claim id, which encodes the reference role, shown in 00 or 01.
"""

from __future__ import annotations

import html
import json
import re
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
IMAGES = ("image/png", "image/jpeg")  # encoded pixels, not text a student reads


def strings(value: object) -> Iterator[str]:
    """Every string inside nested lists and dicts (outputs, widget state), images left out."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in IMAGES:
                yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def displayed(nb: nbformat.NotebookNode) -> list[str]:
    """What an executed notebook shows: its cell outputs and the state of every widget it displayed (the set-up
    cell's output is the offline chart library's code, which nobody reads, so it is left out)."""
    texts = [
        text
        for cell in nb.cells
        if cell.cell_type == "code" and "setup" not in cell.metadata.get("tags", [])
        for text in strings(cell.get("outputs", []))
    ]
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return texts + list(strings(state))


def claims_shown(texts: Iterable[str], claims: pd.DataFrame) -> set[str]:
    """The claims whose quote appears in the texts (as written, HTML-escaped or JSON-escaped inside a chart spec),
    or whose neutral reference appears as a word."""
    corpus = "\n".join(texts)
    shown = set()
    for claim, quote, ref in zip(claims["claim_id"], claims["quote"], claims["ref"]):
        forms = {quote, html.escape(quote), html.escape(quote, quote=False), json.dumps(quote)[1:-1]}
        if any(form in corpus for form in forms) or re.search(rf"\b{re.escape(ref)}\b", corpus):
            shown.add(str(claim))
    return shown


# Words that look like claim ids but name something else: Uzbekistan's Karshi-Khanabad air base is known as K2.
NOT_CLAIMS = re.compile(r"\bK2 (air )?base\b")


def internal_ids(texts: Iterable[str], claims: pd.DataFrame) -> set[str]:
    """The internal claim ids (which encode the reference role) that appear as words in the texts; colour codes and
    percent-encoded characters in addresses are not words."""
    pattern = re.compile(r"(?<![\w#%-])(" + "|".join(map(re.escape, sorted(claims["claim_id"], key=len, reverse=True))) + r")(?![\w-])")
    return {m.group(1) for text in texts for m in pattern.finditer(NOT_CLAIMS.sub("", text))}


@pytest.fixture(scope="module")
def displayed_by_notebook(tmp_path_factory) -> dict[str, list[str]]:
    """Run every notebook once (no saved answers) and keep everything each one displays."""
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
        found[file] = displayed(nb)
    return found


@pytest.fixture(scope="module")
def shown_by_notebook(displayed_by_notebook) -> dict[str, set[str]]:
    """The claims each notebook displays."""
    claims = load("claims")
    return {file: claims_shown(texts, claims) for file, texts in displayed_by_notebook.items()}


def test_every_claim_of_the_argument_map_is_used_by_some_notebook(shown_by_notebook):
    used = set().union(*shown_by_notebook.values())
    unused = sorted(set(load("claims")["claim_id"]) - used)
    print({file: len(ids) for file, ids in shown_by_notebook.items()})
    assert not unused, f"claims no notebook displays: {unused}"


def test_the_argument_notebook_shows_every_claim_and_the_ledger_the_claims_behind_its_items(shown_by_notebook):
    assert shown_by_notebook["01-the-argument.ipynb"] == set(load("claims")["claim_id"])
    assert set(load("ledger_items")["claim_id"]) <= shown_by_notebook["02-the-ledger.ipynb"]


def test_the_reading_step_of_00_names_every_claim_by_its_reference(shown_by_notebook):
    assert shown_by_notebook["00-start-here.ipynb"] == set(load("claims")["claim_id"])


def test_no_id_that_encodes_a_role_is_shown_in_00_or_01(displayed_by_notebook):
    claims = load("claims")
    for file in ("00-start-here.ipynb", "01-the-argument.ipynb"):
        assert internal_ids(displayed_by_notebook[file], claims) == set(), file


def test_the_rule_finds_a_quote_in_any_of_its_displayed_forms_and_misses_an_absent_one():
    claims = pd.DataFrame(
        {"claim_id": ["A", "B", "C", "D", "E"], "ref": ["C91", "C92", "C93", "C94", "C95"],
         "quote": ["Obama's expense", 'a "normalization"', "plain words", "never shown", "not quoted"]}
    )
    texts = [
        "<p>Obama&#x27;s expense</p>",  # html.escape
        '{"text": "a \\"normalization\\""}',  # inside a JSON chart spec
        "some plain words here",
        "Claims in this paragraph: C95",  # by reference only
        "C940",  # another reference, which contains C94 but is not it
    ]
    assert claims_shown(texts, claims) == {"A", "B", "C", "E"}


def test_the_id_scan_finds_a_role_code_as_a_word_only():
    texts = ["Role of G1", "colour #D0D0D0", "T1b's reason", "C04 · Give", "G10", "url%E2%80%98", "the K2 air base"]
    assert internal_ids(texts, pd.DataFrame({"claim_id": ["G1", "T1b", "D0", "E2", "K2"]})) == {"G1", "T1b"}
