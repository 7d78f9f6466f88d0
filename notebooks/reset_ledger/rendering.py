"""Charts that render with no internet: Vega's JavaScript comes from vl-convert, never from a CDN.

In JupyterLab, `setup()` puts the Vega bundle on the page once; every chart after it is a small
HTML snippet that calls the page's `vegaEmbed`. Handouts (RESET_LEDGER_HANDOUT=1, set by the
build) carry the bundle once in the page head instead, so `setup()` leaves it out there.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from html import escape
from pathlib import Path

import altair as alt
import vl_convert
from altair.utils._importers import vl_version_for_vl_convert
import pandas as pd
from IPython import get_ipython
from IPython.display import HTML, display
from pandas.io.formats.style import Styler

from reset_ledger.offline import HANDOUT_ENV, NOT_LOADED, handout_mode, use_offline_renderer  # noqa: F401  (re-exported for exercises and tests)
from reset_ledger.theme import register_theme

@functools.cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one script from the installed vl-convert, cached on disk
    because building it takes about a second and every notebook needs it."""
    cached = _bundle_cache() / f"vega-bundle-{vl_convert.__version__}-{vl_version_for_vl_convert()}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert())
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cached.parent, suffix=".js")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(bundle)
        os.replace(temporary, cached)
    except OSError:
        pass  # a read-only home only costs the second again next time
    return bundle


def _bundle_cache() -> Path:
    """Where the built bundle is kept between kernels ($XDG_CACHE_HOME or ~/.cache)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reset-ledger"


def vega_bundle_script() -> str:
    """A script tag that defines vegaEmbed once per page, however often the page inserts it."""
    return (
        "<script type=\"text/javascript\">if (typeof window.vegaEmbed !== 'function') { (function () {\n"
        + vega_bundle()
        + "\n})(); }</script>"
    )


def enable_offline_charts() -> None:
    """Make every Altair chart in this kernel render through the offline template, in the collection's theme."""
    use_offline_renderer()
    register_theme()


# JupyterLab cuts a widget's label with "…" to one line; a slider's label (a fixed column, see
# `exercise.labelled`) wraps instead, so a long label is read whole and the tracks still line up. A chosen
# toggle button is dark with white bold text (JupyterLab's is a shade darker than the others), locked or not.
WIDGET_CSS = """<style>
.reset-ledger-slider.widget-inline-hbox { height: auto; min-height: var(--jp-widgets-inline-height); align-items: center; }
.reset-ledger-slider.widget-inline-hbox .widget-label { white-space: normal; overflow: visible; text-overflow: clip;
  height: auto; line-height: 1.25; padding: 2px 0; }
.widget-toggle-button.mod-active { background: #0b4f8a; color: #fff; font-weight: bold; }
.widget-toggle-button.mod-active:disabled { opacity: 1; }
.reset-ledger-mark { display: inline-block; width: 1.2em; text-align: center; }
.reset-ledger-hint { color: var(--jp-ui-font-color1, #333); font-size: 0.9em; margin: 0.2em 0 0.4em; }
</style>"""


def missing_name(shell: object, etype: type, value: BaseException, tb: object, tb_offset: int | None = None) -> None:
    """What a student sees instead of a NameError traceback: the name comes from a cell they have not run yet.
    Shown here, not returned: IPython 9 runs a custom handler but discards the traceback it returns."""
    name = getattr(value, "name", None) or str(value)
    message = (
        f"This cell uses {name}, which an earlier cell makes, and that cell has not run yet (or not since the notebook "
        "restarted). Run the cells above this one first (menu Run > Run All Above Selected Cell), then this one again. "
        "If you typed this name yourself, check its spelling."
    )
    html = f'<p class="reset-ledger-note warn"><span aria-hidden="true">⚠</span> {escape(message)}</p>'
    display({"text/plain": f"⚠ {message}", "text/html": html}, raw=True)


def setup() -> HTML:
    """The one call at the top of every notebook: offline charts, theme, friendly messages for a cell run
    before the cell that makes what it uses, and a visible 'ready'."""
    enable_offline_charts()
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((NameError,), missing_name)
    if handout_mode():  # a handout has nothing to set up: a 'set-up done' line there only puzzles its reader
        return HTML("")
    return HTML(vega_bundle_script() + WIDGET_CSS + '<p class="reset-ledger-ready">Set-up done: charts and exercises work offline.</p>')


