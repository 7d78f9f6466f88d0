"""Handouts on paper, measured in Chromium: how many A4 pages each prints on, and whatever would spoil the print
(something wider than the printable width, a word split across two lines).

Used by the tests (tests/test_handouts.py) and by `make bench`; the browser is the caller's Playwright page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# A4 portrait less the margins of the handout stylesheet's @page rule (10 mm each side), in CSS pixels (96 per inch).
PRINTABLE_WIDTH_PX = round((210 - 2 * 10) / 25.4 * 96)
RENDERED_CHART = ".vega-embed svg.marks, .vega-embed canvas.marks"
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")

# Every element wider than the printable width, and every word of the page's text that a line break splits.
MEASURE = """width => {
  const wide = [...document.querySelectorAll("main *")]
    .filter(el => el.offsetParent !== null && el.getBoundingClientRect().right > width + 1)
    .filter(el => !el.closest("a") && el.getBoundingClientRect().width > 0)
    .map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "")
               + " " + Math.round(el.getBoundingClientRect().right) + "px");
  const split = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.offsetParent === null || parent.closest("a, script, style, svg")) continue;
    const text = node.data.replace(/(https?:\\/\\/|www\\.)\\S+/g, url => " ".repeat(url.length));  // an address may break anywhere
    const re = /[^\\s\\u2013\\u2014\\/-]+/g;
    let m;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length < 2) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) split.push(m[0]);
    }
  }
  return {wide: wide, split: split};
}"""


@dataclass(frozen=True)
class Print:
    """One handout printed: its A4 page count and what does not fit the paper."""

    pages: int
    too_wide: list[str]
    split_words: list[str]


def open_for_print(page, handout: Path) -> None:
    """Open a handout laid out as it prints: A4 printable width, print stylesheet, every chart drawn."""
    page.set_viewport_size({"width": PRINTABLE_WIDTH_PX, "height": 1000})
    page.goto(handout.resolve().as_uri())
    charts = page.locator(".reset-ledger-chart").count()
    if charts:
        page.wait_for_function(f"n => document.querySelectorAll({RENDERED_CHART!r}).length >= n", arg=charts, timeout=30_000)
    page.emulate_media(media="print")


def print_handout(page, handout: Path) -> Print:
    """Print a handout to PDF in Chromium (A4, 100 %) and measure it."""
    open_for_print(page, handout)
    found = page.evaluate(MEASURE, PRINTABLE_WIDTH_PX)
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    return Print(len(PDF_PAGE.findall(pdf)), found["wide"], found["split"])
