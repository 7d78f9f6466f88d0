"""Two-level games: a deal struck abroad must also win at home, and the rule at home sets the bar. A treaty
needs two-thirds of the senators voting *for* it. The civil nuclear (123) deal went the other way round: it took
effect unless Congress *blocked* it, by a joint resolution passed by both houses and signed by the president, or
passed by two-thirds of both houses over his veto. The functions say what each rule needs and whether a count
carries; the charts draw the win-set, every count that lets the deal go ahead."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd

from reset_ledger.theme import COST, GAIN, OKABE_ITO
from reset_ledger.vega import choose

SENATE, HOUSE = "senate", "house"
TREATY, REVIEW = "treaty", "review"


def votes_needed(voting: int, majority: str) -> int:
    """Votes that carry a question among `voting` members: two-thirds (rounded up) or more than half."""
    if majority == "two-thirds":
        return -(-2 * voting // 3)
    if majority == "simple":
        return voting // 2 + 1
    raise ValueError(f"unknown majority {majority!r}: use 'two-thirds' or 'simple'")


@dataclass(frozen=True)
class Outcome:
    """Whether a treaty is ratified, and by how many votes."""

    support: int
    needed: int
    passes: bool
    margin: int  # votes to spare (≥ 0) or still missing (< 0)


def treaty_outcome(support: int, voting: int) -> Outcome:
    """A treaty is ratified when two-thirds of the senators voting back it (the House has no vote)."""
    needed = votes_needed(voting, "two-thirds")
    return Outcome(support, needed, support >= needed, support - needed)


def crossovers_needed(own_party: int, voting: int) -> int:
    """Senators from outside the president's party a treaty needs if the whole of his party backs it."""
    return max(0, votes_needed(voting, "two-thirds") - own_party)


@dataclass(frozen=True)
class Review:
    """How a joint resolution of disapproval fares in each house, and whether it blocks the deal."""

    majority: Mapping[str, bool]  # each house: did more than half vote to block?
    two_thirds: Mapping[str, bool]  # each house: did two-thirds vote to block (enough to override a veto)?
    signed: bool
    blocked: bool


def review_outcome(against: Mapping[str, int], voting: Mapping[str, int], signed: bool) -> Review:
    """A deal under review is blocked only by a resolution that passes both houses and that the president signs,
    or that two-thirds of both houses pass over his veto; anything short of that and it takes effect."""
    majority = {h: against[h] >= votes_needed(voting[h], "simple") for h in voting}
    two_thirds = {h: against[h] >= votes_needed(voting[h], "two-thirds") for h in voting}
    blocked = (all(majority.values()) and signed) or all(two_thirds.values())
    return Review(majority, two_thirds, signed, blocked)


def veto_holders_needed(voting: int) -> int:
    """Members of one house who, by voting against an override, keep a vetoed resolution from becoming law:
    one more than a third of those voting."""
    return voting - votes_needed(voting, "two-thirds") + 1


def win_set_frame(first: int, second: int) -> pd.DataFrame:
    """For every number of the second bloc backing a treaty, the smallest number of the first bloc that carries
    it: the edge of the win-set (None where even the whole first bloc is not enough)."""
    needed = votes_needed(first + second, "two-thirds")
    rows = []
    for count in range(second + 1):
        least = max(0, needed - count)
        rows.append({"second": count, "least": least if least <= first else None, "top": first})
    return pd.DataFrame(rows)


def _count_param(bloc_id: str) -> str:
    return "for_" + bloc_id.replace("-", "_")


def win_set_controls(counts: Mapping[str, object]) -> dict[str, object]:
    """The param each Senate bloc's slider drives in `win_set_chart`."""
    return {_count_param(b): c for b, c in counts.items()}


