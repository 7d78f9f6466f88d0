"""Notebook 03 in two layers. The core: swing weights, one theory lens argued with, the smallest change
that flips the verdict and the 'make confrontation win' puzzle. The extension: switching values and the
tornado, weights without ranges, a decoy that reverses the ranking under min–max scaling, and every
lens side by side. `lens_cases_table` shows the lenses' cases to any notebook that asks for a lens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from html import escape

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display
from pandas.io.formats.style import Styler

from reset_ledger.citations import cite, cite_lens, short_cite, source_number
from reset_ledger.data import load
from reset_ledger.exercise import Exercise, labelled, note, show, why_box
from reset_ledger.live import Bound, Live
from reset_ledger.rendering import chart_on_screen, handout_mode, kept_on_screen, table
from reset_ledger.weighing import (
    ALL_ZERO,
    WEIGHT_RANGE,
    Change,
    WeightError,
    change_to_lead,
    decoy_order_line,
    heaviest_and_strongest,
    leaders,
    lens_cases,
    lens_distance,
    lens_weights,
    min_max,
    performance_matrix,
    rank_table,
    ranking,
    reversed_pairs,
    shares,
    smallest_change_to_lead,
    smallest_flips,
    spread,
    stretched,
    switching_values,
    weighted_scores,
    winner,
)
from reset_ledger.weighing_charts import (
    lens_chart,
    rank_reversal_chart,
    scores_chart,
    shares_chart,
    lens_page_chart,
    ranges_page_chart,
    tornado_chart,
    weight_controls,
    weights_sandbox_chart,
)

AUTHOR = "author"
PUZZLE_TARGET = "confrontation"
KEENEY = "operations-research-2002"
YOUR_WEIGHTS, AUTHORS_WEIGHTS = "your weights", "our reading of the author's weights"


@dataclass(frozen=True)
class Model:
    """Everything notebook 03 weighs, loaded once from data/."""

    criteria: pd.DataFrame
    options: pd.DataFrame
    performance: pd.DataFrame
    lenses: pd.DataFrame
    lens_weights: dict[str, dict[str, int]]
    matrix: pd.DataFrame  # every option, the decoy included
    policies: pd.DataFrame  # the real options only
    decoy: str
    sources: pd.DataFrame
    article: pd.DataFrame

    @property
    def criterion_labels(self) -> dict[str, str]:
        return dict(zip(self.criteria["criterion_id"], self.criteria["label"].astype(str)))

    @property
    def option_labels(self) -> dict[str, str]:
        return dict(zip(self.options["option_id"], self.options["label"].astype(str)))

    @property
    def lens_labels(self) -> dict[str, str]:
        return dict(zip(self.lenses["lens_id"], self.lenses["label"].astype(str)))

    @property
    def author(self) -> dict[str, int]:
        return self.lens_weights[AUTHOR]


def load_model() -> Model:
    """The criteria, options, scores and lenses of notebook 03, checked by the loader."""
    criteria, options = load("criteria"), load("options")
    matrix = performance_matrix(load("performance"), options, criteria)
    decoys = list(options.loc[options["kind"] == "decoy", "option_id"])
    return Model(
        criteria=criteria,
        options=options,
        performance=load("performance"),
        lenses=load("lenses"),
        lens_weights=lens_weights(load("lens_weights")),
        matrix=matrix,
        policies=matrix.drop(index=decoys),
        decoy=decoys[0],
        sources=load("sources"),
        article=load("article"),
    )


def lens_citation(model: Model, lens_id: str) -> str:
    """A lens's citation lines (the author's lens cites the article)."""
    return cite_lens(model.lenses.set_index("lens_id").loc[lens_id], model.sources, model.article)


def describe_change(change: Change, labels: dict[str, str], options: dict[str, str]) -> str:
    """'lower Alliance credibility from 100 to 59 (they tie at 60.0); then Reset as done leads'."""
    verb = "lower" if change.to < change.current else "raise"
    return (
        f"{verb} {labels[change.criterion]} from {change.current} to {change.to} "
        f"(the exact switching value is {float(change.tie):.1f}); then {options[change.leader]} leads"
    )


def criteria_table() -> Styler:
    """The criteria with both ends of their scales written out, why each is there and the ledger items it weighs."""
    model = load_model()
    items = load("ledger_items").set_index("item_id")["label"].astype(str)
    return table(
        pd.DataFrame(
            {
                "Criterion": model.criteria["label"].astype(str),
                "0 means": model.criteria["anchor_0"].astype(str),
                "100 means": model.criteria["anchor_100"].astype(str),
                "Why it is here": model.criteria["why"].astype(str),
                "Ledger items it weighs (notebook 02)": [", ".join(items[i] for i in ids) for ids in model.criteria["item_ids"]],
            }
        ),
        "The criteria, each on a 0–100 scale with both ends written out",
    )


def performance_table() -> Styler | HTML:
    """Every option's score on every criterion, with the reason and the sources behind it; a handout keeps it on
    screen (on paper the reasons are in the reference appendix, printed once for the class: `performance_reference`)."""
    model = load_model()
    full = table(_performance_frame(model, lambda ids: short_cite(ids, model.sources)),
                 "Our reasoned default scores (0–100 on each criterion's anchored scale): judgements that rest on the facts cited")
    if handout_mode():
        return kept_on_screen(full, "our reasons for every score, with their sources")
    return full


def performance_reference() -> Styler:
    """The reasons for every score as the reference appendix prints them, each source cited by its number there."""
    model = load_model()
    numbered = _performance_frame(model, lambda ids: ", ".join(f"[{source_number(i, model.sources)}]" for i in ids))
    return table(numbered, "Notebook 03: our reasons for every default score (sources by their number in the list below)")


def _performance_frame(model: Model, sources: Callable[[list[str]], str]) -> pd.DataFrame:
    """The policies' scores, one row per option and criterion in the data's order, with the reason and its sources."""
    rows = model.performance.merge(model.options[["option_id", "kind"]], on="option_id")
    rows = rows[rows["kind"] == "policy"]
    return pd.DataFrame(
        {
            "Option": rows["option_id"].map(model.option_labels),
            "Criterion": rows["criterion_id"].map(model.criterion_labels),
            "Score (our default)": rows["score"].astype(int),
            "Why": rows["rationale"].astype(str),
            "Sources": [sources(ids) for ids in rows["source_ids"]],
        }
    )


def options_table() -> Styler:
    """The three policies weighed, and the grid of their default scores."""
    model = load_model()
    grid = model.policies.rename(index=model.option_labels, columns=model.criterion_labels).rename_axis("Option").reset_index()
    descriptions = model.options.set_index("option_id").loc[list(model.policies.index), "description"].astype(str)
    grid.insert(1, "What it would do", list(descriptions))
    return table(grid, "The options and their default scores (details and sources in the next table)")


def sources_table() -> Styler:
    """Every source behind the criteria and the scores, in full."""
    model = load_model()
    ids = dict.fromkeys(i for column in (model.criteria["source_ids"], model.performance["source_ids"], model.options["source_ids"]) for row in column for i in row)
    return table(pd.DataFrame({"Source": cite(list(ids), model.sources).splitlines()}), "Sources of the criteria and scores, in full")


def lens_cases_table() -> Styler:
    """Every lens's case in a few lines, what it weighs most, which option it puts first and its sources:
    enough to choose a lens by its argument, here or in a later notebook, without weighing anything."""
    model = load_model()
    cases = lens_cases(model.lenses, model.lens_weights, model.policies)
    labels, names = model.criterion_labels, model.option_labels
    return table(
        pd.DataFrame(
            {
                "Lens": cases["label"],
                "In one sentence": cases["summary"],
                "Its case (our summary of the scholarship)": cases["case"],
                "Weighs most": [" and ".join(labels[c] for c in most) for most in cases["weighs_most"]],
                "First under its weights (notebook 03's scores)": [
                    f"{names[lead]} ({scores[lead]:.1f} of 100)" if lead else "a tie" for lead, scores in zip(cases["leader"], cases["scores"])
                ],
                "Sources": [lens_citation(model, lens) for lens in cases["lens_id"]],
            }
        ),
        "The theory lenses: each one's case, what it weighs most, and the option it puts first",
    )


def lens_weights_table(model: Model) -> Styler:
    """Every lens's weights as shares of the whole, and the option each puts first (for paper)."""
    labels, names = model.criterion_labels, model.option_labels
    rows = []
    for lens, weights in model.lens_weights.items():
        portion, lead = shares(weights), winner(model.policies, weights)
        rows.append({"Lens": model.lens_labels[lens]} | {labels[c]: f"{portion[c]:.0%}" for c in portion} | {"Leader": names[lead] if lead else "a tie"})
    return table(pd.DataFrame(rows), "The lenses' weights as shares, and the option each puts first")


