"""The exercises of notebooks 01 and 04, driven the way a student drives them: by setting control values."""

from __future__ import annotations

import pytest
from conftest import chart_data, displayed_charts, drawn

from reset_ledger.answers import problems, spec_for
from reset_ledger.data import load
from reset_ledger.argument import MAIN, reference_parents, reference_roles
from reset_ledger.exercise import AnswerSheet
from reset_ledger.exercises.argument import ChecksExercise, RolesExercise
from reset_ledger.exercises.who_pays import WhoPaysExercise, WinSetExercise
from reset_ledger.responses import read


def html(out) -> str:
    return "\n".join(o["data"].get("text/html", "") for o in out.outputs)


def build_map(roles: RolesExercise, **changes: str) -> None:
    """Answer every claim as the reference map does, except the (claim, role) changes given: all at once, as
    loading saved answers does (the single changes a test makes go through the controls)."""
    answers = roles.answers() | {"roles": reference_roles(roles.claims) | changes, "parents": reference_parents(roles.claims)}
    roles.set_answers(answers)


def ref(roles: RolesExercise, claim: str) -> str:
    return roles.refs[claim]


def test_tagging_a_claim_updates_the_progress_and_the_students_own_map():
    roles = RolesExercise()
    assert "0 of 30 claims tagged" in html(roles.result_out) and "0 of 30 placed" in html(roles.result_out)
    (spec,) = displayed_charts(roles.result_out)
    assert spec["title"]["text"] == "Your map of the argument"
    # Before any answer nothing hangs under anything: the reference map's structure is not drawn for the student.
    assert all(row["depth"] == 0 for row in chart_data(spec) if "depth" in row and "role_label" in row)
    roles.roles["G1"].value = "give"
    roles.parents["G1"].value = "T1"
    assert "1 of 30 claims tagged" in html(roles.result_out) and "1 of 30 placed" in html(roles.result_out)
    (spec,) = displayed_charts(roles.result_out)
    rows = {row["ref"]: row for row in chart_data(spec) if "role_label" in row}
    assert rows[ref(roles, "G1")]["role_label"] == "Give (a concession)" and rows[ref(roles, "G1")]["depth"] == 1
    assert rows[ref(roles, "K1")]["role_label"] == "Not tagged yet"


def test_a_loop_in_the_students_map_gets_a_warning_not_an_error():
    roles = RolesExercise()
    roles.parents["G1"].value = "G2"
    roles.parents["G2"].value = "G1"
    assert "2 claims support each other in a loop" in html(roles.result_out)


def test_the_comparison_needs_every_role_every_parent_and_a_warrant_of_ones_own():
    roles = RolesExercise()
    build_map(roles)
    assert roles.compare_button.disabled and "hidden warrant" in roles.compare_hint.value
    roles.own_warrant.value = "C07 only counts as a cost if speaking out would have helped."
    assert not roles.compare_button.disabled
    roles.parents["K1"].value = None
    assert roles.compare_button.disabled


def shown_text(widget) -> str:
    """Every description and HTML value in a widget tree, and the HTML of any output it holds."""
    parts = [str(getattr(widget, "description", "")), str(getattr(widget, "value", "")) if hasattr(widget, "value") else ""]
    parts += [o["data"].get("text/html", "") for o in getattr(widget, "outputs", ())]
    return " ".join(parts + [shown_text(child) for child in getattr(widget, "children", ())])


def test_nothing_of_the_reference_map_or_its_warrants_is_shown_before_the_attempt():
    roles = RolesExercise()
    before = shown_text(roles.widget())
    assert all(w not in before for w in roles.warrant_table["warrant"])
    assert all(reason not in before for reason in roles.claims["role_reason"])
    assert "The reference map" not in before


