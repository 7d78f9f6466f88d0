"""Notebook 07's pure logic: the numbers gathered from saved files, the completeness checks, the lens rule, the
questions the numbers raise, the author's verdict beside the student's, and the small ledger of another deal."""

from __future__ import annotations

import pytest
from conftest import drawn
from students import save_bets, save_everything, save_ledger, save_weights

from reset_ledger.data import load
from reset_ledger.ledger import balance, ledger_frame
from reset_ledger.responses import load_mine
from reset_ledger.schema import CERTAINTIES
from reset_ledger.verdict import (
    EARLIER,
    MIN_WORDS,
    Signal,
    checks,
    closest_lens,
    evidence_catalogue,
    gather,
    lens_framings,
    numbers_frame,
    FINAL_OPINION,
    opinion_chart,
    opinion_frame,
    policy_matrix,
    questions,
    rebuttal_lens_problem,
    side_by_side,
    signals,
    transfer_ledger,
    transfer_line,
    transfer_sandbox_chart,
)
from reset_ledger.weighing import lens_weights

LENSES = dict(zip(load("lenses")["lens_id"], load("lenses")["label"].astype(str)))
OPTIONS = dict(zip(load("options")["option_id"], load("options")["label"].astype(str)))


def saved(folder, pseudonym: str) -> dict:
    return {notebook: load_mine(notebook, pseudonym, folder) for notebook in EARLIER}


def row(numbers, label: str):
    return next(r for r in numbers.rows if r.label.startswith(label))


def evidence_labels() -> dict[str, str]:
    catalogue = evidence_catalogue(load("ledger_items"), load("events"), load("sources"))
    return dict(zip(catalogue["evidence_id"], catalogue["label"]))


# Gathering.

def test_a_student_with_everything_saved_gets_their_own_numbers(tmp_path):
    save_everything(tmp_path, "lark")
    numbers = gather(saved(tmp_path, "lark"))
    assert numbers.saved == frozenset(EARLIER) and all(r.saved for r in numbers.rows)
    assert numbers.prior == 30 and numbers.posterior == 70
    # 02: missile defence −3 × 1, Manas +4 × 1, New START +4 × 0.5, a halt to adventures +2 × 0.25; the rest skipped (0):
    # −3 + 4 + 2 + 0.5 = +3.50.
    assert numbers.balance == pytest.approx(3.5)
    assert row(numbers, "Ledger balance").shown == "+3.50"
    # 03: Afghanistan and nuclear risk at 100, the rest 0: the reset (80 + 55) / 2 = 67.5, conditional 60, confrontation 42.5.
    assert numbers.leader == "reset" and row(numbers, "Leader").shown == "Reset as done (67.5 of 100)"
    # No lens preset: the closest is realist (shares 60, 100, 80, 20, 0, 20 of 280 against ½, 0, ½, 0, 0, 0):
    # 50 × (80 + 100 + 60 + 20 + 0 + 20) / 280 = 50.0 points of weight apart.
    assert numbers.lens == "realist"
    assert row(numbers, "Your lens").shown == "Realist" and "closest to your weights in 03 (50 points" in row(numbers, "Your lens").origin
    assert row(numbers, "Weights").shown.startswith("Help on Afghanistan 50%, Stable relations with Russia 0%, Nuclear risk and arms sales 50%")
    assert row(numbers, "Who pays most").shown == "Georgia"
    # 05 and 06 are read as saved (students.py works them out); the lean is question 1's, the whole bet.
    assert numbers.advantage == pytest.approx(0.4) and numbers.choice == "reset"
    assert row(numbers, "Expected values").shown == (
        "Q1 worth making: The reset +3.20 · Confrontation +2.80 | Q2 worth continuing: The reset +2.20 · Confrontation +2.80")
    assert row(numbers, "Switching chance").shown == (
        "Q1 worth making: at a 17.0 % chance of 'Russia becomes a partner', above it the reset is worth more | "
        "Q2 worth continuing: at a 24.5 % chance of 'Russia becomes a partner', above it the reset is worth more")
    assert row(numbers, "Your choice").shown == "Keep the reset"
    assert row(numbers, "Brier score").shown == "0.250 over 6 forecasts (a coin toss: 0.250; lower is better)"
    assert row(numbers, "Opinion after hindsight").shown == "70"
    assert row(numbers, "First opinion").origin.startswith("Notebook 00, saved as lark on ")


