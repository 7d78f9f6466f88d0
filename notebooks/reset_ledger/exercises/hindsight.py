"""Notebook 06: the decision judged as it looked then; the bets of notebook 00 revealed one by one (each after a
written prediction of the gap), scored against a coin toss and the class; what became of the ledger, sorted by the
student before our reading opens; the outcome judged apart from the decision; and an opinion now."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display
from pandas.io.formats.style import Styler

from reset_ledger.citations import cite, display_date
from reset_ledger.data import load
from reset_ledger.exercise import WIDE, Exercise, code_box, earlier_answers, labelled, note, show, why_box
from reset_ledger.live import Live
from reset_ledger.exercises.bets import CONFIDENCE, PRIOR_LABEL
from reset_ledger.hindsight import (
    MIN_GAP_WORDS,
    READING_LABELS,
    SIDE_HEADINGS,
    UNSURE,
    Bet,
    after_table,
    after_timeline,
    bets_from_answers,
    brier,
    brier_chart,
    class_folder,
    class_line,
    class_result,
    coin_toss,
    compare_line,
    decision_science,
    differences,
    gap_written,
    horizon,
    later_dates,
    outcomes,
    outcomes_frame,
    score_frame,
    sort_summary,
    working,
)
from reset_ledger.rendering import handout_mode, kept_on_screen, table
from reset_ledger.responses import ResponseError, load_folder, load_mine, responses_folder

BETS_NOTEBOOK = "00-start-here"
GAMBLE_NOTEBOOK = "05-the-gamble"
SOURCES = {
    BETS_NOTEBOOK: "from notebook 00 (locked before you read the article)",
    "hindsight": "made with hindsight, in this notebook",
    "none": "no bet: choose yes or no to make one (it will be marked as made with hindsight)",
}
GAP_PROMPT = "Before you look: do you think your bet came true? Why might it be off? What did you know, or not know, then?"


def _items(lines: str) -> str:
    """Lines of text as escaped HTML list items."""
    return "".join(f"<li>{escape(line)}</li>" for line in lines.splitlines())


class Together:
    """Several outputs shown by one cell: what a locked view shows in a handout, where no widget can."""

    def __init__(self, items: list[object]) -> None:
        self.items = items

    def _ipython_display_(self) -> None:
        for item in self.items:
            display(item)


class RevealExercise(Exercise):
    """Each forecast: the bet (from 00, or made now and marked so), a written prediction, then the reveal."""

    name = "hindsight"
    has_comparison = False
    waiting = "Write a short sentence in each box to open its reveal."

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder else responses_folder()
        super().__init__()

    def build(self) -> None:
        self.forecasts = load("forecasts")
        self.events = load("events").set_index("event_id")
        self.sources = load("sources")
        self.happened = outcomes(self.forecasts)
        self.ids = list(self.forecasts["forecast_id"])
        self.from_start = False
        self.revealed: set[str] = set()
        self.pseudonym = labelled(widgets.Text(placeholder="the pseudonym you used in 00"), "Pseudonym")
        self.code = code_box()
        self.fetch_button = widgets.Button(description="Fetch my bets from 00", icon="folder-open", layout=WIDE)
        self.fetch_button.on_click(lambda _: self.fetch())
        self.fetch_status = widgets.HTML()
        self.answer = {f: labelled(widgets.ToggleButtons(options=["yes", "no"], value=None), "Your bet") for f in self.ids}
        self.confidence = {
            f: labelled(widgets.IntSlider(value=CONFIDENCE[0], min=CONFIDENCE[0], max=CONFIDENCE[1], step=5, continuous_update=False),
                        "How sure (%)")
            for f in self.ids
        }
        self.tag = {f: widgets.HTML() for f in self.ids}
        self.gap = {
            f: widgets.Textarea(placeholder=GAP_PROMPT, description="Before you look", layout=widgets.Layout(width="100%", height="4.2em"),
                                style={"description_width": "initial"})
            for f in self.ids
        }
        self.reveal_button = {
            f: widgets.Button(description="Reveal what happened", icon="eye", disabled=True, layout=WIDE) for f in self.ids
        }
        for f, button in self.reveal_button.items():
            button.on_click(lambda _, f=f: self.reveal(f))
        self.reveal_hint = {f: widgets.HTML() for f in self.ids}
        self.reveal_out = {f: Live() for f in self.ids}
        self.score_out = Live()
        self.class_path = labelled(widgets.Text(value=class_folder(), placeholder="the folder your teacher gives you",
                                                layout=widgets.Layout(width="32em")), "Class folder")
        self.class_button = widgets.Button(description="Compare with the class", icon="users", layout=WIDE)
        self.class_button.on_click(lambda _: self.compare_with_class())
        self.class_out = Live()
        self.timeline_out = Live()
        self.later_shown = False
        self.listeners: list[Callable[[], None]] = []  # told after every change to the reveals (other exercises gate on them)

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        controls: dict[str, widgets.ValueWidget] = {f"answer:{f}": w for f, w in self.answer.items()}
        controls |= {f"confidence:{f}": w for f, w in self.confidence.items()}
        return controls | {f"gap:{f}": w for f, w in self.gap.items()}

    def bets(self) -> dict[str, Bet]:
        """The bets on the controls: every forecast answered yes or no."""
        return {f: Bet(w.value, self.confidence[f].value) for f, w in self.answer.items() if w.value is not None}

    def source(self) -> str:
        """Where the bets come from: notebook 00, this notebook (with hindsight), or nowhere yet."""
        if self.from_start:
            return BETS_NOTEBOOK
        return "hindsight" if self.bets() else "none"

    def score(self) -> float | None:
        """The Brier score, once every reveal is open (before that it would give answers away)."""
        return brier(self.bets(), self.happened) if self.all_open() else None

    def fetch(self) -> bool:
        """Fill and lock the bets this pseudonym saved in notebook 00; say what happened either way."""
        missing = (
            f"No bets saved as {self.pseudonym.value.strip()} in {self.folder} (notebook 00). You can still make "
            "them below: they will be marked as made with hindsight."
        )
        response = earlier_answers(BETS_NOTEBOOK, self.pseudonym.value, self.folder, self.fetch_status, missing, self.code)
        if response is None:
            return False
        bets = bets_from_answers(response.answers["bets"])
        self._quiet = True
        try:
            for f in self.ids:
                self.answer[f].value = bets[f].answer if f in bets else None
                self.confidence[f].value = bets[f].confidence if f in bets else CONFIDENCE[0]
        finally:
            self._quiet = False
        self.from_start = True
        locked = ", locked" if response.locked else ""
        self.fetch_status.value = note(
            f"Your bets from notebook 00, saved as {response.pseudonym} on {response.saved_at[:10]}{locked}.", "ok"
        ).data
        self.refresh()
        return True

    def reveal(self, forecast: str) -> None:
        """Open one reveal, once something is written; the bet and the prediction are fixed from then on."""
        if not gap_written(self.gap[forecast].value):
            return
        self.revealed.add(forecast)
        show(self.reveal_out[forecast], self.revelation(forecast))
        self.refresh()

    def revelation(self, forecast: str) -> list[object]:
        """What happened, when it was settled, the events behind it with their dates, the sources; and the bet's score."""
        row = self.forecasts.set_index("forecast_id").loc[forecast]
        events = "".join(
            f"<li>{escape(display_date(self.events.loc[e, 'date'], self.events.loc[e, 'precision']))}: "
            f"{escape(str(self.events.loc[e, 'title']))}</li>"
            for e in sorted(row["event_ids"], key=lambda e: self.events.loc[e, "date"])
        )
        items: list[object] = [
            HTML(
                f'<div class="reset-ledger-reveal"><p><strong>What happened: {escape(str(row["resolution"]))}</strong> '
                f"(settled on {escape(display_date(row['resolved_on']))}). {escape(str(row['explanation']))}</p>"
                f"<p>The events behind it:</p><ul>{events}</ul>"
                f"<details><summary>Sources</summary><ul>{_items(cite(row['source_ids'], self.sources))}</ul></details></div>"
            )
        ]
        bets = self.bets()
        if forecast in bets:
            items.append(note(working(bets[forecast], self.happened[forecast]), "info"))
        else:
            items.append(note("You made no bet on this one, so it is not scored.", "info"))
        return items

    def refresh(self) -> None:
        super().refresh()
        source = self.source()
        for f in self.ids:
            opened = f in self.revealed
            self.answer[f].disabled = self.confidence[f].disabled = self.from_start or opened
            self.gap[f].disabled = opened
            self.reveal_button[f].disabled = opened or not gap_written(self.gap[f].value)
            tag = SOURCES[source if f in self.bets() or source == BETS_NOTEBOOK else "none"]
            self.tag[f].value = f"<small>{escape(tag)}</small>"
            self.reveal_hint[f].value = (
                "" if opened or gap_written(self.gap[f].value) else f"<em>Write at least {MIN_GAP_WORDS} words to open the reveal.</em>"
            )
        show(self.score_out, self.score_items())
        self._show_later()
        for listener in self.listeners:
            listener()

    def all_open(self) -> bool:
        """Whether every reveal is open: what comes after the article may be shown from then on."""
        return self.revealed == set(self.ids)

    def wait_note(self) -> HTML:
        """Why something after the article is still closed."""
        return note(f"This opens once all {len(self.ids)} reveals above are open, so that it does not give the answers away.", "info")

    def _show_later(self) -> None:
        """What happened after the article gives the answers away: it opens with the last reveal."""
        if not self.all_open():
            show(self.timeline_out, [self.wait_note()])
            self.later_shown = False
        elif not self.later_shown:
            show(self.timeline_out, [after_timeline(), after_table()])
            self.later_shown = True

    def result(self) -> list[object]:
        return [HTML(f"<p>{len(self.revealed)} of {len(self.ids)} reveals open.</p>")]

    def score_items(self) -> list[object]:
        """The score section: locked until every reveal is open, then the Brier score beside a coin toss."""
        if not self.all_open():
            return [note(f"Open all {len(self.ids)} reveals to see your score ({len(self.revealed)} open so far).", "info")]
        bets = self.bets()
        if not bets:
            return [note("You made no bets, so there is nothing to score. Make some above next time, or fetch them from 00.", "info")]
        baseline = coin_toss(self.happened)
        items: list[object] = [
            HTML(f'<p class="reset-ledger-brier"><strong>{escape(compare_line(brier(bets, self.happened), baseline))}</strong></p>'),
            brier_chart(score_frame(bets, self.forecasts), baseline),
        ]
        if self.source() == "hindsight":
            items.append(note("Your bets were made with hindsight, so this score says little about forecasting and is not "
                              "compared with classmates' locked bets.", "warn"))
        if len(bets) < len(self.ids):
            items.append(note(f"Scored over the {len(bets)} forecasts you bet on.", "info"))
        return items

    def compare_with_class(self) -> None:
        """The class mean from a folder of saved answers (only for enough students), beside this student's score."""
        folder = Path(self.class_path.value.strip()).expanduser() if self.class_path.value.strip() else None
        if folder is None:
            show(self.class_out, [note("Type the folder your teacher gave you first.", "warn")])
            return
        loaded = load_folder(folder, BETS_NOTEBOOK)
        if not loaded.responses and loaded.problems and loaded.problems[0][0] == str(folder):
            show(self.class_out, [note(f"{folder} is not a folder this notebook can read.", "warn")])
            return
        yours = self.score() if self.source() == BETS_NOTEBOOK else None
        result = class_result(loaded.responses, self.happened, unreadable=len(loaded.problems))
        show(self.class_out, [note(class_line(result, yours), "info")])

    def answers(self) -> dict:
        answers: dict = {
            "bets_source": self.source(),
            "bets": {f: {"answer": b.answer, "confidence": b.confidence} for f, b in self.bets().items()},
            "gaps": {f: w.value for f, w in self.gap.items() if w.value},
            "revealed": [f for f in self.ids if f in self.revealed],
        }
        score = self.score()
        if score is not None:
            answers["results"] = {"brier": round(score, 4), "baseline": coin_toss(self.happened), "scored": len(self.bets())}
        return answers

    def apply(self, answers: dict) -> None:
        self.from_start = answers["bets_source"] == BETS_NOTEBOOK
        for f in self.ids:
            bet = answers["bets"].get(f)
            self.answer[f].value = bet["answer"] if bet else None
            self.confidence[f].value = bet["confidence"] if bet else CONFIDENCE[0]
            self.gap[f].value = answers["gaps"].get(f, "")
        self.revealed = set(answers["revealed"])
        for f in self.ids:
            show(self.reveal_out[f], self.revelation(f) if f in self.revealed else [])

    def defaults(self) -> dict:
        return {"bets_source": "none", "bets": {}, "gaps": {}, "revealed": []}

    def widget(self) -> widgets.Widget:
        return widgets.VBox([self.body(), self.result_out])

    def body(self) -> widgets.Widget:
        fetch = widgets.VBox([widgets.HBox([self.pseudonym, self.code, self.fetch_button]), self.fetch_status])
        cards = []
        for number, row in enumerate(self.forecasts.itertuples(), start=1):
            f = row.forecast_id
            cards.append(
                widgets.VBox(
                    [
                        widgets.HTML(f"<p><strong>{number}. {escape(str(row.question))}</strong></p>"),
                        self.answer[f],
                        self.confidence[f],  # below the yes/no, not beside it, so its track is long enough to hit
                        self.tag[f],
                        self.gap[f],
                        widgets.HBox([self.reveal_button[f], self.reveal_hint[f]]),
                        self.reveal_out[f],
                    ],
                    layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="0 0 8px 0"),
                )
            )
        return widgets.VBox([fetch, *cards])

    def score_view(self) -> object:
        """The score, opened once every reveal is (a note on working it out by hand in a handout)."""
        if handout_mode():
            return note("Work out your score by hand: for each forecast, turn your bet into a chance of yes (yes, 80 % sure "
                        "is 0.8; no, 80 % sure is 0.2), subtract 1 if it happened or 0 if not, square it; then average the six. "
                        "Compare with a coin toss, which scores 0.25 whatever happened.", "info")
        return self.score_out

    def class_view(self) -> object:
        """The class comparison: a folder of saved answers from the teacher (nothing to do on paper)."""
        if handout_mode():
            return note("In class, your teacher may read out the class's mean score for you to compare with yours.", "info")
        return widgets.VBox([widgets.HBox([self.class_path, self.class_button]), self.class_out])

    def timeline_view(self) -> object:
        """The timeline after the article and its table, once every reveal is open (at once in a handout)."""
        return Together([after_timeline(), after_table()]) if handout_mode() else self.timeline_out

    def handout(self) -> list[object]:
        forecasts = self.forecasts
        sheet = pd.DataFrame(
            {
                "Forecast": forecasts["question"].astype(str),
                "Your answer (yes / no)": "",
                "How sure (50–100 %)": "",
                "Before you look: came true? why might you be off?": "",
                "Squared error": "",
            }
        )
        return [
            note("Fill in the worksheet first. On screen the answers follow it: keep them covered until you are done. "
                 "On paper your teacher hands them out after the worksheet.", "warn"),
            table(sheet, "Worksheet: your bets, and what you expect before you look"),
            kept_on_screen(forecast_answers_table().to_html(), "the answers (what happened to each bet, and our reading of each outcome)"),
        ]


