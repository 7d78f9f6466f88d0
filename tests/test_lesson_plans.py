"""The teacher's kit as a teacher finds it: lesson plans whose minutes add up, a core path the README states, and a
guide that points to every part of the kit."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from reset_ledger.sequence import CORE_PATH, LESSON_MINUTES

PLANS = (ROOT / "teacher" / "lesson-plans.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| (\d+)–(\d+) \| (\d+) \| (.+) \|$", re.M)


def lessons(text: str = PLANS) -> dict[str, str]:
    """Each lesson's heading and its text, for the lessons that have a timing table."""
    parts = re.split(r"^### (.+)$", text, flags=re.M)
    return {title: body for title, body in zip(parts[1::2], parts[2::2]) if ROW.search(body)}


def problems(body: str) -> list[str]:
    """What is wrong with a lesson's timing table: gaps, overlaps, wrong sums, no starter or plenary."""
    found, clock = [], 0
    for start, end, minutes, _ in ROW.findall(body):
        start, end, minutes = int(start), int(end), int(minutes)
        if start != clock:
            found.append(f"row {start}–{end} starts at {start}, not {clock}")
        if end - start != minutes:
            found.append(f"row {start}–{end} says {minutes} minutes")
        clock = end
    if clock != LESSON_MINUTES:
        found.append(f"the lesson ends at {clock}, not {LESSON_MINUTES}")
    found += [f"no {part}" for part in ("**Starter.**", "**Plenary.**") if part not in body]
    return found


@pytest.mark.parametrize("title", list(lessons()))
def test_each_lesson_runs_minute_by_minute_from_start_to_end_with_a_starter_and_a_plenary(title):
    assert problems(lessons()[title]) == []


def test_a_timing_table_with_a_gap_or_a_wrong_sum_is_caught():
    body = "**Starter.** **Plenary.**\n| 0–3 | 3 | a |\n| 4–10 | 5 | b |"
    assert problems(body) == ["row 4–10 starts at 4, not 3", "row 4–10 says 5 minutes", f"the lesson ends at 10, not {LESSON_MINUTES}"]


def test_the_core_path_is_one_lesson_per_core_notebook_in_order_and_the_readme_says_so():
    core = [title for title in lessons() if title.startswith("Core lesson")]
    assert [re.search(r"notebook (\d\d)", title).group(1) for title in core] == list(CORE_PATH)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    statement = next(line for line in readme.splitlines() if line.startswith("**The core path"))
    assert all(f"{n} (" in statement for n in CORE_PATH), statement
    assert "teacher/lesson-plans.md" in readme and "teacher/README.md" in readme


def test_the_teachers_guide_points_to_every_part_of_the_kit_and_each_exists():
    guide = (ROOT / "teacher" / "README.md").read_text(encoding="utf-8")
    for part in ("notes/", "lesson-plans.md", "exemplars.md", "../data/glossary.csv", "../data/activities.csv",
                 "../notebooks/90-teacher-class-results.ipynb", "build/handouts/teacher/"):
        assert part in guide, part
    for target in re.findall(r"\]\((?!https?:)([^)#]+)\)", guide):
        assert (ROOT / "teacher" / target).exists(), f"teacher/README.md links to {target}, which does not exist"
