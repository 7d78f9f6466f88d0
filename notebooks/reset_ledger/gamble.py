"""The gamble: three futures whose chances always add up to 100 %, what the reset (from a ledger) and
confrontation (from its own sourced defaults) are worth in each, asked two ways: was the reset worth making
(everything it gave and got counts), and was it worth continuing when the article appeared (what was delivered and
done for good is sunk and counts in neither option; a delivered item that goes on only while the reset does is not). Then the expected values, the chance at which the choice
flips, which numbers matter most (a tornado), and 100 futures drawn as dots so risk is seen as outcomes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from reset_ledger.citations import cite, display_date
from reset_ledger.data import load
from reset_ledger.ledger import Score, dropped, marked_groups
from reset_ledger.rendering import table
from reset_ledger.theme import OKABE_ITO
from reset_ledger.vega import choose

POLICIES = ("reset", "confrontation")
POLICY_LABELS = {"reset": "The reset", "confrontation": "Confrontation"}
CHOICE_LABELS = {"reset": "Keep the reset", "confrontation": "Switch to confrontation"}  # the choice when the article appeared
# The two questions decision analysts keep apart: judging the whole bet, and choosing what to do next.
FRAMINGS = ("made", "continued")
FRAMING_LABELS = {"made": "1 · Worth making? Everything counts", "continued": "2 · Worth continuing? What is done for good is sunk"}
FRAMING_NOTES = {
    "made": "Question 1, the whole bet: everything the reset gave and got counts, set against what confrontation "
            "would have brought instead.",
    "continued": "Question 2, the choice when the article appeared: what was delivered and done for good, given or "
                 "received, is sunk. It is the same whichever way you go next, so it counts in neither option. A delivered "
                 "item that goes on only while the reset does (tolerating Georgia's occupation, staying quiet on rights, "
                 "Moscow no longer pressing to close the Manas base) is not sunk: it still counts in the reset's payoffs.",
}
POLICY_COLOURS = {"reset": OKABE_ITO[0], "confrontation": OKABE_ITO[5]}
FUTURE_COLOURS = (OKABE_ITO[4], OKABE_ITO[3], OKABE_ITO[2])  # partner, partial, reversion: green, sky blue, vermillion
FUTURE_SHAPES = ("circle", "square", "triangle-up")
SWITCH_FUTURE = "partner"  # the chance the reset's case rests on
CERTAINTY_COLUMNS = {"delivered": "delivered_realised", "promised": "promised_realised", "hoped-for": "hoped_realised"}
# Tornado swings: our convention, shown to students (the ranges chosen drive the picture).
PAYOFF_SWING = 2.0
CHANCE_SWING = 10
ADJUST_RANGE = (-10.0, 10.0)  # how far a student may move a payoff away from the ledger's

Chances = Mapping[str, float]  # future id -> chance in % (the three add up to 100)
Payoffs = Mapping[str, Mapping[str, float]]  # policy -> future id -> worth to the US


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers adding up to `total` in proportion to `weights` (largest remainder), so rounding never breaks the sum."""
    if any(w < 0 for w in weights):
        raise ValueError("weights cannot be negative")
    exact = [Fraction(w) for w in weights]
    whole = sum(exact)
    shares = [e / whole for e in exact] if whole > 0 else [Fraction(1, len(weights))] * len(weights)
    quotas = [total * share for share in shares]
    floors = [math.floor(q) for q in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in by_remainder[: total - sum(floors)]:
        floors[i] += 1
    return floors


def normalise(weights: Mapping[str, float]) -> dict[str, int]:
    """Chances in whole percent that add up to 100, in proportion to the weights (equal when all are 0)."""
    return dict(zip(weights, apportion(100, list(weights.values()))))


def renormalise(chances: Mapping[str, int], moved: str, value: float) -> dict[str, int]:
    """The student moved one slider: it keeps its new value and the others share what is left in their old proportions."""
    value = min(100, max(0, round(value)))
    others = [f for f in chances if f != moved]
    rest = dict(zip(others, apportion(100 - value, [chances[f] for f in others])))
    return {f: value if f == moved else rest[f] for f in chances}


def along(chances: Chances, future: str, value: float) -> dict[str, float]:
    """The chances with one future set to `value` % and the rest shared as the sliders share it (unrounded)."""
    others = [f for f in chances if f != future]
    whole = sum(chances[f] for f in others)
    return {f: value if f == future else (100 - value) * (chances[f] / whole if whole else 1 / len(others)) for f in chances}


def shares(weights: Mapping[str, float]) -> dict[str, float]:
    """Each weight's share of the total in % (equal when all are 0): the rule the kernel-free handout uses in the page."""
    whole = sum(weights.values())
    return {f: 100 * (w / whole if whole else 1 / len(weights)) for f, w in weights.items()}


def realisation(futures: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Future -> certainty -> the share of an item's worth that counts in that future (from futures.csv)."""
    return {
        row.future_id: {certainty: int(getattr(row, column)) / 100 for certainty, column in CERTAINTY_COLUMNS.items()}
        for row in futures.itertuples()
    }


def ongoing_items(items: pd.DataFrame) -> frozenset[str]:
    """The delivered items that go on only while the reset does (our judgement, ledger_items.ongoing): not sunk."""
    return frozenset(items.loc[items["ongoing"] == "yes", "item_id"])


def reset_line(scores: Mapping[str, Score], realised: Mapping[str, Mapping[str, float]], framing: str,
               ongoing: frozenset[str] = frozenset(), groups: Iterable[frozenset[str]] = ()) -> dict[str, float]:
    """The reset's worth in each future: each item counted as far as that future makes it come true. Asked whether
    to continue, the items delivered and done for good are sunk: they are left out, gives and returns alike; an
    ongoing one (continuing the reset means continuing it) still counts. Items grouped as the same thing count once
    in each future, by what they are worth in that future among the items still counted: where hopes come true a
    hope may outweigh the delivered item it overlaps, and a sunk item never stands in for a live one."""
    counted = {i: s for i, s in scores.items() if framing == "made" or s.certainty != "delivered" or i in ongoing}
    groups = list(groups)
    line = {}
    for future, share in realised.items():
        worths = {i: s.value * share[s.certainty] for i, s in counted.items()}
        left_out = dropped(worths, groups)
        line[future] = float(sum(w for i, w in worths.items() if i not in left_out))
    return line


def confrontation_line(confrontation: pd.DataFrame, futures: Sequence[str]) -> dict[str, float]:
    """Confrontation's worth in each future: the sum of what it would bring beyond lacking the reset's items, so the
    alternative is never a silent zero. Nothing of it was delivered, so both questions count it alike."""
    return {future: float(confrontation[future].sum()) for future in futures}


def framed_payoffs(scores: Mapping[str, Score], realised: Mapping[str, Mapping[str, float]],
                   confrontation: Mapping[str, float], ongoing: frozenset[str],
                   groups: Iterable[frozenset[str]] = ()) -> dict[str, dict[str, dict[str, float]]]:
    """Framing -> policy -> future -> worth: the reset from a ledger (its overlap groups counted once in each future),
    asked both ways, beside confrontation's line."""
    return {
        framing: {"reset": reset_line(scores, realised, framing, ongoing, groups), "confrontation": dict(confrontation)}
        for framing in FRAMINGS
    }


def overlaps_from_ledger(ledger: Mapping) -> list[frozenset[str]]:
    """The groups of items a student marked in notebook 02 as counting the same thing."""
    return marked_groups(ledger.get("overlaps", {}))


def scores_from_ledger(ledger: Mapping, items: pd.DataFrame) -> dict[str, Score]:
    """The Scores saved in notebook 02 (its 'ledger' answers), as scored: an item missing from the file counts 0 at its
    data certainty. Its overlap groups (`overlaps_from_ledger`) are counted once by whoever sums them, as of when."""
    saved = ledger.get("scores", {})
    scores = {
        row.item_id: Score(saved[row.item_id]["value"], saved[row.item_id]["certainty"]) if row.item_id in saved
        else Score(0, str(row.certainty))
        for row in items.itertuples()
    }
    return scores


def adjusted(base: Payoffs, adjustments: Payoffs) -> dict[str, dict[str, float]]:
    """The payoffs after the student's own changes to the ledger's."""
    return {p: {f: base[p][f] + adjustments[p][f] for f in base[p]} for p in base}


def expected_value(chances: Chances, payoffs: Mapping[str, float]) -> float:
    """A policy's worth averaged over the futures, each weighted by its chance."""
    return sum(chances[f] * payoffs[f] for f in chances) / 100


def expected_values(chances: Chances, payoffs: Payoffs) -> dict[str, float]:
    """The expected value of each policy."""
    return {p: expected_value(chances, payoffs[p]) for p in POLICIES}


def advantage(chances: Chances, payoffs: Payoffs) -> float:
    """How much more the reset is expected to be worth than confrontation (negative: confrontation leads)."""
    values = expected_values(chances, payoffs)
    return values["reset"] - values["confrontation"]


@dataclass(frozen=True)
class Switch:
    """Where the choice flips: at `chance` % for `future` the two policies are worth the same."""

    future: str
    chance: float
    reset_above: bool  # True: above that chance the reset is worth more


def switching_chance(chances: Chances, payoffs: Payoffs) -> Switch | None:
    """The chance of partnership at which the choice flips, the other futures keeping their proportions;
    None when no chance from 0 to 100 % flips it (the advantage is a straight line in that chance), including
    when the policies only draw level at 0 or 100 %: the other policy never leads."""
    low = advantage(along(chances, SWITCH_FUTURE, 0), payoffs)
    high = advantage(along(chances, SWITCH_FUTURE, 100), payoffs)
    if low * high >= 0:
        return None
    return Switch(SWITCH_FUTURE, 100 * low / (low - high), reset_above=high > low)


def verdict(chances: Chances, payoffs: Payoffs) -> str:
    """The expected values in one sentence, saying which policy leads and by how much."""
    values = expected_values(chances, payoffs)
    lead = values["reset"] - values["confrontation"]
    both = f"{POLICY_LABELS['reset']} {values['reset']:+.2f} · {POLICY_LABELS['confrontation']} {values['confrontation']:+.2f}"
    if lead > 0:
        return f"Expected value: {both}. The reset leads by {lead:.2f}."
    if lead < 0:
        return f"Expected value: {both}. Confrontation leads by {-lead:.2f}."
    return f"Expected value: {both}. The two are level."


def questions_frame(chances: Chances, framed: Mapping[str, Payoffs], labels: Mapping[str, str]) -> pd.DataFrame:
    """Both questions side by side at the student's chances: each policy's expected value, which leads, where the choice flips."""
    rows = []
    for framing, payoffs in framed.items():
        values = expected_values(chances, payoffs)
        lead = values["reset"] - values["confrontation"]
        switch = switching_chance(chances, payoffs)
        rows.append(
            {
                "Question": FRAMING_LABELS[framing],
                POLICY_LABELS["reset"]: f"{values['reset']:+.2f}",
                POLICY_LABELS["confrontation"]: f"{values['confrontation']:+.2f}",
                "Leads": f"the reset, by {lead:.2f}" if lead > 0 else f"confrontation, by {-lead:.2f}" if lead < 0 else "neither",
                f"Flips at a chance of '{labels[SWITCH_FUTURE]}' of": (
                    f"{switch.chance:.1f} % (the reset leads {'above' if switch.reset_above else 'below'} it)" if switch
                    else "no chance from 0 to 100 %"
                ),
            }
        )
    return pd.DataFrame(rows)


def switch_line(switch: Switch | None, chances: Chances, payoffs: Payoffs, labels: Mapping[str, str]) -> str:
    """The switching chance in words, or why there is none."""
    name = labels[SWITCH_FUTURE]
    if switch is None:
        lead = advantage(chances, payoffs)
        winner = "the reset" if lead > 0 else "confrontation" if lead < 0 else "neither policy"
        level = [end for end in (0, 100) if math.isclose(advantage(along(chances, SWITCH_FUTURE, end), payoffs), 0, abs_tol=1e-9)]
        at = f", drawing level only at a chance of {level[0]} %" if level and lead else ""
        return f"No chance of '{name}' from 0 to 100 % flips the choice: on these payoffs {winner} leads whatever it is{at}."
    side = "above" if switch.reset_above else "below"
    return f"The choice flips when the chance of '{name}' is {switch.chance:.1f} %: {side} that, the reset is worth more."


def tornado_frame(chances: Chances, payoffs: Payoffs, labels: Mapping[str, str]) -> pd.DataFrame:
    """One-way sensitivity: each input swung low and high while the others stay put (a chance's partners
    share the rest as on the sliders); the reset's lead at each end, biggest swing first. What `tornado_chart`
    computes in the page, stated in Python so the tests can hold the page to it."""
    rows = []
    for future in chances:
        low, high = max(0, chances[future] - CHANCE_SWING), min(100, chances[future] + CHANCE_SWING)
        rows.append(
            (f"Chance: {labels[future]}", f"{low:g} %", f"{high:g} %",
             advantage(along(chances, future, low), payoffs), advantage(along(chances, future, high), payoffs))
        )
    for policy in POLICIES:
        for future in chances:
            def moved(delta: float) -> dict[str, dict[str, float]]:
                return {p: {f: v + (delta if (p, f) == (policy, future) else 0) for f, v in payoffs[p].items()} for p in payoffs}

            value = payoffs[policy][future]
            rows.append(
                (f"{POLICY_LABELS[policy]} · {labels[future]}", f"{value - PAYOFF_SWING:+g}", f"{value + PAYOFF_SWING:+g}",
                 advantage(chances, moved(-PAYOFF_SWING)), advantage(chances, moved(PAYOFF_SWING)))
            )
    frame = pd.DataFrame(rows, columns=["input", "low_setting", "high_setting", "low", "high"])
    frame["swing"] = (frame["high"] - frame["low"]).abs()
    frame["flips"] = (frame[["low", "high"]].min(axis=1) < 0) & (frame[["low", "high"]].max(axis=1) > 0)
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def hundred_futures(chances: Chances, payoffs: Payoffs, labels: Mapping[str, str]) -> pd.DataFrame:
    """100 futures, one dot each, as many per future as its chance in %, laid out ten by ten, saying which policy does better
    there: what `futures_grid_chart` computes in the page, stated in Python so the tests can hold the page to it."""
    counts = normalise(chances)
    rows = []
    for future, count in counts.items():
        lead = payoffs["reset"][future] - payoffs["confrontation"][future]
        better = "the reset" if lead > 0 else "confrontation" if lead < 0 else "neither"
        key = f"{labels[future]}: {count} futures, reset {payoffs['reset'][future]:+g}, confrontation {payoffs['confrontation'][future]:+g}"
        fill = key if better == "the reset" else "hollow"
        rows += [{"future": future, "key": key, "better": better, "lead": lead, "fill": fill} for _ in range(count)]
    frame = pd.DataFrame(rows)
    frame["column"] = frame.index % 10
    frame["row"] = frame.index // 10
    return frame


def grid_line(chances: Chances, payoffs: Payoffs, labels: Mapping[str, str]) -> str:
    """The 100 futures in words: what the reset gains or loses in each kind, and that the average hides the spread."""
    parts = []
    for future, count in normalise(chances).items():
        lead = payoffs["reset"][future] - payoffs["confrontation"][future]
        outcome = f"the reset leads by {lead:.2f}" if lead > 0 else f"the reset trails by {-lead:.2f}" if lead < 0 else "the two are level"
        parts.append(f"in {count} ('{labels[future]}') {outcome}")
    return (
        "Of 100 futures: " + "; ".join(parts) + f". The expected lead, {advantage(chances, payoffs):+.2f}, "
        "is an average over them: no single future need give it."
    )


def payoff_frame(base: Payoffs, adjustments: Payoffs, labels: Mapping[str, str], origins: Mapping[str, str]) -> pd.DataFrame:
    """The payoff table a student reads: for each policy and future, where its figure comes from, the student's change, the result."""
    rows = []
    for policy in POLICIES:
        for future in base[policy]:
            change = adjustments[policy][future]
            rows.append(
                {
                    "Policy": POLICY_LABELS[policy],
                    "If": labels[future],
                    "Comes from": origins[policy],
                    "Before your change": f"{base[policy][future]:+.2f}",
                    "Your change": f"{change:+.1f}" if change else "",
                    "Payoff": f"{base[policy][future] + change:+.2f}",
                }
            )
    return pd.DataFrame(rows)


def futures_table() -> Styler:
    """The three futures as a table: what each would mean, how much of a ledger counts in it and why, and the sources."""
    futures, sources = load("futures"), load("sources")
    counted = [
        "\n".join(f"{certainty.replace('-', ' ')}: {int(getattr(row, column))}\u00a0%" for certainty, column in CERTAINTY_COLUMNS.items())
        for row in futures.itertuples()
    ]
    frame = pd.DataFrame(
        {
            "Future": futures["label"].astype(str),
            "What it would mean": futures["description"].astype(str),
            "How much of a ledger item counts": counted,
            "Judged by (time horizon)": [display_date(d) for d in futures["horizon_end"]],
            "Why (conventions, not facts)": futures["realised_rationale"].astype(str) + " " + futures["horizon_rationale"].astype(str),
            "Starting chance": [f"{int(p)}\u00a0%" for p in futures["default_probability"]],
            "Why that starting chance": futures["probability_rationale"].astype(str),
            "Sources": [cite(ids, sources) for ids in futures["source_ids"]],
        }
    )
    return table(frame, "Three futures as seen when the article appeared")


def sunk_table() -> Styler:
    """The items delivered by June 2010, each judged sunk (done for good) or ongoing (goes on only while the reset
    does), with our reason: what question 2 leaves out, and what it still counts."""
    items = load("ledger_items")
    delivered = items[items["certainty"] == "delivered"]
    frame = pd.DataFrame(
        {
            "Delivered when the article appeared": delivered["label"].astype(str),
            "Side": delivered["side"].map({"give": "given", "take": "received"}).astype(str),
            "Question 2 (worth continuing?)": delivered["ongoing"].map(
                {"yes": "ongoing: still counts in the reset's payoffs", "no": "done for good: sunk, counts in neither option"}
            ).astype(str),
            "Why (our judgement)": delivered["ongoing_rationale"].astype(str),
        }
    )
    return table(frame, "What was delivered: sunk, or still going on?")


def confrontation_table() -> Styler:
    """What confronting Moscow would bring in each future, item by item with its reason and sources, and the sums
    that are confrontation's default payoffs."""
    futures, confrontation, sources = load("futures"), load("confrontation"), load("sources")
    labels = dict(zip(futures["future_id"], futures["label"].astype(str)))

    def by_future(values: Mapping[str, float]) -> str:
        return "\n".join(f"{labels[f]}: {v:+g}" if v else f"{labels[f]}: 0" for f, v in values.items())

    frame = pd.DataFrame(
        {
            "What confronting Moscow would bring": confrontation["label"].astype(str),
            "Worth to the US in each future": [by_future({f: int(getattr(row, f)) for f in labels}) for row in confrontation.itertuples()],
            "Why (our judgement, from sourced facts)": confrontation["rationale"].astype(str),
            "Sources": [cite(ids, sources) for ids in confrontation["source_ids"]],
        }
    )
    total = {"What confronting Moscow would bring": "Confrontation's payoff: the sum",
             "Worth to the US in each future": by_future(confrontation_line(confrontation, list(labels))),
             "Why (our judgement, from sourced facts)": "", "Sources": ""}
    return table(pd.concat([frame, pd.DataFrame([total])], ignore_index=True),
                 "Confrontation is not a zero: what it would bring in each future, beyond lacking the reset's items")


SANDBOX_WIDTH = 400


def _param(future: str) -> str:
    return "chance_" + future.replace("-", "_")


FRAMING_SHORT = {"made": "Q1 worth making", "continued": "Q2 worth continuing"}


def gamble_sandbox_chart(payoffs: Mapping[str, Payoffs], futures: pd.DataFrame) -> alt.VConcatChart:
    """The gamble without a kernel: a slider per future, the chances (each slider's share of the total) and both
    policies' expected values under both questions recomputed in the browser (handouts)."""
    ids = list(futures["future_id"])
    labels = dict(zip(ids, futures["label"].astype(str)))
    params = [
        alt.param(name=_param(f), value=int(p), bind=alt.binding_range(min=0, max=100, step=1, name=f"{labels[f]} "))
        for f, p in zip(ids, futures["default_probability"])
    ]
    weight = choose("datum.future", {f: _param(f) for f in ids})
    rows = [f"{FRAMING_SHORT[q]} · {POLICY_LABELS[p]}" for q in FRAMINGS for p in POLICIES]
    frame = pd.DataFrame(
        [{"row": f"{FRAMING_SHORT[q]} · {POLICY_LABELS[p]}", "policy": POLICY_LABELS[p], "future": f, "label": labels[f],
          "payoff": payoffs[q][p][f]} for q in FRAMINGS for p in POLICIES for f in ids]
    )
    base = (
        alt.Chart(frame)
        .transform_calculate(weight=weight)
        .transform_joinaggregate(total="sum(weight)", groupby=["row"])
        .transform_calculate(chance=f"datum.total > 0 ? datum.weight / datum.total : 1 / {len(ids)}")
        .transform_calculate(part="datum.chance * datum.payoff")
    )
    summed = base.transform_aggregate(value="sum(part)", groupby=["row", "policy"]).transform_calculate(
        text="datum.row + ': ' + format(datum.value, '+.2f')"
    )
    domain = [POLICY_LABELS[p] for p in POLICIES]
    y = alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelLimit=260))
    bars = summed.mark_bar().encode(
        y=y,
        x=alt.X("value:Q", title="Expected value (worth to the US)"),
        color=alt.Color("policy:N", title="Policy", scale=alt.Scale(domain=domain, range=[POLICY_COLOURS[p] for p in POLICIES]),
                        legend=alt.Legend(orient="bottom")),
    ).add_params(*params)
    values = summed.mark_text(align="left", dx=8, fontWeight="bold").encode(y=y, x=alt.XValue(SANDBOX_WIDTH), text=alt.Text("text:N"))
    chance_text = (
        base.transform_filter(f"datum.row == '{rows[0]}'")
        .transform_window(order="row_number()")
        .transform_calculate(text="datum.label + ': ' + format(datum.chance, '.1%')")
        .mark_text(align="left", fontSize=12)
        .encode(x=alt.XValue(0), y=alt.Y("order:O", axis=None), text=alt.Text("text:N"))
        .properties(height=60)
    )
    return alt.vconcat(
        chance_text.properties(width=SANDBOX_WIDTH, title=alt.Title("Your chances (each slider's share of the three)")),
        alt.layer(bars, values).properties(width=SANDBOX_WIDTH, height=150, title=alt.Title("Expected value, asked both ways")),
    ).properties(
        title=alt.Title(
            "The gamble, in the browser",
            subtitle=["On screen, move the sliders below the chart; on paper, the starting chances. The reset's payoffs:",
                      "our reading of the article's ledger (notebook 02); confrontation's: its own defaults."],
        ),
        description=(
            f"Interactive chart with one slider per future ({', '.join(labels.values())}). The page divides each slider by the "
            "total of the three, so the chances always add up to a whole, and recomputes the expected value of the reset and "
            "of confrontation for both questions: worth making, where everything counts, and worth continuing, where what "
            "was already delivered is sunk."
        ),
    )


