"""Charts for notebook 03: shares, weighted scores, the tornado, rank reversal, the lenses, and a
kernel-free version whose sliders recompute the weighted sums in the page (handouts).

The charts of the student's weights (scores, shares, tornado) compute their numbers in the page from one param
per weight, as the package computes them in Python, so they follow the sliders before the kernel has answered
(`live.Bound`); a number they write, they write as Python writes it in the text beside them.

Every chart has a title and a text description, and never relies on colour alone: bars carry labels,
options have their own shapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

import altair as alt
import pandas as pd

from reset_ledger.theme import NEUTRAL, OKABE_ITO
from reset_ledger.weighing import WEIGHT_RANGE
from reset_ledger.vega import choose

OPTION_COLOURS = ("#0072B2", "#D55E00", "#009E73", NEUTRAL)
OPTION_SHAPES = ("circle", "square", "triangle-up", "diamond")
LENS_SHAPES = ("square", "triangle-up", "diamond", "cross", "triangle-down", "circle", "triangle-left", "triangle-right")
# The student is black; each lens takes one of the other Okabe–Ito colours.
LENS_COLOURS = tuple(c for c in OKABE_ITO if c != "#000000")


def _option_scale(labels: list[str], field: str = "option") -> dict:
    """Same colour and shape for an option in every chart, in the data's order."""
    return {
        "color": alt.Color(f"{field}:N", title="Option", scale=alt.Scale(domain=labels, range=list(OPTION_COLOURS[: len(labels)])),
                           legend=alt.Legend(orient="bottom")),
        "shape": alt.Shape(f"{field}:N", title="Option", scale=alt.Scale(domain=labels, range=list(OPTION_SHAPES[: len(labels)])),
                           legend=alt.Legend(orient="bottom")),
    }


def weight_params(columns: list[str], raw: Mapping[str, int]) -> list[alt.Parameter]:
    """One param per criterion at its raw weight, and the weight before the last move (the page remembers it, see
    `live.Bound`): what `scores_chart`, `shares_chart` and `tornado_chart` compute from, so the page can move them
    with the sliders (`weight_controls`) before the kernel has answered."""
    return [alt.param(name=name, value=int(raw[c])) for c in columns for name in (_param_name(c), _param_name(c) + "_before")]


def weight_controls(sliders: Mapping[str, object]) -> dict[str, object]:
    """The param each criterion's weight slider drives in the charts of the student's weights."""
    return {_param_name(c): slider for c, slider in sliders.items()}


def _total(columns: list[str], suffix: str = "") -> str:
    """A Vega expression for the sum of the weights (`suffix` "_before": before the last move)."""
    return "(" + " + ".join(f"toNumber({_param_name(c)}{suffix})" for c in columns) + ")"


def _python_fixed(value: str, digits: int) -> str:
    """A Vega expression writing `value` as Python's format(value, f'.{digits}f') does. Both round the exact binary
    number, but at an exact tie (value × 2^(digits+1) an odd whole number, e.g. 62.25 or 12.5) d3 rounds up and
    Python to even: the page must write the number the kernel's text beside it writes."""
    scaled = f"({value}) * {10 ** digits}"
    even = f"(floor({scaled}) % 2 == 0 ? floor({scaled}) : floor({scaled}) + 1) / {10 ** digits}"
    return f"format(abs(({value}) * {2 ** (digits + 1)}) % 2 == 1 ? {even} : ({value}), '.{digits}f')"


def _python_percent(value: str, digits: int = 0) -> str:
    """A Vega expression writing a share as Python's format(value, f'.{digits}%') does (× 100, then as `_python_fixed`)."""
    return _python_fixed(f"({value}) * 100", digits) + " + '%'"


