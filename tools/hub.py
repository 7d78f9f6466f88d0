"""A real JupyterHub on this machine, set up as the README tells a school's admin, for `make test-hub`
and `make bench-hub`.

`python -m tools.hub` installs the hub's packages into .venv with the README's commands. The hub runs
as root: it creates local users for the class with the README's command (marked so that only they are
ever removed), makes the hand-in folder with the README's commands, puts a bare clone of the collection
where nbgitpuller can pull it, and starts JupyterHub with the README's configuration, the project's
.venv standing in for the README's /srv/reset-ledger/venv. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import psutil

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
VENV = ROOT / ".venv"
PROXY = VENV / "node_modules" / ".bin" / "configurable-http-proxy"
MARK = "reset-ledger hub test"  # the comment (GECOS) of every user created here: only these are ever removed
TEACHERS = "ledger-teachers"  # the README's group `teachers`, under a name no real machine uses
SERVICE = "class-bench"

# What the README names, and what stands in for it here.
README_VENV = "/srv/reset-ledger/venv"
README_HANDIN = "/srv/reset-ledger/hand-in"
README_LINK_START = "https://YOUR-HUB/hub/user-redirect/git-pull?"
README_INSTALL_START = f"python3 -m venv {README_VENV}"


def hub_unavailable() -> str | None:
    """Why a real hub cannot run here, or None when it can."""
    if os.geteuid() != 0:
        return "the hub test creates local users and starts JupyterHub as root: run it as root (CI does)"
    if not (VENV / "bin" / "jupyterhub").exists() or not PROXY.exists():
        return "JupyterHub or its proxy is not installed: `make test-hub` installs requirements-hub.txt and the proxy"
    if not shutil.which("useradd"):
        return "useradd not found: the hub test needs Debian's passwd package"
    return None


def readme_block(first_line: str) -> str:
    """The README's fenced block that starts with `first_line`: the test runs what the README tells an admin."""
    for block in re.findall(r"```[a-z]*\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        if block.startswith(first_line):
            return block
    raise LookupError(f"README.md has no fenced block starting with {first_line!r}")


def install() -> None:
    """Install JupyterHub, nbgitpuller and the proxy into .venv with the README's commands.

    The README's first command, `python3 -m venv`, is the one `make venv` already ran for .venv.
    """
    commands = substituted(readme_block(README_INSTALL_START), {re.escape(README_VENV): str(VENV)}).splitlines()[1:]
    subprocess.run(["bash", "-euxo", "pipefail", "-c", "\n".join(commands)], cwd=ROOT, check=True)


def substituted(text: str, replacements: dict[str, str]) -> str:
    """`text` with each README placeholder replaced; a placeholder the README no longer has is an error."""
    for placeholder, value in replacements.items():
        if not re.search(placeholder, text):
            raise LookupError(f"the README's block no longer contains {placeholder!r}")
        text = re.sub(placeholder, value, text)
    return text


@dataclass
class Hub:
    """A running hub: its address, an admin service's API token, and where this run keeps its files."""

    url: str
    token: str
    folder: Path
    repo: Path
    handin: Path
    password: str
    teacher: str
    process: subprocess.Popen

    def api(self, method: str, path: str, body: dict | None = None) -> dict | None:
        """Call the hub's REST API (`path` after /hub/api) as the bench service."""
        return self.request(method, f"{self.url}/hub/api{path}", body)

    def request(self, method: str, url: str, body: dict | None = None) -> dict | None:
        """A JSON request with the service's token: the hub's API or, through the proxy, a user's server."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            payload, status, answered = response.read(), response.status, response.url
        try:
            return json.loads(payload) if payload else None
        except ValueError:
            raise RuntimeError(f"{method} {url} answered HTTP {status} from {answered}, not JSON: {payload[:300]!r}") from None

    def start_server(self, name: str, timeout: float = 600) -> None:
        """Start a user's server through the REST API and wait until the hub says it is ready."""
        try:
            self.api("POST", f"/users/{name}/server")
        except urllib.error.HTTPError as error:
            if error.code != 400:  # 400: already running
                raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = (self.api("GET", f"/users/{name}") or {}).get("servers", {}).get("")
            if server and server.get("ready"):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited:\n{self.log_tail()}")
            time.sleep(0.5)
        raise TimeoutError(f"{name}'s server was not ready within {timeout:.0f} s:\n{self.log_tail()}")

    def link(self) -> str:
        """The README's nbgitpuller link, with this hub for YOUR-HUB and the local clone for the repository."""
        documented = next(line for line in readme_block(README_LINK_START).splitlines() if line.startswith(README_LINK_START))
        parts = urlsplit(documented)
        query = [(key, f"file://{self.repo}" if key == "repo" else value) for key, value in parse_qsl(parts.query)]
        return f"{self.url}{parts.path}?{urlencode(query, quote_via=quote, safe='')}"

    def lab_url(self, name: str, path: str) -> str:
        """A file of `name`'s home opened in their JupyterLab."""
        return f"{self.url}/user/{name}/lab/tree/{path}?reset"

    def log_tail(self, characters: int = 4000) -> str:
        return (self.folder / "jupyterhub.log").read_text(errors="replace")[-characters:]


@dataclass
class CollectionInHub:
    """What tests/browser.py's `open_and_run_all` needs: a notebook's address in a user's pulled copy."""

    hub: Hub
    user: str

    def notebook_url(self, notebook: str) -> str:
        return self.hub.lab_url(self.user, f"reset-ledger/notebooks/{notebook}")


@contextmanager
def class_hub(students: list[str], teacher: str) -> Iterator[Hub]:
    """A hub for these students and one teacher, torn down (users, folders, processes) on exit."""
    reason = hub_unavailable()
    if reason:
        raise RuntimeError(reason)
    with ExitStack() as stack:
        stack.enter_context(_unwinding_on_sigterm())
        folder = Path(tempfile.mkdtemp(prefix="reset-ledger-hub-"))
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        folder.chmod(0o755)  # the users reach the clone and the hand-in folder through it
        stack.enter_context(_reachable_by_everyone([VENV, Path(os.path.realpath(VENV / "bin" / "python"))]))
        password = secrets.token_urlsafe(12)
        names = [*students, teacher]
        stack.enter_context(_local_users(names, password))
        repo = _bare_clone(folder, names)
        handin = folder / "hand-in"
        _make_handin_folder(handin, teacher)
        hub = _start_hub(folder, repo, handin, names, password, teacher)
        stack.callback(_stop_hub, hub)
        yield hub


@contextmanager
def _unwinding_on_sigterm() -> Iterator[None]:
    """A SIGTERM (a CI time-out, a `kill`) unwinds like Ctrl-C, so users, folders and the hub are still removed."""
    def interrupt(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _reachable_by_everyone(paths: list[Path]) -> Iterator[None]:
    """Let every user traverse (not list) the folders above the .venv and its Python, as a shared install needs.

    Here Python may live under /root (mode 700); a school installs it where users can reach it. Each
    folder's mode is restored afterwards.
    """
    changed: dict[Path, int] = {}
    for path in paths:
        for parent in reversed(path.parents):
            mode = parent.stat().st_mode
            if parent not in changed and not mode & stat.S_IXOTH:
                changed[parent] = mode
                parent.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
    try:
        yield
    finally:
        for path, mode in changed.items():
            path.chmod(stat.S_IMODE(mode))


@contextmanager
def _local_users(names: list[str], password: str) -> Iterator[None]:
    """Local accounts with homes and one password, removed with their homes afterwards."""
    for name in names:
        _remove_user(name)
        # The README's command, which makes the home private; the comment marks the account as this module's.
        command = substituted(readme_block("useradd"), {r"\bNAME\b": f"--comment {shlex.quote(MARK)} {name}"})
        subprocess.run(["bash", "-euo", "pipefail", "-c", command], check=True)
    subprocess.run(["chpasswd"], input="".join(f"{name}:{password}\n" for name in names), text=True, check=True)
    try:
        yield
    finally:
        for name in names:
            _remove_user(name)
        if _group_exists(TEACHERS):
            subprocess.run(["groupdel", TEACHERS], check=True)


def _remove_user(name: str) -> None:
    """Remove a user this module created (never anyone else), after ending their processes."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return
    if entry.pw_gecos != MARK:
        raise RuntimeError(f"a user {name!r} already exists and was not made by the hub test: not touching it")
    _end_processes_of(entry.pw_uid)
    subprocess.run(["userdel", "--remove", name], check=True, stderr=subprocess.DEVNULL)


def _end_processes_of(uid: int) -> None:
    """End every process running as a test user (their servers and kernels), by process id."""
    mine = [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real == uid]
    for process in mine:
        process.terminate()
    _, alive = psutil.wait_procs(mine, timeout=10)
    for process in alive:
        process.kill()


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def _bare_clone(folder: Path, names: list[str]) -> Path:
    """The committed collection as a bare repository named like the public one, with `main` checked out.

    A school's link points at its git host; here a local path stands in. Git refuses to read a
    repository another user owns unless it is listed as safe, so each user lists this one.
    """
    repo = folder / "reset-ledger"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(repo)], check=True)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(["git", "-C", str(repo), "update-ref", "refs/heads/main", head], check=True)
    subprocess.run(["git", "-C", str(repo), "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(repo)], check=True)
    for name in names:
        subprocess.run(["runuser", "-u", name, "--", "git", "config", "--global", "--add", "safe.directory", str(repo)],
                       check=True, cwd="/")
    return repo


def _make_handin_folder(handin: Path, teacher: str) -> None:
    """Run the README's commands that make the hand-in folder, for this run's teacher and folder."""
    commands = substituted(readme_block("groupadd"), {
        r"\bteachers\b": TEACHERS, r"\bTEACHER\b": teacher, re.escape(README_HANDIN): str(handin),
    })
    subprocess.run(["bash", "-euo", "pipefail", "-c", commands], check=True)


def _start_hub(folder: Path, repo: Path, handin: Path, names: list[str], password: str, teacher: str) -> Hub:
    from jupyterhub.utils import random_port

    port, hub_port, proxy_port = random_port(), random_port(), random_port()
    token = secrets.token_hex(32)
    documented = substituted(readme_block("# jupyterhub_config.py"), {
        re.escape(README_VENV): str(VENV), re.escape(README_HANDIN): str(handin),
    })
    config = folder / "jupyterhub_config.py"
    config.write_text(documented + f"""
# --- the test's own lines: where this hub listens and keeps its state, who may log in, an API token for the bench
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/jupyterhub_cookie_secret"
c.Authenticator.allowed_users = {set(names)!r}
c.JupyterHub.services = [{{"name": "{SERVICE}", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{"name": "{SERVICE}", "services": ["{SERVICE}"],
                            "scopes": ["admin:users", "admin:servers", "access:servers"]}}]
# The browser tests read JupyterLab's state through window.jupyterapp.
c.Spawner.args.append("--LabApp.expose_app_in_browser=True")
""")
    environment = {**os.environ, "PATH": f"{VENV / 'bin'}:{os.environ['PATH']}"}
    log = (folder / "jupyterhub.log").open("w")
    process = subprocess.Popen([str(VENV / "bin" / "jupyterhub"), "-f", str(config)], cwd=folder, env=environment,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", token, folder, repo, handin, password, teacher, process)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited early:\n{hub.log_tail()}")
        try:
            hub.api("GET", "/")
            return hub
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"JupyterHub did not answer within 120 s:\n{hub.log_tail()}")


def _stop_hub(hub: Hub) -> None:
    """Stop the hub: it stops the users' servers and its proxy (anything left is ended with the users)."""
    hub.process.terminate()
    try:
        hub.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        hub.process.kill()


if __name__ == "__main__":
    install()
