"""Answer codes: a pseudonym is a name, not a key. The first save under a pseudonym gives the student a short
code; files keep only a salted scrypt hash of it; a session (one kernel) remembers the codes given or typed in it,
so the student is asked once per session at most, and only when opening answers saved in another session."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from pathlib import Path

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to copy by hand
CODE_LENGTH = 6
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def new_code() -> str:
    """A fresh answer code, 'KM7-X4P': six characters that cannot be misread, in two groups of three."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:3]}-{code[3:]}"


def _plain_code(code: str) -> str:
    """A typed code without case, spaces or dashes, so 'km7 x4p' and 'KM7-X4P' are the same code."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", code).upper() if ch.isalnum())


def hash_code(code: str) -> str:
    """The salted scrypt hash a file keeps instead of the code."""
    salt = secrets.token_bytes(16)
    return f"scrypt${salt.hex()}${hashlib.scrypt(_plain_code(code).encode(), salt=salt, **_SCRYPT).hex()}"


def code_opens(code_hash: str, code: str) -> bool:
    """Whether a typed code is the one whose hash a file keeps."""
    try:
        _, salt, digest = code_hash.split("$")
        tried = hashlib.scrypt(_plain_code(code).encode(), salt=bytes.fromhex(salt), **_SCRYPT).hex()
    except ValueError:
        return False
    return bool(_plain_code(code)) and hmac.compare_digest(tried, digest)


def _where(folder: Path) -> str:
    return str(Path(folder).resolve())


class Session:
    """What one kernel may open without asking again: the pseudonyms whose code was given or typed here."""

    def __init__(self) -> None:
        self._codes: dict[tuple[str, str], str] = {}
        self._opened: set[str] = set()  # code hashes opened here (a hash has its own salt: one code's, one student's)
        self._issued: dict[tuple[str, str], str] = {}

    def opens(self, folder: Path, pseudonym: str, code_hash: str, code: str = "") -> bool:
        """Whether this session may read or replace answers kept under this hash (remembering a code that works)."""
        where = (_where(folder), pseudonym)
        if code_hash in self._opened:
            return True
        for tried in (code, self._codes.get(where, "")):
            if tried and code_opens(code_hash, tried):
                self._codes[where] = tried
                self._opened.add(code_hash)
                return True
        return False

    def issue(self, folder: Path, pseudonym: str, code: str, code_hash: str) -> None:
        """Remember a code this session's first save under the pseudonym created, to show once and to open with."""
        where = (_where(folder), pseudonym)
        self._codes[where] = code
        self._opened.add(code_hash)
        self._issued[where] = code

    def new_code(self, folder: Path, pseudonym: str) -> str | None:
        """The code this session's first save under the pseudonym created, once: it is shown a single time."""
        return self._issued.pop((_where(folder), pseudonym), None)


SESSION = Session()  # this kernel
