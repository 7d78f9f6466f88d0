"""Handouts: both editions built once per session, checked as files, then opened from disk in
headless Chromium with every non-local request blocked."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from browser import RENDERED_CHART, offline_page
from conftest import NOTEBOOKS
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from reset_ledger.rendering import NOT_LOADED, REFERENCE, vega_bundle
from reset_ledger.data import load
from reset_ledger.sequence import TEACHER
from tools.handouts import EDITIONS, GLOSSARY, HandoutError, build, execute, export, for_handout, handout_name, present, relink
from tools.paper import Print, print_handout
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
        expected = {handout_name(entry) for entry in present(edition.entries)} | {"index.html", GLOSSARY, REFERENCE}
        expected |= {page.file for page in edition.kit}
        assert {p.name for p in folder.iterdir()} == expected
        index = (folder / "index.html").read_text()
        for entry in edition.entries:
            row = re.search(rf"<tr[^>]*>\s*<td>{entry.number}</td>(.*?)</tr>", index, re.S)
            assert row, f"{entry.label} missing from {edition.name}/index.html"
            assert f"<td>{entry.minutes}</td>" in row.group(1)
            linked = f'href="{handout_name(entry)}"' in row.group(1)
            assert linked == (entry in present(edition.entries))


def test_class_results_are_left_to_jupyterlab_and_the_teacher_edition_carries_the_kit(handouts):
    for edition in EDITIONS:
        assert not {handout_name(e) for e in TEACHER} & {p.name for p in (handouts / edition.name).iterdir()}
    assert STUDENT.kit == ()
    assert {page.file for page in TEACHER_EDITION.kit} == {"lesson-plans.html", "exemplars.html"}
    plans = page_text((handouts / "teacher" / "lesson-plans.html").read_text())
    assert "The core path" in plans and "Core lesson 1" in plans


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


# Prose per medium: a handout names nothing that only a notebook has.

NOTEBOOK_ONLY_WORDS = re.compile(
    r"shift\s*\+\s*enter|\brun all\b|\brun\b[^.]{0,30}\bcells?\b|\b(set-up|next|new|code|this|that) cells?\b|\bkernel\b|set-up done"
    r"|file browser|\btabs?\b|(?<![-/%\w])buttons?\b(?![-'’%]| labelled)(?<!['’] button)|\bmenus?\b|drop-?down|heatmap|black ticks|where the lines cross"
    r"|\b(save|load) my answers|hand in to my teacher|fetch my bets|gather my numbers|show the exact answer|set my sliders"
    r"|use my ledger|\bkeep 0\b|reveal what happened|compare with the class|reset this exercise|open \*?sources"
    r"|compare with the \w+( \w+)?\W{0,3} (opens|sets|\(under)|\bin the box(es)?\b|the boxes below|(?-i:\bpress(es)? \**[A-Z])",
    re.I,
)


class PageText(HTMLParser):
    """A page's text as a reader meets it: scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag) -> None:
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.parts.append(data)


def page_text(html: str) -> str:
    reader = PageText()
    reader.feed(html)
    return re.sub(r"\s+", " ", "".join(reader.parts))


def test_no_handout_names_a_cell_key_button_tab_or_menu_it_does_not_have(handouts):
    """Every page of both editions but the teacher's kit, whose lesson plans are about running the notebooks."""
    kit = {page.file for edition in EDITIONS for page in edition.kit}
    found = {}
    for folder in sorted(p for p in handouts.iterdir() if p.is_dir()):
        for page in sorted(p for p in folder.glob("*.html") if p.name not in kit):
            text = page_text(page.read_text())
            found[f"{folder.name}/{page.name}"] = [text[max(0, m.start() - 50):m.end() + 30] for m in NOTEBOOK_ONLY_WORDS.finditer(text)]
    print(f"notebook-only vocabulary in {len(found)} handout pages, both editions: {sum(map(len, found.values()))}")
    assert {page: hits for page, hits in found.items() if hits} == {}


def test_the_vocabulary_check_catches_notebook_words():
    caught = ["Run the set-up cell first.", "Press Shift + Enter.", "Work through the four tabs.", "press Save my answers",
              "Compare with the author opens", "the heatmap updates", "use the menu Run ▸ Run All Cells", "press Load my answers"]
    kept = ["Associated Press (via Salon)", "a UN press release", "Biden's call to 'press the reset button'", "each cell of the matrix",
            "Clinton hands Lavrov a mislabelled 'reset' button", "Lavrov a button labelled 'peregruzka'",
            "The White House, Office of the Press Secretary", "https://example.org/clinton-gives-lavrov-reset-button-with-wrong",
            "Compare with the author", "write your pseudonym at the top of the worksheet"]
    assert [text for text in caught if not NOTEBOOK_ONLY_WORDS.search(text)] == []
    assert [text for text in kept if NOTEBOOK_ONLY_WORDS.search(text)] == []


