"""Your verdict: the numbers a student saved in notebooks 00 and 02–06 gathered in one place (a labelled default for
each one not saved), the completeness checks of a claim–evidence–reasoning–rebuttal write-up, the questions its
numbers raise, the author's own verdict laid out the same way, and the small ledger of the 'now you try' task.
Nothing here judges which way a verdict goes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from reset_ledger.citations import cite, cite_lens, display_date
from reset_ledger.data import load
from reset_ledger.gamble import (
    CHOICE_LABELS,
    FRAMING_SHORT,
    FRAMINGS,
    POLICY_LABELS,
    SWITCH_FUTURE,
    confrontation_line,
    expected_values,
    framed_payoffs,
    ongoing_items,
    overlaps_from_ledger,
    realisation,
    scores_from_ledger,
    switching_chance,
)
from reset_ledger.hindsight import coin_toss, outcomes
from reset_ledger.ledger import (
    DISCOUNTS,
    SIDE_LABELS,
    VALUE_RANGE,
    Score,
    author_ledger,
    author_scores,
    balance,
    balance_label,
    counted_once,
    discount_of,
    ledger_frame,
    overlap_groups,
    side_totals,
)
from reset_ledger.responses import Response
from reset_ledger.schema import CERTAINTIES, SIDES
from reset_ledger.theme import COST, GAIN, NEUTRAL, OKABE_ITO
from reset_ledger.vega import choose
from reset_ledger.weighing import WeightError, lens_distance, lens_weights, performance_matrix, ranking, shares, weighted_scores, winner

BETS, LEDGER, WEIGHTS, WHO_PAYS, GAMBLE, HINDSIGHT = (
    "00-start-here", "02-the-ledger", "03-weigh-it", "04-who-pays", "05-the-gamble", "06-hindsight",
)
# What 07 gathers. Not 01: its tags are about reading the argument, not numbers a verdict rests on.
EARLIER = (BETS, LEDGER, WEIGHTS, WHO_PAYS, GAMBLE, HINDSIGHT)
AUTHOR_LENS = "author"
EVEN = 50  # the middle of the 0–100 opinion scale: neither a good nor a bad deal

# How sure a claim is: Toulmin's qualifier, as words a student picks from.
STRENGTHS = ("certainly", "probably", "on balance", "possibly")
# The fewest words that count as a written part: enough for a sentence, never a judgement of its quality.
MIN_WORDS = {"claim": 8, "evidence": 6, "reasoning": 20, "rebuttal": 15, "reply": 15, "unless": 4}
MIN_EVIDENCE = 2

# The article's own verdict, laid out as a student's is: thesis, the counter it admits, its qualifier, the warrant it needs.
AUTHOR_CLAIM, AUTHOR_COUNTER, AUTHOR_QUALIFIER, AUTHOR_WARRANT = "T1", "X1", "X2", "W2"

# 'Now you try': other US–Russia deals on the timeline (event ids in events.csv), or one from the news.
TRANSFER_DEALS = ("A08", "A31", "F41")
OWN_DEAL = "own"
N_LINES = 6

WRITING_LINES = "\n".join(["_" * 44] * 3)  # ruled lines to write on in a printed worksheet

STAGES = ("00 · before reading", "06 · after hindsight", "07 · your final opinion")
STAGE_COLOURS = (OKABE_ITO[7], OKABE_ITO[3], OKABE_ITO[0])
STAGE_SHAPES = ("circle", "square", "diamond")


def words(text: str) -> int:
    """How many words a piece of writing has: the only measure of length the checks use."""
    return len(text.split())


# Gathering the student's numbers.

@dataclass(frozen=True)
class Found:
    """One row of 'your numbers': what it is, its value as shown, where it came from, and whether it was saved."""

    label: str
    shown: str
    origin: str
    saved: bool


@dataclass(frozen=True)
class Numbers:
    """The student's numbers from notebooks 00 and 02–06; where one was not saved, a labelled default stands in."""

    rows: tuple[Found, ...]
    saved: frozenset[str]  # the notebooks whose answers were found
    prior: int
    posterior: int | None
    balance: float
    lens: str | None  # the lens from 03 (as started from, or the closest to the weights); None if 03 is not saved
    leader: str | None
    advantage: float  # expected value of the reset minus that of confrontation, question 1 (the whole bet)
    choice: str | None


def _saved_as(response: Response) -> str:
    return f"Notebook {response.notebook[:2]}, saved as {response.pseudonym} on {response.saved_at[:10]}."


