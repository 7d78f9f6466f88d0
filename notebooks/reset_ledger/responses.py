"""Saved answers: one JSON file per pseudonym per notebook, written atomically, read back with suspicion.

A pseudonym is a name, not a key. The first save under a pseudonym gives the student a short answer
code; the files keep only a salted hash of it. Loading or replacing that pseudonym's answers from
another session needs the code; the session that saved or unlocked them needs nothing more. Every file
is checked against a JSON Schema before it is written and when it is read, so nothing is saved that
cannot be read back, and a malformed file, whatever its shape, is refused with a reason, never raised.
Nothing in a file is ever executed, imported or evaluated.

The store sits below the exercises: it imports nothing from the domain. Each notebook's answer format
is registered from above (reset_ledger.answers) as a JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import os
import re
import stat
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import fastjsonschema
import jsonschema

from reset_ledger.answer_codes import SESSION, Session, hash_code, new_code

SCHEMA = "reset-ledger/response"
SCHEMA_VERSION = 2
FOLDER_ENV = "RESET_LEDGER_RESPONSES"
HANDIN_ENV = "RESET_LEDGER_HANDIN"
DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / "saved-answers"
MAX_BYTES = 256 * 1024
MAX_PSEUDONYM = 32
MAX_DIGITS = 15  # no answer needs a longer number; a 401-digit one is refused while parsing
STALE_SECONDS = 60  # a temporary file or an empty claimed file this old was left by a save that died
WHOLE_CHARACTERS = r"^[^\ud800-\udfff]*$"  # text without lone surrogates (half an emoji), which UTF-8 cannot store
_PSEUDONYM = re.compile(r"[a-z0-9](?:[a-z0-9_]|-(?!-))*")
_CODE_HASH = r"^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$"
_ANSWER_FILE = re.compile(r"(?P<notebook>[0-9]{2}-[a-z0-9-]+?)--(?P<pseudonym>[a-z0-9][a-z0-9_-]*?)(?:--(?P<token>[0-9a-f]{16}))?\.json")


class ResponseError(ValueError):
    """A save or a response file was refused; the message says why in plain words."""


class CodeNeeded(ResponseError):
    """The answers are protected by an answer code that this session has not been given."""


# Answer formats, registered from above: notebook → a function building the JSON Schema of its answers.
FORMATS: dict[str, Callable[[], dict]] = {}


def register(formats: Mapping[str, Callable[[], dict]]) -> None:
    """Let the store check answers to these notebooks (reset_ledger.answers registers every notebook)."""
    FORMATS.update(formats)
    _answers_checker.cache_clear()
    _document_checker.cache_clear()


class SchemaCheck:
    """One JSON Schema, checked two ways: compiled (fastjsonschema) so a class of thousands of valid files is read in
    seconds, and by jsonschema, which names every error, only for a file that fails."""

    def __init__(self, schema: dict) -> None:
        jsonschema.Draft7Validator.check_schema(schema)
        self.schema = schema
        self.precise = jsonschema.Draft7Validator(schema)

    @functools.cached_property
    def passes(self) -> Callable[[object], object]:
        """The compiled check, built on first use (compiling costs more than one precise check)."""
        return fastjsonschema.compile(self.schema)

    def is_valid(self, value: object) -> bool:
        """Whether the value meets the schema, by the compiled check."""
        try:
            self.passes(value)
        except fastjsonschema.JsonSchemaException:
            return False
        return True


def checker(schema: dict) -> SchemaCheck:
    """A check for one JSON Schema (the schema itself checked first)."""
    return SchemaCheck(schema)


@functools.cache
def _answers_checker(notebook: str) -> SchemaCheck:
    return checker(FORMATS[notebook]())


@functools.cache
def _document_checker() -> SchemaCheck:
    return checker(document_schema())


def document_schema() -> dict:
    """The envelope every answer file shares; the answers inside are checked against their notebook's format."""
    return {
        "type": "object",
        "properties": {
            "schema": {"const": SCHEMA},
            "schema_version": {"const": SCHEMA_VERSION},
            "notebook": {"enum": sorted(FORMATS)},
            "pseudonym": {"type": "string", "maxLength": MAX_PSEUDONYM, "pattern": f"^{_PSEUDONYM.pattern}$"},
            "saved_at": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$"},
            "locked": {"type": "boolean"},
            "code_hash": {"type": "string", "pattern": _CODE_HASH},
            "answers": {"type": "object"},
        },
        "required": ["schema", "schema_version", "notebook", "pseudonym", "saved_at", "locked", "code_hash", "answers"],
        "additionalProperties": False,
    }