def test_a_difference_shows_the_reference_reason_only_after_the_student_explains():
    roles = RolesExercise()
    build_map(roles, G1="take", FR3="give")
    roles.parents["K1"].value = "G1"
    roles.own_warrant.value = "Russia would not have moved without a push."
    roles.compare_button.click()
    shown = html(roles.compare_out)
    assert "same role to 93%" in shown and "under the same claim" in shown  # 28 of 30 roles; 29 of 30 parents = 97 %
    assert "hang 97%" in shown
    assert "Where you differ (3 claims)" in shown and "A difference is not a mistake" in shown
    assert "motive" not in roles.reasons["G1"].value  # the reference reason is still hidden
    roles.explanations["G1"].value = "Dropping the sites bought Russia's help on Iran, a gain for us."
    assert "motive (pleasing Moscow)" in roles.reasons["G1"].value
    assert "The reference map" in roles.reasons["FR3"].value and "opening picture" not in roles.reasons["FR3"].value
    specs = [s for s in displayed_charts(roles.compare_out) if s["title"]["text"] == "The reference map"]
    rows = {row["ref"]: row for row in chart_data(specs[0]) if "role_label" in row}
    assert rows[ref(roles, "G1")]["ringed"] and "(you: Take)" in rows[ref(roles, "G1")]["text"]


def test_the_comparison_sets_the_students_warrant_beside_every_reference_warrant_and_both_ends():
    roles = RolesExercise()
    build_map(roles)
    roles.own_warrant.value = "<b>Allies' losses</b> are America's losses."
    roles.compare_button.click()
    shown = html(roles.compare_out)
    assert "You answered every claim as the reference map does" in shown
    assert "&lt;b&gt;Allies&#x27; losses&lt;/b&gt;" in shown
    assert "A cost to an ally is a cost to the United States." in shown and "washingtontimes.com" in shown
    assert "Where the argument starts" in shown and "Where it ends" in shown
    roles.warrants["W2"].value = True
    assert roles.answers()["warrants"] == ["W2"]


def test_the_map_and_the_checks_round_trip_through_the_answer_sheet_and_match_the_spec(tmp_path):
    roles, checks = RolesExercise(), ChecksExercise()
    build_map(roles, G1="take")
    roles.own_warrant.value = "Silence is a price."
    roles.explanations["G1"].value = "<b>mine</b>"
    claim = next(iter(checks.verdicts))
    checks.verdicts[claim].value = "loose"
    checks.notes[claim].value = "The date is a month off."
    sheet = AnswerSheet("01-the-argument", [roles, checks], folder=tmp_path)
    sheet.pseudonym.value = "heron"
    path = sheet.save()
    saved = read(path).answers
    assert problems(spec_for("01-the-argument"), saved) == []
    assert saved["roles"]["roles"]["G1"] == "take" and saved["roles"]["parents"]["T1"] == MAIN
    assert saved["checks"]["verdicts"] == {claim: "loose"}

    fresh, fresh_checks = RolesExercise(), ChecksExercise()
    other = AnswerSheet("01-the-argument", [fresh, fresh_checks], folder=tmp_path)
    other.pseudonym.value = "heron"
    assert other.load()
    assert fresh.roles["G1"].value == "take" and fresh.explanations["G1"].value == "<b>mine</b>"
    assert fresh.parents["G1"].value == "T1" and not fresh.compare_button.disabled
    assert fresh_checks.notes[claim].value == "The date is a month off."


def test_answers_saved_before_the_map_had_parents_or_checks_still_load():
    old = {"roles": {"roles": {"G1": "give"}, "warrants": ["W2"], "own_warrant": "", "explanations": {}}}
    assert problems(spec_for("01-the-argument"), old) == []


def test_our_check_appears_only_after_a_verdict_and_a_note():
    checks = ChecksExercise()
    claim = checks.claims.set_index("claim_id").index[list(checks.claims["claim_id"]).index("FR3")]
    assert "Our check:" not in checks.ours[claim].value
    checks.verdicts[claim].value = "loose"
    assert "Our check:" not in checks.ours[claim].value
    checks.notes[claim].value = "Albania and Croatia joined NATO in 2009."
    assert "Our check: supported" in checks.ours[claim].value and "Balkan" in checks.ours[claim].value
    assert "1 of 16 claims checked" in html(checks.result_out) and "same verdict for 0" in html(checks.result_out)


def test_the_checking_cards_show_evidence_and_sources_but_no_verdict():
    checks = ChecksExercise()
    cards = [child for tab in checks.body().children for child in tab.children]
    text = " ".join(card.children[0].value for card in cards)
    assert "What the sources report" in text and "state.gov" in text
    assert "Our check" not in text and not any(label in text for label in ("supported:", "contested:", "loose:"))
    assert "$3.7 billion" in text  # both versions of a disputed figure


