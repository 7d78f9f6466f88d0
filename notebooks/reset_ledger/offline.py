"""Every Altair chart renders through a template that calls the page's own `vegaEmbed`, never a CDN.

Imported by the theme, so by every module that makes a chart: a chart cell run before the set-up cell
(which puts `vegaEmbed` on the page) says to run that cell and asks the network for nothing.
"""

from __future__ import annotations

import json
import os

import altair as alt
import jinja2
from altair.utils.display import HTMLRenderer
from altair.vegalite.v6.display import VEGA_VERSION, VEGAEMBED_VERSION, VEGALITE_VERSION

RENDERER = "reset-ledger-offline"
NOT_LOADED = (
    "This chart needs the chart library that the notebook's first code cell loads. "
    "Run that cell (or Run > Run All Cells), then this one again."
)
EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False}}
# A handout has no chart menu: vega-embed's menu is a <summary> with no accessible name, and paper cannot use it.
HANDOUT_EMBED_OPTIONS = {"actions": False}
HANDOUT_ENV = "RESET_LEDGER_HANDOUT"

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


def embed_options() -> dict:
    """The chart menu where a reader can use it, none on a handout."""
    return HANDOUT_EMBED_OPTIONS if handout_mode() else EMBED_OPTIONS


def use_offline_renderer() -> None:
    """Make every Altair chart in this kernel render through CHART_TEMPLATE."""
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
    alt.renderers.enable(RENDERER, embed_options=embed_options())


use_offline_renderer()
