"""Class results for the teacher: counts, distributions against the author, free-text reasons —
computed only from files that passed the store's checks, and shown only for groups of five or more."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from reset_ledger.data import load
from reset_ledger.argument import reference_roles
from reset_ledger.exercise import labelled, note
from reset_ledger.hindsight import bets_from_answers, brier, coin_toss, outcomes
from reset_ledger.ledger import Score, author_scores, balance, default_scores, ledger_frame
from reset_ledger.rendering import Stack, handout_mode, table
from reset_ledger.responses import Loaded, Response, load_folder, responses_folder
from reset_ledger.sequence import SEQUENCE
from reset_ledger.theme import COST, GAIN
from reset_ledger.weighing import lens_weights, shares

MIN_GROUP = 5  # no opinion is shown for fewer students, so no one's answers can be singled out
MAX_REASON = 600  # characters of one reason shown in the teacher's table


@dataclass
class ClassFolder:
    """Every valid response in a folder, grouped by notebook, plus the report on refused files."""

    folder: Path
    loaded: Loaded

    @classmethod
    def read(cls, folder: Path) -> ClassFolder:
        """Read a folder of response files (nothing in them is executed or evaluated)."""
        return cls(Path(folder), load_folder(Path(folder)))

    def answers(self, notebook: str) -> list[Response]:
        """The valid responses to one notebook."""
        return [r for r in self.loaded.responses if r.notebook == notebook]


def enough(n: int) -> bool:
    """Whether a group is large enough to show its opinions."""
    return n >= MIN_GROUP


def too_few(n: int, what: str) -> str:
    """The message shown instead of an opinion chart for a small group."""
    return (
        f"{n} student{'s' if n != 1 else ''} answered {what}. Results appear once at least {MIN_GROUP} have, "
        "so that no one's answers can be singled out."
    )


def counts(folder: ClassFolder) -> pd.DataFrame:
    """How many students saved answers to each notebook of the sequence."""
    return pd.DataFrame(
        {
            "Notebook": [nb.label for nb in SEQUENCE],
            "Students": [len(folder.answers(nb.file.removesuffix(".ipynb"))) for nb in SEQUENCE],
        }
    )


def _ledger_scores(response: Response, items: pd.DataFrame) -> dict[str, Score]:
    """A student's ledger scores, with any item they skipped left at its default."""
    saved = response.answers.get("ledger", {}).get("scores", {})
    return default_scores(items) | {k: Score(v["value"], v["certainty"]) for k, v in saved.items()}


def ledger_balances(responses: Iterable[Response]) -> pd.DataFrame:
    """Each student's ledger balance (pseudonym, balance)."""
    items = load("ledger_items")
    rows = [{"pseudonym": r.pseudonym, "balance": balance(ledger_frame(items, _ledger_scores(r, items)))} for r in responses]
    return pd.DataFrame(rows, columns=["pseudonym", "balance"])


def item_scores(responses: Iterable[Response]) -> pd.DataFrame:
    """Every student's worth for every item they scored, long format, with the author's value beside it."""
    items = load("ledger_items")
    labels = dict(zip(items["item_id"], items["label"].astype(str)))
    author = {k: s.value for k, s in author_scores(items).items()}
    rows = [
        {"pseudonym": r.pseudonym, "item_id": item, "item": labels[item], "value": score["value"], "author": author[item]}
        for r in responses
        for item, score in r.answers.get("ledger", {}).get("scores", {}).items()
    ]
    return pd.DataFrame(rows, columns=["pseudonym", "item_id", "item", "value", "author"])


def ledger_reasons(responses: Iterable[Response]) -> pd.DataFrame:
    """Every non-empty 'why?' in the ledger, cut to a readable length (escaped when shown)."""
    labels = dict(zip(load("ledger_items")["item_id"], load("ledger_items")["label"].astype(str)))
    rows = [
        {"Pseudonym": r.pseudonym, "Item": labels[item], "Worth": score["value"], "Reason": _cut(score["why"])}
        for r in responses
        for item, score in r.answers.get("ledger", {}).get("scores", {}).items()
        if score["why"].strip()
    ]
    return pd.DataFrame(rows, columns=["Pseudonym", "Item", "Worth", "Reason"])


def _cut(text: str) -> str:
    return text if len(text) <= MAX_REASON else text[:MAX_REASON].rstrip() + " …"


