"""Hindsight: the bets of notebook 00 scored against what happened (a Brier score) beside a coin toss and,
for five or more students, the class mean; and what became of the article's ledger, outcome by outcome, with our
labelled reading of each beside the student's own."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from reset_ledger.citations import cite, display_date
from reset_ledger.data import load
from reset_ledger.rendering import folded, handout_mode, kept_on_screen
from reset_ledger.responses import Response
from reset_ledger.schema import READINGS
from reset_ledger.theme import COST, GAIN, NEUTRAL
from reset_ledger.timeline import around_article, events_table, timeline_chart, timeline_frame

COIN_TOSS = 50  # % sure of yes: the no-skill baseline
MIN_CLASS = 5  # a class result is shown only for at least this many students, so no one's score can be singled out
CLASS_ENV = "RESET_LEDGER_CLASS"  # where a teacher points the notebook at the class's saved answers
MIN_GAP_WORDS = 5  # a short sentence before a reveal opens
UNSURE = "unsure"  # a student may leave an outcome unplaced: "can't tell" is an honest answer
READING_LABELS = {"its-way": "went the reset's way", "mixed": "mixed", "against": "went against it", UNSURE: "can't tell"}
SIDE_HEADINGS = {
    "give": "What the US gave",
    "take": "What the US got back",
    "on-the-table": "What was on the table",
    "hope": "What the reset was hoped to bring",
}
DECISION_SCIENCE = ("fischhoff-2003", "baron-hershey-1988", "duke-2018")  # hindsight bias, outcome bias, 'resulting'


@dataclass(frozen=True)
class Bet:
    """A forecast as a student makes it: yes or no, and how sure (50 to 100 %)."""

    answer: str
    confidence: int


def probability_of_yes(bet: Bet) -> float:
    """'No, 70 % sure' is a 30 % chance of yes: the form a Brier score needs."""
    sure = bet.confidence / 100
    return sure if bet.answer == "yes" else 1 - sure


def squared_error(probability: float, happened: bool) -> float:
    """How far a chance of yes was from what happened (1 if it did, 0 if not), squared."""
    return (probability - (1.0 if happened else 0.0)) ** 2


def outcomes(forecasts: pd.DataFrame) -> dict[str, bool]:
    """Forecast id -> whether it came true, read from forecasts.csv."""
    return {row.forecast_id: row.resolution == "yes" for row in forecasts.itertuples()}


def brier(bets: Mapping[str, Bet], happened: Mapping[str, bool]) -> float | None:
    """The mean squared error over the forecasts bet on: 0 is perfect, a coin toss scores 0.25, and
    certainty that is always wrong scores 1. None when there is no bet to score."""
    errors = [squared_error(probability_of_yes(bet), happened[f]) for f, bet in bets.items() if f in happened]
    return sum(errors) / len(errors) if errors else None


def coin_toss(happened: Mapping[str, bool]) -> float:
    """The score of saying 'yes, 50 % sure' to everything: the baseline any forecaster should beat."""
    return brier({f: Bet("yes", COIN_TOSS) for f in happened}, happened)


def bets_from_answers(bets: Mapping) -> dict[str, Bet]:
    """The Bets saved in notebook 00 (its 'bets' answers)."""
    return {f: Bet(b["answer"], int(b["confidence"])) for f, b in bets.get("forecasts", {}).items()}


def gap_written(text: str) -> bool:
    """Whether a student has written enough before a reveal opens: a short sentence."""
    return len(text.split()) >= MIN_GAP_WORDS


def compare_line(score: float, baseline: float) -> str:
    """A Brier score in words, beside the coin toss (lower is better)."""
    if score < baseline:
        return f"Your Brier score is {score:.3f}, better than a coin toss ({baseline:.3f}): lower is better."
    if score > baseline:
        return f"Your Brier score is {score:.3f}, worse than a coin toss ({baseline:.3f}): lower is better."
    return f"Your Brier score is {score:.3f}, the same as a coin toss."


def working(bet: Bet, happened: bool) -> str:
    """One forecast's score worked out in full, so a student can check it by hand."""
    p = probability_of_yes(bet)
    outcome = 1 if happened else 0
    return (
        f"Your bet: {bet.answer}, {bet.confidence} % sure, so a {p * 100:.0f} % chance of yes. "
        f"It {'happened' if happened else 'did not happen'} ({outcome}), so your squared error is "
        f"({p:.2f} − {outcome})² = {squared_error(p, happened):.4f}; a coin toss scores "
        f"({COIN_TOSS / 100:.2f} − {outcome})² = {squared_error(COIN_TOSS / 100, happened):.4f}."
    )