def win_set_chart(frame: pd.DataFrame, blocs: pd.DataFrame, support: Mapping[str, int], rule: str) -> alt.LayerChart:
    """The treaty's win-set as a region: every split of the two blocs above the edge ratifies it; a cross marks yours.
    The blocs' counts are params (see `win_set_controls`): the cross, its colour and its words are computed from them
    in the page, as `treaty_outcome` decides."""
    first, second = (str(b) for b in blocs["label"].iloc[:2])
    ids = [str(b) for b in blocs["bloc_id"]]
    top = int(frame["top"].iloc[0])
    voting = int(blocs["seats"].sum())
    needed = votes_needed(voting, "two-thirds")
    region = frame.dropna(subset=["least"]).assign(label="ratifies")
    y = alt.Y("least:Q", title=f"{first} for it", scale=alt.Scale(domain=[0, top], nice=False))
    x = alt.X("second:Q", title=f"{second} for it", scale=alt.Scale(domain=[0, int(frame["second"].max())], nice=False))
    area = alt.Chart(region).mark_area(color=GAIN, opacity=0.25, interpolate="step-after").encode(x=x, y=y, y2="top:Q")
    edge = alt.Chart(region).mark_line(color=GAIN, interpolate="step-after", strokeWidth=2).encode(x="second:Q", y="least:Q")
    inside = (
        alt.Chart(pd.DataFrame({"x": [frame["second"].max() * 0.98], "y": [top * 0.97], "t": ["The treaty is ratified in this region"]}))
        .mark_text(align="right", baseline="top", fontWeight="bold", color=OKABE_ITO[6])
        .encode(x="x:Q", y="y:Q", text="t:N")
    )
    total = " + ".join(_count_param(b) for b in ids)
    you = alt.Chart(pd.DataFrame({"you": ["your count"]})).transform_calculate(
        least=_count_param(ids[0]), second=_count_param(ids[1]), support=total,
    ).transform_calculate(passes=f"datum.support >= {needed}").transform_calculate(
        t="'Your count: ' + datum.support + ' for, ' + (datum.passes ? 'ratified' : 'not ratified')",
    )
    mark = you.mark_point(shape="cross", size=260, filled=True, stroke="black").encode(
        x="second:Q", y="least:Q", color=alt.condition("datum.passes", alt.value(GAIN), alt.value(COST)),
    )
    label = you.mark_text(align="left", dx=10, dy=alt.ExprRef(f"{_count_param(ids[0])} > {top / 2} ? 16 : -12"), fontSize=13).encode(
        x="second:Q", y="least:Q", text="t:N")
    counts = [alt.param(name=_count_param(b), value=int(support[b])) for b in ids]
    return alt.layer(area, edge, inside, mark, label).add_params(*counts).properties(
        width=440,
        height=300,
        title=alt.Title(f"The win-set: {rule}", subtitle=f"Needs {needed} of {voting} senators behind it."),
        description=(
            f"Area chart of the win-set for {rule}: the horizontal axis counts {second.lower()} backing the treaty, the "
            f"vertical axis {first.lower()}; the shaded region above the stepped line holds every split that gives "
            f"at least {needed} supporters. A cross marks your count, and the words beside it say whether it is ratified."
        ),
    )


def review_regions(voting: Mapping[str, int]) -> pd.DataFrame:
    """The two corners of the review game's plane where the deal is blocked: majorities in both houses (if the
    president signs) and two-thirds of both (over his veto). Everywhere else it takes effect."""
    return pd.DataFrame(
        [
            {
                "route": route,
                "x": votes_needed(voting[SENATE], majority),
                "x2": voting[SENATE],
                "y": votes_needed(voting[HOUSE], majority),
                "y2": voting[HOUSE],
            }
            for route, majority in (("signed", "simple"), ("veto", "two-thirds"))
        ]
    )


def review_controls(against: Mapping[str, object], president: object) -> dict[str, object]:
    """The param each house's slider and the president's choice drive in `review_chart`."""
    return {**{f"block_{h}": c for h, c in against.items()}, "president_signs": president}


