"""Notebook 00: six forecasts as of June 2010 and a first opinion, locked once saved (revealed in 06)."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd

from reset_ledger.article import article_record
from reset_ledger.citations import display_date
from reset_ledger.data import load
from reset_ledger.exercise import Exercise, labelled, why_box
from reset_ledger.rendering import table

CONFIDENCE = (50, 100)
PRIOR_LABEL = "Was the reset a good deal for the US? (0 = a very bad deal, 50 = even, 100 = a very good deal)"
LOCKED = ("Your bets are saved and locked: a forecast counts only if it was made before you knew more, so they cannot "
          "change now that you may have read the article. Notebook 06 compares them with what happened.")


class BetsExercise(Exercise):
    """A yes/no answer and a confidence for each forecast, plus a 0–100 prior; no comparison until notebook 06."""

    name = "bets"
    has_comparison = False
    waiting = "Answer all six forecasts: your bets are locked once saved."

    def build(self) -> None:
        self.forecasts = load("forecasts")
        self.answers_: dict[str, widgets.ToggleButtons] = {}
        self.confidence: dict[str, widgets.IntSlider] = {}
        for f in self.forecasts.itertuples():
            self.answers_[f.forecast_id] = labelled(widgets.ToggleButtons(options=["yes", "no"], value=None), "Your answer")
            self.confidence[f.forecast_id] = labelled(
                widgets.IntSlider(value=CONFIDENCE[0], min=CONFIDENCE[0], max=CONFIDENCE[1], step=5, continuous_update=False),
                "How sure (%)",
            )
        self.prior = labelled(widgets.IntSlider(value=50, min=0, max=100, continuous_update=False), "Good deal (0–100)")
        self.prior_why = why_box("Why? What do you already know or assume about the reset?")
        self.locked_note = widgets.HTML()
        self.locked_answer = {f: widgets.HTML() for f in self.answers_}

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        controls: dict[str, widgets.ValueWidget] = {f"answer:{k}": w for k, w in self.answers_.items()}
        controls |= {f"confidence:{k}": w for k, w in self.confidence.items()}
        return controls | {"prior": self.prior}

    def ready(self) -> bool:
        return all(w.value is not None for w in self.answers_.values())

    def answers(self) -> dict:
        return {
            "forecasts": {
                k: {"answer": w.value, "confidence": self.confidence[k].value}
                for k, w in self.answers_.items()
                if w.value is not None
            },
            "prior": self.prior.value,
            "prior_why": self.prior_why.value,
        }

    def apply(self, answers: dict) -> None:
        for key, widget in self.answers_.items():
            saved = answers.get("forecasts", {}).get(key)
            widget.value = saved["answer"] if saved else None
            self.confidence[key].value = saved["confidence"] if saved else CONFIDENCE[0]
        self.prior.value = answers.get("prior", 50)
        self.prior_why.value = answers.get("prior_why", "")

    def defaults(self) -> dict:
        return {"forecasts": {}, "prior": 50, "prior_why": ""}

    def result(self) -> list[object]:
        answered = sum(w.value is not None for w in self.answers_.values())
        return [widgets.HTML(f"<p>{answered} of {len(self.answers_)} forecasts answered.</p>")]

    def lock(self) -> None:
        """Freeze the bets and say so in words: which answer each one holds, and why it cannot change."""
        super().lock()
        self.prior_why.disabled = True
        self.locked_note.value = f'<p class="reset-ledger-note info"><span aria-hidden="true">ℹ</span> <strong>{escape(LOCKED)}</strong></p>'
        for key, line in self.locked_answer.items():
            answer = self.answers_[key].value
            line.value = (f"<p><strong>Locked:</strong> your answer is <strong>{escape(str(answer or 'none'))}</strong>, "
                          f"{self.confidence[key].value} % sure.</p>")

    def body(self) -> widgets.Widget:
        rows = []
        for number, f in enumerate(self.forecasts.itertuples(), start=1):
            rows.append(
                widgets.VBox(
                    [
                        widgets.HTML(f"<p><strong>{number}. {escape(str(f.question))}</strong></p>"),
                        # One above the other: beside the yes/no the slider's track would be too short to hit.
                        self.answers_[f.forecast_id],
                        self.confidence[f.forecast_id],
                        self.locked_answer[f.forecast_id],
                    ],
                    layout=widgets.Layout(margin="0 0 6px 0"),
                )
            )
        prior = widgets.VBox([widgets.HTML(f"<p><strong>{escape(PRIOR_LABEL)}</strong></p>"), self.prior, self.prior_why])
        return widgets.VBox([self.locked_note, *rows, prior])

    def handout(self) -> list[object]:
        sheet = pd.DataFrame(
            {
                "Question": self.forecasts["question"].astype(str),
                "Yes or no": "",
                "How sure (50–100 %)": "",
            }
        )
        prior = pd.DataFrame({"Question": [PRIOR_LABEL], "Yes or no": ["—"], "How sure (50–100 %)": ["0–100: ____"]})
        when = display_date(article_record()["published"], "month")
        return [table(pd.concat([sheet, prior], ignore_index=True), f"Worksheet: your bets as of {when}")]
