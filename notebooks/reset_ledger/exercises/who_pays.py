"""Notebook 04: score every item for every party (sourced defaults), see the net for each, test 'at Obama's
expense'; then the ratification game, where a deal struck abroad must win enough senators at home."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from reset_ledger.citations import cite, short_cite
from reset_ledger.data import load
from reset_ledger.exercise import Exercise, labelled, note, why_box
from reset_ledger.ledger import SIDE_LABELS
from reset_ledger.ratification import (
    crossovers_needed,
    outcome,
    support_needed,
    win_set_chart,
    win_set_frame,
    win_set_sandbox_chart,
)
from reset_ledger.rendering import table
from reset_ledger.schema import IMPACT_RANGE
from reset_ledger.who_pays import (
    NO_SOURCE,
    default_scores,
    full_matrix,
    matrix_frame,
    most_paid,
    net_by_stakeholder,
    net_with_allied_costs,
    score,
    who_pays_chart,
    who_pays_sandbox_chart,
)

THESIS = "T1"
PAYER = "us-administration"  # the party 'at Obama's expense' names
ALLIED_COST_WARRANT = "W2"
PUTNAM = "international-organization-1988"
QUOTE = '<blockquote>“{}” <small>— Matthews, <em>Newsweek</em></small></blockquote>'
DISCOUNT_LABEL = "Count promises at half and hopes at a quarter (as in notebook 02)"


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def _score(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _votes(count: int) -> str:
    return f"{count} vote" if count == 1 else f"{count} votes"


def verdict(decides: str, passes: bool) -> str:
    """How the result reads: a treaty is ratified or not; a deal under review takes effect or is blocked."""
    if decides == "approve":
        return "ratified" if passes else "not ratified"
    return "takes effect" if passes else "blocked"


class WhoPaysExercise(Exercise):
    """A score from −2 to +2 for every party and item, starting from sourced defaults; the net per party follows
    live, and the comparison sets it against the article's 'at Obama's expense'."""

    name = "who_pays"
    compare_label = "Compare with the article"
    waiting = "Say who pays most on your scores, and why, to unlock the comparison."

    def build(self) -> None:
        self.stakeholders = load("stakeholders")
        self.items = load("ledger_items")
        self.impacts = load("impacts").set_index("impact_id")
        self.sources = load("sources")
        self.claims = load("claims").set_index("claim_id")
        self.warrant = load("warrants").set_index("warrant_id").loc[ALLIED_COST_WARRANT]
        self.parties = dict(zip(self.stakeholders["stakeholder_id"].astype(str), self.stakeholders["label"].astype(str)))
        self.sourced = default_scores(self.impacts)
        self.scores = dict(self.sourced)
        self.party = labelled(widgets.Dropdown(options=[(label, sid) for sid, label in self.parties.items()]), "Party to score")
        self.sliders: dict[str, widgets.IntSlider] = {}
        self.rationales: dict[str, widgets.HTML] = {}
        for item in self.items.itertuples():
            slider = labelled(
                widgets.IntSlider(value=0, min=IMPACT_RANGE[0], max=IMPACT_RANGE[1], continuous_update=False), str(item.label)
            )
            slider.style = {"description_width": "24em"}
            slider.layout = widgets.Layout(width="40em")
            slider.observe(lambda change, i=item.item_id: self._store(i, change["new"]), names="value")
            self.sliders[item.item_id] = slider
            self.rationales[item.item_id] = widgets.HTML()
        self.discounted = widgets.Checkbox(value=True, description=DISCOUNT_LABEL, indent=False, layout=widgets.Layout(width="auto"))
        self.payer = labelled(
            widgets.Dropdown(options=[("— choose a party —", None)] + [(label, sid) for sid, label in self.parties.items()], value=None),
            "On your scores, who pays most?",
        )
        self.why = why_box("Why? Does 'at Obama's expense' name the right payer? Write, then click outside the box.")
        self.why.continuous_update = False
        self.party.observe(lambda _: self._show_party(), names="value")
        self._show_party()

    def _store(self, item: str, value: int) -> None:
        """Keep a moved slider's value for the party on show (not while the sliders are being switched)."""
        if not self._quiet:
            self.scores[(self.party.value, item)] = value

    def _show_party(self) -> None:
        """Put the chosen party's scores on the sliders, with the sourced reason behind each default."""
        party = self.party.value
        self._quiet = True
        try:
            for item, slider in self.sliders.items():
                slider.value = score(self.scores, party, item)
        finally:
            self._quiet = False
        for item in self.sliders:
            key = f"{party}.{item}"
            if key in self.impacts.index:
                row = self.impacts.loc[key]
                self.rationales[item].value = (
                    f"<p><small>Sourced default <strong>{_score(int(row['score']))}</strong>: {escape(str(row['rationale']))} "
                    f"({escape(short_cite(row['source_ids'], self.sources))})</small></p>"
                )
            else:
                self.rationales[item].value = f"<p><small>Default 0. {escape(NO_SOURCE)}</small></p>"

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        controls: dict[str, widgets.ValueWidget] = {f"score:{i}": s for i, s in self.sliders.items()}
        return controls | {"discounted": self.discounted, "payer": self.payer, "why": self.why}

    def ready(self) -> bool:
        return self.payer.value is not None and bool(self.why.value.strip())

    def answers(self) -> dict:
        return {
            "scores": full_matrix(self.scores, self.parties, self.items["item_id"].astype(str)),
            "discounted": self.discounted.value,
            "payer": self.payer.value or "",
            "why": self.why.value,
        }

    def apply(self, answers: dict) -> None:
        saved = answers.get("scores", {})
        self.scores = dict(self.sourced)
        self.scores.update({(s, i): v for s, row in saved.items() for i, v in row.items()})
        self.discounted.value = answers.get("discounted", True)
        self.payer.value = answers.get("payer") or None
        self.why.value = answers.get("why", "")
        self._show_party()

    def defaults(self) -> dict:
        return {
            "scores": full_matrix(self.sourced, self.parties, self.items["item_id"].astype(str)),
            "discounted": True,
            "payer": "",
            "why": "",
        }

    def nets(self, scores: dict) -> pd.DataFrame:
        """Each party's net on these scores, weighted as the checkbox says."""
        return net_by_stakeholder(scores, self.stakeholders, self.items, self.discounted.value)

    def result(self) -> list[object]:
        net = self.nets(self.scores)
        changed = sum(score(self.scores, s, i) != score(self.sourced, s, i) for s in self.parties for i in self.sliders)
        lowest = ", ".join(f"{r.label} ({_signed(r.net)})" for r in most_paid(net).itertuples()) or "nobody has a negative net"
        payer = net.set_index("stakeholder_id").loc[PAYER, "net"]
        start = "You are scoring from the sourced defaults." if not changed else f"You have changed {changed} {'cell' if changed == 1 else 'cells'} from the sourced defaults."
        return [
            HTML(
                f'<p class="reset-ledger-net"><strong>Lowest nets: {escape(lowest)}</strong> · '
                f"{escape(self.parties[PAYER])}: {_signed(payer)}<br>{escape(start)}</p>"
            ),
            who_pays_chart(matrix_frame(self.scores, self.sourced, self.stakeholders, self.items), net, self.discounted.value),
        ]

    def comparison(self) -> list[object]:
        yours, sourced = self.nets(self.scores), self.nets(self.sourced)
        shown = pd.DataFrame(
            {
                "Party": yours["label"],
                "Your net": yours["net"].map(_signed),
                "Net on the sourced defaults": sourced["net"].map(_signed),
            }
        )
        allied = net_with_allied_costs(self.scores, self.stakeholders, self.items, self.discounted.value, PAYER)
        payer_net = yours.set_index("stakeholder_id").loc[PAYER, "net"]
        gives = self.items[self.items["side"] == "give"]
        ledger = pd.DataFrame(
            {
                "What the US gave": gives["label"].astype(str),
                "Who bears the cost (our data)": gives["who_pays"].astype(str),
                "Sources": [short_cite(ids, self.sources) for ids in gives["source_ids"]],
            }
        )
        chosen = self.parties[self.payer.value] if self.payer.value else "nobody yet"
        thesis = self.claims.loc[THESIS]
        return [
            HTML(
                "<h4>The article's answer</h4>" + QUOTE.format(escape(str(thesis["quote"])))
                + f"<p>The thesis ({THESIS}) names one payer: Obama, that is, the {escape(self.parties[PAYER])}. "
                f"You named <strong>{escape(chosen)}</strong>.</p>"
            ),
            table(shown, "Net per party: your scores beside the sourced defaults"),
            note(
                f"On your scores the {self.parties[PAYER]}'s net is {_signed(payer_net)}. If '{self.warrant['warrant']}' "
                f"(hidden warrant {ALLIED_COST_WARRANT}), every loss of an ally or partner counts against Washington too, "
                f"and its net becomes {_signed(allied)}. Both readings can be argued: which warrant does the article need?",
                "info",
            ),
            table(ledger, "Our data's reading: who bears each cost the article lists"),
            note("Nothing here is marked right or wrong. Compare your reasons with the article's and with the sources.", "info"),
        ]

    def body(self) -> widgets.Widget:
        rows = []
        for side in SIDE_LABELS:
            rows.append(widgets.HTML(f"<p><strong>{escape(SIDE_LABELS[side])}</strong></p>"))
            for item in self.items[self.items["side"] == side].itertuples():
                rows.append(widgets.VBox([self.sliders[item.item_id], self.rationales[item.item_id]]))
        question = widgets.VBox(
            [
                widgets.HTML("<p><strong>Your answer.</strong> When you have checked the parties you care about:</p>"),
                self.payer,
                self.why,
            ]
        )
        return widgets.VBox([self.party, *rows, self.discounted, question])

    def handout(self) -> list[object]:
        sheet = pd.DataFrame({"Item": self.items["label"].astype(str)})
        for sid, label in self.parties.items():
            sheet[label] = [
                f"[{self.sourced[(sid, i)]:+d}]" if (sid, i) in self.sourced else "[ ]" for i in self.items["item_id"]
            ]
        return [
            note(
                "In this handout the sliders under the chart recompute each party's net in your browser from the sourced "
                "defaults; no kernel is needed. On the worksheet, write your own score (−2 to +2) beside each default.",
                "info",
            ),
            who_pays_sandbox_chart(self.stakeholders, self.items, self.sourced),
            table(sheet, "Worksheet: sourced defaults in brackets ([ ] = no sourced effect); write your score beside each"),
        ]


