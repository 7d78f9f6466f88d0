"""05's handout charts follow the page's sliders: opened from disk with the network cut, each slider the sandbox
chart puts on the page moves the tornado and the 100 futures, and what they show is what the package computes."""

from __future__ import annotations

import html
import re

import pytest
from browser import RENDERED_CHART, offline_page

from reset_ledger.gamble import hundred_futures, shares, tornado_frame
from reset_ledger.rendering import HANDOUT_ENV, enable_offline_charts, vega_bundle_script

# What the page shows: the text of every chart (titles, legends) and each tornado bar's accessible label.
SHOWN = """() => ({
  texts: [...document.querySelectorAll('.vega-embed svg.marks text')].map(t => t.textContent),
  bars: [...document.querySelectorAll('.vega-embed svg.marks path[aria-label]')].map(p => p.getAttribute('aria-label'))
})"""


def set_slider(page, name: str, value: int) -> None:
    """Move one of the sandbox's range inputs as a student would (an input event)."""
    page.evaluate(
        """([name, value]) => { const input = document.querySelector(`input[name='${name}']`);
            input.value = value; input.dispatchEvent(new Event('input', {bubbles: true})); }""",
        [name, value],
    )


def handout_page(tmp_path, monkeypatch) -> tuple[object, object]:
    """05's exercise as its handout shows it (sandbox, then tornado, then futures), saved as one page."""
    from reset_ledger.exercises.gamble import GambleExercise

    monkeypatch.setenv(HANDOUT_ENV, "1")
    enable_offline_charts()
    gamble = GambleExercise()
    sandbox = next(item for item in gamble.handout() if hasattr(item, "to_dict"))
    parts = [sandbox, gamble.tornado_view(), gamble.futures_view()]
    body = "".join(part._repr_mimebundle_()["text/html"] for part in parts)
    page_file = tmp_path / "05-handout.html"
    page_file.write_text(f"<!doctype html><html><head><meta charset='utf-8'>{vega_bundle_script()}</head><body>{body}</body></html>",
                         encoding="utf-8")
    return page_file, gamble


def bar_values(bars: list[str]) -> dict[tuple[str, str], float]:
    """'Input, input lowered to X: +1.23' labels as {(input, end): value}."""
    found = {}
    for label in bars:
        match = re.match(r"(.*), (input lowered|input raised) to .*: ([+\-−]\d+\.\d\d)$", html.unescape(label))
        if match:
            found[(match.group(1), match.group(2))] = float(match.group(3).replace("−", "-"))
    return found


@pytest.mark.parametrize("weights", [{"partner": 80, "partial": 10, "reversion": 10}, {"partner": 0, "partial": 0, "reversion": 0},
                                     {"partner": 7, "partial": 50, "reversion": 13}])
def test_the_tornado_and_the_futures_follow_the_handout_sliders(tmp_path, monkeypatch, weights):
    page_file, gamble = handout_page(tmp_path, monkeypatch)
    made = gamble.author["made"]
    with offline_page() as (page, offline):
        page.goto(page_file.as_uri())
        page.wait_for_function(f"() => document.querySelectorAll('{RENDERED_CHART}').length === 3")
        start = page.evaluate(SHOWN)
        for future, value in weights.items():
            set_slider(page, f"chance_{future}", value)
        page.wait_for_timeout(500)
        shown = page.evaluate(SHOWN)
        texts = [t.replace("−", "-") for t in shown["texts"]]

        futures = hundred_futures(weights, made, gamble.labels)
        wins = int((futures["better"] == "the reset").sum())
        print(f"{weights}: {[t for t in texts if 'futures' in t]} console: {offline.console_errors[:3]}")
        assert f"100 futures: the reset does better in {wins} of them" in texts
        for key in dict.fromkeys(futures["key"]):
            assert key in texts

        expected = tornado_frame(shares(weights), made, gamble.labels)
        bars = bar_values(shown["bars"])
        assert len(bars) == 2 * len(expected)
        for row in expected.itertuples():
            assert bars[(row.input, "input lowered")] == pytest.approx(row.low, abs=0.006)
            assert bars[(row.input, "input raised")] == pytest.approx(row.high, abs=0.006)
        assert shown != start
        assert offline.blocked == [] and offline.page_errors == []