def test_moving_a_score_changes_that_partys_net_and_switching_party_keeps_it():
    who = WhoPaysExercise()
    assert "US administration: +4.00" in html(who.result_out)
    who.party.value = "us-administration"
    who.sliders["missile-defence"].value = -2  # delivered: counts in full
    assert "US administration: +2.00" in html(who.result_out)
    who.party.value = "poland"
    assert who.sliders["missile-defence"].value == -2  # Poland's sourced default, not Washington's
    assert "gray zone" in who.rationales["missile-defence"].value
    assert "No sourced effect" in who.rationales["boeing"].value
    who.party.value = "us-administration"
    assert who.sliders["missile-defence"].value == -2
    (spec,) = displayed_charts(who.result_out)
    _, marks = drawn(spec)
    cells = {(m["Party"], m["Item"]): m["Score (−2 to +2)"] for m in marks if "Item" in m}
    nets = {m["Party"]: m["Net"] for m in marks if "Net" in m}
    assert cells[("US administration", "Poland–Czech missile-defence sites dropped")] == "−2"
    assert nets["US administration"] == "2" and nets["Poland"] == "−2"


def test_the_discount_checkbox_changes_the_weighting():
    who = WhoPaysExercise()
    who.discounted.value = False
    # Every item in full: 0 + 1 + 2 + 2 (New START) = 5.
    assert "US administration: +5.00" in html(who.result_out)


def test_who_pays_compares_with_the_thesis_and_the_allied_cost_warrant(tmp_path):
    who = WhoPaysExercise()
    assert who.compare_button.disabled
    who.payer.value = "georgia"
    assert who.compare_button.disabled
    who.why.value = "Georgia <script>lost</script> the most"
    who.compare_button.click()
    shown = html(who.compare_out)
    assert "at Obama&#x27;s expense" in shown and "You named <strong>Georgia</strong>" in shown
    assert "own net is +4.00" in shown and "net becomes -1.00" in shown  # 4.00 - 2 - 1 - 2, counting allies' losses
    assert "The costs fall on others" in shown and "Washington pays too" in shown  # both readings, each sourced
    assert "Press" in shown and "Lupton" in shown
    assert "wrong" in shown.lower() and "Nothing here is marked right or wrong" in shown
    sheet = AnswerSheet("04-who-pays", [who, WinSetExercise()], folder=tmp_path)
    sheet.pseudonym.value = "lynx"
    saved = read(sheet.save()).answers
    assert problems(spec_for("04-who-pays"), saved) == []
    assert saved["who_pays"]["payer"] == "georgia" and saved["who_pays"]["scores"]["poland"]["missile-defence"] == -2


def test_a_saved_matrix_comes_back_cell_by_cell(tmp_path):
    who = WhoPaysExercise()
    who.party.value = "iran"
    who.sliders["arms-sales"].value = -1
    sheet = AnswerSheet("04-who-pays", [who, WinSetExercise()], folder=tmp_path)
    sheet.pseudonym.value = "otter"
    assert sheet.save()
    fresh = WhoPaysExercise()
    other = AnswerSheet("04-who-pays", [fresh, WinSetExercise()], folder=tmp_path)
    other.pseudonym.value = "otter"
    assert other.load()
    fresh.party.value = "iran"
    assert fresh.sliders["arms-sales"].value == -1 and fresh.sliders["iran-sanctions"].value == -2


def test_the_treaty_game_counts_senators_for_new_start():
    game = WinSetExercise()
    shown = html(game.result_out)
    assert "New START (a treaty): not ratified" in shown and "8 votes short" in shown
    assert "If all 59 senators of the Democratic caucus back it, it needs 8 of the 41 Republicans" in shown
    game.counts["republicans"].value = 8
    assert "New START (a treaty): ratified" in html(game.result_out) and "0 votes to spare" in html(game.result_out)
    (spec,) = displayed_charts(game.result_out)
    assert "Needs 67 of 100" in spec["title"]["subtitle"]
    assert {"t": "Your count: 67 for, ratified", "second": "8", "least": "59"} in drawn(spec)[1]  # computed from the bound counts


