"""The give-and-take ledger: what each item is worth to the US, discounted by how certain it was when the
article appeared, summed per side and overall, and compared with our reading of the article's ledger; items a
student judges to count the same thing twice are counted once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd

from reset_ledger.schema import SIDES
from reset_ledger.theme import OKABE_ITO
from reset_ledger.vega import choose

# A promise counts half, a hope a quarter: our convention, shown to students, not a fact.
DISCOUNTS = {"delivered": 1.0, "promised": 0.5, "hoped-for": 0.25}
SIDE_LABELS = {"give": "Gives", "take": "Takes", "on-the-table": "On the table", "hope": "Hoped for"}
SIDE_COLOURS = dict(zip(SIDES, (OKABE_ITO[2], OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[3])))
VALUE_RANGE = (-5, 5)


@dataclass(frozen=True)
class Score:
    """A student's (or the author's) view of one item."""

    value: int
    certainty: str


def contribution(score: Score) -> float:
    """What one item adds to the balance: its worth, discounted by its certainty."""
    return score.value * DISCOUNTS[score.certainty]


def author_scores(items: pd.DataFrame) -> dict[str, Score]:
    """The ledger the article implies: our reading of its words, item by item (see author_rationale)."""
    return {row.item_id: Score(int(row.author_value), str(row.certainty)) for row in items.itertuples()}


def default_scores(items: pd.DataFrame) -> dict[str, Score]:
    """Where a student starts: every item worth nothing yet, at its June 2010 certainty."""
    return {row.item_id: Score(0, str(row.certainty)) for row in items.itertuples()}


def ledger_frame(items: pd.DataFrame, scores: Mapping[str, Score]) -> pd.DataFrame:
    """One row per item: side, value, certainty, discount and contribution, in the data's order."""
    rows = []
    for row in items.itertuples():
        score = scores[row.item_id]
        rows.append(
            {
                "item_id": row.item_id,
                "label": str(row.label),
                "side": str(row.side),
                "side_label": SIDE_LABELS[str(row.side)],
                "value": score.value,
                "certainty": score.certainty,
                "discount": DISCOUNTS[score.certainty],
                "contribution": contribution(score),
            }
        )
    return pd.DataFrame(rows)


def side_totals(frame: pd.DataFrame) -> pd.Series:
    """Contribution per side (gives, takes, on the table, hoped for), every side present."""
    return frame.groupby("side")["contribution"].sum().reindex(list(SIDES), fill_value=0.0)


def balance(frame: pd.DataFrame) -> float:
    """The ledger's bottom line: positive means the US got more than it gave."""
    return float(frame["contribution"].sum())


def differences(yours: pd.DataFrame, author: pd.DataFrame) -> pd.DataFrame:
    """Item by item: your contribution, the author's, and the gap between them."""
    merged = yours[["item_id", "label", "side_label", "contribution"]].merge(
        author[["item_id", "contribution"]], on="item_id", suffixes=("_yours", "_author")
    )
    merged["difference"] = merged["contribution_yours"] - merged["contribution_author"]
    return merged


OVERLAP_MARKS = ("A", "B", "C")  # the letters a student gives items that may count the same thing


def overlap_groups(items: pd.DataFrame) -> list[frozenset[str]]:
    """Our reading's sets of items that may count the same thing (connected through overlaps_with): a judgement."""
    links = {row.item_id: set(row.overlaps_with) for row in items.itertuples()}
    groups: list[frozenset[str]] = []
    seen: set[str] = set()
    for start, neighbours in links.items():
        if start in seen or not neighbours:
            continue
        group, queue = set(), [start]
        while queue:
            item = queue.pop()
            if item not in group:
                group.add(item)
                queue.extend(links.get(item, ()))
        seen |= group
        groups.append(frozenset(group))
    return groups


def marked_groups(marks: Mapping[str, str]) -> list[frozenset[str]]:
    """A student's overlap groups: the items given the same letter, two or more to a group, in letter order."""
    by_mark: dict[str, set[str]] = {}
    for item, mark in marks.items():
        if mark:
            by_mark.setdefault(mark, set()).add(item)
    return [frozenset(by_mark[m]) for m in sorted(by_mark) if len(by_mark[m]) >= 2]


def _gains_and_costs(group: Iterable[str], scores: Mapping[str, Score]) -> tuple[list[str], list[str]]:
    return [i for i in group if scores[i].value > 0], [i for i in group if scores[i].value < 0]


def double_counted(groups: Iterable[frozenset[str]], scores: Mapping[str, Score]) -> list[frozenset[str]]:
    """The groups in which two or more items count as gains, or two or more as costs (the same thing counted twice)."""
    return [g for g in groups if any(len(side) >= 2 for side in _gains_and_costs(g, scores))]


