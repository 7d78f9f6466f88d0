"""Notebook 07: your own numbers gathered from 00–06, a claim–evidence–reasoning–rebuttal verdict with a qualifier
(the rebuttal from a different lens), checked for completeness only, compared with the author and the lenses;
your opinion before and after; and the same toolkit tried on another deal."""

from __future__ import annotations

from html import escape
from pathlib import Path

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from reset_ledger.citations import cite, cite_lens, display_date
from reset_ledger.data import load
from reset_ledger.exercise import WIDE, Exercise, code_box, labelled, note, show
from reset_ledger.live import Bound, Live
from reset_ledger.exercises.bets import PRIOR_LABEL
from reset_ledger.exercises.ledger import CERTAINTY_OPTIONS
from reset_ledger.ledger import DISCOUNTS, SIDE_LABELS, VALUE_RANGE, author_ledger, balance, ledger_chart, ledger_controls, ledger_frame
from reset_ledger.rendering import Stack, handout_mode, kept_on_screen, table
from reset_ledger.responses import CodeNeeded, ResponseError, check_pseudonym, load_mine, responses_folder
from reset_ledger.schema import SIDES
from reset_ledger.starters import starters_html, stuck
from reset_ledger.verdict import (
    BETS,
    EARLIER,
    EVEN,
    MIN_EVIDENCE,
    N_LINES,
    OWN_DEAL,
    STRENGTHS,
    TRANSFER_DEALS,
    Numbers,
    automatic_checks,
    cerr_worksheet,
    change_line,
    checks,
    evidence_catalogue,
    gather,
    lens_framings,
    numbers_frame,
    numbers_worksheet,
    FINAL_OPINION,
    opinion_chart,
    opinion_frame,
    opinion_worksheet,
    policy_matrix,
    questions,
    rebuttal_lens_problem,
    rubric_frame,
    side_by_side,
    signals,
    transfer_ledger,
    transfer_line,
    transfer_sandbox_chart,
    transfer_worksheet,
)
from reset_ledger.weighing import lens_weights, weighted_scores, winner

DEFAULTS_NOTE = (
    "Defaults in use for every number marked 'no: a default': nothing was saved for it under your pseudonym. "
    "Type the pseudonym you used in earlier notebooks and press 'Gather my numbers'."
)


def writing_box(label: str, placeholder: str, lines: float = 4.2) -> widgets.Textarea:
    """A labelled box for a part of the write-up; it reports when the student leaves it, not at every key."""
    return widgets.Textarea(
        placeholder=placeholder, description=label, continuous_update=False,
        layout=widgets.Layout(width="100%", height=f"{lines}em"), style={"description_width": "initial"},
    )


def _sources_list(lines: str) -> str:
    return "".join(f"<li>{escape(line)}</li>" for line in lines.splitlines())