def test_the_review_game_needs_both_houses_and_the_president_to_block_the_nuclear_deal():
    game = WinSetExercise()
    game.rule.value = "nuclear-deal"
    assert game.treaty_box.layout.display == "none" and game.review_box.layout.display == ""
    shown = html(game.result_out)  # the party-line start: every Republican against, the president vetoes
    assert "takes effect" in shown and "41 of 100 senators" in shown and "178 of 433 representatives" in shown
    assert "34 senators or 145 representatives standing by him are enough to save it" in shown
    game.against["house"].value = 433  # the whole House against it is not enough on its own
    assert "takes effect" in html(game.result_out)
    game.against["senate"].value = 51
    assert "takes effect" in html(game.result_out)  # majorities in both, but vetoed
    game.president.value = True
    assert "blocked" in html(game.result_out)
    game.president.value = False
    game.against["senate"].value = 67
    assert "blocked" in html(game.result_out)  # two-thirds of both houses override the veto
    (spec,) = displayed_charts(game.result_out)
    assert "over his veto, from 67 and 289" in spec["title"]["subtitle"]
    marks = drawn(spec)[1]
    assert {"t": "Your count: blocked", "x": "67", "y": "433"} in marks and {"t": "If he signed: here too"} in [
        {k: v for k, v in m.items() if k == "t"} for m in marks]
    game.against["senate"].value = 60
    assert {"t": "Your count: takes effect", "x": "60", "y": "433"} in drawn(displayed_charts(game.result_out)[0])[1]


def test_the_ratification_comparison_cites_putnam_and_keeps_the_outcome_for_notebook_06(tmp_path):
    game = WinSetExercise()
    game.rule.value = "nuclear-deal"
    game.against["senate"].value = 50
    game.against["house"].value = 200
    game.president.value = True
    game.counts["democratic-caucus"].value = 50
    assert game.compare_button.disabled
    game.counts["republicans"].value = 3
    game.compare_button.click()
    shown = html(game.compare_out)
    assert "71–26" not in shown and "notebook 06" in shown  # the vote is a forecast locked in 00, revealed in 06
    assert "Putnam" in shown and "cambridge.org" in shown
    assert load("claims").set_index("claim_id").loc["K3", "quote"] in shown  # the article's words on the treaty
    assert "67 of 100 senators for it" in shown and "34 senators or 145 representatives can save it" in shown
    sheet = AnswerSheet("04-who-pays", [WhoPaysExercise(), game], folder=tmp_path)
    sheet.pseudonym.value = "heron"
    saved = read(sheet.save()).answers["win_set"]
    assert problems(spec_for("04-who-pays"), read(sheet.save()).answers) == []
    assert saved["against"] == {"senate": 50, "house": 200} and saved["president_signs"] is True


@pytest.mark.parametrize("exercise", [RolesExercise, ChecksExercise, WhoPaysExercise, WinSetExercise])
def test_every_control_has_a_visible_label(exercise):
    for control in exercise().inputs().values():
        assert control.description, control


@pytest.mark.parametrize("exercise", [RolesExercise, ChecksExercise, WhoPaysExercise, WinSetExercise])
def test_handout_mode_gives_a_note_and_a_worksheet_without_widgets(exercise):
    import ipywidgets as widgets

    items = exercise().handout()
    assert items and not any(isinstance(i, widgets.Widget) for i in items)
    assert "Worksheet" in items[-1].caption


def test_the_kernel_free_versions_recompute_from_vega_params():
    (_, who_chart, _) = WhoPaysExercise().handout()
    (_, treaty_chart, review_chart, _) = WinSetExercise().handout()
    who_spec = who_chart.to_dict()
    who_params = who_spec["params"]
    assert len(who_params) == 14 and all(p["bind"]["input"] == "range" for p in who_params)
    treaty = treaty_chart.to_dict()
    assert {p["name"] for p in treaty["params"]} == {"for_democratic_caucus", "for_republicans"} and ">= 67" in str(treaty)
    review = review_chart.to_dict()
    params = {p["name"]: p["bind"]["input"] for p in review["params"]}
    assert params == {"block_senate": "range", "block_house": "range", "president_signs": "checkbox"}
    assert "block_senate >= 51 && block_house >= 217" in str(review) and "block_senate >= 67 && block_house >= 289" in str(review)
