"""`make bench-hub`: a class on one JupyterHub, all logging in at the same moment. Prints figures, never fails on them.

Five students in six are driven through the APIs: their servers started through the hub's REST API,
the collection pulled with nbgitpuller's API, notebook 02 run through the server's REST and websocket
API as JupyterLab drives a kernel. One in six (at least one) opens the README's link in headless
Chromium with the network cut and clicks, as a student does. Each moves a slider, saves the notebook,
saves the answers and hands them in. Then the teacher's notebook 90 reads the hand-in folder. Memory
is sampled per local user (server + kernels).
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import pwd
import re
import statistics
import sys
import threading
import time
import traceback
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import nbformat
import psutil
import websocket

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "hub"), str(ROOT)]

from browser import RENDERED_CHART, accept_kernel_dialog, wait_until_idle  # noqa: E402
from hub_browser import (CURRENT, TIMEOUT_MS, log_in, save_and_hand_in, save_the_notebook,  # noqa: E402
                         student_page, wait_for_notebook)

from tools.hub import CollectionInHub, Hub, class_hub  # noqa: E402

LEDGER = "reset-ledger/notebooks/02-the-ledger.ipynb"
TEACHER_NOTEBOOK = "reset-ledger/notebooks/90-teacher-class-results.ipynb"
CHART = "reset-ledger-chart"  # the class of every chart's div, in a display or a widget's update
BROWSER_SHARE = 6  # one student in six (at least one) runs the ledger in a real browser
HAND_IN = """
import ipywidgets
sheet = _  # the answer sheet the cell above showed
sliders = [c for c in ledger.inputs().values() if isinstance(c, (ipywidgets.IntSlider, ipywidgets.FloatSlider))]
sliders[0].value = sliders[0].max if sliders[0].value != sliders[0].max else sliders[0].min
sheet.pseudonym.value = {pseudonym!r}
sheet.save_button.click()
sheet.handin_button.click()
print(sheet.status.value)
"""
READ_CELL = "ClassFolder.read"  # the source of the cell in 90 that reads the folder
FAILED_PAGES = ROOT / "build" / "hub-bench"  # a screenshot of each browser student's page where the lesson failed
FIRST_CHART, HANDED_IN = "first chart of 02", "handed in"
STEPS = ("server ready", "collection pulled", FIRST_CHART, HANDED_IN)


@dataclass
class Student:
    name: str
    browser: bool
    since_login: dict[str, float] = field(default_factory=dict)  # seconds from login to each step of the lesson
    error: str | None = None

    def reached(self, step: str, start: float, at: float | None = None) -> None:
        self.since_login[step] = (at or time.monotonic()) - start


@dataclass
class Usage:
    """Peak memory per local user (their server and kernels), of every user together, and of the hub and its
    proxy, sampled each second. RSS counts shared libraries once per process; PSS shares them out, so the
    users' PSS adds up to what the machine really holds for them. Also the CPU time the users' processes used,
    which says how many cores a class needs to start within a given time."""

    uids: dict[int, str]
    hub: psutil.Process
    peak_per_user: dict[str, int] = field(default_factory=dict)
    peak_total: int = 0
    peak_total_pss: int = 0
    peak_hub: int = 0
    cpu_seconds: dict[int, float] = field(default_factory=dict)  # by process id, the latest reading
    stop: threading.Event = field(default_factory=threading.Event)

    def sample(self) -> None:
        rss: dict[str, int] = {}
        pss = 0
        for process in psutil.process_iter(["uids"]):
            uids = process.info["uids"]
            if not uids or uids.real not in self.uids:
                continue
            try:
                memory = process.memory_full_info()
                cpu = process.cpu_times()
            except psutil.Error:  # ended between the listing and the reading
                continue
            self.cpu_seconds[process.pid] = cpu.user + cpu.system
            rss[self.uids[uids.real]] = rss.get(self.uids[uids.real], 0) + memory.rss
            pss += memory.pss
        for name, amount in rss.items():
            self.peak_per_user[name] = max(self.peak_per_user.get(name, 0), amount)
        self.peak_total = max(self.peak_total, sum(rss.values()))
        self.peak_total_pss = max(self.peak_total_pss, pss)
        self.peak_hub = max(self.peak_hub, self._hub_rss())

    def _hub_rss(self) -> int:
        """The hub and its proxy: the hub's processes that run as root (the users' servers, its children too, do not)."""
        total = 0
        for process in [self.hub, *self.hub.children(recursive=True)]:
            try:
                total += process.memory_info().rss if process.uids().real == 0 else 0
            except psutil.Error:
                continue
        return total

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.sample()


class RemoteKernel:
    """A notebook's kernel on a user's server, driven as JupyterLab drives it: a session over REST, messages over a websocket."""

    def __init__(self, hub: Hub, user: str, path: str):
        self.api = f"{hub.url}/user/{user}/api"
        session = hub.request("POST", f"{self.api}/sessions", {"path": path, "type": "notebook", "name": path.rsplit("/", 1)[-1],
                                                               "kernel": {"name": "python3"}})
        self.hub, self.path, self.session = hub, path, session["id"]
        channels = f"{self.api}/kernels/{session['kernel']['id']}/channels?session_id={self.session}".replace("http://", "ws://")
        self.socket = websocket.create_connection(channels, header=[f"Authorization: token {hub.token}"], timeout=600)
        self.first_chart_at: float | None = None

    def execute(self, code: str) -> list[dict]:
        """Run code and return its outputs as a notebook stores them; an error in the cell raises."""
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session, "username": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
                        "stop_on_error": True},
        }))
        outputs = []
        while True:
            raw = self.socket.recv()
            if isinstance(raw, bytes):
                continue
            if self.first_chart_at is None and CHART in raw:
                self.first_chart_at = time.monotonic()
            message = json.loads(raw)
            if message["parent_header"].get("msg_id") != msg_id or message["channel"] != "iopub":
                continue
            kind = message["header"]["msg_type"]
            if kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append(nbformat.v4.output_from_msg(message))
            if kind == "error":
                raise RuntimeError(f"{message['content']['ename']}: {message['content']['evalue']}")
            if kind == "status" and message["content"]["execution_state"] == "idle":
                return outputs

    def run_notebook(self) -> tuple[nbformat.NotebookNode, dict[str, float]]:
        """Run every code cell in order; the notebook with its outputs, and each cell's seconds by cell id."""
        notebook = nbformat.from_dict(self.hub.request("GET", f"{self.api}/contents/{self.path}")["content"])
        seconds = {}
        for count, cell in enumerate((c for c in notebook.cells if c.cell_type == "code"), start=1):
            start = time.monotonic()
            cell.outputs, cell.execution_count = self.execute(cell.source), count
            seconds[cell.id] = time.monotonic() - start
        return notebook, seconds

    def save(self, notebook: nbformat.NotebookNode) -> None:
        """Save the notebook with its outputs, as JupyterLab's Save does."""
        self.hub.request("PUT", f"{self.api}/contents/{self.path}", {"type": "notebook", "format": "json", "content": notebook})

    def close(self) -> None:
        self.socket.close()
        self.hub.request("DELETE", f"{self.api}/sessions/{self.session}")


