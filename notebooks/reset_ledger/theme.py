"""One look for every chart: a colour-blind-safe palette (Okabe & Ito), readable type, print-friendly."""

from __future__ import annotations

import altair as alt

import reset_ledger.offline  # noqa: F401  (charts never reach for a CDN, even before the set-up cell)
from reset_ledger.schema import THEMES

THEME_NAME = "reset-ledger"

# Okabe & Ito (2008), "Color Universal Design"; yellow is swapped for grey, which prints legibly on white.
OKABE_ITO = ("#0072B2", "#E69F00", "#D55E00", "#56B4E9", "#009E73", "#CC79A7", "#000000", "#7F7F7F")

# Event themes keep the same colour in every chart.
EVENT_COLOURS = dict(zip(THEMES, OKABE_ITO))

# Gives cost, takes gain: blue against vermillion reads apart for every common colour deficiency.
GAIN, COST, NEUTRAL = "#0072B2", "#D55E00", "#7F7F7F"


def register_theme() -> None:
    """Register and enable the collection's Altair theme."""

    @alt.theme.register(THEME_NAME, enable=True)
    def _theme() -> alt.theme.ThemeConfig:
        return {
            "config": {
                "font": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
                "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
                "range": {"category": list(OKABE_ITO)},
                "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 260},
                "legend": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 260, "titleLimit": 400},
                "title": {"fontSize": 16, "anchor": "start", "subtitleFontSize": 12},
            }
        }
