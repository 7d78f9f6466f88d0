"""How facts are shown with their sources: dates at their known precision, sources as publisher, date, URL."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def display_date(date: pd.Timestamp, precision: str = "day") -> str:
    """A date printed no more precisely than the sources know it ('Mar 2009', not '1 Mar 2009')."""
    return "undated" if precision == "undated" or pd.isna(date) else date.strftime(_FORMATS[precision])


def source_line(source: pd.Series) -> str:
    """One source as 'Publisher, "Title", date, URL' (title left out when unknown)."""
    title = f', "{source["title"]}"' if pd.notna(source["title"]) and source["title"] else ""
    return f"{source['publisher']}{title}, {display_date(source['published'], source['precision'])}, {source['url']}"


def cite(source_ids: Iterable[str], sources: pd.DataFrame) -> str:
    """Every source of a row, one per line, in the order the row lists them."""
    indexed = sources.set_index("source_id")
    return "\n".join(source_line(indexed.loc[sid]) for sid in source_ids)


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
