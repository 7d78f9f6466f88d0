"""Saved answers: one JSON file per pseudonym per notebook, written atomically, read back with suspicion.

A save never overwrites another student's file: a file that already exists is replaced only by the
session that saved or loaded it before. Reading a folder returns every valid file and a reason for
every other one; nothing in a file is ever executed, imported or evaluated.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reset_ledger.answers import SPECS, problems, spec_for

SCHEMA = "reset-ledger/response"
SCHEMA_VERSION = 1
FOLDER_ENV = "RESET_LEDGER_RESPONSES"
DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "responses"
MAX_BYTES = 256 * 1024
MAX_PSEUDONYM = 32
_PSEUDONYM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_FIELDS = ("schema", "schema_version", "notebook", "pseudonym", "saved_at", "locked", "answers")


class ResponseError(ValueError):
    """A save or a response file was refused; the message says why in plain words."""


def responses_folder() -> Path:
    """Where answers go: $RESET_LEDGER_RESPONSES if set, else responses/ in the collection (git-ignored)."""
    return Path(os.environ.get(FOLDER_ENV) or DEFAULT_FOLDER)


def check_pseudonym(name: str) -> str:
    """The pseudonym, stripped, or a ResponseError saying what is wrong with it."""
    if not isinstance(name, str) or not name.strip():
        raise ResponseError("Type a pseudonym first (not your real name).")
    name = name.strip()
    if len(name) > MAX_PSEUDONYM:
        raise ResponseError(f"That pseudonym is {len(name)} characters long; use at most {MAX_PSEUDONYM}.")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ResponseError("A pseudonym cannot contain control or invisible characters.")
    if "/" in name or "\\" in name or ".." in name or name.startswith("."):
        raise ResponseError("A pseudonym cannot contain '/', '\\' or '..' or start with a dot.")
    if not _PSEUDONYM.fullmatch(name):
        raise ResponseError("Use only letters A–Z, digits, '-' and '_' in a pseudonym, starting with a letter or digit.")
    return name


def file_name(notebook: str, pseudonym: str) -> str:
    """'02-the-ledger--fox.json': lower case, so 'Fox' and 'fox' are one pseudonym on every file system."""
    return f"{notebook}--{check_pseudonym(pseudonym).lower()}.json"


@dataclass(frozen=True)
class Response:
    """One student's saved answers to one notebook."""

    notebook: str
    pseudonym: str
    answers: dict
    locked: bool = False
    saved_at: str = ""

    def to_json(self) -> str:
        """The file's content."""
        return json.dumps(
            {
                "schema": SCHEMA,
                "schema_version": SCHEMA_VERSION,
                "notebook": self.notebook,
                "pseudonym": self.pseudonym,
                "saved_at": self.saved_at,
                "locked": self.locked,
                "answers": self.answers,
            },
            indent=1,
            ensure_ascii=False,
            allow_nan=False,
        )


def validate(response: Response) -> None:
    """Raise ResponseError unless the notebook is known and every answer fits its spec."""
    if response.notebook not in SPECS:
        raise ResponseError(f"unknown notebook {response.notebook!r}")
    check_pseudonym(response.pseudonym)
    found = problems(spec_for(response.notebook), response.answers)
    if found:
        raise ResponseError("; ".join(found[:5]) + (f" (and {len(found) - 5} more)" if len(found) > 5 else ""))


def save(response: Response, folder: Path, replace: bool = False) -> Path:
    """Write the response atomically; refuse to touch an existing file unless `replace` (it is ours)."""
    validate(response)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name(response.notebook, response.pseudonym)
    stamped = Response(
        response.notebook, response.pseudonym, response.answers, response.locked,
        dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    )
    if target.exists() and replace and read(target).locked:
        raise ResponseError(f"The answers saved as {response.pseudonym!r} are locked and cannot be changed.")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(stamped.to_json())
            out.flush()
            os.fsync(out.fileno())
        if not replace:
            _claim(target, response.pseudonym)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def _claim(target: Path, pseudonym: str) -> None:
    """Create the target exclusively, so of two students racing for one pseudonym exactly one wins."""
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        raise ResponseError(
            f"Answers saved as {pseudonym!r} already exist here. If they are yours, press "
            "'Load my answers' first, then save again; otherwise choose another pseudonym."
        ) from None


def read(path: Path) -> Response:
    """One response file, checked: size, JSON, schema version, fields, and every answer's range."""
    if path.is_symlink():
        raise ResponseError("is a symbolic link; only plain files are read")
    size = path.stat().st_size
    if size == 0:
        raise ResponseError("is empty (a save may still be in progress)")
    if size > MAX_BYTES:
        raise ResponseError(f"is {size // 1024} KB; a response file is at most {MAX_BYTES // 1024} KB")
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
        raise ResponseError(f"is not valid JSON ({error})") from None
    except RecursionError:
        raise ResponseError("is nested too deeply to be a response file") from None
    if not isinstance(data, dict):
        raise ResponseError("does not hold a response (expected a JSON object)")
    missing = [f for f in _FIELDS if f not in data]
    if missing:
        raise ResponseError(f"lacks the field(s) {', '.join(missing)}")
    if data["schema"] != SCHEMA:
        raise ResponseError(f"is not a Reset Ledger response (schema {data['schema']!r})")
    if data["schema_version"] != SCHEMA_VERSION:
        raise ResponseError(f"has schema version {data['schema_version']!r}; this collection reads version {SCHEMA_VERSION}")
    if not isinstance(data["locked"], bool) or not isinstance(data["saved_at"], str):
        raise ResponseError("has a malformed 'locked' or 'saved_at' field")
    response = Response(data["notebook"], data["pseudonym"], data["answers"], data["locked"], data["saved_at"])
    try:
        check_pseudonym(response.pseudonym)
    except ResponseError as error:
        raise ResponseError(f"has an invalid pseudonym: {error}") from None
    try:
        validate(response)
    except ResponseError as error:
        raise ResponseError(f"has invalid answers: {error}") from None
    if path.name != file_name(response.notebook, response.pseudonym):
        raise ResponseError(f"is named {path.name!r} but holds the answers of {response.pseudonym!r} to {response.notebook}")
    return response


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in a response")


def load_mine(notebook: str, pseudonym: str, folder: Path) -> Response | None:
    """A student's own saved answers, or None if they have saved none."""
    path = folder / file_name(notebook, pseudonym)
    if not path.exists():
        return None
    try:
        return read(path)
    except ResponseError as error:
        raise ResponseError(f"The saved file {path.name} {error}.") from None


@dataclass
class Loaded:
    """What a folder held: the valid responses, and a reason for every file that was not."""

    responses: list[Response] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def report(self) -> str:
        """One line per refused file, for the teacher."""
        return "\n".join(f"{name}: {reason}" for name, reason in self.problems)


def load_folder(folder: Path, notebook: str | None = None) -> Loaded:
    """Every valid response in the folder (optionally for one notebook), and why each other file was refused."""
    loaded = Loaded()
    if not folder.is_dir():
        loaded.problems.append((str(folder), "is not a folder"))
        return loaded
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".saving-"):
            continue
        if path.is_dir() and not path.is_symlink():
            continue
        if not path.name.endswith(".json"):
            loaded.problems.append((path.name, "is not a .json response file"))
            continue
        if notebook and not path.name.startswith(f"{notebook}--"):
            continue
        try:
            response = read(path)
        except (ResponseError, OSError) as error:
            loaded.problems.append((path.name, str(error)))
            continue
        loaded.responses.append(response)
    return loaded
