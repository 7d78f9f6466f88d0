"""`make handouts`: every notebook, run in handout mode, as one self-contained HTML file per edition.

One source, two editions: the teacher notes kept in `teacher/notes/` are merged into each notebook as
cells tagged `teacher` (tools/teacher_notes.py), and cells tagged `teacher` or `solution` are removed
from the student edition by nbconvert's TagRemovePreprocessor. No code is shown in either edition.

One source, two media: prose about what only a notebook has (cells, keys, buttons, tabs, menus) is
left out of the handouts. A whole cell tagged `notebook-only` is dropped; inside a Markdown cell,
`<!-- notebook-only -->…<!-- /notebook-only -->` is dropped and `<!-- handout-only: … -->` (a comment,
so JupyterLab never shows it) becomes text. Each notebook is executed once with RESET_LEDGER_HANDOUT=1 (exercises render their kernel-free version
and worksheet instead of widgets), then exported through `tools/templates/handout`, which inlines
the Vega bundle once and loads nothing from the network.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat
from markupsafe import Markup
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "tools" / "templates"
TEMPLATE = "handout"
if str(NOTEBOOKS) not in sys.path:
    sys.path.insert(0, str(NOTEBOOKS))

from reset_ledger.citations import source_line  # noqa: E402
from reset_ledger.data import load  # noqa: E402
from reset_ledger.exercises.hindsight import forecast_answers_table, outcome_readings_table  # noqa: E402
from reset_ledger.exercises.verdict import positions_html  # noqa: E402
from reset_ledger.exercises.weighing import performance_reference  # noqa: E402
from reset_ledger.glossary import glossary_frame  # noqa: E402
from reset_ledger.hindsight import after_article_table  # noqa: E402
from reset_ledger.rendering import HANDOUT_ENV, REFERENCE, vega_bundle_script  # noqa: E402
from reset_ledger.responses import FOLDER_ENV  # noqa: E402
from reset_ledger.sequence import SEQUENCE, Notebook  # noqa: E402
from reset_ledger.timeline import before_article_table  # noqa: E402
from tools.teacher_notes import teacher_version  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTEBOOK_LINK = re.compile(r"\[([^\]]+)\]\(([\w.-]+)\.ipynb\)")
BARE_URL = re.compile(r'<a href="(https?://[^"]+)">\1</a>')
MARKUP = re.compile(r"(<script.*?</script>|<style.*?</style>|<[^>]+>)", re.S)
URL = re.compile(r"https?://[^\s<]+")
NOTEBOOK_ONLY = "notebook-only"
NOTEBOOK_ONLY_SPAN = re.compile(r"<!-- notebook-only -->.*?<!-- /notebook-only -->[ \t]*", re.S)
HANDOUT_ONLY_SPAN = re.compile(r"<!-- handout-only: (.*?) -->", re.S)
NAVIGATION = re.compile(r"^\*\*(Previous|Next):\*\*", re.M)  # a notebook's last cell: links to the one before and after
NAVIGATION_TAG = "navigation"


class HandoutError(RuntimeError):
    """A notebook cannot become a handout: it shows ipywidgets, which are dead without a kernel."""


@dataclass(frozen=True)
class KitPage:
    """A page of the teacher's kit, written in Markdown under teacher/, printed beside the handouts."""

    file: str
    title: str
    source: Path


@dataclass(frozen=True)
class Edition:
    """One edition of the handouts: who reads it, which notebooks it has, which cell tags it drops, which kit pages it adds."""

    name: str
    title: str
    note: str
    entries: tuple[Notebook, ...]
    removed_tags: frozenset[str]
    kit: tuple[KitPage, ...] = ()


KIT = (
    KitPage("lesson-plans.html", "Lesson plans: the core path and the full sequence", ROOT / "teacher" / "lesson-plans.md"),
    KitPage("exemplars.html", "Exemplar verdicts for notebook 07, marked against the rubric", ROOT / "teacher" / "exemplars.md"),
)
# Notebook 90 (class results) is left out: on paper it could only show an empty class. It runs in JupyterLab.
EDITIONS = (
    Edition("student", "Student edition", "For students: prompts, charts with controls that work in the page, worksheets.",
            SEQUENCE, frozenset({"teacher", "solution", NOTEBOOK_ONLY})),
    Edition("teacher", "Teacher edition", "For the teacher: the student edition with the teaching notes and solutions in place, "
            "and the teacher's kit.", SEQUENCE, frozenset({NOTEBOOK_ONLY}), KIT),
)