class VerdictExercise(Exercise):
    """The write-up, part by part (claim and qualifier, evidence, reasoning, rebuttal), with a live checklist, the
    questions the student's own numbers raise, and a comparison with the author and the lenses."""

    name = "verdict"
    compare_label = "Compare with the author and the lenses"
    waiting = "Complete every part on the checklist above to compare your verdict with the author's and the lenses'."

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder else responses_folder()
        super().__init__()
        show(self.numbers_out, self.numbers_items())

    def build(self) -> None:
        items, events, sources = load("ledger_items"), load("events"), load("sources")
        self.lenses, self.sources, self.article = load("lenses"), sources, load("article")
        self.claims, self.warrants, self.rubric = load("claims"), load("warrants"), load("rubric")
        self.catalogue = evidence_catalogue(items, events, sources).set_index("evidence_id")
        self.evidence_labels = dict(zip(self.catalogue.index, self.catalogue["label"]))
        self.lens_labels = dict(zip(self.lenses["lens_id"], self.lenses["label"].astype(str)))
        self.lens_weights = lens_weights(load("lens_weights"))
        options = load("options")
        self.option_labels = dict(zip(options["option_id"], options["label"].astype(str)))
        self.matrix = policy_matrix()
        self.author_balance = balance(ledger_frame(items, author_ledger(items)))
        self.numbers: Numbers = gather({})
        self.drawn: tuple | None = None
        self.opinions: tuple[tuple, alt.LayerChart] | None = None  # the chart of the opinions gathered, and what they were

        self.pseudonym = labelled(widgets.Text(placeholder="the pseudonym you used before"), "Pseudonym")
        self.code = code_box()
        self.gather_button = widgets.Button(description="Gather my numbers", icon="folder-open", layout=WIDE)
        self.gather_button.on_click(lambda _: self.gather_numbers())
        self.gather_status = widgets.HTML()
        self.numbers_out = Live()

        self.posterior = labelled(widgets.IntSlider(value=EVEN, min=0, max=100, continuous_update=False), "Your final opinion (0–100)")
        self.claim = writing_box("Claim", "Was the reset a good deal for the US? Answer in one or two sentences of your own.")
        self.strength = labelled(widgets.ToggleButtons(options=list(STRENGTHS), value=None), "How sure")
        self.unless = labelled(widgets.Text(placeholder="… unless (the condition that would change your verdict)",
                                            continuous_update=False, layout=widgets.Layout(width="100%")), "Unless")
        self.evidence = labelled(
            widgets.SelectMultiple(options=[(label, e) for e, label in self.evidence_labels.items()], rows=12,
                                   layout=widgets.Layout(width="100%")),
            "Evidence (Ctrl or ⌘ + click to pick several)",
        )
        self.find = labelled(widgets.Text(placeholder="a word or two: a name, a place, a treaty", layout=widgets.Layout(width="32em")),
                             "Find evidence")
        self.find.observe(lambda change: self._filter_evidence(change["new"]), names="value")
        self.found = widgets.HTML()
        self._filtering = False
        self.evidence_cards = widgets.VBox()
        self.why: dict[str, widgets.Textarea] = {}
        self.evidence.observe(lambda _: self._show_evidence(), names="value")
        lens_options = [(label, lens) for lens, label in self.lens_labels.items()]
        self.own_lens = labelled(widgets.Dropdown(options=lens_options, value=None), "Your own lens")
        self.own_card = widgets.HTML()
        self.reasoning = writing_box("Reasoning", "Why does your evidence support your claim? Name the principle that links them.", 6)
        self.rebuttal_lens = labelled(widgets.Dropdown(options=lens_options, value=None), "The other side's lens")
        self.lens_status = widgets.HTML()
        self.rebuttal_card = widgets.HTML()
        # Registered before the toolkit's observers, so a refused lens is cleared before the result refreshes.
        self.own_lens.observe(lambda _: self._keep_lenses_apart("own"), names="value")
        self.rebuttal_lens.observe(lambda _: self._keep_lenses_apart("rebuttal"), names="value")
        self.rebuttal = writing_box("Rebuttal", "The strongest case against your claim, as someone reading through that lens would make it.", 6)
        self.reply = writing_box("Your reply", "Your answer to that case: what does it miss, or why does your claim still stand?", 6)
        self.change_why = writing_box("What changed?", "Explain any change from your first opinion to your final one, or why there was none.")
        self.opinion_out = Live()

    # Controls and answers.
    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {
            "posterior": self.posterior, "claim": self.claim, "strength": self.strength, "unless": self.unless,
            "evidence": self.evidence, "reasoning": self.reasoning, "own_lens": self.own_lens,
            "rebuttal_lens": self.rebuttal_lens, "rebuttal": self.rebuttal, "reply": self.reply, "change_why": self.change_why,
        }

    def answers(self) -> dict:
        chosen = list(self.evidence.value)
        return {
            "posterior": self.posterior.value,
            "strength": self.strength.value or "",
            "unless": self.unless.value,
            "claim": self.claim.value,
            "evidence": chosen,
            "evidence_why": {e: self._why_box(e).value for e in chosen},
            "reasoning": self.reasoning.value,
            "own_lens": self.own_lens.value or "",
            "rebuttal_lens": self.rebuttal_lens.value or "",
            "rebuttal": self.rebuttal.value,
            "reply": self.reply.value,
            "change_why": self.change_why.value,
        }

    def apply(self, answers: dict) -> None:
        self.posterior.value = answers["posterior"]
        self.strength.value = answers["strength"] or None
        self.unless.value = answers["unless"]
        self.claim.value = answers["claim"]
        self.find.value = ""  # every piece of evidence listed again, so any saved choice can be shown picked
        self.evidence.value = tuple(answers["evidence"])
        for evidence, text in answers["evidence_why"].items():
            self._why_box(evidence).value = text
        self.reasoning.value = answers["reasoning"]
        self.own_lens.value = answers["own_lens"] or None
        self.rebuttal_lens.value = answers["rebuttal_lens"] or None
        self.rebuttal.value = answers["rebuttal"]
        self.reply.value = answers["reply"]
        self.change_why.value = answers["change_why"]

    def defaults(self) -> dict:
        return {
            "posterior": self.start_opinion(), "strength": "", "unless": "", "claim": "", "evidence": [], "evidence_why": {},
            "reasoning": "", "own_lens": self.numbers.lens or "", "rebuttal_lens": "", "rebuttal": "", "reply": "", "change_why": "",
        }

    def start_opinion(self) -> int:
        """Where the final opinion starts: the opinion after hindsight (06), else the first opinion (00), else even."""
        if self.numbers.posterior is not None:
            return self.numbers.posterior
        return self.numbers.prior if BETS in self.numbers.saved else EVEN

    # Gathering the numbers.
    def gather_numbers(self) -> bool:
        """Read this pseudonym's answers from 00–06; say what was found and what stands in for the rest."""
        try:
            name = check_pseudonym(self.pseudonym.value)
        except ResponseError as error:
            self.gather_status.value = note(str(error), "warn").data
            return False
        saved, problems = {}, []
        for notebook in EARLIER:
            try:
                saved[notebook] = load_mine(notebook, name, self.folder, code=self.code.value)
            except CodeNeeded as error:
                self.code.layout.display = ""
                self.gather_status.value = note(str(error), "warn").data
                return False
            except ResponseError as error:
                saved[notebook] = None
                problems.append(f"{error} It is left out; a default stands in.")
        self.numbers = gather(saved)
        found = [notebook[:2] for notebook in EARLIER if saved[notebook]]
        messages = [
            note(f"Found your answers from notebook(s) {', '.join(found)}, saved as {name}.", "ok") if found
            else note(f"Nothing saved as {name} in {self.folder} yet: the defaults stay in use.", "info")
        ] + [note(problem, "warn") for problem in problems]
        self.gather_status.value = "".join(m.data for m in messages)
        self._quiet = True
        try:
            if "posterior" not in self.touched:
                self.posterior.value = self.start_opinion()
            if "own_lens" not in self.touched and self.numbers.lens:
                self.own_lens.value = self.numbers.lens
        finally:
            self._quiet = False
        show(self.numbers_out, self.numbers_items())
        self.refresh()
        return bool(found)

    def numbers_items(self) -> list[object]:
        """The 'your numbers' table, with a note when defaults stand in for any of them."""
        items: list[object] = []
        if any(not row.saved for row in self.numbers.rows):
            items.append(note(DEFAULTS_NOTE, "info"))
        items.append(table(numbers_frame(self.numbers), "Your numbers, and where each comes from"))
        return items

    # Keeping the two lenses apart.
    def _keep_lenses_apart(self, changed: str) -> None:
        problem = rebuttal_lens_problem(self.own_lens.value or "", self.rebuttal_lens.value or "", self.lens_labels)
        if problem:
            cleared = " Your choice for the other side has been cleared." if changed == "own" else ""
            self.lens_status.value = note(problem + cleared, "warn").data
            self.rebuttal_lens.value = None
        elif changed == "own" or self.rebuttal_lens.value:
            self.lens_status.value = ""

    def lens_card(self, lens: str | None, whose: str) -> str:
        """A lens's one-paragraph justification, the option its weights put first, and its sources."""
        if not lens:
            return f"<p><em>Choose {escape(whose)} to see what it counts and where it comes from.</em></p>"
        row = self.lenses.set_index("lens_id").loc[lens]
        scores = weighted_scores(self.matrix, self.lens_weights[lens])
        top = winner(self.matrix, self.lens_weights[lens])
        leads = f"{self.option_labels[top]} leads ({scores[top]:.1f} of 100)" if top else "the top is tied"
        return (
            f'<div class="reset-ledger-card"><p><strong>{escape(str(row["label"]))}</strong></p><p>{escape(str(row["justification"]))}</p>'
            f"<p><small>Under its weights in notebook 03, {escape(leads)}.</small></p>"
            f"<details><summary>Sources</summary><ul>{_sources_list(cite_lens(row, self.sources, self.article))}</ul></details></div>"
        )

    # Evidence: a card and a 'what it shows' box for each item picked.
    def _why_box(self, evidence: str) -> widgets.Textarea:
        if evidence not in self.why:
            box = writing_box("What it shows", "What does this show, and how does it bear on your claim?", 3.2)
            box.observe(lambda _: self._changed("evidence_why"), names="value")
            self.why[evidence] = box
        return self.why[evidence]

    def _filter_evidence(self, words: str) -> None:
        """List only the evidence whose label holds every word typed, and whatever is already picked (so a search
        never drops a choice)."""
        picked = self.evidence.value
        terms = words.lower().split()
        shown = [(label, e) for e, label in self.evidence_labels.items() if e in picked or all(t in label.lower() for t in terms)]
        # New options empty the selection for a moment: put it back before the checklist or the cards react.
        self._quiet = self._filtering = True
        try:
            self.evidence.options = shown
            self.evidence.value = picked
        finally:
            self._quiet = self._filtering = False
        matches = sum(e not in picked for _, e in shown)
        kept = "; what you picked stays in the list" if picked else ""
        self.found.value = "" if not terms else f"<p><small>{matches} match “{escape(words.strip())}”{kept}.</small></p>"

    def _show_evidence(self) -> None:
        if self._filtering:
            return
        cards = []
        for evidence in self.evidence.value:
            row = self.catalogue.loc[evidence]
            dates = "<br>".join(escape(line) for line in str(row["dates"]).splitlines())
            cards.append(
                widgets.VBox(
                    [
                        widgets.HTML(
                            f'<div class="reset-ledger-evidence"><p><strong>{escape(str(row["label"]))}</strong></p>'
                            f"<p><small>{dates}</small></p><p>{escape(str(row['detail']))}</p>"
                            f"<details><summary>Sources</summary><ul>{_sources_list(str(row['sources']))}</ul></details></div>"
                        ),
                        self._why_box(evidence),
                    ],
                    layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="0 0 8px 0"),
                )
            )
        self.evidence_cards.children = cards

    # The live result: the checklist and the questions.
    def ready(self) -> bool:
        return all(check.done for check in checks(self.answers(), self.evidence_labels, self.lens_labels))

    def result(self) -> list[object]:
        found = checks(self.answers(), self.evidence_labels, self.lens_labels)
        done = sum(check.done for check in found)
        rows = "".join(
            f'<li><span aria-hidden="true">{"✓" if check.done else "○"}</span> '
            f"<strong>{'Done' if check.done else 'To do'}</strong> · {escape(check.message)}</li>"
            for check in found
        )
        items: list[object] = [
            HTML(f'<div class="reset-ledger-checklist"><p><strong>{done} of {len(found)} parts complete</strong> '
                 f"(this checks only that each part is there; it never judges which way you decide)</p><ul>{rows}</ul></div>")
        ]
        asked = signals(self.numbers, self.option_labels)
        raised = questions(self.posterior.value, asked)
        items += [note("A question for your write-up, not a mistake: " + q, "info") for q in raised]
        if not asked:
            items.append(note("Once your own numbers from 02, 03 or 05 are gathered, any that point the other way "
                              "from your final opinion will appear here as questions to answer.", "info"))
        return items

    def refresh(self) -> None:
        super().refresh()
        self.own_card.value = self.lens_card(self.own_lens.value, "your own lens")
        self.rebuttal_card.value = self.lens_card(self.rebuttal_lens.value, "a lens for the other side")
        self._draw_opinions()

    def _draw_opinions(self) -> None:
        """Redraw the before-and-after line only when one of its opinions changed; the chart is built again only when
        the gathered opinions change: it follows the final-opinion slider in the page."""
        prior_saved = BETS in self.numbers.saved
        gathered = (self.numbers.prior, prior_saved, self.numbers.posterior)
        if (*gathered, self.posterior.value) == self.drawn:
            return
        self.drawn = (*gathered, self.posterior.value)
        if self.opinions is None or self.opinions[0] != gathered:
            self.opinions = gathered, opinion_chart(opinion_frame(*gathered, self.posterior.value))
        show(self.opinion_out, [Bound(self.opinions[1], {FINAL_OPINION: self.posterior}),
                                HTML(f"<p><strong>{escape(change_line(self.numbers.prior, prior_saved, self.posterior.value))}</strong></p>")])

    def comparison(self) -> list[object]:
        verdict = self.answers()
        return [
            note(POSITIONS_NOTE, "info"),
            table(side_by_side(verdict, self.evidence_labels, self.lens_labels, self.claims, self.warrants, self.author_balance),
                  "Your verdict and the article's, part by part (Matthews, Newsweek, quoted in short phrases)"),
            note(qualifier_note(self.author_balance), "info"),
            lens_framings_table(),
        ]

    # Layout: each part shows in its own cell; the exercise itself is the checklist and the comparison.
    def widget(self) -> widgets.Widget:
        return widgets.VBox([self.result_out, self.compare_button, self.compare_hint, self.compare_out])

    def _worksheet(self, parts: list[str], caption: str) -> object:
        sheet = cerr_worksheet()
        return table(sheet[sheet["Part"].isin(parts)], caption)

    def numbers_view(self) -> object:
        """The pseudonym box and the numbers table (on paper: a table to copy your numbers into)."""
        if handout_mode():
            return table(numbers_worksheet(gather({})), "Worksheet: your numbers (copy them from your earlier worksheets)")
        return widgets.VBox([widgets.HBox([self.pseudonym, self.code, self.gather_button]), self.gather_status, self.numbers_out])

    def rubric_view(self) -> object:
        """The rubric, with what the notebook checks and its sources (a score column to fill in a handout)."""
        source_ids = dict.fromkeys(s for ids in self.rubric["source_ids"] for s in ids)
        return Stack(
            table(rubric_frame(self.rubric, blank_score=handout_mode()), "The rubric: each part read at three levels, 0 to 2"),
            HTML(f"<details><summary>Where the rubric comes from</summary><ul>{_sources_list(cite(source_ids, self.sources))}</ul>"
                 f"<p>{'<br>'.join(escape(n) for n in self.rubric['note'].dropna().astype(str))}</p></details>"),
        )

    def claim_view(self) -> object:
        """The final opinion, the claim and its qualifier, with sentence starters for both."""
        if handout_mode():
            return Stack(stuck("claim", "qualifier"),
                         self._worksheet(["Final opinion", "Claim", "Qualifier"], "Worksheet: your claim and its qualifier"))
        return widgets.VBox([widgets.HTML(f"<p><strong>{escape(PRIOR_LABEL)}</strong></p>"), self.posterior,
                             widgets.HTML(starters_html("claim", "qualifier")), self.claim,
                             widgets.HTML("<p><strong>Qualifier</strong>: how sure are you, and what would change your mind?</p>"),
                             self.strength, self.unless])

    def evidence_view(self) -> object:
        """The evidence picker and a card for each item picked (on paper: the ledger items to choose from)."""
        if handout_mode():
            items = self.catalogue[self.catalogue.index.str.startswith("item:")]
            return Stack(
                table(pd.DataFrame({"Evidence": items["label"], "What it is": items["detail"], "Sources": items["sources"]}),
                      "Evidence you can cite: the ledger items (every event of the reference appendix counts too)"),
                stuck("evidence"),
                self._worksheet([f"Evidence {n}" for n in range(1, MIN_EVIDENCE + 2)], "Worksheet: your evidence"),
            )
        return widgets.VBox([self.find, self.found, self.evidence, widgets.HTML(starters_html("evidence")), self.evidence_cards])

    def reasoning_view(self) -> object:
        """Your own lens, what it counts, and your reasoning (on paper: the lenses to choose from)."""
        if handout_mode():
            lenses = pd.DataFrame({
                "Lens": self.lenses["label"].astype(str), "In one sentence": self.lenses["summary"].astype(str),
                "Sources": [cite_lens(row, self.sources, self.article) for _, row in self.lenses.iterrows()],
            })
            return Stack(table(lenses, "The theory lenses (each one's full case is in notebook 03's handout)"), stuck("reasoning"),
                         self._worksheet(["Your lens", "Reasoning"], "Worksheet: your reasoning"))
        return widgets.VBox([self.own_lens, self.own_card, widgets.HTML(starters_html("reasoning")), self.reasoning])

    def rebuttal_view(self) -> object:
        """The other side's lens (never your own), its case, and your reply."""
        if handout_mode():
            return Stack(stuck("rebuttal", "reply"),
                         self._worksheet(["Rebuttal lens", "Rebuttal", "Reply"], "Worksheet: the other side, and your reply"))
        return widgets.VBox([self.rebuttal_lens, self.lens_status, self.rebuttal_card, widgets.HTML(starters_html("rebuttal", "reply")),
                             self.rebuttal, self.reply])

    def opinion_view(self) -> object:
        """Your opinion before, after hindsight and now, and why it changed (on paper: three blanks and a line)."""
        if handout_mode():
            return Stack(stuck("change"), table(opinion_worksheet(), "Worksheet: your opinion, before and after"))
        return widgets.VBox([self.opinion_out, widgets.HTML(starters_html("change")), self.change_why])

    def handout(self) -> list[object]:
        checked = automatic_checks()
        sheet = pd.DataFrame({
            "Part": self.rubric["part"].astype(str),
            "Check before you hand it in": [checked[r] for r in self.rubric["row_id"]],
            "Done? (tick)": "",
        })
        return [
            note("On paper, check each part of your write-up yourself, then swap with a classmate and score each other "
                 "with the rubric: each part 0, 1 or 2, never for which way the verdict goes.", "info"),
            table(sheet, "Checklist: is every part there?"),
            note("Write every part of your verdict before you read on: the positions to compare with follow on screen. "
                 "On paper your teacher hands them out once your verdict is written.", "warn"),
            kept_on_screen(positions_html(), "the positions to compare with (the article's verdict part by part, and each lens's framing)"),
        ]