def balance_chart(balances: pd.DataFrame, author_balance: float) -> alt.LayerChart:
    """One dot per student's balance, with the article's implied balance as a labelled rule."""
    dots = (
        alt.Chart(balances)
        .mark_point(filled=True, size=90, color=GAIN, shape="circle")
        .encode(
            x=alt.X("balance:Q", title="Ledger balance (negative: the US gave more than it got)"),
            y=alt.Y("jitter:Q", axis=None, title=None),
            tooltip=[alt.Tooltip("balance:Q", title="Balance", format="+.2f")],
        )
        .transform_calculate(jitter="random()")
    )
    author = pd.DataFrame({"balance": [author_balance], "label": [f"The article: {author_balance:+.2f}"]})
    rule = alt.Chart(author).mark_rule(color=COST, strokeWidth=2, strokeDash=[5, 3]).encode(x="balance:Q")
    label = alt.Chart(author).mark_text(align="left", dx=4, dy=-6, color=COST).encode(x="balance:Q", y=alt.value(0), text="label:N")
    return alt.layer(dots, rule, label).properties(
        width=520,
        height=120,
        title=f"Ledger balances of {len(balances)} students",
        description=(
            f"Dot plot of {len(balances)} students' ledger balances, from {balances['balance'].min():+.2f} "
            f"to {balances['balance'].max():+.2f} (mean {balances['balance'].mean():+.2f}); "
            f"a dashed rule marks the article's implied balance, {author_balance:+.2f}."
        ),
    )


def item_chart(scores: pd.DataFrame) -> alt.LayerChart:
    """Per item: the spread of students' worth scores (box) and the author's (tick)."""
    order = list(dict.fromkeys(scores["item"]))
    boxes = alt.Chart(scores).mark_boxplot(color=GAIN, extent="min-max").encode(
        y=alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("value:Q", title="Worth to the US (−5 to +5)", scale=alt.Scale(domain=[-5, 5])),
    )
    author = (
        alt.Chart(scores.drop_duplicates("item"))
        .mark_tick(color=COST, thickness=3, size=16)
        .encode(y=alt.Y("item:N", sort=order), x="author:Q", tooltip=[alt.Tooltip("author:Q", title="The article")])
    )
    return alt.layer(boxes, author).properties(
        width=460,
        height=22 * len(order),
        title=alt.Title("Each item's worth: the class (boxes) and the article (ticks)"),
        description=(
            f"Box plots of the class's worth scores for {len(order)} ledger items, each with the article's "
            "implied worth marked by a tick."
        ),
    )


class FolderBox:
    """Where the teacher points the notebook: a labelled text box prefilled with the store's folder
    (in a handout, which has no kernel, just the folder's name)."""

    def __init__(self) -> None:
        self.text = labelled(widgets.Text(value=str(responses_folder()), layout=widgets.Layout(width="90%")), "Folder of answers")

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
    pseudonyms = {r.pseudonym.lower() for r in loaded.responses}
    summary = note(
        f"Read {len(loaded.responses)} valid answer files from {len(pseudonyms)} pseudonyms in {folder.folder}; "
        f"{len(loaded.problems)} file(s) refused.",
        "ok" if not loaded.problems else "warn",
    )
    if not loaded.problems:
        return Stack(summary)
    refused = pd.DataFrame(loaded.problems, columns=["File", "Why it was refused"])
    return Stack(summary, table(refused, "Files that were not read"))


def participation(folder: ClassFolder) -> Stack:
    """Students per notebook: a count, not an opinion, so it is shown at any size."""
    return Stack(table(counts(folder), "How many students saved answers to each notebook"))


def ledger_section(folder: ClassFolder) -> Stack:
    """Balances and item scores against the article, once at least five students have saved a ledger."""
    responses = folder.answers("02-the-ledger")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the ledger (02)"), "info"))
    items = load("ledger_items")
    author = balance(ledger_frame(items, author_scores(items)))
    balances, scores = ledger_balances(responses), item_scores(responses)
    spread = scores.groupby("item")["value"].agg(["mean", "std"]).sort_values("std", ascending=False)
    disputed = pd.DataFrame(
        {
            "Item": spread.index,
            "Class mean": spread["mean"].map("{:+.1f}".format),
            "Spread (standard deviation)": spread["std"].map("{:.1f}".format),
        }
    ).head(5)
    return Stack(
        note(
            f"Ledger (02): {len(balances)} students; mean balance {balances['balance'].mean():+.2f}, "
            f"median {balances['balance'].median():+.2f}; the article's implied balance is {author:+.2f}; "
            f"{int((balances['balance'] < 0).sum())} of {len(balances)} find, like the article, that the US gave more than it got.",
            "info",
        ),
        balance_chart(balances, author),
        item_chart(scores),
        table(disputed, "The five items the class disagrees about most"),
    )


