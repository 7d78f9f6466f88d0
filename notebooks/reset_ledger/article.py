"""The article's record, shown with how we know its byline and date (its text is never stored)."""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from reset_ledger.citations import cite, display_date
from reset_ledger.data import load


def article_record() -> pd.Series:
    """The one row of data/article.csv."""
    return load("article").iloc[0]


def article_card() -> HTML:
    """Title, byline, date and link, plus where the date and byline come from."""
    record, sources = article_record(), load("sources")
    lines = "".join(f"<li>{escape(line)}</li>" for line in cite(record["source_ids"], sources).splitlines())
    return HTML(
        '<div class="article-card">'
        f"<p><strong>{escape(record['title'])}</strong><br>"
        f"{escape(record['author'])}, <em>{escape(record['publisher'])}</em>, "
        f"{display_date(record['published'])} · {record['words']} words · "
        f'<a href="{escape(record["url"])}">{escape(record["url"])}</a></p>'
        f"<p><small>How we know the date: {escape(record['date_note'])}</small></p>"
        f"<details><summary>Sources for the byline and date</summary><ul>{lines}</ul></details>"
        "</div>"
    )
