"""The quotation budget: how much of the article the project quotes, worked out without the article's text.

Every quotation of the article lives in a data column the schema marks `quotes` (the register). Prose
elsewhere (notebooks, the package's strings, teacher notes, the READMEs, other data columns) may quote the
article only by repeating words from the register, so the register alone tells how much is quoted: its
quotes are merged where they overlap, and their distinct words are set against the article's length in
data/article.csv. Where a local copy of the article exists, `in_article` checks the register against it.

Run `python -m tools.quotation` to print the share (and, with the article at hand, what the register
covers in it).
"""

from __future__ import annotations

import ast
import csv
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "notebooks"))

from reset_ledger.data import DATA_DIR, load  # noqa: E402
from reset_ledger.schema import TABLES  # noqa: E402

ARTICLE = Path("/work/shared/reference/article.txt")  # a local reference copy; never committed, absent in CI
BUDGET = 1 / 3  # of the article's words
MIN_OVERLAP = 2  # words two quotes must share, end to start, before they count as one passage
MIN_WORDS = 2  # a single word in quotation marks is a term or a scare quote, not a quotation of the article
# The rule for whose words a quotation is. A quotation is the article's when its sentence names the article or its
# author (ATTRIBUTION) outside quotation marks, and that name either comes before the quotation ("the article
# calls it '…'"), or follows it as its tag ("'…', the article says"), or within its own clause ("'…' is the
# author's word"), or as a citation in parentheses: the next name after a quotation decides, and a citation covers
# every quotation since the last name ("… '…', yet '…' (Matthews, Newsweek)"). So a sample answer that mentions the
# article inside its own quotation marks, a phrase quoted as a phrase ("'our reading' and 'the article says'"), a
# term quoted in a clause of its own before the article is named ("'the United States' is not one actor, and the
# article …"), and another publisher's words in a sentence that names only that publisher are not the article's.
ATTRIBUTION = re.compile(r"\b(Matthews|Newsweek|the article|article's|the column|the author|he writes)\b", re.I)
QUOTED = re.compile(r"“([^”]+)”|‘(.+?)’(?!\w)|\"([^\"\n]+)\"|(?<![\w'])'(.+?)'(?![\w'])")
TAG = re.compile(r"[\s,*(]*")  # what may stand between a quotation and the tag after it: a comma, an opening parenthesis
CLAUSE_BREAK = re.compile(r"[,;:()—–]")  # a quotation and a name after it with one of these between are in different clauses
CITATION = re.compile(r"\(\s*[*_]?$")  # a name that opens a parenthesis is a citation
# A sentence ends at . ! or ? (a closing bold, italic, bracket or quotation mark may follow) before a capital, or at a
# blank line or a list item.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][*_)”\"'])|(?<=[.!?]\*\*))\s+(?=[A-Z(*“\"'])|\n\s*\n|\n(?=\s*[-*|#\d])")
# What a student or a teacher reads: data, notebooks, the package, the teacher's kit, the READMEs.
PROSE = ("notebooks/*.ipynb", "notebooks/reset_ledger/**/*.py", "teacher/notes/*.md", "teacher/*.md", "README.md",
         "data/README.md")
# Tables that describe publications (their notes quote the sources they describe, not the article).
BIBLIOGRAPHIC = ("sources", "article")
Words = tuple[str, ...]


def words(text: str) -> Words:
    """The words of a text as quotations are counted: split at spaces and dashes, case and punctuation set aside."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    found = (w.strip(".,;:!?\"'()[]").lower() for w in re.split(r"[\s—–]+", text))
    return tuple(w for w in found if re.search(r"\w", w))


def contains(outer: Words, inner: Words) -> bool:
    """Whether `inner` appears in `outer` as consecutive words."""
    n = len(inner)
    return n > 0 and any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


def _overlap(first: Words, second: Words) -> int:
    """How many words at the end of `first` begin `second` (at least MIN_OVERLAP, else 0)."""
    for n in range(min(len(first), len(second)) - 1, MIN_OVERLAP - 1, -1):
        if first[-n:] == second[:n]:
            return n
    return 0


def merged(quotes: Iterable[str]) -> list[Words]:
    """The distinct passages the quotes add up to: duplicates and quotes inside longer ones dropped, quotes that
    run on from one another joined (so a word quoted twice is counted once)."""
    passages = sorted({w for w in map(words, quotes) if w}, key=len, reverse=True)
    kept: list[Words] = []
    for passage in passages:
        if not any(contains(k, passage) for k in kept):
            kept.append(passage)
    joined = True
    while joined:
        joined = False
        for a in kept:
            for b in kept:
                n = _overlap(a, b) if a is not b else 0
                if n:
                    kept = [k for k in kept if k is not a and k is not b] + [a + b[n:]]
                    joined = True
                    break
            if joined:
                break
    return kept


def quoted_words(quotes: Iterable[str]) -> int:
    """Distinct words of the article the quotes reproduce."""
    return sum(len(p) for p in merged(quotes))


@dataclass(frozen=True)
class Quote:
    """One quotation and where it is kept."""

    text: str
    where: str


def register(data_dir: Path = DATA_DIR) -> list[Quote]:
    """Every quotation of the article the data holds: the values of the columns the schema marks `quotes`."""
    found = []
    for table in TABLES.values():
        frame = load(table.name, data_dir)
        for column in (c for c in table.columns if c.quotes):
            for key, value in zip(frame[table.id_column], frame[column.name]):
                if value:
                    found.append(Quote(str(value), f"data/{table.file} {key} {column.name}"))
    return found


def article_words(data_dir: Path = DATA_DIR) -> int:
    """The article's length in words, as data/article.csv records it."""
    return int(load("article", data_dir)["words"].iloc[0])