def prior_section(folder: ClassFolder) -> Stack:
    """The class's first opinion (00): was the reset a good deal for the US, 0–100."""
    responses = folder.answers("00-start-here")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the bets (00)"), "info"))
    priors = pd.DataFrame({"prior": [r.answers["bets"]["prior"] for r in responses]})
    chart = (
        alt.Chart(priors)
        .mark_bar(color=GAIN)
        .encode(
            x=alt.X("prior:Q", bin=alt.Bin(extent=[0, 100], step=10), title="Was it a good deal? (0 = very bad, 100 = very good)"),
            y=alt.Y("count():Q", title="Students"),
        )
        .properties(
            width=420,
            height=160,
            title="First opinions before reading (notebook 00)",
            description=f"Histogram of {len(priors)} students' first opinions, mean {priors['prior'].mean():.1f} on a 0–100 scale.",
        )
    )
    return Stack(note(f"First opinion (00): {len(priors)} students, mean {priors['prior'].mean():.1f} of 100.", "info"), chart)


# Where each notebook keeps its free-text answers: (question shown to the teacher, path into the answers).
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


def free_text(responses: Iterable[Response], notebook: str) -> pd.DataFrame:
    """Every non-empty free-text answer of one notebook, cut to a readable length (escaped when shown)."""
    label = next(nb.label for nb in SEQUENCE if nb.file.startswith(notebook))
    rows = []
    for r in responses:
        for question, (part, name) in FREE_TEXT[notebook]:
            text = str(r.answers.get(part, {}).get(name, ""))
            if text.strip():
                rows.append({"Pseudonym": r.pseudonym, "Notebook": label, "Question": question, "Answer": _cut(text)})
    return pd.DataFrame(rows, columns=["Pseudonym", "Notebook", "Question", "Answer"])


def reasons_section(folder: ClassFolder) -> Stack:
    """Students' written reasons, notebook by notebook, escaped and shortened, for the teacher to read;
    a notebook's reasons appear only once five students have answered it."""
    shown: list[object] = []
    ledger = folder.answers("02-the-ledger")
    if enough(len(ledger)) and not (reasons := ledger_reasons(ledger)).empty:
        shown.append(table(reasons, f"Written reasons in the ledger (02): {len(reasons)}"))
    for notebook in FREE_TEXT:
        responses = folder.answers(notebook)
        if enough(len(responses)) and not (answers := free_text(responses, notebook)).empty:
            shown.append(table(answers, f"Written answers in {answers['Notebook'].iloc[0]}: {len(answers)}"))
    if not shown:
        return Stack(note(f"No notebook has written answers from at least {MIN_GROUP} students yet.", "info"))
    return Stack(*shown)


def forecast_scores(responses: Iterable[Response]) -> pd.DataFrame:
    """Each student's Brier score on the bets locked in 00 (pseudonym, brier); students with no bet are left out."""
    happened = outcomes(load("forecasts"))
    rows = [{"pseudonym": r.pseudonym, "brier": brier(bets_from_answers(r.answers["bets"]), happened)} for r in responses]
    return pd.DataFrame([row for row in rows if row["brier"] is not None], columns=["pseudonym", "brier"])