def review_chart(voting: Mapping[str, int], against: Mapping[str, int], signed: bool) -> alt.LayerChart:
    """The review game's plane: senators against the deal across, representatives down; the deal is blocked only in
    the corner that fits the president's choice (shaded and labelled), and takes effect everywhere else. The counts
    and the president's choice are params (see `review_controls`): which corner is shaded, the cross and its words
    are computed from them in the page, as `review_outcome` decides."""
    regions = review_regions(voting)
    route = "datum.route == (president_signs ? 'signed' : 'veto')"
    x = alt.X("x:Q", title="Senators voting to block it", scale=alt.Scale(domain=[0, voting[SENATE]], nice=False))
    y = alt.Y("y:Q", title="Representatives voting to block it", scale=alt.Scale(domain=[0, voting[HOUSE]], nice=False))
    plane = alt.Chart(pd.DataFrame({"x": [0], "x2": [voting[SENATE]], "y": [0], "y2": [voting[HOUSE]]})).mark_rect(
        color=GAIN, opacity=0.15
    ).encode(x=x, x2="x2:Q", y=y, y2="y2:Q")
    corners = alt.Chart(regions)
    blocked = corners.transform_filter(route).mark_rect(color=COST, opacity=0.35, stroke=COST, strokeWidth=2).encode(
        x=x, x2="x2:Q", y=y, y2="y2:Q")
    if_other = corners.transform_filter(f"!({route})").mark_rect(fillOpacity=0, stroke=OKABE_ITO[6], strokeDash=[5, 4], strokeWidth=1.5).encode(
        x=x, x2="x2:Q", y=y, y2="y2:Q"
    )
    fixed = pd.DataFrame(
        [
            {"x": voting[SENATE] * 0.02, "y": voting[HOUSE] * 0.03, "side": "left", "t": "Takes effect everywhere else"},
            {"x": voting[SENATE] * 0.99, "y": voting[HOUSE] * 0.98, "side": "right", "t": "Blocked"},
        ]
    )
    words = [
        alt.Chart(fixed[fixed["side"] == side]).mark_text(align=side, baseline="bottom" if side == "left" else "top", fontWeight="bold",
                                                          fontSize=11, color=OKABE_ITO[6]).encode(x="x:Q", y="y:Q", text="t:N")
        for side in ("left", "right")
    ]
    other = corners.transform_filter(f"!({route})").transform_calculate(
        tx=f"datum.x + {voting[SENATE] * 0.01}", ty=f"datum.y + {voting[HOUSE] * 0.02}",
        t="datum.route == 'veto' ? 'Over a veto: only here' : 'If he signed: here too'",
    ).mark_text(align="left", baseline="bottom", fontWeight="bold", fontSize=11, color=OKABE_ITO[6]).encode(x="tx:Q", y="ty:Q", text="t:N")
    majority = {h: votes_needed(n, "simple") for h, n in voting.items()}
    override = {h: votes_needed(n, "two-thirds") for h, n in voting.items()}
    both = " && ".join(f"block_{h} >= {majority[h]}" for h in (SENATE, HOUSE))
    over = " && ".join(f"block_{h} >= {override[h]}" for h in (SENATE, HOUSE))
    you = alt.Chart(pd.DataFrame({"you": ["your count"]})).transform_calculate(
        x=f"block_{SENATE}", y=f"block_{HOUSE}", blocked=f"(({both}) && president_signs) || ({over})",
    ).transform_calculate(t="'Your count: ' + (datum.blocked ? 'blocked' : 'takes effect')")
    mark = you.mark_point(shape="cross", size=260, filled=True, stroke="black").encode(
        x="x:Q", y="y:Q", color=alt.condition("datum.blocked", alt.value(COST), alt.value(GAIN)))
    label = you.mark_text(align="left", dx=10, dy=-12, fontSize=13).encode(x="x:Q", y="y:Q", text="t:N")
    params = [alt.param(name=f"block_{h}", value=int(against[h])) for h in (SENATE, HOUSE)]
    return alt.layer(plane, blocked, if_other, *words, other, mark, label).add_params(
        *params, alt.param(name="president_signs", value=bool(signed))).properties(
        width=440,
        height=300,
        title=alt.Title(
            "The win-set: the nuclear deal under review",
            subtitle=(
                f"Blocked only in the shaded corner: if the president signs, from {majority[SENATE]} senators and "
                f"{majority[HOUSE]} representatives; over his veto, from {override[SENATE]} and {override[HOUSE]}."
            ),
        ),
        description=(
            f"Chart of every count of senators (across, 0 to {voting[SENATE]}) and representatives (up, 0 to {voting[HOUSE]}) voting "
            f"to block the nuclear deal. A shaded corner marks where it is blocked on the president's choice: from "
            f"{majority[SENATE]} senators and {majority[HOUSE]} representatives if he signs the resolution, from "
            f"{override[SENATE]} and {override[HOUSE]} over his veto; a dashed corner marks where the other choice would "
            "block it; everywhere else it takes effect. A cross marks your count, and the words beside it say whether the "
            "deal is blocked."
        ),
    )