def policy_matrix() -> pd.DataFrame:
    """The scores of notebook 03's real options (the decoy left out), one row per option."""
    options = load("options")
    matrix = performance_matrix(load("performance"), options, load("criteria"))
    return matrix.loc[list(options.loc[options["kind"] == "policy", "option_id"])]


def closest_lens(raw: Mapping[str, float], lenses: Mapping[str, Mapping[str, float]]) -> tuple[str, float]:
    """The lens whose weights are nearest a student's, and how many points of weight apart (ties: the first listed)."""
    distances = {lens: lens_distance(raw, weights) for lens, weights in lenses.items()}
    lens = min(distances, key=distances.get)
    return lens, distances[lens]


def gather(saved: Mapping[str, Response | None]) -> Numbers:
    """Read each number from the answers saved in 00 and 02–06 (keyed by notebook id); stand in a labelled default for each one missing."""
    items, futures, forecasts = load("ledger_items"), load("futures"), load("forecasts")
    lenses = load("lenses").set_index("lens_id")["label"].astype(str)
    criteria = load("criteria").set_index("criterion_id")["label"].astype(str)
    options = load("options").set_index("option_id")["label"].astype(str)
    futures_labels = futures.set_index("future_id")["label"].astype(str)
    all_weights = lens_weights(load("lens_weights"))
    found = frozenset(notebook for notebook, response in saved.items() if response is not None)
    rows: list[Found] = []

    bets = saved.get(BETS)
    prior = int(bets.answers["bets"]["prior"]) if bets else EVEN
    rows.append(Found("First opinion, before reading (0–100)", str(prior),
                      _saved_as(bets) if bets else "Not saved in 00: the slider's starting point (even) stands in.", bool(bets)))

    ledger = saved.get(LEDGER)
    scores = (counted_once(overlaps_from_ledger(ledger.answers["ledger"]), scores_from_ledger(ledger.answers["ledger"], items))
              if ledger else author_ledger(items))
    total = balance(ledger_frame(items, scores))
    groups = len(overlaps_from_ledger(ledger.answers["ledger"])) if ledger else 0
    counted = f" Your {groups} overlap group(s) count once, as you chose in 02." if groups else " You grouped no items as overlapping."
    rows.append(Found("Ledger balance", f"{total:+.2f}",
                      _saved_as(ledger) + counted if ledger else "Not saved in 02: our reading of the article's ledger stands in, its overlap groups counted once.",
                      bool(ledger)))

    weighing = saved.get(WEIGHTS)
    raw = dict(weighing.answers["weights"]["weights"]) if weighing else all_weights[AUTHOR_LENS]
    lens: str | None = None
    if weighing:
        started = weighing.answers["weights"]["lens"]
        how = "the lens you started from in 03" if started else "the lens closest to your weights in 03"
        try:
            lens, apart = (started, lens_distance(raw, all_weights[started])) if started else closest_lens(raw, all_weights)
        except WeightError as error:
            rows.append(Found("Your lens", "none", f"{_saved_as(weighing)} {error}", True))
        else:
            rows.append(Found("Your lens", str(lenses[lens]), f"{how} ({apart:.0f} points of weight apart from it).", True))
    else:
        rows.append(Found("Your lens", "none yet", "Not saved in 03: choose your lens below.", False))
    matrix = policy_matrix()
    try:
        portion = shares({c: raw.get(c, 0) for c in matrix.columns})
        leader = winner(matrix, raw)
        score = weighted_scores(matrix, raw)
    except WeightError as error:
        leader = None
        shown = led = f"none: {error}"
    else:
        shown = ", ".join(f"{criteria[c]} {share:.0%}" for c, share in portion.items())
        led = f"{options[leader]} ({score[leader]:.1f} of 100)" if leader else "a tie at the top"
    weights_origin = _saved_as(weighing) if weighing else "Not saved in 03: our reading of the author's weights stands in."
    rows.append(Found("Weights (shares of the whole)", shown, weights_origin, bool(weighing)))
    rows.append(Found("Leader under those weights", led, weights_origin, bool(weighing)))

    who_pays = saved.get(WHO_PAYS)
    payer = who_pays.answers["who_pays"]["payer"] if who_pays else ""
    parties = load("stakeholders").set_index("stakeholder_id")["label"].astype(str)
    rows.append(Found("Who pays most, in your view", parties[payer] if payer else "none chosen",
                      _saved_as(who_pays) if who_pays else "Not saved in 04.", bool(payer)))

    gamble = saved.get(GAMBLE)
    if gamble:
        results = gamble.answers["gamble"]["results"]
        choice = gamble.answers["gamble"].get("choice")
    else:
        chances = {f: int(p) for f, p in zip(futures["future_id"], futures["default_probability"])}
        confronting = confrontation_line(load("confrontation"), list(futures["future_id"]))
        framed = framed_payoffs(author_scores(items), realisation(futures), confronting, ongoing_items(items), overlap_groups(items))
        results = {}
        for framing, payoffs in framed.items():
            switch = switching_chance(chances, payoffs)
            results[framing] = {"expected": expected_values(chances, payoffs)} | (
                {"switching": {"future": switch.future, "probability": switch.chance, "reset_wins_above": switch.reset_above}}
                if switch else {}
            )
        choice = None
    gamble_origin = (_saved_as(gamble) if gamble else
                     "Not saved in 05: our reading of the article's ledger (its overlap groups counted once) and confrontation's "
                     "defaults, at the starting chances, stand in.")
    expected = {q: results[q]["expected"] for q in FRAMINGS}
    rows.append(Found("Expected values", " | ".join(
        f"{FRAMING_SHORT[q]}: " + " · ".join(f"{POLICY_LABELS[p]} {v:+.2f}" for p, v in expected[q].items()) for q in FRAMINGS
    ), gamble_origin, bool(gamble)))
    flips = []
    for framing in FRAMINGS:
        switching = results[framing].get("switching")
        if switching:
            side = "above" if switching["reset_wins_above"] else "below"
            flips.append(f"{FRAMING_SHORT[framing]}: at a {switching['probability']:.1f} % chance of "
                         f"'{futures_labels[switching['future']]}', {side} it the reset is worth more")
        else:
            flips.append(f"{FRAMING_SHORT[framing]}: no chance of '{futures_labels[SWITCH_FUTURE]}' from 0 to 100 % flips the choice")
    rows.append(Found("Switching chance", " | ".join(flips), gamble_origin, bool(gamble)))
    rows.append(Found("Your choice", CHOICE_LABELS[choice] if choice else "none saved",
                      _saved_as(gamble) if gamble else "Not saved in 05.", bool(gamble and choice)))

    hindsight = saved.get(HINDSIGHT)
    results = hindsight.answers["hindsight"].get("results") if hindsight else None
    if results:
        brier = f"{results['brier']:.3f} over {results['scored']} forecasts (a coin toss: {results['baseline']:.3f}; lower is better)"
    elif hindsight:
        brier = "not scored yet: open every reveal in 06, then save again"
    else:
        brier = f"none (a coin toss scores {coin_toss(outcomes(forecasts)):.3f}; lower is better)"
    rows.append(Found("Brier score", brier, _saved_as(hindsight) if hindsight else "Not saved in 06.", bool(results)))
    posterior = int(hindsight.answers["judgement"]["posterior"]) if hindsight else None
    rows.append(Found("Opinion after hindsight (0–100)", str(posterior) if hindsight else "none",
                      _saved_as(hindsight) if hindsight else "Not saved in 06.", bool(hindsight)))

    return Numbers(
        rows=tuple(rows), saved=found, prior=prior, posterior=posterior, balance=total, lens=lens, leader=leader,
        advantage=expected[FRAMINGS[0]]["reset"] - expected[FRAMINGS[0]]["confrontation"], choice=choice,
    )