def dropped(worths: Mapping[str, float], groups: Iterable[frozenset[str]]) -> set[str]:
    """The items that counting each group once leaves out: all but the group's largest gain and its largest cost,
    judged on the worths given (so a caller decides as of when: June 2010, or a future in which hopes came true)."""
    out: set[str] = set()
    for group in groups:
        present = [i for i in group if i in worths]
        for side in ([i for i in present if worths[i] > 0], [i for i in present if worths[i] < 0]):
            out |= set(sorted(side, key=lambda i: (abs(worths[i]), i), reverse=True)[1:])
    return out


def counted_once(groups: Iterable[frozenset[str]], scores: Mapping[str, Score]) -> dict[str, Score]:
    """The scores with each group counted once, as of when the article appeared: only its largest gain and its
    largest cost, at their June 2010 certainty, are kept."""
    left_out = dropped({i: contribution(s) for i, s in scores.items()}, groups)
    return {i: Score(0, s.certainty) if i in left_out else s for i, s in scores.items()}


def author_ledger(items: pd.DataFrame) -> dict[str, Score]:
    """Our reading of the article's ledger with our reading's overlap groups counted once: the rule a student's own
    groups follow in 05 and 07, so the author's default is not flattered by counting the same thing twice."""
    return counted_once(overlap_groups(items), author_scores(items))


@dataclass(frozen=True)
class Feedback:
    """A message setting the student's grouping beside our reading's (never a mark: both are judgements)."""

    kind: str  # together | partly | apart | theirs
    message: str


def _names(items: Iterable[str], labels: Mapping[str, str]) -> str:
    """Item labels in the data's order, separated by semicolons (labels may hold commas)."""
    chosen = set(items)
    return "; ".join(label for item, label in labels.items() if item in chosen)


def overlap_feedback(ours: Iterable[frozenset[str]], theirs: Iterable[frozenset[str]], scores: Mapping[str, Score],
                     labels: Mapping[str, str], costs: Iterable[str] = ()) -> list[Feedback]:
    """For each of our reading's groups, how the student grouped its items; then the student's groups we do not share.
    `costs` are the items on the give side, whose overlap counts a cost rather than a reward."""
    theirs, costs = list(theirs), set(costs)
    found = []
    for group in ours:
        what = "may count the same cost twice" if group <= costs else "may reward the US for the same thing"
        reading = f"Our reading: these {what}: {_names(group, labels)}."
        shared = [g & group for g in theirs if len(g & group) >= 2]
        if any(s == group for s in shared):
            found.append(Feedback("together", f"{reading} You grouped them together too, so your corrected balance counts them once."))
            continue
        if shared:
            grouped = set().union(*shared)
            found.append(Feedback("partly", f"{reading} You grouped some of them ({_names(grouped, labels)}) and kept the "
                                            f"rest apart ({_names(group - grouped, labels)}). Either can be argued: say why in your reasons."))
            continue
        counted = max(len(side) for side in _gains_and_costs(group, scores))
        twice = (f" You scored {counted} of them on the same side: if they reward or cost the same thing, that thing is counted "
                 f"{counted} times." if counted >= 2 else "")
        found.append(Feedback("apart", f"{reading} You kept them apart.{twice} That is a judgement too: if you see different "
                                       "things in them, say so in your reasons."))
    for group in theirs:
        if not any(len(group & g) >= 2 for g in ours):
            found.append(Feedback("theirs", f"You grouped these: {_names(group, labels)}. Our reading keeps them apart; the "
                                            "judgement is yours: say in your reasons what they share."))
    return found


def verdict_line(totals: pd.Series, total: float, still_to_score: int) -> str:
    """Set the balance against the article's 'a lot of give and not much take', but only once every item is scored:
    a half-scored ledger is not yet an opinion."""
    if still_to_score:
        return f"No verdict yet: {still_to_score} item{'s' if still_to_score > 1 else ''} still to score."
    # Two decimals, as the balance: every contribution is a multiple of a quarter, so nothing is rounded (and + 0.0
    # writes no gives of nothing as "-0.00").
    cost, gain = -totals["give"] + 0.0, totals[["take", "on-the-table", "hope"]].sum() + 0.0
    gave = f"gave {cost:.2f}" if cost >= 0 else f"gained {-cost:.2f} even from its gives"
    got = f"got {gain:.2f} back" if gain >= 0 else f"lost {-gain:.2f} on the rest"
    if total < 0:
        return f"On your scores the US {gave} and {got}: {MORE_GIVE}"
    if total > 0:
        return f"On your scores the US {gave} and {got}: {MORE_TAKE}"
    return CANCEL_OUT


