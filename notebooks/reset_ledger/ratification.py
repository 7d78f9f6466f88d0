"""Two-level games: a deal struck abroad must also win at home. How many senators a deal needs under each
rule, whether a given vote ratifies it, and the win-set: every split of the Senate's blocs that would."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from reset_ledger.theme import COST, GAIN, OKABE_ITO


def votes_needed(voting: int, majority: str) -> int:
    """Votes that carry a question among `voting` senators: two-thirds (rounded up) or more than half."""
    if majority == "two-thirds":
        return -(-2 * voting // 3)
    if majority == "simple":
        return voting // 2 + 1
    raise ValueError(f"unknown majority {majority!r}: use 'two-thirds' or 'simple'")


def support_needed(voting: int, decides: str, majority: str) -> int:
    """Senators who must back the deal for it to go ahead: enough to approve it, or enough that its
    opponents fall short of blocking it."""
    needed = votes_needed(voting, majority)
    if decides == "approve":
        return needed
    if decides == "block":
        return voting - needed + 1
    raise ValueError(f"unknown decision {decides!r}: use 'approve' or 'block'")


@dataclass(frozen=True)
class Outcome:
    """Whether the deal goes ahead, and by how many votes."""

    support: int
    needed: int
    passes: bool
    margin: int  # votes to spare (≥ 0) or still missing (< 0)


def outcome(support: int, voting: int, decides: str, majority: str) -> Outcome:
    """The result when `support` of `voting` senators back the deal."""
    needed = support_needed(voting, decides, majority)
    return Outcome(support, needed, support >= needed, support - needed)


def crossovers_needed(own_bloc: int, voting: int, decides: str, majority: str) -> int:
    """How many senators from outside the president's bloc must join if the whole bloc backs the deal."""
    return max(0, support_needed(voting, decides, majority) - own_bloc)


def win_set_frame(first: int, second: int, decides: str, majority: str) -> pd.DataFrame:
    """For every number of the second bloc backing the deal, the smallest number of the first bloc that
    carries it: the edge of the win-set (None where even the whole first bloc is not enough)."""
    needed = support_needed(first + second, decides, majority)
    rows = []
    for count in range(second + 1):
        least = max(0, needed - count)
        rows.append({"second": count, "least": least if least <= first else None, "top": first})
    return pd.DataFrame(rows)


def win_set_chart(
    frame: pd.DataFrame, first_label: str, second_label: str, support: tuple[int, int], result: Outcome, rule: str, verdict: str
) -> alt.LayerChart:
    """The win-set as a region: every split of the two blocs above the edge ratifies the deal; a cross marks yours."""
    first = int(frame["top"].iloc[0])
    region = frame.dropna(subset=["least"]).assign(label="ratifies")
    y = alt.Y("least:Q", title=f"{first_label} for it", scale=alt.Scale(domain=[0, first], nice=False))
    x = alt.X("second:Q", title=f"{second_label} for it", scale=alt.Scale(domain=[0, int(frame["second"].max())], nice=False))
    area = alt.Chart(region).mark_area(color=GAIN, opacity=0.25, interpolate="step-after").encode(x=x, y=y, y2="top:Q")
    edge = alt.Chart(region).mark_line(color=GAIN, interpolate="step-after", strokeWidth=2).encode(x="second:Q", y="least:Q")
    inside = (
        alt.Chart(pd.DataFrame({"x": [frame["second"].max() * 0.98], "y": [first * 0.97], "t": ["The deal goes ahead in this region"]}))
        .mark_text(align="right", baseline="top", fontWeight="bold", color=OKABE_ITO[6])
        .encode(x="x:Q", y="y:Q", text="t:N")
    )
    you = pd.DataFrame({"second": [support[1]], "least": [support[0]], "t": [f"Your count: {sum(support)} for, {verdict}"]})
    mark = alt.Chart(you).mark_point(shape="cross", size=260, filled=True, color=GAIN if result.passes else COST, stroke="black").encode(
        x="second:Q", y="least:Q"
    )
    label = alt.Chart(you).mark_text(align="left", dx=10, dy=16 if support[0] > first / 2 else -12, fontSize=13).encode(x="second:Q", y="least:Q", text="t:N")
    return alt.layer(area, edge, inside, mark, label).properties(
        width=440,
        height=300,
        title=alt.Title(f"The win-set: {rule}", subtitle=f"Needs {result.needed} of {first + int(frame['second'].max())} senators behind it."),
        description=(
            f"Area chart of the win-set for {rule}: the horizontal axis counts {second_label.lower()} backing the deal, the "
            f"vertical axis {first_label.lower()}; the shaded region above the stepped line holds every split that gives "
            f"at least {result.needed} supporters. A cross marks your count, {sum(support)} for: {verdict}."
        ),
    )


def win_set_sandbox_chart(rules: pd.DataFrame, blocs: pd.DataFrame) -> alt.LayerChart:
    """The ratification game without a kernel: a choice of rule and one slider per bloc; the page says whether
    the deal is ratified (handouts)."""
    voting = int(blocs["seats"].sum())
    needed = {str(r.rule_id): support_needed(voting, str(r.decides), str(r.majority)) for r in rules.itertuples()}
    rule = alt.param(
        name="rule",
        value=str(rules["rule_id"].iloc[0]),
        bind=alt.binding_radio(options=list(needed), labels=[str(label) for label in rules["label"]], name="Deal: "),
    )
    counts = [
        alt.param(name=f"for_{b.bloc_id.replace('-', '_')}", value=0, bind=alt.binding_range(min=0, max=int(b.seats), step=1, name=f"{b.label} for it: "))
        for b in blocs.itertuples()
    ]
    total = " + ".join(p.name for p in counts)
    threshold = " : ".join(f"rule == '{k}' ? {v}" for k, v in needed.items()) + " : 0"
    frame = pd.DataFrame({"row": ["Senators for it"]})
    base = alt.Chart(frame).transform_calculate(support=total, needed=threshold).transform_calculate(
        text=f"datum.support + ' of {voting} for it; needs ' + datum.needed + ': ' + (datum.support >= datum.needed ? 'goes ahead' : 'falls short')",
        state="datum.support >= datum.needed ? 'goes ahead' : 'falls short'",
    )
    bar = base.mark_bar(height=26).encode(
        x=alt.X("support:Q", title="Senators backing the deal", scale=alt.Scale(domain=[0, voting])),
        y=alt.Y("row:N", title=None),
        color=alt.Color("state:N", scale=alt.Scale(domain=["goes ahead", "falls short"], range=[GAIN, COST]), title="Result"),
    ).add_params(rule, *counts)
    line = base.mark_tick(color="black", thickness=3, size=40).encode(x="needed:Q", y="row:N")
    text = base.mark_text(align="left", y=-14, x=0, fontSize=14, fontWeight="bold").encode(text="text:N")
    return alt.layer(bar, line, text).properties(
        width=440,
        height=60,
        title=alt.Title("The ratification game, in the browser", subtitle="Choose a deal and move the sliders below the chart."),
        description=(
            f"Interactive bar showing how many of {voting} senators back the deal against a black tick at the number needed; "
            "a line of text above says whether the deal goes ahead. Controls: a choice of deal and one slider per party bloc."
        ),
    )
