"""A student's steps in the hub's pages, shared by the hub test and `make bench-hub`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from browser import offline_page

TIMEOUT_MS = 600_000  # a whole class starting on two cores: every wait is generous, and every wait is bounded
CURRENT = "(window.jupyterapp && window.jupyterapp.shell.currentWidget)"  # JupyterLab's open document, in the page


@contextmanager
def student_page() -> Iterator[tuple[object, object]]:
    """An offline Chromium page whose waits allow for a busy two-core machine."""
    with offline_page() as (page, offline):
        page.set_default_timeout(TIMEOUT_MS)
        yield page, offline


def log_in(page, user: str, password: str, url: str) -> None:
    """Open `url` on the hub; log in as `user` on the hub's login page it leads to."""
    page.goto(url)
    page.fill("#username_input", user)
    page.fill("#password_input", password)
    page.click("#login_submit")


def wait_for_notebook(page, name: str) -> None:
    """Wait until JupyterLab shows the notebook `name` (a file name) as the open document."""
    page.wait_for_function(f"() => {CURRENT} && {CURRENT}.context && {CURRENT}.context.path.endsWith('/{name}')")
    page.wait_for_selector(".jp-Notebook")


def save_the_notebook(page) -> None:
    """File ▸ Save, then wait until JupyterLab says the notebook on disk is the one on screen."""
    page.evaluate("() => { window.jupyterapp.commands.execute('docmanager:save'); }")
    page.wait_for_function(f"() => !{CURRENT}.context.model.dirty")


def save_and_hand_in(page, pseudonym: str) -> None:
    """Type a pseudonym, press Save my answers, then Hand in to my teacher, waiting for each to say it is done."""
    page.locator("input[placeholder='a pseudonym, not your real name']").fill(pseudonym)
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_selector(f"text=Saved as {pseudonym}")
    page.get_by_role("button", name="Hand in to my teacher").click()
    page.wait_for_selector("text=Handed in")
