"""Class results for the teacher: counts, spreads against our reading of the article, written reasons —
computed only from files that passed the store's checks.

Privacy per figure: every count, mean, spread, table or chart is shown only when at least five students
contributed to *that* figure (an item four students skipped gets none). Figures are aggregated before
charting, so no chart or table holds a row per student or a pseudonym; written reasons are shown without
pseudonyms, in random order, as a sample. Aggregating first also keeps the page small and fast for a
class of thousands.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from reset_ledger.argument import reference_roles
from reset_ledger.data import load
from reset_ledger.exercise import labelled, note
from reset_ledger.hindsight import bets_from_answers, brier, coin_toss, outcomes
from reset_ledger.ledger import Score, author_scores, contribution, default_scores
from reset_ledger.rendering import Stack, handout_mode, table
from reset_ledger.responses import Loaded, Response, handin_folder, load_folder, responses_folder
from reset_ledger.sequence import SEQUENCE
from reset_ledger.theme import COST, GAIN
from reset_ledger.weighing import lens_weights, shares

MIN_GROUP = 5  # no figure is shown for fewer students, so no one's answers can be singled out
MAX_REASON = 400  # characters of one written answer shown to the teacher
SAMPLE = 5  # written answers shown per question; a few more behind "show more"
MORE = 20
OUR_READING = "Our reading of the article"
A_LENS = "A theory lens (03)"
# How each reasoned position is drawn beside the class: shape, outline, fill, and the words a screen reader gets.
REFERENCE_MARKS = {OUR_READING: ("diamond", COST, COST, "a red diamond"), A_LENS: ("circle", "#000000", "transparent", "an open circle")}


@dataclass
class ClassFolder:
    """Every valid response in a folder (each student's latest), grouped by notebook, plus the report on refused files."""

    folder: Path
    loaded: Loaded

    @classmethod
    def read(cls, folder: Path) -> ClassFolder:
        """Read a folder of response files or hand-ins (nothing in them is executed or evaluated)."""
        return cls(Path(folder), load_folder(Path(folder)))

    def answers(self, notebook: str) -> list[Response]:
        """The valid responses to one notebook."""
        return [r for r in self.loaded.responses if r.notebook == notebook]


def enough(n: int) -> bool:
    """Whether a figure has enough contributors to be shown."""
    return n >= MIN_GROUP


def how_many(n: int) -> str:
    """A count as shown: exact from five, 'fewer than 5' below (zero is zero)."""
    return str(n) if n == 0 or enough(n) else f"fewer than {MIN_GROUP}"


def too_few(n: int, what: str) -> str:
    """The message shown instead of a figure with too few contributors."""
    return (
        f"{how_many(n).capitalize()} students answered {what}. Results appear once at least {MIN_GROUP} have, "
        "so that no one's answers can be singled out."
    )


def counts(folder: ClassFolder) -> pd.DataFrame:
    """How many students saved answers to each notebook of the sequence (below five: 'fewer than 5')."""
    return pd.DataFrame(
        {
            "Notebook": [nb.label for nb in SEQUENCE],
            "Students": [how_many(len(folder.answers(nb.file.removesuffix(".ipynb")))) for nb in SEQUENCE],
        }
    )


# Aggregates: what every chart and table is drawn from.
def spread(values: pd.DataFrame, group: str, value: str, order: Sequence[str] | None = None) -> pd.DataFrame:
    """Per group with five or more values: how many, the lowest, quartiles, median, highest and mean."""
    found = values.groupby(group, sort=False)[value]
    summary = pd.DataFrame(
        {
            "students": found.size(),
            "low": found.min(),
            "q1": found.quantile(0.25),
            "median": found.median(),
            "q3": found.quantile(0.75),
            "high": found.max(),
            "mean": found.mean(),
            "sd": found.std(),
        }
    )
    summary = summary[summary["students"] >= MIN_GROUP]
    if order is not None:
        summary = summary.reindex([o for o in order if o in summary.index])
    return summary.rename_axis(group).reset_index()


def histogram(values: Iterable[float], step: float, low: float, high: float) -> pd.DataFrame:
    """Students per bin of width `step` from `low` to `high` (the last bin includes `high`)."""
    bins = pd.interval_range(start=low, end=high, freq=step, closed="left")
    series = pd.Series(list(values), dtype=float).clip(low, high - step / 2)
    counted = pd.cut(series, bins).value_counts().reindex(bins, fill_value=0)
    return pd.DataFrame({"start": [b.left for b in bins], "end": [b.right for b in bins], "students": counted.to_numpy()})


def spread_chart(summary: pd.DataFrame, group: str, x_title: str, domain: tuple[float, float], title: str,
                 references: pd.DataFrame | None = None) -> alt.LayerChart:
    """Per group: a line from lowest to highest, a bar over the middle half, a tick at the median; reasoned positions
    (rows of group, value, who: our reading of the article as a diamond, each theory lens as a circle) beside them,
    so the class is compared with more than one view. Drawn from the summary only."""
    order = list(summary[group])
    y = alt.Y(f"{group}:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    scale = alt.Scale(domain=list(domain))
    tips = [alt.Tooltip(f"{group}:N", title="")] + [alt.Tooltip(f"{c}:Q", title=t, format=".1f") for c, t in
                                                    (("students", "Students"), ("low", "Lowest"), ("q1", "Lower quartile"),
                                                     ("median", "Median"), ("q3", "Upper quartile"), ("high", "Highest"))]
    base = alt.Chart(summary).encode(y=y, tooltip=tips)
    layers = [
        base.mark_rule(color=GAIN).encode(x=alt.X("low:Q", title=x_title, scale=scale), x2="high:Q"),
        base.mark_bar(color=GAIN, opacity=0.45, size=14).encode(x="q1:Q", x2="q3:Q"),
        base.mark_tick(color="black", thickness=2, size=14).encode(x="median:Q"),
    ]
    marked = ""
    if references is not None:
        kinds = [k for k in REFERENCE_MARKS if k in set(references["who"])]
        legend = alt.Legend(title=None, orient="bottom")  # one legend: the same field and legend on every channel
        layers.append(
            alt.Chart(references[references[group].isin(order)]).mark_point(size=80, strokeWidth=1.5).encode(
                y=alt.Y(f"{group}:N", sort=order),
                x="value:Q",
                shape=alt.Shape("who:N", scale=alt.Scale(domain=kinds, range=[REFERENCE_MARKS[k][0] for k in kinds]), legend=legend),
                color=alt.Color("who:N", scale=alt.Scale(domain=kinds, range=[REFERENCE_MARKS[k][1] for k in kinds]), legend=legend),
                fill=alt.Fill("who:N", scale=alt.Scale(domain=kinds, range=[REFERENCE_MARKS[k][2] for k in kinds]), legend=legend),
                tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("value:Q", title="Value", format=".1f")],
            )
        )
        marked = "; " + "; ".join(f"{REFERENCE_MARKS[k][3]} marks {k.lower()}" for k in kinds)
    described = "; ".join(f"{row[group]}: median {row['median']:.1f} ({int(row['students'])} students)"
                          for _, row in summary.head(12).iterrows())
    return alt.layer(*layers).properties(
        width=460,
        height=28 * len(order) + 10,
        title=title,
        description=(
            f"For each of {len(order)} rows, a line from the lowest to the highest value, a bar over the middle half and a "
            f"black tick at the median{marked}. {described}."
        ),
    )


def histogram_chart(bins: pd.DataFrame, x_title: str, title: str, description: str,
                    marker: tuple[float, str] | None = None, zero: str | None = None) -> alt.LayerChart:
    """Students per bin, from the counts only; an optional dashed rule (our reading, a coin toss) with its label, and
    an optional solid rule at 0 with its own label (so the one reading marked is not the only point of reference)."""
    bars = alt.Chart(bins).mark_bar(color=GAIN).encode(
        x=alt.X("start:Q", title=x_title, bin="binned", scale=alt.Scale(domain=[bins["start"].min(), bins["end"].max()])),
        x2="end:Q",
        y=alt.Y("students:Q", title="Students"),
        tooltip=[alt.Tooltip("start:Q", title="From"), alt.Tooltip("end:Q", title="To"), alt.Tooltip("students:Q", title="Students")],
    )
    layers = [bars]
    if marker is not None:
        at, label = marker
        spot = pd.DataFrame({"x": [at], "label": [label]})
        layers.append(alt.Chart(spot).mark_rule(color=COST, strokeDash=[5, 3], strokeWidth=2).encode(x="x:Q"))
        layers.append(alt.Chart(spot).mark_text(align="left", dx=4, dy=-4, color=COST).encode(x="x:Q", y=alt.value(0), text="label:N"))
    if zero is not None:
        origin = pd.DataFrame({"x": [0], "label": [zero]})
        layers.append(alt.Chart(origin).mark_rule(color="#333", strokeWidth=2).encode(x="x:Q"))
        layers.append(alt.Chart(origin).mark_text(align="left", dx=4, dy=12, color="#333").encode(x="x:Q", y=alt.value(0), text="label:N"))
    return alt.layer(*layers).properties(width=480, height=150, title=title, description=description)


# The ledger (02).
def _ledger_scores(response: Response, defaults: dict[str, Score]) -> dict[str, Score]:
    """A student's ledger scores, with any item they skipped left at its default."""
    saved = response.answers.get("ledger", {}).get("scores", {})
    return defaults | {k: Score(v["value"], v["certainty"]) for k, v in saved.items()}


def ledger_balances(responses: Iterable[Response]) -> pd.Series:
    """Each student's ledger balance (the sum of every item's discounted worth), in no particular order."""
    defaults = default_scores(load("ledger_items"))
    return pd.Series([sum(contribution(s) for s in _ledger_scores(r, defaults).values()) for r in responses], dtype=float, name="balance")


def item_scores(responses: Iterable[Response]) -> pd.DataFrame:
    """Every worth students gave each item they scored, long format (item, value): no pseudonym."""
    labels = dict(zip(load("ledger_items")["item_id"], load("ledger_items")["label"].astype(str)))
    rows = [(labels[item], score["value"]) for r in responses for item, score in r.answers.get("ledger", {}).get("scores", {}).items()]
    return pd.DataFrame(rows, columns=["item", "value"])


def ledger_section(folder: ClassFolder) -> Stack:
    """Balances and each item's spread against our reading of the article; an item scored by fewer than five is left out."""
    responses = folder.answers("02-the-ledger")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the ledger (02)"), "info"))
    items = load("ledger_items")
    ours = sum(contribution(s) for s in author_scores(items).values())
    balances = ledger_balances(responses)
    low, high = min(balances.min(), ours) // 1, max(balances.max(), ours) // 1 + 1
    chart = histogram_chart(
        histogram(balances, 1, low, high),
        "Ledger balance (negative: the US gave more than it got)",
        f"Ledger balances of {len(balances)} students",
        f"Histogram of {len(balances)} students' ledger balances, mean {balances.mean():+.2f}, median {balances.median():+.2f}; "
        f"a dashed rule marks our reading of the article, {ours:+.2f}, and a solid rule 0, where the US gave as much as it got.",
        (ours, f"{OUR_READING}: {ours:+.2f}"),
        zero="0: gave as much as it got",
    )
    labels = list(items["label"].astype(str))
    summary = spread(item_scores(responses), "item", "value", labels)
    author = pd.DataFrame({"item": labels, "value": [s.value for s in author_scores(items).values()], "who": OUR_READING,
                           "label": OUR_READING})
    shown: list[object] = [
        note(
            f"Ledger (02): {len(balances)} students; mean balance {balances.mean():+.2f}, median {balances.median():+.2f}; "
            f"our reading of the article gives {ours:+.2f}; {how_many(int((balances < 0).sum()))} of {len(balances)} find, as the "
            "article argues, that the US gave more than it got.",
            "info",
        ),
        chart,
    ]
    left_out = len(labels) - len(summary)
    if not summary.empty:
        shown.append(spread_chart(summary, "item", "Worth to the US (−5 to +5)", (-5, 5),
                                  "Each item's worth: the class (bars) and our reading of the article (diamonds)", author))
        disputed = summary.sort_values("sd", ascending=False).head(5)
        shown.append(table(pd.DataFrame({
            "Item": disputed["item"],
            "Students who scored it": disputed["students"].astype(int),
            "Class mean": disputed["mean"].map("{:+.1f}".format),
            "Spread (standard deviation)": disputed["sd"].map("{:.1f}".format),
        }), "The five items the class disagrees about most"))
    if left_out:
        shown.append(note(f"{left_out} item(s) scored by fewer than {MIN_GROUP} students are left out.", "info"))
    return Stack(*shown)


def prior_section(folder: ClassFolder) -> Stack:
    """The class's first opinion (00): was the reset a good deal for the US, 0–100."""
    responses = folder.answers("00-start-here")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the bets (00)"), "info"))
    priors = pd.Series([r.answers["bets"]["prior"] for r in responses], dtype=float)
    chart = histogram_chart(
        histogram(priors, 10, 0, 100),
        "Was it a good deal? (0 = very bad, 100 = very good)",
        "First opinions before reading (notebook 00)",
        f"Histogram of {len(priors)} students' first opinions in bins of 10, mean {priors.mean():.1f} on a 0–100 scale.",
    )
    return Stack(note(f"First opinion (00): {len(priors)} students, mean {priors.mean():.1f} of 100.", "info"), chart)


# Written answers: (question shown to the teacher, path into the answers), per notebook.
FREE_TEXT = {
    "00-start-here": (("Why that first opinion?", ("bets", "prior_why")),),
    "03-weigh-it": (("Why does that option lead?", ("weights", "winner_why")), ("What does the decoy show?", ("decoy", "explanation"))),
    "05-the-gamble": (("Why that choice?", ("gamble", "choice_why")), ("Why change the payoffs?", ("gamble", "adjust_why"))),
    "06-hindsight": (
        ("Decision and outcome: why?", ("judgement", "why")),
        ("Why that opinion now?", ("judgement", "posterior_why")),
    ),
    "07-your-verdict": (
        ("Claim", ("verdict", "claim")),
        ("Reasoning", ("verdict", "reasoning")),
        ("Rebuttal from another lens", ("verdict", "rebuttal")),
        ("Reply to the rebuttal", ("verdict", "reply")),
        ("What changed between first and last opinion?", ("verdict", "change_why")),
    ),
}


def written(folder: ClassFolder) -> dict[str, list[str]]:
    """Every non-empty written answer, grouped by question (notebook, then question; ledger reasons per item)."""
    grouped: dict[str, list[str]] = {}
    labels = dict(zip(load("ledger_items")["item_id"], load("ledger_items")["label"].astype(str)))
    for r in folder.answers("02-the-ledger"):
        for item, score in r.answers["ledger"]["scores"].items():
            if score["why"].strip():
                grouped.setdefault(f"Ledger (02), {labels[item]}: why that worth?", []).append(f"Worth {score['value']:+d}: {score['why']}")
    for notebook, questions in FREE_TEXT.items():
        label = next(nb.label for nb in SEQUENCE if nb.file.startswith(notebook))
        for r in folder.answers(notebook):
            for question, (part, name) in questions:
                text = str(r.answers.get(part, {}).get(name, ""))
                if text.strip():
                    grouped.setdefault(f"{label}: {question}", []).append(text)
    return grouped


def _cut(text: str) -> str:
    return text if len(text) <= MAX_REASON else text[:MAX_REASON].rstrip() + " …"


def reasons_block(question: str, answers: Sequence[str], rng: random.Random) -> HTML:
    """A random sample of one question's answers, escaped, without names, and a few more behind 'show more'."""
    picked = rng.sample(list(answers), min(len(answers), SAMPLE + MORE))
    shown, more = picked[:SAMPLE], picked[SAMPLE:]

    def listed(texts: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{escape(_cut(t))}</li>" for t in texts) + "</ul>"

    extra = f"<details><summary>Show {len(more)} more</summary>{listed(more)}</details>" if more else ""
    sampled = f"a random {len(picked)} of them" if len(picked) < len(answers) else "all of them, in random order"
    return HTML(
        f'<div class="reset-ledger-reasons"><p><strong>{escape(question)}</strong> — {len(answers)} written; '
        f"{sampled}:</p>{listed(shown)}{extra}</div>"
    )


def reasons_section(folder: ClassFolder, rng: random.Random | None = None) -> Stack:
    """Students' written answers, question by question, only for questions five or more answered: shuffled,
    sampled, escaped, never with a pseudonym."""
    rng = rng or random.Random()
    grouped = {q: texts for q, texts in written(folder).items() if enough(len(texts))}
    if not grouped:
        return Stack(note(f"No question has written answers from at least {MIN_GROUP} students yet.", "info"))
    return Stack(*(reasons_block(question, texts, rng) for question, texts in grouped.items()))


# Forecasts (00, scored with what happened).
def forecast_scores(responses: Iterable[Response]) -> pd.Series:
    """Each student's Brier score on the bets locked in 00; students with no bet are left out."""
    happened = outcomes(load("forecasts"))
    scores = [brier(bets_from_answers(r.answers["bets"]), happened) for r in responses]
    return pd.Series([s for s in scores if s is not None], dtype=float, name="brier")


def class_bets(responses: Iterable[Response]) -> pd.DataFrame:
    """Per forecast: how many bet on it, the share who said yes, their mean confidence, and what happened
    (the share and the mean only where five or more bet)."""
    forecasts = load("forecasts")
    bets: dict[str, list[dict]] = {}
    for r in responses:
        for f, b in r.answers["bets"]["forecasts"].items():
            bets.setdefault(f, []).append(b)
    rows = []
    for row in forecasts.itertuples():
        these = bets.get(row.forecast_id, [])
        shown = enough(len(these))
        rows.append(
            {
                "Question": str(row.question),
                "Bets": how_many(len(these)),
                "Said yes": f"{100 * sum(b['answer'] == 'yes' for b in these) / len(these):.0f} %" if shown else "–",
                "Mean confidence": f"{sum(b['confidence'] for b in these) / len(these):.0f} %" if shown else "–",
                "What happened": str(row.resolution),
            }
        )
    return pd.DataFrame(rows)


def forecast_section(folder: ClassFolder) -> Stack:
    """Forecast accuracy (Brier) on the bets from 00, against the coin-toss baseline."""
    responses = folder.answers("00-start-here")
    scores = forecast_scores(responses)
    if not enough(len(scores)):
        return Stack(note(too_few(len(scores), "the forecasts (00)"), "info"))
    baseline = coin_toss(outcomes(load("forecasts")))
    beat = int((scores < baseline).sum())
    chart = histogram_chart(
        histogram(scores, 0.05, 0, 1),
        "Brier score (0 = perfect; lower is better)",
        f"Forecast accuracy of {len(scores)} students",
        f"Histogram of {len(scores)} students' Brier scores on the six forecasts, mean {scores.mean():.3f}; a dashed rule "
        f"marks a coin toss ({baseline:.2f}); {how_many(beat)} students score better than it.",
        (baseline, f"A coin toss: {baseline:.2f}"),
    )
    return Stack(
        note(
            f"Forecasts (00): {len(scores)} students; mean Brier score {scores.mean():.3f} "
            f"(a coin toss scores {baseline:.2f}); {how_many(beat)} of {len(scores)} beat the coin toss.",
            "info",
        ),
        chart,
        table(class_bets(responses), "How the class bet on each forecast, and what happened"),
    )


# The argument map (01).
def disputed_claims(responses: Iterable[Response]) -> pd.DataFrame:
    """Per claim tagged by five or more: how many tagged it, the share who differ from the reference map,
    and their most common other role."""
    claims = load("claims")
    reference = reference_roles(claims)
    chosen: dict[str, list[str]] = {}
    for r in responses:
        for c, role in r.answers["roles"]["roles"].items():
            chosen.setdefault(c, []).append(role)
    rows = []
    for claim in claims.itertuples():
        roles = chosen.get(claim.claim_id, [])
        if not enough(len(roles)):
            continue
        other = Counter(role for role in roles if role != reference[claim.claim_id])
        rows.append(
            {
                "claim_id": str(claim.claim_id),
                "ref": str(claim.ref),
                "quote": str(claim.quote),
                "reference": reference[claim.claim_id],
                "tagged": len(roles),
                "differ": sum(other.values()) / len(roles),
                "instead": min(other, key=lambda role: (-other[role], role)) if other else "",
            }
        )
    frame = pd.DataFrame(rows, columns=["claim_id", "ref", "quote", "reference", "tagged", "differ", "instead"])
    return frame.sort_values(["differ", "claim_id"], ascending=[False, True], ignore_index=True)


def argument_section(folder: ClassFolder) -> Stack:
    """The claims of the argument map the class disagrees with most (01), among claims five or more tagged."""
    responses = folder.answers("01-the-argument")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the argument map (01)"), "info"))
    disputed = disputed_claims(responses)
    if disputed.empty:
        return Stack(note(f"No claim was tagged by at least {MIN_GROUP} students yet.", "info"))
    top5 = disputed.head(5)
    shown = pd.DataFrame(
        {
            "Claim": top5["ref"],
            "The article's words": [f"“{q}”" for q in top5["quote"]],
            "Reference role": top5["reference"],
            "Students who tagged it differently": [f"{100 * d:.0f} % of {n}" for d, n in zip(top5["differ"], top5["tagged"])],
            "Most common other role": top5["instead"],
        }
    )
    top = top5.iloc[0]
    return Stack(
        note(
            f"Argument map (01): {len(responses)} students. Most disputed: claim {top['ref']}, "
            f"tagged differently from the reference by {100 * top['differ']:.0f} % of those who tagged it.",
            "info",
        ),
        table(shown, "The five claims the class tags most differently from the reference map"),
    )


# Weights (03).
def weight_shares(responses: Iterable[Response]) -> pd.DataFrame:
    """Every student's swing weights as shares of 100, long format (criterion, share); all-zero weights left out."""
    labels = dict(zip(load("criteria")["criterion_id"], load("criteria")["label"].astype(str)))
    rows = []
    for r in responses:
        raw = r.answers["weights"]["weights"]
        if any(raw.values()):
            rows.extend((labels[criterion], 100 * share) for criterion, share in shares(raw).items())
    return pd.DataFrame(rows, columns=["criterion", "share"])


def weights_section(folder: ClassFolder) -> Stack:
    """The class's swing weights (03) beside our reading of the article's, with the lenses and leaders chosen."""
    responses = folder.answers("03-weigh-it")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the weights (03)"), "info"))
    criteria = load("criteria")
    labels = dict(zip(criteria["criterion_id"], criteria["label"].astype(str)))
    summary = spread(weight_shares(responses), "criterion", "share", list(labels.values()))
    lenses = dict(zip(load("lenses")["lens_id"], load("lenses")["label"].astype(str)))
    positions = pd.DataFrame([
        {"criterion": labels[criterion], "value": 100 * share, "who": OUR_READING if lens == "author" else A_LENS,
         "label": OUR_READING if lens == "author" else f"{lenses[lens]} lens"}
        for lens, raw in lens_weights(load("lens_weights")).items() for criterion, share in shares(raw).items()
    ])
    options = dict(zip(load("options")["option_id"], load("options")["label"].astype(str)))
    started = Counter(lenses.get(r.answers["weights"]["lens"], "none (own weights)") for r in responses)
    leaders = Counter(options.get(r.answers["weights"]["winner"], "a tie") for r in responses)
    shown: list[object] = [note(f"Weights (03): {len(responses)} students.", "info")]
    if summary.empty:
        shown.append(note(f"Fewer than {MIN_GROUP} students set weights above zero, so no spread is shown.", "info"))
    else:
        shown.append(spread_chart(summary, "criterion", "Share of the total weight (%)", (0, 100),
                                  "Swing weights: the class (bars), each theory lens (circles) and our reading of the article (diamonds)",
                                  positions))
    shown += [
        table(pd.DataFrame({"Lens they started from": list(started), "Students": [how_many(n) for n in started.values()]}),
              "Lens presets the class started from"),
        table(pd.DataFrame({"Option their weights put first": list(leaders), "Students": [how_many(n) for n in leaders.values()]}),
              "What the class's weights put first"),
    ]
    return Stack(*shown)


# First and last opinions.
def opinions(folder: ClassFolder) -> pd.DataFrame:
    """Prior (00) and posterior (07's final opinion, else 06's) of students who gave both, in no particular order."""
    prior = {r.pseudonym: r.answers["bets"]["prior"] for r in folder.answers("00-start-here")}
    posterior = {r.pseudonym: r.answers["judgement"]["posterior"] for r in folder.answers("06-hindsight")}
    posterior |= {r.pseudonym: r.answers["verdict"]["posterior"] for r in folder.answers("07-your-verdict")}
    both = sorted(set(prior) & set(posterior))
    return pd.DataFrame({"prior": [prior[p] for p in both], "posterior": [posterior[p] for p in both]})


def shift_section(folder: ClassFolder) -> Stack:
    """Was it a good deal? The class before reading (00) and at the end (06 or 07), for students who gave both."""
    pairs = opinions(folder)
    if not enough(len(pairs)):
        return Stack(note(too_few(len(pairs), "both the first (00) and the last opinion (06 or 07)"), "info"))
    before, after = "Before reading (00)", "At the end (06/07)"
    long = pd.concat([pd.DataFrame({"when": before, "value": pairs["prior"]}), pd.DataFrame({"when": after, "value": pairs["posterior"]})])
    chart = spread_chart(spread(long, "when", "value", [before, after]), "when",
                         "Was it a good deal? (0 = very bad, 100 = very good)", (0, 100), "First and last opinions")
    change = pairs["posterior"] - pairs["prior"]
    return Stack(
        note(
            f"Opinions: {len(pairs)} students gave both; mean first opinion {pairs['prior'].mean():.1f}, mean last "
            f"{pairs['posterior'].mean():.1f} (mean change {change.mean():+.1f}); {how_many(int((change > 0).sum()))} moved up, "
            f"{how_many(int((change < 0).sum()))} down, {how_many(int((change == 0).sum()))} stayed.",
            "info",
        ),
        chart,
    )


def verdict_section(folder: ClassFolder) -> Stack:
    """The lenses students argued from and rebutted with, and how strongly they qualified their verdicts (07)."""
    responses = folder.answers("07-your-verdict")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the verdict (07)"), "info"))
    lenses = dict(zip(load("lenses")["lens_id"], load("lenses")["label"].astype(str)))
    verdicts = [r.answers["verdict"] for r in responses]
    own, rebuttal = Counter(v["own_lens"] for v in verdicts), Counter(v["rebuttal_lens"] for v in verdicts)
    lens_counts = pd.DataFrame(
        {
            "Lens": list(lenses.values()) + ["not chosen"],
            "Their own lens": [how_many(own[k]) for k in [*lenses, ""]],
            "The rebuttal's lens": [how_many(rebuttal[k]) for k in [*lenses, ""]],
        }
    )
    strengths = Counter(v["strength"] or "no qualifier" for v in verdicts)
    return Stack(
        note(f"Verdicts (07): {len(responses)} students.", "info"),
        table(lens_counts, "Lenses the class argued from, and the lenses their rebuttals came from"),
        table(pd.DataFrame({"Qualifier": list(strengths), "Students": [how_many(n) for n in strengths.values()]}), "How strongly the class qualified its verdicts"),
    )


# The top of the notebook: where the answers are, and what was read.
class FolderBox:
    """Where the teacher points the notebook: a labelled text box prefilled with the hand-in folder if one is set
    up, else the saved-answers folder (in a handout, which has no kernel, just the folder's name)."""

    def __init__(self) -> None:
        start = handin_folder() or responses_folder()
        self.text = labelled(widgets.Text(value=str(start), layout=widgets.Layout(width="90%")), "Folder of answers")

    @property
    def value(self) -> str:
        """The folder typed in the box."""
        return self.text.value

    def _ipython_display_(self) -> None:
        display(note(f"Reading answers from {self.value}.", "info") if handout_mode() else self.text)


def folder_box() -> FolderBox:
    """The folder box shown at the top of notebook 90."""
    return FolderBox()


def files_report(folder: ClassFolder) -> Stack:
    """What was read, and every file that was refused with its reason (nothing in a file is ever run)."""
    loaded = folder.loaded
    replaced = f" {loaded.superseded} earlier hand-in(s) were replaced by later ones." if loaded.superseded else ""
    summary = note(
        f"Read {len(loaded.responses)} valid answer files from {how_many(len({r.pseudonym for r in loaded.responses}))} "
        f"students in {folder.folder}; {len(loaded.problems)} file(s) refused.{replaced}",
        "ok" if not loaded.problems else "warn",
    )
    if not loaded.problems:
        return Stack(summary)
    refused = pd.DataFrame(loaded.problems[:200], columns=["File", "Why it was refused"])
    caption = "Files that were not read" + (f" (the first 200 of {len(loaded.problems)})" if len(loaded.problems) > 200 else "")
    return Stack(summary, table(refused, caption))


def participation(folder: ClassFolder) -> Stack:
    """Students per notebook (below five: 'fewer than 5')."""
    return Stack(table(counts(folder), "How many students saved answers to each notebook"))