def share(quotes: Iterable[str], data_dir: Path = DATA_DIR) -> float:
    """The share of the article's words that the quotes reproduce."""
    return quoted_words(quotes) / article_words(data_dir)


def _sentences(text: str) -> Iterator[str]:
    """A text cut into sentences, roughly: quotations are judged by the sentence around them."""
    yield from (s for s in SENTENCE_END.split(text) if s.strip())


def _given_to_article(outside: str, start: int, end: int) -> bool:
    """Whether a name of the article stands before the quotation at start:end, or next after it as its tag, in its
    clause or as a citation (`outside` is the sentence with every quotation blanked, so names inside quotation marks
    do not count)."""
    if ATTRIBUTION.search(outside[:start]):
        return True
    after = ATTRIBUTION.search(outside, end)
    if not after:
        return False
    between = outside[end : after.start()]
    return bool(TAG.fullmatch(between)) or not CLAUSE_BREAK.search(between) or bool(CITATION.search(between))


def attributed_quotations(text: str, headline: str = "") -> Iterator[str]:
    """The quotations of two words or more that a text's sentences give to the article or its author (by the rule
    above ATTRIBUTION; the headline, which the article's length does not count, set aside)."""
    for sentence in _sentences(text):
        matches = list(QUOTED.finditer(sentence))
        outside = QUOTED.sub(lambda m: " " * len(m.group(0)), sentence)
        for match in matches:
            quote = next(group for group in match.groups() if group)
            if (
                len(words(quote)) >= MIN_WORDS
                and "{" not in quote
                and not contains(words(headline), words(quote))
                and _given_to_article(outside, match.start(), match.end())
            ):
                yield quote


def shown_strings(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) for the string constants of a Python source that a reader can see (f-strings give their fixed
    parts; docstrings, which document the code, are left out)."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def prose(root: Path = ROOT) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of prose a student or a teacher reads, data cells outside the register included."""
    for pattern in PROSE:
        for path in sorted(root.glob(pattern)):
            where = str(path.relative_to(root))
            if path.suffix == ".ipynb":
                for cell in nbformat.read(path, as_version=4).cells:
                    texts = [cell.source] if cell.cell_type == "markdown" else [t for _, t in shown_strings(cell.source)]
                    yield from ((f"{where} {cell.get('id')}", t) for t in texts)
            elif path.suffix == ".py":
                yield from ((where, t) for _, t in shown_strings(path.read_text(encoding="utf-8")))
            else:
                yield where, path.read_text(encoding="utf-8")
    for table in (t for t in TABLES.values() if t.name not in BIBLIOGRAPHIC):
        with (root / "data" / table.file).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for column in table.columns:
                    if not column.quotes and column.kind == "text" and row[column.name]:
                        yield f"data/{table.file} {row[table.id_column]} {column.name}", row[column.name]


def unregistered(quotes: Iterable[Quote], root: Path = ROOT) -> list[Quote]:
    """Quotations the prose gives to the article whose words are in no registered quote."""
    kept = [words(q.text) for q in quotes]
    headline = str(load("article", root / "data")["title"].iloc[0])
    return [
        Quote(text, where)
        for where, body in prose(root)
        for text in attributed_quotations(body, headline)
        if not any(contains(k, words(text)) for k in kept)
    ]


def every_quotation(root: Path = ROOT) -> list[str]:
    """Every passage of two words or more in quotation marks anywhere in the prose, whoever it is given to: with the
    article at hand, the ones it contains are what the project really quotes, however a sentence attributes them."""
    return [
        quote
        for _, body in prose(root)
        for match in QUOTED.finditer(body)
        if len(words(quote := next(group for group in match.groups() if group))) >= MIN_WORDS
    ]


def _flat(text: str) -> str:
    """Every quotation mark and apostrophe made one straight mark (a quotation inside a quotation takes single
    marks) and runs of space made one, so a quote can be found in the article as written."""
    return re.sub(r"\s+", " ", re.sub("[’‘“”\"]", "'", text))


def article_body(path: Path = ARTICLE) -> str:
    """The local copy's body: its paragraphs after the headline and the photo caption."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n".join(lines[2:])


def in_article(quote: str, body: str) -> bool:
    """Whether the quote is in the article word for word (case, punctuation and all)."""
    return _flat(quote) in _flat(body)


def covered(quotes: Iterable[str], body: str) -> int:
    """Words of the article's body that the quotes reproduce, found by position (the exact count, needing the text)."""
    text = words(body)
    hit: set[int] = set()
    for quote in quotes:
        q = words(quote)
        for i in range(len(text) - len(q) + 1):
            if q and text[i : i + len(q)] == q:
                hit.update(range(i, i + len(q)))
    return len(hit)


def main() -> None:
    """Print the share of the article the project quotes, and what is quoted outside the register."""
    quotes = register()
    strays = unregistered(quotes)
    total = article_words()
    counted = quoted_words([q.text for q in quotes + strays])
    print(f"Registered quotations: {len(quotes)}; distinct words {quoted_words(q.text for q in quotes)} of {total}.")
    for stray in strays:
        print(f"  outside the register: {stray.where}: {stray.text!r}")
    print(f"Quoted share: {counted} of {total} words = {counted / total:.1%} (budget {BUDGET:.1%}).")
    if ARTICLE.exists():
        body = article_body()
        missing = [q for q in quotes if not in_article(q.text, body)]
        print(f"Against the local copy: {covered([q.text for q in quotes + strays], body)} words covered; "
              f"{len(missing)} registered quotes not found word for word; with every quotation in the prose, however "
              f"attributed: {covered([q.text for q in quotes] + every_quotation(), body)} words.")
        for q in missing:
            print(f"  not in the article: {q.where}: {q.text!r}")


if __name__ == "__main__":
    main()