def test_notebook_only_text_stays_out_of_handouts_and_handout_only_text_out_of_notebooks():
    source = ("Score every item. <!-- notebook-only -->Move a slider and the chart\nupdates.<!-- /notebook-only -->"
              "<!-- handout-only: Write your scores in the worksheet. --> Then compare.")
    assert for_handout(source) == "Score every item. Write your scores in the worksheet. Then compare."
    nb = new_notebook(cells=[new_markdown_cell("Everyone reads this."),
                             new_markdown_cell("## Save your answers", metadata={"tags": ["notebook-only"]})])
    student, teacher = (export(nb, STUDENT.entries[0], edition, set()) for edition in EDITIONS)
    assert "Save your answers" not in student and "Save your answers" not in teacher
    assert "Everyone reads this." in student


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
        assert links == [handout_name(e) for e in present(edition.entries)] + [GLOSSARY, REFERENCE] + [p.file for p in edition.kit]
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
        hidden = ".vega-bindings, .vega-embed > details, .jp-CodeCell .jp-Cell-inputWrapper"
        assert page.locator(hidden).count() > 0
        assert page.eval_on_selector_all(hidden, "nodes => nodes.filter(n => n.offsetParent !== null).length") == 0
        kept_whole = page.eval_on_selector_all(".vega-embed", "nodes => nodes.map(n => getComputedStyle(n).breakInside)")
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


# Paper and phones.

@pytest.fixture(scope="session")
def printed(handouts) -> dict[str, Print]:
    """Every page of both editions printed to A4 PDF in Chromium and measured, once per session."""
    with offline_page() as (page, _):
        return {f"{p.parent.name}/{p.name}": print_handout(page, p) for p in sorted(handouts.glob("*/*.html"))}


def test_the_student_set_prints_on_at_most_fifty_a4_pages(printed):
    """The set a student is given: every handout and the glossary (the contents page is for the screen, and the
    reference appendix is printed once for the class)."""
    student = {name: p.pages for name, p in printed.items()
               if name.startswith("student/") and not name.endswith((REFERENCE, "/index.html"))}
    print(" · ".join(f"{name.split('/')[1]} {pages}" for name, pages in student.items()), f"· total {sum(student.values())}",
          f"(contents page {printed['student/index.html'].pages}, reference appendix {printed['student/' + REFERENCE].pages})")
    assert sum(student.values()) <= 50


def test_on_a4_no_table_or_chart_runs_past_the_printable_width(printed):
    assert {name: p.too_wide for name, p in printed.items() if p.too_wide} == {}


def test_on_a4_no_word_is_split_across_two_lines(printed):
    assert {name: p.split_words for name, p in printed.items() if p.split_words} == {}


PHONE = {"width": 390, "height": 844}
CHART_TEXT_PX = """() => [...document.querySelectorAll('.vega-embed svg.marks')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
})"""


@pytest.mark.parametrize("case", HANDOUTS, ids=handout_id)
def test_on_a_phone_nothing_runs_off_the_screen_and_chart_text_stays_legible(handouts, case, tmp_path):
    edition, entry = case
    with offline_page(PHONE) as (page, _):
        page.goto((handouts / edition.name / handout_name(entry)).as_uri())
        wait_for_charts(page, page.locator(CHART).count())
        width = page.evaluate("document.documentElement.scrollWidth")
        sizes = page.evaluate(CHART_TEXT_PX)
        sliders = page.eval_on_selector_all(
            ".vega-bind", "binds => binds.map(b => [b.querySelector('.vega-bind-name'), b.querySelector('input')])"
            ".filter(([name, input]) => name && input && input.type === 'range')"
            ".map(([name, input]) => input.getBoundingClientRect().top >= name.getBoundingClientRect().bottom - 1)")
        if entry.number == "02":
            page.screenshot(path=str(tmp_path / f"{edition.name}-02-phone.png"), full_page=False)
        print(f"{edition.name}/{handout_name(entry)} at 390 px: page {width} px wide, smallest chart text "
              f"{min(sizes, default=0):.1f} px, sliders under their labels {sum(sliders)}/{len(sliders)}")
        assert width <= PHONE["width"]
        assert min(sizes, default=9) >= 9
        assert all(sliders)


PAGES = [(edition.name, name) for edition in EDITIONS
         for name in [handout_name(e) for e in present(edition.entries)] + ["index.html", GLOSSARY, REFERENCE] + [p.file for p in edition.kit]]


@pytest.mark.parametrize("case", PAGES, ids="/".join)
def test_axe_finds_no_accessibility_violation(handouts, case):
    from axe_playwright_python.sync_playwright import Axe

    edition, name = case
    with offline_page() as (page, offline):
        page.goto((handouts / edition / name).as_uri())
        wait_for_charts(page, page.locator(CHART).count())
        violations = Axe().run(page).response["violations"]
        found = {v["id"]: [node["target"] for node in v["nodes"]][:3] for v in violations}
        print(f"{edition}/{name}: axe-core violations {len(violations)}")
        assert found == {}
        assert offline.blocked == []


def test_a_handout_cites_each_source_by_its_number_in_the_reference_appendix(handouts):
    sources = load("sources")
    appendix = page_text((handouts / "student" / REFERENCE).read_text())
    ledger = page_text((handouts / "student" / "02-the-ledger.html").read_text())
    item = load("ledger_items").iloc[0]
    numbers = [int(sources.index[sources["source_id"] == sid][0]) + 1 for sid in item["source_ids"]]
    assert f"Sources {', '.join(f'[{n}]' for n in numbers)} (reference appendix)" in ledger
    listed = re.findall(r"<li>(.*?)</li>", (handouts / "student" / REFERENCE).read_text().split('class="handout-sources"')[1], re.S)
    assert len(listed) == len(sources)
    for n in numbers:
        assert sources.loc[n - 1, "url"] in listed[n - 1]
    assert "Events before the article" in appendix and "Answers for notebook 06" in appendix
