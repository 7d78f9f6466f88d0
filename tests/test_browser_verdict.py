"""Notebook 07 in a real browser with the network cut: numbers gathered from files saved in 00–06, the final opinion
moved, a claim typed, a same-lens rebuttal refused, answers saved; and the handout's blank ledger adding up in the page."""

from __future__ import annotations

import json

from browser import RENDERED_CHART, error_outputs, jupyterlab, offline_page, open_and_run_all, press_with_code, wait_until_idle
from conftest import NOTEBOOKS, ROOT
from students import save_everything

from reset_ledger.answers import problems, spec_for
from reset_ledger.answer_codes import SESSION
from reset_ledger.sequence import SEQUENCE
from tools.handouts import EDITIONS, execute, export

PSEUDONYM = "browser-lark"
CLAIM = "Was the reset a good deal for the US? Answer in one or two sentences of your own."
CHECKLIST = ".reset-ledger-checklist"


def test_numbers_gathered_opinion_moved_claim_typed_and_saved_offline(tmp_path):
    responses = tmp_path / "responses"
    save_everything(responses, PSEUDONYM)  # as if saved in 00 and 02–06 (see students.py)
    code = SESSION.new_code(responses, PSEUDONYM)  # the answer code the first of those saves gave
    with offline_page({"width": 1400, "height": 1200}) as (page, offline), \
            jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(responses)}) as lab:
        open_and_run_all(page, lab, "07-your-verdict.ipynb")
        assert "Defaults in use for every number" in page.text_content(".jp-Notebook")
        assert page.locator(CHECKLIST).first.text_content().startswith("0 of 5 parts complete")

        page.locator("input[placeholder='the pseudonym you used before']").fill(PSEUDONYM)
        press_with_code(page, "Gather my numbers", code)  # saved in other sessions: the code is asked for
        page.wait_for_selector("text=Found your answers from notebook(s) 00, 02, 03, 04, 05, 06")
        numbers = page.locator("table", has_text="Ledger balance").first.text_content()
        assert "+3.50" in numbers and "Reset as done (67.5 of 100)" in numbers
        readout = page.locator(".widget-slider .widget-readout").first
        page.wait_for_function("el => el.textContent.trim() === '70'", arg=readout.element_handle())  # 06's opinion

        # Move the final opinion to 0: every saved number leans the other way, so four questions appear.
        handle = page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        page.keyboard.press("Home")
        page.wait_for_function("el => el.textContent.trim() === '0'", arg=readout.element_handle())
        wait_until_idle(page)
        page.wait_for_function("() => document.body.textContent.split('A question for your write-up, not a mistake').length - 1 === 4")
        assert "your ledger balance in 02 (+3.50) points the other way" in page.text_content(".jp-Notebook")

        # Type a claim; the checklist follows when the box is left.
        box = page.locator(f"textarea[placeholder='{CLAIM}']")
        box.fill("The reset was a bad deal: the US paid with its allies' trust for returns that did not last.")
        page.keyboard.press("Tab")
        page.wait_for_selector(f"{CHECKLIST} >> text=Claim: written (19 words).")
        assert page.locator(CHECKLIST).first.text_content().startswith("1 of 5 parts complete")

        # The lens from 03 is realist; the other side may not be realist too.
        page.locator(".widget-dropdown", has_text="The other side's lens").locator("select").select_option(label="Realist")
        page.wait_for_selector("text=The rebuttal must come from a different lens than your own: Realist is your own lens.")
        assert page.locator(".widget-dropdown", has_text="The other side's lens").locator("select").input_value() == ""

        # The before-and-after chart follows the slider: a screen reader announces its description (the opinions
        # gathered) and the final opinion's point, which the page moved with the slider.
        chart = page.locator(".vega-embed [aria-roledescription=visualization][aria-label*='00 · before reading: 30']")
        assert "06 · after hindsight: 70" in chart.get_attribute("aria-label")
        page.wait_for_function("""el => [...el.querySelectorAll('[role=graphics-symbol]')].some(m => {
            const fields = m.getAttribute('aria-label').split('; ');
            return fields.includes('Moment: 07 · your final opinion') && fields.includes('Opinion: 0'); })""", arg=chart.element_handle())
        assert page.locator(RENDERED_CHART).count() >= 1

        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_selector(f"text=Saved as {PSEUDONYM}")
        saved = json.loads((responses / f"07-your-verdict--{PSEUDONYM}.json").read_text())["answers"]
        print(f"07: saved verdict {saved['verdict']['posterior']}, lenses {saved['verdict']['own_lens']!r} / "
              f"{saved['verdict']['rebuttal_lens']!r}; blocked {offline.blocked}")
        assert problems(spec_for("07-your-verdict"), saved) == []
        assert saved["verdict"]["posterior"] == 0 and saved["verdict"]["own_lens"] == "realist"
        assert saved["verdict"]["rebuttal_lens"] == "" and saved["verdict"]["claim"].startswith("The reset was a bad deal")
        assert offline.blocked == [] and error_outputs(page) == []


def test_the_handouts_blank_ledger_adds_up_in_the_page(tmp_path):
    entry = next(nb for nb in SEQUENCE if nb.file == "07-your-verdict.ipynb")
    student = EDITIONS[0]
    page_file = tmp_path / "07-your-verdict.html"
    page_file.write_text(export(execute(NOTEBOOKS / entry.file), entry, student, {nb.file for nb in student.entries}), encoding="utf-8")
    with offline_page() as (page, offline):
        page.goto(page_file.as_uri())
        page.wait_for_selector(RENDERED_CHART)
        total = page.locator(".vega-embed svg.marks text", has_text="Balance:")
        before = total.text_content()
        first = page.locator(".vega-bind", has_text="Line 1: worth").locator("input[type=range]")
        first.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.locator(".vega-bind", has_text="Line 1: certainty").locator("select").select_option("promised")
        second = page.locator(".vega-bind", has_text="Line 2: worth").locator("input[type=range]")
        second.focus()
        for _ in range(2):
            page.keyboard.press("ArrowLeft")
        # Line 1: 3 × 0.5 (promised) = +1.5; line 2: −2 × 1 (delivered) = −2; balance −0.5.
        page.wait_for_function("() => [...document.querySelectorAll('.vega-embed svg.marks text')]"
                               ".some(t => t.textContent === 'Balance: −0.50')")
        print(f"07 handout: {before} -> {total.text_content()}")
        assert before == "Balance: +0.00"
        assert offline.blocked == [] and offline.console_errors == [] and offline.page_errors == []