# The handout's tornado and 100 futures follow the sandbox's sliders: each binds its chance params to the slider the
# sandbox chart put on the page (Vega binds to an existing input when a param names an element and no input), and
# recomputes in the page what `hundred_futures` and `tornado_frame` compute in the kernel.


def _bound_chances(futures: pd.DataFrame) -> list:
    """One param per future that follows the sandbox chart's slider for it (the slider must be on the page first)."""
    return [
        alt.param(name=_param(f), value=int(p), bind=alt.BindDirect(element=f"input[name='{_param(f)}']"))
        for f, p in zip(futures["future_id"], futures["default_probability"])
    ]


def _pick(field: str, values: Mapping[str, str]) -> str:
    """A Vega expression choosing values[datum[field]] (the last value when none matches)."""
    *first, last = values
    return choose(f"datum['{field}']", {k: values[k] for k in first}, values[last])


def _chance_exprs(ids: Sequence[str]) -> list:
    """Params computed in the page from the slider values: each future's share in % (as `shares`) and its number of
    the 100 futures (as `apportion`: whole-percent floors, then one more to the largest remainders, ties in order)."""
    number = {f: f"toNumber({_param(f)})" for f in ids}  # a bound input's value arrives as text
    total = " + ".join(number.values())
    exprs = [alt.param(name="chance_total", expr=total)]
    for f in ids:
        exprs += [
            alt.param(name=f"share_{_param(f)}", expr=f"chance_total > 0 ? 100 * {number[f]} / chance_total : 100 / {len(ids)}"),
            alt.param(name=f"rem_{_param(f)}", expr=f"chance_total > 0 ? (100 * {number[f]}) % chance_total : 1"),
            alt.param(name=f"floor_{_param(f)}",
                      expr=f"chance_total > 0 ? (100 * {number[f]} - rem_{_param(f)}) / chance_total : {100 // len(ids)}"),
        ]
    left = "100 - (" + " + ".join(f"floor_{_param(f)}" for f in ids) + ")"
    for i, f in enumerate(ids):
        ahead = " + ".join(
            f"(rem_{_param(g)} > rem_{_param(f)} || rem_{_param(g)} == rem_{_param(f)} && {str(j < i).lower()} ? 1 : 0)"
            for j, g in enumerate(ids) if g != f
        )
        exprs.append(alt.param(name=f"count_{_param(f)}", expr=f"floor_{_param(f)} + ({ahead} < {left} ? 1 : 0)"))
    return exprs


