"""Load data/*.csv into typed frames, refusing a malformed file with a message a teacher can act on."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import re
from pathlib import Path

import pandas as pd

from reset_ledger.schema import TABLES, Column, Table

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOL = {"yes": True, "no": False}
MAX_DIGITS = 9  # no whole number in data/ needs more; a longer one is a typing slip, refused with a message
_BOMS = ((codecs.BOM_UTF8, "UTF-8 with a byte-order mark (BOM)"), (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


class DataError(ValueError):
    """A data file is malformed: the message names the file, the row, the column and the problem."""

    def __init__(self, file: str, row: int, column: str, problem: str) -> None:
        self.file, self.row, self.column, self.problem = file, row, column, problem
        super().__init__(f"data/{file}, row {row}, column '{column}': {problem}")


def _text(table: Table, path: Path, first: str) -> str:
    """The file's text, which must be UTF-8 without a byte-order mark; any other encoding is named in the refusal."""
    content = path.read_bytes()
    resave = "open it in a spreadsheet and save it as 'CSV UTF-8', or in a text editor as UTF-8 without BOM"
    for mark, encoding in _BOMS:
        if content.startswith(mark):
            raise DataError(table.file, 1, first, f"the file is saved as {encoding}; {resave}")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        guess = "Windows-1252 (as Excel on Windows saves CSV)" if b"\x00" not in content else "UTF-16 without a byte-order mark"
        raise DataError(table.file, 1, first, f"the file is not UTF-8 (byte {error.start} does not fit; it looks like {guess}); {resave}") from None


def _read(table: Table, data_dir: Path) -> list[dict[str, str]]:
    """Raw rows as strings, after checking the encoding, the header, the field count of every row, and that there are rows."""
    path = data_dir / table.file
    expected = [c.name for c in table.columns]
    if not path.is_file():
        raise DataError(table.file, 1, expected[0], "the file is missing")
    try:
        records = list(csv.reader(io.StringIO(_text(table, path, expected[0]), newline=""), strict=True))
    except csv.Error as error:
        raise DataError(table.file, 1, expected[0], f"not readable as CSV ({error})") from None
    if not records:
        raise DataError(table.file, 1, expected[0], "the file is empty; it needs a header row")
    header = [name.strip() for name in records[0]]
    for name in expected:
        if name not in header:
            raise DataError(table.file, 1, name, f"missing column (expected: {', '.join(expected)})")
    for name in header:
        if name not in expected:
            raise DataError(table.file, 1, name, f"unexpected column (expected: {', '.join(expected)})")
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(field.strip() for field in record):
            continue
        if len(record) != len(header):
            column = header[len(record)] if len(record) < len(header) else header[-1]
            raise DataError(
                table.file, number, column,
                f"the row has {len(record)} fields but the header has {len(header)} (a stray or missing comma?)",
            )
        rows.append({"_row": number, **{name: field.strip() for name, field in zip(header, record)}})
    if not rows:
        raise DataError(table.file, 2, expected[0], "the table has a header but no rows; every table needs at least one")
    return rows


def _check_value(table: Table, column: Column, row: dict) -> None:
    """Raise DataError if one cell breaks its column's rule."""
    value = row[column.name]

    def fail(problem: str) -> None:
        raise DataError(table.file, row["_row"], column.name, problem)

    if not value:
        if column.required:
            fail("is empty; this column is required")
        return
    if column.kind == "id" and not _ID.fullmatch(value):
        fail(f"'{value}' is not a valid id (letters, digits, '.', '_' or '-'; no spaces)")
    if column.kind == "url" and not re.match(r"https?://\S+$", value):
        fail(f"'{value}' is not a web address starting with http:// or https://")
    if column.kind == "date":
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            fail(f"'{value}' is not a date in the form YYYY-MM-DD")
    if column.kind == "int":
        if not re.fullmatch(r"[+-]?\d+", value):
            fail(f"'{value[:20]}' is not a whole number")
        if len(value.lstrip("+-")) > MAX_DIGITS:
            fail(f"a number of {len(value.lstrip('+-'))} digits is too large (at most {MAX_DIGITS} digits)")
        number = int(value)
        if (column.low is not None and number < column.low) or (column.high is not None and number > column.high):
            fail(f"{number} is outside the allowed range {column.low} to {column.high}")
    if column.kind == "bool" and value not in _BOOL:
        fail(f"'{value}' must be 'yes' or 'no'")
    if column.kind == "category" and value not in column.allowed:
        fail(f"'{value}' is not one of the allowed values: {', '.join(column.allowed)}")
    if column.max_words and len(value.split()) > column.max_words:
        fail(f"has {len(value.split())} words; at most {column.max_words} are allowed")