def treaty_sandbox_chart(blocs: pd.DataFrame) -> alt.LayerChart:
    """The treaty game without a kernel: one slider per Senate bloc; the page says whether two-thirds back it (handouts)."""
    voting = int(blocs["seats"].sum())
    needed = votes_needed(voting, "two-thirds")
    counts = [
        alt.param(name=f"for_{b.bloc_id.replace('-', '_')}", value=0, bind=alt.binding_range(min=0, max=int(b.seats), step=1, name=f"{b.label} for it: "))
        for b in blocs.itertuples()
    ]
    total = " + ".join(p.name for p in counts)
    base = alt.Chart(pd.DataFrame({"row": ["Senators for it"]})).transform_calculate(support=total).transform_calculate(
        state=f"datum.support >= {needed} ? 'ratified' : 'not ratified'",
        text=f"datum.support + ' of {voting} senators for it; a treaty needs {needed}: ' + datum.state",
    )
    bar = base.mark_bar(height=26).encode(
        x=alt.X("support:Q", title="Senators backing the treaty", scale=alt.Scale(domain=[0, voting])),
        y=alt.Y("row:N", title=None),
        color=alt.Color("state:N", scale=alt.Scale(domain=["ratified", "not ratified"], range=[GAIN, COST]), title="Result"),
    ).add_params(*counts)
    line = alt.Chart(pd.DataFrame({"row": ["Senators for it"], "needed": [needed]})).mark_tick(color="black", thickness=3, size=40).encode(
        x="needed:Q", y="row:N"
    )
    text = base.mark_text(align="left", y=-14, x=0, fontSize=14, fontWeight="bold").encode(text="text:N")
    return alt.layer(bar, line, text).properties(
        width=440,
        height=60,
        title=alt.Title("New START: the treaty game, in the browser", subtitle="Move the sliders below the chart."),
        description=(
            f"Interactive bar showing how many of {voting} senators back New START against a black tick at the {needed} a treaty "
            "needs; a line of text above says whether it is ratified. Controls: one slider per party bloc."
        ),
    )


def review_sandbox_chart(voting: Mapping[str, int]) -> alt.LayerChart:
    """The review game without a kernel: how many in each house vote to block, and whether the president signs;
    the page says whether the deal is blocked or takes effect (handouts)."""
    labels = {SENATE: "Senators", HOUSE: "Representatives"}
    against = {h: alt.param(name=f"block_{h}", value=0, bind=alt.binding_range(min=0, max=voting[h], step=1, name=f"{labels[h]} voting to block it: ")) for h in voting}
    signs = alt.param(name="president_signs", value=False, bind=alt.binding_checkbox(name="The president signs the resolution (untick: he vetoes it) "))
    majority = {h: votes_needed(n, "simple") for h, n in voting.items()}
    override = {h: votes_needed(n, "two-thirds") for h, n in voting.items()}
    both_majority = " && ".join(f"block_{h} >= {majority[h]}" for h in voting)
    both_override = " && ".join(f"block_{h} >= {override[h]}" for h in voting)
    blocked = f"(({both_majority}) && president_signs) || ({both_override})"
    frame = pd.DataFrame({"house": [labels[h] for h in voting], "key": list(voting), "seats": list(voting.values())})
    count = choose("datum.key", {h: f"block_{h}" for h in voting})
    need = choose("datum.key", {h: f"president_signs ? {majority[h]} : {override[h]}" for h in voting})
    base = alt.Chart(frame).transform_calculate(against=count, needed=need).transform_calculate(
        share="100 * datum.against / datum.seats",
        bar="100 * datum.needed / datum.seats",
        state=f"{blocked} ? 'blocked' : 'takes effect'",
        text=f"({blocked}) ? 'The deal is blocked' : 'The deal takes effect: Congress has not blocked it'",
        count="datum.against + ' of ' + datum.seats + ' (' + datum.needed + ' needed)'",
    )
    bars = base.mark_bar(height=22).encode(
        x=alt.X("share:Q", title="Share of the house voting to block it (%)", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("house:N", title=None),
        color=alt.Color("state:N", scale=alt.Scale(domain=["blocked", "takes effect"], range=[COST, GAIN]), title="Result", legend=alt.Legend(orient="bottom")),
    ).add_params(*against.values(), signs)
    ticks = base.mark_tick(color="black", thickness=3, size=34).encode(x="bar:Q", y="house:N")
    text = base.transform_filter(f"datum.key == '{SENATE}'").mark_text(align="left", y=-14, x=0, fontSize=14, fontWeight="bold").encode(text="text:N")
    counts = base.mark_text(align="left").encode(y="house:N", x=alt.value(450), text="count:N")
    return alt.layer(bars, ticks, text, counts).properties(
        width=440,
        height=80,
        title=alt.Title(
            "The nuclear deal: the review game, in the browser",
            subtitle="The tick in each house marks what blocking needs: a majority if the president signs, two-thirds over his veto.",
        ),
        description=(
            "Interactive bars, one per house, showing the share of members voting to block the nuclear deal against a black tick "
            "at the share needed (more than half if the president signs the resolution, two-thirds if he vetoes it), with the "
            "counts printed beside each bar; a line of text says whether the deal is blocked or takes effect. Controls: a "
            "slider per house and a tick box for the president."
        ),
    )
