"""Notebook 01: build your own map of the argument (a role and a parent for every claim) and write a hidden warrant
before the reference map, its reasons and its warrants are shown; then check claims against the sources before our
verdicts are shown. Students see claims only by their neutral references (C01…)."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from reset_ledger.argument import (
    CHECK_LABELS,
    MAIN,
    ROLE_LABELS,
    agreement_by_role,
    agreement_chart,
    argument_map_chart,
    checkable,
    differences,
    disagreements,
    map_frame,
    overall_agreement,
    reference_parents,
    reference_roles,
    refs,
    source_disputes,
)
from reset_ledger.article import argument_ends, article_record, quoted
from reset_ledger.citations import cite, short_cite
from reset_ledger.data import load
from reset_ledger.exercise import Exercise, labelled, note
from reset_ledger.rendering import table
from reset_ledger.schema import CHECKS, ROLES

CHOOSE_ROLE = "— choose a role —"
CHOOSE_PARENT = "— choose what it supports —"
CHOOSE_CHECK = "— your verdict —"
MAIN_LABEL = "Nothing: it is the main claim"
BOX = widgets.Layout(border="1px solid #ccc", padding="6px", margin="0 0 8px 0")


def _text_box(placeholder: str, label: str, rows: float = 3.6) -> widgets.Textarea:
    """A labelled box for a sentence or two, read when the student clicks away."""
    return widgets.Textarea(
        placeholder=placeholder, description=label, continuous_update=False,
        layout=widgets.Layout(width="100%", height=f"{rows}em"), style={"description_width": "initial"},
    )


def _claim_header(claim: pd.Series | tuple) -> str:
    """A claim as a student meets it: its reference, the article's words and ours."""
    return (
        f"<p><strong>{escape(str(claim.ref))}</strong> <small>(paragraph {claim.paragraph})</small></p>"
        + quoted(str(claim.quote))
        + f"<p><small>In our words: {escape(str(claim.paraphrase))}</small></p>"
    )


def _paragraph_tabs(claims: pd.DataFrame, card) -> widgets.Tab:
    """One tab per paragraph of the article, holding a card for each of its claims."""
    tabs, titles = [], []
    for paragraph, group in claims.groupby("paragraph", sort=True):
        cards = [card(c) for c in group.itertuples()]
        tabs.append(widgets.VBox(cards))
        titles.append(f"¶ {paragraph} ({len(cards)})")
    return widgets.Tab(children=tabs, titles=titles)


