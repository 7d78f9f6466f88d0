"""JupyterLab in a real browser with the network cut: bets saved and locked in 00 are revealed and scored in 06, after
the decision is judged as it looked then and before the outcomes are sorted; the chance sliders of 05 keep adding up
to 100 as they move."""

from __future__ import annotations

import json
import re

from browser import RENDERED_CHART, error_outputs, jupyterlab, offline_page, open_and_run_all, press_with_code, wait_until_idle
from conftest import ROOT

PSEUDONYM = "browser-owl"
PSEUDONYM_BOX = "input[placeholder='a pseudonym, not your real name']"


def nudge_first_slider(page, steps: int, readout: str) -> None:
    """Move the page's first slider right by `steps` with the keyboard, as a student would, until it reads `readout`."""
    page.locator(".widget-slider .noUi-handle").first.focus()
    for _ in range(steps):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('.widget-slider .widget-readout').textContent.trim() === '{readout}'")
    wait_until_idle(page)


def colour(button) -> tuple[float, ...]:
    """A button's background as painted: its colour with its opacity over white."""
    rgb, opacity = button.evaluate("b => [getComputedStyle(b).backgroundColor, Number(getComputedStyle(b).opacity)]")
    channels = [float(c) for c in re.findall(r"[\d.]+", rgb)][:3]
    return tuple(opacity * c + (1 - opacity) * 255 for c in channels)


def contrast(one: tuple[float, ...], two: tuple[float, ...]) -> float:
    """The WCAG contrast ratio of two colours."""
    def luminance(rgb: tuple[float, ...]) -> float:
        linear = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_bets_locked_in_00_are_revealed_and_scored_in_06(tmp_path):
    responses = tmp_path / "responses"
    with offline_page({"width": 1400, "height": 1200}) as (page, offline), \
            jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(responses)}) as lab:
        # 00: answer yes to all six, raise the first confidence from 50 to 80 (six steps of 5), save and lock.
        open_and_run_all(page, lab, "00-start-here.ipynb")
        groups = page.locator(".widget-toggle-buttons")
        for i in range(6):
            groups.nth(i).get_by_role("button", name="yes", exact=True).click()
        page.wait_for_selector("text=6 of 6 forecasts answered")
        chosen, other = (groups.first.get_by_role("button", name=n, exact=True) for n in ("yes", "no"))
        assert contrast(colour(chosen), colour(other)) >= 3  # the chosen answer stands out, not a shade darker
        nudge_first_slider(page, 6, "80")
        page.locator(PSEUDONYM_BOX).fill(PSEUDONYM)
        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_selector("text=They are now locked")
        code = page.locator(".reset-ledger-code").inner_text()  # shown once, at the first save
        bets = json.loads((responses / f"00-start-here--{PSEUDONYM}.json").read_text())
        assert bets["locked"] is True
        assert bets["answers"]["bets"]["forecasts"]["new-start-ratified"] == {"answer": "yes", "confidence": 80}
        assert page.locator(".widget-toggle-buttons button:disabled").count() >= 12  # locked on screen too
        assert contrast(colour(chosen), colour(other)) >= 3  # and still plain to read once locked
        assert offline.blocked == [] and error_outputs(page) == []

        # 06: judge the decision as it looked then (50 → 60), fetch the bets, write before each reveal, reveal all six,
        # read the score, sort the outcomes, save.
        open_and_run_all(page, lab, "06-hindsight.ipynb")
        assert page.get_by_role("button", name="Reveal what happened").first.is_disabled()
        assert "opens once all 6 reveals above are open" in page.text_content(".jp-Notebook")
        nudge_first_slider(page, 10, "60")
        page.locator("input[placeholder='the pseudonym you used in 00']").fill(PSEUDONYM)
        press_with_code(page, "Fetch my bets from 00", code)  # another notebook, another session: the code is asked for
        page.wait_for_selector(f"text=Your bets from notebook 00, saved as {PSEUDONYM}")
        boxes = page.locator("textarea[placeholder^='Before you look']")
        buttons = page.get_by_role("button", name="Reveal what happened")
        for i in range(6):
            boxes.nth(i).fill("I think this one went the way I bet")
            page.wait_for_function(
                "i => { const b = [...document.querySelectorAll('button')].filter(b => b.textContent.includes('Reveal what happened'));"
                " return b[i] && !b[i].disabled; }",
                arg=i,
            )
            buttons.nth(i).click()
            page.wait_for_function("n => document.querySelectorAll('.reset-ledger-reveal').length === n", arg=i + 1)
        # yes at 80 % on a forecast that came true: (0.8 − 1)² = 0.04; yes at 50 % on the other five: 0.25 each.
        # Brier = (0.04 + 5 × 0.25) / 6 = 1.29 / 6 = 0.215.
        page.wait_for_selector("text=Your Brier score is 0.215, better than a coin toss (0.250)")
        page.wait_for_function(
            "() => document.querySelector('.jp-Notebook').textContent.includes('US–Russia relations after the article: every event')"
        )
        revealed = page.text_content(".jp-Notebook")  # off-screen cells are skipped by inner_text
        assert "What happened: yes (settled on 22 Dec 2010)" in revealed
        assert "US–Russia relations after the article" in revealed
        page.wait_for_function(f"() => document.querySelectorAll('{RENDERED_CHART}').length >= 2")
        page.wait_for_selector("text=your judgement before hindsight")
        # The outcome cards open with the last reveal; our reading opens only once every card is placed.
        cards = page.locator(".widget-toggle-buttons").filter(has_text="can't tell")
        assert cards.count() >= 15
        assert page.get_by_role("button", name="Compare with our reading").is_disabled()
        for i in range(cards.count()):
            cards.nth(i).get_by_role("button", name="can't tell", exact=True).click()
        page.wait_for_function("() => !document.evaluate(\"//button[contains(., 'Compare with our reading')]\", document, null, "
                               "XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.disabled")
        page.get_by_role("button", name="Compare with our reading").click()
        page.wait_for_selector("text=outcomes where our reading does")
        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_selector(f"text=Saved as {PSEUDONYM}")
        answers = json.loads((responses / f"06-hindsight--{PSEUDONYM}.json").read_text())["answers"]
        hindsight = answers["hindsight"]
        charts = page.locator(RENDERED_CHART).count()
        print(f"06: charts rendered {charts}; results {hindsight['results']}; blocked {offline.blocked}")
        assert hindsight["bets_source"] == "00-start-here"
        assert hindsight["results"] == {"brier": 0.215, "baseline": 0.25, "scored": 6}
        assert answers["judgement"]["decision"] == 60 and answers["judgement"]["decision_made"] == "before-reveals"
        assert set(answers["outcomes"]["placed"].values()) == {"unsure"} and len(answers["outcomes"]["placed"]) == cards.count()
        assert offline.blocked == [] and error_outputs(page) == []