def pull(hub: Hub, user: str) -> None:
    """What the README's link does once the server runs: nbgitpuller copies the collection into the home."""
    query = urlencode({"repo": f"file://{hub.repo}", "branch": "main"})
    request = urllib.request.Request(f"{hub.url}/user/{user}/git-pull/api?{query}", headers={"Authorization": f"token {hub.token}"})
    with urllib.request.urlopen(request, timeout=600) as stream:
        for line in stream:
            if line.startswith(b"data:"):
                event = json.loads(line[5:])
                if event.get("phase") == "error":
                    raise RuntimeError(f"nbgitpuller: {event.get('message')}")
                if event.get("phase") == "finished":
                    return
    raise RuntimeError("nbgitpuller stopped without finishing")


def through_the_api(hub: Hub, student: Student) -> None:
    start = time.monotonic()
    hub.start_server(student.name)
    student.reached("server ready", start)
    pull(hub, student.name)
    student.reached("collection pulled", start)
    kernel = RemoteKernel(hub, student.name, LEDGER)
    try:
        notebook, _ = kernel.run_notebook()
        if kernel.first_chart_at:
            student.reached(FIRST_CHART, start, kernel.first_chart_at)
        kernel.save(notebook)
        status = "".join(o.get("text", "") for o in kernel.execute(HAND_IN.format(pseudonym=student.name)))
        if "Handed in" not in status:
            raise RuntimeError(f"no hand-in: {status}")
        student.reached(HANDED_IN, start)
    finally:
        kernel.close()


def in_a_browser(hub: Hub, student: Student) -> None:
    with student_page() as (page, offline):
        try:
            start = time.monotonic()  # the student opens the link and logs in
            log_in(page, student.name, hub.password, hub.link())
            wait_for_notebook(page, "00-start-here.ipynb")
            student.reached("collection pulled", start)
            open_and_run_all_until_first_chart(page, hub, student, start)
            page.locator(".widget-slider .noUi-handle").first.focus()
            page.keyboard.press("ArrowLeft")
            save_the_notebook(page)
            save_and_hand_in(page, student.name)
            student.reached(HANDED_IN, start)
        except Exception:
            FAILED_PAGES.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=FAILED_PAGES / f"{student.name}.png", timeout=60_000)
            raise
        if offline.blocked:
            raise RuntimeError(f"requests left the machine: {offline.blocked[:3]}")


def open_and_run_all_until_first_chart(page, hub: Hub, student: Student, start: float) -> None:
    """Open 02, run all, note when its first chart is drawn, and wait until the kernel is idle."""
    page.goto(CollectionInHub(hub, student.name).notebook_url("02-the-ledger.ipynb"))
    wait_for_notebook(page, "02-the-ledger.ipynb")
    page.wait_for_function(f"() => {CURRENT}.sessionContext.session && {CURRENT}.sessionContext.session.kernel")
    accept_kernel_dialog(page)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_selector(RENDERED_CHART, state="attached")
    student.reached(FIRST_CHART, start)
    wait_until_idle(page, TIMEOUT_MS)


