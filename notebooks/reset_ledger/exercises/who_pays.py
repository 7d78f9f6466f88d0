"""Notebook 04: score every item for every party (from our default scores), see the net for each, test 'at Obama's
expense' both ways; then the ratification game, where a deal struck abroad must also win at home, under its own rule."""

from __future__ import annotations

from html import escape

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from reset_ledger.citations import cite, short_cite
from reset_ledger.data import load
from reset_ledger.exercise import Exercise, labelled, note, why_box
from reset_ledger.ledger import SIDE_LABELS
from reset_ledger.live import Bound
from reset_ledger.ratification import (
    HOUSE,
    SENATE,
    TREATY,
    crossovers_needed,
    review_chart,
    review_controls,
    review_outcome,
    review_sandbox_chart,
    treaty_outcome,
    treaty_sandbox_chart,
    veto_holders_needed,
    votes_needed,
    win_set_chart,
    win_set_controls,
    win_set_frame,
)
from reset_ledger.rendering import table
from reset_ledger.schema import IMPACT_RANGE
from reset_ledger.who_pays import (
    NO_SOURCE,
    default_scores,
    full_matrix,
    most_paid,
    net_by_stakeholder,
    net_with_allied_costs,
    score,
    who_pays_chart,
    who_pays_controls,
    who_pays_sandbox_chart,
)

