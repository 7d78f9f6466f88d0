"""A short lesson on a real JupyterHub, set up as the README tells a school's admin (`make test-hub`).

The tests follow one lesson in order on one hub: a student follows the README's link, runs and
saves 02 and hands in; a second student tries to read that hand-in; the teacher runs 90 over the
hand-in folder. Every page is headless Chromium with every non-local request refused.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import re
import stat
import subprocess
import time

import pytest
from browser import BALANCE, RENDERED_CHART, error_outputs, open_and_run_all, output_text, require_chromium, step_slider
from hub_browser import TIMEOUT_MS, log_in, save_and_hand_in, save_the_notebook, student_page, wait_for_notebook

from tools.hub import ROOT, TEACHERS, CollectionInHub, class_hub, hub_unavailable

ANN, BEN, TEACHER = "ledger-ann", "ledger-ben", "ledger-teacher"
PSEUDONYM = "hub-fox"


@pytest.fixture(scope="module")
def hub():
    reason = hub_unavailable()
    if reason:
        if os.environ.get("REQUIRE_HUB") == "1":
            pytest.fail(f"{reason} (REQUIRE_HUB=1)")
        pytest.skip(reason)
    require_chromium()
    with class_hub([ANN, BEN], TEACHER) as running:
        print(f"\nhub at {running.url}; hand-in folder {running.handin}")
        yield running


def in_a_kernel(page, code: str) -> str:
    """Run code in a new kernel of the logged-in user's server, through JupyterLab's own kernel API; what it printed."""
    return page.evaluate(
        """async (code) => {
            const kernel = await window.jupyterapp.serviceManager.kernels.startNew({name: 'python3'});
            let text = '';
            const future = kernel.requestExecute({code});
            future.onIOPub = msg => {
                if (msg.header.msg_type === 'stream') text += msg.content.text;
                if (msg.header.msg_type === 'error') text += msg.content.ename + ': ' + msg.content.evalue;
            };
            await future.done;
            await kernel.shutdown();
            return text;
        }""",
        code,
    )


def through_the_file_browser(page, path: str) -> str:
    """What JupyterLab's contents service (the file browser's) answers for a path: its listing or the refusal."""
    return page.evaluate(
        """async (path) => {
            try {
                const model = await window.jupyterapp.serviceManager.contents.get(path);
                return model.type === 'directory' ? 'listed: ' + model.content.map(m => m.name).join(', ') : 'read: ' + model.content;
            } catch (error) {
                return 'refused: ' + (error.response ? error.response.status : '') + ' ' + error.message;
            }
        }""",
        path,
    )


def handed_in(hub, notebook: str) -> list:
    return sorted(hub.handin.glob(f"{notebook}--*.json"))


def saved_answers(user: str, notebook: str) -> str:
    """Where Save my answers writes in `user`'s pulled copy."""
    return os.path.join(pwd.getpwnam(user).pw_dir, f"reset-ledger/notebooks/saved-answers/{notebook}--{PSEUDONYM}.json")