def score_frame(bets: Mapping[str, Bet], forecasts: pd.DataFrame) -> pd.DataFrame:
    """One row per forecast bet on: the question, the bet, its chance of yes, what happened, the squared error."""
    rows = []
    for number, row in enumerate(forecasts.itertuples(), start=1):
        if row.forecast_id not in bets:
            continue
        bet, happened = bets[row.forecast_id], row.resolution == "yes"
        rows.append(
            {
                "forecast_id": row.forecast_id,
                "label": f"{number}. {row.question}",
                "bet": f"{bet.answer}, {bet.confidence} % sure",
                "chance_of_yes": probability_of_yes(bet),
                "happened": "yes" if happened else "no",
                "error": squared_error(probability_of_yes(bet), happened),
            }
        )
    return pd.DataFrame(rows, columns=["forecast_id", "label", "bet", "chance_of_yes", "happened", "error"])


def brier_chart(frame: pd.DataFrame, baseline: float) -> alt.LayerChart:
    """Each forecast's squared error as a bar, beside the coin toss's; shorter is better."""
    score = float(frame["error"].mean())
    frame = frame.assign(
        beat=["better than a coin toss" if e < baseline else "worse than a coin toss" if e > baseline else "same as a coin toss"
              for e in frame["error"]]
    )
    kinds = ["better than a coin toss", "same as a coin toss", "worse than a coin toss"]
    y = alt.Y("label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=420))
    bars = alt.Chart(frame).mark_bar(height=18).encode(
        y=y,
        x=alt.X("error:Q", title="Squared error (0 = perfect, 1 = sure and wrong)", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("beat:N", title="This forecast", scale=alt.Scale(domain=kinds, range=[GAIN, NEUTRAL, COST]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[
            alt.Tooltip("label:N", title="Forecast"),
            alt.Tooltip("bet:N", title="Your bet"),
            alt.Tooltip("happened:N", title="What happened"),
            alt.Tooltip("error:Q", title="Squared error", format=".4f"),
        ],
    )
    values = alt.Chart(frame).mark_text(align="left", dx=4, fontSize=11).encode(y=y, x=alt.X("error:Q"), text=alt.Text("error:Q", format=".2f"))
    rule = alt.Chart(pd.DataFrame({"x": [baseline], "text": [f"coin toss: {baseline:.2f}"]}))
    line = rule.mark_rule(strokeDash=[5, 3], color="#444").encode(x=alt.X("x:Q"))
    note = rule.mark_text(align="left", baseline="top", dx=4, y=0, color="#444").encode(x=alt.X("x:Q"), text=alt.Text("text:N"))
    better = int((frame["error"] < baseline).sum())
    return alt.layer(bars, values, line, note).properties(
        width=420,
        height=32 * len(frame),
        title=alt.Title(f"Your Brier score: {score:.3f} (a coin toss: {baseline:.3f})", subtitle="Shorter bars are better forecasts."),
        description=(
            f"Bar chart of the squared error of {len(frame)} forecasts; a dashed line marks a coin toss at {baseline:.2f}. "
            f"{better} of {len(frame)} forecasts beat the coin toss. Mean (the Brier score): {score:.3f}."
        ),
    )


@dataclass(frozen=True)
class ClassResult:
    """The class's scores, kept as a count and a mean: never one student's score."""

    count: int
    mean: float | None  # None when fewer than MIN_CLASS students could be scored
    unreadable: int


def class_result(responses: Iterable[Response], happened: Mapping[str, bool], unreadable: int = 0) -> ClassResult:
    """The mean Brier score of the class's locked bets from notebook 00, shown only for MIN_CLASS or more students."""
    scores = [s for r in responses if (s := brier(bets_from_answers(r.answers.get("bets", {})), happened)) is not None]
    mean = sum(scores) / len(scores) if len(scores) >= MIN_CLASS else None
    return ClassResult(len(scores), mean, unreadable)


def class_line(result: ClassResult, yours: float | None) -> str:
    """The class result in words, beside the student's own score when there is one."""
    skipped = f" {result.unreadable} file(s) could not be read; your teacher can see why." if result.unreadable else ""
    if result.mean is None:
        return (
            f"Found bets from {'fewer than ' + str(MIN_CLASS) if result.count else 'no'} students. The class mean is shown only for {MIN_CLASS} or more, "
            f"so that no one's score can be worked out.{skipped}"
        )
    mine = f" Yours: {yours:.3f}." if yours is not None else ""
    return f"Class mean Brier score: {result.mean:.3f}, over {result.count} students.{mine}{skipped}"


def class_folder() -> str:
    """The folder of class answers a teacher set in the environment, or empty."""
    return os.environ.get(CLASS_ENV, "")


def after(events: pd.DataFrame, moment: pd.Timestamp) -> pd.DataFrame:
    """Events that began after `moment`: what a reader at that moment could not know."""
    return events[events["date"] > moment]


PUTIN_RETURNS = "F60"  # the event that marks Putin's return to the presidency (its date comes from events.csv)
LATER_JUDGEMENTS = ("F61", "F63")  # two later events to judge the futures at instead: Crimea annexed, the full-scale invasion


def horizon(futures: pd.DataFrame) -> pd.Timestamp:
    """The date the futures of notebook 05 are judged at (the earliest horizon, should they ever differ)."""
    return futures["horizon_end"].min()


def later_dates(events: pd.DataFrame) -> str:
    """The two later dates the futures could be judged at instead, each with the event that marks it (from data)."""
    indexed = events.set_index("event_id")
    return " or ".join(f"{display_date(indexed.loc[e, 'date'])} ({indexed.loc[e, 'title']})" for e in LATER_JUDGEMENTS)


def timing(first: pd.Timestamp, judged: pd.Timestamp, returned: pd.Timestamp) -> str:
    """When an outcome began, set against the futures' horizon and Putin's return: hindsight past the horizon judges
    a different bet, and what came after his return may owe more to Moscow's choices than to the reset."""
    by = "before" if first <= judged else "after"
    putin = "before" if first < returned else "after"
    return f"Began {by} the futures' horizon ({display_date(judged)}), {putin} Putin's return ({display_date(returned)})."


def outcome_frame(outcomes: pd.DataFrame, claims: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame,
                  judged: pd.Timestamp) -> pd.DataFrame:
    """One row per outcome in ledger order (gives, takes, on the table, hopes): what was at stake in our words,
    its events dated and titled, when it began against the horizon `judged` and Putin's return, their sources, and
    our reading with its reason, the other side's reply and their sources."""
    indexed, stakes = events.set_index("event_id"), claims.set_index("claim_id")["paraphrase"]
    returned = indexed.loc[PUTIN_RETURNS, "date"]
    rows = []
    for row in outcomes.sort_values("side", kind="stable").itertuples():  # side is a category, in SIDES order
        dated = sorted(row.event_ids, key=lambda e: indexed.loc[e, "date"])
        rows.append(
            {
                "outcome_id": row.outcome_id,
                "side": row.side,
                "label": str(row.label),
                "stake": " ".join(str(stakes[c]) for c in row.claim_ids),
                "events": "\n".join(f"{display_date(indexed.loc[e, 'date'], indexed.loc[e, 'precision'])}: {indexed.loc[e, 'title']}"
                                    for e in dated),
                "when": timing(indexed.loc[dated[0], "date"], judged, returned),
                "sources": cite(dict.fromkeys(s for e in dated for s in indexed.loc[e, "source_ids"]), sources),
                "reading": row.reading,
                "reason": str(row.reason),
                "other_view": str(row.other_view),
                "reading_sources": cite(row.source_ids, sources),
            }
        )
    return pd.DataFrame(rows)


def outcomes_frame() -> pd.DataFrame:
    """The outcomes of notebook 06 read from data/, ready to show."""
    return outcome_frame(load("outcomes"), load("claims"), load("events"), load("sources"), horizon(load("futures")))


def reading_counts(readings: Mapping[str, str]) -> dict[str, int]:
    """How many outcomes fall under each reading (and 'can't tell'), in a fixed order."""
    return {kind: sum(1 for r in readings.values() if r == kind) for kind in (*READINGS, UNSURE)}


def sort_summary(placed: Mapping[str, str], ours: Mapping[str, str]) -> pd.DataFrame:
    """The student's sort beside ours, as counts per reading: a comparison of two judgements, never a mark."""
    yours, theirs = reading_counts(placed), reading_counts(ours)
    return pd.DataFrame(
        {"Reading": [READING_LABELS[k] for k in yours], "Your sort": list(yours.values()), "Our reading": list(theirs.values())}
    )


def differences(placed: Mapping[str, str], ours: Mapping[str, str]) -> list[str]:
    """The outcomes a student placed differently from our reading: the ones worth arguing about."""
    return [o for o, reading in ours.items() if placed.get(o) != reading]


def decision_science(sources: pd.DataFrame) -> str:
    """The research behind judging decisions apart from outcomes, one source per line."""
    return cite(DECISION_SCIENCE, sources)


def after_timeline() -> alt.LayerChart:
    """Notebook 06's timeline: everything sourced that happened after the article."""
    events, sources, published = around_article(after)
    return timeline_chart(timeline_frame(events, sources), published, "US–Russia relations after the article")


def after_article_table() -> Styler:
    """Every event after the article as a table, with its sources."""
    events, sources, _ = around_article(after)
    return events_table(events, sources, "US–Russia relations after the article: every event and its sources")


def after_table() -> HTML:
    """The events after the article as a folded table; a handout keeps it on screen (on paper it is in the reference appendix)."""
    shown = folded(after_article_table(), "Every event after the article and its sources (a long table: open it to check one)")
    return kept_on_screen(shown, "every event after the article and its sources") if handout_mode() else HTML(shown)