class WinSetExercise(Exercise):
    """Choose a deal and how many senators of each bloc back it: the result says whether it is ratified and
    the chart shows the win-set, every split of the blocs that would ratify it."""

    name = "win_set"
    compare_label = "Compare with the article"
    waiting = "Try both deals and move every slider once to unlock the comparison."

    def build(self) -> None:
        self.rules = load("ratification").set_index("rule_id")
        self.blocs = load("senate")
        self.items = load("ledger_items").set_index("item_id")
        self.claims = load("claims").set_index("claim_id")
        self.sources = load("sources")
        self.voting = int(self.blocs["seats"].sum())
        self.rule = labelled(widgets.ToggleButtons(options=[(str(r.label), rid) for rid, r in self.rules.iterrows()]), "Deal")
        self.rule.style = {"description_width": "initial", "button_width": "auto"}
        start = self.defaults()["support"]
        self.counts = {
            str(b.bloc_id): labelled(
                widgets.IntSlider(value=start[b.bloc_id], min=0, max=int(b.seats), continuous_update=False), f"{b.label} for it"
            )
            for b in self.blocs.itertuples()
        }
        for slider in self.counts.values():
            slider.style = {"description_width": "24em"}
            slider.layout = widgets.Layout(width="44em")

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {"rule": self.rule} | {f"for:{b}": s for b, s in self.counts.items()}

    def answers(self) -> dict:
        return {"rule": self.rule.value, "support": {b: s.value for b, s in self.counts.items()}}

    def apply(self, answers: dict) -> None:
        self.rule.value = answers.get("rule", self.rule.options[0][1])
        for bloc, slider in self.counts.items():
            slider.value = answers.get("support", {}).get(bloc, 0)

    def defaults(self) -> dict:
        """The president's caucus (listed first) all for, everyone else against: a starting point, not a forecast."""
        first = str(self.blocs["bloc_id"].iloc[0])
        return {
            "rule": str(self.rules.index[0]),
            "support": {str(b): (int(n) if b == first else 0) for b, n in zip(self.blocs["bloc_id"], self.blocs["seats"])},
        }

    def result(self) -> list[object]:
        rule = self.rules.loc[self.rule.value]
        decides, majority = str(rule["decides"]), str(rule["majority"])
        support = [s.value for s in self.counts.values()]
        result = outcome(sum(support), self.voting, decides, majority)
        first, second = self.blocs.iloc[0], self.blocs.iloc[1]
        if decides == "approve":
            how = f"it needs {result.needed} of {self.voting} senators to vote for it"
        else:
            how = (
                f"it is stopped only if {self.voting - result.needed + 1} of {self.voting} senators vote to block it "
                "(only the Senate is modelled: the House would have to vote to block it too)"
            )
        spare = f"{_votes(result.margin)} to spare" if result.passes else f"{_votes(-result.margin)} short"
        crossing = crossovers_needed(int(first["seats"]), self.voting, decides, majority)
        frame = win_set_frame(int(first["seats"]), int(second["seats"]), decides, majority)
        return [
            HTML(
                f'<p class="reset-ledger-ratification"><strong>{escape(str(rule["label"]))}: {verdict(decides, result.passes)}</strong>'
                f" — {escape(how)}; {sum(support)} back it, {spare}.<br>If all {int(first['seats'])} senators of the "
                f"{escape(str(first['label']))} back it, it needs {crossing} of the {int(second['seats'])} {escape(str(second['label']))}.</p>"
            ),
            note("Starting point: the president's caucus all for, every Republican against. It is an assumption to change, not a forecast.", "info"),
            win_set_chart(frame, str(first["label"]), str(second["label"]), (support[0], support[1]), result, str(rule["label"]), verdict(decides, result.passes)),
        ]

    def comparison(self) -> list[object]:
        rows = []
        first = int(self.blocs["seats"].iloc[0])
        for rid, rule in self.rules.iterrows():
            item = self.items.loc[rule["item_id"]]
            rows.append(
                {
                    "Deal": str(rule["label"]),
                    "The article's words": f"“{self.claims.loc[item['claim_id'], 'quote']}”",
                    "Where the article's ledger puts it": f"{SIDE_LABELS[str(item['side'])]} ({item['certainty']})",
                    "What it needed at home": str(rule["description"]),
                    "Senators needed behind it": support_needed(self.voting, str(rule["decides"]), str(rule["majority"])),
                    "From outside the president's caucus": crossovers_needed(first, self.voting, str(rule["decides"]), str(rule["majority"])),
                    "Sources": cite(rule["source_ids"], self.sources),
                }
            )
        return [
            note(
                "The article counts these deals in its ledger as if Washington alone decided them. Each also had to win "
                "at home: a second level of the game that the article leaves out.",
                "info",
            ),
            table(pd.DataFrame(rows), "Two deals, two rules at home"),
            HTML(
                "<p><strong>Two-level games.</strong> Putnam argues that a negotiator bargains at two tables at once: "
                "with the other country (level I) and with those who must ratify the deal at home (level II). The set of "
                "deals that would win at home is the <em>win-set</em>: the smaller it is, the harder a deal is to strike, "
                "though a negotiator can also point to it to ask for more (Putnam). "
                f"<small>({escape(cite([PUTNAM], self.sources))})</small></p>"
            ),
            note("What the Senate and Congress actually did is revealed in notebook 06, with the forecasts you locked in 00.", "info"),
        ]

    def body(self) -> widgets.Widget:
        rules = "".join(
            f"<li><strong>{escape(str(r.label))}:</strong> {escape(str(r.description))} "
            f"<small>({escape(short_cite(r.source_ids, self.sources))})</small></li>"
            for r in self.rules.itertuples()
        )
        blocs = "".join(
            f"<li>{escape(str(b.label))}: {int(b.seats)} <small>({escape(str(b.note))} {escape(short_cite(b.source_ids, self.sources))})</small></li>"
            for b in self.blocs.itertuples()
        )
        return widgets.VBox(
            [
                widgets.HTML(f"<p><strong>The rules at home</strong></p><ul>{rules}</ul><p><strong>The Senate when the article appeared</strong></p><ul>{blocs}</ul>"),
                self.rule,
                *self.counts.values(),
            ]
        )

    def handout(self) -> list[object]:
        sheet = pd.DataFrame(
            {
                "Deal": [str(r.label) for r in self.rules.itertuples()],
                "The rule": [str(r.description) for r in self.rules.itertuples()],
                "Senators needed behind it": [support_needed(self.voting, str(r.decides), str(r.majority)) for r in self.rules.itertuples()],
                "Your estimate of senators for it": "",
                "Ratified? Why?": "",
            }
        )
        return [
            note("In this handout the controls under the chart recompute the result in your browser; no kernel is needed.", "info"),
            win_set_sandbox_chart(self.rules.reset_index(), self.blocs),
            table(sheet, "Worksheet: the ratification game"),
        ]
