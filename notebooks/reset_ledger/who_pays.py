"""Who pays? Every ledger item scored for every stakeholder (−2 to +2), the net for each party, and the
question the article's thesis raises: is the US administration the one that pays?"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd

from reset_ledger.ledger import DISCOUNTS
from reset_ledger.schema import IMPACT_RANGE
from reset_ledger.theme import COST, GAIN, NEUTRAL
from reset_ledger.vega import choose

Cell = tuple[str, str]  # (stakeholder_id, item_id)
NO_SOURCE = "No sourced effect: we found no source, which is not proof of no effect. Score it yourself."
ALLIES = "allies-and-partners"


def default_scores(impacts: pd.DataFrame) -> dict[Cell, int]:
    """Our default score for every listed pair (a judgement with a sourced reason); pairs not listed start at 0."""
    return {(str(r.stakeholder_id), str(r.item_id)): int(r.score) for r in impacts.itertuples()}


def score(scores: Mapping[Cell, int], stakeholder: str, item: str) -> int:
    """One cell of the matrix (0 where nothing is recorded)."""
    return scores.get((stakeholder, item), 0)


def weights(items: pd.DataFrame, discounted: bool) -> dict[str, float]:
    """How much each item counts: in full, or discounted by its certainty as in notebook 02."""
    return {str(i): DISCOUNTS[str(c)] if discounted else 1.0 for i, c in zip(items["item_id"], items["certainty"])}


def net_by_stakeholder(scores: Mapping[Cell, int], stakeholders: pd.DataFrame, items: pd.DataFrame, discounted: bool) -> pd.DataFrame:
    """Each party's net: the sum of its scores over every item, each weighted as `weights` says."""
    weight = weights(items, discounted)
    return pd.DataFrame(
        {
            "stakeholder_id": stakeholders["stakeholder_id"].astype(str),
            "label": stakeholders["label"].astype(str),
            "group": stakeholders["group"].astype(str),
            "net": [sum(score(scores, s, i) * w for i, w in weight.items()) for s in stakeholders["stakeholder_id"]],
        }
    )


def net_with_allied_costs(
    scores: Mapping[Cell, int], stakeholders: pd.DataFrame, items: pd.DataFrame, discounted: bool, payer: str
) -> float:
    """The payer's net if every loss of an ally or partner counted as the payer's own loss too
    (the hidden warrant 'a cost to an ally is a cost to the United States')."""
    weight = weights(items, discounted)
    allies = stakeholders.loc[stakeholders["group"] == ALLIES, "stakeholder_id"].astype(str)
    own = net_by_stakeholder(scores, stakeholders, items, discounted).set_index("stakeholder_id").loc[payer, "net"]
    return float(own + sum(min(score(scores, a, i), 0) * w for a in allies for i, w in weight.items()))


def most_paid(net: pd.DataFrame, count: int = 3) -> pd.DataFrame:
    """The parties with the lowest nets: on these scores, who pays most (ties keep the data's order)."""
    return net[net["net"] < 0].sort_values("net", kind="stable").head(count)


def matrix_frame(
    scores: Mapping[Cell, int], defaults: Mapping[Cell, int], stakeholders: pd.DataFrame, items: pd.DataFrame
) -> pd.DataFrame:
    """One row per cell with the labels, the score and whether it differs from our default."""
    rows = []
    for s in stakeholders.itertuples():
        for i in items.itertuples():
            value = score(scores, s.stakeholder_id, i.item_id)
            rows.append(
                {
                    "stakeholder": str(s.label),
                    "item": str(i.label),
                    "score": value,
                    "text": f"{value:+d}" if value else "0",
                    "changed": value != score(defaults, s.stakeholder_id, i.item_id),
                    "sourced": (s.stakeholder_id, i.item_id) in defaults,
                }
            )
    return pd.DataFrame(rows)


def _score_param(item_id: str) -> str:
    return "score_" + item_id.replace("-", "_")


