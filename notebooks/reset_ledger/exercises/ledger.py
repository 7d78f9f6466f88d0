"""Notebook 02: score every give, take, deal on the table and hope; catch the double count; compare with the author."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from reset_ledger.citations import cite
from reset_ledger.data import load
from reset_ledger.exercise import Exercise, card, labelled, note, why_box
from reset_ledger.ledger import (
    DISCOUNTS,
    SIDE_LABELS,
    VALUE_RANGE,
    Score,
    author_scores,
    balance,
    counted_once,
    default_scores,
    differences,
    double_count_feedback,
    double_counted,
    ledger_chart,
    ledger_frame,
    ledger_sandbox_chart,
    overlap_groups,
    side_totals,
    verdict_line,
)
from reset_ledger.rendering import table
from reset_ledger.schema import SIDES

CERTAINTY_OPTIONS = [("delivered", "delivered"), ("promised", "promised"), ("hoped for", "hoped-for")]


class LedgerExercise(Exercise):
    """Every ledger item gets a worth (−5 to +5), a certainty and a reason; the balance follows live."""

    name = "ledger"
    waiting = "Move every item's slider at least once (back to 0 is fine) to unlock the comparison."

    def build(self) -> None:
        self.items = load("ledger_items")
        self.claims = load("claims").set_index("claim_id")
        self.sources = load("sources")
        self.groups = overlap_groups(self.items)
        self.labels = dict(zip(self.items["item_id"], self.items["label"].astype(str)))
        defaults = default_scores(self.items)
        self.values: dict[str, widgets.IntSlider] = {}
        self.certainties: dict[str, widgets.ToggleButtons] = {}
        self.whys: dict[str, widgets.Textarea] = {}
        self.flags: dict[str, widgets.Checkbox] = {}
        for item in self.items.itertuples():
            self.values[item.item_id] = labelled(
                widgets.IntSlider(value=defaults[item.item_id].value, min=VALUE_RANGE[0], max=VALUE_RANGE[1], continuous_update=False),
                "Worth to the US (−5 to +5)",
            )
            self.certainties[item.item_id] = labelled(
                widgets.ToggleButtons(options=CERTAINTY_OPTIONS, value=defaults[item.item_id].certainty),
                "When the article appeared it was",
            )
            self.whys[item.item_id] = why_box()
            self.flags[item.item_id] = widgets.Checkbox(value=False, description=str(item.label), indent=False)

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        controls: dict[str, widgets.ValueWidget] = {}
        for item_id in self.values:
            controls[f"value:{item_id}"] = self.values[item_id]
            controls[f"certainty:{item_id}"] = self.certainties[item_id]
        for item_id, flag in self.flags.items():
            controls[f"flag:{item_id}"] = flag
        return controls

    def ready(self) -> bool:
        return {f"value:{item_id}" for item_id in self.values} <= self.touched

    def scores(self) -> dict[str, Score]:
        """The student's current scores."""
        return {i: Score(self.values[i].value, self.certainties[i].value) for i in self.values}

    def flagged(self) -> list[str]:
        """The items the student marked as counting the same benefit."""
        return [i for i, flag in self.flags.items() if flag.value]

    def answers(self) -> dict:
        return {
            "scores": {
                i: {"value": self.values[i].value, "certainty": self.certainties[i].value, "why": self.whys[i].value}
                for i in self.values
            },
            "double_count": self.flagged(),
        }

    def apply(self, answers: dict) -> None:
        for item_id, score in answers.get("scores", {}).items():
            self.values[item_id].value = score["value"]
            self.certainties[item_id].value = score["certainty"]
            self.whys[item_id].value = score["why"]
        chosen = set(answers.get("double_count", []))
        for item_id, flag in self.flags.items():
            flag.value = item_id in chosen

    def defaults(self) -> dict:
        return {
            "scores": {i: {"value": s.value, "certainty": s.certainty, "why": ""} for i, s in default_scores(self.items).items()},
            "double_count": [],
        }

    def result(self) -> list[object]:
        frame = ledger_frame(self.items, self.scores())
        totals = side_totals(frame)
        author = ledger_frame(self.items, author_scores(self.items)) if self.compared else None
        summary = " · ".join(f"{SIDE_LABELS[s]} {totals[s]:+.2f}" for s in SIDES)
        return [
            HTML(
                f'<p class="reset-ledger-balance"><strong>Balance: {balance(frame):+.2f}</strong> ({summary})<br>'
                f"{verdict_line(totals, balance(frame))}</p>"
            ),
            ledger_chart(frame, author),
        ]

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
                "The author": gaps["contribution_author"].map("{:+.2f}".format),
                "Why we read the author that way": gaps["author_rationale"].astype(str),
            }
        )
        once = ledger_frame(self.items, counted_once(self.groups, scores))
        feedback = [double_count_feedback(g, scores, self.flagged(), self.labels) for g in self.groups]
        items = [
            note(
                f"The article implies a balance of {balance(author):+.2f}; yours is {balance(yours):+.2f}. "
                "Neither is 'right': the table shows where you and the author weigh things differently.",
                "info",
            ),
            table(shown, "Your reading and the author's, item by item (contribution = worth × certainty)"),
        ]
        for f in feedback:
            items.append(note(f.message, "ok" if f.kind in ("caught", "avoided") else "warn"))
        if double_counted(self.groups, scores):
            items.append(note(f"Counting each overlapping benefit once, your balance would be {balance(once):+.2f}.", "info"))
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
                "Counted twice? (tick)": "",
                "Why?": "",
            }
        )
        return [
            note("In this handout the sliders under the chart recompute the balance in your browser; no kernel is needed.", "info"),
            ledger_sandbox_chart(self.items),
            table(sheet, "Worksheet: score every item of the ledger"),
        ]

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
                            widgets.HBox([self.values[item.item_id], self.certainties[item.item_id]]),
                            self.whys[item.item_id],
                        ],
                        layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="0 0 8px 0"),
                    )
                )
            tabs.append(widgets.VBox(cards))
        counts = self.items["side"].value_counts()
        sides = widgets.Tab(children=tabs, titles=[f"{SIDE_LABELS[s]} ({counts.get(s, 0)})" for s in SIDES])
        spot = widgets.VBox(
            [
                widgets.HTML(
                    "<p><strong>Spot the double count.</strong> Tick every item that rewards the US for the same "
                    "thing as another item (leave all unticked if you see none).</p>"
                ),
                widgets.GridBox(list(self.flags.values()), layout=widgets.Layout(grid_template_columns="repeat(2, 1fr)")),
            ]
        )
        discounts = ", ".join(f"{k} × {v:g}" for k, v in DISCOUNTS.items())
        return widgets.VBox(
            [sides, widgets.HTML(f"<p><small>Certainty discounts: {discounts}.</small></p>"), spot]
        )