def replaced(path, inode: int, timeout: float = TIMEOUT_MS / 1000) -> bool:
    """Wait until the file at `path` is a new file (handing in writes a new one and renames it over the old)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_ino != inode:
            return True
        time.sleep(0.5)
    return False


def test_the_readme_link_pulls_the_collection_into_the_students_home_and_opens_00(hub):
    link = hub.link()
    print(f"link: {link}")
    with student_page() as (page, offline):
        log_in(page, ANN, hub.password, link)
        wait_for_notebook(page, "00-start-here.ipynb")
        title = page.locator(".jp-Notebook h1").first.inner_text()
        copy = pwd.getpwnam(ANN).pw_dir + "/reset-ledger/notebooks/00-start-here.ipynb"
        committed = subprocess.run(["git", "-C", str(ROOT), "show", "HEAD:notebooks/00-start-here.ipynb"],
                                   check=True, capture_output=True, text=True).stdout
        home = stat.S_IMODE(os.stat(pwd.getpwnam(ANN).pw_dir).st_mode)
        print(f"pulled: {copy} (owner {pwd.getpwuid(os.stat(copy).st_uid).pw_name}, home mode {home:o}); "
              f"opened: {page.url}; title: {title!r}")
        assert pwd.getpwuid(os.stat(copy).st_uid).pw_name == ANN and home == 0o700
        assert open(copy, encoding="utf-8").read() == committed  # the collection as committed, not some other copy
        assert page.url.endswith("/lab/tree/reset-ledger/notebooks/00-start-here.ipynb") and title.startswith("00")
        assert offline.blocked == []


def test_a_student_runs_02_moves_a_slider_saves_and_hands_in(hub):
    with student_page() as (page, offline):
        log_in(page, ANN, hub.password, hub.lab_url(ANN, "reset-ledger/notebooks/02-the-ledger.ipynb"))
        wait_for_notebook(page, "02-the-ledger.ipynb")
        open_and_run_all(page, CollectionInHub(hub, ANN), "02-the-ledger.ipynb", TIMEOUT_MS)
        before = page.locator(BALANCE).inner_text()
        after = step_slider(page, "ArrowLeft")
        save_the_notebook(page)
        save_and_hand_in(page, PSEUDONYM)
        files = handed_in(hub, "02-the-ledger")
        saved = os.path.join(pwd.getpwnam(ANN).pw_dir, "reset-ledger/notebooks/02-the-ledger.ipynb")
        answers = open(saved_answers(ANN, "02-the-ledger"), "rb").read()
        print(f"02: charts {page.locator(RENDERED_CHART).count()}, balance {before} -> {after}; notebook saved "
              f"({os.path.getsize(saved)} bytes); answers saved ({len(answers)} bytes); handed in: {[f.name for f in files]}")
        assert before != after and page.locator(RENDERED_CHART).count() >= 1
        assert '"output_type"' in open(saved, encoding="utf-8").read()  # the saved notebook holds the run's outputs
        assert len(files) == 1 and re.fullmatch(rf"02-the-ledger--{PSEUDONYM}--[0-9a-f]{{16}}\.json", files[0].name)
        info = files[0].stat()
        owner = (pwd.getpwuid(info.st_uid).pw_name, grp.getgrgid(info.st_gid).gr_name, stat.S_IMODE(info.st_mode))
        print(f"hand-in: owner, group, mode {owner[:2]} {owner[2]:o}")
        assert owner == (ANN, TEACHERS, 0o640)  # the folder's setgid bit gave it the teachers' group
        assert files[0].read_bytes() == answers  # the answer file itself, unchanged
        assert json.loads(answers)["pseudonym"] == PSEUDONYM
        page.get_by_role("button", name="Hand in to my teacher").click()
        assert replaced(files[0], info.st_ino), "handing in again did not replace the hand-in"
        print(f"handed in again: {[f.name for f in handed_in(hub, '02-the-ledger')]}")
        assert handed_in(hub, "02-the-ledger") == files
        assert offline.blocked == [] and error_outputs(page) == []


def test_another_student_cannot_reach_the_hand_in_or_the_saved_answers(hub):
    (anns,) = handed_in(hub, "02-the-ledger")
    saved = saved_answers(ANN, "02-the-ledger")
    with student_page() as (page, offline):
        log_in(page, BEN, hub.password, hub.link())
        wait_for_notebook(page, "00-start-here.ipynb")
        tried = in_a_kernel(page, f"""
import os
folder, theirs, saved = {str(hub.handin)!r}, {str(anns)!r}, {saved!r}
attempts = {{
    "list the folder": lambda: os.listdir(folder),
    "read the file": lambda: open(theirs).read(),
    "overwrite the file": lambda: open(theirs, "w"),
    "delete the file": lambda: os.remove(theirs),
    "replace it with another file": lambda: os.replace(folder + "/mine.json", theirs),
    "list their saved answers": lambda: os.listdir(os.path.dirname(saved)),
    "read their saved answers": lambda: open(saved).read(),
}}
open(folder + "/mine.json", "w").close()
for what, attempt in attempts.items():
    try:
        attempt()
        print(what, "ALLOWED")
    except PermissionError as error:
        print(what, "refused:", error.strerror)
os.remove(folder + "/mine.json")
os.symlink(folder, os.path.expanduser("~/peek"))
""")
        listing = through_the_file_browser(page, "peek")
        reading = through_the_file_browser(page, f"peek/{anns.name}")
        print(f"ben in a kernel:\n{tried}ben in the file browser: folder {listing!r}; file {reading!r}")
        assert "ALLOWED" not in tried and tried.count("refused") == 7
        assert listing.startswith("refused") and reading.startswith("refused")
        assert anns.read_bytes() and pwd.getpwuid(anns.stat().st_uid).pw_name == ANN and os.path.exists(saved)
        assert offline.blocked == []


def test_the_teacher_sees_the_hand_ins_and_runs_90_over_the_hand_in_folder(hub):
    (anns,) = handed_in(hub, "02-the-ledger")
    with student_page() as (page, offline):
        log_in(page, TEACHER, hub.password, hub.link())
        wait_for_notebook(page, "00-start-here.ipynb")
        # The same route the second student was refused: the teacher's file browser lists the folder and reads the file.
        in_a_kernel(page, f"import os; os.symlink({str(hub.handin)!r}, os.path.expanduser('~/hand-in'))")
        listing = through_the_file_browser(page, "hand-in")
        reading = through_the_file_browser(page, f"hand-in/{anns.name}")
        print(f"the teacher's file browser: folder {listing!r}; file {reading[:80]!r}…")
        assert listing == f"listed: {anns.name}"
        assert reading.startswith("read: ") and PSEUDONYM in reading
        open_and_run_all(page, CollectionInHub(hub, TEACHER), "90-teacher-class-results.ipynb", TIMEOUT_MS)
        text = output_text(page)
        read = re.search(r"Read (\d+) valid answer files from (.+?) students in (/\S+); (\d+) file\(s\) refused", text)
        print(f"teacher's 90: {read.group(0) if read else text[:500]}")
        assert read and read.group(3) == str(hub.handin) and (read.group(1), read.group(4)) == ("1", "0")
        assert offline.blocked == [] and error_outputs(page) == []
