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
from reset_ledger.exercise import labelled, note
from reset_ledger.ledger import Score, author_scores, balance, default_scores, ledger_frame
from reset_ledger.rendering import Stack, handout_mode, table
from reset_ledger.responses import Loaded, Response, load_folder, responses_folder
from reset_ledger.sequence import SEQUENCE
from reset_ledger.theme import COST, GAIN

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


def reasons_section(folder: ClassFolder) -> Stack:
    """Students' written reasons in the ledger, escaped and shortened, for the teacher to read."""
    responses = folder.answers("02-the-ledger")
    if not enough(len(responses)):
        return Stack(note(too_few(len(responses), "the ledger (02)"), "info"))
    reasons = ledger_reasons(responses)
    if reasons.empty:
        return Stack(note("No written reasons yet.", "info"))
    return Stack(table(reasons, f"Written reasons in the ledger ({len(reasons)})"))