class RolesExercise(Exercise):
    """A role and a parent for each of the article's claims and a hidden warrant of the student's own; the comparison
    then shows the reference map, asks for a reason before it shows the reference reason for any claim answered
    differently, and lists the reference warrants."""

    name = "roles"
    compare_label = "Compare with the reference map"
    waiting = "Give every claim a role and say what it supports, and write a hidden warrant, to unlock the comparison."

    def build(self) -> None:
        self.claims = load("claims")
        self.warrant_table = load("warrants")
        self.sources = load("sources")
        self.refs = refs(self.claims)
        self.reference = reference_roles(self.claims)
        self.reference_parents = reference_parents(self.claims)
        role_options = [(CHOOSE_ROLE, None)] + [(ROLE_LABELS[r], r) for r in ROLES]
        self.roles = {c: labelled(widgets.Dropdown(options=role_options, value=None), f"Role of {r}") for c, r in self.refs.items()}
        short = {c: f"{r} · {p[:60]}{'…' if len(p) > 60 else ''}" for c, r, p in zip(self.claims["claim_id"], self.claims["ref"], self.claims["paraphrase"])}
        self.parents = {
            c: labelled(
                widgets.Dropdown(
                    options=[(CHOOSE_PARENT, None), (MAIN_LABEL, MAIN)] + [(short[o], o) for o in self.refs if o != c],
                    value=None, layout=widgets.Layout(width="95%"),
                ),
                f"{r} supports",
            )
            for c, r in self.refs.items()
        }
        self.own_warrant = _text_box(
            "An assumption the argument needs but never states, and the reference of the claim it props up (for "
            "example C05).", "Your hidden warrant", 4.8,
        )
        self.warrants = {
            w.warrant_id: widgets.Checkbox(value=False, description=str(w.warrant), indent=False, layout=widgets.Layout(width="auto"))
            for w in self.warrant_table.itertuples()
        }
        self.explanations = {
            c: _text_box("Why did you choose your answer? Write a sentence, then click outside the box.", "Your reason")
            for c in self.refs
        }
        self.reasons = {c: widgets.HTML() for c in self.refs}
        self.headers = {c: widgets.HTML() for c in self.refs}
        for claim, box in self.explanations.items():
            box.observe(lambda _, c=claim: self._reveal(c), names="value")
        self.discussions = {c: widgets.VBox([self.headers[c], self.explanations[c], self.reasons[c]], layout=BOX) for c in self.refs}

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        controls: dict[str, widgets.ValueWidget] = {f"role:{c}": w for c, w in self.roles.items()}
        controls |= {f"parent:{c}": w for c, w in self.parents.items()}
        controls |= {f"warrant:{w}": box for w, box in self.warrants.items()}
        return controls | {"own_warrant": self.own_warrant}

    def chosen(self) -> dict[str, str | None]:
        """The student's current role for every claim (None where not yet chosen)."""
        return {c: w.value for c, w in self.roles.items()}

    def chosen_parents(self) -> dict[str, str | None]:
        """What the student says each claim supports (MAIN for the main claim, None where not yet chosen)."""
        return {c: w.value for c, w in self.parents.items()}

    def named_warrants(self) -> list[str]:
        """The reference warrants the student ticked as close to their own (after the comparison opens)."""
        return [w for w, box in self.warrants.items() if box.value]

    def ready(self) -> bool:
        answered = all(w.value is not None for w in [*self.roles.values(), *self.parents.values()])
        return answered and bool(self.own_warrant.value.strip())

    def answers(self) -> dict:
        return {
            "roles": {c: r for c, r in self.chosen().items() if r is not None},
            "parents": {c: p for c, p in self.chosen_parents().items() if p is not None},
            "warrants": self.named_warrants(),
            "own_warrant": self.own_warrant.value,
            "explanations": {c: w.value for c, w in self.explanations.items() if w.value.strip()},
        }

    def apply(self, answers: dict) -> None:
        for field, controls in (("roles", self.roles), ("parents", self.parents)):
            given = answers.get(field, {})
            for claim, widget in controls.items():
                widget.value = given.get(claim)
        named = set(answers.get("warrants", []))
        for warrant, box in self.warrants.items():
            box.value = warrant in named
        self.own_warrant.value = answers.get("own_warrant", "")
        explanations = answers.get("explanations", {})
        for claim, widget in self.explanations.items():
            widget.value = explanations.get(claim, "")

    def defaults(self) -> dict:
        return {"roles": {}, "parents": {}, "warrants": [], "own_warrant": "", "explanations": {}}

    def _reveal(self, claim: str) -> None:
        """Show the reference reason for a claim only once the student has written their own."""
        if not self.explanations[claim].value.strip():
            self.reasons[claim].value = "<p><em>The reference map's reason appears here once you have written yours.</em></p>"
            return
        row = self.claims.set_index("claim_id").loc[claim]
        self.reasons[claim].value = (
            f"<p><strong>The reference map's reason for “{escape(ROLE_LABELS[str(row['role'])])}”:</strong> "
            f"{escape(str(row['role_reason']))}</p><p><small>Which reason is stronger? Either can be defended: "
            "the reference map is one careful reading, not the only one.</small></p>"
        )

    def _parent_name(self, parent: str | None) -> str:
        return "the main claim (it supports nothing else)" if parent == MAIN else f"{self.refs[str(parent)]}"

    def result(self) -> list[object]:
        roles, parents = self.chosen(), self.chosen_parents()
        tagged = sum(r is not None for r in roles.values())
        placed = sum(p is not None for p in parents.values())
        notes = (
            differences(roles, parents, self.reference, self.reference_parents, self.claims, "reference")
            if self.compared else {}
        )
        frame = map_frame(self.claims, roles, parents, notes)
        looped = int(frame["loop"].sum())
        subtitle = "Your map; rings mark where the reference map differs." if self.compared else "Your map so far: claims you have not placed stand at the left."
        items: list[object] = [
            HTML(
                f'<p class="reset-ledger-progress map-progress"><strong>{tagged} of {len(roles)} claims tagged</strong> · '
                f"{placed} of {len(parents)} placed in the map · hidden warrant: "
                f"{'written' if self.own_warrant.value.strip() else 'not yet'}</p>"
            ),
        ]
        if looped:
            items.append(note(f"{looped} claims support each other in a loop: an argument needs a claim at the top. Check what they support.", "warn"))
        items.append(argument_map_chart(frame, "Your map of the argument", subtitle))
        return items

    def comparison(self) -> list[object]:
        roles, parents = self.chosen(), self.chosen_parents()
        per_role = agreement_by_role(roles, self.reference)
        shown = pd.DataFrame(
            {
                "Role": per_role["label"],
                "Claims in the reference map": per_role["reference"],
                "You tagged the same": per_role["agreed"],
                "Agreement": per_role["percent"].map("{:.0f}%".format),
                "You used this role for": per_role["yours"],
            }
        )
        differing = [c for c in self.refs if c in set(disagreements(roles, self.reference)) | set(disagreements(parents, self.reference_parents))]
        indexed = self.claims.set_index("claim_id")
        for claim in differing:
            self.headers[claim].value = (
                f"<p><strong>{escape(self.refs[claim])}</strong> (paragraph {indexed.loc[claim, 'paragraph']}): you chose "
                f"<strong>{escape(ROLE_LABELS[str(roles[claim])])}</strong>, supporting {escape(self._parent_name(parents[claim]))}; "
                f"the reference map says <strong>{escape(ROLE_LABELS[self.reference[claim]])}</strong>, supporting "
                f"{escape(self._parent_name(self.reference_parents[claim]))}.</p>"
                + quoted(str(indexed.loc[claim, "quote"]))
            )
            self._reveal(claim)
        notes = differences(self.reference, self.reference_parents, roles, parents, self.claims, "you")
        reference_map = map_frame(self.claims, self.reference, self.reference_parents, notes)
        items: list[object] = [
            note(
                f"You and the reference map give the same role to {overall_agreement(roles, self.reference):.0f}% of the claims "
                f"and hang {overall_agreement(parents, self.reference_parents):.0f}% of them under the same claim. A difference "
                "is not a mistake: it is a place to argue. Roles overlap, and the reference map is one reading.",
                "info",
            ),
            argument_map_chart(reference_map, "The reference map", "Rings mark where your map differs; your answer is in brackets."),
            table(shown, "Agreement with the reference map, role by role"),
            agreement_chart(per_role),
            HTML("<h4>Both ends of the argument</h4>" + argument_ends(self.claims, article_record())),
        ]
        if differing:
            items.append(
                HTML(
                    f"<h4>Where you differ ({len(differing)} claims)</h4><p>For each claim, say why you chose your answer. "
                    "The reference map's reason appears once you have written yours.</p>"
                )
            )
            items.append(widgets.VBox([self.discussions[c] for c in differing]))
        else:
            items.append(note("You answered every claim as the reference map does.", "ok"))
        items.append(HTML("<h4>Hidden warrants: yours beside ours</h4>"))
        items.append(note(f"Your hidden warrant: {self.own_warrant.value.strip()} — what question would test it?", "info"))
        items.append(self.warrant_comparison())
        items.append(
            widgets.VBox(
                [widgets.HTML("<p><strong>Tick the warrants that are close to yours.</strong> Is yours on the list? If not, "
                              "does the argument need it too?</p>"), *self.warrants.values()]
            )
        )
        return items

    def warrant_comparison(self) -> object:
        """Every reference warrant with the claims that rest on it, the question that tests it and the sources."""
        frame = pd.DataFrame(
            {
                "Hidden warrant": self.warrant_table["warrant"].astype(str),
                "Claims that rest on it": [", ".join(self.refs[c] for c in ids) for ids in self.warrant_table["claim_ids"]],
                "A question to test it": self.warrant_table["question"].astype(str),
                "What the sources say": self.warrant_table["bears_on"].astype(str),
                "Sources": [cite(ids, self.sources) for ids in self.warrant_table["source_ids"]],
            }
        )
        return table(frame, "The reference map's hidden warrants, each with a test")

    def body(self) -> widgets.Widget:
        def card(claim: tuple) -> widgets.VBox:
            return widgets.VBox([widgets.HTML(_claim_header(claim)), self.roles[claim.claim_id], self.parents[claim.claim_id]], layout=BOX)

        warrant = widgets.VBox(
            [
                widgets.HTML(
                    "<p><strong>Your hidden warrant.</strong> Write one assumption the argument needs but never states, "
                    "and name the claim it props up. Ours appear after you compare.</p>"
                ),
                self.own_warrant,
            ]
        )
        return widgets.VBox([_paragraph_tabs(self.claims, card), warrant])

    def handout(self) -> list[object]:
        sheet = pd.DataFrame(
            {
                "Claim": self.claims["ref"].astype(str),
                "¶": self.claims["paragraph"],
                "The article's words": [f"“{q}”" for q in self.claims["quote"]],
                "In our words": self.claims["paraphrase"].astype(str),
                "Role (thesis, framing, give, take, aim, evidence, on the table, hope, counter-argument)": "",
                "It supports (a claim, or 'main')": "",
                "Why?": "",
            }
        )
        return [
            note(
                "On paper: beside every claim write its role and the claim it supports ('main' for the claim that supports "
                "no other), then draw your map as a tree. Below the table, write one hidden warrant and the claim it props up.",
                "info",
            ),
            table(sheet, "Worksheet: your map of the argument (quotes: Matthews, Newsweek)"),
        ]