def lesson(hub: Hub, student: Student) -> None:
    try:
        (in_a_browser if student.browser else through_the_api)(hub, student)
    except Exception as error:  # a failure is counted and shown, the others carry on
        student.error = "".join(traceback.format_exception_only(error)).strip()[:400]


def teacher_reads(hub: Hub) -> tuple[float, float, str]:
    """Notebook 90 over the hand-in folder in the teacher's server: seconds to read it, seconds for the notebook, what it said."""
    hub.start_server(hub.teacher)
    pull(hub, hub.teacher)
    kernel = RemoteKernel(hub, hub.teacher, TEACHER_NOTEBOOK)
    try:
        start = time.monotonic()
        notebook, seconds = kernel.run_notebook()
        whole = time.monotonic() - start
    finally:
        kernel.close()
    read_cell = next(c for c in notebook.cells if c.cell_type == "code" and READ_CELL in c.source)
    shown = " ".join(str(o.get("data", {}).get("text/html", "")) for o in read_cell.outputs)
    said = re.search(r"Read \d+ valid answer files.*?;[^<]*", html.unescape(shown))
    return seconds[read_cell.id], whole, said.group(0) if said else shown[:300]


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def mib(amount: float) -> str:
    return f"{amount / 2**20:,.0f} MiB"


def report(students: list[Student], memory: Usage, teacher: tuple[float, float, str], wall: float, load_before: float) -> None:
    """The table `make bench-hub` prints."""
    n, browsers = len(students), sum(s.browser for s in students)
    print(f"\n== A class of {n} on one JupyterHub ({psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB): "
          f"all log in at once; {n - browsers} run 02 through the server API, {browsers} in Chromium")
    print(f"{'seconds from login to':<44}{'median':>8}{'p95':>8}{'max':>8}")
    for label, group in (("through the API", [s for s in students if not s.browser]), ("in Chromium", [s for s in students if s.browser]),
                         ("everyone", students)):
        for step in STEPS:
            times = [s.since_login[step] for s in group if step in s.since_login]
            if times:
                print(f"  {step + ', ' + label:<42}{statistics.median(times):8.1f}{p95(times):8.1f}{max(times):8.1f}"
                      f"   (of {len(times)})")
    per_user = [memory.peak_per_user.get(s.name, 0) for s in students]
    print(f"peak memory per user server (server + kernels), RSS: median {mib(statistics.median(per_user))}, max {mib(max(per_user))}")
    print(f"peak memory, all {n} user servers together: RSS {mib(memory.peak_total)}, PSS {mib(memory.peak_total_pss)} "
          f"({mib(memory.peak_total_pss / n)} per user); the hub and its proxy: RSS {mib(memory.peak_hub)}")
    cpu = sum(memory.cpu_seconds.values())
    print(f"CPU time of all {n} user servers and kernels: {cpu:,.0f} core-seconds ({cpu / n:.0f} per student; "
          f"at best {cpu / 120:.1f} cores take everyone from login to handed in within 2 minutes, {cpu / 300:.1f} within 5)")
    failures = [s for s in students if s.error]
    print(f"failures: {len(failures)} of {n}")
    for student in failures:
        print(f"  {student.name}: {student.error}")
    read, whole, said = teacher
    print(f"notebook 90 over the hand-in folder: reading {read:.1f} s, the whole notebook {whole:.1f} s — {said.strip()[:160]}")
    print(f"the whole lesson, first login to last hand-in: {wall:.0f} s; "
          f"load average (1 min) {load_before:.1f} before the class logged in, {os.getloadavg()[0]:.1f} at the end "
          "(other work on the machine inflates every time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30, help="students in the class")
    users = parser.parse_args().users
    names = [f"ledger-s{i:02d}" for i in range(1, users + 1)]
    browsers = max(1, users // BROWSER_SHARE)
    students = [Student(name, browser=i >= users - browsers) for i, name in enumerate(names)]
    with class_hub(names, "ledger-teacher") as hub:
        memory = Usage({pwd.getpwnam(name).pw_uid: name for name in names}, psutil.Process(hub.process.pid))
        sampler = threading.Thread(target=memory.run, daemon=True)
        sampler.start()
        load_before = os.getloadavg()[0]
        start = time.monotonic()
        threads = [threading.Thread(target=lesson, args=(hub, s)) for s in students]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - start
        for student in students:
            if not student.error and not list(hub.handin.glob(f"02-the-ledger--{student.name}--*.json")):
                student.error = "said it handed in, but no file of theirs is in the hand-in folder"
        memory.stop.set()
        teacher = teacher_reads(hub)
        report(students, memory, teacher, wall, load_before)


if __name__ == "__main__":
    main()