def forecast_answers_table() -> Styler:
    """What happened to each of 00's bets, when it was settled and the events behind it: 06's answers on paper."""
    forecasts, events, sources = load("forecasts"), load("events").set_index("event_id"), load("sources")
    answers = pd.DataFrame(
        {
            "Forecast": forecasts["question"].astype(str),
            "What happened": [
                f"{r.resolution} (settled on {display_date(r.resolved_on)}). {r.explanation}" for r in forecasts.itertuples()
            ],
            "The events behind it": [
                "\n".join(f"{display_date(events.loc[e, 'date'], events.loc[e, 'precision'])}: {events.loc[e, 'title']}"
                          for e in sorted(r.event_ids, key=lambda e: events.loc[e, "date"]))
                for r in forecasts.itertuples()
            ],
            "Sources": [cite(r.source_ids, sources) for r in forecasts.itertuples()],
        }
    )
    return table(answers, "Answers: what happened, and when (cover this until the worksheet is done)")


def outcome_readings_table() -> Styler:
    """Our reading of each outcome with the other side's reply: 06's second answer table on paper."""
    frame = outcomes_frame()
    ours = pd.DataFrame(
        {
            "Outcome": frame["label"],
            "Our reading": [READING_LABELS[r] for r in frame["reading"]],
            "Why": frame["reason"],
            "The other side": frame["other_view"],
            "Sources": frame["sources"],
        }
    )
    return table(ours, "Our reading, with the other side's reply (cover this until your worksheet is done)")


