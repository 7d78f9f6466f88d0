"""How facts are shown with their sources: dates at their known precision, sources as publisher, date, URL."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from reset_ledger.rendering import handout_mode

_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def display_date(date: pd.Timestamp, precision: str = "day") -> str:
    """A date printed no more precisely than the sources know it ('Mar 2009', not '1 Mar 2009')."""
    return "undated" if precision == "undated" or pd.isna(date) else date.strftime(_FORMATS[precision])


def source_line(source: pd.Series) -> str:
    """One source as 'Publisher, "Title", date, URL' (title left out when unknown)."""
    title = f', "{source["title"]}"' if pd.notna(source["title"]) and source["title"] else ""
    return f"{source['publisher']}{title}, {display_date(source['published'], source['precision'])}, {source['url']}"


def cite(source_ids: Iterable[str], sources: pd.DataFrame) -> str:
    """Every source of a row, one per line, in the order the row lists them. A handout prints only each one's
    number in the list of sources of its reference appendix, which holds every publisher, title, date and address
    once: a table of forty rows then carries no column of addresses across the page."""
    indexed = sources.set_index("source_id")
    if handout_mode():
        return "Sources " + ", ".join(f"[{source_number(sid, sources)}]" for sid in source_ids) + " (reference appendix)"
    return "\n".join(source_line(indexed.loc[sid]) for sid in source_ids)


def source_number(source_id: str, sources: pd.DataFrame) -> int:
    """A source's number in the list of sources: its row in data/sources.csv, counted from 1."""
    return int(sources.index[sources["source_id"] == source_id][0]) + 1


def short_cite(source_ids: Iterable[str], sources: pd.DataFrame) -> str:
    """Publisher and date only, for tooltips where a URL would not fit."""
    indexed = sources.set_index("source_id")
    return "; ".join(
        f"{indexed.loc[sid, 'publisher']}, {display_date(indexed.loc[sid, 'published'], indexed.loc[sid, 'precision'])}"
        for sid in source_ids
    )


def cite_lens(lens: pd.Series, sources: pd.DataFrame, article: pd.DataFrame) -> str:
    """A theory lens's sources, one per line; the author's lens (which has none) cites the article itself."""
    if len(lens["source_ids"]):
        return cite(lens["source_ids"], sources)
    record = article.iloc[0]
    return f"{record['author']}, \"{record['title']}\", {record['publisher']}, {display_date(record['published'])}, {record['url']}"