_TYPE_WORDS = {"object": "a set of named fields", "array": "a list", "string": "text", "integer": "a whole number",
               "number": "a number", "boolean": "true or false"}


def _json_type(value: object) -> str:
    for name, kind in (("true or false", bool), ("a number", (int, float)), ("text", str), ("a list", list),
                       ("a set of named fields", dict), ("nothing (null)", type(None))):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _short(value: object) -> str:
    """A value as a student or teacher would read it, cut so a hostile value cannot flood the message."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_DIGITS:
        return f"a number of {len(str(abs(value)))} digits"
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=True, default=repr)
    return text if len(text) <= 40 else text[:37] + "…"


def _readable(error: jsonschema.ValidationError, where: str) -> str:
    """One schema error in plain words, naming the field."""
    at = ".".join([where, *(str(part) for part in error.absolute_path)]).strip(".")
    return f"{at}: {_plain(error)}" if at else _plain(error)


def _plain(error: jsonschema.ValidationError) -> str:
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "type" and expected == "integer" and isinstance(value, float):
        return f"{_short(value)} is not a whole number"
    if kind == "type":
        return f"expected {_TYPE_WORDS.get(expected, expected)}, found {_json_type(value)}"
    if kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        return f"{_short(value)} is outside the allowed range {low:g} to {high:g}"
    if kind == "maxLength":
        return f"{len(value)} characters; at most {expected} are allowed"
    if kind == "maxItems":
        return f"{len(value)} entries; at most {expected} are allowed"
    if kind == "pattern" and expected == WHOLE_CHARACTERS:
        return f"contains a broken character (half of an emoji?); delete it and try again"
    if kind == "pattern" and error.absolute_path and error.absolute_path[-1] == "pseudonym":
        return f"{_short(value)} is not a pseudonym as stored (lower-case letters, digits, '-' and '_')"
    if kind == "pattern":
        return f"{_short(value)} is not in the expected form"
    if "propertyNames" in error.absolute_schema_path:
        return f"unknown id {_short(value)}"
    if kind == "enum" and error.absolute_path and error.absolute_path[-1] == "notebook":
        return f"{_short(value)} is not a notebook of this collection"
    if kind == "enum":
        options = ", ".join(str(o) for o in expected[:8]) + (", …" if len(expected) > 8 else "")
        return f"{_short(value)} is not one of {options}"
    if kind == "const":
        return f"expected {_short(expected)}, found {_short(value)}"
    if kind == "required":
        return f"lacks the field(s) {', '.join(k for k in expected if k not in value)}"
    if kind == "additionalProperties":
        return f"unknown field(s) {', '.join(_short(k) for k in value if k not in error.schema.get('properties', {}))}"
    return f"{error.message[:120]}"


def schema_problems(check: SchemaCheck, value: object, where: str = "") -> list[str]:
    """Every way `value` breaks the schema, in plain words; empty when it is valid."""
    if check.is_valid(value):
        return []
    errors = sorted(check.precise.iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path])
    return list(dict.fromkeys(_readable(error, where) for error in errors)) or [f"{where or 'the file'}: not in the expected form"]


def _joined(found: list[str]) -> str:
    return "; ".join(found[:5]) + (f" (and {len(found) - 5} more)" if len(found) > 5 else "")


def responses_folder() -> Path:
    """Where answers go: $RESET_LEDGER_RESPONSES if set, else saved-answers/ beside the notebooks (git-ignored),
    so a student sees their files in JupyterLab's file browser."""
    return Path(os.environ.get(FOLDER_ENV) or DEFAULT_FOLDER)


