"""Notebook 05: chances for three futures, the reset's payoffs from a ledger and confrontation's from its own defaults,
weighed two ways: was the reset worth making, and was it worth continuing once what was delivered was sunk."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from reset_ledger.data import load
from reset_ledger.exercise import WIDE, Exercise, code_box, earlier_answers, labelled, note, show, why_box
from reset_ledger.live import Bound, Live
from reset_ledger.gamble import (
    ADJUST_RANGE,
    CHOICE_LABELS,
    FRAMING_LABELS,
    FRAMING_NOTES,
    FRAMINGS,
    POLICIES,
    POLICY_LABELS,
    adjusted,
    chance_params,
    confrontation_line,
    expected_values,
    framed_payoffs,
    futures_grid_chart,
    futures_page_chart,
    gamble_controls,
    gamble_params,
    gamble_sandbox_chart,
    grid_line,
    normalise,
    ongoing_items,
    overlaps_from_ledger,
    payoff_frame,
    questions_frame,
    realisation,
    renormalise,
    scores_from_ledger,
    switch_line,
    switching_chance,
    switching_chart,
    tornado_chart,
    tornado_page_chart,
    verdict,
)
from reset_ledger.ledger import author_scores, overlap_groups
from reset_ledger.rendering import handout_mode, table
from reset_ledger.responses import responses_folder

LEDGER_NOTEBOOK = "02-the-ledger"
DEFAULTS_NOTE = (
    "Defaults in use: the reset's payoffs are the article's case, as we read its ledger (notebook 02, overlap groups counted "
    "once), so what follows shows where the article's own numbers lead, not the answer. Confrontation's payoffs are its "
    "own defaults (the table above); the three futures start with equal chances. Your ledger may point the other way: type "
    "your pseudonym above and press 'Use my ledger from 02' to use yours."
)
LEDGER_NOTE = "The reset's payoffs come from the ledger you saved in notebook 02; confrontation's from its own defaults (the table above)."
ORIGINS = {"defaults": "our reading of the article (02)", "ledger": "your ledger (02)"}
CONFRONTATION_ORIGIN = "confrontation's defaults (table above)"


def groups_line(groups: list[frozenset[str]], labels: dict[str, str]) -> str:
    """What the student's double-count choice from 02 does to the payoffs, in words."""
    if not groups:
        return "You grouped no items as overlapping in 02, so every item counts."
    listed = " | ".join("; ".join(labels[i] for i in labels if i in group) for group in groups)
    return (f"As you chose in 02, each group of items you marked as counting the same thing counts once (its largest gain "
            f"and its largest cost): {listed}.")


