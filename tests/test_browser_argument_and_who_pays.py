"""Notebooks 01 and 04 in JupyterLab in a real browser with the network cut: run all, move a control,
read the changed result, save."""

from __future__ import annotations

import nbformat
from browser import RENDERED_CHART, error_outputs, jupyterlab, offline_page, open_and_run_all
from conftest import NOTEBOOKS, ROOT

from reset_ledger.rendering import NOT_LOADED


def show_cell(page, notebook: str, source: str, selector: str) -> str:
    """Scroll the cell whose code contains `source` into view (JupyterLab skips rendering cells off screen),
    wait for `selector` inside it, and return its text."""
    cells = nbformat.read(NOTEBOOKS / notebook, as_version=4).cells
    index = next(i for i, cell in enumerate(cells) if source in cell.source)
    page.evaluate("i => window.jupyterapp.shell.currentWidget.content.scrollToItem(i, 'start')", index)
    page.wait_for_selector(selector)
    return page.locator(selector).text_content()


def wait_for_change(page, selector: str, before: str) -> str:
    page.wait_for_function(
        "([selector, before]) => { const el = document.querySelector(selector); return el && el.textContent !== before; }",
        arg=[selector, before],
    )
    return page.locator(selector).text_content()


def save_as(page, pseudonym: str) -> None:
    page.locator("input[placeholder='a pseudonym, not your real name']").fill(pseudonym)
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_selector(f"text=Saved as {pseudonym}")


def test_argument_tagging_and_placing_a_claim_updates_the_students_map_and_saves_offline(tmp_path):
    responses = tmp_path / "responses"
    with offline_page() as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(responses)}) as lab:
        open_and_run_all(page, lab, "01-the-argument.ipynb")
        progress = ".map-progress"
        before = show_cell(page, "01-the-argument.ipynb", "RolesExercise()", progress)
        charts_before = page.locator(RENDERED_CHART).count()
        first_card = page.locator(".widget-tab .widget-vbox .widget-dropdown select")
        first_card.nth(0).select_option(label="Framing")
        tagged = wait_for_change(page, progress, before)
        first_card.nth(1).select_option(label="Nothing: it is the main claim")
        placed = wait_for_change(page, progress, tagged)
        page.wait_for_selector(RENDERED_CHART)
        compare = page.get_by_role("button", name="Compare with the reference map")
        save_as(page, "browser-heron")
        print(f"progress {before!r} -> {tagged!r} -> {placed!r}; charts: {charts_before}; saved: {sorted(p.name for p in responses.iterdir())}")
        assert before.startswith("0 of 30 claims tagged · 0 of 30 placed")
        assert tagged.startswith("1 of 30 claims tagged · 0 of 30 placed") and placed.startswith("1 of 30 claims tagged · 1 of 30 placed")
        assert compare.is_disabled()  # nothing of the reference map opens before the whole attempt
        assert charts_before >= 1 and (responses / "01-the-argument--browser-heron.json").exists()
        assert "The reference map" not in page.inner_text(".jp-Notebook")
        assert offline.blocked == [] and error_outputs(page) == []
        assert NOT_LOADED not in page.inner_text(".jp-Notebook")


def test_who_pays_a_slider_moves_a_net_and_the_senate_game_ratifies_offline(tmp_path):
    responses = tmp_path / "responses"
    with offline_page() as (page, offline), jupyterlab(ROOT, tmp_path, {"RESET_LEDGER_RESPONSES": str(responses)}) as lab:
        open_and_run_all(page, lab, "04-who-pays.ipynb")
        net_line = ".reset-ledger-net"
        before = show_cell(page, "04-who-pays.ipynb", "WhoPaysExercise()", net_line)
        page.locator(".widget-slider .noUi-handle").first.focus()  # the US administration's score for missile defence, 0 by default
        page.keyboard.press("ArrowLeft")
        after = wait_for_change(page, net_line, before)

        game = ".reset-ledger-ratification strong"
        game_before = show_cell(page, "04-who-pays.ipynb", "WinSetExercise()", game)
        page.locator(".widget-slider:visible .noUi-handle").last.focus()  # Republicans for the treaty, 0 by default
        for _ in range(8):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "selector => { const el = document.querySelector(selector); return el && el.textContent.endsWith(': ratified'); }",
            arg=game,
        )
        game_after = page.locator(game).text_content()
        page.get_by_role("button", name="Civil nuclear (123) deal (congressional review)").click()  # the review game
        page.wait_for_function(
            "selector => { const el = document.querySelector(selector); return el && el.textContent.endsWith(': takes effect'); }",
            arg=game,
        )
        save_as(page, "browser-owl")
        print(f"net line {before!r} -> {after!r}; game {game_before!r} -> {game_after!r}")
        assert "US administration: +4.00" in before and "US administration: +3.00" in after
        assert (game_before, game_after) == ("New START (a treaty): not ratified", "New START (a treaty): ratified")
        assert page.locator(RENDERED_CHART).count() >= 2
        assert (responses / "04-who-pays--browser-owl.json").exists()
        assert offline.blocked == [] and error_outputs(page) == []
        assert NOT_LOADED not in page.inner_text(".jp-Notebook")
