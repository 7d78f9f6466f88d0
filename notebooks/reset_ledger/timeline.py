"""The sourced timeline of US–Russia relations: the frame behind it, the chart, and its table twin."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from reset_ledger.article import article_record
from reset_ledger.citations import cite, display_date, short_cite
from reset_ledger.data import load
from reset_ledger.rendering import folded, handout_mode, kept_on_screen, table
from reset_ledger.schema import THEMES
from reset_ledger.theme import EVENT_COLOURS

THEME_LABELS = {
    "diplomacy": "Diplomacy and summits",
    "arms-control": "Arms control and missile defence",
    "war-and-security": "War and security",
    "nato-and-neighbours": "NATO and Russia's neighbours",
    "iran": "Iran",
    "rights-and-rule-of-law": "Rights and rule of law",
    "trade-and-business": "Trade and business",
    "bases-and-afghanistan": "Bases and Afghanistan",
}
NAMED, CONTEXT = "Named in the article", "Context"


def finished_by(events: pd.DataFrame, moment: pd.Timestamp) -> pd.DataFrame:
    """Events that were over by `moment`: what a reader at that moment could know (no spoilers)."""
    return events[events["end_date"].fillna(events["date"]) <= moment]


def last_known_day(published: pd.Timestamp) -> pd.Timestamp:
    """The last day whose events the article could report: the day before it appeared. It was written ahead of its
    own day's summit ('Thursday's meeting', in the future tense), so what happened that day is an outcome it could
    not know, and belongs after it."""
    return published - pd.Timedelta(days=1)


def timeline_frame(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The events with readable labels and short sources, oldest first."""
    shown = events.sort_values(["date", "event_id"])
    return pd.DataFrame(
        {
            "event_id": shown["event_id"].astype(str),
            "date": shown["date"],
            "when": [display_date(d, p) for d, p in zip(shown["date"], shown["precision"])],
            "event": shown["title"].astype(str),
            "theme": [THEME_LABELS[t] for t in shown["theme"]],
            "mention": [NAMED if named else CONTEXT for named in shown["named_in_article"]],
            "what happened": shown["description"].astype(str),
            "figure": shown["figure"].fillna("").astype(str),
            "sources": [short_cite(ids, sources) for ids in shown["source_ids"]],
        }
    ).reset_index(drop=True)


def _pad(date: pd.Timestamp, direction: int) -> pd.Timestamp:
    """Room beyond the first and last event, so no point sits on the frame."""
    return date + direction * pd.DateOffset(months=5)


def describe_timeline(frame: pd.DataFrame) -> str:
    """The chart's text description: what a sighted reader would take from it."""
    counts = frame["theme"].value_counts()
    busiest = ", ".join(f"{label} ({n})" for label, n in counts.head(3).items())
    named = frame[frame["mention"] == NAMED]
    diamonds = f"{len(named)} events are named in the article; they are drawn as larger diamonds. " if len(named) else ""
    return (
        f"Timeline of {len(frame)} sourced events from {frame['when'].iloc[0]} to {frame['when'].iloc[-1]}, "
        f"one row per theme. Busiest themes: {busiest}. {diamonds}"
        "The same events are listed in the table below the chart."
    )