def range_message(heaviest: str, strongest: str, labels: dict[str, str]) -> str:
    """Whether the heaviest weight is also the one that can move the verdict most, in words."""
    if heaviest == strongest:
        return f"Your heaviest weight, {labels[heaviest]}, is also the one that can move the verdict most."
    return (f"Your heaviest weight is {labels[heaviest]}, but {labels[strongest]} can move the verdict more, "
            "because the options are further apart on it. A weight only matters through the range it multiplies.")


def verdict_html(model: Model, matrix: pd.DataFrame, raw: dict[str, int]) -> str:
    """One line: who leads, by how much, and the order of the rest."""
    scores = weighted_scores(matrix, raw)
    order = ranking(scores)
    names = model.option_labels
    top = leaders(matrix, raw)
    head = (
        f"Leads: {names[order[0]]} ({scores[order[0]]:.1f})"
        if len(top) == 1
        else "Tied at the top: " + " and ".join(f"{names[o]} ({scores[o]:.1f})" for o in top)
    )
    rest = ", ".join(f"{names[o]} {scores[o]:.1f}" for o in order if o not in top)
    return f'<p class="reset-ledger-verdict"><strong>{escape(head)}</strong>' + (f" · then {escape(rest)}" if rest else "") + "</p>"


def standings(model: Model, raw: dict[str, int]) -> str:
    """'Reset as done leads with 66.7, then Conditional reset 55.6, …' (or who tie at the top)."""
    scores = weighted_scores(model.policies, raw)
    names, top = model.option_labels, leaders(model.policies, raw)
    head = f"{names[top[0]]} leads with {scores[top[0]]:.1f}" if len(top) == 1 else " and ".join(names[o] for o in top) + " tie"
    rest = ", ".join(f"{names[o]} {scores[o]:.1f}" for o in ranking(scores) if o not in top)
    return head + (f", then {rest}" if rest else "")


