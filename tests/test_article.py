"""The reading step at the end of notebook 00: the article paragraph by paragraph, both ends of the argument, and
where to get the original."""

from __future__ import annotations

from reset_ledger.article import article_record, original_html, reading_guide_html
from reset_ledger.data import load


def guide() -> str:
    return reading_guide_html(load("paragraphs"), load("claims"), article_record())


def test_the_guide_goes_through_every_paragraph_with_its_phrases_attributed_and_its_claims():
    text = guide()
    paragraphs, claims = load("paragraphs"), load("claims")
    assert text.count("<h4>Paragraph ") == len(paragraphs) == 7
    for p in paragraphs.itertuples():
        for phrase in (p.phrase_1, p.phrase_2):
            if phrase:
                assert f"“{phrase.replace(chr(39), '&#x27;').replace(chr(34), '&quot;')}” <small>— Matthews, <em>Newsweek</em></small>" in text
    # Every claim of the map is named by its neutral reference under its paragraph, and no internal id appears.
    assert all(f"{ref}" in text for ref in claims["ref"])
    assert "C01, C02, C03" in text and "G1" not in text and "T1" not in text


def test_the_guide_shows_both_ends_of_the_argument():
    text = guide()
    claims = load("claims").set_index("claim_id")
    record = article_record()
    start, end = text.index("Where the argument starts"), text.index("Where it ends")
    assert start < end
    assert claims.loc[record["case_claim_id"], "quote"].replace("'", "&#x27;") in text[start:end]
    for claim in record["conclusion_claim_ids"]:
        assert claims.loc[claim, "quote"] in text[end:]


def test_the_guide_is_plain_html_that_needs_no_kernel_or_network():
    text = guide()
    assert "<script" not in text and "src=" not in text and "http" not in text


def test_the_guide_escapes_what_it_shows():
    paragraphs = load("paragraphs")
    paragraphs.loc[0, "paraphrase"] = "<script>alert(1)</script>"
    text = reading_guide_html(paragraphs, load("claims"), article_record())
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_the_original_can_be_found_at_the_publisher_the_archive_or_a_library():
    record, sources = article_record(), load("sources")
    text = original_html(record, sources)
    assert record["url"] in text and record["archive_url"] in text
    assert record["archive_url"].startswith("https://web.archive.org/web/") and record["archive_url"].endswith(record["url"])
    assert "libraries" in text and "libguides.bgsu.edu" in text
