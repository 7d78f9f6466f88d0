"""Real-browser helpers: headless Chromium with every non-local request blocked, and a private JupyterLab."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
RENDERED_CHART = ".vega-embed svg.marks, .vega-embed canvas.marks"


def require_chromium() -> str:
    """Chromium's path, or a skip (a failure when REQUIRE_BROWSER=1, as in CI)."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = "Chromium not found: install Debian's `chromium` to run the browser tests"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (REQUIRE_BROWSER=1)")
    pytest.skip(message)


@dataclass
class Offline:
    """What the page tried to fetch from outside the machine (all of it was refused)."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@contextmanager
def offline_page(viewport: dict | None = None) -> Iterator[tuple[object, Offline]]:
    """A Chromium page whose every non-local request is aborted and recorded."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    record = Offline()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000})
        context.route("**/*", record.route)
        page = context.new_page()
        page.set_default_navigation_timeout(180_000)  # JupyterLab's first load on a busy shared 2-core machine
        page.on("console", lambda msg: record.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: record.page_errors.append(str(error)))
        try:
            yield page, record
        finally:
            browser.close()


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server on a private copy of the collection."""

    url: str
    token: str
    root: Path
    process: subprocess.Popen

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?reset&token={self.token}"


@contextmanager
def jupyterlab(repo: Path, tmp: Path, env: dict[str, str] | None = None) -> Iterator[Lab]:
    """Start `jupyter lab notebooks` (as `make lab` does) on a copy of notebooks/ and data/."""
    root = tmp / "collection"
    shutil.copytree(repo / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    shutil.copytree(repo / "data", root / "data")
    port, token = free_port(), "reset-ledger-test"
    home = tmp / "jupyter-home"
    server_env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        **(env or {}),
    }
    # Render every cell, not only those in view, so the tests can count every chart on the page.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    command = [
        sys.executable, "-m", "jupyter", "lab", "notebooks",
        "--no-browser", f"--port={port}", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = (tmp / "jupyterlab.log").open("w")
    process = subprocess.Popen(command, cwd=root, env=server_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/api/status?token={token}", process, tmp / "jupyterlab.log")
        yield Lab(url, token, root, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_until_up(status_url: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(status_url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def open_and_run_all(page, lab: Lab, notebook: str, timeout_ms: int = 120_000) -> None:
    """Open a notebook in JupyterLab, run every cell, and wait until the kernel is idle again."""
    page.goto(lab.notebook_url(notebook))
    page.wait_for_selector(".jp-Notebook", timeout=timeout_ms)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
        timeout=timeout_ms,
    )
    accept_kernel_dialog(page)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    wait_until_idle(page, timeout_ms)


def accept_kernel_dialog(page) -> None:
    """Accept JupyterLab's 'Select Kernel' dialog if it appears."""
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    if dialog.count():
        dialog.first.click()


def wait_until_idle(page, timeout_ms: int = 120_000) -> None:
    """Wait until no cell is queued or running and the kernel reports idle."""
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')];
            const busy = prompts.some(p => p.textContent.includes('*'));
            const widget = window.jupyterapp.shell.currentWidget;
            const kernel = widget && widget.sessionContext.session && widget.sessionContext.session.kernel;
            return !busy && kernel && kernel.status === 'idle';
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(500)


def outputs(page) -> list[dict]:
    """Every output of every code cell of the open notebook, read from its model (scrolled out or not)."""
    return page.evaluate(
        """() => {
            const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
            const found = [];
            for (let i = 0; i < cells.length; i++) {
                const cell = cells.get(i);
                if (cell.type !== 'code') continue;
                for (let j = 0; j < cell.outputs.length; j++) found.push(cell.outputs.get(j).toJSON());
            }
            return found;
        }"""
    )


def output_text(page) -> str:
    """All text and HTML the open notebook's outputs show."""
    parts = []
    for output in outputs(page):
        data = output.get("data", {})
        parts.append(str(data.get("text/html") or data.get("text/plain") or output.get("text", "")))
    return "\n".join(parts)


def error_outputs(page) -> list[str]:
    """Every error or stderr output in the open notebook."""
    return [
        str(o.get("ename") or o.get("text"))
        for o in outputs(page)
        if o.get("output_type") == "error" or (o.get("output_type") == "stream" and o.get("name") == "stderr")
    ]


CODE_BOX = "input[placeholder='like KM7-X4P']"


def press_with_code(page, button: str, code: str) -> None:
    """Press a button that opens answers saved in another session: it asks for the answer code; type it, press again."""
    page.get_by_role("button", name=button).click()
    page.wait_for_selector("text=protected by an answer code")
    page.locator(f"{CODE_BOX}:visible").first.fill(code)
    page.get_by_role("button", name=button).click()



BALANCE = ".reset-ledger-balance strong"


def step_slider(page, key: str) -> str:
    """Press a key on the first slider on the page, as a student would, and wait for 02's balance to follow: the new balance."""
    balance = page.locator(BALANCE).first
    before = balance.inner_text()
    page.locator(".widget-slider .noUi-handle").first.focus()
    page.keyboard.press(key)
    page.wait_for_function(
        "([selector, before]) => { const el = document.querySelector(selector); return el && el.textContent !== before; }",
        arg=[BALANCE, before],
    )
    return balance.inner_text()