def _check_refs(table: Table, row: dict, ids: dict[str, set[str]]) -> None:
    """Raise DataError if a cell names an id that its referenced table lacks."""
    for column in table.columns:
        if column.kind in ("ref", "refs") and row[column.name]:
            for ref in _split(row[column.name]) if column.kind == "refs" else [row[column.name]]:
                if ref not in ids[column.table]:
                    raise DataError(table.file, row["_row"], column.name, f"'{ref}' is not an id in {column.table}.csv")


def _split(value: str) -> tuple[str, ...]:
    """Multi-id cells hold ids separated by ';'."""
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _check_rows(table: Table, rows: list[dict]) -> None:
    """Every cell on its own, then the uniqueness of the id column."""
    first_seen: dict[str, int] = {}
    for row in rows:
        for column in table.columns:
            _check_value(table, column, row)
        key = row[table.id_column]
        if key in first_seen:
            raise DataError(table.file, row["_row"], table.id_column, f"duplicate id '{key}' (first used in row {first_seen[key]})")
        first_seen[key] = row["_row"]


# Tables that fill a grid: one row for every pair of ids from two other tables, id 'first.second'.
_GRIDS = {"performance": ("option_id", "criterion_id"), "lens_weights": ("lens_id", "criterion_id")}


def _check_rules(table: Table, row: dict, dated: set[str]) -> None:
    """Rules that tie two columns (or a row and its sources) together."""

    def fail(column: str, problem: str) -> None:
        raise DataError(table.file, row["_row"], column, problem)

    if table.name == "sources" and (row["precision"] == "undated") != (not row["published"]):
        fail("precision", "must be 'undated' exactly when `published` is empty")
    if row.get("source_ids") and table.name != "disagreements" and not set(_split(row["source_ids"])) & dated:
        fail("source_ids", "needs at least one source with a publication date")
    if table.name == "options" and row["kind"] == "policy" and not row["source_ids"]:
        fail("source_ids", "a policy needs sources for the facts its description names")
    if table.name == "lenses" and not (row["source_ids"] or row["claim_ids"]):
        fail("source_ids", "a lens needs sources (or, for the author's lens, claims of the article)")
    if table.name in _GRIDS:
        first, second = _GRIDS[table.name]
        if row[table.id_column] != f"{row[first]}.{row[second]}":
            fail(table.id_column, f"must be '{row[first]}.{row[second]}' ({first}, a dot, {second})")
    if table.name == "events" and row["end_date"] and row["end_date"] < row["date"]:
        fail("end_date", f"{row['end_date']} is before the start date {row['date']}")
    if table.name == "impacts" and row["impact_id"] != f"{row['stakeholder_id']}.{row['item_id']}":
        fail("impact_id", f"must be '{row['stakeholder_id']}.{row['item_id']}' (stakeholder id, a dot, item id)")
    if table.name == "ledger_items" and (row["certainty"] == "delivered") != bool(row["ongoing"]):
        fail("ongoing", "give 'yes' or 'no' for an item whose certainty is 'delivered', and leave it empty for any other")
    if table.name == "ledger_items" and bool(row["ongoing"]) != bool(row["ongoing_rationale"]):
        fail("ongoing_rationale", "a judgement in `ongoing` needs its reason here, and a reason needs the judgement")
    if table.name == "forecasts" and row["resolution"] == "yes" and row["resolved_on"] > row["deadline"]:
        fail("resolution", f"'yes' needs resolved_on ({row['resolved_on']}) on or before the deadline ({row['deadline']})")