def handin_folder() -> Path | None:
    """The teacher's hand-in folder, $RESET_LEDGER_HANDIN, or None when none is set up."""
    value = os.environ.get(HANDIN_ENV, "").strip()
    return Path(value) if value else None


def normal_pseudonym(name: object) -> str:
    """One spelling per name: NFKC, trimmed, lower case, so ' fox', 'fox\\u00a0' and 'FOX' are one pseudonym."""
    return unicodedata.normalize("NFKC", name).strip().lower() if isinstance(name, str) else ""


def check_pseudonym(name: str) -> str:
    """The pseudonym in its one stored spelling, or a ResponseError saying what is wrong with it."""
    name = normal_pseudonym(name)
    if not name:
        raise ResponseError("Type a pseudonym first (not your real name).")
    if len(name) > MAX_PSEUDONYM:
        raise ResponseError(f"That pseudonym is {len(name)} characters long; use at most {MAX_PSEUDONYM}.")
    if any(unicodedata.category(ch).startswith(("C", "Z")) and ch != " " for ch in name):
        raise ResponseError("A pseudonym cannot contain control or invisible characters.")
    if "/" in name or "\\" in name or ".." in name or name.startswith("."):
        raise ResponseError("A pseudonym cannot contain '/', '\\' or '..' or start with a dot.")
    if "--" in name:
        raise ResponseError("A pseudonym cannot contain '--' (two dashes in a row).")
    if not _PSEUDONYM.fullmatch(name):
        raise ResponseError("Use only letters A–Z, digits, '-' and '_' in a pseudonym, starting with a letter or digit "
                            "(and never your real name).")
    return name


def file_name(notebook: str, pseudonym: str) -> str:
    """'02-the-ledger--fox.json': the pseudonym in its stored spelling, so 'Fox' and 'fox' are one file everywhere."""
    return f"{notebook}--{check_pseudonym(pseudonym)}.json"


def _code_needed(pseudonym: str, code: str) -> CodeNeeded:
    if code.strip():
        return CodeNeeded(
            f"That answer code does not open the answers saved as {pseudonym}. Check it and try again "
            "(it looks like KM7-X4P). Lost it? Ask your teacher, or choose another pseudonym."
        )
    return CodeNeeded(
        f"Answers already exist here under the pseudonym {pseudonym} (perhaps yours, from an earlier notebook), protected by "
        "an answer code. If they are yours, type the code you got when you first saved under that pseudonym in the 'Answer "
        "code' box and press the button again. If they are not yours, choose another pseudonym. Lost your code? Ask your teacher."
    )


@dataclass(frozen=True)
class Response:
    """One student's saved answers to one notebook."""

    notebook: str
    pseudonym: str
    answers: dict
    locked: bool = False
    saved_at: str = ""
    code_hash: str = ""  # set when the file is saved; a made-up class (tools/fake_class.py) sets it itself

    def document(self) -> dict:
        """The file's content as JSON data."""
        return {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "notebook": self.notebook,
            "pseudonym": self.pseudonym,
            "saved_at": self.saved_at,
            "locked": self.locked,
            "code_hash": self.code_hash,
            "answers": self.answers,
        }

    def to_json(self) -> str:
        """The file's content."""
        return json.dumps(self.document(), indent=1, ensure_ascii=False, allow_nan=False)


class _Refused(ValueError):
    """A value the JSON parser met that no answer file may hold."""


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"a number with {len(text.lstrip('-'))} digits is too large for an answer")
    return int(text)


def _parse_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _Refused(f"the number {text[:20]} is too large for an answer")
    return number