def present(entries: Iterable[Notebook], folder: Path = NOTEBOOKS) -> list[Notebook]:
    """The notebooks of a list that exist on disk: handouts follow the repository as it grows."""
    return [entry for entry in entries if (folder / entry.file).exists()]


def handout_name(entry: Notebook) -> str:
    """A notebook's handout file name: '02-the-ledger.html'."""
    return Path(entry.file).with_suffix(".html").name


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a notebook, its teacher notes merged in, top to bottom in handout mode, with an empty answers
    folder (no student's saved answers can leak into a handout) and no widget state stored."""
    nb = teacher_version(path)
    with tempfile.TemporaryDirectory(prefix="handout-responses-") as responses:
        env = {**os.environ, HANDOUT_ENV: "1", FOLDER_ENV: responses}
        client = NotebookClient(nb, timeout=300, kernel_name=nb.metadata.kernelspec.name,
                                resources={"metadata": {"path": str(path.parent)}}, store_widget_state=False)
        client.execute(env=env)
    views = [i for i, cell in enumerate(nb.cells) for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {})]
    if views:
        raise HandoutError(f"{path.name}: cells {views} display ipywidgets, which are dead in a handout; "
                           "in handout mode an exercise must show its handout() instead")
    return nb


def for_handout(markdown: str) -> str:
    """A Markdown cell's text as a handout shows it: notebook-only spans dropped, handout-only comments shown."""
    return HANDOUT_ONLY_SPAN.sub(r"\1", NOTEBOOK_ONLY_SPAN.sub("", markdown))


def relink(nb: nbformat.NotebookNode, built: set[str]) -> nbformat.NotebookNode:
    """Markdown worded for a handout, with links between notebooks pointed at their handouts; a link to a
    notebook not in this edition keeps its words and loses the link (no dead links in a handout). The cell of
    links to the previous and next notebook is tagged for the screen only."""
    def replace(match: re.Match) -> str:
        words, stem = match.group(1), match.group(2)
        return f"[{words}]({stem}.html)" if f"{stem}.ipynb" in built else words

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(replace, for_handout(cell.source))
            if NAVIGATION.search(cell.source):
                cell.metadata.setdefault("tags", []).append(NAVIGATION_TAG)  # on screen only: paper cannot follow a link
    return nb


def exporter(edition: Edition) -> HTMLExporter:
    """nbconvert's HTML exporter with our template and this edition's tag rules."""
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(edition.removed_tags)
    config.HTMLExporter.exclude_input = True  # a handout runs no code, so it shows none
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    return HTMLExporter(config=config, template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATES)])


def export(nb: nbformat.NotebookNode, entry: Notebook, edition: Edition, built: set[str]) -> str:
    """One executed notebook as one edition's self-contained HTML page."""
    page = relink(copy.deepcopy(nb), built)
    page.metadata["title"] = f"{entry.label} · Reset Ledger handout, {edition.title.lower()}"
    resources = {"handout": {"edition": edition, "vega_script": vega_bundle_script()}}
    html, _ = exporter(edition).from_notebook_node(page, resources=resources)
    # A link whose words are its address needs no address printed after it.
    return breakable_urls(BARE_URL.sub(r'<a class="bare-url" href="\1">\1</a>', html))


def breakable_urls(html: str) -> str:
    """Let web addresses shown as text wrap after their slashes and dots, so a sources column
    fits the page instead of running off its edge (tags, scripts and styles are left alone)."""
    def soften(url: re.Match) -> str:
        return re.sub(r"([/.?=_-])(?=[^/])", r"\1<wbr>", url.group(0))

    parts = MARKUP.split(html)  # text at even positions, markup at odd ones
    return "".join(URL.sub(soften, part) if i % 2 == 0 else part for i, part in enumerate(parts))


GLOSSARY = "glossary.html"


def _page(template: str, **values: object) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / TEMPLATE), autoescape=True)
    return env.get_template(template).render(**values)


def contents_page(edition: Edition, built: set[str]) -> str:
    """The edition's index.html: the sequence with minutes, each notebook linked to its handout, then the
    glossary, the reference appendix and (teacher edition) the kit."""
    rows = [(entry, handout_name(entry) if entry.file in built else None) for entry in edition.entries]
    return _page("contents.html.j2", edition=edition, rows=rows, glossary=GLOSSARY, reference=REFERENCE)


