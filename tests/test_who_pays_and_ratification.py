"""Who pays (net per party, allied costs) and the ratification game (votes needed, win-set), by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import drawn

from reset_ledger.data import load
from reset_ledger.ratification import (
    crossovers_needed,
    review_chart,
    review_outcome,
    review_regions,
    treaty_outcome,
    veto_holders_needed,
    votes_needed,
    win_set_chart,
    win_set_frame,
)
from reset_ledger.who_pays import (
    default_scores,
    matrix_frame,
    most_paid,
    net_by_stakeholder,
    net_with_allied_costs,
    who_pays_chart,
)

PARTIES = pd.DataFrame(
    {"stakeholder_id": ["us", "ally"], "label": ["Washington", "Ally"], "group": ["united-states", "allies-and-partners"]}
)
ITEMS = pd.DataFrame({"item_id": ["i1", "i2", "i3"], "label": ["One", "Two", "Three"], "certainty": ["delivered", "promised", "hoped-for"]})
SCORES = {("ally", "i1"): -2, ("ally", "i2"): 2, ("ally", "i3"): 2, ("us", "i1"): 1}


def nets(discounted: bool) -> dict[str, float]:
    return net_by_stakeholder(SCORES, PARTIES, ITEMS, discounted).set_index("stakeholder_id")["net"].to_dict()


def test_net_per_stakeholder_sums_every_item():
    # ally: -2 + 2 + 2 = 2; us: 1 (unlisted cells count 0).
    assert nets(False) == {"us": 1.0, "ally": 2.0}


def test_net_per_stakeholder_discounts_promises_and_hopes_as_the_ledger_does():
    # ally: -2 × 1 + 2 × 0.5 + 2 × 0.25 = -2 + 1 + 0.5 = -0.5; us: 1 × 1 = 1.
    assert nets(True) == {"us": 1.0, "ally": -0.5}


def test_allied_costs_add_only_the_allies_losses_to_the_payer():
    # us 1 + the ally's one loss (-2 × 1); the ally's gains are not Washington's.
    assert net_with_allied_costs(SCORES, PARTIES, ITEMS, False, "us") == -1.0
    assert net_with_allied_costs(SCORES, PARTIES, ITEMS, True, "us") == -1.0


def test_most_paid_lists_only_negative_nets_lowest_first():
    net = pd.DataFrame({"label": ["A", "B", "C", "D"], "net": [-1.0, 2.0, -3.0, -1.0]})
    assert list(most_paid(net)["label"]) == ["C", "A", "D"]
    assert most_paid(net.assign(net=[1.0, 2.0, 0.0, 3.0])).empty


def test_the_sourced_defaults_give_these_nets():
    parties, items = load("stakeholders"), load("ledger_items")
    defaults = default_scores(load("impacts"))
    net = net_by_stakeholder(defaults, parties, items, True).set_index("stakeholder_id")["net"]
    # US administration: missile defence 0 + Manas 1 + Iran sanctions 2 + New START 2 × 0.5 (promised) = 4.
    assert net["us-administration"] == 4.0
    # Georgia: occupation tolerated -2 + a halt to adventures 2 × 0.25 (hoped for) = -1.5.
    assert net["georgia"] == -1.5
    # Poland -2 (missile defence); the Senate decides rather than gains: 0.
    assert (net["poland"], net["us-senate"]) == (-2.0, 0.0)
    # Counting allies' losses as Washington's: 4 - 2 (Poland) - 1 (Czech Republic) - 2 (Georgia) = -1.
    assert net_with_allied_costs(defaults, parties, items, True, "us-administration") == -1.0


def test_every_default_cites_sources_and_unlisted_cells_start_at_zero():
    impacts = load("impacts")
    assert impacts["rationale"].str.len().gt(20).all() and impacts["source_ids"].map(len).gt(0).all()
    cells = matrix_frame(default_scores(impacts), default_scores(impacts), load("stakeholders"), load("ledger_items"))
    assert len(cells) == 10 * 14 and cells["sourced"].sum() == len(impacts)
    assert (cells.loc[~cells["sourced"], "score"] == 0).all() and not cells["changed"].any()


def test_votes_needed_under_each_majority():
    assert votes_needed(100, "two-thirds") == 67  # 2 × 100 / 3 = 66.7, rounded up
    assert votes_needed(97, "two-thirds") == 65  # 64.7 rounded up: two-thirds of those present
    assert votes_needed(99, "two-thirds") == 66  # exactly 66
    assert votes_needed(100, "simple") == 51 and votes_needed(99, "simple") == 50
    with pytest.raises(ValueError, match="unknown majority"):
        votes_needed(100, "three-quarters")


def test_a_treaty_is_ratified_by_two_thirds_of_the_senators_voting():
    fails = treaty_outcome(59, 100)
    assert (fails.needed, fails.passes, fails.margin) == (67, False, -8)  # 59 - 67
    passes = treaty_outcome(71, 97)
    assert (passes.needed, passes.passes, passes.margin) == (65, True, 6)  # 71 - 65
    assert crossovers_needed(59, 100) == 8 and crossovers_needed(70, 100) == 0


VOTING = {"senate": 100, "house": 433}


def blocked(senate: int, house: int, signed: bool) -> bool:
    return review_outcome({"senate": senate, "house": house}, VOTING, signed).blocked


def test_a_house_majority_alone_cannot_block_the_nuclear_deal():
    # Every representative against it, but the Senate short of a majority (50 of 100): the deal takes effect.
    assert not blocked(50, 433, signed=True)
    # The whole Senate against it, the House short of a majority (216 of 433, 217 needed): it takes effect.
    assert not blocked(100, 216, signed=True)


def test_disapproval_needs_both_houses_and_a_signature_or_a_veto_override():
    # Majorities in both houses (51 senators, 217 representatives) block it only if the president signs.
    assert blocked(51, 217, signed=True) and not blocked(51, 217, signed=False)
    # Over his veto it takes two-thirds of both: 67 and 289 block it; one short in either house and it stands.
    assert blocked(67, 289, signed=False)
    assert not blocked(66, 289, signed=False) and not blocked(67, 288, signed=False)
    outcome = review_outcome({"senate": 60, "house": 300}, VOTING, False)
    assert outcome.majority == {"senate": True, "house": True} and outcome.two_thirds == {"senate": False, "house": True}


def test_a_third_plus_one_of_either_house_saves_a_vetoed_deal():
    # 100 - 67 + 1 = 34 senators; 433 - 289 + 1 = 145 representatives: far fewer than the 67 a treaty needs for it.
    assert (veto_holders_needed(100), veto_holders_needed(433)) == (34, 145)
    assert votes_needed(433, "simple") == 217 and votes_needed(433, "two-thirds") == 289


def test_the_review_game_shades_the_corner_each_route_needs():
    regions = review_regions(VOTING).set_index("route")
    assert regions.loc["signed", ["x", "y"]].tolist() == [51, 217]
    assert regions.loc["veto", ["x", "y"]].tolist() == [67, 289]
    assert (regions["x2"] == 100).all() and (regions["y2"] == 433).all()


def test_win_set_edge():
    frame = win_set_frame(59, 41).set_index("second")
    assert pd.isna(frame.loc[7, "least"])  # 59 + 7 = 66 < 67: no split ratifies
    assert frame.loc[8, "least"] == 59 and frame.loc[41, "least"] == 26  # 67 - 41


def test_the_rule_gives_the_67_the_sources_report_and_congress_adds_up():
    # F28's figure, as the sources give it: '71–26 (67 needed)'.
    figure = load("events").set_index("event_id").loc["F28", "figure"]
    reported = int(re.search(r"(\d+) needed", figure).group(1))
    congress = load("congress")
    seats = congress.groupby("chamber", observed=True)["seats"].sum()
    assert seats["senate"] == 100 and seats["house"] == 433  # 435 seats, two vacant
    assert votes_needed(int(seats["senate"]), "two-thirds") == reported
    assert set(load("ratification")["procedure"]) == {"treaty", "review"}


def page_nets(scores: dict, party: str, discounted: bool) -> dict[str, float]:
    """The nets the page computes from the chart's params (the party on show's scores) and its data (the others')."""
    _, marks = drawn(who_pays_chart(scores, SCORES, PARTIES, ITEMS, party, discounted).to_dict())
    return {m["Party"]: float(m["Net"].replace("−", "-")) for m in marks if "Net" in m}


@pytest.mark.parametrize("discounted", [True, False])
@pytest.mark.parametrize("party", ["us", "ally"])
def test_the_chart_computes_each_net_in_the_page_as_net_by_stakeholder_does(party, discounted):
    scores = SCORES | {("us", "i2"): -1, ("us", "i3"): 2}
    expected = net_by_stakeholder(scores, PARTIES, ITEMS, discounted).set_index("label")["net"].to_dict()
    assert page_nets(scores, party, discounted) == expected


@pytest.mark.parametrize("support", [(59, 7), (59, 8), (40, 27), (26, 41)])
def test_the_win_set_chart_decides_the_treaty_in_the_page_as_treaty_outcome_does(support):
    blocs = pd.DataFrame({"bloc_id": ["dem", "rep"], "label": ["Democrats", "Republicans"], "seats": [59, 41]})
    chart = win_set_chart(win_set_frame(59, 41), blocs, dict(zip(["dem", "rep"], support)), "New START")
    verdict = "ratified" if treaty_outcome(sum(support), 100).passes else "not ratified"
    assert {"t": f"Your count: {sum(support)} for, {verdict}", "second": str(support[1]), "least": str(support[0])} in drawn(chart.to_dict())[1]


@pytest.mark.parametrize("signed", [True, False])
@pytest.mark.parametrize("against", [(51, 217), (50, 433), (67, 289), (66, 433), (100, 288)])
def test_the_review_chart_decides_in_the_page_as_review_outcome_does(against, signed):
    counts = dict(zip(["senate", "house"], against))
    blocked = review_outcome(counts, VOTING, signed).blocked
    marks = drawn(review_chart(VOTING, counts, signed).to_dict())[1]
    assert {"t": f"Your count: {'blocked' if blocked else 'takes effect'}", "x": str(against[0]), "y": str(against[1])} in marks