def test_a_student_with_nothing_saved_gets_labelled_defaults(tmp_path):
    numbers = gather(saved(tmp_path, "nobody"))
    assert numbers.saved == frozenset() and not any(r.saved for r in numbers.rows)
    frame = numbers_frame(numbers)
    assert set(frame["Saved?"]) == {"no: a default"}
    assert numbers.prior == 50 and numbers.posterior is None and numbers.lens is None and numbers.choice is None
    # The article's ledger as we read it: gives −4 −4 −2 −2; takes +2 +1 + 2 × 0.5; on the table 1 × 0.5 + 0 − 1 × 0.5 − 1 × 0.5;
    # hopes (4 + 3 + 3) × 0.25: −12 + 4 − 0.5 + 2.5 = −6.00. Its overlap group counted once, as a student's are, the hopes
    # on arms sales and rogue states (0.75 each) give way to the delivered Iran sanctions (1): −6.00 − 1.50 = −7.50.
    assert row(numbers, "Ledger balance").shown == "-7.50"
    assert "our reading of the article's ledger stands in, its overlap groups counted once" in row(numbers, "Ledger balance").origin
    # The author's weights 25, 50, 65, 100, 50, 40 (sum 330):
    # conditional (70·25 + 45·50 + 50·65 + 50·100 + 30·50 + 45·40) / 330 = 15550 / 330 = 47.1.
    assert row(numbers, "Leader").shown == "Conditional reset (47.1 of 100)"
    # Our reading at 33, 34, 33 with confrontation's defaults (test_gamble.py has the arithmetic): question 1 −5.50 against
    # −1.35, flipping at 78.2 % partnership; question 2, only what is done for good sunk, −1.83 against −1.35, flipping at 38.0 %.
    assert row(numbers, "Expected values").shown == (
        "Q1 worth making: The reset -5.50 · Confrontation -1.35 | Q2 worth continuing: The reset -1.83 · Confrontation -1.35")
    assert row(numbers, "Switching chance").shown.startswith("Q1 worth making: at a 78.2 % chance of 'Russia becomes a partner'")
    assert "Q2 worth continuing: at a 38.0 % chance" in row(numbers, "Switching chance").shown
    assert row(numbers, "Brier score").shown == "none (a coin toss scores 0.250; lower is better)"
    assert row(numbers, "Your lens").origin == "Not saved in 03: choose your lens below."


def test_a_lens_preset_from_03_is_the_students_lens(tmp_path):
    save_weights(tmp_path, "wren", {"security": 20, "stability": 20, "nuclear-risk": 30, "alliance-credibility": 60, "human-rights": 100,
                                    "economic-gain": 10}, lens="human-rights")
    numbers = gather(saved(tmp_path, "wren"))
    assert numbers.lens == "human-rights" and "the lens you started from in 03 (0 points" in row(numbers, "Your lens").origin
    assert numbers.leader == "confrontation"


def test_weights_that_cannot_be_weighed_say_why(tmp_path):
    save_weights(tmp_path, "zero", {c: 0 for c in load("criteria")["criterion_id"]})
    numbers = gather(saved(tmp_path, "zero"))
    assert numbers.leader is None and numbers.lens is None
    assert row(numbers, "Leader").shown.startswith("none: Every weight is 0")
    assert row(numbers, "Your lens").origin.endswith("Every weight is 0, so nothing is being weighed: give at least one criterion a weight above 0.")


def test_the_closest_lens_is_the_one_fewest_points_of_weight_away():
    weights = lens_weights(load("lens_weights"))
    assert closest_lens(weights["two-level"], weights) == ("two-level", 0)
    lens, apart = closest_lens({"security": 1, "stability": 0, "nuclear-risk": 1, "alliance-credibility": 0, "human-rights": 0,
                                "economic-gain": 0}, weights)
    assert (lens, round(apart, 6)) == ("realist", round(50 * 280 / 280, 6))


# The questions the numbers raise: never an error, and never from defaults.

def test_saved_numbers_that_lean_against_the_opinion_raise_a_question_each(tmp_path):
    save_everything(tmp_path, "lark")
    found = signals(gather(saved(tmp_path, "lark")), OPTIONS)
    assert [(s.name, s.shown, s.lean) for s in found] == [
        ("your ledger balance in 02", "+3.50", 1),
        ("the leader under your weights in 03", "Reset as done", 1),
        ("your expected values in 05 (question 1, the whole bet)", "the reset +0.40 against confrontation", 1),
        ("your choice in 05", "Keep the reset", 1),
    ]
    asked = questions(30, found)
    assert len(asked) == 4
    assert asked[0].startswith("Your final opinion (30) says the reset was a bad deal for the US, but your ledger balance in 02 (+3.50) points the other way.")
    assert questions(70, found) == [] and questions(50, found) == []


