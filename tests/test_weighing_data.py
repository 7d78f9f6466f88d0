"""The notebook-03 tables: every option scored on every criterion, every lens weighing every one, and
each broken variant refused with a message naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import read_table, set_cell, write_table

from reset_ledger.data import DataError, load, load_all


def broken(data_dir: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        load_all(data_dir)
    return caught.value


def assert_names(error: DataError, file: str, row: int, column: str) -> None:
    assert f"data/{file}, row {row}, column '{column}'" in str(error)


def test_the_model_is_a_full_grid_with_one_decoy_and_seven_lenses():
    options, criteria, lenses = load("options"), load("criteria"), load("lenses")
    assert len(load("performance")) == len(options) * len(criteria)
    assert list(options.loc[options["kind"] == "decoy", "option_id"]) == ["freeze"]
    assert list(lenses["lens_id"]) == ["realist", "containment", "liberal-institutionalist", "status", "human-rights", "two-level", "author"]
    assert len(load("lens_weights")) == len(lenses) * len(criteria)


def test_every_policy_score_gives_a_reason_a_bound_and_dated_sources():
    # A default is a judgement only if it says why it is this number: what earns it, and what keeps it from being
    # higher or lower. Each rests on at least one dated source (the article itself is undated on its page).
    performance, sources = load("performance"), load("sources").set_index("source_id")
    policies = load("options").query("kind == 'policy'")["option_id"]
    for row in performance[performance["option_id"].isin(policies)].itertuples():
        assert len(row.rationale.split()) >= 15, row.performance_id
        assert "Not higher" in row.rationale or "Not lower" in row.rationale, row.performance_id
        assert any(sources.loc[s, "precision"] != "undated" for s in row.source_ids), row.performance_id


def test_every_criterion_writes_out_both_ends_of_its_scale():
    criteria = load("criteria")
    assert criteria["anchor_0"].str.len().min() > 40 and criteria["anchor_100"].str.len().min() > 40


def test_a_missing_score_is_named(data_copy: Path):
    path = data_copy / "performance.csv"
    records = read_table(path)
    write_table(path, [r for r in records if r[0] != "reset.human-rights"])
    error = broken(data_copy)
    assert_names(error, "performance.csv", len(records), "option_id")
    assert "add 'reset.human-rights'" in str(error)


def test_a_grid_id_must_name_its_pair(data_copy: Path):
    set_cell(data_copy / "lens_weights.csv", 2, "lens_weight_id", "realist.typo")
    error = broken(data_copy)
    assert_names(error, "lens_weights.csv", 2, "lens_weight_id")
    assert "must be 'realist.security'" in str(error)


def test_a_lens_that_weighs_nothing_is_refused(data_copy: Path):
    path = data_copy / "lens_weights.csv"
    for row, record in enumerate(read_table(path), start=1):
        if record[1] == "realist":
            set_cell(path, row, "weight", "0")
    error = broken(data_copy)
    assert_names(error, "lens_weights.csv", 2, "weight")
    assert "gives every criterion 0" in str(error)


def test_a_policy_needs_sources_but_the_decoy_does_not(data_copy: Path):
    set_cell(data_copy / "options.csv", 2, "source_ids", "")
    assert_names(broken(data_copy), "options.csv", 2, "source_ids")


def test_a_lens_needs_sources_or_claims(data_copy: Path):
    set_cell(data_copy / "lenses.csv", 2, "source_ids", "")
    error = broken(data_copy)
    assert_names(error, "lenses.csv", 2, "source_ids")
    assert "needs sources" in str(error)


def test_a_score_outside_the_anchored_scale(data_copy: Path):
    set_cell(data_copy / "performance.csv", 3, "score", "120")
    error = broken(data_copy)
    assert_names(error, "performance.csv", 3, "score")
    assert "outside the allowed range 0 to 100" in str(error)


def test_lens_citations_name_the_scholarship_or_for_the_author_the_article():
    from reset_ledger.citations import cite_lens

    lenses, sources, article = load("lenses").set_index("lens_id"), load("sources"), load("article")
    assert cite_lens(lenses.loc["realist"], sources, article).startswith(
            'John J. Mearsheimer, Foreign Affairs vol. 93, "Why the Ukraine Crisis Is the West\'s Fault: The Liberal Delusions That '
            'Provoked Putin", Sep 2014, http://'
    )
    containment = cite_lens(lenses.loc["containment"], sources, article)
    assert 'Robert Kagan, The Washington Post' in containment and '"A Hollow \'Reset\' With Russia", 25 May 2010' in containment
    assert "Larson and Alexei Shevchenko" in cite_lens(lenses.loc["status"], sources, article)
    assert len(cite_lens(lenses.loc["two-level"], sources, article).splitlines()) == 4
    assert cite_lens(lenses.loc["author"], sources, article) == (
        "Owen Matthews, \"How Obama Bought Russia's (Expensive) Friendship\", Newsweek, 24 Jun 2010, "
        "https://www.newsweek.com/how-obama-bought-russias-expensive-friendship-73289"
    )


def test_each_lens_states_its_case_in_one_short_sentence_first():
    lenses = load("lenses")
    assert lenses["summary"].str.split().str.len().max() <= 25
    assert lenses.set_index("lens_id").loc["realist", "justification"].count("'de facto halt to NATO expansion'") == 1