def class_bets(responses: Iterable[Response]) -> pd.DataFrame:
    """Per forecast: how many bet on it, the share who said yes, their mean confidence, and what happened."""
    forecasts = load("forecasts")
    bets = [(f, b) for r in responses for f, b in r.answers["bets"]["forecasts"].items()]
    rows = []
    for row in forecasts.itertuples():
        these = [b for f, b in bets if f == row.forecast_id]
        rows.append(
            {
                "Question": str(row.question),
                "Bets": len(these),
                "Said yes": f"{100 * sum(b['answer'] == 'yes' for b in these) / len(these):.0f} %" if these else "–",
                "Mean confidence": f"{sum(b['confidence'] for b in these) / len(these):.0f} %" if these else "–",
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
    beat = int((scores["brier"] < baseline).sum())
    dots = (
        alt.Chart(scores)
        .mark_point(filled=True, size=90, color=GAIN, shape="circle")
        .encode(
            x=alt.X("brier:Q", title="Brier score (0 = perfect; lower is better)", scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("jitter:Q", axis=None, title=None),
            tooltip=[alt.Tooltip("brier:Q", title="Brier score", format=".3f")],
        )
        .transform_calculate(jitter="random()")
    )
    coin = pd.DataFrame({"brier": [baseline], "label": [f"A coin toss: {baseline:.2f}"]})
    rule = alt.Chart(coin).mark_rule(color=COST, strokeDash=[5, 3], strokeWidth=2).encode(x="brier:Q")
    label = alt.Chart(coin).mark_text(align="left", dx=4, color=COST).encode(x="brier:Q", y=alt.value(8), text="label:N")
    chart = alt.layer(dots, rule, label).properties(
        width=520,
        height=120,
        title=f"Forecast accuracy of {len(scores)} students",
        description=(
            f"Dot plot of {len(scores)} students' Brier scores on the six forecasts, mean {scores['brier'].mean():.3f}; "
            f"a dashed rule marks a coin toss ({baseline:.2f}); {beat} students score better than it."
        ),
    )
    return Stack(
        note(
            f"Forecasts (00): {len(scores)} students; mean Brier score {scores['brier'].mean():.3f} "
            f"(a coin toss scores {baseline:.2f}); {beat} of {len(scores)} beat the coin toss.",
            "info",
        ),
        chart,
        table(class_bets(responses), "How the class bet on each forecast, and what happened"),
    )


def disputed_claims(responses: Iterable[Response]) -> pd.DataFrame:
    """Per claim: how many students tagged it, the share who differ from the reference map, and their most common role."""
    claims = load("claims")
    reference = reference_roles(claims)
    tags = [(c, role) for r in responses for c, role in r.answers["roles"]["roles"].items()]
    rows = []
    for claim in claims.itertuples():
        chosen = [role for c, role in tags if c == claim.claim_id]
        other = [role for role in chosen if role != reference[claim.claim_id]]
        rows.append(
            {
                "claim_id": str(claim.claim_id),
                "quote": str(claim.quote),
                "reference": reference[claim.claim_id],
                "tagged": len(chosen),
                "differ": len(other) / len(chosen) if chosen else 0.0,
                "instead": max(set(other), key=other.count) if other else "",
            }
        )
    return pd.DataFrame(rows).sort_values(["differ", "claim_id"], ascending=[False, True], ignore_index=True)


def argument_section(folder: ClassFolder) -> Stack:
    """The claims of the argument map the class disagrees with most (01)."""
    responses = folder.answers("01-the-argument")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the argument map (01)"), "info"))
    disputed = disputed_claims(responses).head(5)
    shown = pd.DataFrame(
        {
            "Claim": disputed["claim_id"],
            "The article's words": [f"“{q}”" for q in disputed["quote"]],
            "Reference role": disputed["reference"],
            "Students who tagged it differently": [f"{100 * d:.0f} % of {n}" for d, n in zip(disputed["differ"], disputed["tagged"])],
            "Most common other role": disputed["instead"],
        }
    )
    top = disputed.iloc[0]
    return Stack(
        note(
            f"Argument map (01): {len(responses)} students. Most disputed: claim {top['claim_id']}, "
            f"tagged differently from the reference by {100 * top['differ']:.0f} % of those who tagged it.",
            "info",
        ),
        table(shown, "The five claims the class tags most differently from the reference map"),
    )


def weight_shares(responses: Iterable[Response]) -> pd.DataFrame:
    """Each student's swing weights as shares of 100, long format (pseudonym, criterion, share)."""
    labels = dict(zip(load("criteria")["criterion_id"], load("criteria")["label"].astype(str)))
    rows = []
    for r in responses:
        raw = r.answers["weights"]["weights"]
        if not any(raw.values()):
            continue
        for criterion, share in shares(raw).items():
            rows.append({"pseudonym": r.pseudonym, "criterion": labels[criterion], "share": 100 * share})
    return pd.DataFrame(rows, columns=["pseudonym", "criterion", "share"])


def weights_section(folder: ClassFolder) -> Stack:
    """The class's swing weights (03) beside the lenses' and the author's, with the lenses and leaders chosen."""
    responses = folder.answers("03-weigh-it")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the weights (03)"), "info"))
    weights = weight_shares(responses)
    criteria = load("criteria")
    labels = dict(zip(criteria["criterion_id"], criteria["label"].astype(str)))
    author = shares(lens_weights(load("lens_weights"))["author"])
    ticks = pd.DataFrame({"criterion": [labels[c] for c in author], "share": [100 * s for s in author.values()]})
    boxes = alt.Chart(weights).mark_boxplot(color=GAIN, extent="min-max").encode(
        y=alt.Y("criterion:N", title=None, sort=list(labels.values())),
        x=alt.X("share:Q", title="Share of the total weight (%)", scale=alt.Scale(domain=[0, 100])),
    )
    marks = alt.Chart(ticks).mark_tick(color=COST, thickness=3, size=16).encode(
        y=alt.Y("criterion:N", sort=list(labels.values())), x="share:Q", tooltip=[alt.Tooltip("share:Q", title="The article", format=".0f")]
    )
    chart = alt.layer(boxes, marks).properties(
        width=460,
        height=36 * len(labels),
        title="Swing weights: the class (boxes) and the article's implied weights (ticks)",
        description=f"Box plots of {weights['pseudonym'].nunique()} students' weight shares on {len(labels)} criteria, with the article's implied share of each marked by a tick.",
    )
    lenses = dict(zip(load("lenses")["lens_id"], load("lenses")["label"].astype(str)))
    options = dict(zip(load("options")["option_id"], load("options")["label"].astype(str)))
    started = pd.Series([lenses.get(r.answers["weights"]["lens"], "none (own weights)") for r in responses]).value_counts()
    leaders = pd.Series([options.get(r.answers["weights"]["winner"], "a tie") for r in responses]).value_counts()
    return Stack(
        note(f"Weights (03): {len(responses)} students.", "info"),
        chart,
        table(pd.DataFrame({"Lens they started from": started.index, "Students": started.values}), "Lens presets the class started from"),
        table(pd.DataFrame({"Option their weights put first": leaders.index, "Students": leaders.values}), "What the class's weights put first"),
    )


def opinions(folder: ClassFolder) -> pd.DataFrame:
    """Prior (00) and posterior (07's final opinion, else 06's) for students who gave both."""
    prior = {r.pseudonym.lower(): r.answers["bets"]["prior"] for r in folder.answers("00-start-here")}
    posterior = {r.pseudonym.lower(): r.answers["judgement"]["posterior"] for r in folder.answers("06-hindsight")}
    posterior |= {r.pseudonym.lower(): r.answers["verdict"]["posterior"] for r in folder.answers("07-your-verdict")}
    both = sorted(set(prior) & set(posterior))
    return pd.DataFrame({"prior": [prior[p] for p in both], "posterior": [posterior[p] for p in both]})


def shift_section(folder: ClassFolder) -> Stack:
    """Was it a good deal? The class before reading (00) and at the end (06 or 07), for students who gave both."""
    pairs = opinions(folder)
    if not enough(len(pairs)):
        return Stack(note(too_few(len(pairs), "both the first (00) and the last opinion (06 or 07)"), "info"))
    long = pd.concat(
        [pairs.assign(when="Before reading (00)", value=pairs["prior"]), pairs.assign(when="At the end (06/07)", value=pairs["posterior"])]
    )
    chart = (
        alt.Chart(long)
        .mark_tick(thickness=3, size=18)
        .encode(
            x=alt.X("value:Q", title="Was it a good deal? (0 = very bad, 100 = very good)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("when:N", title=None, sort=["Before reading (00)", "At the end (06/07)"]),
            color=alt.Color("when:N", scale=alt.Scale(range=[GAIN, COST]), legend=None),
        )
        .properties(
            width=460,
            height=90,
            title="First and last opinions",
            description=(
                f"Two rows of ticks, one per student: first opinions (mean {pairs['prior'].mean():.1f}) and last "
                f"opinions (mean {pairs['posterior'].mean():.1f}) on a 0–100 scale."
            ),
        )
    )
    change = pairs["posterior"] - pairs["prior"]
    return Stack(
        note(
            f"Opinions: {len(pairs)} students gave both; mean first opinion {pairs['prior'].mean():.1f}, mean last "
            f"{pairs['posterior'].mean():.1f} (mean change {change.mean():+.1f}); {int((change > 0).sum())} moved up, "
            f"{int((change < 0).sum())} down, {int((change == 0).sum())} stayed.",
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
    lens_counts = pd.DataFrame(
        {
            "Lens": list(lenses.values()) + ["not chosen"],
            "Their own lens": [sum(v["own_lens"] == k for v in verdicts) for k in lenses] + [sum(not v["own_lens"] for v in verdicts)],
            "The rebuttal's lens": [sum(v["rebuttal_lens"] == k for v in verdicts) for k in lenses]
            + [sum(not v["rebuttal_lens"] for v in verdicts)],
        }
    )
    strengths = pd.Series([v["strength"] or "no qualifier" for v in verdicts]).value_counts()
    return Stack(
        note(f"Verdicts (07): {len(responses)} students.", "info"),
        table(lens_counts, "Lenses the class argued from, and the lenses their rebuttals came from"),
        table(pd.DataFrame({"Qualifier": strengths.index, "Students": strengths.values}), "How strongly the class qualified its verdicts"),
    )