MORE_GIVE, MORE_TAKE = "more give than take, as the article argues.", "more take than give, against the article's verdict."
CANCEL_OUT = "On your scores the give and the take cancel out."


def _bar_encoding(order: list[str]) -> tuple[alt.Y, alt.X, alt.Color]:
    """Items down the side, contribution across, colour by side: shared by the live and the kernel-free chart."""
    return (
        alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        alt.X("contribution:Q", title="Worth to the US × certainty", scale=alt.Scale(domain=[-5, 5])),
        alt.Color(
            "side_label:N",
            title="Side of the ledger",
            scale=alt.Scale(domain=list(SIDE_LABELS.values()), range=[SIDE_COLOURS[s] for s in SIDES]),
            legend=alt.Legend(orient="bottom"),
        ),
    )


def _certainty_name(item_id: str) -> str:
    return "certainty_" + item_id.replace("-", "_")


def discount_of(certainty: str) -> str:
    """A Vega expression for DISCOUNTS[certainty]."""
    return "(" + choose(certainty, {c: str(d) for c, d in DISCOUNTS.items()}) + ")"


def _by_item(ids: list[str], expr: Callable[[str], str]) -> str:
    """A Vega expression taking each row's value from its item's expression."""
    return choose("datum.item_id", {i: expr(i) for i in ids})


def ledger_params(frame: pd.DataFrame) -> list[alt.Parameter]:
    """One worth and one certainty param per item, at the frame's values: what `ledger_chart` reads its numbers from,
    so the page can move them with the controls (`live.Bound`) before the kernel has answered."""
    return [alt.param(name=name(i), value=v) for i, w, c in zip(frame["item_id"], frame["value"], frame["certainty"])
            for name, v in ((_param_name, int(w)), (_certainty_name, str(c)))]


def ledger_controls(values: Mapping[str, object], certainties: Mapping[str, object]) -> dict[str, object]:
    """The param each item's worth and certainty control drives in `ledger_chart`."""
    return {**{_param_name(i): c for i, c in values.items()}, **{_certainty_name(i): c for i, c in certainties.items()}}