def who_pays_controls(sliders: Mapping[str, object], discounted: object) -> dict[str, object]:
    """The param each item's score slider (for the party on show) and the weighting box drive in `who_pays_chart`."""
    return {**{_score_param(i): s for i, s in sliders.items()}, "discounted": discounted}


def who_pays_chart(scores: Mapping[Cell, int], defaults: Mapping[Cell, int], stakeholders: pd.DataFrame, items: pd.DataFrame,
                   party: str, discounted: bool) -> alt.VConcatChart:
    """A heatmap of every score with the number printed in each cell, above the net for each party. The scores of the
    party on show and the weighting are params (see `who_pays_controls`) and every number, net included, is computed
    from them in the page, as `net_by_stakeholder` computes it; the other parties' scores are data."""
    cells = matrix_frame(scores, defaults, stakeholders, items)
    ids = [str(i) for i in items["item_id"]]
    weight = weights(items, True)
    cells["item_id"] = ids * len(stakeholders)
    cells["on_show"] = [str(s) == party for s in stakeholders["stakeholder_id"] for _ in ids]
    cells["stored"] = cells["score"].where(~cells["on_show"], 0)
    cells["default"] = [score(defaults, str(s), i) for s in stakeholders["stakeholder_id"] for i in ids]
    cells["weight"] = [weight[i] for i in ids] * len(stakeholders)
    rows = cells[["stakeholder", "item", "item_id", "on_show", "stored", "default", "sourced", "weight"]]
    slider = choose("datum.item_id", {i: _score_param(i) for i in ids})
    parties = list(stakeholders["label"].astype(str))
    labels = list(items["label"].astype(str))
    base = alt.Chart(rows).transform_calculate(score=f"datum.on_show ? ({slider}) : datum.stored").transform_calculate(
        text="datum.score ? format(datum.score, '+d') : '0'", changed="datum.score != datum.default ? 'yes' : 'no'",
        part="datum.score * (discounted ? datum.weight : 1)",
    )
    colour = alt.Scale(domain=[IMPACT_RANGE[0], 0, IMPACT_RANGE[1]], range=[COST, "#F7F7F7", GAIN])
    cell = base.encode(
        x=alt.X("stakeholder:N", sort=parties, title=None, axis=alt.Axis(labelAngle=-35, orient="top")),
        y=alt.Y("item:N", sort=labels, title=None, axis=alt.Axis(labelLimit=300)),
    )
    heat = cell.mark_rect(stroke="white").encode(
        color=alt.Color("score:Q", scale=colour, title="Score", legend=alt.Legend(values=[-2, -1, 0, 1, 2], orient="left")),
        tooltip=[
            alt.Tooltip("stakeholder:N", title="Party"),
            alt.Tooltip("item:N", title="Item"),
            alt.Tooltip("score:Q", title="Score (−2 to +2)"),
            alt.Tooltip("changed:N", title="Changed from our default"),
        ],
    )
    numbers = cell.mark_text(fontSize=13).encode(
        text="text:N",
        color=alt.condition(f"abs(datum.score) == {IMPACT_RANGE[1]}", alt.value("white"), alt.value("black")),
    )
    heatmap = alt.layer(heat, numbers).properties(width=46 * len(parties), height=26 * len(labels))
    nets = base.transform_aggregate(net="sum(part)", groupby=["stakeholder"]).transform_calculate(
        text="format(datum.net, '+.2f')", sign="datum.net > 0 ? 'gain' : datum.net < 0 ? 'cost' : 'even'",
    )
    bars = nets.mark_bar().encode(
        x=alt.X("stakeholder:N", sort=parties, title=None, axis=alt.Axis(labels=False, ticks=False)),
        y=alt.Y("net:Q", title="Net", axis=alt.Axis(domain=False, gridColor="#BBB")),
        color=alt.Color("sign:N", scale=alt.Scale(domain=["gain", "cost", "even"], range=[GAIN, COST, NEUTRAL]), title="Net"),
        tooltip=[alt.Tooltip("stakeholder:N", title="Party"), alt.Tooltip("net:Q", title="Net", format="+.2f")],
    )
    printed = nets.mark_text(dy=-8, fontSize=12).encode(x=alt.X("stakeholder:N", sort=parties), y="net:Q", text="text:N")
    netbars = alt.layer(bars, printed).properties(width=46 * len(parties), height=140)
    on_show = [alt.param(name=_score_param(i), value=score(scores, party, i)) for i in ids]
    weighting = "discounted ? 'promises count half, hopes a quarter' : 'every item counts in full'"
    return alt.vconcat(heatmap, netbars, spacing=6).add_params(*on_show, alt.param(name="discounted", value=discounted)).properties(
        title=alt.Title(
            alt.ExprRef(f"'Who gains and who pays (' + ({weighting}) + ')'"),
            subtitle="Scores from −2 (serious loss) to +2 (major gain); the net for each party below.",
        ),
        description=(
            f"Heatmap of {len(parties)} parties by {len(labels)} ledger items; each cell shows its score as a number "
            "from −2 to +2 and is shaded from vermillion (loss) to blue (gain). Below, a bar per party shows its net, "
            "printed above the bar; the lowest nets are named above the chart."
        ),
    )