def _check_grids(raw: dict[str, list[dict]]) -> None:
    """Every option is scored on every criterion, and every lens weighs every criterion with one weight above 0."""
    for name, (first, second) in _GRIDS.items():
        table = TABLES[name]
        columns = {c.name: c.table for c in table.columns}
        present = {(row[first], row[second]) for row in raw[name]}
        end = raw[name][-1]["_row"] + 1 if raw[name] else 2
        for a in (row[TABLES[columns[first]].id_column] for row in raw[columns[first]]):
            for b in (row[TABLES[columns[second]].id_column] for row in raw[columns[second]]):
                if (a, b) not in present:
                    raise DataError(table.file, end, first, f"no row for {first} '{a}' and {second} '{b}' (add '{a}.{b}')")
    for row in raw["lens_weights"]:
        if all(int(other["weight"]) == 0 for other in raw["lens_weights"] if other["lens_id"] == row["lens_id"]):
            raise DataError("lens_weights.csv", row["_row"], "weight", f"lens '{row['lens_id']}' gives every criterion 0; one weight must be above 0")
def _check_totals(raw: dict[str, list[dict]]) -> None:
    """Rules over a whole table: the default chances of the futures must add up to 100 %."""
    futures = raw["futures"]
    total = sum(int(row["default_probability"]) for row in futures)
    if futures and total != 100:
        raise DataError("futures.csv", futures[-1]["_row"], "default_probability", f"the default chances add up to {total}, not 100")


def _typed(table: Table, rows: list[dict]) -> pd.DataFrame:
    """Convert checked strings into the column's pandas type."""
    frame = pd.DataFrame([{c.name: row[c.name] for c in table.columns} for row in rows], columns=[c.name for c in table.columns])
    for column in table.columns:
        values = frame[column.name]
        if column.kind == "date":
            frame[column.name] = pd.to_datetime(values.replace("", None), format="%Y-%m-%d")
        elif column.kind == "int":
            frame[column.name] = pd.array([int(v) if v else None for v in values], dtype="Int64")
        elif column.kind == "bool":
            frame[column.name] = pd.array([_BOOL[v] for v in values], dtype="boolean")
        elif column.kind == "category":
            frame[column.name] = pd.Categorical(values.replace("", None), categories=list(column.allowed))
        elif column.kind == "refs":
            frame[column.name] = [_split(v) for v in values]
        else:
            frame[column.name] = values.astype("string")
    return frame


@functools.cache
def load_all(data_dir: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Every table, validated together because tables refer to each other's ids: cells first, then links."""
    raw = {name: _read(table, data_dir) for name, table in TABLES.items()}
    for name, table in TABLES.items():
        _check_rows(table, raw[name])
    ids = {name: {row[TABLES[name].id_column] for row in rows} for name, rows in raw.items()}
    dated = {row["source_id"] for row in raw["sources"] if row["published"]}
    for name, table in TABLES.items():
        for row in raw[name]:
            _check_refs(table, row, ids)
            _check_rules(table, row, dated)
    _check_grids(raw)
    _check_totals(raw)
    return {name: _typed(TABLES[name], rows) for name, rows in raw.items()}


def load(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """One table as a fresh copy, so a notebook can change it without touching the cache."""
    if name not in TABLES:
        raise KeyError(f"no table '{name}' in data/; the tables are: {', '.join(TABLES)}")
    return load_all(Path(data_dir))[name].copy()