class OutcomesExercise(Exercise):
    """What became of the ledger: the student sorts each outcome (the reset's way, mixed, against it, can't tell)
    before our reading and the other side's reply open; it opens with the last reveal, which it would give away."""

    name = "outcomes"
    compare_label = "Compare with our reading"
    waiting = "Place every outcome (\"can't tell\" counts) to open our reading."

    def __init__(self, reveal: RevealExercise) -> None:
        self.reveal = reveal
        super().__init__()
        reveal.listeners.append(self._gate)
        self._gate()

    def build(self) -> None:
        self.frame = outcomes_frame()
        self.ours = dict(zip(self.frame["outcome_id"], self.frame["reading"].astype(str)))
        choices = [(READING_LABELS[k], k) for k in ("its-way", "mixed", "against", UNSURE)]
        self.placed = {o: labelled(widgets.ToggleButtons(options=choices, value=None), "Your reading") for o in self.ours}
        for toggle in self.placed.values():
            toggle.style.button_width = "auto"
        self.hardest = why_box("Which outcome was hardest to place, and why? What would you need to know to decide?")
        self.gated = Live()
        self.opened = False

    def _gate(self) -> None:
        """Show the cards once every reveal is open; until then say why they wait."""
        if not self.reveal.all_open():
            show(self.gated, [self.reveal.wait_note()])
            self.opened = False
        elif not self.opened:
            show(self.gated, [self.cards()])
            self.opened = True

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {f"placed:{o}": w for o, w in self.placed.items()}

    def ready(self) -> bool:
        return all(w.value is not None for w in self.placed.values())

    def answers(self) -> dict:
        return {"placed": {o: w.value for o, w in self.placed.items() if w.value is not None}, "hardest": self.hardest.value}

    def apply(self, answers: dict) -> None:
        for o, toggle in self.placed.items():
            toggle.value = answers["placed"].get(o)
        self.hardest.value = answers["hardest"]

    def defaults(self) -> dict:
        return {"placed": {}, "hardest": ""}

    def result(self) -> list[object]:
        placed = self.answers()["placed"]
        return [HTML(f"<p>{len(placed)} of {len(self.placed)} outcomes placed.</p>")]

    def comparison(self) -> list[object]:
        placed = self.answers()["placed"]
        differ = differences(placed, self.ours)
        items: list[object] = [
            note(
                f"You placed {len(self.ours) - len(differ)} of {len(self.ours)} outcomes where our reading does. Our reading is "
                "a judgement, not an answer key: where you differ, weigh our reason against the other side's reply, "
                "and keep your own reading if your reason is stronger.",
                "info",
            ),
            table(sort_summary(placed, self.ours), "Your sort beside our reading (number of outcomes)"),
        ]
        for row in self.frame.itertuples():
            mine = READING_LABELS[placed[row.outcome_id]] if row.outcome_id in placed else "not placed"
            mark = "" if row.outcome_id in differ else " (the same as yours)"
            items.append(
                HTML(
                    f'<div class="reset-ledger-card"><p><strong>{escape(row.label)}</strong><br>'
                    f"Your reading: {escape(mine)} · Our reading: <strong>{escape(READING_LABELS[row.reading])}</strong>"
                    f"{escape(mark)}</p><p>Why we read it so: {escape(row.reason)}</p>"
                    f"<p>The other side: {escape(row.other_view)}</p>"
                    f"<details><summary>Sources</summary><ul>{_items(row.reading_sources)}</ul></details></div>"
                )
            )
        return items

    def cards(self) -> widgets.Widget:
        """Every outcome as a card, grouped by the column of the ledger it tests."""
        parts: list[widgets.Widget] = []
        for side, group in self.frame.groupby("side", sort=False, observed=True):
            parts.append(widgets.HTML(f"<p><strong>{escape(SIDE_HEADINGS[side])}</strong></p>"))
            for row in group.itertuples():
                parts.append(
                    widgets.VBox(
                        [
                            widgets.HTML(
                                f"<p><strong>{escape(row.label)}</strong></p>"
                                f"<p><em>At stake (the article's claim, in our words):</em> {escape(row.stake)}</p>"
                                f"<p>What happened:</p><ul>{_items(row.events)}</ul><p><em>{escape(row.when)}</em></p>"
                                f"<details><summary>Sources</summary><ul>{_items(row.sources)}</ul></details>"
                            ),
                            self.placed[row.outcome_id],
                        ],
                        layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="0 0 8px 0"),
                    )
                )
        return widgets.VBox([*parts, self.hardest, self.result_out, widgets.HBox([self.compare_button, self.reset_button]),
                             self.compare_hint, self.compare_out])

    def widget(self) -> widgets.Widget:
        return widgets.VBox([self.gated])

    def handout(self) -> list[object]:
        frame = self.frame
        sheet = pd.DataFrame(
            {
                "Outcome": frame["label"],
                "At stake (the article's claim, in our words)": frame["stake"],
                "What happened": frame["events"],
                "When": frame["when"],
                "Your reading (its way / mixed / against / can't tell)": "",
            }
        )
        return [
            table(sheet, "Worksheet: which way did each outcome go for the reset?"),
            note("Our reading is a judgement, not an answer key. Sort the outcomes yourself first, with it covered "
                 "(on paper your teacher hands it out after the worksheet).", "warn"),
            kept_on_screen(outcome_readings_table().to_html(), "our readings of the outcomes"),
        ]