POSITIONS_NOTE = ("Positions to compare, not answers to copy: the article's verdict laid out part by part like yours, then "
                  "how each theory lens would frame it. None of them makes your verdict wrong.")


def qualifier_note(author_balance: float) -> str:
    """Why the article's qualifier matters: its ledger alone points one way, its ending another."""
    return (f"As we read it, the article's own ledger balances at {author_balance:+.2f} (our overlap groups counted once), yet it ends by "
            "calling the reset a gamble that may still be the best chance: its close rests on a comparison the ledger leaves out, "
            "what confrontation would cost (notebook 05). Does your qualifier rest on something your evidence leaves out? It may; then say it.")


def lens_framings_table() -> Styler:
    """How each lens would frame the verdict, from the data alone: the same on screen, on paper and in the appendix."""
    options = load("options")
    return table(lens_framings(load("lenses"), lens_weights(load("lens_weights")), policy_matrix(),
                               dict(zip(options["option_id"], options["label"].astype(str))), load("sources"), load("article")),
                 "How each lens would frame the verdict: what it counts, and the option its weights put first")


def positions_html() -> str:
    """07's positions to compare without a student's verdict: the article's part by part and each lens's framing
    (on screen below the checklist of a handout; on paper in the reference appendix)."""
    items = load("ledger_items")
    author_balance = balance(ledger_frame(items, author_ledger(items)))
    article = side_by_side({}, {}, {}, load("claims"), load("warrants"), author_balance).drop(columns="Yours")
    return "".join([
        note(POSITIONS_NOTE, "info").data,
        table(article, "The article's verdict, part by part (Matthews, Newsweek, quoted in short phrases)").to_html(),
        note(qualifier_note(author_balance), "info").data,
        lens_framings_table().to_html(),
    ])