def test_only_the_numbers_that_disagree_are_questioned():
    found = [Signal("your ledger balance in 02", "-2.00", -1), Signal("your choice in 05", "Keep the reset", 1)]
    (asked,) = questions(80, found)
    assert "your ledger balance in 02 (-2.00)" in asked and "a good deal" in asked
    (asked,) = questions(10, found)
    assert "your choice in 05 (Keep the reset)" in asked


def test_defaults_raise_no_question(tmp_path):
    save_bets(tmp_path, "owl")  # only a first opinion: nothing with a lean
    numbers = gather(saved(tmp_path, "owl"))
    assert signals(numbers, OPTIONS) == [] and questions(100, signals(numbers, OPTIONS)) == []


def test_the_ledger_balance_counts_the_students_own_overlap_groups_once(tmp_path):
    # Manas +4 and New START +4 (promised, ×½ → 2) grouped as one gain: only Manas counts, so the balance is +4, not +6.
    save_ledger(tmp_path, "kite", {"manas": (4, "delivered"), "new-start": (4, "promised")}, {"manas": "A", "new-start": "A"})
    numbers = gather(saved(tmp_path, "kite"))
    assert row(numbers, "Ledger balance").shown == "+4.00"
    assert "Your 1 overlap group(s) count once, as you chose in 02." in row(numbers, "Ledger balance").origin


def test_a_level_ledger_or_a_tie_has_no_lean(tmp_path):
    save_ledger(tmp_path, "flat", {"missile-defence": (-2, "delivered"), "manas": (2, "delivered")})  # −2 + 2 = 0
    numbers = gather(saved(tmp_path, "flat"))
    assert numbers.balance == 0 and signals(numbers, OPTIONS) == []


# The lens rule.

def test_the_rebuttal_must_come_from_another_lens():
    assert rebuttal_lens_problem("realist", "realist", LENSES) == (
        "The rebuttal must come from a different lens than your own: Realist is your own lens. Choose another lens for the rebuttal."
    )
    assert rebuttal_lens_problem("realist", "human-rights", LENSES) is None
    assert rebuttal_lens_problem("", "", LENSES) is None and rebuttal_lens_problem("author", "", LENSES) is None


# Completeness: presence, length and the lens rule; never the direction.

def text(n: int) -> str:
    return " ".join(["word"] * n)


def complete(posterior: int = 50) -> dict:
    return {
        "posterior": posterior, "strength": "probably", "unless": text(MIN_WORDS["unless"]), "claim": text(MIN_WORDS["claim"]),
        "evidence": ["item:manas", "event:F28"],
        "evidence_why": {"item:manas": text(MIN_WORDS["evidence"]), "event:F28": text(MIN_WORDS["evidence"])},
        "reasoning": text(MIN_WORDS["reasoning"]), "own_lens": "realist", "rebuttal_lens": "human-rights",
        "rebuttal": text(MIN_WORDS["rebuttal"]), "reply": text(MIN_WORDS["reply"]), "change_why": "",
    }


def verdicts(verdict: dict) -> dict[str, tuple[bool, str]]:
    return {c.part: (c.done, c.message) for c in checks(verdict, evidence_labels(), LENSES)}


def test_a_complete_write_up_passes_every_check_whichever_way_it_decides():
    for posterior in (0, 50, 100):
        assert all(done for done, _ in verdicts(complete(posterior)).values())
    assert list(verdicts(complete())) == ["claim", "evidence", "reasoning", "rebuttal", "qualifier"]
    assert verdicts(complete(0)) == verdicts(complete(100))


def test_an_empty_write_up_says_what_each_part_needs():
    empty = {"posterior": 50, "strength": "", "unless": "", "claim": "", "evidence": [], "evidence_why": {}, "reasoning": "",
             "own_lens": "", "rebuttal_lens": "", "rebuttal": "", "reply": "", "change_why": ""}
    assert verdicts(empty) == {
        "claim": (False, "Claim: 0 word(s) so far; write at least 8 that answer the question."),
        "evidence": (False, "Evidence: 0 sourced item(s) picked; pick at least 2."),
        "reasoning": (False, "Reasoning: choose your own lens first."),
        "rebuttal": (False, "Rebuttal: choose a lens for the other side, different from your own."),
        "qualifier": (False, "Qualifier: choose how sure your claim is."),
    }


