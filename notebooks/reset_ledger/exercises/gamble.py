"""Notebook 05: chances for three futures, payoffs from your ledger, the reset weighed against confrontation."""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from reset_ledger.data import load
from reset_ledger.exercise import WIDE, Exercise, aligned, code_box, earlier_answers, labelled, note, show, why_box
from reset_ledger.gamble import (
    ADJUST_RANGE,
    POLICIES,
    POLICY_LABELS,
    SWITCH_FUTURE,
    adjusted,
    advantage,
    expected_values,
    futures_grid_chart,
    gamble_sandbox_chart,
    grid_line,
    hundred_futures,
    ledger_payoffs,
    normalise,
    payoff_frame,
    realisation,
    renormalise,
    scores_from_ledger,
    switch_line,
    switching_chance,
    switching_chart,
    tornado_chart,
    tornado_frame,
    verdict,
)
from reset_ledger.ledger import author_scores
from reset_ledger.rendering import handout_mode, table
from reset_ledger.responses import responses_folder

LEDGER_NOTEBOOK = "02-the-ledger"
DEFAULTS_NOTE = (
    "Defaults in use: the payoffs come from the article's own ledger as we read it in notebook 02, and the three "
    "futures start with equal chances. Type your pseudonym above and press 'Use my ledger from 02' to use yours."
)
LEDGER_NOTE = "Your payoffs come from the ledger you saved in notebook 02."



