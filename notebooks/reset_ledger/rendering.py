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
import jinja2
import vl_convert
from altair.utils._importers import vl_version_for_vl_convert
from altair.utils.display import HTMLRenderer
from altair.vegalite.v6.display import VEGA_VERSION, VEGAEMBED_VERSION, VEGALITE_VERSION
import pandas as pd
from IPython.display import HTML, display
from pandas.io.formats.style import Styler

from reset_ledger.theme import register_theme

RENDERER = "reset-ledger-offline"
HANDOUT_ENV = "RESET_LEDGER_HANDOUT"
NOT_LOADED = (
    "This chart needs the chart library that the notebook's first code cell loads. "
    "Run that cell (or Run > Run All Cells), then this one again."
)
EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False}}

# A chart is a div plus a call to the page's vegaEmbed; with no vegaEmbed it says what to do.
CHART_TEMPLATE = jinja2.Template(
    """<div id="{{ output_div }}" class="reset-ledger-chart"></div>
<script type="text/javascript">
(function (spec, embedOpt) {
  var el = document.currentScript && document.currentScript.previousElementSibling;
  if (!el || el.id !== "{{ output_div }}") { el = document.getElementById("{{ output_div }}"); }
  if (typeof window.vegaEmbed !== "function") { el.textContent = %s; return; }
  window.vegaEmbed(el, spec, embedOpt).catch(function (err) { el.textContent = "Chart error: " + err.message; });
})({{ spec }}, {{ embed_options }});
</script>"""
    % json.dumps(NOT_LOADED)
)


def handout_mode() -> bool:
    """True when the handout build runs the notebook: exercises then render without widgets."""
    return os.environ.get(HANDOUT_ENV) == "1"


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
    """Make every Altair chart in this kernel render through the offline template."""
    alt.renderers.register(
        RENDERER,
        HTMLRenderer(
            mode="vega-lite",
            template=CHART_TEMPLATE,
            vega_version=VEGA_VERSION,
            vegaembed_version=VEGAEMBED_VERSION,
            vegalite_version=VEGALITE_VERSION,
        ),
    )
    # A handout has no chart menu: vega-embed's menu is a <summary> with no accessible name, and paper cannot use it.
    alt.renderers.enable(RENDERER, embed_options={"actions": False} if handout_mode() else EMBED_OPTIONS)
    register_theme()


def setup() -> HTML:
    """The one call at the top of every notebook: offline charts, theme, and a visible 'ready'."""
    enable_offline_charts()
    ready = '<p class="reset-ledger-ready">Set-up done: charts and exercises work offline.</p>'
    return HTML(ready if handout_mode() else vega_bundle_script() + ready)


class Redrawn:
    """A live chart shown without checking its spec against the Vega-Lite schema again on every redraw: the
    checks take most of a redraw's time, and every chart factory's spec is checked by the tests instead."""

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        self.chart = chart

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> object:
        return alt.renderers.get()(self.chart.to_dict(validate=False, context={"pre_transform": False}))


# JupyterLab typesets text between two '$' as mathematics: "$2bn loan + $150m" would print as an italic formula.
# MathJax skips any element of this class, so every table and note drawn from data/ carries it.
NO_MATH = "mathjax_ignore"


def table(frame: pd.DataFrame, caption: str) -> Styler:
    """A readable, escaped HTML table: no index, text left-aligned and wrapped, line breaks kept, a caption."""
    return (
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


REFERENCE = "reference.html"


def kept_on_screen(shown: str, what: str) -> HTML:
    """Long reference tables (their HTML) that a handout shows on screen but leaves off paper, where a line says
    that `what` is printed once for the class in the reference appendix instead."""
    pointer = f"On paper: {what} are in the reference appendix ({REFERENCE}), printed once for the class."
    return HTML(f'<div class="screen-only">{shown}</div>'
                f'<p class="reset-ledger-note print-only"><span aria-hidden="true">ℹ</span> {escape(pointer)}</p>')


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