@pytest.mark.parametrize(
    "change, part, message",
    [
        ({"claim": text(7)}, "claim", "Claim: 7 word(s) so far; write at least 8 that answer the question."),
        ({"evidence": ["item:manas"], "evidence_why": {"item:manas": text(6)}}, "evidence", "Evidence: 1 sourced item(s) picked; pick at least 2."),
        ({"evidence_why": {"item:manas": text(6), "event:F28": text(5)}}, "evidence",
         "Evidence: say in at least 6 words what each item shows; still to do: Event · 22 Dec 2010: US Senate approves New START."),
        ({"reasoning": text(19)}, "reasoning", "Reasoning: 19 word(s) so far; write at least 20 that link your evidence to your claim "
                                               "through your lens (Realist)."),
        ({"rebuttal_lens": "realist"}, "rebuttal", "Rebuttal: The rebuttal must come from a different lens than your own: Realist is "
                                                   "your own lens. Choose another lens for the rebuttal."),
        ({"rebuttal": text(14)}, "rebuttal", "Rebuttal: 14 word(s) so far; make the other side's case (Human rights) against your claim in at least 15."),
        ({"reply": text(14)}, "rebuttal", "Rebuttal: your reply has 14 word(s); answer the case in at least 15."),
        ({"strength": ""}, "qualifier", "Qualifier: choose how sure your claim is."),
        ({"unless": text(3)}, "qualifier", "Qualifier: finish the 'unless …' condition (at least 4 words)."),
    ],
)
def test_each_missing_piece_keeps_its_part_open(change, part, message):
    results = verdicts(complete() | change)
    assert results[part] == (False, message)
    assert all(done for other, (done, _) in results.items() if other != part)


def test_a_lens_named_in_a_check_reads_as_a_name_even_when_it_starts_with_the():
    messages = [message for _, message in verdicts(complete() | {"own_lens": "author", "rebuttal_lens": "realist"}).values()]
    shown = " ".join(messages + [m for _, m in verdicts(complete() | {"rebuttal_lens": "author", "rebuttal": text(3)}).values()])
    assert "The author (our reading)" in shown
    assert "the The" not in shown


def test_words_are_counted_not_characters():
    assert verdicts(complete() | {"claim": "  The reset   bought little.\nToo little for what it cost.  "})["claim"][0]  # 9 words


# The author's verdict and the lenses'.

def test_the_article_is_laid_out_part_by_part_beside_the_student():
    claims, warrants = load("claims"), load("warrants")
    frame = side_by_side(complete() | {"claim": "<b>A good deal</b>"}, evidence_labels(), LENSES, claims, warrants, -6.0)
    article = dict(zip(frame["Part"], frame["The article"]))
    assert list(frame["Part"]) == ["Claim", "Qualifier", "Evidence", "Reasoning", "Rebuttal"]
    quotes = claims.set_index("claim_id")["quote"]
    assert article["Claim"].startswith(f"“{quotes['T1']}” (Matthews, Newsweek)")
    qualifier = quotes["X2"]
    assert article["Qualifier"].startswith(f"“{qualifier}” (Matthews, Newsweek)")
    assert "balances at -6.00" in article["Evidence"]
    assert article["Reasoning"].endswith("A cost to an ally is a cost to the United States.")
    assert article["Rebuttal"].startswith(f"“{quotes['X1']}”")
    yours = dict(zip(frame["Part"], frame["Yours"]))
    assert yours["Claim"].startswith("<b>A good deal</b>")  # stored as typed; rendering.table escapes it
    assert yours["Reasoning"].startswith("[Realist] ") and yours["Rebuttal"].startswith("[Human rights] ")
    assert "Ledger · Manas air base kept for Afghanistan: word" in yours["Evidence"]


def test_each_lens_frames_the_verdict_from_its_own_weights():
    frame = lens_framings(load("lenses"), lens_weights(load("lens_weights")), policy_matrix(), OPTIONS, load("sources"), load("article"))
    under = dict(zip(frame["Lens"], frame["Under its weights (notebook 03's scores, 0–100)"]))
    # Realist 60, 100, 80, 20, 0, 20 (sum 280): the reset (80·60 + 70·100 + 55·80 + 30·20 + 25·0 + 55·20) / 280 = 17900 / 280 = 63.9;
    # conditional 14600 / 280 = 52.1; confrontation 10900 / 280 = 38.9.
    assert under["Realist"] == "Reset as done leads: Reset as done 64, Conditional reset 52, Bush-era confrontation 39."
    assert under["Deterrence and containment"].startswith("Bush-era confrontation leads")
    assert under["Human rights"].startswith("Bush-era confrontation leads")
    assert under["The author (our reading)"].startswith("Conditional reset leads")
    assert all(frame["Sources"].str.len() > 0) and "Newsweek" in frame.set_index("Lens").loc["The author (our reading)", "Sources"]