def _refuse_constant(name: str) -> None:
    raise _Refused(f"{name} is not allowed in a response")


def parse(content: bytes) -> Response:
    """A response from a file's bytes, checked against the schema: size, encoding, JSON, envelope, answers."""
    if len(content) > MAX_BYTES:
        raise ResponseError(f"is {len(content) // 1024} KB; a response file is at most {MAX_BYTES // 1024} KB")
    if not content.strip():
        raise ResponseError("is empty (a save was interrupted; saving again replaces it)")
    try:
        data = json.loads(content.decode("utf-8"), parse_constant=_refuse_constant, parse_int=_parse_int, parse_float=_parse_float)
    except UnicodeDecodeError as error:
        raise ResponseError(f"is not UTF-8 text (byte {error.start})") from None
    except RecursionError:
        raise ResponseError("is nested too deeply to be a response file") from None
    except _Refused as error:
        raise ResponseError(f"cannot be read: {error}") from None
    except ValueError as error:
        raise ResponseError(f"is not valid JSON ({str(error)[:160]})") from None
    found = schema_problems(_document_checker(), data)
    if found:
        if isinstance(data, dict) and "schema_version" in data and data.get("schema_version") != SCHEMA_VERSION:
            raise ResponseError(f"has schema version {_short(data['schema_version'])}; this collection reads version {SCHEMA_VERSION}")
        if isinstance(data, dict) and "schema" in data and data.get("schema") != SCHEMA:
            raise ResponseError(f"is not a Reset Ledger response (schema {_short(data['schema'])})")
        raise ResponseError(f"is not a response file: {_joined(found)}")
    found = schema_problems(_answers_checker(data["notebook"]), data["answers"], "answers")
    if found:
        raise ResponseError(f"has invalid answers: {_joined(found)}")
    return Response(data["notebook"], data["pseudonym"], data["answers"], data["locked"], data["saved_at"], data["code_hash"])


def encode(response: Response) -> bytes:
    """The bytes a save would write, after the same checks a read makes: nothing is saved that cannot be read back."""
    try:
        content = response.to_json().encode("utf-8")
    except UnicodeEncodeError:
        found = schema_problems(_answers_checker(response.notebook), response.answers, "answers")
        raise ResponseError(_joined(found) or "an answer contains a broken character; delete it and try again") from None
    except ValueError as error:
        raise ResponseError(f"an answer is not a finite number ({error})") from None
    if len(content) > MAX_BYTES:
        raise ResponseError(
            f"Your answers come to {len(content) // 1024} KB; an answer file holds at most {MAX_BYTES // 1024} KB. "
            "Shorten your longest written answers and save again."
        )
    try:
        parse(content)
    except ResponseError as error:
        raise ResponseError(str(error).removeprefix("has invalid answers: ")) from None
    return content


