"""Notebook 03's charts of the student's weights compute their numbers in the page from the weight params: what Vega
draws must be what the package computes and what the kernel's text beside the chart writes."""

from __future__ import annotations

import re

import pytest
from conftest import drawn

from reset_ledger.exercises.weighing import load_model, verdict_html
from reset_ledger.weighing import ranking, shares, tornado, weighted_scores, winner
from reset_ledger.weighing_charts import scores_chart, shares_chart, tornado_chart

MODEL = load_model()
COLUMNS = list(MODEL.policies.columns)
NAMES = MODEL.option_labels


def weights(*values: int) -> dict[str, int]:
    return dict(zip(COLUMNS, list(values) + [0] * (len(COLUMNS) - len(values))))


# The author's weights; then 1 and 7 (shares 12.5 % and 87.5 %, scores 71.25, 31.25 and 48.125) and 1 and 3 (scores
# 72.5, 32.5 and 51.25): exact ties, which d3 rounds up and Python, whose text sits beside the chart, to even.
CASES = [MODEL.author, weights(1, 7), weights(1, 3)]


@pytest.mark.parametrize("raw", CASES)
def test_the_scores_chart_writes_each_score_and_the_star_as_the_verdict_line_does(raw):
    _, marks = drawn(scores_chart(MODEL.policies, NAMES, raw).to_dict())
    labels = {m["option"]: m["label"] for m in marks if "label" in m}
    scores = weighted_scores(MODEL.policies, raw)
    assert labels == {NAMES[o]: f"{scores[o]:.1f}" + ("  ★ leads" if o == winner(MODEL.policies, raw) else "") for o in scores.index}
    said = re.findall(r"\d+\.\d", verdict_html(MODEL, MODEL.policies, raw))
    assert sorted(said) == sorted(label.split()[0] for label in labels.values())


def test_a_tie_at_the_top_stars_no_option():
    tied = {**weights(), "security": 1, "human-rights": 2}  # reset 80 + 2·25 = conditional 70 + 2·30 = 130
    _, marks = drawn(scores_chart(MODEL.policies, NAMES, tied).to_dict())
    assert winner(MODEL.policies, tied) is None and not any("★" in m.get("label", "") for m in marks)


@pytest.mark.parametrize("raw", CASES)
def test_the_shares_chart_writes_each_share_as_python_does(raw):
    _, marks = drawn(shares_chart(COLUMNS, MODEL.criterion_labels, raw).to_dict())
    portion = shares(raw)
    assert {m["criterion"]: m["label"] for m in marks if "label" in m} == {MODEL.criterion_labels[c]: f"{portion[c]:.0%}" for c in COLUMNS}
    assert not any("Share before your last move" in m for m in marks)  # no move yet: no ticks


def test_after_a_move_ticks_mark_the_shares_before_it():
    spec = shares_chart(COLUMNS, MODEL.criterion_labels, weights(1, 3)).to_dict()
    spec["params"] = [{**p, "value": 1} if p["name"] == "weight_stability_before" else p for p in spec["params"]]
    # Security 1 and stability 1 before the move: half each; now 1 and 3. The criteria weighted 0 kept their share.
    ticks = [m["Share before your last move"] for m in drawn(spec)[1] if "Share before your last move" in m]
    assert ticks == ["50.0%", "50.0%"]


@pytest.mark.parametrize("raw", [MODEL.author, weights(1, 7), {**MODEL.author, "alliance-credibility": 50}])
def test_the_tornado_draws_the_margins_tornado_computes_for_the_leader_and_runner_up(raw):
    lead = winner(MODEL.policies, raw)
    runner_up = ranking(weighted_scores(MODEL.policies, raw))[1]
    title, marks = drawn(tornado_chart(MODEL.policies, NAMES, MODEL.criterion_labels, raw).to_dict())
    assert title == f"Which weight matters most: {NAMES[lead]} against {NAMES[runner_up]}"
    expected = tornado(MODEL.policies, raw, lead, runner_up).assign(criterion=lambda f: f["criterion_id"].map(MODEL.criterion_labels))
    bars = {(m["Weight swung"], m["End"]): float(m["Lead of the leader over the runner-up (points)"].replace("−", "-"))
            for m in marks if "End" in m}
    assert bars == pytest.approx({(row.criterion, end): margin for row in expected.itertuples()
                                  for end, margin in (("weight at 0", row.margin_low), ("weight at 100", row.margin_high))}, abs=1e-9)