def futures_page_chart(payoffs: Payoffs, futures: pd.DataFrame) -> alt.Chart:
    """The 100 futures recomputed in the page from the sandbox's sliders (handouts): what `futures_grid_chart` shows."""
    ids = list(futures["future_id"])
    labels = dict(zip(ids, futures["label"].astype(str)))
    lead = {f: payoffs["reset"][f] - payoffs["confrontation"][f] for f in ids}
    dots = pd.DataFrame({"i": range(100)})
    dots["column"], dots["row"] = dots["i"] % 10, dots["i"] // 10
    upto = [" + ".join(f"count_{_param(g)}" for g in ids[: k + 1]) for k in range(len(ids))]
    which = "".join(f"datum.i < {upto[k]} ? '{f}' : " for k, f in enumerate(ids[:-1])) + f"'{ids[-1]}'"
    keys = " : ".join(
        f"datum.value == '{f}' ? '{labels[f]}: ' + count_{_param(f)} + ' futures, reset {payoffs['reset'][f]:+g}, "
        f"confrontation {payoffs['confrontation'][f]:+g}'" for f in ids
    ) + " : ''"
    wins = " + ".join(f"count_{_param(f)}" for f in ids if lead[f] > 0) or "0"
    scale = {"domain": ids}
    better = "datum.better == 'the reset'"
    return (
        alt.Chart(dots)
        .transform_calculate(future=which)
        .transform_calculate(better=_pick("future", {f: "'the reset'" if lead[f] > 0 else "'not the reset'" for f in ids}))
        .mark_point(size=200, strokeWidth=2)
        .encode(
            x=alt.X("column:O", axis=None),
            y=alt.Y("row:O", axis=None),
            color=alt.Color("future:N", title="Future", scale=alt.Scale(**scale, range=list(FUTURE_COLOURS[: len(ids)])),
                            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=520, labelExpr=keys)),
            shape=alt.Shape("future:N", title="Future", scale=alt.Scale(**scale, range=list(FUTURE_SHAPES[: len(ids)]))),
            fill=alt.condition(better, alt.Fill("future:N", scale=alt.Scale(**scale, range=list(FUTURE_COLOURS[: len(ids)])), legend=None),
                               alt.value("white")),
            description=alt.Description("future:N"),
        )
        .add_params(*_bound_chances(futures), *_chance_exprs(ids), alt.param(name="futures_won", expr=wins))
        .properties(
            width=260,
            height=260,
            title=alt.Title(
                {"expr": "'100 futures: the reset does better in ' + futures_won + ' of them'"},
                subtitle=["Follows the chances set above (on screen, by the sliders).",
                          "One dot per future; filled: the reset does better there, hollow: it does not."],
            ),
            description=(
                "A ten-by-ten grid of 100 dots, one per possible future, as many of each future as its chance in %, taken from "
                "the sliders above: " + "; ".join(labels.values()) + ". Filled dots are futures where the reset does better."
            ),
        )
    )