def shares_chart(columns: list[str], criterion_labels: Mapping[str, str], raw: Mapping[str, int]) -> alt.LayerChart:
    """Each criterion's share of the whole, computed in the page from the weight params (`weight_params`); ticks show
    the shares before the last move, so the renormalisation of the other weights is visible."""
    frame = pd.DataFrame({"criterion_id": columns, "criterion": [criterion_labels[c] for c in columns]})
    order = list(frame["criterion"])
    total, before = _total(columns), _total(columns, "_before")
    base = alt.Chart(frame).transform_calculate(
        weight=_raw_of(columns),
        share=f"{total} > 0 ? ({_raw_of(columns)}) / {total} : 0",
        previous=f"{before} > 0 ? ({_raw_of(columns, suffix='_before')}) / {before} : null",
    ).encode(y=alt.Y("criterion:N", sort=order, title=None))
    bars = base.mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X("share:Q", title="Share of the whole weight", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[
            alt.Tooltip("criterion:N", title="Criterion"),
            alt.Tooltip("weight:Q", title="Your weight (0–100)"),
            alt.Tooltip("share:Q", title="Share", format=".1%"),
        ],
    )
    labels = base.transform_calculate(label=f"{total} > 0 ? {_python_percent('datum.share')} : ''").mark_text(
        align="left", dx=4).encode(x=alt.X("share:Q"), text=alt.Text("label:N"))
    # Ticks only where a share moved: before any move the weights before it are the weights now.
    ticks = base.transform_filter("datum.previous != null && abs(datum.previous - datum.share) > 1e-9").mark_tick(
        color="black", thickness=2, size=18).encode(
        x=alt.X("previous:Q"),
        tooltip=[alt.Tooltip("previous:Q", title="Share before your last move", format=".1%")],
    )
    return alt.layer(bars, labels, ticks).add_params(*weight_params(columns, raw)).properties(
        width=420,
        height=30 * len(frame),
        title=alt.Title("Your weights as shares", subtitle="The shares always add up to the whole: raise one and every other share falls."),
        description=f"Bar chart of the share of the whole weight that each of {len(frame)} criteria gets (its weight over the "
        "sum of all the weights), written beside each bar. After a move, black ticks mark each share before it.",
    )


def _points(matrix: pd.DataFrame, option: str) -> str:
    """A Vega expression for an option's scores times the raw weights, summed: whole numbers, so exact in the page."""
    return "(" + " + ".join(f"{_weight(c)} * {matrix.at[option, c]}" for c in matrix.columns) + ")"


def scores_chart(matrix: pd.DataFrame, option_labels: Mapping[str, str], raw: Mapping[str, int]) -> alt.LayerChart:
    """Each option's weighted score with its value written on the bar, the leader marked by a star, computed in the
    page from the weight params (`weight_params`) as `weighted_scores` and `leaders` compute them. `matrix`: options
    × criteria; its scores are the chart's data, so another matrix (the decoy, min–max) changes only the data."""
    columns = list(matrix.columns)
    options = [option_labels[o] for o in matrix.index]
    rows = matrix.rename_axis(index="option_id").reset_index().assign(option=options)
    total = _total(columns)
    points = " + ".join(f"{_weight(c)} * datum[{json.dumps(c)}]" for c in columns)
    base = (
        alt.Chart(rows)
        .transform_calculate(points=points)
        .transform_calculate(score=f"{total} > 0 ? datum.points / {total} : 0")
        .transform_joinaggregate(best="max(points)")
        .transform_calculate(top="datum.points == datum.best ? 1 : 0")
        .transform_joinaggregate(tops="sum(top)")
        .transform_calculate(label=f"{total} > 0 ? {_python_fixed('datum.score', 1)} + "
                                   "(datum.top == 1 && datum.tops == 1 ? '  ★ leads' : '') : ''")
        .encode(y=alt.Y("option:N", sort=options, title=None))
    )
    bars = base.mark_bar().encode(
        x=alt.X("score:Q", title="Weighted score (0–100)", scale=alt.Scale(domain=[0, 100])),
        color=_option_scale(options)["color"],
        tooltip=[alt.Tooltip("option:N", title="Option"), alt.Tooltip("score:Q", title="Weighted score", format=".2f")],
    )
    labels = base.mark_text(align="left", dx=4, fontWeight="bold").encode(x=alt.X("score:Q"), text=alt.Text("label:N"))
    return alt.layer(bars, labels).add_params(*weight_params(columns, raw)).properties(
        width=420,
        height=34 * len(rows),
        title=alt.Title("Weighted score of each option", subtitle="Each score is the option's 0–100 scores times your shares, summed."),
        description=f"Bar chart of the weighted score out of 100 of each of {len(rows)} options ({', '.join(options)}), written "
        "beside each bar; a star marks the option that leads outright.",
    )