class Redrawn:
    """A live chart shown without checking its spec against the Vega-Lite schema again on every redraw: the
    checks take most of a redraw's time, and every chart factory's spec is checked by the tests instead."""

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        self.chart = chart

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> object:
        return alt.renderers.get()(self.chart.to_dict(validate=False, context={"pre_transform": False}))


# JupyterLab typesets text between two '$' as mathematics: "$2bn loan + $150m" would print as an italic formula.
# MathJax skips any element of these classes (MathJax 3's and the classic notebook's), so every table and note drawn
# from data/ carries them.
NO_MATH = "mathjax_ignore tex2jax_ignore"


def table(frame: pd.DataFrame, caption: str) -> Styler:
    """A readable, escaped HTML table: no index, text left-aligned and wrapped, line breaks kept, a caption, no
    mathematics; on screen a 'Sources' column's long web addresses break anywhere, so they never push the table
    wider than the notebook."""
    styled = (
        frame.style.hide(axis="index")
        .format(lambda value: escape(str(value)).replace("\n", "<br>") if pd.notna(value) else "")
        .set_caption(escape(caption))
        .set_table_attributes(f'class="{NO_MATH}"')
        .set_table_styles(
            [
                {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: bold; padding: 4px 0;"},
                {"selector": "th", "props": "text-align: left; vertical-align: bottom;"},
                # break-word, not anywhere: a word breaks only when it cannot fit a line on its own, so no column
                # is ever squeezed narrower than its longest word.
                {"selector": "td", "props": "text-align: left; vertical-align: top; max-width: 28em; white-space: normal; overflow-wrap: break-word;"},
            ]
        )
    )
    if "Why?" in frame.columns:  # a worksheet's reason column: room for a sentence or two in handwriting
        styled = styled.set_properties(subset=["Why?"], **{"min-width": "14em", "height": "3.4em"})
    if "Sources" in frame.columns and not handout_mode():  # a handout's own style sheet lays out its tables
        styled = styled.set_properties(subset=["Sources"], **{"overflow-wrap": "anywhere", "min-width": "12em"})
    return styled


REFERENCE = "reference.html"


def _screen_only(shown: str, on_paper: str) -> HTML:
    """HTML a handout shows on screen only, with the line `on_paper` printed in its place."""
    return HTML(f'<div class="screen-only">{shown}</div>'
                f'<p class="reset-ledger-note print-only"><span aria-hidden="true">ℹ</span> {escape(on_paper)}</p>')


def kept_on_screen(shown: str, what: str) -> HTML:
    """Long reference tables (their HTML) that a handout shows on screen but leaves off paper, where a line says
    that `what` is printed once for the class in the reference appendix instead."""
    return _screen_only(shown, f"On paper: {what} are in the reference appendix ({REFERENCE}), printed once for the class.")


def chart_on_screen(chart: alt.TopLevelMixin, on_paper: str) -> HTML:
    """A chart whose point is its sliders, shown on screen only: on paper, where it could show only its starting
    numbers, the line `on_paper` (the chart's takeaway) is printed instead."""
    bundle = Redrawn(chart)._repr_mimebundle_()
    return _screen_only((bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"], on_paper)  # a renderer may add metadata


def folded(long_table: Styler, summary: str) -> str:
    """A table too long to scroll past, closed until the reader opens it: twenty screens of sources before an exercise
    bury the exercise."""
    return f'<details class="reset-ledger-folded"><summary>{escape(summary)}</summary>{long_table.to_html()}</details>'


class Stack:
    """Several displayables shown one after another from a single cell (charts without re-checking their spec)."""

    def __init__(self, *items: object) -> None:
        self.items = items

    def _ipython_display_(self) -> None:
        for item in self.items:
            display(Redrawn(item) if isinstance(item, alt.TopLevelMixin) else item)


def aside(title: str, body: str, kind: str, name: str = "") -> str:
    """A framed box of help beside the lesson ('Words to know', 'Stuck?'): a bold title, then `body` (HTML the
    caller has escaped). Styled inline so it looks the same in JupyterLab and in a handout. `name` tells screen
    readers apart several boxes with one title on a page (it defaults to the title)."""
    return (
        f'<aside class="reset-ledger-aside {escape(kind)}" aria-label="{escape(name or title)}" style="border: 1px solid #999; '
        f'border-left: 4px solid #0072B2; padding: 0.3em 0.9em; margin: 0.6em 0;">'
        f'<p style="margin: 0.3em 0;"><strong>{escape(title)}</strong></p>{body}</aside>'
    )