def _tornado_in_page(ids: Sequence[str], labels: Mapping[str, str], share: Mapping[str, str], lead: Mapping[str, str],
                     settings: Mapping[tuple[str, str], tuple[str, str]]) -> alt.LayerChart:
    """The tornado computed in the page from Vega expressions: each future's chance in % (`share`), the reset's lead in
    it (`lead`), and each payoff's lowered and raised setting as text; what `tornado_frame` computes, drawn as
    `tornado_chart` draws it."""
    rows = []
    for f in ids:
        others = [g for g in ids if g != f]
        rows.append({"input": f"Chance: {labels[f]}", "kind": "chance", "key": "chance", "f": f, "o1": others[0], "o2": others[1], "sign": 0})
    for p in POLICIES:
        for f in ids:
            rows.append({"input": f"{POLICY_LABELS[p]} · {labels[f]}", "kind": "payoff", "key": f"{p} {f}", "f": f, "o1": f, "o2": f,
                         "sign": 1 if p == "reset" else -1})
    base = "(" + " + ".join(f"{share[f]} * ({lead[f]})" for f in ids) + ") / 100"
    along = "(datum.lv * datum.d + (100 - datum.lv) * datum.mix) / 100"
    low_text = {f"{p} {f}": low for (p, f), (low, _) in settings.items()} | {"chance": "''"}
    high_text = {f"{p} {f}": high for (p, f), (_, high) in settings.items()} | {"chance": "''"}
    frame = (
        alt.Chart(pd.DataFrame(rows))
        .transform_calculate(c=_pick("f", share), d=_pick("f", lead), s1=_pick("o1", share), s2=_pick("o2", share),
                             d1=_pick("o1", lead), d2=_pick("o2", lead), base=f"({base})",
                             low_setting=_pick("key", low_text), high_setting=_pick("key", high_text))
        .transform_calculate(w1="datum.s1 + datum.s2 > 0 ? datum.s1 / (datum.s1 + datum.s2) : 0.5",
                             lv=f"max(0, datum.c - {CHANCE_SWING})", hv=f"min(100, datum.c + {CHANCE_SWING})")
        .transform_calculate(mix="datum.w1 * datum.d1 + (1 - datum.w1) * datum.d2")
        .transform_calculate(
            low=f"datum.kind == 'chance' ? {along} : datum.base - datum.sign * datum.c * {PAYOFF_SWING} / 100",
            high=f"datum.kind == 'chance' ? (datum.hv * datum.d + (100 - datum.hv) * datum.mix) / 100 : "
                 f"datum.base + datum.sign * datum.c * {PAYOFF_SWING} / 100",
            lowtext="datum.kind == 'chance' ? format(datum.lv, '.3~r') + ' %' : datum.low_setting",
            hightext="datum.kind == 'chance' ? format(datum.hv, '.3~r') + ' %' : datum.high_setting",
        )
        .transform_calculate(swing="abs(datum.high - datum.low)")
        .transform_fold(["low", "high"], as_=["which", "value"])
        .transform_calculate(end="datum.which == 'low' ? 'input lowered' : 'input raised'",
                             setting="datum.which == 'low' ? datum.lowtext : datum.hightext",
                             left="datum.value <= datum.base")
    )
    y = alt.Y("input:N", sort=alt.EncodingSortField("swing", op="max", order="descending"), title=None, axis=alt.Axis(labelLimit=320))
    bars = frame.mark_bar(height=16).encode(
        y=y,
        x=alt.X("base:Q", title="How far the reset leads (expected value, reset minus confrontation)"),
        x2=alt.X2("value:Q"),
        color=alt.Color("end:N", title="Each bar end", scale=alt.Scale(domain=["input lowered", "input raised"], range=[OKABE_ITO[3], OKABE_ITO[0]]),
                        legend=alt.Legend(orient="bottom")),
        description=alt.Description("lead:N"),
    ).transform_calculate(lead="datum.input + ', ' + datum.end + ' to ' + datum.setting + ': ' + format(datum.value, '+.2f')")
    text = {"y": y, "x": alt.X("value:Q"), "text": alt.Text("setting:N")}
    left = frame.transform_filter("datum.left").mark_text(fontSize=10, align="right", dx=-4).encode(**text)
    right = frame.transform_filter("!datum.left").mark_text(fontSize=10, align="left", dx=4).encode(**text)
    zero = frame.transform_aggregate(now="min(base)").mark_rule(strokeDash=[1, 0], aria=False).encode(x=alt.datum(0))
    now = frame.transform_aggregate(now="min(base)").mark_rule(strokeDash=[4, 3], aria=False).encode(x="now:Q")
    return alt.layer(bars, left, right, zero, now)


