"""Handouts: both editions built once per session, checked as files, then opened from disk in
headless Chromium with every non-local request blocked."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from browser import RENDERED_CHART, offline_page
from conftest import NOTEBOOKS
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from reset_ledger.rendering import NOT_LOADED, vega_bundle
from reset_ledger.data import load
from tools.handouts import EDITIONS, GLOSSARY, HandoutError, build, execute, export, handout_name, present, relink
from tools.teacher_notes import teacher_version

HANDOUTS = [(edition, entry) for edition in EDITIONS for entry in present(edition.entries)]
STUDENT, TEACHER_EDITION = EDITIONS
REMOVED = {"teacher", "solution"}
CHART = ".reset-ledger-chart"


def handout_id(case) -> str:
    edition, entry = case
    return f"{edition.name}-{entry.number}"


@pytest.fixture(scope="session")
def handouts(tmp_path_factory) -> Path:
    """Both editions, built once for the whole session (about ten seconds on two cores)."""
    out = tmp_path_factory.mktemp("handouts")
    build(out)
    return out


def tagged_cells(entry, tags=REMOVED) -> list[nbformat.NotebookNode]:
    """The cells of the notebook's teacher version (its notes merged in) that carry any of these tags."""
    nb = teacher_version(NOTEBOOKS / entry.file)
    return [cell for cell in nb.cells if tags & set(cell.metadata.get("tags", []))]


# The files themselves.

def test_each_edition_has_every_notebook_on_disk_and_an_index_with_minutes(handouts):
    for edition in EDITIONS:
        folder = handouts / edition.name
        expected = {handout_name(entry) for entry in present(edition.entries)} | {"index.html", GLOSSARY}
        assert {p.name for p in folder.iterdir()} == expected
        index = (folder / "index.html").read_text()
        for entry in edition.entries:
            row = re.search(rf"<tr[^>]*>\s*<td>{entry.number}</td>(.*?)</tr>", index, re.S)
            assert row, f"{entry.label} missing from {edition.name}/index.html"
            assert f"<td>{entry.minutes}</td>" in row.group(1)
            linked = f'href="{handout_name(entry)}"' in row.group(1)
            assert linked == (entry in present(edition.entries))


def test_teacher_notebooks_stay_out_of_the_student_edition(handouts):
    teachers_only = {handout_name(e) for e in TEACHER_EDITION.entries if e not in STUDENT.entries}
    assert teachers_only and not teachers_only & {p.name for p in (handouts / "student").iterdir()}


