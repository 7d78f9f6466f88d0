"""Notebook 07's exercises, driven the way a student drives them: gather, write, pick lenses, compare, save."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
from conftest import displayed_charts, drawn
from students import save_everything, save_ledger

from reset_ledger.answers import problems, spec_for
from reset_ledger.data import load
from reset_ledger.exercise import AnswerSheet
from reset_ledger.exercises.verdict import DEFAULTS_NOTE, TransferExercise, VerdictExercise, positions_html
from reset_ledger.live import LiveChart
from reset_ledger.rendering import HANDOUT_ENV, Stack
from reset_ledger.responses import read
from reset_ledger.verdict import AUTHOR_CLAIM, AUTHOR_COUNTER, AUTHOR_QUALIFIER

WORDS = "this is a sentence with enough words to count as written for any part of it"


def html(out) -> str:
    return "\n".join(o["data"].get("text/html", "") for o in out.outputs)


def write_everything(verdict: VerdictExercise) -> None:
    """A complete write-up, part by part, as a student fills it."""
    verdict.claim.value = WORDS
    verdict.strength.value = "probably"
    verdict.unless.value = "unless Russia had kept its promises"
    verdict.evidence.value = ("item:manas", "event:F28")
    for box in verdict.why.values():
        box.value = "it shows a return the US really got"
    verdict.own_lens.value = "realist"
    verdict.reasoning.value = WORDS + " " + WORDS
    verdict.rebuttal_lens.value = "human-rights"
    verdict.rebuttal.value = WORDS
    verdict.reply.value = WORDS


def test_starts_with_defaults_and_says_so(tmp_path):
    verdict = VerdictExercise(tmp_path)
    assert escape(DEFAULTS_NOTE) in html(verdict.numbers_out)
    assert "Your numbers, and where each comes from" in html(verdict.numbers_out)
    assert verdict.posterior.value == 50 and verdict.own_lens.value is None
    assert "0 of 5 parts complete" in html(verdict.result_out)
    assert verdict.compare_button.disabled


def test_gathering_fills_the_numbers_the_opinion_and_the_lens(tmp_path):
    save_everything(tmp_path, "lark")
    verdict = VerdictExercise(tmp_path)
    verdict.pseudonym.value = "Lark"
    assert verdict.gather_numbers()
    assert "Found your answers from notebook(s) 00, 02, 03, 04, 05, 06, saved as lark" in verdict.gather_status.value
    shown = html(verdict.numbers_out)
    assert escape(DEFAULTS_NOTE) not in shown and "+3.50" in shown and "Reset as done (67.5 of 100)" in shown
    assert verdict.posterior.value == 70  # the opinion after hindsight, saved in 06
    assert verdict.own_lens.value == "realist"  # the lens closest to the weights saved in 03
    assert "Realist" in verdict.own_card.value and "Mearsheimer" in verdict.own_card.value  # its justification and sources
    (spec,) = displayed_charts(verdict.opinion_out)
    assert [(m["stage"], m["label"]) for m in drawn(spec)[1] if "label" in m and "stage" in m] == [
        ("00 · before reading", "30"), ("06 · after hindsight", "70"), ("07 · your final opinion", "70")]
    assert "Your final opinion (70) is 40 points above your first (30)." in html(verdict.opinion_out)


def test_gathering_leaves_what_the_student_set_alone(tmp_path):
    save_everything(tmp_path, "lark")
    verdict = VerdictExercise(tmp_path)
    verdict.posterior.value = 20
    verdict.own_lens.value = "two-level"
    verdict.pseudonym.value = "lark"
    verdict.gather_numbers()
    assert (verdict.posterior.value, verdict.own_lens.value) == (20, "two-level")


def test_nothing_saved_keeps_the_defaults_and_a_bad_name_is_refused(tmp_path):
    verdict = VerdictExercise(tmp_path)
    verdict.pseudonym.value = "nobody"
    assert not verdict.gather_numbers()
    assert "Nothing saved as nobody" in verdict.gather_status.value and escape(DEFAULTS_NOTE) in html(verdict.numbers_out)
    verdict.pseudonym.value = "../etc"
    assert not verdict.gather_numbers()
    assert "cannot contain" in verdict.gather_status.value


def test_a_broken_file_is_left_out_with_a_reason(tmp_path):
    save_everything(tmp_path, "lark")
    (tmp_path / "02-the-ledger--lark.json").write_text("{ not json")
    verdict = VerdictExercise(tmp_path)
    verdict.pseudonym.value = "lark"
    assert verdict.gather_numbers()
    assert "02-the-ledger--lark.json" in verdict.gather_status.value and "a default stands in" in verdict.gather_status.value
    assert "-7.50" in html(verdict.numbers_out)  # the article's ledger (its overlap group counted once) stands in for the unreadable one


def test_the_rebuttal_lens_cannot_be_the_students_own(tmp_path):
    verdict = VerdictExercise(tmp_path)
    verdict.own_lens.value = "realist"
    verdict.rebuttal_lens.value = "realist"
    assert verdict.rebuttal_lens.value is None
    assert "must come from a different lens than your own: Realist is your own lens" in verdict.lens_status.value
    verdict.rebuttal_lens.value = "human-rights"
    assert verdict.lens_status.value == "" and "Human rights" in verdict.rebuttal_card.value
    verdict.own_lens.value = "human-rights"  # now the same again: the other side's choice goes
    assert verdict.rebuttal_lens.value is None and "has been cleared" in verdict.lens_status.value
    assert verdict.answers()["rebuttal_lens"] == ""


def test_the_checklist_follows_the_writing_and_opens_the_comparison(tmp_path):
    verdict = VerdictExercise(tmp_path)
    verdict.claim.value = "Too short"
    assert "Claim: 2 word(s) so far" in html(verdict.result_out)
    write_everything(verdict)
    assert "5 of 5 parts complete" in html(verdict.result_out)
    assert not verdict.compare_button.disabled
    verdict.compare_button.click()
    shown = html(verdict.compare_out)
    qualifier = load("claims").set_index("claim_id").loc["X2", "quote"]  # the article's closing qualification
    assert escape(f"“{qualifier}” (Matthews, Newsweek)") in shown
    assert escape("Your verdict and the article's, part by part") in shown
    assert "How each lens would frame the verdict" in shown and "wrong" in shown  # 'None of them makes your verdict wrong.'
    verdict.reply.value = "short"
    assert "4 of 5 parts complete" in html(verdict.result_out)


def test_student_text_is_escaped_in_the_comparison(tmp_path):
    verdict = VerdictExercise(tmp_path)
    write_everything(verdict)
    verdict.claim.value = "<script>alert(1)</script> " + WORDS
    verdict.compare_button.click()
    shown = html(verdict.compare_out)
    assert "<script>alert(1)" not in shown and "&lt;script&gt;alert(1)" in shown


def test_saved_numbers_against_the_opinion_raise_questions_never_errors(tmp_path):
    save_everything(tmp_path, "lark")
    verdict = VerdictExercise(tmp_path)
    verdict.pseudonym.value = "lark"
    verdict.gather_numbers()
    assert "A question for your write-up" not in html(verdict.result_out)  # 70 leans the same way as every number
    verdict.posterior.value = 25
    shown = html(verdict.result_out)
    assert shown.count("A question for your write-up, not a mistake") == 4
    assert "⚠" not in shown and "ℹ" in shown
    write_everything(verdict)
    assert "5 of 5 parts complete" in html(verdict.result_out)  # a question never keeps a part open


def test_a_ledger_that_agrees_raises_nothing(tmp_path):
    save_ledger(tmp_path, "fox", {"missile-defence": (-5, "delivered")})
    verdict = VerdictExercise(tmp_path)
    verdict.pseudonym.value = "fox"
    verdict.gather_numbers()
    verdict.posterior.value = 10
    assert "A question" not in html(verdict.result_out)
    verdict.posterior.value = 90
    assert "your ledger balance in 02 (-5.00) points the other way" in html(verdict.result_out)


def test_answers_save_load_and_match_the_spec(tmp_path):
    verdict, transfer = VerdictExercise(tmp_path), TransferExercise()
    write_everything(verdict)
    verdict.posterior.value = 35
    verdict.change_why.value = "The hindsight notebook moved me."
    transfer.deal.value = "A08"
    transfer.labels[0].value = "Warhead limits"
    transfer.sides[0].value = "take"
    transfer.worths[0].value = 3
    transfer.certainties[0].value = "promised"
    transfer.verdict.value = "Probably a fair deal."
    sheet = AnswerSheet("07-your-verdict", [verdict, transfer], folder=tmp_path)
    sheet.pseudonym.value = "lark"
    path = sheet.save()
    saved = read(path).answers
    assert problems(spec_for("07-your-verdict"), saved) == []
    assert saved["verdict"]["posterior"] == 35 and saved["verdict"]["own_lens"] == "realist"
    assert saved["verdict"]["rebuttal_lens"] == "human-rights" and saved["verdict"]["evidence"] == ["item:manas", "event:F28"]
    assert saved["verdict"]["evidence_why"]["event:F28"] == "it shows a return the US really got"
    assert saved["transfer"]["deal"] == "A08" and saved["transfer"]["lines"][0] == {
        "label": "Warhead limits", "side": "take", "value": 3, "certainty": "promised"}

    again, other = VerdictExercise(tmp_path), TransferExercise()
    loader = AnswerSheet("07-your-verdict", [again, other], folder=tmp_path)
    loader.pseudonym.value = "lark"
    assert loader.load()
    assert again.answers() == verdict.answers() and other.answers() == transfer.answers()
    assert "5 of 5 parts complete" in html(again.result_out) and len(again.evidence_cards.children) == 2


def test_the_pseudonym_is_typed_once_for_gathering_and_saving(tmp_path):
    verdict = VerdictExercise(tmp_path)
    sheet = AnswerSheet("07-your-verdict", [verdict, TransferExercise()], folder=tmp_path)
    verdict.pseudonym.value = "lark"
    assert sheet.pseudonym.value == "lark"


def test_each_piece_of_evidence_gets_a_card_with_dates_sources_and_a_box(tmp_path):
    verdict = VerdictExercise(tmp_path)
    verdict.evidence.value = ("event:F28",)
    (card,) = verdict.evidence_cards.children
    shown = card.children[0].value
    assert "22 Dec 2010" in shown and "Sources" in shown and "<li>" in shown
    assert card.children[1] is verdict.why["event:F28"] and card.children[1].description == "What it shows"
    verdict.why["event:F28"].value = "typed before removal"
    verdict.evidence.value = ()
    verdict.evidence.value = ("event:F28",)
    assert verdict.why["event:F28"].value == "typed before removal"  # nothing typed is lost by un-picking


def test_the_evidence_list_can_be_searched_and_a_search_never_drops_a_choice(tmp_path):
    verdict = VerdictExercise(tmp_path)
    everything = len(verdict.evidence.options)
    verdict.evidence.value = ("item:manas",)
    verdict.why["item:manas"].value = "typed before searching"
    verdict.find.value = "Iran sanctions"
    listed = dict((e, label) for label, e in verdict.evidence.options)
    assert 1 < len(listed) < everything and "item:manas" in listed
    assert all("iran" in label.lower() and "sanctions" in label.lower() for e, label in listed.items() if e != "item:manas")
    assert "what you picked stays in the list" in verdict.found.value
    assert verdict.evidence.value == ("item:manas",) and len(verdict.evidence_cards.children) == 1
    assert verdict.why["item:manas"].value == "typed before searching"
    verdict.find.value = ""
    assert len(verdict.evidence.options) == everything and verdict.evidence.value == ("item:manas",)


def test_the_transfer_ledger_shows_a_balance_worked_out_by_the_ledger_rules():
    transfer = TransferExercise()
    assert "Name at least one line" in html(transfer.result_out)
    transfer.labels[0].value = "Warhead limits"
    transfer.sides[0].value = "take"
    transfer.worths[0].value = 4
    transfer.certainties[0].value = "promised"
    transfer.labels[1].value = "Missile defence left open"
    transfer.worths[1].value = -1
    # 4 × 0.5 − 1 × 1 = +1.00.
    assert "Balance +1.00: on your scores the US gets more than it gives" in html(transfer.result_out)
    (spec,) = displayed_charts(transfer.result_out)
    title, marks = drawn(spec)
    bars = {m["Item"]: m["Contribution"] for m in marks if "Item" in m}
    assert title == "Your ledger: balance +1.00" and bars == {"1. Warhead limits": "+2.00", "2. Missile defence left open": "−1.00"}
    chart = next(c for c in transfer.result_out.children if isinstance(c, LiveChart))
    transfer.worths[1].value = -3  # a step of a named line's worth: the same chart, its param bound to the slider
    assert next(c for c in transfer.result_out.children if isinstance(c, LiveChart)) is chart
    assert chart.signals["worth_line_2"] == -3 and set(chart.inputs) == {"worth_line_1", "certainty_line_1", "worth_line_2", "certainty_line_2"}
    transfer.deal.value = "F41"
    assert "civil nuclear" in transfer.deal_card.value.lower() and "Sources" in transfer.deal_card.value


def test_every_control_has_a_visible_label(tmp_path):
    verdict, transfer = VerdictExercise(tmp_path), TransferExercise()
    verdict.evidence.value = ("item:manas",)
    controls = [*verdict.inputs().values(), verdict.pseudonym, *verdict.why.values(), *transfer.inputs().values()]
    assert all(control.description for control in controls)


def test_handout_mode_shows_worksheets_and_no_widgets(tmp_path, monkeypatch):
    monkeypatch.setenv(HANDOUT_ENV, "1")
    verdict, transfer = VerdictExercise(tmp_path), TransferExercise()
    views = [verdict.numbers_view(), verdict.rubric_view(), verdict.claim_view(), verdict.evidence_view(),
             verdict.reasoning_view(), verdict.rebuttal_view(), verdict.opinion_view()]
    assert not any(isinstance(view, widgets.Widget) for view in views)
    stacked = [item for view in views for item in (view.items if isinstance(view, Stack) else [view])]
    pages = "".join(item.to_html() for item in stacked if hasattr(item, "to_html"))
    for caption in ("Worksheet: your numbers", "The rubric: each part read at three levels", "Worksheet: your claim and its qualifier",
                    "Worksheet: your evidence", "Worksheet: your reasoning", "Worksheet: the other side, and your reply",
                    "Worksheet: your opinion, before and after", "Score (0–2)"):
        assert caption in pages, caption
    shown = []
    monkeypatch.setattr("reset_ledger.exercise.display", lambda item: shown.append(item))
    verdict._ipython_display_()
    assert [type(item).__name__ for item in shown] == ["HTML", "Styler", "HTML", "HTML"]
    positions = shown[3].data
    caption = escape("The article's verdict, part by part")
    assert caption in positions and "How each lens would frame the verdict" in positions
    assert positions.index('class="screen-only"') < positions.index(caption)  # covered on paper, by a pointer
    assert "On paper: the positions to compare with" in positions and "reference appendix" in positions
    shown.clear()
    transfer._ipython_display_()
    assert [type(item).__name__ for item in shown] == ["HTML", "Styler", "LayerChart", "Styler"]
    assert "Worksheet: another deal" in shown[3].to_html()


def test_the_positions_to_compare_need_no_student_and_quote_the_article_as_ours_does_on_screen(tmp_path):
    verdict = VerdictExercise(tmp_path)
    on_screen = "".join(item.to_html() if hasattr(item, "to_html") else item.data for item in verdict.comparison())
    on_paper = positions_html()
    claims = load("claims").set_index("claim_id")
    for claim in (AUTHOR_CLAIM, AUTHOR_QUALIFIER, AUTHOR_COUNTER):
        quoted = escape(str(claims.loc[claim, "quote"]))
        assert quoted in on_paper and quoted in on_screen, claim
    assert "Yours" not in on_paper and on_paper.count("<tr") >= len(load("lenses")) + 5
