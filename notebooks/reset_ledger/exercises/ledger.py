"""Notebook 02: score every give, take, deal on the table and hope; group items that may count the same thing;
compare with our reading of the author."""

from __future__ import annotations

from html import escape

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from reset_ledger.citations import cite
from reset_ledger.data import load
from reset_ledger.exercise import Exercise, card, labelled, note, why_box
from reset_ledger.ledger import (
    DISCOUNTS,
    OVERLAP_MARKS,
    SIDE_LABELS,
    VALUE_RANGE,
    Score,
    author_ledger,
    author_scores,
    balance,
    counted_once,
    default_scores,
    differences,
    double_counted,
    ledger_chart,
    ledger_controls,
    ledger_frame,
    ledger_sandbox_chart,
    marked_groups,
    overlap_feedback,
    overlap_groups,
    side_totals,
    verdict_line,
)
from reset_ledger.live import Bound
from reset_ledger.rendering import chart_on_screen, table
from reset_ledger.schema import SIDES

CERTAINTY_OPTIONS = [("delivered", "delivered"), ("promised", "promised"), ("hoped for", "hoped-for")]
OVERLAP_OPTIONS = [("no group", "")] + [(f"group {m}", m) for m in OVERLAP_MARKS]
KEEP_ZERO = "Keep 0"