def numbers_frame(numbers: Numbers) -> pd.DataFrame:
    """'Your numbers' as a table: each number, its value, whether it was saved, and where it comes from."""
    return pd.DataFrame(
        {
            "Your number": [r.label for r in numbers.rows],
            "Value": [r.shown for r in numbers.rows],
            "Saved?": ["yes" if r.saved else "no: a default" for r in numbers.rows],
            "Where it comes from": [r.origin for r in numbers.rows],
        }
    )


# Do the numbers and the opinion point the same way? A question to answer, never an error.

@dataclass(frozen=True)
class Signal:
    """One saved number read as a lean: +1 towards 'a good deal for the US', −1 against."""

    name: str
    shown: str
    lean: int


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def signals(numbers: Numbers, option_labels: Mapping[str, str]) -> list[Signal]:
    """The leans of the numbers the student saved (defaults say nothing about the student, so they give none)."""
    found: list[Signal] = []
    if LEDGER in numbers.saved and numbers.balance:
        found.append(Signal("your ledger balance in 02", f"{numbers.balance:+.2f}", _sign(numbers.balance)))
    leans = {"reset": 1, "confrontation": -1}
    if WEIGHTS in numbers.saved and numbers.leader in leans:
        found.append(Signal("the leader under your weights in 03", option_labels[numbers.leader], leans[numbers.leader]))
    if GAMBLE in numbers.saved and numbers.advantage:
        found.append(Signal("your expected values in 05 (question 1, the whole bet)",
                            f"the reset {numbers.advantage:+.2f} against confrontation", _sign(numbers.advantage)))
    if GAMBLE in numbers.saved and numbers.choice in leans:
        found.append(Signal("your choice in 05", CHOICE_LABELS[numbers.choice], leans[numbers.choice]))
    return found


