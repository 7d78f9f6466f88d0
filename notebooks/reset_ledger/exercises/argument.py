"""Notebook 01: give every claim a role, name a hidden warrant, then compare with the reference map and
explain each disagreement before its reason is shown."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from reset_ledger.argument import (
    ROLE_LABELS,
    agreement_by_role,
    agreement_chart,
    argument_map_chart,
    disagreements,
    map_frame,
    overall_agreement,
    reference_roles,
)
from reset_ledger.citations import cite
from reset_ledger.data import load
from reset_ledger.exercise import Exercise, labelled, note
from reset_ledger.rendering import table
from reset_ledger.schema import ROLES

CHOOSE = "— choose a role —"
QUOTE = '<blockquote>“{}” <small>— Matthews, <em>Newsweek</em></small></blockquote>'


class RolesExercise(Exercise):
    """A role for each of the article's claims and at least one hidden warrant; the comparison asks for a reason
    before it shows the reference map's reason for any claim tagged differently."""

    name = "roles"
    compare_label = "Compare with the reference map"
    waiting = "Give every claim a role and name at least one hidden warrant to unlock the comparison."

    def build(self) -> None:
        self.claims = load("claims")
        self.warrant_table = load("warrants")
        self.sources = load("sources")
        self.reference = reference_roles(self.claims)
        options = [(CHOOSE, None)] + [(ROLE_LABELS[r], r) for r in ROLES]
        self.roles = {
            c: labelled(widgets.Dropdown(options=options, value=None), f"Role of {c}") for c in self.claims["claim_id"]
        }
        self.warrants = {
            w.warrant_id: widgets.Checkbox(value=False, description=str(w.warrant), indent=False, layout=widgets.Layout(width="auto"))
            for w in self.warrant_table.itertuples()
        }
        self.own_warrant = widgets.Textarea(
            placeholder="Another assumption the argument needs but never states (optional)",
            description="Your own hidden warrant",
            continuous_update=False,
            layout=widgets.Layout(width="100%", height="3.6em"),
            style={"description_width": "initial"},
        )
        self.explanations: dict[str, widgets.Textarea] = {}
        self.reasons: dict[str, widgets.HTML] = {}
        self.discussions: dict[str, widgets.VBox] = {}
        for claim in self.claims.itertuples():
            self.explanations[claim.claim_id] = widgets.Textarea(
                placeholder="Why did you choose your role? Write a sentence, then click outside the box.",
                description="Your reason",
                continuous_update=False,
                layout=widgets.Layout(width="100%", height="3.6em"),
                style={"description_width": "initial"},
            )
            self.reasons[claim.claim_id] = widgets.HTML()
            self.explanations[claim.claim_id].observe(lambda _, c=claim.claim_id: self._reveal(c), names="value")
            self.discussions[claim.claim_id] = widgets.VBox(
                [widgets.HTML(), self.explanations[claim.claim_id], self.reasons[claim.claim_id]],
                layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="0 0 8px 0"),
            )

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        controls: dict[str, widgets.ValueWidget] = {f"role:{c}": w for c, w in self.roles.items()}
        controls |= {f"warrant:{w}": box for w, box in self.warrants.items()}
        return controls | {"own_warrant": self.own_warrant}

    def chosen(self) -> dict[str, str | None]:
        """The student's current role for every claim (None where not yet chosen)."""
        return {c: w.value for c, w in self.roles.items()}

    def named_warrants(self) -> list[str]:
        """The candidate warrants the student ticked."""
        return [w for w, box in self.warrants.items() if box.value]

    def ready(self) -> bool:
        tagged = all(w.value is not None for w in self.roles.values())
        return tagged and bool(self.named_warrants() or self.own_warrant.value.strip())

    def answers(self) -> dict:
        return {
            "roles": {c: r for c, r in self.chosen().items() if r is not None},
            "warrants": self.named_warrants(),
            "own_warrant": self.own_warrant.value,
            "explanations": {c: w.value for c, w in self.explanations.items() if w.value.strip()},
        }

    def apply(self, answers: dict) -> None:
        roles = answers.get("roles", {})
        for claim, widget in self.roles.items():
            widget.value = roles.get(claim)
        named = set(answers.get("warrants", []))
        for warrant, box in self.warrants.items():
            box.value = warrant in named
        self.own_warrant.value = answers.get("own_warrant", "")
        explanations = answers.get("explanations", {})
        for claim, widget in self.explanations.items():
            widget.value = explanations.get(claim, "")

    def defaults(self) -> dict:
        return {"roles": {}, "warrants": [], "own_warrant": "", "explanations": {}}

    def _reveal(self, claim: str) -> None:
        """Show the reference reason for a claim only once the student has written their own."""
        if not self.explanations[claim].value.strip():
            self.reasons[claim].value = "<p><em>The reference map's reason appears here once you have written yours.</em></p>"
            return
        row = self.claims.set_index("claim_id").loc[claim]
        self.reasons[claim].value = (
            f"<p><strong>The reference map's reason for “{escape(ROLE_LABELS[str(row['role'])])}”:</strong> "
            f"{escape(str(row['role_reason']))}</p><p><small>Which reason is stronger? Either can be defended: "
            "the reference map is one careful reading, not the answer key.</small></p>"
        )

    def result(self) -> list[object]:
        chosen = self.chosen()
        tagged = sum(r is not None for r in chosen.values())
        warrants = len(self.named_warrants()) + bool(self.own_warrant.value.strip())
        frame = map_frame(self.claims, chosen, self.reference if self.compared else None)
        subtitle = "Your roles; rings mark where the reference map differs." if self.compared else "Your roles so far."
        return [
            HTML(
                f'<p class="reset-ledger-progress"><strong>{tagged} of {len(chosen)} claims tagged</strong> · '
                f"hidden warrants named: {warrants}</p>"
            ),
            argument_map_chart(frame, "The argument map", subtitle),
        ]

    def comparison(self) -> list[object]:
        chosen = self.chosen()
        per_role = agreement_by_role(chosen, self.reference)
        shown = pd.DataFrame(
            {
                "Role": per_role["label"],
                "Claims in the reference map": per_role["reference"],
                "You tagged the same": per_role["agreed"],
                "Agreement": per_role["percent"].map("{:.0f}%".format),
                "You used this role for": per_role["yours"],
            }
        )
        differing = disagreements(chosen, self.reference)
        indexed = self.claims.set_index("claim_id")
        for claim in differing:
            self.discussions[claim].children[0].value = (
                f"<p><strong>{escape(claim)}</strong> (paragraph {indexed.loc[claim, 'paragraph']}): you chose "
                f"<strong>{escape(ROLE_LABELS[chosen[claim]])}</strong>; the reference map says "
                f"<strong>{escape(ROLE_LABELS[self.reference[claim]])}</strong>.</p>"
                + QUOTE.format(escape(str(indexed.loc[claim, "quote"])))
            )
            self._reveal(claim)
        items: list[object] = [
            note(
                f"You and the reference map give the same role to {overall_agreement(chosen, self.reference):.0f}% of the claims. "
                "A difference is not a mistake: it is a place to argue. Roles overlap, and the reference map is one reading.",
                "info",
            ),
            table(shown, "Agreement with the reference map, role by role"),
            agreement_chart(per_role),
        ]
        if differing:
            items.append(
                HTML(
                    f"<h4>Where you differ ({len(differing)} claims)</h4><p>For each claim, say why you chose your role. "
                    "The reference map's reason appears once you have written yours.</p>"
                )
            )
            items.append(widgets.VBox([self.discussions[c] for c in differing]))
        else:
            items.append(note("You tagged every claim as the reference map does.", "ok"))
        items.append(HTML("<h4>Hidden warrants: what the sources say</h4>"))
        items.append(self.warrant_comparison())
        if self.own_warrant.value.strip():
            items.append(note(f"Your own warrant: {self.own_warrant.value.strip()} — what question would test it?", "info"))
        return items

    def warrant_comparison(self) -> object:
        """Every candidate warrant, whether the student named it, the question that tests it and the sources."""
        named = set(self.named_warrants())
        frame = pd.DataFrame(
            {
                "Hidden warrant": self.warrant_table["warrant"].astype(str),
                "You named it": ["✓ yes" if w in named else "—" for w in self.warrant_table["warrant_id"]],
                "Claims that rest on it": [", ".join(ids) for ids in self.warrant_table["claim_ids"]],
                "A question to test it": self.warrant_table["question"].astype(str),
                "What the sources say": self.warrant_table["bears_on"].astype(str),
                "Sources": [cite(ids, self.sources) for ids in self.warrant_table["source_ids"]],
            }
        )
        return table(frame, "Candidate hidden warrants, each with a test")

    def body(self) -> widgets.Widget:
        tabs, titles = [], []
        for paragraph, claims in self.claims.groupby("paragraph", sort=True):
            cards = [
                widgets.VBox(
                    [
                        widgets.HTML(
                            f"<p><strong>{escape(c.claim_id)}</strong></p>" + QUOTE.format(escape(str(c.quote)))
                            + f"<p><small>In our words: {escape(str(c.paraphrase))}</small></p>"
                        ),
                        self.roles[c.claim_id],
                    ],
                    layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="0 0 8px 0"),
                )
                for c in claims.itertuples()
            ]
            tabs.append(widgets.VBox(cards))
            titles.append(f"¶ {paragraph} ({len(cards)})")
        warrants = widgets.VBox(
            [
                widgets.HTML(
                    "<p><strong>Hidden warrants.</strong> Tick every assumption the argument needs but never states "
                    "(at least one), or write your own.</p>"
                ),
                *self.warrants.values(),
                self.own_warrant,
            ]
        )
        return widgets.VBox([widgets.Tab(children=tabs, titles=titles), warrants])

    def handout(self) -> list[object]:
        sheet = pd.DataFrame(
            {
                "Claim": self.claims["claim_id"].astype(str),
                "¶": self.claims["paragraph"],
                "The article's words": [f"“{q}”" for q in self.claims["quote"]],
                "Role (thesis, framing, give, take, aim, evidence, on the table, hope, counter-argument)": "",
                "Why this role?": "",
            }
        )
        warrants = pd.DataFrame(
            {
                "Candidate hidden warrant": self.warrant_table["warrant"].astype(str),
                "Claims that rest on it": [", ".join(ids) for ids in self.warrant_table["claim_ids"]],
                "Does the argument need it? (tick)": "",
            }
        )
        blank = map_frame(self.claims, {})
        return [
            note("On paper: write a role beside every claim on the map or in the worksheet, then tick at least one hidden warrant.", "info"),
            argument_map_chart(blank, "The argument map, to annotate", "Each line joins a claim to the claim it supports or qualifies."),
            table(sheet, "Worksheet: the role of every claim (quotes: Matthews, Newsweek)"),
            table(warrants, "Worksheet: hidden warrants (add your own below the table)"),
        ]