class LedgerExercise(Exercise):
    """Every ledger item gets a worth (−5 to +5), a certainty and a reason; the balance follows live."""

    name = "ledger"

    def build(self) -> None:
        self.items = load("ledger_items")
        self.claims = load("claims").set_index("claim_id")
        self.sources = load("sources")
        self.ours = overlap_groups(self.items)
        self.labels = dict(zip(self.items["item_id"], self.items["label"].astype(str)))
        self.gives = set(self.items.loc[self.items["side"] == "give", "item_id"])
        defaults = default_scores(self.items)
        self.values: dict[str, widgets.IntSlider] = {}
        self.keep: dict[str, widgets.Checkbox] = {}
        self.certainties: dict[str, widgets.ToggleButtons] = {}
        self.whys: dict[str, widgets.Textarea] = {}
        self.marks: dict[str, widgets.Dropdown] = {}
        self.charts: dict[bool, alt.LayerChart] = {}
        for item in self.items.itertuples():
            value = labelled(
                widgets.IntSlider(value=defaults[item.item_id].value, min=VALUE_RANGE[0], max=VALUE_RANGE[1], continuous_update=False),
                "Worth to the US (−5 to +5)",
            )
            # As wide as its words, not a widget's default 300 px: beside the slider it would squeeze the track.
            keep = widgets.Checkbox(value=False, description=KEEP_ZERO, indent=False, layout=widgets.Layout(width="auto"))
            keep.observe(lambda change, value=value: self._kept(change["new"], value), names="value")
            value.observe(lambda change, keep=keep: self._moved(change["new"], keep), names="value")
            self.values[item.item_id], self.keep[item.item_id] = value, keep
            self.certainties[item.item_id] = labelled(
                widgets.ToggleButtons(options=CERTAINTY_OPTIONS, value=defaults[item.item_id].certainty),
                "When the article appeared it was",
            )
            self.whys[item.item_id] = why_box()
            mark = labelled(widgets.Dropdown(options=OVERLAP_OPTIONS, value=""), str(item.label))
            mark.layout, mark.style.description_width = widgets.Layout(width="560px"), "420px"  # whole labels, aligned menus
            self.marks[item.item_id] = mark

    @staticmethod
    def _kept(ticked: bool, value: widgets.IntSlider) -> None:
        """Ticking 'keep 0' sets the worth to 0 (registered before the toolkit's observer, so one refresh sees both)."""
        if ticked:
            value.value = 0

    @staticmethod
    def _moved(worth: int, keep: widgets.Checkbox) -> None:
        """Moving the worth away from 0 clears the 'keep 0' tick."""
        if worth:
            keep.value = False

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        controls: dict[str, widgets.ValueWidget] = {}
        for item_id in self.values:
            controls[f"value:{item_id}"] = self.values[item_id]
            controls[f"keep:{item_id}"] = self.keep[item_id]
            controls[f"certainty:{item_id}"] = self.certainties[item_id]
        for item_id, mark in self.marks.items():
            controls[f"overlap:{item_id}"] = mark
        return controls

    def unscored(self) -> list[str]:
        """The items whose worth the student has neither moved nor confirmed at 0, in the data's order."""
        return [i for i in self.values if f"value:{i}" not in self.touched and not self.keep[i].value]

    def ready(self) -> bool:
        return not self.unscored()

    def unfinished(self) -> list[str]:
        missing, empty = self.unscored(), [i for i, why in self.whys.items() if not why.value.strip()]
        return ([f"{len(missing)} item{'s' if len(missing) > 1 else ''} not scored ({'; '.join(self.labels[i] for i in missing)})"]
                if missing else []) + ([f"{len(empty)} of {len(self.whys)} reasons empty"] if empty else [])

    @property
    def waiting(self) -> str:
        """Why the comparison is locked, naming every item still to score."""
        missing = self.unscored()
        listed = f"all {len(missing)} items" if len(missing) == len(self.values) else "; ".join(self.labels[i] for i in missing)
        return f"Score every item to unlock the comparison (move its slider, or tick '{KEEP_ZERO}'). Still to score: {listed}."

    def hint(self, ready: bool) -> str:
        """Every item by name, ticked once scored: a list that shortened as items were scored would move everything
        below it on each step."""
        missing = set(self.unscored())
        head = super().hint(ready) if ready else (f"<em>{len(self.values) - len(missing)} of {len(self.values)} scored; score all to "
                                                  f"unlock the comparison (○: move its slider or tick '{KEEP_ZERO}').</em>")
        items = " · ".join(f'<span><span class="reset-ledger-mark">{"○" if i in missing else "✓"}</span>{escape(self.labels[i])}</span>'
                           for i in self.values)
        return f"{head}<br>{items}"

    def scores(self) -> dict[str, Score]:
        """The student's current scores."""
        return {i: Score(self.values[i].value, self.certainties[i].value) for i in self.values}

    def overlaps(self) -> dict[str, str]:
        """The group letter the student gave each item they think may count the same thing as another."""
        return {i: mark.value for i, mark in self.marks.items() if mark.value}

    def answers(self) -> dict:
        return {
            "scores": {
                i: {"value": self.values[i].value, "certainty": self.certainties[i].value, "why": self.whys[i].value}
                for i in self.values
            },
            "overlaps": self.overlaps(),
        }

    def apply(self, answers: dict) -> None:
        for item_id, score in answers.get("scores", {}).items():
            self.values[item_id].value = score["value"]
            self.certainties[item_id].value = score["certainty"]
            self.whys[item_id].value = score["why"]
        for keep in self.keep.values():
            keep.value = False
        marks = answers.get("overlaps", {})
        for item_id, mark in self.marks.items():
            mark.value = marks.get(item_id, "")

    def defaults(self) -> dict:
        return {
            "scores": {i: {"value": s.value, "certainty": s.certainty, "why": ""} for i, s in default_scores(self.items).items()},
            "overlaps": {},
        }

    def result(self) -> list[object]:
        frame = ledger_frame(self.items, self.scores())
        totals = side_totals(frame)
        summary = " · ".join(f"{SIDE_LABELS[s]} {totals[s]:+.2f}" for s in SIDES)
        return [
            HTML(
                f'<p class="reset-ledger-balance"><strong>Balance: {balance(frame):+.2f}</strong> ({summary})<br>'
                f"{verdict_line(totals, balance(frame), len(self.unscored()))}</p>"
            ),
            self.chart(),
        ]

    def chart(self) -> Bound:
        """The ledger chart, built once with and once without the author's ticks: its numbers follow the controls
        in the page, so a step needs no new chart."""
        if self.compared not in self.charts:
            author = ledger_frame(self.items, author_scores(self.items)) if self.compared else None
            self.charts[self.compared] = ledger_chart(ledger_frame(self.items, self.scores()), author)
        return Bound(self.charts[self.compared], ledger_controls(self.values, self.certainties))

    def comparison(self) -> list[object]:
        scores = self.scores()
        yours = ledger_frame(self.items, scores)
        author = ledger_frame(self.items, author_scores(self.items))
        gaps = differences(yours, author).merge(self.items[["item_id", "author_rationale"]], on="item_id")
        shown = pd.DataFrame(
            {
                "Item": gaps["label"],
                "Side": gaps["side_label"],
                "You": gaps["contribution_yours"].map("{:+.2f}".format),
                "The author (our reading)": gaps["contribution_author"].map("{:+.2f}".format),
                "Why we read the author that way": gaps["author_rationale"].astype(str),
            }
        )
        theirs = marked_groups(self.overlaps())
        once = ledger_frame(self.items, counted_once(theirs, scores))
        ours_once = ledger_frame(self.items, author_ledger(self.items))
        items = [
            note(
                f"Our reading of the article implies a balance of {balance(author):+.2f} ({balance(ours_once):+.2f} with our "
                f"overlap groups counted once, as notebooks 05 and 07 use it); yours is {balance(yours):+.2f}. "
                "Neither is 'right': the table shows where you and our reading of the author weigh things differently.",
                "info",
            ),
            table(shown, "Your reading and our reading of the author, item by item (contribution = worth × certainty)"),
        ]
        items += [note(f.message, "info") for f in overlap_feedback(self.ours, theirs, scores, self.labels, self.gives)]
        if double_counted(theirs, scores):
            items.append(note(f"Counting each of your groups once (its largest gain and its largest cost), your balance would be "
                              f"{balance(once):+.2f}. Notebooks 05 and 07 use your groups this way.", "info"))
        return items

    def handout(self) -> list[object]:
        claims = self.claims
        sheet = pd.DataFrame(
            {
                "Side": [SIDE_LABELS[str(s)] for s in self.items["side"]],
                "Item": self.items["label"].astype(str),
                "The article's words": [f"“{claims.loc[c, 'quote']}”" for c in self.items["claim_id"]],
                "Worth (−5 to +5)": "",
                "Certainty (delivered / promised / hoped for)": "",
                f"Overlap group ({', '.join(OVERLAP_MARKS)} or blank)": "",
                "Why?": "",
            }
        )
        discounts = ", ".join(f"{c.replace('-', ' ')} × {d:g}" for c, d in DISCOUNTS.items())
        balance_row = {"Side": "Balance", "Item": f"worth × certainty ({discounts}), added up over every item"}
        return [
            table(self.facts(), "The items: what happened, how certain it was when the article appeared, and the sources"),
            note("On screen, the sliders under the chart recompute the balance, each side's total and the verdict in your "
                 "browser, with each item's certainty from the table above.", "info", screen_only=True),
            chart_on_screen(ledger_sandbox_chart(self.items),
                            "On paper, score every item in the worksheet below: your balance is each item's worth times its "
                            f"certainty ({discounts}), added up. Below 0, the US gave more than it got."),
            table(pd.concat([sheet, pd.DataFrame([balance_row])], ignore_index=True).fillna(""),
                  "Worksheet: score every item of the ledger"),
        ]

    def facts(self) -> pd.DataFrame:
        """Each item's context, certainty and sources: what a student scoring on paper needs to check the balance by hand."""
        items = self.items
        return pd.DataFrame(
            {
                "Item": [f"{label} ({SIDE_LABELS[str(side)].lower()})" for label, side in zip(items["label"], items["side"])],
                "What happened (in our words)": items["context"].astype(str),
                "Certainty then (counts ×)": [f"{c} (× {DISCOUNTS[str(c)]:g})" for c in items["certainty"]],
                "Sources": [cite(ids, self.sources) for ids in items["source_ids"]],
            }
        )

    def body(self) -> widgets.Widget:
        tabs = []
        for side in SIDES:
            cards = []
            for item in self.items[self.items["side"] == side].itertuples():
                claim = self.claims.loc[item.claim_id]
                cards.append(
                    widgets.VBox(
                        [
                            card(str(item.label), SIDE_LABELS[side], str(claim["quote"]), str(item.context),
                                 cite(item.source_ids, self.sources).splitlines()),
                            widgets.HBox([self.values[item.item_id], self.keep[item.item_id]]),
                            self.certainties[item.item_id],
                            self.whys[item.item_id],
                        ],
                        layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="0 0 8px 0"),
                    )
                )
            tabs.append(widgets.VBox(cards))
        counts = self.items["side"].value_counts()
        sides = widgets.Tab(children=tabs, titles=[f"{SIDE_LABELS[s]} ({counts.get(s, 0)})" for s in SIDES])
        discounts = ", ".join(f"{k} × {v:g}" for k, v in DISCOUNTS.items())
        return widgets.VBox([sides, widgets.HTML(f"<p><small>Certainty discounts: {discounts}.</small></p>")])

    def overlap_box(self) -> widgets.Widget:
        """The overlap menus: items a student thinks count the same thing twice share a group letter."""
        return widgets.VBox(
            [
                widgets.HTML(
                    "<p><strong>Could any items count the same thing twice?</strong> Could two gains reward the US for "
                    "the same thing, or two gives cost it the same? Give them the same group letter, and say why in your "
                    "reasons.</p>"
                ),
                widgets.VBox(list(self.marks.values())),
            ]
        )

    def widget(self) -> widgets.Widget:
        """The balance and chart straight under the cards, the overlap groups after them: the sliders' result is
        one scroll closer (fourteen menus stood between them)."""
        return widgets.VBox([self.body(), self.result_out, self.overlap_box(), widgets.HBox([self.compare_button, self.reset_button]),
                             self.compare_hint, self.compare_out])
