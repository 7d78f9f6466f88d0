"""The argument map's data and pure functions: neutral references, agreement, any map drawn as a tree, the claims
students check, and the checks themselves tested as of when the article was written."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from reset_ledger.argument import (
    MAIN,
    agreement_by_role,
    argument_map_chart,
    check_key,
    checkable,
    differences,
    disagreements,
    map_frame,
    map_layout,
    overall_agreement,
    reference_parents,
    reference_roles,
    refs,
    source_disputes,
)
from reset_ledger.article import article_record
from reset_ledger.data import load
from reset_ledger.schema import ROLES

REFERENCE = {"a": "thesis", "b": "give", "c": "give", "d": "take", "e": "give"}
YOURS = {"a": "thesis", "b": "give", "c": "take", "d": "take", "e": None}


def test_agreement_per_role_counts_the_reference_maps_claims():
    table = agreement_by_role(YOURS, REFERENCE).set_index("role")
    # thesis: a agrees -> 1 of 1 = 100 %.
    assert table.loc["thesis", ["reference", "agreed", "percent"]].tolist() == [1, 1, 100.0]
    # give: b agrees, c was tagged 'take', e is untagged -> 1 of 3 = 33.3 %.
    assert table.loc["give", ["reference", "agreed"]].tolist() == [3, 1]
    assert table.loc["give", "percent"] == pytest.approx(100 / 3)
    # take: d agrees -> 1 of 1; you used 'take' twice (c and d), 'give' once (b).
    assert table.loc["take", ["agreed", "percent", "yours"]].tolist() == [1, 100.0, 2]
    assert table.loc["give", "yours"] == 1
    # A role the reference map never uses has no percentage rather than a misleading 0 %.
    assert math.isnan(table.loc["hope", "percent"]) and table.loc["hope", "reference"] == 0
    assert list(table.index) == list(ROLES)


def test_overall_agreement_counts_an_unanswered_claim_as_different():
    # a, b and d agree; c differs; e is untagged -> 3 of 5 = 60 %.
    assert overall_agreement(YOURS, REFERENCE) == 60.0


def test_disagreements_are_answered_claims_that_differ_in_the_maps_order():
    assert disagreements(YOURS, REFERENCE) == ["c"]
    assert disagreements({"e": "take", "b": "hope"}, REFERENCE) == ["b", "e"]


def test_agreeing_with_the_real_reference_map_everywhere_scores_100_in_every_role():
    reference = reference_roles(load("claims"))
    table = agreement_by_role(reference, reference)
    assert (table["percent"] == 100).all() and table["reference"].sum() == 30
    assert overall_agreement(reference, reference) == 100.0


# Neutral references: what students see instead of ids that encode the answer.

def test_every_claim_has_a_neutral_reference_in_reading_order():
    claims = load("claims")
    assert list(claims["ref"]) == [f"C{n:02d}" for n in range(1, len(claims) + 1)]
    assert claims["paragraph"].is_monotonic_increasing  # the rows, and so the references, follow the article


def test_no_reference_is_also_an_internal_id():
    claims = load("claims")
    assert not set(claims["ref"]) & set(claims["claim_id"])


# Any map, half-built or tangled, as a tree.

def test_map_layout_is_a_depth_first_outline():
    layout = map_layout(["T", "A", "B", "A1"], {"T": MAIN, "A": "T", "B": "T", "A1": "A"}).set_index("claim_id")
    # Depth-first: T, then A and its child A1, then B.
    assert layout["row"].to_dict() == {"T": 0, "A": 1, "A1": 2, "B": 3}
    assert layout["depth"].to_dict() == {"T": 0, "A": 1, "A1": 2, "B": 1}
    assert (layout.loc["A1", "parent_row"], layout.loc["A1", "parent_depth"]) == (1, 1)


def test_a_half_built_map_puts_unplaced_claims_at_the_left_in_reading_order():
    layout = map_layout(["T", "A", "B"], {"B": "T"}).set_index("claim_id")
    assert layout["row"].to_dict() == {"T": 0, "B": 1, "A": 2}
    assert layout.loc["A", "depth"] == 0 and layout.loc["B", "depth"] == 1 and not layout["loop"].any()


def test_a_loop_still_draws_and_only_its_members_are_marked():
    # X and Y support each other; Z hangs from X, outside the loop.
    layout = map_layout(["T", "X", "Y", "Z"], {"T": MAIN, "X": "Y", "Y": "X", "Z": "X"}).set_index("claim_id")
    assert len(layout) == 4
    assert layout["loop"].to_dict() == {"T": False, "X": True, "Y": True, "Z": False}
    assert layout.loc["X", "depth"] == 0 and layout.loc["Y", "depth"] == 1


def test_the_reference_map_has_every_claim_under_the_main_claim_and_no_loop():
    claims = load("claims")
    layout = map_layout(list(claims["claim_id"]), reference_parents(claims)).set_index("claim_id")
    assert len(layout) == 30 and layout.loc["T1", "row"] == 0 and not layout["loop"].any()
    assert (layout["depth"] == 0).sum() == 1
    assert layout.loc["E1", "depth"] == 3  # T1 -> C1 -> C2 -> E1


def test_differences_name_the_other_maps_role_and_parent_by_reference():
    claims = load("claims")
    roles, parents = reference_roles(claims), reference_parents(claims)
    mine = roles | {"G1": "take"}, parents | {"G1": "K1", "FR3": MAIN}
    notes = differences(*mine, roles, parents, claims, "reference")
    named = refs(claims)
    assert notes["G1"] == f"(reference: Give; under {named['T1']})"
    assert notes["FR3"] == f"(reference: under {named['FR2']})"
    assert set(notes) == {"G1", "FR3"}


def test_a_map_frame_shows_references_and_never_an_internal_id():
    claims = load("claims")
    roles = {"T1": "thesis", "G1": "take"}
    frame = map_frame(claims, roles, {"G1": "T1"}, {"G1": "(reference: Give)"}).set_index("ref")
    named = refs(claims)
    assert "claim_id" not in frame.reset_index().columns
    assert frame.loc[named["G1"], "ringed"] and "(reference: Give)" in frame.loc[named["G1"], "text"]
    assert frame.loc[named["K1"], "role_label"] == "Not tagged yet" and not frame.loc[named["K1"], "ringed"]
    ids = re.compile(r"\b(" + "|".join(map(re.escape, claims["claim_id"])) + r")\b")
    assert not any(ids.search(text) for text in frame["text"])


def test_argument_map_chart_has_a_title_a_description_and_two_encodings_of_role():
    claims = load("claims")
    frame = map_frame(claims, reference_roles(claims), reference_parents(claims))
    spec = argument_map_chart(frame, "The reference map", "All roles").to_dict()
    assert spec["title"]["text"] == "The reference map"
    assert "30 of 30 claims carry a role" in spec["description"] and "29 hang under another claim" in spec["description"]
    encodings = [layer.get("encoding", {}) for layer in spec["layer"]]
    assert any("color" in e and "shape" in e for e in encodings)


# The claims students check, and our checks.

def test_the_checking_exercise_mixes_verdicts_so_being_listed_gives_nothing_away():
    checks = checkable(load("claims"))["check"].astype(str)
    assert len(checks) >= 12 and checks.nunique() >= 4
    assert (checks == "supported").sum() >= 4 and (checks != "supported").sum() >= 4


def test_evidence_reports_without_a_verdict():
    evidence = " ".join(checkable(load("claims"))["evidence"].astype(str)).lower()
    for verdict in ("loose", "contested", "unverified", "supported", "judgement", "inaccurate", "misleading"):
        assert verdict not in evidence, verdict


def test_no_source_of_a_checked_claim_reveals_what_notebook_06_resolves():
    """A check tests the sentence as of when it was written; a source dated after the first forecast was resolved
    (a ratification, a ban, a verdict) would also spoil the bets of notebook 00."""
    claims, sources = checkable(load("claims")), load("sources").set_index("source_id")
    first_resolution = load("forecasts")["resolved_on"].min()
    late = [
        (c.ref, s) for c in claims.itertuples() for s in c.source_ids
        if pd.notna(sources.loc[s, "published"]) and sources.loc[s, "published"] >= first_resolution
    ]
    assert not late


def test_checks_that_fit_what_the_sentence_says_when_it_was_written():
    claims = load("claims").set_index("claim_id")
    # NATO's 2009 members were Balkan states, not the former Soviet space the sentence means.
    assert claims.loc["FR3", "check"] == "supported"
    # $4 billion is the figure given at the summit; the lower figure came later.
    assert claims.loc["D0b", "check"] == "supported"
    # Russia backed the draft in May, the month before the article.
    assert claims.loc["K2", "check"] == "supported"
    assert claims.loc["K3", "check"] == "loose" and claims.loc["G3", "check"] == "contested"


def test_the_boeing_claim_shows_both_figures_as_a_dispute_and_later_disputes_stay_hidden():
    claims, events, disputes, sources = load("claims"), load("events"), load("disagreements"), load("sources")
    moment = article_record()["published"]
    boeing = " ".join(source_disputes("D0b", events, disputes, sources, moment))
    assert "$4 billion" in boeing and "$3.7 billion" in boeing
    # The dispute over Khodorkovsky's December 2010 sentence would reveal a forecast that notebook 06 resolves.
    assert source_disputes("G4", events, disputes, sources, moment) == []


def test_the_check_key_gives_every_checked_claim_a_verdict_reasons_and_sources():
    claims, sources = load("claims"), load("sources")
    key = check_key(claims, sources).set_index("Claim")
    assert len(key) == len(checkable(claims))
    g3 = refs(claims)["G3"]
    assert key.loc[g3, "Our check"].startswith("contested") and "White House" in key.loc[g3, "Sources"]


def test_every_warrant_is_unstated_and_none_repeats_a_stated_reason():
    warrants = load("warrants")
    quotes = " ".join(load("claims")["quote"].astype(str)).lower()
    # W1 ('for Moscow's sake') and W3 (economic ties) are stated in the article, so they are claims, not warrants.
    assert not {"W1", "W3"} & set(warrants["warrant_id"])
    for text in warrants["warrant"].astype(str).str.lower():
        assert "please moscow" not in text and "economic" not in text and text not in quotes


def test_the_answer_key_in_the_teacher_notes_matches_the_data():
    """The key is typed into teacher/notes/01-the-argument.md for the teacher edition; it must not drift from data/."""
    from conftest import ROOT

    claims = load("claims")
    named = refs(claims)
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in (ROOT / "teacher" / "notes" / "01-the-argument.md").read_text(encoding="utf-8").splitlines()
        if re.match(r"\|\s*C\d\d\s*\|", line)
    ]
    roles = {"Framing": "framing", "Thesis": "thesis", "Give": "give", "Take": "take", "Aim": "aim", "Evidence": "evidence",
             "On the table": "on-the-table", "Hope": "hope", "Counter-argument": "counter-argument"}
    the_map = {r[0]: (int(r[1]), roles[r[2]], r[3]) for r in rows if len(r) == 4}
    expected = {
        str(c.ref): (int(c.paragraph), str(c.role), named[c.parent_id] if c.parent_id else "main claim")
        for c in claims.itertuples()
    }
    assert the_map == expected
    checks = {r[0]: r[1] for r in rows if len(r) == 2}
    assert checks == {str(c.ref): str(c.check) for c in checkable(claims).itertuples()}