class GambleExercise(Exercise):
    """Three chance sliders that always add up to 100 %, payoffs from a ledger (changeable), expected values live."""

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
        self.realised = realisation(self.futures)
        self.start = {f: int(p) for f, p in zip(self.ids, self.futures["default_probability"])}
        self.author = ledger_payoffs(author_scores(self.items), self.realised)
        self.base = self.author
        self.source = "defaults"
        self.pseudonym = labelled(widgets.Text(placeholder="the pseudonym you used in 02"), "Pseudonym")
        self.code = code_box()
        self.use_ledger = widgets.Button(description="Use my ledger from 02", icon="folder-open", layout=WIDE)
        self.use_ledger.on_click(lambda _: self.load_ledger())
        self.source_status = widgets.HTML()
        self.chances = {
            f: aligned(widgets.IntSlider(value=self.start[f], min=0, max=100, continuous_update=False), f"{self.labels[f]} (%)")
            for f in self.ids
        }
        for future, slider in self.chances.items():
            # Registered before the toolkit's own observer, so the other sliders are rebalanced before the result refreshes.
            slider.observe(lambda change, future=future: self._rebalance(future, change["new"]), names="value")
        self.adjust = {
            (p, f): aligned(
                widgets.FloatSlider(value=0, min=ADJUST_RANGE[0], max=ADJUST_RANGE[1], step=0.5, readout_format="+.1f",
                                    continuous_update=False),
                f"{POLICY_LABELS[p]} · {self.labels[f]}: change by",
            )
            for p in POLICIES
            for f in self.ids
        }
        self.adjust_why = why_box("Why change these payoffs? What does your ledger leave out?")
        self.choice = labelled(widgets.ToggleButtons(options=[(POLICY_LABELS[p], p) for p in POLICIES], value=None), "Your choice")
        self.choice_why = why_box("Why? Is the expected value all that matters to you here?")
        self.tornado_out = widgets.Output()
        self.grid_out = widgets.Output()

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
        return controls | {"choice": self.choice}

    def ready(self) -> bool:
        return any(key.startswith("chance:") for key in self.touched)

    def current_chances(self) -> dict[str, int]:
        """The chances on the sliders now, in %."""
        return {f: s.value for f, s in self.chances.items()}

    def adjustments(self) -> dict[str, dict[str, float]]:
        """The student's changes to the ledger's payoffs."""
        return {p: {f: self.adjust[(p, f)].value for f in self.ids} for p in POLICIES}

    def payoffs(self) -> dict[str, dict[str, float]]:
        """The payoffs in use: the ledger's (or the defaults'), plus the student's changes."""
        return adjusted(self.base, self.adjustments())

    def answers(self) -> dict:
        chances, payoffs = self.current_chances(), self.payoffs()
        expected = {policy: round(value, 4) for policy, value in expected_values(chances, payoffs).items()}
        results: dict = {"payoffs": payoffs, "expected": expected}
        switch = switching_chance(chances, payoffs)
        if switch is not None:
            results["switching"] = {
                "future": switch.future, "probability": round(switch.chance, 2), "reset_wins_above": switch.reset_above,
            }
        answers = {
            "probabilities": chances,
            "payoff_source": self.source,
            "base_payoffs": {p: dict(values) for p, values in self.base.items()},
            "adjustments": self.adjustments(),
            "adjust_why": self.adjust_why.value,
            "choice_why": self.choice_why.value,
            "results": results,
        }
        if self.choice.value is not None:
            answers["choice"] = self.choice.value
        return answers

    def apply(self, answers: dict) -> None:
        chances = normalise({f: answers["probabilities"].get(f, 0) for f in self.ids})
        for future, slider in self.chances.items():
            slider.value = chances[future]
        self.source = answers["payoff_source"]
        self.base = {p: {f: float(answers["base_payoffs"][p][f]) for f in self.ids} for p in POLICIES}
        for (policy, future), slider in self.adjust.items():
            slider.value = answers["adjustments"][policy][future]
        self.adjust_why.value = answers["adjust_why"]
        self.choice.value = answers.get("choice")
        self.choice_why.value = answers["choice_why"]

    def defaults(self) -> dict:
        return {
            "probabilities": self.start,
            "payoff_source": "defaults",
            "base_payoffs": self.author,
            "adjustments": {p: {f: 0.0 for f in self.ids} for p in POLICIES},
            "adjust_why": "",
            "choice_why": "",
        }

    def load_ledger(self) -> bool:
        """Take the payoffs from the ledger this pseudonym saved in notebook 02; say what happened either way."""
        missing = f"No ledger saved as {self.pseudonym.value.strip()} in {self.folder} yet (notebook 02). The defaults stay in use."
        response = earlier_answers(LEDGER_NOTEBOOK, self.pseudonym.value, self.folder, self.source_status, missing, self.code)
        if response is None:
            return False
        self.base = ledger_payoffs(scores_from_ledger(response.answers["ledger"], self.items), self.realised)
        self.source = "ledger"
        self.source_status.value = note(
            f"Payoffs now come from the ledger you saved as {response.pseudonym} on {response.saved_at[:10]}.", "ok"
        ).data
        self.refresh()
        return True

    def result(self) -> list[object]:
        chances, payoffs = self.current_chances(), self.payoffs()
        return [
            note(DEFAULTS_NOTE if self.source == "defaults" else LEDGER_NOTE, "info"),
            HTML(
                f'<p class="reset-ledger-gamble"><strong>{escape(verdict(chances, payoffs))}</strong><br>'
                f"{escape(switch_line(switching_chance(chances, payoffs), chances, payoffs, self.labels))}</p>"
            ),
            table(payoff_frame(self.base, self.adjustments(), self.labels), "Payoffs (judgements, not measurements): what each policy is worth to the US in each future"),
            switching_chart(chances, payoffs, self.labels),
        ]

    def refresh(self) -> None:
        super().refresh()
        chances, payoffs = self.current_chances(), self.payoffs()
        show(self.tornado_out, [tornado_chart(tornado_frame(chances, payoffs, self.labels), advantage(chances, payoffs))])
        show(
            self.grid_out,
            [futures_grid_chart(hundred_futures(chances, payoffs, self.labels), self.ids),
             HTML(f"<p>{escape(grid_line(chances, payoffs, self.labels))}</p>")],
        )

    def comparison(self) -> list[object]:
        chances, author = self.current_chances(), self.author
        values = expected_values(chances, author)
        switch = switching_chance(chances, author)
        row = ", ".join(f"{author['reset'][f]:+g} ({self.labels[f]})" for f in self.ids)
        needed = (
            f"On that ledger the reset leads only if the chance of '{self.labels[SWITCH_FUTURE]}' is above {switch.chance:.1f} % "
            "(the other two futures keeping your proportions)."
            if switch is not None and switch.reset_above
            else "On that ledger no chance of partnership makes the reset lead."
        )
        gamble, confrontation = self.claims.loc["X2", "quote"], self.claims.loc["X1", "quote"]
        lead = advantage(chances, author)
        cost = (
            f"With your chances, confrontation would have to cost the US at least {-lead:.2f} in every future for the "
            "reset to lead on the article's own ledger."
            if lead < 0
            else "With your chances the reset already leads on the article's own ledger."
        )
        yours = self.payoffs()
        mine = expected_values(chances, yours)
        return [
            note(
                f"The article's own ledger (our reading, notebook 02) makes the reset worth {row}; confrontation is its zero "
                f"line. With your chances that gives the reset an expected value of {values['reset']:+.2f} against "
                f"{values['confrontation']:+.2f}. {needed}",
                "info",
            ),
            HTML(
                f"<blockquote>“{escape(str(gamble))}” <small>— Matthews, <em>Newsweek</em></small></blockquote>"
                "<p>The article still ends by calling the reset perhaps the best chance of making Russia a friend, and says "
                f"the alternative, “{escape(str(confrontation))}”, backfired. For that verdict to follow from its own "
                "ledger, either a partnership must look very likely, or confrontation must cost something the ledger "
                "leaves out.</p>"
            ),
            note(cost, "info"),
            note(
                f"Your numbers: the reset {mine['reset']:+.2f}, confrontation {mine['confrontation']:+.2f}. Neither you nor "
                "the author is 'right': what matters is that your chances and payoffs are stated and your choice follows "
                "from them, or you say why it does not.",
                "info",
            ),
        ]

    def body(self) -> widgets.Widget:
        source = widgets.VBox(
            [
                widgets.HTML("<p><strong>Where your payoffs come from</strong></p>"),
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
        return widgets.VBox([source, chances, changes])

    def tornado_view(self) -> object:
        """The tornado chart, following every change (at the defaults in a handout)."""
        if handout_mode():
            return tornado_chart(tornado_frame(self.start, self.author, self.labels), advantage(self.start, self.author))
        return self.tornado_out

    def futures_view(self) -> object:
        """The 100 futures, following every change (at the defaults in a handout)."""
        if handout_mode():
            return futures_grid_chart(hundred_futures(self.start, self.author, self.labels), self.ids)
        return self.grid_out

    def choice_view(self) -> object:
        """The student's own choice and reason (a worksheet row in a handout)."""
        if handout_mode():
            return table(
                pd.DataFrame({"Question": ["Would you keep the reset or confront Moscow?", "Why?"], "Your answer": ["", ""]}),
                "Worksheet: your choice",
            )
        return widgets.VBox([self.choice, self.choice_why])

    def handout(self) -> list[object]:
        sheet = pd.DataFrame(
            {
                "Future": [self.labels[f] for f in self.ids],
                "What it means": self.futures["description"].astype(str),
                "Your chance (%)": "",
                "Reset: the article's ledger": [f"{self.author['reset'][f]:+g}" for f in self.ids],
                "Reset: yours": "",
                "Confrontation: yours (the ledger's zero line is 0)": "",
                "Chance × reset": "",
                "Chance × confrontation": "",
            }
        )
        total = pd.DataFrame([{"Future": "Expected value: add up each column, then divide by 100"}])
        return [
            note(
                "In this handout the sliders under the chart recompute the chances and both expected values in your "
                "browser; no kernel is needed. Its payoffs are the article's own ledger; write your own in the worksheet.",
                "info",
            ),
            gamble_sandbox_chart(self.author, self.futures),
            table(pd.concat([sheet, total], ignore_index=True), "Worksheet: your gamble"),
        ]