def timeline_chart(frame: pd.DataFrame, article_date: pd.Timestamp, title: str) -> alt.LayerChart:
    """Events in theme lanes; colour and lane both show the theme, shape shows what the article names
    (the events before the article, as in notebook 00, or after it, as in notebook 06)."""
    themes = [THEME_LABELS[t] for t in THEMES]
    present = [t for t in themes if t in set(frame["theme"])]
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    pick_theme = alt.selection_point(fields=["theme"], bind="legend")
    params: list = [zoom, pick_theme]
    visible, mention = "true", {}
    if (frame["mention"] == NAMED).any():  # shapes and a filter for the article's own events only where there are some
        params.append(alt.param(name="only_named", value=False, bind=alt.binding_checkbox(name="Show only the events the article names ")))
        visible = f"!only_named || datum.mention == '{NAMED}'"
        mention = {
            "shape": alt.Shape(
                "mention:N",
                title="Mention",
                scale=alt.Scale(domain=[NAMED, CONTEXT], range=["diamond", "circle"]),
                legend=alt.Legend(orient="bottom"),
            ),
            "size": alt.Size(
                "mention:N",
                title="Mention",
                scale=alt.Scale(domain=[NAMED, CONTEXT], range=[220, 90]),
                legend=alt.Legend(orient="bottom"),
            ),
        }
    after = frame["date"].min() >= article_date
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, stroke="white", strokeWidth=0.8, size=90, shape="circle")
        .encode(
            x=alt.X(
                "date:T",
                title="Year",
                axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0),
                scale=alt.Scale(domain=[_pad(min(frame["date"].min(), article_date), -1), _pad(max(frame["date"].max(), article_date), 1)]),
            ),
            y=alt.Y("theme:N", title=None, sort=present, scale=alt.Scale(domain=present)),
            color=alt.Color(
                "theme:N",
                title="Theme (click to highlight)",
                scale=alt.Scale(domain=themes, range=[EVENT_COLOURS[t] for t in THEMES]),
                legend=alt.Legend(orient="bottom", columns=2, symbolType="circle"),
            ),
            **mention,
            opacity=alt.condition(pick_theme, alt.value(0.95), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("event:N", title="Event"),
                alt.Tooltip("when:N", title="When"),
                alt.Tooltip("what happened:N", title="What happened"),
                alt.Tooltip("figure:N", title="Figures"),
                alt.Tooltip("mention:N", title="Mention"),
                alt.Tooltip("sources:N", title="Sources"),
            ],
        )
        .transform_filter(visible)
        .add_params(*params)
    )
    article = pd.DataFrame({"date": [article_date], "label": [f"The article ({display_date(article_date)})"]})
    rule = alt.Chart(article).mark_rule(strokeDash=[4, 3], color="#444").encode(x="date:T")
    label = (
        alt.Chart(article)
        .mark_text(align="left" if after else "right", baseline="top", dx=4 if after else -4, dy=2, fontSize=11, color="#444")
        .encode(x="date:T", y=alt.value(0), text="label:N")
    )
    return alt.layer(points, rule, label).properties(
        width=640,
        height=38 * len(present),
        title=alt.Title(
            title,
            subtitle="Hover for details and sources; drag or scroll to zoom; double-click to reset.",
        ),
        description=describe_timeline(frame),
    )


def around_article(
    select: Callable[[pd.DataFrame, pd.Timestamp], pd.DataFrame],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Timestamp]:
    """The events `select` keeps relative to the last day the article could report (up to it, or after it), the
    sources, and the article's date."""
    events, sources = load("events"), load("sources")
    published = article_record()["published"]
    return select(events, last_known_day(published)), sources, published


def context_timeline() -> alt.LayerChart:
    """The chart in notebook 00: US–Russia relations up to the article, every point sourced."""
    events, sources, published = around_article(finished_by)
    return timeline_chart(timeline_frame(events, sources), published, "US–Russia relations before the article")


def events_table(events: pd.DataFrame, sources: pd.DataFrame, caption: str) -> Styler:
    """Events as a table: readable without a mouse, printable, with every source in full."""
    frame = timeline_frame(events, sources)
    full = events.set_index("event_id")["source_ids"]
    frame["sources"] = [cite(full[eid], sources) for eid in frame["event_id"]]
    frame["named"] = frame["mention"].map({NAMED: "yes", CONTEXT: ""})
    columns = {"when": "When", "event": "Event", "theme": "Theme", "named": "Named in the article",
               "what happened": "What happened", "figure": "Figures", "sources": "Sources"}
    if not frame["named"].any():
        del columns["named"]
    return table(frame[list(columns)].rename(columns=columns), caption)


def before_article_table() -> Styler:
    """Every event up to the article as a table, with its sources."""
    events, sources, _ = around_article(finished_by)
    return events_table(events, sources, "US–Russia relations before the article: every event and its sources")


def context_table() -> HTML:
    """The timeline of notebook 00 as a folded table; a handout keeps it on screen (on paper it is in the reference appendix)."""
    shown = folded(before_article_table(), "Every event before the article and its sources (a long table: open it to check one)")
    return kept_on_screen(shown, "every event before the article and its sources") if handout_mode() else HTML(shown)