def questions(opinion: int, found: Sequence[Signal]) -> list[str]:
    """A question for each saved number that leans against the final opinion; none for an even opinion."""
    lean = _sign(opinion - EVEN)
    if not lean:
        return []
    side = "a good deal" if lean > 0 else "a bad deal"
    return [
        f"Your final opinion ({opinion}) says the reset was {side} for the US, but {s.name} ({s.shown}) points the other "
        "way. What makes the difference: something those numbers leave out, or a reason they matter less to you? "
        "Answer it in your reasoning or your qualifier."
        for s in found
        if s.lean == -lean
    ]


# Completeness: each part there and long enough, the lenses apart. Never the direction of the verdict.

@dataclass(frozen=True)
class Check:
    """Whether one part of the write-up (a rubric row) is complete, and what is left to do."""

    part: str
    done: bool
    message: str


def rebuttal_lens_problem(own: str, rebuttal: str, lens_labels: Mapping[str, str]) -> str | None:
    """Why a rebuttal lens is refused (it is the student's own lens), or None when it may stand."""
    if own and rebuttal and own == rebuttal:
        return (
            f"The rebuttal must come from a different lens than your own: {lens_labels[own]} is your own lens. "
            "Choose another lens for the rebuttal."
        )
    return None


def _written(text: str, part: str) -> tuple[int, bool]:
    n = words(text)
    return n, n >= MIN_WORDS[part]


def checks(verdict: Mapping, evidence_labels: Mapping[str, str], lens_labels: Mapping[str, str]) -> list[Check]:
    """One check per rubric row: is each part there, long enough, from the right lens? (Its quality is for a reader.)"""
    found: list[Check] = []

    n, ok = _written(verdict.get("claim", ""), "claim")
    found.append(Check("claim", ok, f"Claim: written ({n} words)." if ok
                       else f"Claim: {n} word(s) so far; write at least {MIN_WORDS['claim']} that answer the question."))

    chosen = list(verdict.get("evidence", []))
    why = verdict.get("evidence_why", {})
    unexplained = [evidence_labels[e] for e in chosen if words(why.get(e, "")) < MIN_WORDS["evidence"]]
    if len(chosen) < MIN_EVIDENCE:
        found.append(Check("evidence", False, f"Evidence: {len(chosen)} sourced item(s) picked; pick at least {MIN_EVIDENCE}."))
    elif unexplained:
        found.append(Check("evidence", False, f"Evidence: say in at least {MIN_WORDS['evidence']} words what each item shows; "
                                              f"still to do: {'; '.join(unexplained)}."))
    else:
        found.append(Check("evidence", True, f"Evidence: {len(chosen)} sourced items, each with what it shows."))

    own, rebuttal_lens = verdict.get("own_lens", ""), verdict.get("rebuttal_lens", "")
    n, ok = _written(verdict.get("reasoning", ""), "reasoning")
    if not own:
        found.append(Check("reasoning", False, "Reasoning: choose your own lens first."))
    else:
        found.append(Check("reasoning", ok, f"Reasoning: written through your lens, {lens_labels[own]} ({n} words)." if ok
                           else f"Reasoning: {n} word(s) so far; write at least {MIN_WORDS['reasoning']} that link your "
                                f"evidence to your claim through your lens ({lens_labels[own]})."))

    problem = rebuttal_lens_problem(own, rebuttal_lens, lens_labels)
    n, ok = _written(verdict.get("rebuttal", ""), "rebuttal")
    m, replied = _written(verdict.get("reply", ""), "reply")
    if not rebuttal_lens:
        found.append(Check("rebuttal", False, "Rebuttal: choose a lens for the other side, different from your own."))
    elif problem:
        found.append(Check("rebuttal", False, "Rebuttal: " + problem))
    elif not ok:
        found.append(Check("rebuttal", False, f"Rebuttal: {n} word(s) so far; make the other side's case ({lens_labels[rebuttal_lens]}) "
                                              f"against your claim in at least {MIN_WORDS['rebuttal']}."))
    elif not replied:
        found.append(Check("rebuttal", False, f"Rebuttal: your reply has {m} word(s); answer the case in at least {MIN_WORDS['reply']}."))
    else:
        found.append(Check("rebuttal", True, f"Rebuttal: the other side's case ({lens_labels[rebuttal_lens]}), answered."))

    n, ok = _written(verdict.get("unless", ""), "unless")
    if not verdict.get("strength"):
        found.append(Check("qualifier", False, "Qualifier: choose how sure your claim is."))
    else:
        found.append(Check("qualifier", ok, f"Qualifier: '{verdict['strength']}', with a condition." if ok
                           else f"Qualifier: finish the 'unless …' condition (at least {MIN_WORDS['unless']} words)."))
    return found