class View:
    """A live part of an exercise shown in a later cell: the same Output widget, refreshed with the exercise. In a
    handout, `page` (a chart that follows the page's sliders) when there is one; otherwise the content computed
    once for the author's weights, said plainly to be a fixed picture."""

    def __init__(self, items: Callable[..., list[object]], default: dict[str, int],
                 labels: dict[str, str], page: Callable[[], object] | None = None):
        self.items = items
        self.default = default
        self.labels = labels
        self.page = page
        self.out = Live()

    def refresh(self, raw: dict[str, int]) -> None:
        """Recompute for these weights."""
        show(self.out, self.items(raw))

    def _ipython_display_(self) -> None:
        if not handout_mode():
            display(self.out)
        elif self.page is not None:
            display(self.page())
        else:
            weights = ", ".join(f"{self.labels[c]} {w}" for c, w in self.default.items())
            display(note(f"A fixed picture, not following the sliders: computed for our reading of the author's weights ({weights}).",
                         "info"))
            for item in self.items(self.default, whose=AUTHORS_WEIGHTS):
                display(item)


class LensView:
    """One lens, chosen from a menu and argued with: its case, its weights beside the student's, and who
    leads under each; a button sets the sliders to it. In a handout, every lens's case instead."""

    def __init__(self, weigh: WeighExercise):
        self.weigh = weigh
        self.out = Live()

    def refresh(self) -> None:
        """Recompute for the lens chosen and the weights on the sliders."""
        show(self.out, self.items())

    def items(self) -> list[object]:
        weigh = self.weigh
        lens = weigh.lens_choice.value
        if lens is None:
            return [note("Choose a lens from the menu to read its case.", "info")]
        model, labels, names = weigh.model, weigh.model.criterion_labels, weigh.model.option_labels
        row = model.lenses.set_index("lens_id").loc[lens]
        sources = "".join(f"<li>{escape(line)}</li>" for line in lens_citation(model, lens).splitlines())
        card = HTML(
            f'<div class="reset-ledger-card"><p><strong>{escape(str(row["label"]))}</strong>: <em>{escape(str(row["summary"]))}</em></p>'
            f'<p>{escape(str(row["justification"]))}</p><details><summary>Sources</summary><ul>{sources}</ul></details></div>'
        )
        theirs, raw = model.lens_weights[lens], weigh.weights()
        portion = shares(theirs)
        try:
            yours = shares(raw)
        except WeightError as error:
            return [card, note(str(error), "warn")]
        frame = pd.DataFrame(
            {
                "Criterion": [labels[c] for c in theirs],
                "This lens's weight (0–100)": list(theirs.values()),
                "This lens's share": [f"{portion[c]:.0%}" for c in theirs],
                "Your share": [f"{yours[c]:.0%}" for c in theirs],
            }
        )
        return [
            card,
            table(frame, f"How the {row['label']} lens weighs, beside your weights"),
            note(f"Under this lens's weights: {standings(model, theirs)}. Under yours: {standings(model, raw)}.", "info"),
            note(f"Your weights are {lens_distance(raw, theirs):.0f} points of weight away from this lens "
                 "(0 means the same weights, 100 means nothing in common).", "info"),
        ]

    def _ipython_display_(self) -> None:
        if handout_mode():
            display(note("Choose one lens from these tables, read its case, and set its weights "
                         "beside yours on the worksheet above.", "info"))
            display(lens_cases_table())
            display(lens_weights_table(self.weigh.model))
            display(self.weigh.lens_page())
            return
        display(widgets.VBox([widgets.HBox([self.weigh.lens_choice, self.weigh.lens_button]), self.out]))


