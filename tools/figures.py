"""`make figures`: the charts the notebooks' prose refers to, as SVG and PNG in figures/, drawn by
vl-convert with no network. Each figure's Vega-Lite spec is committed beside it (`.vl.json`);
`--check` rebuilds the specs from data/ and fails when a committed figure no longer matches.

Run it as a fresh process (as make does): Altair numbers unnamed selections per process, so a
spec is only reproducible from a clean start.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import vl_convert

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
if str(NOTEBOOKS) not in sys.path:
    sys.path.insert(0, str(NOTEBOOKS))

from reset_ledger.data import load  # noqa: E402
from reset_ledger.ledger import author_scores, balance, ledger_chart, ledger_frame  # noqa: E402
from reset_ledger.rendering import enable_offline_charts  # noqa: E402
from reset_ledger.timeline import context_timeline  # noqa: E402

PNG_SCALE = 2  # sharp enough to print


def authors_ledger() -> alt.LayerChart:
    """The ledger the article implies (our reading, item by item), as notebook 02 compares it."""
    items = load("ledger_items")
    frame = ledger_frame(items, author_scores(items))
    chart = ledger_chart(frame)
    return chart.properties(
        title=alt.Title(
            f"The article's implied ledger: balance {balance(frame):+.2f}",
            subtitle="Each item's worth to the US as we read the article, times its certainty when the article appeared.",
        ),
        description=f"The article's implied ledger, as we read it: balance {balance(frame):+.2f}. {chart.description}",
    )


def timeline() -> alt.LayerChart:
    """Notebook 00's timeline, its hints for the mouse (hover, zoom, click) replaced for a static image."""
    chart = context_timeline()
    chart.layer[0].encoding.color.title = "Theme"
    return chart.properties(
        title=alt.Title(str(chart.title.text), subtitle="Every sourced event up to the day the article appeared; diamonds mark the events it names.")
    )


@dataclass(frozen=True)
class Figure:
    """One exported chart: its file stem, the notebook whose prose refers to it, how to draw it."""

    name: str
    notebook: str
    chart: Callable[[], alt.TopLevelMixin]


CATALOGUE = (
    Figure("00-timeline", "00-start-here.ipynb", timeline),
    Figure("02-authors-ledger", "02-the-ledger.ipynb", authors_ledger),
)


def spec_text(spec: dict) -> str:
    """A spec as committed: stable key order, readable diffs."""
    return json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def readme(specs: dict[str, dict]) -> str:
    """figures/README.md: every figure with its notebook and alt text (the chart's own description)."""
    rows = "\n".join(
        f"| {figure.name} | [SVG]({figure.name}.svg) · [PNG]({figure.name}.png) · [spec]({figure.name}.vl.json) "
        f"| `{figure.notebook}` | {specs[figure.name]['description'].replace('|', '&#124;')} |"
        for figure in CATALOGUE
    )
    return (
        "# Figures\n\n"
        "The charts the notebooks' prose refers to, for slides, worksheets and reuse (CC BY 4.0, credit \"Reset Ledger\").\n"
        "Generated from `data/` by `make figures` (vl-convert, no network); do not edit by hand.\n"
        "`make test` fails when a figure here no longer matches the data: run `make figures` and commit the result.\n\n"
        "| Figure | Files | Notebook | Alt text |\n|---|---|---|---|\n"
        f"{rows}\n"
    )


def current_specs() -> dict[str, dict]:
    """Every figure's Vega-Lite spec, drawn from data/ now."""
    enable_offline_charts()  # the collection's theme, exactly as the notebooks show the charts
    return {figure.name: figure.chart().to_dict() for figure in CATALOGUE}


def write(folder: Path) -> list[Path]:
    """Draw every figure as SVG and PNG, with its spec, and the README."""
    folder.mkdir(parents=True, exist_ok=True)
    specs = current_specs()
    written = []
    for name, spec in specs.items():
        (folder / f"{name}.vl.json").write_text(spec_text(spec), encoding="utf-8")
        (folder / f"{name}.svg").write_text(vl_convert.vegalite_to_svg(spec), encoding="utf-8")
        (folder / f"{name}.png").write_bytes(vl_convert.vegalite_to_png(spec, scale=PNG_SCALE))
        written += [folder / f"{name}.{ext}" for ext in ("vl.json", "svg", "png")]
    (folder / "README.md").write_text(readme(specs), encoding="utf-8")
    return written + [folder / "README.md"]


def stale(folder: Path) -> list[str]:
    """The committed files that no longer match what data/ draws today (empty when all is current)."""
    specs = current_specs()
    expected = {f"{name}.vl.json": spec_text(spec) for name, spec in specs.items()} | {"README.md": readme(specs)}
    found = {name: (folder / name).read_text(encoding="utf-8") if (folder / name).exists() else None for name in expected}
    drawn = [f"{name}.{ext}" for name in specs for ext in ("svg", "png") if not (folder / f"{name}.{ext}").exists()]
    return [name for name, text in expected.items() if found[name] != text] + drawn


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FIGURES, help="folder (default: figures/)")
    parser.add_argument("--check", action="store_true", help="only report figures that are stale against data/")
    args = parser.parse_args(argv)
    if args.check:
        outdated = stale(args.out)
        if outdated:
            sys.exit(f"Stale against data/: {', '.join(outdated)}. Run `make figures` and commit figures/.")
        print(f"figures/ matches data/ ({len(CATALOGUE)} figures)")
        return
    for path in write(args.out):
        print(f"{path.relative_to(args.out)}  {path.stat().st_size / 1024:7.1f} KB")


if __name__ == "__main__":
    main()