class GambleExercise(Exercise):
    """Three chance sliders that always add up to 100 %, payoffs for both questions (changeable), expected values live."""

    name = "gamble"
    waiting = "Move at least one of the three chance sliders to unlock the comparison."

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder else responses_folder()
        super().__init__()

    def build(self) -> None:
        self.futures = load("futures")
        self.items = load("ledger_items")
        self.claims = load("claims").set_index("claim_id")
        self.ids = list(self.futures["future_id"])
        self.labels = dict(zip(self.ids, self.futures["label"].astype(str)))
        self.item_labels = dict(zip(self.items["item_id"], self.items["label"].astype(str)))
        self.realised = realisation(self.futures)
        self.confrontation = confrontation_line(load("confrontation"), self.ids)
        self.start = {f: int(p) for f, p in zip(self.ids, self.futures["default_probability"])}
        self.ongoing = ongoing_items(self.items)
        self.author = framed_payoffs(author_scores(self.items), self.realised, self.confrontation, self.ongoing,
                                     overlap_groups(self.items))
        self.base = self.author
        self.source = "defaults"
        self.pseudonym = labelled(widgets.Text(placeholder="the pseudonym you used in 02"), "Pseudonym")
        self.code = code_box()
        self.use_ledger = widgets.Button(description="Use my ledger from 02", icon="folder-open", layout=WIDE)
        self.use_ledger.on_click(lambda _: self.load_ledger())
        self.source_status = widgets.HTML()
        self.framing = labelled(widgets.ToggleButtons(options=[(FRAMING_LABELS[q], q) for q in FRAMINGS], value=FRAMINGS[0]),
                                "Which question?")
        self.framing.style.button_width = "auto"  # the questions are long; show them whole
        self.chances = {
            f: labelled(widgets.IntSlider(value=self.start[f], min=0, max=100, continuous_update=False), f"{self.labels[f]} (%)")
            for f in self.ids
        }
        for future, slider in self.chances.items():
            # Registered before the toolkit's own observer, so the other sliders are rebalanced before the result refreshes.
            slider.observe(lambda change, future=future: self._rebalance(future, change["new"]), names="value")
        self.adjust = {
            (p, f): labelled(
                widgets.FloatSlider(value=0, min=ADJUST_RANGE[0], max=ADJUST_RANGE[1], step=0.5, readout_format="+.1f",
                                    continuous_update=False),
                f"{POLICY_LABELS[p]} · {self.labels[f]}: change by",
            )
            for p in POLICIES
            for f in self.ids
        }
        self.adjust_why = why_box("Why change these payoffs? What do the defaults leave out?")
        self.choice = labelled(widgets.ToggleButtons(options=[(CHOICE_LABELS[p], p) for p in POLICIES], value=None), "Your choice")
        self.choice_why = why_box("Why? Is the expected value all that matters to you here?")
        self.tornado_out = Live()
        self.charts: dict[tuple, alt.TopLevelMixin] = {}
        self.grid_out = Live()

    def _rebalance(self, moved: str, value: int) -> None:
        """Keep the three chances adding up to 100 % whichever slider moves, in whatever order."""
        if self._quiet:
            return
        balanced = renormalise(self.current_chances(), moved, value)
        self._quiet = True
        try:
            for future, slider in self.chances.items():
                if future != moved:
                    slider.value = balanced[future]
        finally:
            self._quiet = False

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        controls: dict[str, widgets.ValueWidget] = {f"chance:{f}": s for f, s in self.chances.items()}
        controls |= {f"adjust:{p}:{f}": s for (p, f), s in self.adjust.items()}
        return controls | {"framing": self.framing, "choice": self.choice}

    def ready(self) -> bool:
        return any(key.startswith("chance:") for key in self.touched)

    def current_chances(self) -> dict[str, int]:
        """The chances on the sliders now, in %."""
        return {f: s.value for f, s in self.chances.items()}

    def adjustments(self) -> dict[str, dict[str, float]]:
        """The student's changes to the payoffs (the same for both questions: what the defaults leave out is forward-looking)."""
        return {p: {f: self.adjust[(p, f)].value for f in self.ids} for p in POLICIES}

    def payoffs(self, framing: str | None = None) -> dict[str, dict[str, float]]:
        """The payoffs in use for a question (the one on screen by default), plus the student's changes."""
        return adjusted(self.base[framing or self.framing.value], self.adjustments())

    def results(self) -> dict:
        """For each question: the payoffs in use, the expected values, and the switching chance when there is one."""
        chances = self.current_chances()
        found = {}
        for framing in FRAMINGS:
            payoffs = self.payoffs(framing)
            found[framing] = {"payoffs": payoffs,
                              "expected": {p: round(v, 4) for p, v in expected_values(chances, payoffs).items()}}
            switch = switching_chance(chances, payoffs)
            if switch is not None:
                found[framing]["switching"] = {
                    "future": switch.future, "probability": round(switch.chance, 2), "reset_wins_above": switch.reset_above,
                }
        return found

    def answers(self) -> dict:
        answers = {
            "probabilities": self.current_chances(),
            "payoff_source": self.source,
            "framing": self.framing.value,
            "base_payoffs": {q: {p: dict(values) for p, values in self.base[q].items()} for q in FRAMINGS},
            "adjustments": self.adjustments(),
            "adjust_why": self.adjust_why.value,
            "choice_why": self.choice_why.value,
            "results": self.results(),
        }
        if self.choice.value is not None:
            answers["choice"] = self.choice.value
        return answers

    def apply(self, answers: dict) -> None:
        chances = normalise({f: answers["probabilities"].get(f, 0) for f in self.ids})
        for future, slider in self.chances.items():
            slider.value = chances[future]
        self.source = answers["payoff_source"]
        self.framing.value = answers["framing"]
        self.base = {q: {p: {f: float(answers["base_payoffs"][q][p][f]) for f in self.ids} for p in POLICIES} for q in FRAMINGS}
        for (policy, future), slider in self.adjust.items():
            slider.value = answers["adjustments"][policy][future]
        self.adjust_why.value = answers["adjust_why"]
        self.choice.value = answers.get("choice")
        self.choice_why.value = answers["choice_why"]

    def defaults(self) -> dict:
        return {
            "probabilities": self.start,
            "payoff_source": "defaults",
            "framing": FRAMINGS[0],
            "base_payoffs": self.author,
            "adjustments": {p: {f: 0.0 for f in self.ids} for p in POLICIES},
            "adjust_why": "",
            "choice_why": "",
        }

    def load_ledger(self) -> bool:
        """Take the reset's payoffs from the ledger this pseudonym saved in notebook 02, its overlap groups counted once;
        say what happened either way."""
        missing = f"No ledger saved as {self.pseudonym.value.strip()} in {self.folder} yet (notebook 02). The defaults stay in use."
        response = earlier_answers(LEDGER_NOTEBOOK, self.pseudonym.value, self.folder, self.source_status, missing, self.code)
        if response is None:
            return False
        ledger = response.answers["ledger"]
        self.base = framed_payoffs(scores_from_ledger(ledger, self.items), self.realised, self.confrontation, self.ongoing,
                                   overlaps_from_ledger(ledger))
        self.source = "ledger"
        self.source_status.value = note(
            f"The reset's payoffs now come from the ledger you saved as {response.pseudonym} on {response.saved_at[:10]}. "
            + groups_line(overlaps_from_ledger(ledger), self.item_labels), "ok"
        ).data
        self.refresh()
        return True

    def result(self) -> list[object]:
        chances, payoffs = self.current_chances(), self.payoffs()
        origins = {"reset": ORIGINS[self.source], "confrontation": CONFRONTATION_ORIGIN}
        return [
            note(DEFAULTS_NOTE if self.source == "defaults" else LEDGER_NOTE, "info"),
            table(questions_frame(chances, {q: self.payoffs(q) for q in FRAMINGS}, self.labels), "Both questions at your chances"),
            note(FRAMING_NOTES[self.framing.value] + self.sunk_line(), "info"),
            HTML(
                f'<p class="reset-ledger-gamble"><strong>{escape(verdict(chances, payoffs))}</strong><br>'
                f"{escape(switch_line(switching_chance(chances, payoffs), chances, payoffs, self.labels))}</p>"
            ),
            table(payoff_frame(self.base[self.framing.value], self.adjustments(), self.labels, origins),
                  "Payoffs (judgements, not measurements): what each policy is worth to the US in each future"),
            self.view(switching_chart),
        ]

    def view(self, chart: Callable[[list[str], dict[str, str], list], alt.TopLevelMixin]) -> Bound:
        """One of the page-computed charts, built once per set of base payoffs (the defaults or a loaded ledger): the
        chances, the changes to the payoffs and the question follow the controls in the page, which also keeps the
        chances adding up to 100 as the kernel's `renormalise` does, so a step is drawn once, before the kernel answers."""
        key = (chart, json.dumps(self.base, sort_keys=True))
        if key not in self.charts:
            params = gamble_params(self.current_chances(), self.base, self.adjustments(), self.framing.value)
            self.charts[key] = chart(self.ids, self.labels, params)
        return Bound(self.charts[key], gamble_controls(self.chances, self.adjust, self.framing), chance_params(self.ids))

    def sunk_line(self) -> str:
        """Under question 2, how much the sunk items were worth to the reset (they count the same in every future)."""
        if self.framing.value == FRAMINGS[0]:
            return ""
        gaps = {f: round(self.base[FRAMINGS[0]]["reset"][f] - self.base[self.framing.value]["reset"][f], 6) for f in self.ids}
        ongoing = "; ".join(label for item, label in self.item_labels.items() if item in self.ongoing)
        still = f" Still counted, as ongoing: {ongoing}." if ongoing else ""
        if len(set(gaps.values())) == 1:
            return f" On these payoffs the sunk items are worth {gaps[self.ids[0]]:+.2f} to the reset, in every future." + still
        each = [f"{gap:+.2f} ({self.labels[f]})" for f, gap in gaps.items()]
        return (f" On these payoffs the sunk items are worth to the reset {', '.join(each[:-1])} and {each[-1]}: where an "
                "overlapping item still counted is worth more, it takes a sunk one's place." + still)

    def refresh(self) -> None:
        super().refresh()
        chances, payoffs = self.current_chances(), self.payoffs()
        show(self.tornado_out, [self.view(tornado_chart)])
        show(self.grid_out, [self.view(futures_grid_chart), HTML(f"<p>{escape(grid_line(chances, payoffs, self.labels))}</p>")])

    def comparison(self) -> list[object]:
        chances = self.current_chances()
        lines = []
        for framing in FRAMINGS:
            values = expected_values(chances, self.author[framing])
            switch = switching_chance(chances, self.author[framing])
            lines.append(f"{FRAMING_LABELS[framing]}: the reset {values['reset']:+.2f}, confrontation {values['confrontation']:+.2f}. "
                          + switch_line(switch, chances, self.author[framing], self.labels))
        mine = {q: expected_values(chances, self.payoffs(q)) for q in FRAMINGS}
        thesis, hope = self.claims.loc["T1b", "quote"], self.claims.loc["X2", "quote"]
        return [
            note("Our reading of the article's ledger (notebook 02), with confrontation's defaults, at your chances. "
                 + " ".join(lines), "info"),
            HTML(
                f"<p>The article looks back when it sums up the reset as “{escape(str(thesis))}”: the gives it lists were "
                "already made when it was written. It looks forward when it ends: the reset is a gamble, it admits, but it "
                f"“{escape(str(hope))}” of winning Russia over as a friend. "
                "<small>— Matthews, <em>Newsweek</em></small></p>"
                "<p>Question 1 weighs the first end, question 2 the second. One way to read the article: both ends can hold at "
                "once, if the gives were a high price for what came back, yet, once paid, going on was still the better bet. "
                "Does that reading survive your numbers, or does one end fail?</p>"
            ),
            note(
                "Your numbers: "
                + " · ".join(f"question {n}: the reset {mine[q]['reset']:+.2f}, confrontation {mine[q]['confrontation']:+.2f}"
                             for n, q in enumerate(FRAMINGS, start=1))
                + ". Neither you nor our reading of the author is 'right': what matters is that your chances and payoffs are "
                "stated and your choice follows from them, or you say why it does not.",
                "info",
            ),
        ]

    def body(self) -> widgets.Widget:
        source = widgets.VBox(
            [
                widgets.HTML("<p><strong>Where the reset's payoffs come from</strong></p>"),
                widgets.HBox([self.pseudonym, self.code, self.use_ledger]),
                self.source_status,
            ]
        )
        chances = widgets.VBox(
            [widgets.HTML("<p><strong>How likely is each future?</strong> The three always add up to 100 %.</p>")]
            + list(self.chances.values())
        )
        changes = widgets.Accordion(
            children=[widgets.VBox(list(self.adjust.values()) + [self.adjust_why])],
            titles=("Change a payoff (optional)",),
        )
        return widgets.VBox([source, self.framing, chances, changes])

    def unfinished(self) -> list[str]:
        if self.choice.value is None:
            return ["your choice not made"]
        return [] if self.choice_why.value.strip() else ["no reason given for your choice"]

    def tornado_view(self) -> object:
        """The tornado chart, following every change (in a handout: recomputed in the page from the sandbox's
        sliders, with question 1's payoffs)."""
        if handout_mode():
            return tornado_page_chart(self.author[FRAMINGS[0]], self.futures)
        return self.tornado_out

    def futures_view(self) -> object:
        """The 100 futures, following every change (in a handout: recomputed in the page from the sandbox's sliders)."""
        if handout_mode():
            return futures_page_chart(self.author[FRAMINGS[0]], self.futures)
        return self.grid_out

    def choice_view(self) -> object:
        """The student's own choice and reason (a worksheet row in a handout)."""
        if handout_mode():
            return table(
                pd.DataFrame({"Question": ["When the article appeared, would you keep the reset or switch to confrontation?", "Why?"],
                              "Your answer": ["", ""]}),
                "Worksheet: your choice",
            )
        return widgets.VBox([self.choice, self.choice_why])

    def handout(self) -> list[object]:
        made, continued = self.author["made"], self.author["continued"]
        sheet = pd.DataFrame(
            {
                "Future": [self.labels[f] for f in self.ids],
                "Your chance (%)": "",
                "Reset, question 1 (our reading)": [f"{made['reset'][f]:+g}" for f in self.ids],
                "Reset, question 2 (our reading)": [f"{continued['reset'][f]:+g}" for f in self.ids],
                "Confrontation (our defaults)": [f"{made['confrontation'][f]:+g}" for f in self.ids],
                "Reset, question 1: yours": "",
                "Reset, question 2: yours": "",
                "Confrontation: yours": "",
            }
        )
        payoff_columns = [c for c in sheet.columns if c not in ("Future", "Your chance (%)")]
        totals = pd.DataFrame(
            [
                {"Future": "Check: your three chances add up to", "Your chance (%)": "100"} | dict.fromkeys(payoff_columns, "—"),
                {"Future": "Expected value of each payoff column: each payoff × your chance for its future, "
                           "the three added up, ÷ 100", "Your chance (%)": "—"},
            ]
        )
        return [
            note(
                "On screen, the sliders under the chart recompute the chances and the expected values in your browser. "
                "Its payoffs are our defaults; write your own in the worksheet.",
                "info",
            ),
            gamble_sandbox_chart(self.author, self.futures),
            table(pd.concat([sheet, totals], ignore_index=True).fillna(""), "Worksheet: your gamble, asked both ways"),
        ]