class ChecksExercise(Exercise):
    """Check the article's checkable claims against what the sources report: a verdict and a note of the detail that
    decides it, after which our own check for that claim is shown."""

    name = "checks"
    has_comparison = False

    def build(self) -> None:
        claims = load("claims")
        self.refs = refs(claims)
        self.claims = checkable(claims)
        self.sources = load("sources")
        moment = article_record()["published"]
        events, disputes = load("events"), load("disagreements")
        self.disputes = {c: source_disputes(c, events, disputes, self.sources, moment) for c in self.claims["claim_id"]}
        options = [(CHOOSE_CHECK, None)] + [(CHECK_LABELS[c], c) for c in CHECKS]
        self.verdicts = {
            c.claim_id: labelled(widgets.Dropdown(options=options, value=None, layout=widgets.Layout(width="95%")), f"Your verdict on {c.ref}")
            for c in self.claims.itertuples()
        }
        self.notes = {
            c.claim_id: _text_box("The detail that decides it: a date, a name, a word, a motive…", "What you found")
            for c in self.claims.itertuples()
        }
        self.ours = {c: widgets.HTML() for c in self.claims["claim_id"]}

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {f"verdict:{c}": w for c, w in self.verdicts.items()} | {f"note:{c}": w for c, w in self.notes.items()}

    def answers(self) -> dict:
        return {
            "verdicts": {c: w.value for c, w in self.verdicts.items() if w.value is not None},
            "notes": {c: w.value for c, w in self.notes.items() if w.value.strip()},
        }

    def apply(self, answers: dict) -> None:
        for field, controls, empty in (("verdicts", self.verdicts, None), ("notes", self.notes, "")):
            given = answers.get(field, {})
            for claim, widget in controls.items():
                widget.value = given.get(claim, empty)

    def defaults(self) -> dict:
        return {"verdicts": {}, "notes": {}}

    def done(self, claim: str) -> bool:
        """A claim is checked once the student has a verdict and a note: only then is ours shown."""
        return self.verdicts[claim].value is not None and bool(self.notes[claim].value.strip())

    def result(self) -> list[object]:
        indexed = self.claims.set_index("claim_id")
        agree = 0
        for claim, box in self.ours.items():
            if not self.done(claim):
                box.value = "<p><em>Our check appears here once you have chosen your verdict and written what you found.</em></p>"
                continue
            ours = str(indexed.loc[claim, "check"])
            agree += ours == self.verdicts[claim].value
            box.value = (
                f"<p><strong>Our check: {escape(CHECK_LABELS[ours])}.</strong> {escape(str(indexed.loc[claim, 'assessment']))}</p>"
                "<p><small>Same verdict, different verdict: which reading does the evidence support better?</small></p>"
            )
        checked = sum(self.done(c) for c in self.ours)
        return [
            HTML(
                f'<p class="reset-ledger-progress checks-progress"><strong>{checked} of {len(self.ours)} claims checked</strong>'
                + (f" · our check has the same verdict for {agree} of them" if checked else "") + "</p>"
            )
        ]

    def _evidence(self, claim: tuple) -> str:
        """What the sources report about a claim, where they disagree, and the sources in full: no verdict."""
        disputes = "".join(f"<li>{escape(d)}</li>" for d in self.disputes[claim.claim_id])
        listed = "".join(f"<li>{escape(line)}</li>" for line in cite(claim.source_ids, self.sources).splitlines())
        return (
            f"<p><strong>What the sources report:</strong> {escape(str(claim.evidence))}</p>"
            + (f"<p><strong>Where the sources disagree:</strong></p><ul>{disputes}</ul>" if disputes else "")
            + f"<details><summary>Sources</summary><ul>{listed}</ul></details>"
        )

    def body(self) -> widgets.Widget:
        def card(claim: tuple) -> widgets.VBox:
            return widgets.VBox(
                [
                    widgets.HTML(_claim_header(claim) + self._evidence(claim)),
                    self.verdicts[claim.claim_id],
                    self.notes[claim.claim_id],
                    self.ours[claim.claim_id],
                ],
                layout=BOX,
            )

        return _paragraph_tabs(self.claims, card)

    def handout(self) -> list[object]:
        sheet = pd.DataFrame(
            {
                "Claim": self.claims["ref"].astype(str),
                "The article's words": [f"“{q}”" for q in self.claims["quote"]],
                "What the sources report": [
                    str(c.evidence) + "".join(f"\nWhere the sources disagree: {d}" for d in self.disputes[c.claim_id])
                    for c in self.claims.itertuples()
                ],
                "Sources": [short_cite(ids, self.sources) for ids in self.claims["source_ids"]],
                "Your verdict": "",
                "The detail that decides it": "",
            }
        )
        return [
            note(
                "On paper: for each claim, read what the sources report and write your verdict (" + "; ".join(CHECK_LABELS.values())
                + ") and the detail that decides it. Your teacher has our checks.",
                "info",
            ),
            table(sheet, "Worksheet: check the claims against the sources (quotes: Matthews, Newsweek)"),
        ]
