"""The loader: valid data becomes typed frames; each kind of broken file gets one clear message."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import read_table, set_cell, write_table

from reset_ledger.data import DataError, load, load_all
from reset_ledger.schema import TABLES


def broken(data_dir: Path) -> DataError:
    """The error the loader raises for a broken copy of data/."""
    with pytest.raises(DataError) as caught:
        load_all(data_dir)
    return caught.value


def assert_names(error: DataError, file: str, row: int, column: str) -> None:
    message = str(error)
    assert f"data/{file}" in message
    assert f"row {row}," in message
    assert f"column '{column}'" in message


def test_every_table_loads_with_typed_columns():
    tables = load_all()
    assert set(tables) == set(TABLES)
    events = tables["events"]
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert isinstance(events["theme"].dtype, pd.CategoricalDtype)
    assert events["named_in_article"].dtype == "boolean"
    assert all(isinstance(ids, tuple) and ids for ids in events["source_ids"])
    assert tables["claims"]["paragraph"].dtype == "Int64"
    assert tables["sources"]["url"].str.match(r"https?://").all()


def test_load_returns_a_copy_the_notebook_may_change():
    events = load("events")
    events.loc[:, "title"] = "changed"
    assert (load("events")["title"] != "changed").all()


def test_unknown_table_names_the_tables_that_exist():
    with pytest.raises(KeyError, match="events"):
        load("evnets")


def test_missing_column(data_copy: Path):
    path = data_copy / "events.csv"
    records = read_table(path)
    at = records[0].index("theme")
    write_table(path, [r[:at] + r[at + 1 :] for r in records])
    assert_names(broken(data_copy), "events.csv", 1, "theme")
    assert "missing column" in str(broken(data_copy))


def test_extra_column(data_copy: Path):
    path = data_copy / "sources.csv"
    write_table(path, [r + ["x"] for r in read_table(path)])
    error = broken(data_copy)
    assert_names(error, "sources.csv", 1, "x")
    assert "unexpected column" in str(error)


def test_row_with_a_stray_comma(data_copy: Path):
    path = data_copy / "claims.csv"
    records = read_table(path)
    records[4].append("stray")
    write_table(path, records)
    error = broken(data_copy)
    assert_names(error, "claims.csv", 5, records[0][-1])
    assert "fields" in str(error)


def test_unparseable_date(data_copy: Path):
    set_cell(data_copy / "events.csv", 7, "date", "2008-13-45")
    error = broken(data_copy)
    assert_names(error, "events.csv", 7, "date")
    assert "'2008-13-45' is not a date" in str(error)


def test_unknown_claim_id(data_copy: Path):
    set_cell(data_copy / "ledger_items.csv", 3, "claim_id", "G99")
    error = broken(data_copy)
    assert_names(error, "ledger_items.csv", 3, "claim_id")
    assert "'G99' is not an id in claims.csv" in str(error)


def test_unknown_source_id(data_copy: Path):
    set_cell(data_copy / "events.csv", 4, "source_ids", "no-such-source")
    error = broken(data_copy)
    assert_names(error, "events.csv", 4, "source_ids")
    assert "'no-such-source' is not an id in sources.csv" in str(error)


def test_fact_without_a_source(data_copy: Path):
    set_cell(data_copy / "events.csv", 5, "source_ids", "")
    error = broken(data_copy)
    assert_names(error, "events.csv", 5, "source_ids")
    assert "is empty" in str(error)


def test_source_without_a_url(data_copy: Path):
    set_cell(data_copy / "sources.csv", 2, "url", "")
    assert_names(broken(data_copy), "sources.csv", 2, "url")


def test_duplicate_id(data_copy: Path):
    path = data_copy / "claims.csv"
    first = read_table(path)[1][0]
    set_cell(path, 6, "claim_id", first)
    error = broken(data_copy)
    assert_names(error, "claims.csv", 6, "claim_id")
    assert f"duplicate id '{first}' (first used in row 2)" in str(error)


def test_value_outside_its_allowed_set(data_copy: Path):
    set_cell(data_copy / "events.csv", 3, "theme", "space-race")
    error = broken(data_copy)
    assert_names(error, "events.csv", 3, "theme")
    assert "not one of the allowed values" in str(error)


def test_number_outside_its_range(data_copy: Path):
    set_cell(data_copy / "ledger_items.csv", 2, "author_value", "9")
    error = broken(data_copy)
    assert_names(error, "ledger_items.csv", 2, "author_value")
    assert "outside the allowed range -5 to 5" in str(error)


def test_quote_longer_than_fair_use_allows(data_copy: Path):
    set_cell(data_copy / "claims.csv", 2, "quote", " ".join(["word"] * 26))
    error = broken(data_copy)
    assert_names(error, "claims.csv", 2, "quote")
    assert "26 words; at most 25" in str(error)


def test_missing_file(data_copy: Path):
    (data_copy / "forecasts.csv").unlink()
    assert "data/forecasts.csv" in str(broken(data_copy))
    assert "missing" in str(broken(data_copy))


def test_yes_resolution_after_its_deadline(data_copy: Path):
    path = data_copy / "forecasts.csv"
    records = read_table(path)
    row = next(i for i, r in enumerate(records) if r[records[0].index("resolution")] == "yes") + 1
    set_cell(path, row, "resolved_on", "2099-01-01")
    assert_names(broken(data_copy), "forecasts.csv", row, "resolution")


def test_an_impact_scored_twice_for_the_same_pair_is_refused(data_copy: Path):
    path = data_copy / "impacts.csv"
    records = read_table(path)
    records.append(records[1][:])
    records[-1][0] = records[1][0] + "-again"
    write_table(path, records)
    error = broken(data_copy)
    assert_names(error, "impacts.csv", len(records), "impact_id")
    assert f"must be '{records[1][1]}.{records[1][2]}'" in str(error)


def test_codebook_documents_every_column_as_the_loader_enforces_it():
    from conftest import DATA

    from reset_ledger.schema import codebook

    readme = (DATA / "README.md").read_text()
    for table in TABLES.values():
        assert codebook(table) in readme, f"data/README.md is out of date for {table.file}"


@pytest.mark.parametrize(
    ("encode", "named"),
    [
        (lambda text: text.encode("cp1252"), "Windows-1252"),
        (lambda text: text.encode("utf-16"), "UTF-16"),
        (lambda text: text.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), "UTF-8 with a byte-order mark"),
    ],
)
def test_a_file_in_another_encoding_gets_one_message_naming_the_file_and_the_encoding(data_copy: Path, encode, named):
    path = data_copy / "ledger_items.csv"
    path.write_bytes(encode(path.read_text(encoding="utf-8").replace("Manas", "Manás")))
    error = broken(data_copy)
    assert_names(error, "ledger_items.csv", 1, "item_id")
    assert named in str(error) and "CSV UTF-8" in str(error)


def test_a_table_with_a_header_and_no_rows_is_refused(data_copy: Path):
    path = data_copy / "futures.csv"
    write_table(path, read_table(path)[:1])
    error = broken(data_copy)
    assert_names(error, "futures.csv", 2, "future_id")
    assert "no rows" in str(error)


@pytest.mark.parametrize("digits", [10, 401, 5000])
def test_an_oversized_number_is_refused_with_a_message(data_copy: Path, digits: int):
    set_cell(data_copy / "congress.csv", 2, "seats", "9" * digits)
    error = broken(data_copy)
    assert_names(error, "congress.csv", 2, "seats")
    assert f"a number of {digits} digits is too large" in str(error) and len(str(error)) < 300