class TransferExercise(Exercise):
    """Now you try: another deal, a blank ledger of a few lines scored with the same rules, and a short verdict."""

    name = "transfer"
    has_comparison = False

    def build(self) -> None:
        self.events = load("events").set_index("event_id")
        self.sources = load("sources")
        deals = [(f"{display_date(self.events.loc[d, 'date'], self.events.loc[d, 'precision'])}: {self.events.loc[d, 'title']}", d)
                 for d in TRANSFER_DEALS]
        self.deal = labelled(widgets.Dropdown(options=deals + [("A deal from the news (name it below)", OWN_DEAL)], value=None,
                                              layout=widgets.Layout(width="100%")), "The deal")
        self.deal_card = widgets.HTML()
        self.own_deal = labelled(widgets.Text(placeholder="which deal, who made it, when, and where you read about it",
                                              continuous_update=False, layout=widgets.Layout(width="100%")), "A deal from the news")
        self.labels = [labelled(widgets.Text(placeholder="an item of the deal", continuous_update=False), f"Line {n}")
                       for n in range(1, N_LINES + 1)]
        self.sides = [labelled(widgets.Dropdown(options=[(SIDE_LABELS[s], s) for s in SIDES], value=SIDES[0],
                                                layout=widgets.Layout(width="14em")), "Side")
                      for _ in range(N_LINES)]
        self.worths = [labelled(widgets.IntSlider(value=0, min=VALUE_RANGE[0], max=VALUE_RANGE[1], continuous_update=False),
                                "Worth to the US") for _ in range(N_LINES)]
        self.certainties = [labelled(widgets.ToggleButtons(options=CERTAINTY_OPTIONS, value=CERTAINTY_OPTIONS[0][1]), "Certainty")
                            for _ in range(N_LINES)]
        self.verdict = writing_box("Your verdict", "Was this deal good for the US? A claim, your best evidence, and a qualifier.", 5)
        self.ledger: tuple[tuple, alt.LayerChart] | None = None  # the chart of the named lines, and what they were

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        controls: dict[str, widgets.ValueWidget] = {"deal": self.deal, "own_deal": self.own_deal, "verdict": self.verdict}
        for n in range(N_LINES):
            controls |= {f"label:{n}": self.labels[n], f"side:{n}": self.sides[n], f"worth:{n}": self.worths[n],
                         f"certainty:{n}": self.certainties[n]}
        return controls

    def lines(self) -> list[dict]:
        """The blank ledger as the student has filled it, every line (named or not)."""
        return [{"label": self.labels[n].value, "side": self.sides[n].value, "value": self.worths[n].value,
                 "certainty": self.certainties[n].value} for n in range(N_LINES)]

    def answers(self) -> dict:
        return {"deal": self.deal.value or "", "own_deal": self.own_deal.value, "lines": self.lines(), "verdict": self.verdict.value}

    def apply(self, answers: dict) -> None:
        self.deal.value = answers["deal"] or None
        self.own_deal.value = answers["own_deal"]
        blank = {"label": "", "side": SIDES[0], "value": 0, "certainty": CERTAINTY_OPTIONS[0][1]}
        lines = list(answers["lines"]) + [blank] * (N_LINES - len(answers["lines"]))
        for n, line in enumerate(lines[:N_LINES]):
            self.labels[n].value, self.sides[n].value = line["label"], line["side"]
            self.worths[n].value, self.certainties[n].value = line["value"], line["certainty"]
        self.verdict.value = answers["verdict"]

    def defaults(self) -> dict:
        return {"deal": "", "own_deal": "", "lines": [], "verdict": ""}

    def deal_html(self) -> str:
        """The chosen deal from the timeline: its date, what happened and its sources."""
        deal = self.deal.value
        if deal is None:
            return "<p><em>Choose a deal to see what the timeline says about it.</em></p>"
        if deal == OWN_DEAL:
            return "<p><em>Name the deal below, with where you read about it: your ledger needs a source too.</em></p>"
        event = self.events.loc[deal]
        return (
            f'<div class="reset-ledger-card"><p><strong>{escape(display_date(event["date"], event["precision"]))}: '
            f"{escape(str(event['title']))}</strong></p><p>{escape(str(event['description']))}</p>"
            f"<details><summary>Sources</summary><ul>{_sources_list(cite(event['source_ids'], self.sources))}</ul></details></div>"
        )

    def result(self) -> list[object]:
        items, scores = transfer_ledger(self.lines())
        if items.empty:
            return [note("Name at least one line of the deal's ledger to see its balance.", "info")]
        frame = ledger_frame(items, scores)
        shape = tuple(items[["item_id", "label", "side"]].itertuples(index=False))
        if self.ledger is None or self.ledger[0] != shape:  # built again only when a line is named, renamed or moved
            self.ledger = shape, ledger_chart(frame)
        lines = {f"line-{n}": n - 1 for n in range(1, N_LINES + 1)}
        named = list(items["item_id"])
        controls = ledger_controls({i: self.worths[lines[i]] for i in named}, {i: self.certainties[lines[i]] for i in named})
        return [HTML(f'<p class="reset-ledger-transfer"><strong>{escape(transfer_line(frame))}</strong></p>'),
                Bound(self.ledger[1], controls)]

    def refresh(self) -> None:
        super().refresh()
        self.deal_card.value = self.deal_html()

    def widget(self) -> widgets.Widget:
        # The worth slider on a line of its own: beside the certainty buttons its track would be too short to hit.
        rows = [widgets.VBox([widgets.HBox([self.labels[n], self.sides[n]]), self.worths[n], self.certainties[n]],
                             layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="0 0 6px 0"))
                for n in range(N_LINES)]
        discounts = ", ".join(f"{c} × {d:g}" for c, d in DISCOUNTS.items())
        return widgets.VBox([
            self.deal, self.deal_card, self.own_deal,
            widgets.HTML(f"<p><strong>Its ledger</strong> <small>(certainty discounts as in notebook 02: {escape(discounts)})</small></p>"),
            *rows, self.result_out, self.verdict, self.reset_button,
        ])

    def handout(self) -> list[object]:
        deals = pd.DataFrame({
            "Deal": [f"{display_date(self.events.loc[d, 'date'], self.events.loc[d, 'precision'])}: {self.events.loc[d, 'title']}"
                     for d in TRANSFER_DEALS],
            "What happened": [str(self.events.loc[d, "description"]) for d in TRANSFER_DEALS],
            "Sources": [cite(self.events.loc[d, "source_ids"], self.sources) for d in TRANSFER_DEALS],
        })
        return [
            note("Write each line's item and side on the worksheet. On screen, the controls under the chart recompute "
                 "the balance in your browser.", "info"),
            table(deals, "Deals from the timeline you could choose (or take one from the news)"),
            transfer_sandbox_chart(),
            table(transfer_worksheet(), "Worksheet: another deal's ledger"),
        ]