def tornado_page_chart(payoffs: Payoffs, futures: pd.DataFrame) -> alt.LayerChart:
    """The tornado recomputed in the page from the sandbox's sliders (handouts): what `tornado_frame` computes, each
    input swung low and high while the others stay put, drawn as `tornado_chart` draws it."""
    ids = list(futures["future_id"])
    labels = dict(zip(ids, futures["label"].astype(str)))
    lead = {f: str(payoffs["reset"][f] - payoffs["confrontation"][f]) for f in ids}
    settings = {(p, f): (f"'{payoffs[p][f] - PAYOFF_SWING:+g}'", f"'{payoffs[p][f] + PAYOFF_SWING:+g}'") for p in POLICIES for f in ids}
    share = {f: f"share_{_param(f)}" for f in ids}
    return _tornado_in_page(ids, labels, share, lead, settings).add_params(*_bound_chances(futures), *_chance_exprs(ids)).properties(
        width=420,
        height=alt.Step(22),
        title=alt.Title("Which numbers matter most?",
                        subtitle=["Follows the chances set above (on screen, by the sliders). Each input swung down and up,",
                                  "the others held; solid line: the choice flips; dashed: the reset's lead now."]),
        description=(
            "Tornado chart recomputed from the sliders above: for each chance and each payoff, the reset's lead over "
            "confrontation with that input lowered and raised while the others stay put; the widest bar first."
        ),
    )


