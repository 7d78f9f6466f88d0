"""The argument map's pure functions: agreement per role, the tree layout, and the loose claims."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from reset_ledger.argument import (
    agreement_by_role,
    argument_map_chart,
    disagreements,
    loose_claims,
    map_frame,
    map_layout,
    overall_agreement,
    reference_roles,
)
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


def test_overall_agreement_counts_an_untagged_claim_as_different():
    # a, b and d agree; c differs; e is untagged -> 3 of 5 = 60 %.
    assert overall_agreement(YOURS, REFERENCE) == 60.0


def test_disagreements_are_tagged_claims_with_another_role_in_the_maps_order():
    assert disagreements(YOURS, REFERENCE) == ["c"]
    assert disagreements({"e": "take", "b": "hope"}, REFERENCE) == ["b", "e"]


def test_agreeing_with_the_real_reference_map_everywhere_scores_100_in_every_role():
    reference = reference_roles(load("claims"))
    table = agreement_by_role(reference, reference)
    assert (table["percent"] == 100).all() and table["reference"].sum() == 30
    assert overall_agreement(reference, reference) == 100.0


def test_map_layout_is_a_depth_first_outline():
    claims = pd.DataFrame({"claim_id": ["T", "A", "B", "A1"], "parent_id": ["", "T", "T", "A"]})
    layout = map_layout(claims).set_index("claim_id")
    # Depth-first: T, then A and its child A1, then B.
    assert layout["row"].to_dict() == {"T": 0, "A": 1, "A1": 2, "B": 3}
    assert layout["depth"].to_dict() == {"T": 0, "A": 1, "A1": 2, "B": 1}
    assert (layout.loc["A1", "parent_row"], layout.loc["A1", "parent_depth"]) == (1, 1)


def test_map_layout_refuses_claims_that_never_reach_the_thesis():
    claims = pd.DataFrame({"claim_id": ["T", "X", "Y"], "parent_id": ["", "Y", "X"]})
    with pytest.raises(ValueError, match="X, Y"):
        map_layout(claims)


def test_the_real_map_has_every_claim_under_the_thesis():
    layout = map_layout(load("claims")).set_index("claim_id")
    assert len(layout) == 30 and layout.loc["T1", "row"] == 0
    assert layout.loc["E1", "depth"] == 3  # T1 -> C1 -> C2 -> E1


def test_map_frame_names_the_reference_role_only_where_you_differ():
    claims = load("claims")
    reference = reference_roles(claims)
    frame = map_frame(claims, {"T1": "thesis", "G1": "take"}, reference).set_index("claim_id")
    assert frame.loc["G1", "differs"] and "(reference: Give)" in frame.loc["G1", "text"]
    assert not frame.loc["T1", "differs"] and "reference" not in frame.loc["T1", "text"]
    assert frame.loc["K1", "role_label"] == "Not tagged yet" and not frame.loc["K1", "differs"]


def test_argument_map_chart_has_a_title_a_description_and_two_encodings_of_role():
    claims = load("claims")
    spec = argument_map_chart(map_frame(claims, reference_roles(claims)), "The argument map", "All roles").to_dict()
    assert spec["title"]["text"] == "The argument map"
    assert "30 of 30 claims carry a role" in spec["description"]
    encodings = [layer.get("encoding", {}) for layer in spec["layer"]]
    assert any("color" in e and "shape" in e for e in encodings)


def loose():
    article_date = load("article")["published"].iloc[0]
    return loose_claims(load("claims"), load("events"), load("disagreements"), load("sources"), article_date).set_index("Claim")


def test_loose_claims_are_shown_with_their_sources_and_both_versions_of_a_disputed_figure():
    frame = loose()
    assert {"FR3", "G1", "G3", "G4", "K2", "K3", "D0b"} <= set(frame.index)
    assert "T1" not in frame.index  # a judgement is tested in the notebooks, not listed as loose
    assert "$4 billion" in frame.loc["D0b", "Where the sources disagree"]
    assert "$3.7 billion" in frame.loc["D0b", "Where the sources disagree"]
    assert "https://" in frame.loc["G3", "Sources"] and "White House" in frame.loc["G3", "Sources"]


def test_loose_claims_leave_out_disputes_about_later_events():
    # The dispute over Khodorkovsky's December 2010 sentence would reveal a forecast that notebook 06 resolves.
    assert loose().loc["G4", "Where the sources disagree"] == "—"