def automatic_checks() -> dict[str, str]:
    """What the notebook itself checks for each rubric row: presence, length and the lens rule, nothing else."""
    return {
        "claim": f"Written, at least {MIN_WORDS['claim']} words, beside a final opinion from 0 to 100.",
        "evidence": f"At least {MIN_EVIDENCE} sourced items, each with at least {MIN_WORDS['evidence']} words on what it shows.",
        "reasoning": f"Your own lens chosen; at least {MIN_WORDS['reasoning']} words.",
        "rebuttal": f"A lens different from your own; at least {MIN_WORDS['rebuttal']} words for its case and "
                    f"{MIN_WORDS['reply']} for your reply.",
        "qualifier": f"A strength chosen; an 'unless …' of at least {MIN_WORDS['unless']} words.",
    }


def rubric_frame(rubric: pd.DataFrame, blank_score: bool = False) -> pd.DataFrame:
    """The rubric as students read it: each part, what it asks, its three levels and what the notebook checks."""
    checked = automatic_checks()
    frame = pd.DataFrame(
        {
            "Part": rubric["part"].astype(str),
            "What it asks": rubric["asks"].astype(str),
            "0": rubric["level_0"].astype(str),
            "1": rubric["level_1"].astype(str),
            "2": rubric["level_2"].astype(str),
            "What this notebook checks (never which way you decide)": [checked[r] for r in rubric["row_id"]],
        }
    )
    if blank_score:
        frame["Score (0–2)"] = ""
    return frame


# Evidence: every sourced item a student may cite.