# The exercise's switching chart, 100 futures and tornado are computed in the page from params the sliders drive
# (`live.Bound`): the chances, the student's changes to the payoffs and the question on show. Each expression repeats,
# operation for operation, what the kernel's function computes, so both give the same numbers.


def _adjust_param(policy: str, future: str) -> str:
    return f"adjust_{policy}_{future.replace('-', '_')}"


def _pay(policy: str, future: str) -> str:
    return f"pay_{policy}_{future.replace('-', '_')}"


def _lead(future: str) -> str:
    return "lead_" + future.replace("-", "_")


def gamble_controls(chances: Mapping[str, object], adjust: Mapping[tuple[str, str], object], framing: object) -> dict[str, object]:
    """The param each chance slider, payoff change and the question drive in the gamble's page charts."""
    return ({_param(f): s for f, s in chances.items()} | {_adjust_param(p, f): s for (p, f), s in adjust.items()}
            | {"framing": framing})


def chance_params(futures: Sequence[str]) -> tuple[str, ...]:
    """The chance params, in the futures' order: their controls always add up to 100 (`live.Bound.balanced`)."""
    return tuple(_param(f) for f in futures)


def gamble_params(chances: Chances, framed: Mapping[str, Payoffs], adjustments: Payoffs, framing: str) -> list[alt.Parameter]:
    """The chances, changes and question as params at these values, and each payoff (as `adjusted`) and the reset's
    lead in each future computed from them: what the gamble's page charts read."""
    ids = list(chances)
    params = [alt.param(name=_param(f), value=int(chances[f])) for f in ids]
    params += [alt.param(name=_adjust_param(p, f), value=float(adjustments[p][f])) for p in POLICIES for f in ids]
    params.append(alt.param(name="framing", value=framing))
    for p in POLICIES:
        for f in ids:
            base = "".join(f"framing == '{q}' ? {framed[q][p][f]!r} : " for q in FRAMINGS[:-1]) + repr(framed[FRAMINGS[-1]][p][f])
            params.append(alt.param(name=_pay(p, f), expr=f"({base}) + {_adjust_param(p, f)}"))
    params += [alt.param(name=_lead(f), expr=f"{_pay('reset', f)} - {_pay('confrontation', f)}") for f in ids]
    return params


