"""`make handouts`: every notebook, run in handout mode, as one self-contained HTML file per edition.

One source, two editions: the teacher notes kept in `teacher/notes/` are merged into each notebook as
cells tagged `teacher` (tools/teacher_notes.py), and cells tagged `teacher` or `solution` are removed
from the student edition by nbconvert's TagRemovePreprocessor; set-up cell inputs (tag `setup`) are
hidden in both. Each
notebook is executed once with RESET_LEDGER_HANDOUT=1 (exercises render their kernel-free version
and worksheet instead of widgets), then exported through `tools/templates/handout`, which inlines
the Vega bundle once and loads nothing from the network.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "tools" / "templates"
TEMPLATE = "handout"
if str(NOTEBOOKS) not in sys.path:
    sys.path.insert(0, str(NOTEBOOKS))

from reset_ledger.glossary import glossary_frame  # noqa: E402
from reset_ledger.rendering import HANDOUT_ENV, vega_bundle_script  # noqa: E402
from reset_ledger.responses import FOLDER_ENV  # noqa: E402
from reset_ledger.sequence import SEQUENCE, TEACHER, Notebook  # noqa: E402
from tools.teacher_notes import teacher_version  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTEBOOK_LINK = re.compile(r"\[([^\]]+)\]\(([\w.-]+)\.ipynb\)")
BARE_URL = re.compile(r'<a href="(https?://[^"]+)">\1</a>')
MARKUP = re.compile(r"(<script.*?</script>|<style.*?</style>|<[^>]+>)", re.S)
URL = re.compile(r"https?://[^\s<]+")


class HandoutError(RuntimeError):
    """A notebook cannot become a handout: it shows ipywidgets, which are dead without a kernel."""


@dataclass(frozen=True)
class Edition:
    """One edition of the handouts: who reads it, which notebooks it has, which cell tags it drops."""

    name: str
    title: str
    note: str
    entries: tuple[Notebook, ...]
    removed_tags: frozenset[str]


EDITIONS = (
    Edition("student", "Student edition", "For students: prompts, charts, sliders that work without a kernel, worksheets.",
            SEQUENCE, frozenset({"teacher", "solution"})),
    Edition("teacher", "Teacher edition", "For the teacher: the student edition plus teaching notes, solutions and the teacher's notebooks.",
            SEQUENCE + TEACHER, frozenset()),
)
HIDDEN_INPUT_TAGS = frozenset({"setup"})


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


def relink(nb: nbformat.NotebookNode, built: set[str]) -> nbformat.NotebookNode:
    """Point links between notebooks at their handouts; a link to a notebook not in this edition
    keeps its words and loses the link (no dead links in a handout)."""
    def replace(match: re.Match) -> str:
        words, stem = match.group(1), match.group(2)
        return f"[{words}]({stem}.html)" if f"{stem}.ipynb" in built else words

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(replace, cell.source)
    return nb


def exporter(edition: Edition) -> HTMLExporter:
    """nbconvert's HTML exporter with our template and this edition's tag rules."""
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(edition.removed_tags)
    config.TagRemovePreprocessor.remove_input_tags = set(HIDDEN_INPUT_TAGS)
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
    """The edition's index.html: the sequence with minutes, each notebook linked to its handout, then the glossary."""
    rows = [(entry, handout_name(entry) if entry.file in built else None) for entry in edition.entries]
    return _page("contents.html.j2", edition=edition, rows=rows, glossary=GLOSSARY)


def glossary_page(edition: Edition) -> str:
    """The edition's glossary.html: every term of data/glossary.csv, to print beside the handouts."""
    return _page("glossary.html.j2", edition=edition, glossary=glossary_frame())


def build_notebook(entry: Notebook, out: Path, built: dict[str, set[str]]) -> list[Path]:
    """Execute one notebook once and write it into every edition that includes it."""
    nb = execute(NOTEBOOKS / entry.file)
    written = []
    for edition in EDITIONS:
        if entry.file in built[edition.name]:
            target = out / edition.name / handout_name(entry)
            target.write_text(export(nb, entry, edition, built[edition.name]), encoding="utf-8")
            written.append(target)
    return written


def build(out: Path, jobs: int | None = None) -> list[Path]:
    """Every edition's handouts and contents page, notebooks executed in parallel (one kernel each)."""
    built = {edition.name: {entry.file for entry in present(edition.entries)} for edition in EDITIONS}
    entries = present(dict.fromkeys(SEQUENCE + TEACHER))
    for edition in EDITIONS:
        (out / edition.name).mkdir(parents=True, exist_ok=True)
        for old in (out / edition.name).glob("*.html"):
            old.unlink()  # a renamed or removed notebook leaves no stale handout behind
    vega_bundle_script()  # build the cached bundle once, before the workers need it
    workers = max(1, min(len(entries), jobs or os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(build_notebook, entry, out, built) for entry in entries]
        written = [path for future in futures for path in future.result()]
    for edition in EDITIONS:
        index = out / edition.name / "index.html"
        index.write_text(contents_page(edition, built[edition.name]), encoding="utf-8")
        glossary = out / edition.name / GLOSSARY
        glossary.write_text(glossary_page(edition), encoding="utf-8")
        written += [index, glossary]
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "handouts", help="output folder (default: build/handouts)")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks built at once (default: one per core)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    written = build(args.out, args.jobs)
    for path in written:
        print(f"{path.relative_to(args.out)}  {path.stat().st_size / 1024:7.1f} KB")
    print(f"{len(written)} files in {args.out} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