class WeighExercise(Exercise):
    """Swing weights (0–100 each), renormalised to shares; live scores; one lens to argue with, the
    smallest change that flips the verdict (core); switching values, the tornado, ranges, a decoy and
    every lens side by side (extension)."""

    name = "weights"
    compare_label = "Compare with the author and every lens"
    waiting = "Move every weight slider at least once (a lens is a starting point, not your answer) to unlock the comparison."

    def build(self) -> None:
        self.model = load_model()
        self.lens = ""
        labels = self.model.criterion_labels
        self.sliders = {
            c: labelled(widgets.IntSlider(value=w, min=WEIGHT_RANGE[0], max=WEIGHT_RANGE[1], continuous_update=False), labels[c])
            for c, w in self.model.author.items()
        }
        self.lens_choice = labelled(
            widgets.Dropdown(options=[(label, lens) for lens, label in self.model.lens_labels.items()], value=None), "Lens"
        )
        self.lens_button = widgets.Button(description="Set my sliders to this lens", icon="sliders", disabled=True,
                                          layout=widgets.Layout(width="auto"))
        self.lens_button.on_click(lambda _: self.use_lens(self.lens_choice.value))
        self.lens_view = LensView(self)
        self.lens_choice.observe(lambda _: self._lens_chosen(), names="value")
        self.winner_why = why_box("Why does your leader lead? Which weight decides it?")
        labels, author = self.model.criterion_labels, self.model.author
        self.flip = View(self.flip_items, author, labels)
        self.sensitivity = View(self.sensitivity_items, author, labels)
        self.ranges = View(self.range_items, author, labels, page=self.ranges_page)
        # Built once: their numbers follow the sliders in the page (`Bound`), so a step needs no new chart.
        model = self.model
        self.scores_view = scores_chart(model.policies, model.option_labels, author)
        self.shares_view = shares_chart(list(model.policies.columns), labels, author)
        self.tornado_view = tornado_chart(model.policies, model.option_labels, labels, author)

    @cached_property
    def decoy(self) -> DecoyExercise:
        """The extension's rank-reversal exercise, built when first asked for, so the answer sheet can hold
        it even for a student who stopped after the core."""
        return DecoyExercise(self)

    def _lens_chosen(self) -> None:
        self.lens_button.disabled = self.lens_choice.value is None
        self.lens_view.refresh()

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {f"weight:{c}": slider for c, slider in self.sliders.items()}

    def weights(self) -> dict[str, int]:
        """The raw weights on the sliders."""
        return {c: slider.value for c, slider in self.sliders.items()}

    def use_lens(self, lens: str | None) -> None:
        """Move every slider to a lens's weights at once (a starting point: it does not count as answering)."""
        if lens is None:
            return
        self._quiet = True
        try:
            for c, value in self.model.lens_weights[lens].items():
                self.sliders[c].value = value
        finally:
            self._quiet = False
        self.lens = lens
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        for view in (self.flip, self.sensitivity, self.ranges):
            view.refresh(self.weights())
        self.lens_view.refresh()

    def answers(self) -> dict:
        raw = self.weights()
        try:
            scores = weighted_scores(self.model.policies, raw)
            lead = winner(self.model.policies, raw) or ""
        except WeightError:
            scores, lead = pd.Series(dtype=float), ""
        return {
            "weights": raw,
            "lens": self.lens,
            "winner": lead,
            "scores": {o: round(float(s), 2) for o, s in scores.items()},
            "winner_why": self.winner_why.value,
        }

    def apply(self, answers: dict) -> None:
        for c, value in answers.get("weights", {}).items():
            self.sliders[c].value = value
        self.lens = answers.get("lens", "")
        if self.lens:
            self.lens_choice.value = self.lens
        self.winner_why.value = answers.get("winner_why", "")

    def defaults(self) -> dict:
        return {"weights": dict(self.model.author), "lens": "", "winner_why": ""}

    def result(self) -> list[object]:
        raw = self.weights()
        try:
            verdict = HTML(verdict_html(self.model, self.model.policies, raw))
        except WeightError as error:
            verdict = note(str(error), "warn")
        source = f"the {self.model.lens_labels[self.lens]} lens" if self.lens else "our reading of the author's weights (the defaults)"
        # The note is always there (its words change), so nothing below it moves and the charts keep their place.
        start = (f"You are starting from {source}. Move the sliders to make the weights yours." if not self.touched
                 else f"You started from {source}; the weights are now yours.")
        controls = weight_controls(self.sliders)
        return [verdict, note(start, "info"), Bound(self.scores_view, controls), Bound(self.shares_view, controls)]

    def _leader(self, raw: dict[str, int]) -> tuple[str | None, list[object]]:
        """The option leading under these weights, or None with the message to show instead."""
        try:
            lead = winner(self.model.policies, raw)
        except WeightError as error:
            return None, [note(str(error), "warn")]
        if lead is None:
            return None, [note("The top is tied: any change to a weight that the tied options score differently on decides it.", "info")]
        return lead, []

    def flip_items(self, raw: dict[str, int], whose: str = YOUR_WEIGHTS) -> list[object]:
        """The core's question: the smallest move of one weight that hands the lead to another option."""
        lead, message = self._leader(raw)
        if lead is None:
            return message
        names = self.model.option_labels
        flips = smallest_flips(self.model.policies, raw)
        if not flips:
            return [note(f"Under {whose} {names[lead]} leads, and no single weight, moved anywhere from 0 to 100, "
                         "takes the lead from it.", "ok")]
        moves = "; or ".join(describe_change(flip, self.model.criterion_labels, names) for flip in flips)
        return [note(f"Under {whose} {names[lead]} leads. The smallest single change that hands the lead to another option "
                     f"(a move of {flips[0].size} on a 0–100 slider): {moves}.", "info")]

    def sensitivity_items(self, raw: dict[str, int], whose: str = YOUR_WEIGHTS) -> list[object]:
        """The switching value of every weight, and the tornado of the leader against the runner-up."""
        lead, message = self._leader(raw)
        if lead is None:
            return message
        policies, labels, names = self.model.policies, self.model.criterion_labels, self.model.option_labels
        switching = {c: switching_values(policies, raw, c) for c in policies.columns}
        items: list[object] = []
        rows = []
        for c in policies.columns:
            down, up = switching[c]
            rows.append(
                {
                    "Weight": labels[c],
                    "Yours" if whose == YOUR_WEIGHTS else "The author's (our reading)": raw[c],
                    "Lower it: the verdict changes below": f"{float(down.tie):.1f} → {names[down.leader]} leads" if down else "none in range",
                    "Raise it: the verdict changes above": f"{float(up.tie):.1f} → {names[up.leader]} leads" if up else "none in range",
                }
            )
        items.append(table(pd.DataFrame(rows), f"Switching values: how far each weight can move, the others held, before {names[lead]} stops leading"))
        if whose == YOUR_WEIGHTS:
            items.append(Bound(self.tornado_view, weight_controls(self.sliders)))
        else:
            items.append(tornado_chart(policies, names, labels, raw))
        return items

    def range_items(self, raw: dict[str, int]) -> list[object]:
        """Keeney's check: a big weight on a criterion where the options barely differ moves little."""
        labels = self.model.criterion_labels
        try:
            frame = spread(self.model.policies, raw)
        except WeightError as error:
            return [note(str(error), "warn")]
        shown = pd.DataFrame(
            {
                "Criterion": frame["criterion_id"].map(labels),
                "Your weight": [raw[c] for c in frame["criterion_id"]],
                "Share": frame["share"].map("{:.0%}".format),
                "How far apart the options score (0–100 scale)": frame["spread"],
                "Most it can move the verdict (points)": frame["reach"].map("{:.1f}".format),
            }
        )
        return [
            table(shown, "Weights without ranges: what each weight can actually do between these options"),
            note(range_message(*heaviest_and_strongest(self.model.policies, raw), labels), "info"),
            note("On weighing by importance rather than by range: " + cite([KEENEY], self.model.sources), "info"),
        ]

    def ranges_page(self) -> object:
        """The ranges check as a handout shows it: recomputed in the page from the sandbox's sliders."""
        model = self.model
        chart = ranges_page_chart(model.policies, model.criterion_labels, model.author,
                                  lambda heaviest, strongest: range_message(heaviest, strongest, {heaviest: heaviest, strongest: strongest}),
                                  ALL_ZERO)
        return chart_on_screen(chart, "On paper: for each criterion, multiply your share (Worksheet 1) by how far apart the "
                                      "options score on it (the highest minus the lowest of our scores): that is the most "
                                      "that weight can move the verdict. Is your heaviest weight also the one that can move it most?")

    def lens_page(self) -> object:
        """Your weights beside every lens's, as a handout shows them: recomputed in the page from the sandbox's sliders."""
        model = self.model
        chart = lens_page_chart(model.policies, model.criterion_labels, model.lens_weights, model.lens_labels, model.author)
        return chart_on_screen(chart, "On paper: write your shares from Worksheet 1 beside the lens's shares in the table above, "
                                      "and mark where they differ most.")

    def comparison(self) -> list[object]:
        model, labels, names = self.model, self.model.criterion_labels, self.model.option_labels
        raw = self.weights()
        try:
            shares(raw)
        except WeightError as error:
            return [note(str(error), "warn")]
        sets = {"You": raw} | {model.lens_labels[lens]: weights for lens, weights in model.lens_weights.items()}
        rows, points = [], []
        for who, weights in sets.items():
            portion = shares(weights)
            lead = winner(model.policies, weights)
            row = {"Whose weights": who}
            row |= {labels[c]: f"{portion[c]:.0%}" for c in model.policies.columns}
            row["Leader"] = names[lead] if lead else "a tie"
            row["Points of weight apart from yours"] = f"{lens_distance(raw, weights):.0f}"
            rows.append(row)
            points += [{"who": who, "criterion": labels[c], "share": portion[c]} for c in model.policies.columns]
        distances = {lens: lens_distance(raw, weights) for lens, weights in model.lens_weights.items()}
        closest = min(distances, key=distances.get)
        lead = winner(model.policies, raw)
        return [
            note(
                "These are reasoned positions, not answers: each weighs the same options and scores differently. "
                f"Your weights are closest to this lens: {model.lens_labels[closest]} ({distances[closest]:.0f} points of weight would "
                f"have to move to match it). Under yours, {names[lead] if lead else 'no single option'} leads.",
                "info",
            ),
            table(pd.DataFrame(rows), "Your weights and result next to the author's and the lenses' (shares of the whole weight)"),
            lens_chart(pd.DataFrame(points), [labels[c] for c in model.policies.columns]),
            lens_cases_table(),
        ]

    def compare_step(self) -> CompareStep:
        """The compare button and comparison, for their own section further down the notebook."""
        return CompareStep(self)

    def widget(self) -> widgets.Widget:
        """Controls and live result; the compare step is shown on its own (see compare_step)."""
        return widgets.VBox([self.body(), self.result_out, self.reset_button])

    def handout(self) -> list[object]:
        model, labels = self.model, self.model.criterion_labels
        criteria = pd.DataFrame(
            {
                "Criterion": model.criteria["label"].astype(str),
                "0 means": model.criteria["anchor_0"].astype(str),
                "100 means": model.criteria["anchor_100"].astype(str),
                "Your weight (0–100)": "",
                "Share (weight ÷ total)": "",
            }
        )
        grid = pd.DataFrame({"Option": [model.option_labels[o] for o in model.policies.index]})
        for c in model.policies.columns:
            grid[labels[c]] = [f"ours {model.policies.at[o, c]} · yours ___" for o in model.policies.index]
        grid["Weighted score"] = ""
        return [
            note("On screen, the sliders under the chart recompute the weighted scores in your browser, and so do the ranges "
                 "check and the lens chart further down.", "info", screen_only=True),
            weights_sandbox_chart(model.policies, labels, model.option_labels, model.author),
            table(criteria, "Worksheet 1: weigh the swing from 0 to 100 on each criterion"),
            table(grid, "Worksheet 2: our scores (the reason for each: the scores table, on paper the reference appendix), "
                        "your scores, and the weighted sum (score × share, added up)"),
        ]

    def body(self) -> widgets.Widget:
        rows = []
        for c, slider in self.sliders.items():
            criterion = self.model.criteria.set_index("criterion_id").loc[c]
            rows.append(
                widgets.VBox(
                    [
                        slider,
                        widgets.HTML(
                            f"<details><summary>What the swing from 0 to 100 means</summary><p><strong>0:</strong> "
                            f"{escape(str(criterion['anchor_0']))}<br><strong>100:</strong> {escape(str(criterion['anchor_100']))}</p></details>"
                        ),
                    ],
                    layout=widgets.Layout(margin="0 0 6px 0"),
                )
            )
        return widgets.VBox([*rows, self.winner_why])