def reference_page(edition: Edition) -> str:
    """The edition's reference.html: the long tables the handouts keep on screen (events, 03's reasons for its scores,
    06's answers, 07's positions to compare), and every source, numbered."""
    with handout_citations():
        before, after = before_article_table().to_html(), after_article_table().to_html()
        scores = performance_reference().to_html()
        answers = forecast_answers_table().to_html() + outcome_readings_table().to_html()
        positions = positions_html()
    body = _page("reference.html.j2", before=Markup(before), after=Markup(after), scores=Markup(scores), answers=Markup(answers),
                 positions=Markup(positions),
                 sources=[source_line(row) for _, row in load("sources").iterrows()])
    return _page("page.html.j2", edition=edition, title="Reference appendix", body=Markup(body))


def kit_page(edition: Edition, page: KitPage) -> str:
    """A teacher's kit page (lesson plans, exemplars) from its Markdown, as a page of the teacher edition."""
    return _page("page.html.j2", edition=edition, title=page.title,
                 body=Markup(markdown2html_mistune(page.source.read_text(encoding="utf-8"))))


@contextlib.contextmanager
def handout_citations() -> Iterator[None]:
    """Cite sources as a handout does (by number) while building a page outside a notebook."""
    before = os.environ.get(HANDOUT_ENV)
    os.environ[HANDOUT_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ[HANDOUT_ENV]
        else:
            os.environ[HANDOUT_ENV] = before


def glossary_page(edition: Edition) -> str:
    """The edition's glossary.html: every term of data/glossary.csv, to print beside the handouts."""
    return _page("glossary.html.j2", edition=edition, glossary=glossary_frame())


def build_notebook(entry: Notebook, out: Path, built: dict[str, set[str]]) -> tuple[list[Path], float]:
    """Execute one notebook once and write it into every edition that includes it; the seconds it took."""
    start = time.perf_counter()
    nb = execute(NOTEBOOKS / entry.file)
    written = []
    for edition in EDITIONS:
        if entry.file in built[edition.name]:
            target = out / edition.name / handout_name(entry)
            target.write_text(export(nb, entry, edition, built[edition.name]), encoding="utf-8")
            written.append(target)
    return written, time.perf_counter() - start


def build(out: Path, jobs: int | None = None, timings: dict[str, float] | None = None) -> list[Path]:
    """Every edition's handouts and contents page, notebooks executed in parallel (one kernel each); each
    notebook's build time goes into `timings` when given."""
    built = {edition.name: {entry.file for entry in present(edition.entries)} for edition in EDITIONS}
    entries = present(dict.fromkeys(entry for edition in EDITIONS for entry in edition.entries))
    for edition in EDITIONS:
        (out / edition.name).mkdir(parents=True, exist_ok=True)
        for old in (out / edition.name).glob("*.html"):
            old.unlink()  # a renamed or removed notebook leaves no stale handout behind
    vega_bundle_script()  # build the cached bundle once, before the workers need it
    workers = max(1, min(len(entries), jobs or os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {entry.file: pool.submit(build_notebook, entry, out, built) for entry in entries}
        results = {file: future.result() for file, future in futures.items()}
    written = [path for paths, _ in results.values() for path in paths]
    if timings is not None:
        timings.update({file: seconds for file, (_, seconds) in results.items()})
    for edition in EDITIONS:
        index = out / edition.name / "index.html"
        index.write_text(contents_page(edition, built[edition.name]), encoding="utf-8")
        pages = {GLOSSARY: glossary_page(edition), REFERENCE: reference_page(edition)}
        pages |= {page.file: kit_page(edition, page) for page in edition.kit}
        for name, html in pages.items():
            (out / edition.name / name).write_text(html, encoding="utf-8")
            written.append(out / edition.name / name)
        written.append(index)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "handouts", help="output folder (default: build/handouts)")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks built at once (default: one per core)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    timings: dict[str, float] = {}
    written = build(args.out, args.jobs, timings)
    for path in written:
        print(f"{path.relative_to(args.out)}  {path.stat().st_size / 1024:7.1f} KB")
    for file, seconds in timings.items():
        print(f"built {file} in {seconds:.1f} s")
    print(f"{len(written)} files in {args.out} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