DECISION_MADE = ("before-reveals", "after-reveals")


class JudgementExercise(Exercise):
    """Judge the reset twice: the decision as it looked when the article appeared (fixed at the first reveal), then,
    after seeing what happened, the outcome; name the future that came closest; give an opinion now."""

    name = "judgement"
    compare_label = "Compare with your chances in 05"
    waiting = "Judge the decision (at the top), then choose the future that came closest and judge the outcome."

    def __init__(self, reveal: RevealExercise, folder: Path | None = None) -> None:
        self.reveal = reveal
        self.folder = Path(folder) if folder else responses_folder()
        self.decision_made: str | None = None  # 'before-reveals' once fixed by the first reveal, else 'after-reveals'
        super().__init__()
        reveal.listeners.append(self._reveals_changed)
        self._reveals_changed()

    def build(self) -> None:
        self.futures = load("futures")
        self.sources = load("sources")
        self.labels = dict(zip(self.futures["future_id"], self.futures["label"].astype(str)))
        self.start = dict(zip(self.futures["future_id"], self.futures["default_probability"].astype(int)))
        self.horizon = display_date(horizon(self.futures))
        self.later = later_dates(load("events"))
        self.future = labelled(widgets.ToggleButtons(options=[(v, k) for k, v in self.labels.items()], value=None),
                               f"Closest by {self.horizon}")
        self.future.style.button_width = "auto"  # the futures' names are long; show them whole
        self.future_why = why_box(f"Why that one? Which events decide it for you? Would your answer change if the futures were "
                                  f"judged instead on {self.later}?")
        self.decision = labelled(widgets.IntSlider(value=50, min=0, max=100, continuous_update=False),
                                "Judged by what was known then (0–100)")
        self.decision_why = why_box("What did you weigh? What was known then, and what could nobody know yet?")
        self.decision_status = widgets.HTML()
        self.outcome = labelled(widgets.IntSlider(value=50, min=0, max=100, continuous_update=False),
                               "Judged by what happened (0–100)")
        self.why = why_box("Why do your two answers differ, or not?")
        self.posterior = labelled(widgets.IntSlider(value=50, min=0, max=100, continuous_update=False), "Good deal (0–100)")
        self.posterior_why = why_box("Why? What changed your mind, or kept it?")

    def _reveals_changed(self) -> None:
        """At the first reveal the decision judged as it looked then is fixed; judged later, it is marked as hindsight."""
        if self.decision_made is None and self.reveal.revealed:
            self.decision_made = DECISION_MADE[0] if "decision" in self.touched else DECISION_MADE[1]
            self._show_decision_status()
            self.refresh()

    def _show_decision_status(self) -> None:
        fixed = self.decision_made == DECISION_MADE[0]
        self.decision.disabled = self.decision_why.disabled = fixed
        if fixed:
            self.decision_status.value = note("Fixed when you opened your first reveal: this is your judgement before hindsight.", "ok").data
        elif self.decision_made == DECISION_MADE[1]:
            self.decision_status.value = note(
                "You judged this after opening a reveal, so it is made with hindsight: answer as if you did not know what "
                "came next, and say so in your reason.", "warn").data
        else:
            self.decision_status.value = note("This is fixed when you open your first reveal below.", "info").data

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {"future": self.future, "decision": self.decision, "outcome": self.outcome, "posterior": self.posterior}

    def ready(self) -> bool:
        return self.future.value is not None and {"decision", "outcome"} <= self.touched

    def refresh(self) -> None:
        if self.compared and not self.ready():  # answers loaded without a future: close the comparison, do not fail
            self.compared = False
            show(self.compare_out, [])
        super().refresh()

    def answers(self) -> dict:
        answers = {
            "future_why": self.future_why.value,
            "decision": self.decision.value,
            "decision_why": self.decision_why.value,
            "outcome": self.outcome.value,
            "why": self.why.value,
            "posterior": self.posterior.value,
            "posterior_why": self.posterior_why.value,
        }
        if self.future.value is not None:
            answers["future"] = self.future.value
        if self.decision_made is not None:
            answers["decision_made"] = self.decision_made
        return answers

    def apply(self, answers: dict) -> None:
        self.future.value = answers.get("future")
        self.future_why.value = answers["future_why"]
        self.decision.value = answers["decision"]
        self.decision_why.value = answers.get("decision_why", "")
        self.outcome.value = answers["outcome"]
        self.why.value = answers["why"]
        self.posterior.value = answers["posterior"]
        self.posterior_why.value = answers["posterior_why"]
        # Files saved before the decision was asked first, and a reset after a reveal, count as judged with hindsight.
        self.decision_made = answers.get("decision_made") or (DECISION_MADE[1] if self.reveal.revealed else None)
        self._show_decision_status()

    def defaults(self) -> dict:
        return {"future_why": "", "decision": 50, "decision_why": "", "outcome": 50, "why": "", "posterior": 50, "posterior_why": ""}

    def result(self) -> list[object]:
        when = {DECISION_MADE[0]: " (fixed before the reveals)", DECISION_MADE[1]: " (made with hindsight)"}.get(self.decision_made or "", "")
        judged = f"The decision as it looked then: {self.decision.value}{when}. The outcome: {self.outcome.value}."
        gap = self.decision.value - self.outcome.value
        points = f"{abs(gap)} point{'' if abs(gap) == 1 else 's'}"
        if gap > 0:
            line = f"You rate the decision {points} above its outcome: a reasonable bet that turned out badly?"
        elif gap < 0:
            line = f"You rate the outcome {points} above the decision: a lucky result from a poor bet?"
        else:
            line = "You rate the decision and its outcome the same."
        # Two lines whatever the numbers: one run-on sentence wrapped onto a second line as the gap grew, moving all below.
        return [HTML(f"<p>{escape(judged)}<br>{escape(line)}</p>")]

    def comparison(self) -> list[object]:
        future = self.future.value
        name = self.labels[future]
        try:
            saved = load_mine(GAMBLE_NOTEBOOK, self.reveal.pseudonym.value, self.folder) if self.reveal.pseudonym.value.strip() else None
        except ResponseError as error:
            saved = None
            problem = str(error)
        else:
            problem = ""
        if saved is not None:
            chance = saved.answers["gamble"]["probabilities"][future]
            whose = f"In notebook 05 you gave '{name}' a chance of {chance} %."
        else:
            chance = self.start[future]
            whose = (problem or "No answers from notebook 05 found under your pseudonym.") + (
                f" With the starting chances, '{name}' had {chance} %."
            )
        return [
            note(whose, "info"),
            note(
                f"A future with a chance of {chance} % comes about in about {chance} of 100 futures. That it came about "
                "does not by itself make the chances poor or the decision bad: a good decision can meet a bad outcome, "
                "and a poor one can be lucky.",
                "info",
            ),
            note(
                "To judge the decision, ask what was known and knowable at the time, and whether the chances and payoffs "
                "were reasonable then. To judge the outcome, look at what happened. Your two sliders keep the questions apart.",
                "info",
            ),
            HTML(f"<details><summary>The research behind this</summary><ul>{_items(decision_science(self.sources))}</ul></details>"),
        ]

    def decision_view(self) -> object:
        """The decision as it looked when the article appeared, asked before any reveal (a worksheet row in a handout)."""
        if handout_mode():
            rows = ["Judged by what was known when the article appeared, was continuing the reset a sound decision? (0–100)",
                    "What did you weigh? What was known then, and what could nobody know yet?"]
            return table(pd.DataFrame({"Question": rows, "Your answer": ["0–100: ____", ""]}),
                         "Worksheet: the decision as it looked then (answer before you read on)")
        self._show_decision_status()
        return widgets.VBox(
            [
                widgets.HTML("<p><strong>Judged only by what was known or knowable when the article appeared, was continuing "
                             "the reset a sound decision for the US?</strong> (0 = a very poor decision, 50 = neither, "
                             "100 = a very sound one)</p>"),
                self.decision,
                self.decision_why,
                self.decision_status,
                widgets.HTML(f"<details><summary>The research behind this</summary><ul>{_items(decision_science(self.sources))}</ul>"
                             "</details>"),
            ]
        )

    def body(self) -> widgets.Widget:
        return widgets.VBox(
            [
                widgets.HTML(f"<p><strong>Which of the three futures of notebook 05 came closest to what had happened by "
                             f"{escape(self.horizon)}, the date they are judged at?</strong></p>"),
                self.future,
                self.future_why,
                widgets.HTML("<p><strong>Judged by what happened, did the reset turn out well for the US?</strong> "
                             "(0 = very badly, 50 = neither, 100 = very well)</p>"),
                self.outcome,
                self.why,
            ]
        )

    def opinion_view(self) -> object:
        """The opinion now: the same question as the first opinion in notebook 00 (a worksheet row in a handout)."""
        if handout_mode():
            return table(pd.DataFrame({"Question": [PRIOR_LABEL, "Why?"], "Your answer": ["0–100: ____", ""]}), "Worksheet: your opinion now")
        return widgets.VBox([widgets.HTML(f"<p><strong>{escape(PRIOR_LABEL)}</strong></p>"), self.posterior, self.posterior_why])

    def handout(self) -> list[object]:
        questions = [
            f"Which of the three futures of notebook 05 came closest to what had happened by {self.horizon}, the date they are judged at? Why?",
            f"Would your answer change if the futures were judged instead on {self.later}?",
            "Judged by what happened, did the reset turn out well for the US? (0–100)",
            "Why does this answer differ from your judgement of the decision as it looked then, or not?",
        ]
        return [table(pd.DataFrame({"Question": questions, "Your answer": ""}), "Worksheet: good decision or good outcome?")]