class CompareStep:
    """The weighing exercise's compare button and comparison, shown in their own section of the notebook;
    in a handout there are no student weights to compare, and the lenses are printed with the one-lens section."""

    def __init__(self, weigh: WeighExercise):
        self.weigh = weigh

    def _ipython_display_(self) -> None:
        weigh = self.weigh
        if handout_mode():
            display(note("On paper: set your weights from the worksheet beside every lens's in the tables of the one-lens section.", "info"))
            return
        display(widgets.VBox([weigh.compare_button, weigh.compare_hint, weigh.compare_out]))


PUZZLE_TRIES = 3


class PuzzleExercise(Exercise):
    """Starting from the author's weights, change one weight so that confrontation leads; the exact
    smallest change is computed for every weight, so the answer can be checked."""

    name = "puzzle"
    compare_label = "Show the exact answer"
    waiting = f"Make confrontation lead, or try at least {PUZZLE_TRIES} changes, to open the exact answer."

    def build(self) -> None:
        self.model = load_model()
        self.start = dict(self.model.author)
        labels = self.model.criterion_labels
        first = next(iter(self.start))
        self.criterion = labelled(widgets.Dropdown(options=[(labels[c], c) for c in self.start], value=first), "Weight to change")
        self.weight = labelled(
            widgets.IntSlider(value=self.start[first], min=WEIGHT_RANGE[0], max=WEIGHT_RANGE[1], continuous_update=False), "New value"
        )
        self.criterion.observe(self._restart, names="value")
        self.attempts: set[tuple[str, int]] = set()  # every weight tried, so the answer opens after a real search
        self.weight.observe(lambda change: self.attempts.add((self.criterion.value, change["new"])), names="value")

    def _restart(self, change: dict) -> None:
        """A new weight to change starts from the author's value for it."""
        if not self._quiet:
            self._quiet = True
            try:
                self.weight.value = self.start[change["new"]]
            finally:
                self._quiet = False

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {"criterion": self.criterion, "weight": self.weight}

    def ready(self) -> bool:
        return self.target_leads() or len(self.attempts) >= PUZZLE_TRIES

    def tried(self) -> dict[str, int]:
        """The author's weights with the one change."""
        return {**self.start, self.criterion.value: self.weight.value}

    def target_leads(self) -> bool:
        """Whether confrontation now leads outright."""
        try:
            return winner(self.model.policies, self.tried()) == PUZZLE_TARGET
        except WeightError:
            return False

    def answer(self) -> Change | None:
        """The exact smallest change."""
        return smallest_change_to_lead(self.model.policies, self.start, PUZZLE_TARGET)

    def answers(self) -> dict:
        size = abs(self.weight.value - self.start[self.criterion.value])
        best = self.answer()
        return {
            "criterion": self.criterion.value,
            "weight": self.weight.value,
            "confrontation_leads": self.target_leads(),
            "smallest": bool(self.target_leads() and best is not None and size == best.size),
        }

    def apply(self, answers: dict) -> None:
        self.criterion.value = answers.get("criterion", next(iter(self.start)))
        self.weight.value = answers.get("weight", self.start[self.criterion.value])

    def defaults(self) -> dict:
        first = next(iter(self.start))
        return {"criterion": first, "weight": self.start[first]}

    def result(self) -> list[object]:
        names, labels = self.model.option_labels, self.model.criterion_labels
        c = self.criterion.value
        moved = self.weight.value - self.start[c]
        try:
            verdict = verdict_html(self.model, self.model.policies, self.tried())
        except WeightError as error:
            return [note(str(error), "warn")]
        line = f"{labels[c]}: {self.start[c]} → {self.weight.value} ({moved:+d}); every other weight as in our reading of the author's."
        if self.target_leads():
            message = note(f"{names[PUZZLE_TARGET]} leads with one change of {moved:+d}. Is it the smallest possible? Check with the button below.", "ok")
        else:
            lead = winner(self.model.policies, self.tried())
            message = note(f"Not yet: {names[lead] if lead else 'a tie'} leads. Keep moving, or try another weight.", "info")
        return [HTML(f"<p>{escape(line)}</p>" + verdict), message]

    def comparison(self) -> list[object]:
        names, labels = self.model.option_labels, self.model.criterion_labels
        rows = []
        for c in self.model.policies.columns:
            change = change_to_lead(self.model.policies, self.start, c, PUZZLE_TARGET)
            rows.append(
                {
                    "Weight": labels[c],
                    "The author's value": self.start[c],
                    f"Smallest value at which {names[PUZZLE_TARGET]} leads": change.to if change else "no value from 0 to 100 does it",
                    "Change": f"{change.to - change.current:+d}" if change else "—",
                    "Exact switching value": f"{float(change.tie):.2f}" if change else "—",
                }
            )
        best = self.answer()
        mine = abs(self.weight.value - self.start[self.criterion.value])
        if not self.target_leads():
            verdict = "Your current change does not yet put confrontation ahead."
        elif mine == best.size:
            verdict = "Your change is the smallest possible."
        else:
            shorter = mine - best.size
            verdict = f"Your change works; the smallest one is {shorter} step{'s' if shorter > 1 else ''} shorter."
        return [
            note(f"The exact answer: {describe_change(best, labels, names)} — a change of {best.to - best.current:+d}. {verdict}"
                 if best else "No single weight can make confrontation lead.", "info"),
            table(pd.DataFrame(rows), "For each weight on its own: what it takes to make confrontation lead"),
        ]

    def handout(self) -> list[object]:
        sheet = pd.DataFrame(
            {
                "Weight": [self.model.criterion_labels[c] for c in self.start],
                "The author's value": list(self.start.values()),
                "New value that makes confrontation lead (or 'none')": "",
                "Change": "",
            }
        )
        return [table(sheet, "Puzzle worksheet: change one weight at a time")]

    def body(self) -> widgets.Widget:
        return widgets.VBox([self.criterion, self.weight])  # stacked: beside the menu the slider's track would be too short to hit


