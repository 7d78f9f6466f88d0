"""The article: its record with how we know its byline and date, where to read the original, and a reading guide
paragraph by paragraph (our paraphrase, the few phrases whose wording matters, the claims each holds). Its full
text is never stored."""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from reset_ledger.citations import cite, display_date
from reset_ledger.data import load

ATTRIBUTION = "<small>— Matthews, <em>Newsweek</em></small>"


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


def quoted(text: str) -> str:
    """Words of the article as an attributed block quotation, escaped."""
    return f"<blockquote>“{escape(text)}” {ATTRIBUTION}</blockquote>"


def argument_ends(claims: pd.DataFrame, record: pd.Series) -> str:
    """Both ends of the argument in the article's words: where the author states his case and how his last sentence
    weighs it, so neither the critical half nor the closing half is quoted alone."""
    indexed = claims.set_index("claim_id")
    case = indexed.loc[record["case_claim_id"]]
    closing = [indexed.loc[c] for c in record["conclusion_claim_ids"]]
    ending = " … ".join(f"“{escape(str(c['quote']))}”" for c in closing)
    return (
        '<div class="argument-ends">'
        f"<p><strong>Where the argument starts.</strong> Paragraph {case['paragraph']} ({escape(str(case['ref']))}):</p>"
        + quoted(str(case["quote"]))
        + f"<p><strong>Where it ends.</strong> Paragraph {closing[0]['paragraph']} "
        f"({escape(', '.join(str(c['ref']) for c in closing))}):</p>"
        f"<blockquote>{ending} {ATTRIBUTION}</blockquote>"
        "<p>Keep both ends in view: a fair summary of the column has to say where it starts and where it lands.</p>"
        "</div>"
    )


def reading_guide_html(paragraphs: pd.DataFrame, claims: pd.DataFrame, record: pd.Series) -> str:
    """The article paragraph by paragraph: the phrases whose wording matters and why, our paraphrase folded
    (a help for a hard paragraph, not a second reading of the whole), and the neutral references of the
    claims each paragraph holds; then both ends of the argument."""
    parts = []
    total = len(paragraphs)
    for p in paragraphs.itertuples():
        held = claims[claims["paragraph"] == int(p.paragraph)]["ref"].astype(str)
        phrases = "".join(quoted(str(text)) for text in (p.phrase_1, p.phrase_2) if text)
        parts.append(
            '<section class="reading-paragraph">'
            f"<h4>Paragraph {escape(str(p.paragraph))} of {total}: {escape(str(p.gist))}</h4>"
            f'<details class="reading-paraphrase"><summary>In our words ({p.words} words in the original)</summary>'
            f"<p>{escape(str(p.paraphrase))}</p></details>"
            f"<p><strong>The words that matter</strong> (quoted exactly):</p>{phrases}"
            f"<p><small>Why: {escape(str(p.why))}</small></p>"
            f"<p><small>Claims of the argument map in this paragraph (notebook 01): {escape(', '.join(held))}</small></p>"
            "</section>"
        )
    return "".join(parts) + argument_ends(claims, record)


def reading_guide() -> HTML:
    """The reading guide for the notebook and the handout (plain HTML: it needs no kernel and no network)."""
    return HTML(reading_guide_html(load("paragraphs"), load("claims"), article_record()))


def original_html(record: pd.Series, sources: pd.DataFrame) -> str:
    """Where to read the whole article: the publisher's page, the Internet Archive's saved copies, a library."""
    library = "".join(f"<li>{escape(line)}</li>" for line in cite(record["library_source_ids"], sources).splitlines())
    return (
        '<div class="original-article">'
        f"<p><strong>{escape(record['title'])}</strong>, {escape(record['author'])}, <em>{escape(record['publisher'])}</em>, "
        f"{display_date(record['published'])}.</p><ul>"
        f'<li>On {escape(record["publisher"])}\'s site: <a href="{escape(record["url"])}">{escape(record["url"])}</a></li>'
        f'<li>If that page has changed or gone, the Internet Archive (Wayback Machine) lists the copies it has saved: '
        f'<a href="{escape(record["archive_url"])}">{escape(record["archive_url"])}</a></li>'
        f"<li>School and university libraries give access to {escape(record['publisher'])} through the magazine and "
        "newspaper databases they subscribe to: ask your librarian, and search for the title and the author.</li>"
        f"</ul><details><summary>Source for the library databases</summary><ul>{library}</ul></details>"
        "</div>"
    )


def original_article() -> HTML:
    """How to get the original article, for the notebook and the handout."""
    return HTML(original_html(article_record(), load("sources")))