def _pick(ids: list[str], chosen: str, expr: Callable[[str], str]) -> str:
    """A Vega expression taking `expr` of whichever id the expression `chosen` names."""
    return choose(chosen, {i: expr(i) for i in ids}, "null")


def tornado_chart(matrix: pd.DataFrame, option_labels: Mapping[str, str], criterion_labels: Mapping[str, str],
                  raw: Mapping[str, int]) -> alt.LayerChart:
    """One bar per weight swung from 0 to 100 (others held): the leader's lead over the runner-up at each end; widest
    first. Computed in the page from the weight params as `tornado` computes it, the leader and runner-up as
    `winner` and `ranking` pick them (the kernel shows no tornado for a tie at the top)."""
    columns, ids = list(matrix.columns), list(matrix.index)
    points = {o: _points(matrix, o) for o in ids}
    best = "max(" + ", ".join(points.values()) + ")"
    leader = " : ".join(f"{points[o]} == {best} ? {json.dumps(o)}" for o in ids) + " : ''"
    second = "max(" + ", ".join(f"(tornado_a == {json.dumps(o)} ? -1 : {points[o]})" for o in ids) + ")"
    runner_up = " : ".join(f"tornado_a != {json.dumps(o)} && {points[o]} == {second} ? {json.dumps(o)}" for o in ids) + " : ''"
    params = [
        *weight_params(columns, raw),
        alt.param(name="tornado_a", expr=leader),
        alt.param(name="tornado_b", expr=runner_up),
        alt.param(name="tornado_gap", expr=f"({_pick(ids, 'tornado_a', points.__getitem__)}) - ({_pick(ids, 'tornado_b', points.__getitem__)})"),
    ]
    name = {o: json.dumps(option_labels[o]) for o in ids}
    rows = pd.DataFrame([{"criterion_id": c, "criterion": criterion_labels[c], "index": i, "x": x, "end": f"weight at {x}", "text": str(x),
                          **{o: int(matrix.at[o, c]) for o in ids}} for i, c in enumerate(columns) for x in (0, 100)])
    total = _total(columns)
    ends = (
        alt.Chart(rows)
        .transform_calculate(gap="datum[tornado_a] - datum[tornado_b]", weight=_raw_of(columns))
        .transform_calculate(others_gap="tornado_gap - datum.weight * datum.gap", others=f"{total} - datum.weight")
        .transform_calculate(low="datum.others > 0 ? datum.others_gap / datum.others : null",
                             high="(datum.others_gap + 100 * datum.gap) / (datum.others + 100)",
                             margin_base=f"{total} > 0 ? tornado_gap / {total} : 0")
        .transform_calculate(margin="datum.x == 0 ? datum.low : datum.high",
                             swing="datum.low == null ? -1 : abs(datum.high - datum.low)")
        .transform_filter("datum.margin != null")
        .transform_window(rank="dense_rank()", sort=[alt.SortField("swing", "descending"), alt.SortField("index", "ascending")])
    )
    # Ordered by a field computed in the page, widest swing first, so new weights reorder the bars in place.
    y = alt.Y("criterion:N", sort=alt.EncodingSortField("rank", op="min"), title=None)
    bars = ends.mark_bar(size=14).encode(
        y=y,
        x=alt.X("margin:Q", title="Lead of the leader over the runner-up (points)"),
        x2=alt.X2("margin_base:Q"),
        color=alt.Color("end:N", title="Swing", scale=alt.Scale(domain=["weight at 0", "weight at 100"], range=[OKABE_ITO[1], OKABE_ITO[0]]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[
            alt.Tooltip("criterion:N", title="Weight swung"),
            alt.Tooltip("end:N", title="End"),
            alt.Tooltip("margin:Q", title="Lead of the leader (points)", format="+.2f"),
        ],
    )
    labels = ends.mark_text(dx=0, dy=-11, fontSize=10).encode(y=y, x=alt.X("margin:Q"), text=alt.Text("text:N"))
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="black", strokeDash=[4, 3]).encode(x=alt.X("x:Q"))
    a, b = _pick(ids, "tornado_a", name.__getitem__), _pick(ids, "tornado_b", name.__getitem__)
    return alt.layer(bars, labels, zero).add_params(*params).properties(
        width=460,
        height=40 * len(columns),
        title=alt.Title(
            alt.ExprRef(f"'Which weight matters most: ' + ({a}) + ' against ' + ({b})"),
            subtitle=["Each bar: one weight swung from 0 to 100, others held. The dashed line is zero; right of it,",
                      "the leader (named first) leads. Every bar starts where the weights above put it now."],
        ),
        description=f"Tornado chart: each of {len(columns)} weights is swung from 0 to 100 with the others held, and the bar "
        "shows how the leading option's lead over the runner-up (both named in the title) moves, widest swing first; a bar "
        "crossing the dashed zero line marks a weight that would hand the lead to the runner-up.",
    )


def rank_reversal_chart(ranks: pd.DataFrame, options: list[str]) -> alt.HConcatChart:
    """Slope chart per scaling: each option's score without and with the decoy; crossing lines are a
    rank reversal. Columns: scaling, decoy (without/with), option, score, rank."""
    panels = []
    for scaling, title in (("anchored", "Anchored scales"), ("min-max", "Min–max against the options present")):
        part = ranks[ranks["scaling"] == scaling].assign(
            stage=lambda f: f["decoy"].map({"without": "without the decoy", "with": "with the decoy"}),
            text=lambda f: f["option"] + " (" + f["rank"].astype(str) + ")",
        )
        encode = _option_scale(options)
        x = alt.X("stage:N", sort=["without the decoy", "with the decoy"], title=None, axis=alt.Axis(labelAngle=0))
        y = alt.Y("score:Q", title="Weighted score", scale=alt.Scale(zero=False))
        lines = alt.Chart(part).mark_line().encode(x=x, y=y, color=encode["color"], detail=alt.Detail("option:N"))
        points = alt.Chart(part).mark_point(filled=True, size=80).encode(
            x=x, y=y, color=encode["color"], shape=encode["shape"],
            tooltip=[alt.Tooltip("option:N", title="Option"), alt.Tooltip("score:Q", format=".2f"), alt.Tooltip("rank:Q", title="Rank")],
        )
        labels = alt.Chart(part[part["decoy"] == "with"]).mark_text(align="left", dx=8).encode(x=x, y=y, text=alt.Text("text:N"))
        panels.append(alt.layer(lines, points, labels).properties(width=230, height=260, title=title))
    moved = []
    for scaling in ("anchored", "min-max"):
        part = ranks[ranks["scaling"] == scaling]
        before = part[part["decoy"] == "without"].set_index("option")["rank"]
        after = part[part["decoy"] == "with"].set_index("option")["rank"]
        moved.append(f"{scaling}: " + ", ".join(f"{o} {before[o]}→{after[o]}" for o in before.index))
    return alt.hconcat(*panels).properties(
        title=alt.Title("Adding a decoy", subtitle="Lines that cross mean two options swapped places. Rank in brackets."),
        description="Two slope charts of the options' weighted scores without and with the decoy. Ranks, without→with: "
        + "; ".join(moved) + ".",
    )


def lens_chart(frame: pd.DataFrame, criteria: list[str]) -> alt.Chart:
    """Each lens's share per criterion next to yours, one shape per lens. Columns: who, criterion, share."""
    who = list(dict.fromkeys(frame["who"]))
    return (
        alt.Chart(frame)
        .mark_point(filled=True, size=110, opacity=0.85)
        .encode(
            y=alt.Y("criterion:N", sort=criteria, title=None),
            x=alt.X("share:Q", title="Share of the whole weight", axis=alt.Axis(format="%")),
            shape=alt.Shape("who:N", title=None, scale=alt.Scale(domain=who, range=list(LENS_SHAPES[: len(who)])), legend=alt.Legend(orient="bottom")),
            color=alt.Color("who:N", title=None, scale=alt.Scale(domain=who, range=["black"] + list(LENS_COLOURS[: len(who) - 1])),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("who:N", title="Whose weights"), alt.Tooltip("criterion:N"), alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(
            width=420,
            height=40 * len(criteria),
            title=alt.Title("Your weights and the lenses'", subtitle="Each mark is one set of weights, as shares of the whole. Yours are black."),
            description="Dot plot of the share each set of weights gives each criterion. "
            + "; ".join(
                f"{w}: " + ", ".join(f"{r.criterion} {r.share:.0%}" for r in frame[frame["who"] == w].itertuples()) for w in who
            )
            + ".",
        )
    )


def _param_name(criterion_id: str) -> str:
    return "weight_" + criterion_id.replace("-", "_")


def weights_sandbox_chart(matrix: pd.DataFrame, criterion_labels: Mapping[str, str], option_labels: Mapping[str, str],
                          start: Mapping[str, int]) -> alt.VConcatChart:
    """The weighted sum without a kernel: one slider per weight (starting at `start`), shares and
    scores recomputed in the browser (handouts). `matrix`: options × criteria on the anchored scales."""
    params = [
        alt.param(name=_param_name(c), value=int(start[c]),
                  bind=alt.binding_range(min=WEIGHT_RANGE[0], max=WEIGHT_RANGE[1], step=1, name=f"{criterion_labels[c]} "))
        for c in matrix.columns
    ]
    raw = choose("datum.criterion_id", {c: _param_name(c) for c in matrix.columns})
    total = " + ".join(_param_name(c) for c in matrix.columns)
    long = matrix.rename_axis(index="option_id").reset_index().melt(id_vars="option_id", var_name="criterion_id", value_name="score")
    long["option"] = long["option_id"].map(option_labels)
    long["criterion"] = long["criterion_id"].map(criterion_labels)
    options = [option_labels[o] for o in matrix.index]
    base = (
        alt.Chart(long)
        .transform_calculate(raw=raw, total=total)
        .transform_calculate(share="datum.total > 0 ? datum.raw / datum.total : 0")
        .transform_calculate(contribution="datum.share * datum.score")
    )
    scored = base.transform_aggregate(score="sum(contribution)", groupby=["option"])
    bars = scored.mark_bar().encode(
        y=alt.Y("option:N", sort=options, title=None),
        x=alt.X("score:Q", title="Weighted score (0–100)", scale=alt.Scale(domain=[0, 100])),
        color=_option_scale(options)["color"],
        description=alt.Description("label:N"),
    ).transform_calculate(label="datum.option + ': weighted score ' + format(datum.score, '.2f')")
    values = scored.mark_text(align="left", dx=4, fontWeight="bold").encode(
        y=alt.Y("option:N", sort=options), x=alt.X("score:Q"), text=alt.Text("score:Q", format=".1f")
    )
    first = matrix.index[0]
    shared = base.transform_filter(f"datum.option_id == '{first}'")
    share_bars = shared.mark_bar(color=OKABE_ITO[0]).encode(
        y=alt.Y("criterion:N", sort=[criterion_labels[c] for c in matrix.columns], title=None),
        x=alt.X("share:Q", title="Share of the whole weight", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        description=alt.Description("label:N"),
    ).transform_calculate(label="datum.criterion + ': share ' + format(datum.share, '.2%')")
    share_text = shared.mark_text(align="left", dx=4).encode(
        y=alt.Y("criterion:N", sort=[criterion_labels[c] for c in matrix.columns]), x=alt.X("share:Q"), text=alt.Text("share:Q", format=".0%")
    )
    scores = alt.layer(bars, values).properties(width=420, height=34 * len(matrix), title="Weighted score of each option")
    weights = alt.layer(share_bars, share_text).properties(width=420, height=30 * len(matrix.columns), title="Your weights as shares")
    return (
        alt.vconcat(scores, weights)
        .add_params(*params)
        .properties(
            title=alt.Title(
                "Weigh it, in the browser",
                subtitle=["On screen, move the sliders below the chart (0–100 each): the shares and the weighted scores",
                          "are recomputed in the page. On paper: our reading of the author's weights."],
            ),
            description=f"Interactive chart with {len(matrix.columns)} weight sliders: bars show each option's weighted score "
            "and each criterion's share of the whole weight, recomputed in the page as the sliders move.",
        )
    )


# The handout's views of the student's weights follow the sandbox's sliders: each binds its weight params to the
# slider the sandbox chart put on the page (Vega binds to an existing input when a param names an element and no
# input) and recomputes in the page what the kernel computes with `shares`, `spread` and `lens_distance`.


def _bound_weights(columns: list[str], start: Mapping[str, int]) -> list:
    """One param per criterion that follows the sandbox chart's slider for it (the slider must be on the page first)."""
    return [alt.param(name=_param_name(c), value=int(start[c]), bind=alt.BindDirect(element=f"input[name='{_param_name(c)}']"))
            for c in columns]


def _weight(c: str) -> str:
    return f"toNumber({_param_name(c)})"  # a bound input's value arrives as text


def _raw_of(columns: list[str], field: str = "criterion_id", suffix: str = "") -> str:
    """A Vega expression for the weight on the slider of the row's criterion (`suffix` "_before": before the last move)."""
    return choose(f"datum['{field}']", {c: f"toNumber({_param_name(c)}{suffix})" for c in columns})


def _first_max(values: Mapping[str, str], labels: Mapping[str, str]) -> str:
    """A Vega expression naming the first criterion (in order) whose expression is the largest."""
    most = "max(" + ", ".join(values.values()) + ")"
    return " : ".join(f"{v} == {most} ? {json.dumps(labels[c])}" for c, v in values.items()) + " : ''"


def _js_text(text: str, slots: Mapping[str, str]) -> str:
    """A Vega expression that builds `text` with each slot token replaced by an expression."""
    pattern = "(" + "|".join(map(re.escape, slots)) + ")"
    return " + ".join(slots[part] if part in slots else json.dumps(part) for part in re.split(pattern, text) if part)


def ranges_page_chart(matrix: pd.DataFrame, criterion_labels: Mapping[str, str], start: Mapping[str, int],
                      message: Callable[[str, str], str], all_zero: str) -> alt.LayerChart:
    """Keeney's check recomputed in the page from the sandbox's sliders (handouts): each weight, its share, how far
    apart the options score on its criterion and the most it can move the verdict (share × spread), and whether the
    heaviest weight is the one that can move it most (`message(heaviest, strongest)`, as in the notebook)."""
    columns = list(matrix.columns)
    spreads = {c: int(matrix[c].max() - matrix[c].min()) for c in columns}
    frame = pd.DataFrame({"criterion_id": columns, "criterion": [criterion_labels[c] for c in columns],
                          "spread": [spreads[c] for c in columns]})
    total = " + ".join(_weight(c) for c in columns)
    heaviest = _first_max({c: _weight(c) for c in columns}, criterion_labels)
    strongest = _first_max({c: f"{_weight(c)} * {spreads[c]}" for c in columns}, criterion_labels)
    said = _js_text(message("\x00h", "\x00s").replace(", but ", ",\nbut ").replace(", because ", ",\nbecause ").replace(". A weight", ".\nA weight"),
                    {"\x00h": "heaviest_weight", "\x00s": "strongest_weight"})
    same = _js_text(message("\x00h", "\x00h"), {"\x00h": "heaviest_weight"})
    params = [
        *_bound_weights(columns, start),
        alt.param(name="weights_total", expr=total),
        alt.param(name="heaviest_weight", expr=heaviest),
        alt.param(name="strongest_weight", expr=strongest),
        alt.param(name="range_message", expr=f"weights_total <= 0 ? {json.dumps(all_zero)} : "
                                             f"heaviest_weight == strongest_weight ? {same} : {said}"),
    ]
    base = (
        alt.Chart(frame)
        .transform_calculate(raw=_raw_of(columns))
        .transform_calculate(share="weights_total > 0 ? datum.raw / weights_total : 0")
        .transform_calculate(reach="datum.share * datum.spread")
        .transform_calculate(text="'weight ' + datum.raw + ' · share ' + format(datum.share, '.0%') + ' · options '"
                                  " + datum.spread + ' apart · can move ' + format(datum.reach, '.1f')")
    )
    y = alt.Y("criterion:N", sort=list(frame["criterion"]), title=None, axis=alt.Axis(labelLimit=200))
    bars = base.mark_bar(color=OKABE_ITO[0], size=12, yOffset=-6).encode(
        y=y,
        x=alt.X("reach:Q", title="Most this weight can move the verdict (points of 100)", scale=alt.Scale(domain=[0, max(spreads.values()) or 1])),
        description=alt.Description("label:N"),
    ).transform_calculate(label="datum.criterion + ': ' + datum.text")
    text = base.mark_text(align="left", baseline="middle", dy=9, fontSize=11).encode(y=y, x=alt.value(0), text=alt.Text("text:N"))
    note = base.transform_aggregate(n="count()").mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold", lineHeight=16).encode(
        x=alt.value(0), y=alt.value(-78), text=alt.Text("message:N")
    ).transform_calculate(message="split(range_message, '\\n')")
    return alt.layer(bars, text, note).add_params(*params).properties(
        width=340,
        height=alt.Step(36),
        title=alt.Title("Weights without ranges: what each weight can do between these options",
                        subtitle="Follows the sliders above. Bar: share × how far apart the options score (0–100 scale)."),
        description=(
            "Bar chart recomputed from the weight sliders above: for each criterion, your weight, its share of the whole, how far "
            "apart the three options score on it, and the most it can move the verdict (share times that spread), with a line "
            "saying whether your heaviest weight is also the one that can move the verdict most."
        ),
    )


def lens_page_chart(matrix: pd.DataFrame, criterion_labels: Mapping[str, str], lens_weights: Mapping[str, Mapping[str, int]],
                    lens_labels: Mapping[str, str], start: Mapping[str, int]) -> alt.VConcatChart:
    """Your weights beside every lens's, as shares, recomputed in the page from the sandbox's sliders (handouts), with
    how many points of weight each lens is from yours (as `lens_distance`): what `lens_chart` shows in the notebook."""
    columns = list(matrix.columns)
    you = "You"
    rows = [{"who": you, "lens_id": "", "criterion_id": c, "criterion": criterion_labels[c], "fixed": 0.0} for c in columns]
    for lens, weights in lens_weights.items():
        total = sum(weights[c] for c in columns)
        rows += [{"who": lens_labels[lens], "lens_id": lens, "criterion_id": c, "criterion": criterion_labels[c],
                  "fixed": weights[c] / total} for c in columns]
    who = [you] + [lens_labels[lens] for lens in lens_weights]
    total = " + ".join(_weight(c) for c in columns)
    base = (
        alt.Chart(pd.DataFrame(rows))
        .transform_calculate(yours=f"({total}) > 0 ? ({_raw_of(columns)}) / ({total}) : 0")
        .transform_calculate(share=f"datum.who == '{you}' ? datum.yours : datum.fixed")
    )
    dots = base.mark_point(filled=True, size=110, opacity=0.85).encode(
        y=alt.Y("criterion:N", sort=[criterion_labels[c] for c in columns], title=None),
        x=alt.X("share:Q", title="Share of the whole weight", axis=alt.Axis(format="%")),
        shape=alt.Shape("who:N", title=None, scale=alt.Scale(domain=who, range=list(LENS_SHAPES[: len(who)])), legend=alt.Legend(orient="bottom", columns=2)),
        color=alt.Color("who:N", title=None, scale=alt.Scale(domain=who, range=["black"] + list(LENS_COLOURS[: len(who) - 1])),
                        legend=alt.Legend(orient="bottom", columns=2)),
        description=alt.Description("label:N"),
    ).transform_calculate(label="datum.who + ', ' + datum.criterion + ': ' + format(datum.share, '.1%')")
    apart = (
        base.transform_filter(f"datum.who != '{you}'")
        .transform_calculate(gap="abs(datum.yours - datum.fixed)")
        .transform_aggregate(gap="sum(gap)", groupby=["who"])
        .transform_calculate(text=f"datum.who + ': ' + (({total}) > 0 ? format(50 * datum.gap, '.0f') : '—') + ' points of weight from yours'")
        .mark_text(align="left", fontSize=12)
        .encode(y=alt.Y("who:N", sort=who[1:], axis=None), x=alt.value(0), text=alt.Text("text:N"))
        .properties(width=420, height=alt.Step(18), title=alt.Title("How far each lens is from your weights",
                                                                   subtitle="0: the same weights; 100: nothing in common."))
    )
    return alt.vconcat(
        dots.properties(
            width=420, height=40 * len(columns),
            title=alt.Title("Your weights and the lenses'", subtitle="Follows the sliders above. Each mark is one set of weights, as "
                                                                     "shares of the whole. Yours are black."),
        ),
        apart,
    ).add_params(*_bound_weights(columns, start)).properties(
        description="Dot plot, recomputed from the weight sliders above, of the share your weights and each lens's give each "
        "criterion, then how many points of weight would have to move for each lens's shares to match yours.",
    )