def ledger_chart(frame: pd.DataFrame, author: pd.DataFrame | None = None) -> alt.LayerChart:
    """Bars of each item's contribution by side; once compared, ticks show the author's reading. The worths and
    certainties are params and every number is computed from them in the page (see `ledger_params`)."""
    order, ids = list(frame["label"]), [str(i) for i in frame["item_id"]]
    part = {i: f"{_param_name(i)} * {discount_of(_certainty_name(i))}" for i in ids}
    total = "(" + " + ".join(part.values()) + " + 0)" if ids else "0"
    rows = frame[["item_id", "label", "side_label"]].astype(str)
    bars = (
        alt.Chart(rows)
        .transform_calculate(value=_by_item(ids, _param_name), certainty=_by_item(ids, _certainty_name),
                             contribution=_by_item(ids, part.__getitem__))
        .mark_bar()
        .encode(
            *_bar_encoding(order),
            tooltip=[
                alt.Tooltip("label:N", title="Item"),
                alt.Tooltip("side_label:N", title="Side"),
                alt.Tooltip("value:Q", title="Worth (−5 to +5)"),
                alt.Tooltip("certainty:N", title="Certainty"),
                alt.Tooltip("contribution:Q", title="Contribution", format="+.2f"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#444").encode(x=alt.X("x:Q"))  # a channel object: Altair parses a string slowly
    layers = [bars, zero]
    description = (
        f"Bar chart of {len(frame)} ledger items: each bar is an item's worth to the US times its certainty, costs "
        "left of zero, gains right; the title gives the balance, their sum."
    )
    if author is not None:
        ticks = (
            alt.Chart(author)
            .mark_tick(color="black", thickness=3, size=16)
            .encode(
                y=alt.Y("label:N", sort=order),
                x=alt.X("contribution:Q"),
                tooltip=[alt.Tooltip("label:N", title="Item"), alt.Tooltip("contribution:Q", title="Our reading of the author", format="+.2f")],
            )
        )
        layers.append(ticks)
        description += f" Black ticks mark our reading of the article; its balance is {balance(author):+.2f}."
    return alt.layer(*layers).add_params(*ledger_params(frame)).properties(
        width=460,
        height=22 * len(frame),
        title=alt.Title(alt.ExprRef(f"'Your ledger: balance ' + format({total}, '+.2f')"),
                        subtitle="Bars: your scores. " + ("Ticks: our reading of the author." if author is not None else "")),
        description=description,
    )


def _param_name(item_id: str) -> str:
    return "worth_" + item_id.replace("-", "_")


def balance_label(base: alt.Chart) -> alt.Chart:
    """'Balance: …' over a kernel-free chart, summed in the page from its rows' `contribution`."""
    return (
        base.transform_aggregate(balance="sum(contribution)")
        .transform_calculate(text="'Balance: ' + format(datum.balance, '+.2f')")
        .mark_text(align="left", fontSize=15, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.value(-12), text="text:N")
    )


def ledger_sandbox_chart(items: pd.DataFrame) -> alt.LayerChart:
    """The ledger without a kernel: one slider per item, the balance recomputed in the browser (handouts)."""
    params = [
        alt.param(
            name=_param_name(item.item_id),
            value=0,
            bind=alt.binding_range(min=VALUE_RANGE[0], max=VALUE_RANGE[1], step=1, name=f"{item.label} "),
        )
        for item in items.itertuples()
    ]
    worth = _by_item(list(items["item_id"]), _param_name)
    frame = pd.DataFrame(
        {
            "item_id": items["item_id"].astype(str),
            "label": items["label"].astype(str),
            "side_label": [SIDE_LABELS[str(s)] for s in items["side"]],
            "discount": [DISCOUNTS[str(c)] for c in items["certainty"]],
        }
    )
    base = alt.Chart(frame).transform_calculate(worth=worth).transform_calculate(contribution="datum.worth * datum.discount")
    # Each item's name above its bar, not in an axis beside it, so the chart fits a phone's width.
    _, x, colour = _bar_encoding(list(frame["label"]))
    y = alt.Y("label:N", sort=list(frame["label"]), title=None, axis=None)
    colour.legend = alt.Legend(orient="bottom", columns=2)
    bars = base.mark_bar(size=12, yOffset=6).encode(y=y, x=x, color=colour, description=alt.Description("bar:N")).transform_calculate(
        bar="datum.label + ': worth ' + datum.worth + ' × ' + datum.discount + ' = ' + format(datum.contribution, '+.2f')"
    ).add_params(*params)
    names = base.mark_text(align="left", baseline="bottom", dy=-1, fontSize=11).encode(y=y, x=alt.value(0), text="label:N")
    return alt.layer(bars, names, balance_label(base).encode(y=alt.value(-84)), _summary(base)).properties(
        width=330,
        height=alt.Step(34),
        title=alt.Title(
            "Your ledger, in the browser",
            subtitle=["Move the sliders below the chart: each sets an item's",
                      "worth (−5 to +5); its certainty stays as it was when", "the article appeared."],
        ),
        description=(
            f"Interactive bar chart of {len(frame)} ledger items with one slider per item; the balance, each side's total "
            "and what they say about the article's verdict, at the top, are recomputed in the page as the sliders move."
        ),
    )


def _summary(base: alt.Chart) -> alt.Chart:
    """Each side's total and `verdict_line`'s sentence over the kernel-free chart, summed in the page."""
    sides = list(SIDE_LABELS.values())
    side = {s: f"datum[{label!r}]" for s, label in SIDE_LABELS.items()}
    gains = "(" + " + ".join(side[s] for s in SIDES if s != "give") + ")"
    total = f"({side['give']} + {gains})"
    cost, gain = f"(-{side['give']} + 0)", f"({gains} + 0)"
    gave = f"({cost} >= 0 ? 'gave ' + format({cost}, '.2f') : 'gained ' + format(-{cost}, '.2f') + ' even from its gives')"
    got = f"({gain} >= 0 ? 'got ' + format({gain}, '.2f') + ' back' : 'lost ' + format(-{gain}, '.2f') + ' on the rest')"
    said = "'On your scores the US ' + " + gave + " + ' and ' + " + got
    verdict = (f"{total} < 0 ? {said} + {json.dumps(':' + chr(10) + MORE_GIVE)} : {total} > 0 ? {said} + "
               f"{json.dumps(':' + chr(10) + MORE_TAKE)} : {json.dumps(CANCEL_OUT)}")
    each = [f"'{label} ' + format({side[s]}, '+.2f')" for s, label in SIDE_LABELS.items()]
    totals = " + ' · ' + ".join(each[:2]) + " + ' ·\\n' + " + " + ' · ' + ".join(each[2:])  # two lines, for a phone
    return (
        base.transform_aggregate(total="sum(contribution)", groupby=["side_label"])
        .transform_pivot("side_label", value="total", groupby=[])
        .transform_calculate(**{label: f"isValid(datum[{label!r}]) ? datum[{label!r}] : 0" for label in sides})
        .transform_calculate(text=f"{totals} + '\\n' + ({verdict})")
        .mark_text(align="left", baseline="top", fontSize=11, lineHeight=15, lineBreak="\n")
        .encode(x=alt.value(0), y=alt.value(-76), text="text:N")
    )