def _ev(policy: str, chances: Mapping[str, str]) -> str:
    """A Vega expression for `expected_value` of a policy at these chances (expressions)."""
    return "(" + " + ".join(f"({c}) * {_pay(policy, f)}" for f, c in chances.items()) + ") / 100"


def _along(ids: Sequence[str], future: str, value: str) -> dict[str, str]:
    """Vega expressions for `along`: one future at `value` %, the others sharing the rest in their proportions."""
    others = [f for f in ids if f != future]
    whole = "(" + " + ".join(_param(f) for f in others) + ")"
    return {f: value if f == future else f"(100 - ({value})) * ({whole} ? {_param(f)} / {whole} : 1 / {len(others)})" for f in ids}


def switching_chart(ids: Sequence[str], labels: Mapping[str, str], params: list[alt.Parameter]) -> alt.LayerChart:
    """Each policy's expected value as the chance of partnership runs from 0 to 100 %, the others keeping their
    proportions: the lines cross where the choice flips (`switching_chance`); the dots are the student's chances now.
    Computed in the page from `gamble_params`."""
    now = {f: _param(f) for f in ids}
    ends = {end: _along(ids, SWITCH_FUTURE, str(end)) for end in (0, 100)}
    low, high = (f"({_ev('reset', ends[e])} - {_ev('confrontation', ends[e])})" for e in (0, 100))
    flip = f"({low} * {high} < 0 ? 100 * {low} / ({low} - {high}) : -1)"
    computed = [alt.param(name="flip_at", expr=flip),
                alt.param(name="flip_value", expr=_ev("reset", _along(ids, SWITCH_FUTURE, "flip_at")))]
    keys = {f"{e} {p}": (str(e), _ev(p, ends[e])) for e in (0, 100) for p in POLICIES}
    keys |= {f"now {p}": (_param(SWITCH_FUTURE), _ev(p, now)) for p in POLICIES} | {"flip": ("flip_at", "flip_value")}
    rows = pd.DataFrame(
        [{"kind": "line", "key": f"{e} {p}", "policy": POLICY_LABELS[p]} for e in (0, 100) for p in POLICIES]
        + [{"kind": "now", "key": f"now {p}", "policy": POLICY_LABELS[p]} for p in POLICIES]
        + [{"kind": "flip", "key": "flip", "policy": ""}]
    )
    data = alt.Chart(rows).transform_calculate(
        chance=_pick("key", {k: c for k, (c, _) in keys.items()}), value=_pick("key", {k: v for k, (_, v) in keys.items()}),
    ).transform_calculate(
        text="datum.kind == 'now' ? datum.policy + ': ' + format(datum.value, '+.2f') : "
             "datum.kind == 'flip' ? 'flips at ' + format(datum.chance, '.1f') + ' %' : ''",
    )
    domain = [POLICY_LABELS[p] for p in POLICIES]
    colour = alt.Color("policy:N", title="Policy", scale=alt.Scale(domain=domain, range=[POLICY_COLOURS[p] for p in POLICIES]),
                       legend=alt.Legend(orient="bottom"))
    x = alt.X("chance:Q", title=f"Chance of '{labels[SWITCH_FUTURE]}' (%)", scale=alt.Scale(domain=[0, 100]))
    y = alt.Y("value:Q", title="Expected value (worth to the US)")
    lines = data.transform_filter("datum.kind == 'line'").mark_line(strokeWidth=3).encode(
        x=x, y=y, color=colour,
        strokeDash=alt.StrokeDash("policy:N", title="Policy", scale=alt.Scale(domain=domain, range=[[1, 0], [6, 4]]),
                                  legend=alt.Legend(orient="bottom")),
    )
    dots = data.transform_filter("datum.kind == 'now'").mark_point(filled=True, size=120).encode(
        x=x, y=y, color=colour,
        shape=alt.Shape("policy:N", scale=alt.Scale(domain=domain, range=["circle", "diamond"]), legend=None),
        tooltip=[alt.Tooltip("text:N", title="Now")],
    )
    rule = data.transform_filter(f"datum.kind == 'now' && datum.policy == '{POLICY_LABELS['reset']}'").mark_rule(
        strokeDash=[2, 2], color="#444").encode(x=x)
    flipped = data.transform_filter("datum.kind == 'flip' && flip_at >= 0")
    cross = flipped.mark_point(shape="cross", size=200, color="black", strokeWidth=2).encode(x=x, y=y)
    label = flipped.mark_text(dy=-14, fontWeight="bold").encode(x=x, y=y, text=alt.Text("text:N"))
    return alt.layer(lines, rule, dots, cross, label).add_params(*params, *computed).properties(
        width=460,
        height=260,
        title=alt.Title("When does the choice flip?", subtitle="Solid: the reset; dashed: confrontation. Dots: your chances now."),
        description=(
            f"Line chart of the two policies' expected values as the chance of '{labels[SWITCH_FUTURE]}' goes from 0 to 100 %, "
            "the other futures keeping their proportions. Dots mark your chances now; a cross marks where the lines cross "
            "and the choice flips, if they cross between 0 and 100 %. The numbers are written above the chart."
        ),
    )