@pytest.mark.parametrize("case", HANDOUTS, ids=handout_id)
def test_self_contained_with_the_vega_bundle_once(handouts, case):
    edition, entry = case
    html = (handouts / edition.name / handout_name(entry)).read_text()
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|@font-face|url\(\s*['\"]?https?:", html)
    assert html.count(vega_bundle()[:300]) == 1
    assert "widget-state" not in html and "widget-view" not in html
    assert "require.js" not in html and "MathJax" not in html
    assert not re.search(r'href="[^"]+\.ipynb"', html), "a link still points at a notebook, not a handout"
    assert "reset_ledger.setup()" not in html, "the set-up cell's input is shown"


@pytest.mark.parametrize("entry", present(STUDENT.entries), ids=lambda e: e.number)
def test_student_edition_has_no_teacher_or_solution_cell(handouts, entry):
    student = (handouts / "student" / handout_name(entry)).read_text()
    teacher = (handouts / "teacher" / handout_name(entry)).read_text()
    for cell in tagged_cells(entry):
        anchor = f'id="cell-id={cell.id}"'
        assert anchor in teacher and anchor not in student, cell.id
    assert not re.search(r"celltag_(teacher|solution)", student.split("<main>", 1)[1])


def test_tag_rules_drop_solutions_for_students_and_hide_setup_inputs_for_everyone():
    nb = new_notebook(cells=[
        new_code_cell("import reset_ledger\nreset_ledger.setup()", metadata={"tags": ["setup"]}),
        new_markdown_cell("Everyone reads this."),
        new_markdown_cell("The worked answer.", metadata={"tags": ["solution"]}),
        new_markdown_cell("Run it as a debate.", metadata={"tags": ["teacher"]}),
    ])
    entry = STUDENT.entries[0]
    student, teacher = (export(nb, entry, edition, set()) for edition in EDITIONS)
    assert "Everyone reads this." in student and "Everyone reads this." in teacher
    assert "The worked answer." not in student and "Run it as a debate." not in student
    assert "The worked answer." in teacher and "Run it as a debate." in teacher
    assert "reset_ledger.setup()" not in student and "reset_ledger.setup()" not in teacher


def test_links_point_at_handouts_or_lose_their_link():
    nb = new_notebook(cells=[new_markdown_cell("**Next:** [02 · The ledger →](02-the-ledger.ipynb) · [03 · Weigh it](03-weigh-it.ipynb)")])
    assert relink(nb, {"02-the-ledger.ipynb"}).cells[0].source == "**Next:** [02 · The ledger →](02-the-ledger.html) · 03 · Weigh it"


def test_a_widget_in_handout_mode_stops_the_build(tmp_path):
    path = tmp_path / "widget.ipynb"
    nb = new_notebook(cells=[new_code_cell("import ipywidgets\nipywidgets.IntSlider(description='Worth')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    with pytest.raises(HandoutError, match="dead in a handout"):
        execute(path)


# In a real browser, opened from disk, with the network cut.

def wait_for_charts(page, present: int) -> int:
    """How many charts drew, after giving every vegaEmbed call time to finish."""
    try:
        page.wait_for_function(f"n => document.querySelectorAll({RENDERED_CHART!r}).length >= n", arg=present, timeout=20_000)
    except Exception:  # the assertion below reports how many drew
        pass
    return page.locator(RENDERED_CHART).count()


@pytest.mark.parametrize("case", HANDOUTS, ids=handout_id)
def test_every_chart_renders_offline_with_no_errors(handouts, case):
    edition, entry = case
    with offline_page() as (page, offline):
        page.goto((handouts / edition.name / handout_name(entry)).as_uri())
        present = page.locator(CHART).count()
        rendered = wait_for_charts(page, present)
        errors = offline.console_errors + offline.page_errors
        print(f"{edition.name}/{handout_name(entry)}: charts rendered {rendered}/{present}, "
              f"external requests {len(offline.blocked)}, console errors {len(errors)}")
        assert rendered == present
        assert offline.blocked == []
        assert errors == []
        assert NOT_LOADED not in page.inner_text("body")
        assert page.locator(".widget-slider, .jupyter-widgets").count() == 0


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.name)
def test_index_opens_offline_and_every_link_is_a_handout(handouts, edition):
    folder = handouts / edition.name
    with offline_page() as (page, offline):
        page.goto((folder / "index.html").as_uri())
        links = page.eval_on_selector_all("main a", "nodes => nodes.map(n => n.getAttribute('href'))")
        assert links == [handout_name(e) for e in present(edition.entries)] + [GLOSSARY]
        assert all((folder / link).exists() for link in links)
        assert offline.blocked == [] and offline.console_errors == [] and offline.page_errors == []


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.name)
def test_the_glossary_page_defines_every_term_and_opens_offline(handouts, edition):
    glossary = load("glossary")
    with offline_page() as (page, offline):
        page.goto((handouts / edition.name / GLOSSARY).as_uri())
        rows = page.eval_on_selector_all("table.handout-glossary tbody tr", "rows => rows.map(r => r.cells[0].innerText)")
        assert sorted(rows, key=str.lower) == rows
        assert set(rows) == set(glossary["term"].astype(str))
        assert "Robert D. Putnam" in page.inner_text("table.handout-glossary")
        assert offline.blocked == [] and offline.console_errors == [] and offline.page_errors == []


@pytest.mark.parametrize("case", [c for c in HANDOUTS if c[0] is STUDENT], ids=handout_id)
def test_every_kernel_free_slider_changes_its_chart(handouts, case):
    edition, entry = case
    with offline_page() as (page, _):
        page.goto((handouts / edition.name / handout_name(entry)).as_uri())
        wait_for_charts(page, page.locator(CHART).count())
        charts = page.locator(CHART).filter(has=page.locator(".vega-bindings input[type=range]"))
        for n in range(charts.count()):
            chart = charts.nth(n)
            before = chart.locator("svg.marks").text_content()
            chart.locator(".vega-bindings input[type=range]").first.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(200)
            assert chart.locator("svg.marks").text_content() != before, f"slider of chart {n} changed nothing"


def test_ledger_sliders_recompute_the_balance_in_the_page(handouts):
    with offline_page() as (page, offline):
        page.goto((handouts / "student" / "02-the-ledger.html").as_uri())
        wait_for_charts(page, 1)
        total = page.locator(".vega-embed svg.marks text", has_text="Balance:")
        before = total.text_content()
        new_start = page.locator(".vega-bind", has_text="New START signed").locator("input[type=range]")
        missile_defence = page.locator(".vega-bind", has_text="missile-defence sites dropped").locator("input[type=range]")
        new_start.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        missile_defence.focus()
        for _ in range(4):
            page.keyboard.press("ArrowLeft")
        page.wait_for_function("b => [...document.querySelectorAll('.vega-embed svg.marks text')]"
                               ".some(t => t.textContent.startsWith('Balance:') && t.textContent !== b)", arg=before)
        after = total.text_content()
        print(f"New START → 3, missile defence → −4: {before} → {after}")
        # New START is promised (× 0.5): 3 × 0.5 = +1.5; missile defence delivered (× 1): −4; sum −2.5.
        assert (before, after) == ("Balance: +0.00", "Balance: −2.50")  # d3-format writes a true minus sign
        assert offline.blocked == []


@pytest.mark.parametrize("entry", present(STUDENT.entries), ids=lambda e: e.number)
def test_teacher_text_is_visible_to_teachers_only(handouts, entry):
    with offline_page() as (page, _):
        page.goto((handouts / "teacher" / handout_name(entry)).as_uri())
        notes = page.eval_on_selector_all(".celltag_teacher, .celltag_solution", "nodes => nodes.map(n => n.innerText)")
        lines = [line.strip() for note in notes for line in note.splitlines() if len(line.strip()) > 20]
        assert len(notes) == len(tagged_cells(entry))
        page.goto((handouts / "student" / handout_name(entry)).as_uri())
        student = page.inner_text("body")
        assert [line for line in lines if line in student] == []


def test_print_layout_keeps_charts_whole_drops_screen_chrome_and_spells_out_links(handouts):
    with offline_page() as (page, _):
        page.goto((handouts / "teacher" / "00-start-here.html").as_uri())
        wait_for_charts(page, 1)
        page.emulate_media(media="print")
        hidden = ".vega-bindings, .vega-embed > details, .jp-CodeCell .jp-Cell-inputWrapper, .reset-ledger-ready"
        assert page.locator(hidden).count() > 0
        assert page.eval_on_selector_all(hidden, "nodes => nodes.filter(n => n.offsetParent !== null).length") == 0
        kept_whole = page.eval_on_selector_all(".vega-embed, table", "nodes => nodes.map(n => getComputedStyle(n).breakInside)")
        assert kept_whole and set(kept_whole) == {"avoid"}
        after = page.eval_on_selector_all(
            "main a[href^='http']",
            "nodes => nodes.map(n => [n.getAttribute('href'), n.className, getComputedStyle(n, '::after').content])",
        )
        assert after
        for href, kind, content in after:
            assert (content == "none") if kind == "bare-url" else (href in content), (href, content)
        ink = page.eval_on_selector("main p", "n => getComputedStyle(n).color")
        assert ink == "rgb(0, 0, 0)"