THESIS = "T1"
PAYER = "us-administration"  # the party 'at Obama's expense' names
ALLIED_COST_WARRANT = "W2"
PUTNAM = "international-organization-1988"
# 'At Obama's expense', read two ways, each with the sources a student can check it against.
OTHERS_PAY = ("washington-times-2009-09-19", "china-daily-2008-08-26", "transitions-online-2010-04-28", "cornell-university-press-2005")
WASHINGTON_PAYS = ("washington-times-2009-09-19", "h-diplo-2023-02-10")
QUOTE = '<blockquote>“{}” <small>— Matthews, <em>Newsweek</em></small></blockquote>'
DISCOUNT_LABEL = "Count promises at half and hopes at a quarter (as in notebook 02)"


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def _score(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _votes(count: int) -> str:
    return f"{count} vote" if count == 1 else f"{count} votes"


class WhoPaysExercise(Exercise):
    """A score from −2 to +2 for every party and item, starting from our default scores (judgements, each with a
    sourced reason); the net per party follows live, and the comparison tests the article's 'at Obama's expense'
    both ways: the costs it lists fall on others, or Washington pays through its allies' trust."""

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
        self.chart_key: tuple | None = None
        for item in self.items.itertuples():
            slider = labelled(
                widgets.IntSlider(value=0, min=IMPACT_RANGE[0], max=IMPACT_RANGE[1], continuous_update=False), str(item.label)
            )
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
        """Put the chosen party's scores on the sliders, with the sourced reason behind each of our defaults."""
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
                    f"<p><small>Our default <strong>{_score(int(row['score']))}</strong> (a judgement): {escape(str(row['rationale']))} "
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
        start = "You are scoring from our default scores." if not changed else f"You have changed {changed} {'cell' if changed == 1 else 'cells'} from our default scores."
        return [
            HTML(
                f'<p class="reset-ledger-net"><strong>Lowest nets: {escape(lowest)}</strong> · '
                f"{escape(self.parties[PAYER])}: {_signed(payer)}<br>{escape(start)}</p>"
            ),
            self.chart(),
        ]

    def chart(self) -> Bound:
        """The heatmap and nets, built again only when another party is on show or another party's scores changed:
        the scores on the sliders and the weighting follow the controls in the page, so a step needs no new chart."""
        party = self.party.value
        key = (party, tuple(sorted((cell, v) for cell, v in self.scores.items() if cell[0] != party)))
        if key != self.chart_key:
            self.chart_key = key
            self.matrix_chart = who_pays_chart(self.scores, self.sourced, self.stakeholders, self.items, party, self.discounted.value)
        return Bound(self.matrix_chart, who_pays_controls(self.sliders, self.discounted))

    def comparison(self) -> list[object]:
        yours, ours = self.nets(self.scores), self.nets(self.sourced)
        shown = pd.DataFrame(
            {
                "Party": yours["label"],
                "Your net": yours["net"].map(_signed),
                "Net on our default scores": ours["net"].map(_signed),
            }
        )
        allied = net_with_allied_costs(self.scores, self.stakeholders, self.items, self.discounted.value, PAYER)
        payer_net = yours.set_index("stakeholder_id").loc[PAYER, "net"]
        gives = self.items[self.items["side"] == "give"]
        ledger = pd.DataFrame(
            {
                "What the US gave": gives["label"].astype(str),
                "Who bears the cost (our reading)": gives["who_pays"].astype(str),
                "Sources": [short_cite(ids, self.sources) for ids in gives["source_ids"]],
            }
        )
        chosen = self.parties[self.payer.value] if self.payer.value else "nobody yet"
        payer = self.parties[PAYER]
        thesis = self.claims.loc[THESIS]
        return [
            HTML(
                "<h4>What the article says</h4>" + QUOTE.format(escape(str(thesis["quote"])))
                + f"<p>Our reading: the sentence names one payer, Obama, which we take to mean the {escape(payer)}. "
                f"You named <strong>{escape(chosen)}</strong>.</p>"
            ),
            table(shown, "Net per party: your scores beside our default scores"),
            HTML(
                "<h4>Two readings of “at Obama's expense”</h4>"
                f"<p><strong>The costs fall on others.</strong> On your scores the {escape(payer)}'s own net is "
                f"{_signed(payer_net)}. The costs the article lists land on Poland, the Czech Republic, Georgia and Russia's "
                "protesters and a jailed critic (our reading). And Press finds that leaders judge a threat or a promise by "
                "the power and interests behind it now, more than by whether it was kept before, so a dropped plan need not "
                f"cost Washington its word elsewhere. <small>({escape(short_cite(OTHERS_PAY, self.sources))})</small></p>"
                f"<p><strong>Washington pays too.</strong> A defender of the phrase can answer that a promise dropped costs "
                "the one who made it: allies who saw the missile-defence plan go were left asking how far to rely on the next "
                "one, and leaders themselves worry that backing down marks them as weak (Lupton). If every loss of an ally "
                f"or partner counts against Washington too, the {escape(payer)}'s net becomes {_signed(allied)}. "
                f"<small>({escape(short_cite(WASHINGTON_PAYS, self.sources))})</small></p>"
            ),
            note(
                f"Each reading needs a warrant, and the article states neither. The second is hidden warrant "
                f"{ALLIED_COST_WARRANT} of notebook 01: '{self.warrant['warrant']}' Which one can you defend, and with what evidence?",
                "info",
            ),
            table(ledger, "Our reading: who bears each cost the article lists"),
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
                "On screen, the sliders under the chart recompute each party's net in your browser from our default "
                "scores. On the worksheet, write your own score (−2 to +2) beside each default.",
                "info",
            ),
            who_pays_sandbox_chart(self.stakeholders, self.items, self.sourced),
            table(sheet, "Worksheet: our default scores in brackets ([ ] = no sourced effect); write your score beside each"),
        ]