def test_evidence_is_every_ledger_item_then_every_event_in_date_order():
    catalogue = evidence_catalogue(load("ledger_items"), load("events"), load("sources"))
    items, events = load("ledger_items"), load("events")
    assert len(catalogue) == len(items) + len(events)
    assert list(catalogue["evidence_id"][: len(items)]) == [f"item:{i}" for i in items["item_id"]]
    manas = catalogue.set_index("evidence_id").loc["item:manas"]
    assert manas["dates"].splitlines() == [
        "3 Feb 2009: Kyrgyzstan announces Manas will close, after Russian aid", "19 Feb 2009: Kyrgyz parliament votes to close Manas",
        "22 Jun 2009: US keeps Manas as a 'transit center' at a higher rent", "6 Jul 2009: Obama in Moscow: deal on US military transit to Afghanistan",
    ]
    arms = catalogue.set_index("evidence_id").loc["item:arms-sales"]
    assert arms["dates"].splitlines()[0] == "2005: Venezuela signs Russian arms contracts"  # a date known to the year only
    new_start = catalogue.set_index("evidence_id").loc["event:F28"]
    assert new_start["label"] == "Event · 22 Dec 2010: US Senate approves New START" and new_start["sources"]


# Before and after.

def test_the_opinions_chart_marks_what_was_not_saved():
    frame = opinion_frame(50, False, None, 65)
    assert list(frame["label"]) == ["50 (not saved)", "65"]
    spec = opinion_chart(frame).to_dict()
    assert spec["title"]["text"] == "Your opinion: before, after hindsight, final"
    assert "00 · before reading: 50 (not saved); 07 · your final opinion: written beside its point" in spec["description"]
    # The final opinion is a param the chart reads (the page moves it with the slider): Vega writes it beside its point.
    assert {"00 · before reading": "50 (not saved)", "07 · your final opinion": "65"}.items() <= {
        m["stage"]: m["label"] for m in drawn(spec)[1] if "label" in m and "stage" in m}.items()
    spec["params"] = [{**p, "value": 12} if p["name"] == FINAL_OPINION else p for p in spec["params"]]
    assert {"07 · your final opinion": "12"}.items() <= {m["stage"]: m["label"] for m in drawn(spec)[1] if "label" in m and "stage" in m}.items()
    hollow = [layer for layer in spec["layer"] if layer["mark"].get("filled") is False]
    assert hollow and hollow[0]["transform"][-1] == {"filter": "!datum.saved"}
    assert {layer["encoding"]["shape"]["field"] for layer in spec["layer"] if "shape" in layer.get("encoding", {})} == {"stage"}
    frame = opinion_frame(30, True, 70, 55)
    assert list(frame["stage"]) == ["00 · before reading", "06 · after hindsight", "07 · your final opinion"]


# Now you try.

def test_another_deal_is_scored_with_the_ledger_rules():
    lines = [
        {"label": "Troop limits", "side": "take", "value": 4, "certainty": "promised"},
        {"label": "   ", "side": "give", "value": -5, "certainty": "delivered"},  # unnamed: left out
        {"label": "Inspections", "side": "take", "value": 2, "certainty": "delivered"},
        {"label": "Tactical arms left out", "side": "give", "value": -3, "certainty": "hoped-for"},
    ]
    items, scores = transfer_ledger(lines)
    assert list(items["label"]) == ["1. Troop limits", "3. Inspections", "4. Tactical arms left out"]
    frame = ledger_frame(items, scores)
    # 4 × 0.5 + 2 × 1 − 3 × 0.25 = 2 + 2 − 0.75 = +3.25.
    assert balance(frame) == pytest.approx(3.25)
    assert transfer_line(frame) == ("Balance +3.25: on your scores the US gets more than it gives "
                                    "(Gives -0.75 · Takes +4.00 · On the table +0.00 · Hoped for +0.00).")
    empty, none = transfer_ledger([{"label": "", "side": "give", "value": 0, "certainty": "delivered"}])
    assert empty.empty and none == {}


def test_the_blank_ledger_recomputes_in_the_page():
    spec = transfer_sandbox_chart(3).to_dict()
    params = spec["params"]
    assert [p["name"] for p in params] == ["worth_1", "certainty_1", "worth_2", "certainty_2", "worth_3", "certainty_3"]
    assert params[1]["bind"]["options"] == list(CERTAINTIES)
    assert params[0]["bind"]["min"] == -5 and params[0]["bind"]["max"] == 5
    assert spec["title"]["text"] and "balance at the top is recomputed" in spec["description"]