def read_bytes(path: Path) -> bytes:
    """A file's bytes, read once, refusing links, folders and special files without blocking on them."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        if os.path.islink(path):
            raise ResponseError("is a symbolic link; only plain files are read") from None
        raise ResponseError(f"cannot be opened ({error.strerror or error})") from None
    try:
        kind = os.fstat(handle).st_mode
        if stat.S_ISDIR(kind):
            raise ResponseError("is a folder, not an answer file")
        if not stat.S_ISREG(kind):
            raise ResponseError("is not a plain file")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise ResponseError(f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(handle)


def read(path: Path) -> Response:
    """One response file, checked: a plain file, size of the bytes read, JSON, schema, and its name."""
    response = parse(read_bytes(path))
    named = _ANSWER_FILE.fullmatch(path.name)
    if not named or (named["notebook"], named["pseudonym"]) != (response.notebook, response.pseudonym):
        raise ResponseError(f"is named {path.name!r} but holds the answers of {response.pseudonym!r} to {response.notebook}")
    return response


_SWEPT: dict[str, float] = {}  # when each folder was last swept by this process


def _sweep(folder: Path) -> None:
    """Remove the temporary files that saves which died left behind (looked for once a minute per folder:
    listing a folder of thousands of files on every save would make a class's saves slow)."""
    now = time.time()
    if now - _SWEPT.get(str(folder.resolve()), 0.0) < STALE_SECONDS:
        return
    _SWEPT[str(folder.resolve())] = now
    for path in folder.glob(".saving-*.json"):
        try:
            if now - path.lstat().st_mtime > STALE_SECONDS:
                path.unlink()
        except OSError:
            continue


def _abandoned(path: Path) -> bool:
    """An empty plain file older than a minute: a save claimed the name and died before writing."""
    try:
        found = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(found.st_mode) and found.st_size == 0 and time.time() - found.st_mtime > STALE_SECONDS


def _pseudonym_hash(folder: Path, pseudonym: str, target: Path) -> str | None:
    """The code hash that protects the pseudonym in this folder (its file for this notebook first), or None if new."""
    for path in dict.fromkeys([target] + [folder / file_name(notebook, pseudonym) for notebook in sorted(FORMATS)]):
        if not os.path.lexists(path) or _abandoned(path):
            continue
        try:
            return read(path).code_hash
        except ResponseError as error:
            if path == target:
                raise ResponseError(f"The saved file {path.name} {error}. Ask your teacher to look at it.") from None
    return None


def save(response: Response, folder: Path, session: Session = SESSION, code: str = "") -> Path:
    """Write the response atomically. A new pseudonym gets an answer code (see Session.new_code); an existing one
    is replaced only by a session that holds its code or is given it now; locked answers are never replaced."""
    pseudonym = check_pseudonym(response.pseudonym)
    if response.notebook not in FORMATS:
        raise ResponseError(f"unknown notebook {response.notebook!r}")
    found = schema_problems(_answers_checker(response.notebook), response.answers, "answers")
    if found:
        raise ResponseError(_joined(found))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    target = folder / file_name(response.notebook, pseudonym)
    existing = _pseudonym_hash(folder, pseudonym, target)
    issued = None
    if existing is None:
        issued = None if response.code_hash else new_code()
        code_hash = response.code_hash or hash_code(issued)
    elif session.opens(folder, pseudonym, existing, code):
        code_hash = existing
        if os.path.lexists(target) and not _abandoned(target) and read(target).locked:
            raise ResponseError(f"The answers saved as {pseudonym} are locked and cannot be changed.")
    else:
        raise _code_needed(pseudonym, code)
    stamped = Response(response.notebook, pseudonym, response.answers, response.locked,
                       dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), code_hash)
    _write(encode(stamped), folder, target, claim=existing is None or not os.path.lexists(target) or _abandoned(target))
    if issued:
        session.issue(folder, pseudonym, issued, code_hash)
    return target


def _write(content: bytes, folder: Path, target: Path, claim: bool) -> None:
    """Write to a temporary file, then either claim the name (a new file: of two racers exactly one wins)
    or replace the old file in one step."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".json")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        if claim:
            _claim(Path(temporary), target)
        else:
            os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _claim(temporary: Path, target: Path) -> None:
    """Give the written file the target's name only if no one holds it: a hard link fails if the name exists.
    An empty file left by a save that died is removed first."""
    if _abandoned(target):
        target.unlink(missing_ok=True)
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise ResponseError(
            f"Someone saved answers as {target.name.split('--')[1].removesuffix('.json')} at the same moment. "
            "Press the button again: if the pseudonym is theirs, you will be asked for its code."
        ) from None
    except OSError:  # a file system without hard links (some USB sticks): claim an empty name, then fill it
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            raise ResponseError("Someone saved under this pseudonym at the same moment; press the button again.") from None
        os.replace(temporary, target)


def load_mine(notebook: str, pseudonym: str, folder: Path, session: Session = SESSION, code: str = "") -> Response | None:
    """A student's own saved answers, or None if they have saved none; CodeNeeded if this session may not open them."""
    name = check_pseudonym(pseudonym)
    path = Path(folder) / file_name(notebook, name)
    if not os.path.lexists(path):
        return None
    try:
        response = read(path)
    except ResponseError as error:
        raise ResponseError(f"The saved file {path.name} {error}.") from None
    if not session.opens(folder, name, response.code_hash, code):
        raise _code_needed(name, code)
    return response