def evidence_catalogue(items: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The ledger items, then every event in date order: each with its id, a label, its date(s), what it is, its sources."""
    indexed = events.set_index("event_id")
    rows = []
    for item in items.itertuples():
        dated = sorted(item.event_ids, key=lambda e: indexed.loc[e, "date"])
        rows.append(
            {
                "evidence_id": f"item:{item.item_id}",
                "label": f"Ledger · {item.label}",
                "dates": "\n".join(f"{display_date(indexed.loc[e, 'date'], indexed.loc[e, 'precision'])}: {indexed.loc[e, 'title']}"
                                   for e in dated),
                "detail": str(item.context),
                "sources": cite(item.source_ids, sources),
            }
        )
    for event in events.sort_values(["date", "event_id"], kind="stable").itertuples():
        when = display_date(event.date, event.precision)
        rows.append(
            {
                "evidence_id": f"event:{event.event_id}",
                "label": f"Event · {when}: {event.title}",
                "dates": when,
                "detail": str(event.description),
                "sources": cite(event.source_ids, sources),
            }
        )
    return pd.DataFrame(rows)


# The author's verdict and the lenses', beside the student's.

def _quoted(claim: pd.Series) -> str:
    return f"“{claim['quote']}” (Matthews, Newsweek). In our words: {claim['paraphrase']}"


def side_by_side(verdict: Mapping, evidence_labels: Mapping[str, str], lens_labels: Mapping[str, str],
                 claims: pd.DataFrame, warrants: pd.DataFrame, author_balance: float) -> pd.DataFrame:
    """The student's write-up part by part beside the article's own: its thesis, its qualifier, the ledger it
    lists, the warrant it leaves unstated, and the other side it admits."""
    claims, warrants = claims.set_index("claim_id"), warrants.set_index("warrant_id")
    why = verdict.get("evidence_why", {})
    own, other = verdict.get("own_lens", ""), verdict.get("rebuttal_lens", "")
    unless = verdict.get("unless", "")
    return pd.DataFrame(
        [
            {"Part": "Claim", "Yours": f"{verdict.get('claim', '')}\n(final opinion: {verdict.get('posterior', EVEN)} of 100)",
             "The article": _quoted(claims.loc[AUTHOR_CLAIM])},
            {"Part": "Qualifier", "Yours": f"{verdict.get('strength') or '(no strength chosen)'}" + (f", unless {unless}" if unless else ""),
             "The article": _quoted(claims.loc[AUTHOR_QUALIFIER])},
            {"Part": "Evidence", "Yours": "\n".join(f"{evidence_labels[e]}: {why.get(e, '')}" for e in verdict.get("evidence", [])),
             "The article": f"The gives and takes it lists (notebook 02). As we read it, its own ledger balances at {author_balance:+.2f} (our overlap groups counted once)."},
            {"Part": "Reasoning", "Yours": (f"[{lens_labels[own]}] " if own else "") + verdict.get("reasoning", ""),
             "The article": f"Never stated. The hidden warrant it needs (notebook 01): {warrants.loc[AUTHOR_WARRANT, 'warrant']}"},
            {"Part": "Rebuttal", "Yours": (f"[{lens_labels[other]}] " if other else "") + verdict.get("rebuttal", "")
             + f"\nYour reply: {verdict.get('reply', '')}",
             "The article": _quoted(claims.loc[AUTHOR_COUNTER])},
        ]
    )


def lens_framings(lenses: pd.DataFrame, weights: Mapping[str, Mapping[str, float]], matrix: pd.DataFrame,
                  option_labels: Mapping[str, str], sources: pd.DataFrame, article: pd.DataFrame) -> pd.DataFrame:
    """How each lens would frame the verdict: what it counts, which option its weights put first, and its sources."""
    rows = []
    for lens in lenses.itertuples():
        scores = weighted_scores(matrix, weights[lens.lens_id])
        top = winner(matrix, weights[lens.lens_id])
        order = ", ".join(f"{option_labels[o]} {scores[o]:.0f}" for o in ranking(scores))
        rows.append(
            {
                "Lens": str(lens.label),
                "What it counts": str(lens.justification),
                "Under its weights (notebook 03's scores, 0–100)": f"{option_labels[top] if top else 'A tie'} leads: {order}.",
                "Sources": cite_lens(lenses.set_index("lens_id").loc[lens.lens_id], sources, article),
            }
        )
    return pd.DataFrame(rows)


# Before and after: the opinion at three moments.

def opinion_frame(prior: int, prior_saved: bool, posterior: int | None, final: int) -> pd.DataFrame:
    """The opinion before reading (00), after hindsight (06, when saved) and now (07), each marked saved or not."""
    rows = [{"stage": STAGES[0], "opinion": prior, "saved": prior_saved}]
    if posterior is not None:
        rows.append({"stage": STAGES[1], "opinion": posterior, "saved": True})
    rows.append({"stage": STAGES[2], "opinion": final, "saved": True})
    frame = pd.DataFrame(rows)
    frame["label"] = [f"{o}" if s else f"{o} (not saved)" for o, s in zip(frame["opinion"], frame["saved"])]
    return frame


FINAL_OPINION = "final_opinion"  # the param `opinion_chart` reads the final opinion from


def opinion_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """The opinions as points joined by a line on the 0–100 scale; colour, shape and position name each moment,
    and a hollow point marks a default that stands in for an opinion not saved. The final opinion is a param
    (FINAL_OPINION) the chart reads, so the page can move it with the slider before the kernel has answered."""
    final = frame["stage"] == STAGES[2]
    rows = frame.assign(fixed=frame["opinion"].where(~final), fixed_label=frame["label"].where(~final))[["stage", "fixed", "fixed_label", "saved"]]
    x = alt.X("stage:N", sort=list(STAGES), scale=alt.Scale(domain=list(STAGES)), title=None, axis=alt.Axis(labelAngle=0, labelLimit=200))
    y = alt.Y("opinion:Q", scale=alt.Scale(domain=[0, 100]), title="Was the reset a good deal for the US? (0–100)")
    stage = alt.Color("stage:N", title="Moment", scale=alt.Scale(domain=list(STAGES), range=list(STAGE_COLOURS)), legend=alt.Legend(orient="bottom"))
    shape = alt.Shape("stage:N", scale=alt.Scale(domain=list(STAGES), range=list(STAGE_SHAPES)), legend=None)
    base = alt.Chart(rows).transform_calculate(
        opinion=f"datum.stage == {json.dumps(STAGES[2])} ? {FINAL_OPINION} : datum.fixed",
        label=f"datum.stage == {json.dumps(STAGES[2])} ? '' + {FINAL_OPINION} : datum.fixed_label",
    )
    line = base.mark_line(color=NEUTRAL, strokeDash=[4, 3]).encode(x=x, y=y)
    tooltip = [alt.Tooltip("stage:N", title="Moment"), alt.Tooltip("label:N", title="Opinion")]
    saved = base.transform_filter("datum.saved").mark_point(size=220, filled=True, opacity=1).encode(x=x, y=y, color=stage, shape=shape, tooltip=tooltip)
    missing = base.transform_filter("!datum.saved").mark_point(size=220, filled=False, strokeWidth=2).encode(x=x, y=y, color=stage, shape=shape, tooltip=tooltip)
    labels = base.mark_text(dx=16, align="left", fontSize=13).encode(x=x, y=y, text="label:N")
    even = alt.Chart(pd.DataFrame({"y": [EVEN], "text": ["50: even"]}))
    rule = even.mark_rule(color="#444", strokeDash=[2, 2]).encode(y="y:Q")
    rule_text = even.mark_text(align="left", baseline="bottom", x=2, dy=-2, color="#444").encode(y="y:Q", text="text:N")
    spoken = "".join(f"{s}: {label}; " for s, label in zip(frame["stage"][~final], frame["label"][~final]))
    return alt.layer(rule, rule_text, line, saved, missing, labels).add_params(
        alt.param(name=FINAL_OPINION, value=int(frame.loc[final, "opinion"].iloc[0]))
    ).properties(
        width=460,
        height=260,
        title=alt.Title("Your opinion: before, after hindsight, final", subtitle="0 = a very bad deal, 50 = even, 100 = a very good deal."),
        description=(
            f"Dot chart of your answer to 'was the reset a good deal for the US?' on a 0 to 100 scale at {len(frame)} moments: "
            f"{spoken}{STAGES[2]}: written beside its point and in the line under the chart. A dashed line marks 50 (even); "
            "a hollow point is a default standing in for an opinion not saved."
        ),
    )


def change_line(prior: int, prior_saved: bool, final: int) -> str:
    """The move from the first opinion to the final one, in words (no move to measure without a saved first opinion)."""
    if not prior_saved:
        return "You saved no first opinion in 00, so there is no change to measure: say where you think you started."
    move = final - prior
    if move == 0:
        return f"Your final opinion ({final}) is where you started ({prior})."
    return f"Your final opinion ({final}) is {abs(move)} points {'above' if move > 0 else 'below'} your first ({prior})."


# Now you try: a small ledger for another deal, scored with ledger.py.

def transfer_ledger(lines: Sequence[Mapping]) -> tuple[pd.DataFrame, dict[str, Score]]:
    """The lines a student named, as ledger items and scores that ledger.py can weigh (unnamed lines are left out)."""
    named = [(n, line) for n, line in enumerate(lines, start=1) if line["label"].strip()]
    items = pd.DataFrame(
        {
            "item_id": [f"line-{n}" for n, _ in named],
            "label": [f"{n}. {line['label'].strip()}" for n, line in named],
            "side": [line["side"] for _, line in named],
            "certainty": [line["certainty"] for _, line in named],
        }
    )
    scores = {f"line-{n}": Score(int(line["value"]), line["certainty"]) for n, line in named}
    return items, scores


def transfer_line(frame: pd.DataFrame) -> str:
    """The other deal's balance in words, with the total of each side."""
    total, totals = balance(frame), side_totals(frame)
    per_side = " · ".join(f"{SIDE_LABELS[s]} {totals[s]:+.2f}" for s in SIDES)
    if total > 0:
        verdict = "on your scores the US gets more than it gives"
    elif total < 0:
        verdict = "on your scores the US gives more than it gets"
    else:
        verdict = "on your scores the give and the take cancel out"
    return f"Balance {total:+.2f}: {verdict} ({per_side})."


def transfer_sandbox_chart(lines: int = N_LINES) -> alt.LayerChart:
    """The blank ledger without a kernel: a worth slider and a certainty menu per line, the balance recomputed in the page."""
    names = [f"Line {n}" for n in range(1, lines + 1)]
    worth = [
        alt.param(name=f"worth_{n}", value=0,
                  bind=alt.binding_range(min=VALUE_RANGE[0], max=VALUE_RANGE[1], step=1, name=f"Line {n}: worth to the US "))
        for n in range(1, lines + 1)
    ]
    certainty = [
        alt.param(name=f"certainty_{n}", value=CERTAINTIES[0],
                  bind=alt.binding_select(options=list(CERTAINTIES), name=f"Line {n}: certainty "))
        for n in range(1, lines + 1)
    ]

    def pick(prefix: str, otherwise: str) -> str:
        return choose("datum.line", {name: f"{prefix}_{n}" for n, name in enumerate(names, start=1)}, otherwise)

    kinds = ["a gain", "a cost", "nothing yet"]
    base = (
        alt.Chart(pd.DataFrame({"line": names}))
        .transform_calculate(worth=pick("worth", "0"), certainty=pick("certainty", "''"))
        .transform_calculate(contribution=f"datum.worth * {discount_of('datum.certainty')}")
        .transform_calculate(kind="datum.contribution > 0 ? 'a gain' : datum.contribution < 0 ? 'a cost' : 'nothing yet'")
    )
    bars = base.mark_bar().encode(
        y=alt.Y("line:N", sort=names, title=None),
        x=alt.X("contribution:Q", title="Worth to the US × certainty", scale=alt.Scale(domain=list(VALUE_RANGE))),
        color=alt.Color("kind:N", title="This line is", scale=alt.Scale(domain=kinds, range=[GAIN, COST, NEUTRAL]), legend=alt.Legend(orient="bottom")),
    ).add_params(*(param for pair in zip(worth, certainty) for param in pair))
    return alt.layer(bars, balance_label(base)).properties(
        width=460,
        height=28 * lines,
        title=alt.Title("Another deal's ledger, in the browser",
                        subtitle="Write each line's item on the worksheet, then set its worth and certainty below the chart."),
        description=(
            f"Interactive bar chart of a blank {lines}-line ledger: each line has a worth slider (−5 to +5) and a certainty menu; "
            "bars right of zero are gains, left are costs, and the balance at the top is recomputed in the page."
        ),
    )


# Worksheets for the printable handout.

def numbers_worksheet(numbers: Numbers) -> pd.DataFrame:
    """'Your numbers' on paper: each number, the default shown without saved answers, and a blank to copy yours into."""
    return pd.DataFrame(
        {
            "Your number": [r.label for r in numbers.rows],
            "Without your saved answers": [r.shown for r in numbers.rows],
            "Yours (from your earlier worksheets)": "",
        }
    )


def cerr_worksheet() -> pd.DataFrame:
    """The write-up frame with blank lines: claim and qualifier, evidence, reasoning, rebuttal and reply."""
    blank = WRITING_LINES
    parts = [
        ("Final opinion", "Was the reset a good deal for the US? (0 = a very bad deal, 50 = even, 100 = a very good deal)", "0–100: ____"),
        ("Claim", "Was the reset a good deal for the US? Answer in your own words.", blank),
        ("Qualifier", f"How sure? ({' / '.join(STRENGTHS)}) … unless …", blank),
    ]
    parts += [(f"Evidence {n}", "A sourced item (ledger item or event, with its date and source), and what it shows.", blank)
              for n in range(1, MIN_EVIDENCE + 2)]
    parts += [
        ("Your lens", "Which theory lens is yours?", "____"),
        ("Reasoning", "Why does your evidence support your claim? The principle that links them, through your lens.", blank),
        ("Rebuttal lens", "A different lens from yours.", "____"),
        ("Rebuttal", "The strongest case against your claim from that lens.", blank),
        ("Reply", "Your answer to it.", blank),
    ]
    return pd.DataFrame(parts, columns=["Part", "Prompt", "Your answer"])


def opinion_worksheet() -> pd.DataFrame:
    """The three opinions on paper, and the line to explain the change."""
    return pd.DataFrame(
        {
            "Moment": list(STAGES) + ["What changed your mind, or kept it?"],
            "Your opinion (0–100)": ["____", "____", "____", WRITING_LINES],
        }
    )


def transfer_worksheet(lines: int = N_LINES) -> pd.DataFrame:
    """The blank ledger for another deal: one row per line, every column to fill by hand."""
    discounts = ", ".join(f"{c} × {d:g}" for c, d in DISCOUNTS.items())
    return pd.DataFrame(
        {
            "Line": [f"Line {n}" for n in range(1, lines + 1)] + ["Balance"],
            "Item": [""] * lines + ["add up the last column"],
            "Side (give / take / on the table / hoped for)": "",
            "Worth to the US (−5 to +5)": "",
            f"Certainty ({discounts})": "",
            "Worth × certainty": "",
        }
    )