class DecoyExercise(Exercise):
    """Switch between anchored and min–max scores and add a decoy nobody would choose: under min–max
    two real options swap places."""

    name = "decoy"
    compare_label = "Explain what happened"
    waiting = "Try both kinds of score, with and without the decoy."

    def __init__(self, weigh: WeighExercise | None = None):
        self.weigh = weigh
        super().__init__()

    def build(self) -> None:
        self.model = load_model()
        self.scaling = labelled(
            widgets.ToggleButtons(options=[("Anchored 0–100", "anchored"), ("Min–max against the options present", "min-max")], value="anchored"),
            "Scores",
        )
        self.scaling.style.button_width = "auto"
        self.with_decoy = widgets.Checkbox(value=False, description=f"Add the decoy: {self.model.option_labels[self.model.decoy]}", indent=False)
        self.explanation = why_box("What did the decoy do to the ranking, and why? One or two sentences.")

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {"scaling": self.scaling, "decoy": self.with_decoy}

    def answers(self) -> dict:
        return {"explanation": self.explanation.value}

    def apply(self, answers: dict) -> None:
        self.explanation.value = answers.get("explanation", "")

    def defaults(self) -> dict:
        return {"explanation": ""}

    def scored(self) -> tuple[pd.DataFrame, str]:
        """The options on the table and how they are scored."""
        present = self.model.matrix if self.with_decoy.value else self.model.policies
        return (min_max(present) if self.scaling.value == "min-max" else present), self.scaling.value

    def result(self) -> list[object]:
        matrix, scaling = self.scored()
        raw = self.model.author
        ranks = rank_table(self.model.matrix, raw, self.model.decoy)
        swapped = reversed_pairs(ranks, scaling, self.model.decoy)
        names = self.model.option_labels
        items: list[object] = [HTML(verdict_html(self.model, matrix, raw))]
        if scaling == "min-max":
            items.append(note("Each criterion now runs from the worst option present (0) to the best one present (100).", "info"))
        if self.with_decoy.value and swapped:
            items.append(note(decoy_order_line(ranks, scaling, self.model.decoy, names), "warn"))
        elif self.with_decoy.value and scaling == "anchored":
            items.append(note("With anchored scores, adding an option cannot move the others: their scores do not depend on it.", "ok"))
        items.append(scores_chart(matrix, self.model.option_labels, raw))
        return items

    def comparison(self) -> list[object]:
        model, names, labels = self.model, self.model.option_labels, self.model.criterion_labels
        ranks = rank_table(model.matrix, model.author, model.decoy).assign(option=lambda f: f["option_id"].map(names))
        items: list[object] = [rank_reversal_chart(ranks, [names[o] for o in model.matrix.index])]
        for c in stretched(model.matrix, model.decoy):
            before, after = min_max(model.policies)[c], min_max(model.matrix)[c]
            moved = ", ".join(f"{names[o]} {before[o]:.0f} → {after[o]:.0f}" for o in model.policies.index if round(before[o]) != round(after[o]))
            items.append(note(
                f"The decoy scores {model.matrix.at[model.decoy, c]} on {labels[c]}, below every real option, so under min–max it becomes "
                f"that scale's new 0 and the real options are lifted: {moved}. Nothing about them changed, only the yardstick. "
                "Anchored scores measure every option against fixed, written-out ends, so adding or removing an option cannot move the others.",
                "info"))
        if self.weigh is not None:
            try:
                yours = reversed_pairs(rank_table(model.matrix, self.weigh.weights(), model.decoy), "min-max", model.decoy)
            except WeightError:
                yours = []
            items.append(note(
                ("With your own weights, min–max plus the decoy swaps " + "; ".join(f"{names[a]} and {names[b]}" for a, b in yours) + ".")
                if yours else "With your own weights this decoy happens not to swap any pair: a decoy has to be built for the weights, which is exactly the danger.",
                "info"))
        return items

    def handout(self) -> list[object]:
        names = self.model.option_labels
        ranks = rank_table(self.model.matrix, self.model.author, self.model.decoy).assign(option=lambda f: f["option_id"].map(names))
        sheet = pd.DataFrame({"Question": ["What did the decoy do to the ranking under min–max scores, and why not under anchored ones?"], "Your answer": [""]})
        return [rank_reversal_chart(ranks, [names[o] for o in self.model.matrix.index]), table(sheet, "Decoy worksheet")]

    def body(self) -> widgets.Widget:
        return widgets.VBox([self.scaling, self.with_decoy, self.explanation])