def _param(item_id: str) -> str:
    return "count_" + item_id.replace("-", "_")


def who_pays_sandbox_chart(stakeholders: pd.DataFrame, items: pd.DataFrame, defaults: Mapping[Cell, int]) -> alt.LayerChart:
    """The net per party without a kernel: one slider per item says how much it counts (0 to 2 times its
    score), and the nets are recomputed in the page from our default scores (handouts)."""
    params = [
        alt.param(name=_param(i.item_id), value=1, bind=alt.binding_range(min=0, max=2, step=0.5, name=f"{i.label}: counts × "))
        for i in items.itertuples()
    ]
    count = choose("datum.item_id", {i: _param(i) for i in items["item_id"]})
    frame = pd.DataFrame(
        [
            {"label": str(s.label), "item_id": str(i), "score": score(defaults, s.stakeholder_id, str(i))}
            for s in stakeholders.itertuples()
            for i in items["item_id"]
        ]
    )
    parties = list(stakeholders["label"].astype(str))
    bound = max(1, 2 * int(frame.assign(size=frame["score"].abs()).groupby("label")["size"].sum().max()))
    base = (
        alt.Chart(frame)
        .transform_calculate(count=count)
        .transform_calculate(part="datum.score * datum.count")
        .transform_aggregate(net="sum(part)", groupby=["label"])
        .transform_calculate(text="format(datum.net, '+.2f')", sign="datum.net > 0 ? 'gain' : datum.net < 0 ? 'cost' : 'even'")
    )
    bars = base.mark_bar().encode(
        y=alt.Y("label:N", sort=parties, title=None),
        x=alt.X("net:Q", title="Net on our default scores", scale=alt.Scale(domain=[-bound, bound])),
        color=alt.Color("sign:N", scale=alt.Scale(domain=["gain", "cost", "even"], range=[GAIN, COST, NEUTRAL]), title="Net"),
    ).add_params(*params)
    text = base.mark_text(align="left").encode(y=alt.Y("label:N", sort=parties), x=alt.value(430), text="text:N")
    return alt.layer(bars, text).properties(
        width=420,
        height=26 * len(parties),
        title=alt.Title(
            "Who pays, in the browser",
            subtitle="Move the sliders below the chart: each sets how much an item counts (0 = leave it out, 1 = as scored, 2 = double).",
        ),
        description=(
            f"Interactive bar chart of the net for {len(parties)} parties on our default scores, with one slider "
            "per ledger item; the nets, printed beside the bars, are recomputed in the page as the sliders move."
        ),
    )


def full_matrix(scores: Mapping[Cell, int], stakeholders: Iterable[str], items: Iterable[str]) -> dict[str, dict[str, int]]:
    """Every cell spelled out as {stakeholder: {item: score}}, as saved answers hold it."""
    items = list(items)
    return {s: {i: score(scores, s, i) for i in items} for s in stakeholders}