def hand_in(notebook: str, pseudonym: str, folder: Path, handin: Path, session: Session = SESSION, code: str = "") -> Path:
    """Copy a student's saved answers into the teacher's hand-in folder, under a name only they can work out
    (from their code's hash), created readable by the folder's group and no one else; again replaces only theirs."""
    response = load_mine(notebook, pseudonym, folder, session, code)
    if response is None:
        raise ResponseError("Save your answers first, then hand them in.")
    if not Path(handin).is_dir():
        raise ResponseError(f"The hand-in folder {handin} does not exist. Tell your teacher; your answers are saved.")
    token = hashlib.sha256(response.code_hash.encode()).hexdigest()[:16]
    target = Path(handin) / f"{notebook}--{response.pseudonym}--{token}.json"
    handle, temporary = tempfile.mkstemp(dir=handin, prefix=".handing-in-", suffix=".json")
    try:
        os.fchmod(handle, 0o640)
        with os.fdopen(handle, "wb") as out:
            out.write(encode(response))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


@dataclass
class Loaded:
    """What a folder held: the valid responses, and a reason for every file that was not."""

    responses: list[Response] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    superseded: int = 0  # earlier copies of a student's answers, replaced by a later hand-in

    def report(self) -> str:
        """One line per refused file, for the teacher."""
        return "\n".join(f"{name}: {reason}" for name, reason in self.problems)


def _latest(found: Iterable[tuple[str, Response]], loaded: Loaded) -> None:
    """Each student's latest answers per notebook; answers under one pseudonym with different codes are refused."""
    groups: dict[tuple[str, str], list[tuple[str, Response]]] = {}
    for name, response in found:
        groups.setdefault((response.notebook, response.pseudonym), []).append((name, response))
    for (notebook, pseudonym), group in groups.items():
        if len({r.code_hash for _, r in group}) > 1:
            for name, _ in group:
                loaded.problems.append((name, f"two students handed in answers to {notebook} as {pseudonym!r} (different "
                                              "answer codes); neither is counted until you ask them"))
            continue
        loaded.responses.append(max(group, key=lambda pair: pair[1].saved_at)[1])
        loaded.superseded += len(group) - 1


def load_folder(folder: Path, notebook: str | None = None) -> Loaded:
    """Every valid response in the folder (optionally for one notebook), each student's latest, and why each
    other file was refused. Never raises: whatever a file holds, it is either read or listed with a reason."""
    loaded = Loaded()
    folder = Path(folder)
    try:
        paths = sorted(folder.iterdir(), key=lambda path: path.name)  # by name: comparing Paths is slow for thousands of files
    except OSError as error:
        loaded.problems.append((str(folder), "is not a folder" if not folder.is_dir() else f"cannot be read ({error.strerror})"))
        return loaded
    found = []
    for path in paths:
        if path.name.startswith((".saving-", ".handing-in-", ".ipynb_checkpoints")):
            continue
        if not path.name.endswith(".json"):
            if not path.is_dir() or path.is_symlink():
                loaded.problems.append((path.name, "is not a .json response file"))
            continue
        if notebook and not path.name.startswith(f"{notebook}--"):
            continue
        try:
            found.append((path.name, read(path)))
        except ResponseError as error:
            loaded.problems.append((path.name, str(error)))
        except (OSError, RecursionError, ValueError) as error:  # defence in depth: a file never stops the others
            loaded.problems.append((path.name, f"could not be read ({type(error).__name__})"))
    _latest(found, loaded)
    loaded.responses.sort(key=lambda r: (r.notebook, r.pseudonym))
    return loaded
