"""The exemplar verdicts for notebook 07 (teacher/exemplars.toml → teacher/exemplars.md): real 07 answers, marked
within the rubric's range at different levels, two top ones on opposite sides, every fact and quotation from data/."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT

from reset_ledger.answers import SPECS, problems
from reset_ledger.data import load
from reset_ledger.verdict import EVEN, STRENGTHS, checks, evidence_catalogue
from tools.exemplars import BANDS, Exemplar, direction, read, render, row_max

EXEMPLARS = read()
QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")
YEAR = re.compile(r"\b(19|20)\d\d\b")


def lens_labels() -> dict[str, str]:
    lenses = load("lenses")
    return dict(zip(lenses["lens_id"], lenses["label"].astype(str)))


def evidence_labels() -> dict[str, str]:
    catalogue = evidence_catalogue(load("ledger_items"), load("events"), load("sources"))
    return dict(zip(catalogue["evidence_id"], catalogue["label"]))


def test_the_page_is_up_to_date_with_its_source():
    result = subprocess.run([sys.executable, "-m", "tools.exemplars", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("exemplar", EXEMPLARS, ids=lambda e: e.id)
def test_each_exemplar_is_a_verdict_notebook_07_could_save(exemplar):
    spec = SPECS["07-your-verdict"]().fields["verdict"]
    assert problems(spec, exemplar.verdict) == []
    own, other = exemplar.verdict["own_lens"], exemplar.verdict["rebuttal_lens"]
    assert not own or own != other, "the rebuttal comes from a different lens"


@pytest.mark.parametrize("exemplar", EXEMPLARS, ids=lambda e: e.id)
def test_each_exemplar_is_marked_on_every_rubric_row_within_its_range_and_its_band(exemplar):
    rubric = load("rubric")
    assert list(exemplar.marks) == list(rubric["row_id"])
    assert all(0 <= mark <= row_max(rubric) for mark in exemplar.marks.values())
    assert all(len(comment.split()) >= 3 for comment in exemplar.comments.values()), "a short marker's comment on every row"
    low, high = BANDS[exemplar.level]
    assert low <= exemplar.total <= high, f"{exemplar.id} totals {exemplar.total}, outside the {exemplar.level} band"


def test_the_exemplars_span_the_levels_and_the_two_top_ones_reach_opposite_verdicts():
    assert {e.level for e in EXEMPLARS} == set(BANDS)
    top = [e for e in EXEMPLARS if e.level == "top"]
    assert len(top) >= 2
    assert {direction(e) for e in top} >= {"a good deal", "a bad deal"}
    assert all(e.verdict["posterior"] != EVEN for e in top)


def test_the_checklist_passes_the_top_exemplars_and_a_middle_one_so_it_cannot_stand_for_the_marks():
    done = {e.id: all(c.done for c in checks(e.verdict, evidence_labels(), lens_labels())) for e in EXEMPLARS}
    assert all(done[e.id] for e in EXEMPLARS if e.level == "top")
    assert any(done[e.id] for e in EXEMPLARS if e.level == "middle"), "a complete checklist is not full marks"
    assert not any(done[e.id] for e in EXEMPLARS if e.level == "low")


@pytest.mark.parametrize("exemplar", EXEMPLARS, ids=lambda e: e.id)
def test_every_year_an_exemplar_names_is_in_what_it_cites(exemplar):
    events, items = load("events").set_index("event_id"), load("ledger_items").set_index("item_id")
    cited_events = set()
    known = ""
    for kind, key in exemplar.cited():
        if kind == "item":
            cited_events |= set(items.loc[key, "event_ids"])
            known += f" {items.loc[key, 'context']}"
        else:
            cited_events.add(key)
    for event in cited_events:
        row = events.loc[event]
        known += f" {row['date'].year} {row['title']} {row['description']} {row['figure'] if isinstance(row['figure'], str) else ''}"
    named = {m.group(0) for text in exemplar.texts() for m in YEAR.finditer(text)}
    assert named <= {m.group(0) for m in YEAR.finditer(known)}, f"years not in the cited data: {named - set(YEAR.findall(known))}"


@pytest.mark.parametrize("exemplar", EXEMPLARS, ids=lambda e: e.id)
def test_the_article_is_quoted_only_in_phrases_the_argument_map_holds(exemplar):
    quotes = list(load("claims")["quote"].astype(str))
    for text in exemplar.texts():
        for phrase in QUOTED.findall(text):
            assert phrase in STRENGTHS or any(phrase in quote for quote in quotes), f"not an exact phrase of the article: {phrase!r}"
            assert len(phrase.split()) <= 25


def test_a_mark_out_of_range_or_a_missing_row_is_caught(tmp_path):
    exemplar = EXEMPLARS[0]
    broken = Exemplar(exemplar.id, exemplar.title, exemplar.level, exemplar.verdict,
                      exemplar.marks | {"claim": 3}, exemplar.comments, exemplar.comment)
    with pytest.raises(AssertionError):
        test_each_exemplar_is_marked_on_every_rubric_row_within_its_range_and_its_band(broken)
    assert "| Claim | 3 of 2 |" in render([broken])
