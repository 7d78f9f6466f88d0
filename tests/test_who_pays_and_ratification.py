"""Who pays (net per party, allied costs) and the ratification game (votes needed, win-set), by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from reset_ledger.data import load
from reset_ledger.ratification import (
    crossovers_needed,
    outcome,
    support_needed,
    votes_needed,
    win_set_frame,
)
from reset_ledger.who_pays import (
    default_scores,
    matrix_frame,
    most_paid,
    net_by_stakeholder,
    net_with_allied_costs,
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
    # US administration: missile defence 0 + Manas 1 + Iran sanctions 2 + New START 1 × 0.5 (promised) = 3.5.
    assert net["us-administration"] == 3.5
    # Georgia: occupation tolerated -2 + a halt to adventures 2 × 0.25 (hoped for) = -1.5.
    assert net["georgia"] == -1.5
    # Poland -2 (missile defence); the Senate decides rather than gains: 0.
    assert (net["poland"], net["us-senate"]) == (-2.0, 0.0)
    # Counting allies' losses as Washington's: 3.5 - 2 (Poland) - 1 (Czech Republic) - 2 (Georgia) = -1.5.
    assert net_with_allied_costs(defaults, parties, items, True, "us-administration") == -1.5


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


def test_a_deal_under_review_needs_only_enough_backers_that_its_opponents_fall_short():
    # Blocking takes 51 of 100, so 50 backers leave 50 opponents: not enough to block.
    assert support_needed(100, "block", "simple") == 50
    assert support_needed(100, "approve", "two-thirds") == 67


def test_outcome_passes_or_fails_with_the_margin():
    fails = outcome(59, 100, "approve", "two-thirds")
    assert (fails.needed, fails.passes, fails.margin) == (67, False, -8)  # 59 - 67
    passes = outcome(71, 97, "approve", "two-thirds")
    assert (passes.needed, passes.passes, passes.margin) == (65, True, 6)  # 71 - 65
    survives = outcome(59, 100, "block", "simple")
    assert (survives.passes, survives.margin) == (True, 9)  # 41 opponents, 51 needed to block: 59 - 50


def test_crossovers_needed_from_the_other_bloc():
    assert crossovers_needed(59, 100, "approve", "two-thirds") == 8  # 67 - 59
    assert crossovers_needed(59, 100, "block", "simple") == 0


def test_win_set_edge():
    frame = win_set_frame(59, 41, "approve", "two-thirds").set_index("second")
    assert pd.isna(frame.loc[7, "least"])  # 59 + 7 = 66 < 67: no split ratifies
    assert frame.loc[8, "least"] == 59 and frame.loc[41, "least"] == 26  # 67 - 41
    review = win_set_frame(59, 41, "block", "simple").set_index("second")
    assert review.loc[0, "least"] == 50 and review.loc[41, "least"] == 9  # 50 - 41


def test_the_rule_gives_the_67_the_sources_report_and_the_senate_adds_up():
    # F28's figure, as the sources give it: '71–26 (67 needed)'.
    figure = load("events").set_index("event_id").loc["F28", "figure"]
    reported = int(re.search(r"(\d+) needed", figure).group(1))
    rules = load("ratification").set_index("rule_id")
    seats = int(load("senate")["seats"].sum())
    assert seats == 100
    assert support_needed(seats, rules.loc["new-start", "decides"], rules.loc["new-start", "majority"]) == reported