class WinSetExercise(Exercise):
    """Two deals, two rules at home. New START: how many senators of each party vote for the treaty (two-thirds
    needed). The nuclear deal: how many senators and representatives vote to block it, and whether the president
    signs or vetoes the resolution. The result says whether each goes ahead and the chart shows its win-set."""

    name = "win_set"
    compare_label = "Compare with the article"
    waiting = "Try both deals, move every slider once and set the president's choice to unlock the comparison."

    def build(self) -> None:
        self.rules = load("ratification").set_index("rule_id")
        congress = load("congress")
        self.blocs = congress[congress["chamber"] == SENATE].reset_index(drop=True)
        self.house = congress[congress["chamber"] == HOUSE].reset_index(drop=True)
        self.charts: dict[str, alt.LayerChart] = {}
        self.congress = congress
        self.items = load("ledger_items").set_index("item_id")
        self.claims = load("claims").set_index("claim_id")
        self.sources = load("sources")
        self.voting = {h: int(congress.loc[congress["chamber"] == h, "seats"].sum()) for h in (SENATE, HOUSE)}
        start = self.defaults()
        self.rule = labelled(widgets.ToggleButtons(options=[(str(r.label), rid) for rid, r in self.rules.iterrows()]), "Deal")
        self.rule.style = {"description_width": "initial", "button_width": "auto"}
        self.counts = {
            str(b.bloc_id): self._slider(start["support"][str(b.bloc_id)], int(b.seats), f"Senate, {b.label}: for the treaty")
            for b in self.blocs.itertuples()
        }
        self.against = {
            SENATE: self._slider(start["against"][SENATE], self.voting[SENATE], "Senators voting to block the deal"),
            HOUSE: self._slider(start["against"][HOUSE], self.voting[HOUSE], "Representatives voting to block the deal"),
        }
        self.president = labelled(
            widgets.ToggleButtons(options=[("Vetoes the resolution", False), ("Signs the resolution", True)], value=start["president_signs"]),
            "The president",
        )
        self.president.style = {"description_width": "initial", "button_width": "auto"}
        self.treaty_box = widgets.VBox(list(self.counts.values()))
        self.review_box = widgets.VBox([*self.against.values(), self.president])
        self.rule.observe(lambda _: self._show_controls(), names="value")
        self._show_controls()

    @staticmethod
    def _slider(value: int, top: int, label: str) -> widgets.IntSlider:
        slider = labelled(widgets.IntSlider(value=value, min=0, max=top, continuous_update=False), label)
        return slider

    def _procedure(self) -> str:
        return str(self.rules.loc[self.rule.value, "procedure"])

    def _show_controls(self) -> None:
        """Only the chosen deal's controls are on show: senators for a treaty, or both houses and the president for a review."""
        treaty = self._procedure() == TREATY
        self.treaty_box.layout.display = "" if treaty else "none"
        self.review_box.layout.display = "none" if treaty else ""

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return (
            {"rule": self.rule}
            | {f"for:{b}": s for b, s in self.counts.items()}
            | {f"against:{h}": s for h, s in self.against.items()}
            | {"president": self.president}
        )

    def answers(self) -> dict:
        return {
            "rule": self.rule.value,
            "support": {b: s.value for b, s in self.counts.items()},
            "against": {h: s.value for h, s in self.against.items()},
            "president_signs": self.president.value,
        }

    def apply(self, answers: dict) -> None:
        start = self.defaults()
        self.rule.value = answers.get("rule", start["rule"])
        for bloc, slider in self.counts.items():
            slider.value = answers.get("support", {}).get(bloc, start["support"][bloc])
        for house, slider in self.against.items():
            slider.value = answers.get("against", {}).get(house, start["against"][house])
        self.president.value = answers.get("president_signs", start["president_signs"])
        self._show_controls()

    def defaults(self) -> dict:
        """A party-line start: every senator of the president's party for the treaty and every Republican against
        both deals; the president vetoes a resolution against his own deal. A starting point, not a forecast."""
        first = str(self.blocs["bloc_id"].iloc[0])
        opposition = {h: int(self.congress.loc[self.congress["chamber"] == h, "seats"].iloc[1]) for h in (SENATE, HOUSE)}
        return {
            "rule": str(self.rules.index[0]),
            "support": {str(b): (int(n) if b == first else 0) for b, n in zip(self.blocs["bloc_id"], self.blocs["seats"])},
            "against": opposition,
            "president_signs": False,
        }

    def result(self) -> list[object]:
        rule = self.rules.loc[self.rule.value]
        label = str(rule["label"])
        if self._procedure() == TREATY:
            return self._treaty_result(label)
        return self._review_result(label)

    def _treaty_result(self, label: str) -> list[object]:
        support = [s.value for s in self.counts.values()]
        voting = self.voting[SENATE]
        result = treaty_outcome(sum(support), voting)
        first, second = self.blocs.iloc[0], self.blocs.iloc[1]
        verdict = "ratified" if result.passes else "not ratified"
        spare = f"{_votes(result.margin)} to spare" if result.passes else f"{_votes(-result.margin)} short"
        crossing = crossovers_needed(int(first["seats"]), voting)
        return [
            HTML(
                f'<p class="reset-ledger-ratification"><strong>{escape(label)}: {verdict}</strong>'
                f" — it needs {result.needed} of {voting} senators to vote for it; {sum(support)} back it, {spare}.<br>"
                f"If all {int(first['seats'])} senators of the {escape(str(first['label']))} back it, it needs {crossing} of the "
                f"{int(second['seats'])} {escape(str(second['label']))}.</p>"
            ),
            note("Starting point: the president's party all for, every Republican against. It is an assumption to change, not a forecast.", "info"),
            self.chart(),
        ]

    def chart(self) -> Bound:
        """The chosen deal's win-set, built once per deal: the counts and the president's choice follow the controls
        in the page, so a step needs no new chart."""
        rule = self.rule.value
        if rule not in self.charts:
            if self._procedure() == TREATY:
                frame = win_set_frame(int(self.blocs["seats"].iloc[0]), int(self.blocs["seats"].iloc[1]))
                support = {b: s.value for b, s in self.counts.items()}
                self.charts[rule] = win_set_chart(frame, self.blocs, support, str(self.rules.loc[rule, "label"]))
            else:
                self.charts[rule] = review_chart(self.voting, {h: s.value for h, s in self.against.items()}, self.president.value)
        if self._procedure() == TREATY:
            return Bound(self.charts[rule], win_set_controls(self.counts))
        return Bound(self.charts[rule], review_controls(self.against, self.president))

    def _review_result(self, label: str) -> list[object]:
        against = {h: s.value for h, s in self.against.items()}
        result = review_outcome(against, self.voting, self.president.value)
        verdict = "blocked" if result.blocked else "takes effect"
        majority = {h: votes_needed(n, "simple") for h, n in self.voting.items()}
        override = {h: votes_needed(n, "two-thirds") for h, n in self.voting.items()}
        names = {SENATE: "senators", HOUSE: "representatives"}
        counts = "; ".join(
            f"{against[h]} of {self.voting[h]} {names[h]} vote to block it "
            f"({'a majority' if result.majority[h] else 'short of a majority'}"
            f"{', and two-thirds' if result.two_thirds[h] else ''})"
            for h in (SENATE, HOUSE)
        )
        if self.president.value:
            how = f"The president signs, so majorities in both houses ({majority[SENATE]} senators and {majority[HOUSE]} representatives) would block it."
        else:
            how = (
                f"The president vetoes, so blocking it takes two-thirds of both houses: {override[SENATE]} senators and "
                f"{override[HOUSE]} representatives. {veto_holders_needed(self.voting[SENATE])} senators or "
                f"{veto_holders_needed(self.voting[HOUSE])} representatives standing by him are enough to save it."
            )
        return [
            HTML(
                f'<p class="reset-ledger-ratification"><strong>{escape(label)}: {verdict}</strong> — {escape(counts)}.<br>{escape(how)}</p>'
            ),
            note(
                "Starting point: every Republican in both houses votes to block the deal, no Democrat does, and the president "
                "vetoes. It is an assumption to change, not a forecast.",
                "info",
            ),
            self.chart(),
        ]

    def _needs(self, procedure: str) -> str:
        """What a deal needs at home, in one line."""
        if procedure == TREATY:
            return f"{votes_needed(self.voting[SENATE], 'two-thirds')} of {self.voting[SENATE]} senators for it"
        return (
            f"nothing, unless Congress acts: to block it over a veto, {votes_needed(self.voting[SENATE], 'two-thirds')} senators "
            f"and {votes_needed(self.voting[HOUSE], 'two-thirds')} representatives; {veto_holders_needed(self.voting[SENATE])} "
            f"senators or {veto_holders_needed(self.voting[HOUSE])} representatives can save it"
        )

    def comparison(self) -> list[object]:
        rows = []
        first = int(self.blocs["seats"].iloc[0])
        for rule in self.rules.itertuples():
            item = self.items.loc[rule.item_id]
            procedure = str(rule.procedure)
            crossing = crossovers_needed(first, self.voting[SENATE]) if procedure == TREATY else 0
            rows.append(
                {
                    "Deal": str(rule.label),
                    "The article's words": f"“{self.claims.loc[item['claim_id'], 'quote']}”",
                    "Where our ledger puts it": f"{SIDE_LABELS[str(item['side'])]} ({item['certainty']})",
                    "The rule at home": str(rule.description),
                    "What the president needs": self._needs(procedure),
                    "Votes needed from the other party": crossing,
                    "Sources": cite(rule.source_ids, self.sources),
                }
            )
        return [
            note(
                "The article mentions Congress once, for the nuclear deal, but not what either deal needed to win at home. "
                "Each had to: a second level of the game.",
                "info",
            ),
            table(pd.DataFrame(rows), "Two deals, two rules at home (the Congress of the time; see the notes under the game)"),
            HTML(
                "<p><strong>Two-level games.</strong> Putnam argues that a negotiator bargains at two tables at once: "
                "with the other country (level I) and with those who must ratify the deal at home (level II). The set of "
                "deals that would win at home is the <em>win-set</em>: the smaller it is, the harder a deal is to strike, "
                "though a negotiator can also point to it to ask for more (Putnam). "
                f"<small>({escape(cite([PUTNAM], self.sources))})</small></p>"
                "<p>The two rules give very different win-sets. A treaty needs two-thirds <em>for</em> it, so a third of the "
                "Senate plus one can sink it. A deal under review needs no vote at all: its opponents must win both houses, "
                "and against a veto two-thirds of each, so a third of either house plus one can save it.</p>"
            ),
            note("What the Senate and Congress actually did is revealed in notebook 06, with the forecasts you locked in 00.", "info"),
        ]

    def body(self) -> widgets.Widget:
        rules = "".join(
            f"<li><strong>{escape(str(r.label))}:</strong> {escape(str(r.description))} "
            f"<small>({escape(short_cite(r.source_ids, self.sources))})</small></li>"
            for r in self.rules.itertuples()
        )
        names = {SENATE: "The Senate", HOUSE: "The House of Representatives"}
        houses = "".join(
            f"<li>{names[h]}: "
            + "; ".join(
                f"{escape(str(b.label))} {int(b.seats)} <small>({escape(str(b.note))} {escape(short_cite(b.source_ids, self.sources))})</small>"
                for b in self.congress[self.congress["chamber"] == h].itertuples()
            )
            + "</li>"
            for h in (SENATE, HOUSE)
        )
        return widgets.VBox(
            [
                widgets.HTML(
                    f"<p><strong>The rules at home</strong></p><ul>{rules}</ul>"
                    f"<p><strong>The Congress the game uses</strong> (the Senate as it stood when the article appeared)</p><ul>{houses}</ul>"
                ),
                self.rule,
                self.treaty_box,
                self.review_box,
            ]
        )

    def handout(self) -> list[object]:
        sheet = pd.DataFrame(
            {
                "Deal": [str(r.label) for r in self.rules.itertuples()],
                "The rule": [str(r.description) for r in self.rules.itertuples()],
                "What the president needs": [self._needs(str(r.procedure)) for r in self.rules.itertuples()],
                "Your estimate of the votes": "",
                "Does it go ahead? Why?": "",
            }
        )
        return [
            note("On screen, the controls under each chart recompute the result in your browser.", "info", screen_only=True),
            treaty_sandbox_chart(self.blocs),
            review_sandbox_chart(self.voting),
            table(sheet, "Worksheet: the ratification game"),
        ]