def futures_grid_chart(ids: Sequence[str], labels: Mapping[str, str], params: list[alt.Parameter]) -> alt.Chart:
    """The 100 futures as a ten-by-ten grid, as many dots of each future as its chance (`hundred_futures`): colour and
    shape say which future, a filled dot that the reset does better there. Computed in the page from `gamble_params`."""
    dots = pd.DataFrame({"i": range(100)})
    dots["column"], dots["row"] = dots["i"] % 10, dots["i"] // 10
    upto = [" + ".join(_param(g) for g in ids[: k + 1]) for k in range(len(ids))]
    which = "".join(f"datum.i < {upto[k]} ? '{f}' : " for k, f in enumerate(ids[:-1])) + f"'{ids[-1]}'"
    leads = {f: _lead(f) for f in ids}
    keys = " : ".join(
        f"datum.value == '{f}' ? '{labels[f]}: ' + {_param(f)} + ' futures, reset ' + format({_pay('reset', f)}, '+') + "
        f"', confrontation ' + format({_pay('confrontation', f)}, '+')" for f in ids
    ) + " : ''"
    won = " + ".join(f"({leads[f]} > 0 ? {_param(f)} : 0)" for f in ids)
    scale = {"domain": list(ids)}
    colours, shapes = list(FUTURE_COLOURS[: len(ids)]), list(FUTURE_SHAPES[: len(ids)])
    return (
        alt.Chart(dots)
        .transform_calculate(future=which)
        .transform_calculate(lead=_pick("future", leads))
        .transform_calculate(better="datum.lead > 0 ? 'the reset' : datum.lead < 0 ? 'confrontation' : 'neither'")
        .mark_point(size=260, strokeWidth=2)
        .encode(
            x=alt.X("column:O", axis=None),
            y=alt.Y("row:O", axis=None),
            color=alt.Color("future:N", title="Future", scale=alt.Scale(**scale, range=colours),
                            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=520, labelExpr=keys)),
            shape=alt.Shape("future:N", title="Future", scale=alt.Scale(**scale, range=shapes)),
            fill=alt.condition("datum.better == 'the reset'", alt.Fill("future:N", scale=alt.Scale(**scale, range=colours), legend=None),
                               alt.value("white")),
            tooltip=[alt.Tooltip("future:N", title="Future"), alt.Tooltip("better:N", title="Does better here")],
        )
        .add_params(*params, alt.param(name="futures_won", expr=won))
        .properties(
            width=300,
            height=300,
            title=alt.Title(alt.ExprRef("'100 futures: the reset does better in ' + futures_won + ' of them'"),
                            subtitle="One dot per future. Filled: the reset does better there; hollow: it does not."),
            description=(
                "A ten-by-ten grid of 100 dots, one per possible future, as many of each future as its chance in %, coloured "
                "and shaped by which future it is (" + "; ".join(labels[f] for f in ids) + "); the legend gives each "
                "future's count and payoffs. Filled dots are futures where the reset does better."
            ),
        )
    )


def tornado_chart(ids: Sequence[str], labels: Mapping[str, str], params: list[alt.Parameter]) -> alt.LayerChart:
    """Bars from the current lead to the lead with each input lowered and raised (`tornado_frame`); the solid line is
    where the choice flips. Computed in the page from `gamble_params`."""
    settings = {(p, f): (f"format({_pay(p, f)} - {PAYOFF_SWING}, '+')", f"format({_pay(p, f)} + {PAYOFF_SWING}, '+')")
                for p in POLICIES for f in ids}
    return _tornado_in_page(ids, labels, {f: _param(f) for f in ids}, {f: _lead(f) for f in ids}, settings).add_params(*params).properties(
        width=420,
        height=alt.Step(22),
        title=alt.Title(
            "Which numbers matter most?",
            subtitle=[f"Each chance moved {CHANCE_SWING} points and each payoff {PAYOFF_SWING:g} points, one at a time; wider bars "
                      "matter more.", "Solid line: the choice flips; dashed: the reset's lead now."],
        ),
        description=(
            f"Tornado chart of {len(ids) * (1 + len(POLICIES))} inputs: for each chance and each payoff, the reset's lead over "
            "confrontation with that input lowered and raised while the others stay put; the widest bar first."
        ),
    )