def test_the_gamble_sliders_keep_adding_up_to_100_in_the_browser(tmp_path):
    with offline_page() as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(tmp_path / "r")}) as lab:
        open_and_run_all(page, lab, "05-the-gamble.ipynb")
        assert "Defaults in use" in page.text_content(".jp-Notebook")
        summary = page.locator(".reset-ledger-gamble strong")
        before = summary.text_content()
        handle = page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        for _ in range(7):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "before => { const s = document.querySelector('.reset-ledger-gamble strong'); return s && s.textContent !== before; }", arg=before
        )
        wait_until_idle(page)
        readouts = [int(page.locator(".widget-readout").nth(i).inner_text()) for i in range(3)]
        after = summary.text_content()
        print(f"05: chances {readouts}; {before} -> {after}")
        assert sum(readouts) == 100 and readouts[0] == 40
        # Partner 40; partial and reversion share 60 as 34 : 33 → 30.45 and 29.55 → 30 and 30. Question 1:
        # the reset (40 × −2 + 30 × −5.5 + 30 × −9) / 100 = −5.15; confrontation (40 × −4 + 30 × −3 + 30 × 3) / 100 = −1.6.
        assert readouts == [40, 30, 30] and "The reset -5.15 · Confrontation -1.60" in after
        assert page.locator(RENDERED_CHART).count() >= 3
        assert offline.blocked == [] and error_outputs(page) == []
