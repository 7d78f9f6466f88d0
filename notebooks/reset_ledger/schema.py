"""The shape of every table in data/: one declaration read by the loader, the codebook test and the docs."""

from __future__ import annotations

from dataclasses import dataclass

from reset_ledger.sequence import SEQUENCE, TEACHER

THEMES = (
    "diplomacy",
    "arms-control",
    "war-and-security",
    "nato-and-neighbours",
    "iran",
    "rights-and-rule-of-law",
    "trade-and-business",
    "bases-and-afghanistan",
)
PRECISIONS = ("day", "month", "year")
SOURCE_PRECISIONS = PRECISIONS + ("undated",)
CONFIDENCE = ("high", "medium", "low")
SOURCE_KINDS = ("primary", "news", "analysis", "reference", "copy")
ROLES = (
    "thesis",
    "framing",
    "give",
    "take",
    "aim",
    "evidence",
    "on-the-table",
    "hope",
    "counter-argument",
)
CHECKS = ("supported", "loose", "contested", "unverified", "judgement")
SIDES = ("give", "take", "on-the-table", "hope")
CERTAINTIES = ("delivered", "promised", "hoped-for")
RESOLUTIONS = ("yes", "no")
OPTION_KINDS = ("policy", "decoy")
STAKEHOLDER_GROUPS = ("united-states", "allies-and-partners", "russia", "others")
IMPACT_RANGE = (-2, 2)
PROCEDURES = ("treaty", "review")
CHAMBERS = ("senate", "house")
READINGS = ("its-way", "mixed", "against")  # our reading of an outcome: went the reset's way, mixed, went against it

MAX_QUOTE_WORDS = 25
NOTEBOOK_NUMBERS = tuple(nb.number for nb in SEQUENCE + TEACHER)
STUDENT_NOTEBOOKS = tuple(nb.number for nb in SEQUENCE)
# The kinds of written answer that get sentence starters ('Stuck? Try starting with…'), and what each is called.
STARTER_KINDS = {
    "warrant": "A hidden warrant", "difference": "Where you differ from the map", "reason": "Why this score",
    "weight": "Why these weights", "who-pays": "Who pays most", "choice": "Your choice", "prediction": "Before you look",
    "judgement": "Your judgement", "claim": "Your claim", "qualifier": "Your qualifier", "evidence": "What it shows",
    "reasoning": "Your reasoning", "rebuttal": "The other side's case", "reply": "Your reply", "change": "What changed",
}


@dataclass(frozen=True)
class Column:
    """One column: its kind decides parsing, the rest decides validation."""

    name: str
    kind: str  # id | text | url | date | int | bool | category | ref | refs
    meaning: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    table: str = ""  # for ref / refs: the table whose ids are referenced
    low: int | None = None
    high: int | None = None
    max_words: int | None = None
    quotes: bool = False  # word-for-word from the article: counted against the quotation budget


@dataclass(frozen=True)
class Table:
    """One CSV file in data/."""

    name: str
    meaning: str
    columns: tuple[Column, ...]

    @property
    def file(self) -> str:
        """The file name under data/."""
        return f"{self.name}.csv"

    @property
    def id_column(self) -> str:
        """Every table starts with its id column."""
        return self.columns[0].name


def _id(name: str, meaning: str) -> Column:
    return Column(name, "id", meaning)


def _sources(meaning: str = "Sources for this row (ids from sources.csv, separated by ';').") -> Column:
    return Column("source_ids", "refs", meaning, table="sources")


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "sources",
            "Every publication a fact, figure or date comes from.",
            (
                _id("source_id", "Publisher and date, e.g. 'reuters-2009-03-07'."),
                Column("publisher", "text", "Organisation that published it."),
                Column("title", "text", "Headline or title as published.", required=False),
                Column(
                    "published", "date",
                    "Publication date (first day of the month or year when less is known); empty when undated.",
                    required=False,
                ),
                Column("precision", "category", "How much of `published` is known.", allowed=SOURCE_PRECISIONS),
                Column("url", "url", "Where it can be read (http or https)."),
                Column("kind", "category", "What sort of source it is.", allowed=SOURCE_KINDS),
                Column("confidence", "category", "How far we trust it for the facts it backs.", allowed=CONFIDENCE),
                Column("note", "text", "Caveats a teacher should know.", required=False),
            ),
        ),
        Table(
            "article",
            "The bibliographic record of the article (never its text).",
            (
                _id("article_id", "Always 'newsweek-2010'."),
                Column("title", "text", "Headline as published."),
                Column("publisher", "text", "Publication."),
                Column("author", "text", "Byline."),
                Column("published", "date", "Best-supported publication date."),
                Column("date_note", "text", "How the date was established."),
                Column("url", "url", "Where the article can be read."),
                Column(
                    "archive_url", "url",
                    "The Internet Archive's (Wayback Machine) list of its saved copies of `url`, for when the page changes or goes.",
                ),
                Column(
                    "words", "int",
                    "Length of the article's body in words (headline and caption not counted); a dash between two words "
                    "separates them, as quotations are counted.",
                    low=1,
                ),
                Column("case_claim_id", "ref", "The claim where the author states his case.", table="claims"),
                Column("conclusion_claim_ids", "refs", "The claims of his closing sentence, where he weighs the case.", table="claims"),
                _sources("Sources for the byline and the date."),
                Column(
                    "library_source_ids", "refs", "Sources for where libraries hold the magazine.", required=False, table="sources",
                ),
            ),
        ),
        Table(
            "events",
            "Dated events from 1995 to 2026: the article's context and what happened after it.",
            (
                _id("event_id", "Short id, e.g. 'F04' (from the research dossier) or 'A21' (context added later)."),
                Column("date", "date", "When it happened (first day of the month or year when less is known)."),
                Column("precision", "category", "How much of `date` is known.", allowed=PRECISIONS),
                Column("end_date", "date", "Last day, for events that span days or years.", required=False),
                Column("theme", "category", "Kind of event; colours and lanes in the timeline.", allowed=THEMES),
                Column("title", "text", "A short neutral label (at most 60 characters)."),
                Column("description", "text", "One or two neutral sentences."),
                Column("figure", "text", "The numbers the event carries, as the sources give them.", required=False),
                Column(
                    "named_in_article", "bool",
                    "Does the article refer to this particular event (not only to its topic, such as arms sales in general)?",
                ),
                Column("claim_ids", "refs", "Claims of the argument map it bears on.", required=False, table="claims"),
                _sources(),
                Column("confidence", "category", "How well the sources agree.", allowed=CONFIDENCE),
                Column("note", "text", "Caveats, gaps, disagreements.", required=False),
            ),
        ),
        Table(
            "disagreements",
            "Where sources disagree: both versions, each with its sources.",
            (
                _id("disagreement_id", "Short id, e.g. 'D01'."),
                Column("event_id", "ref", "The event it concerns.", table="events"),
                Column("topic", "text", "What is disputed."),
                Column("version_a", "text", "One version."),
                Column("source_ids_a", "refs", "Sources for version A.", table="sources"),
                Column("version_b", "text", "The other version."),
                Column("source_ids_b", "refs", "Sources for version B.", table="sources"),
                Column("comment", "text", "What we make of it.", required=False),
            ),
        ),
        Table(
            "claims",
            "The argument map: every claim the article makes, with its role and a sourced check.",
            (
                _id("claim_id", "Internal id used across data/, e.g. 'G1'; it encodes the role, so students never see it."),
                Column(
                    "ref", "id",
                    "The neutral reference students see: C01, C02… in reading order, the same in every notebook.",
                ),
                Column("role", "category", "The claim's job in the argument.", allowed=ROLES),
                Column("role_reason", "text", "Why the reference map gives it that role, in one sentence."),
                Column("parent_id", "ref", "The claim it supports or qualifies.", required=False, table="claims"),
                Column("paragraph", "int", "Paragraph of the article it comes from.", low=1, high=7),
                Column(
                    "quote",
                    "text",
                    f"The article's own words, at most {MAX_QUOTE_WORDS} words: only the few whose wording matters.",
                    max_words=MAX_QUOTE_WORDS,
                    quotes=True,
                ),
                Column("paraphrase", "text", "The claim in our words, faithful to the article (not corrected)."),
                Column(
                    "evidence", "text",
                    "What the sources report, with no verdict: what a student needs to check the claim as of when it was "
                    "written. Empty for claims left to the notebooks' judgement; a claim with evidence is in 01's checking "
                    "exercise.",
                    required=False,
                ),
                Column("check", "category", "What the sources make of it (revealed after the student's own check).", allowed=CHECKS),
                Column("assessment", "text", "The check in one or two sentences."),
                _sources("Sources behind the assessment."),
            ),
        ),
        Table(
            "paragraphs",
            "The article paragraph by paragraph, for the reading step at the end of notebook 00: our plain paraphrase, "
            "the one or two phrases whose exact wording matters, and why.",
            (
                _id("paragraph", "Its number in the article, 1 to 7 (the headline and the caption are not paragraphs)."),
                Column("words", "int", "Its length in words, counted as in article.csv; together they add up to the article.", low=1),
                Column("gist", "text", "What the paragraph does, in a few of our words."),
                Column(
                    "paraphrase", "text",
                    "The whole paragraph in plain English for a 16-year-old: faithful to what it says, not corrected.",
                ),
                Column(
                    "phrase_1", "text", f"A phrase whose exact wording matters, word for word (at most {MAX_QUOTE_WORDS} words).",
                    max_words=MAX_QUOTE_WORDS, quotes=True,
                ),
                Column(
                    "phrase_2", "text", "A second such phrase, if there is one.",
                    required=False, max_words=MAX_QUOTE_WORDS, quotes=True,
                ),
                Column("why", "text", "Why those words matter, in one or two sentences."),
            ),
        ),
        Table(
            "ledger_items",
            "Every give, take, deal on the table and hoped-for return the article names.",
            (
                _id("item_id", "Short id, e.g. 'missile-defence'."),
                Column("claim_id", "ref", "The claim that names it.", table="claims"),
                Column("side", "category", "Which column of the ledger it sits in.", allowed=SIDES),
                Column("label", "text", "Short label for controls and charts."),
                Column("certainty", "category", "Its status in June 2010.", allowed=CERTAINTIES),
                Column("author_value", "int", "Worth to the US implied by the article (-5 to +5).", low=-5, high=5),
                Column("author_rationale", "text", "Why we read the article that way."),
                Column("who_gains", "text", "Who benefits."),
                Column("who_pays", "text", "Who bears the cost."),
                Column(
                    "overlaps_with", "refs",
                    "Items that, in our reading, may reward the same thing or count the same cost (a judgement; shown only after a "
                    "student has grouped the items in notebook 02).",
                    required=False, table="ledger_items",
                ),
                Column(
                    "ongoing", "category",
                    "For an item delivered by June 2010 only: 'yes' if it goes on only while the reset does (so not sunk when "
                    "asking whether to continue: notebook 05 counts it in the reset's payoffs), 'no' if it is done for good. "
                    "Our judgement.",
                    required=False, allowed=RESOLUTIONS,
                ),
                Column("ongoing_rationale", "text", "Why we judge a delivered item ongoing or done for good.", required=False),
                Column("context", "text", "What it was, when, the figures (sourced)."),
                Column("event_ids", "refs", "Events behind the context.", required=False, table="events"),
                _sources(),
            ),
        ),
        Table(
            "forecasts",
            "Yes/no questions as of June 2010, with how they resolved.",
            (
                _id("forecast_id", "Short id, e.g. 'new-start'."),
                Column("question", "text", "The question as a student sees it in June 2010."),
                Column("deadline", "date", "The date by which it must happen to count as yes."),
                Column("resolution", "category", "What happened.", allowed=RESOLUTIONS),
                Column("resolved_on", "date", "The date that decided it."),
                Column("explanation", "text", "What happened, in one or two sentences."),
                Column("event_ids", "refs", "Events that decided it.", table="events"),
                _sources(),
            ),
        ),
        Table(
            "outcomes",
            "What became of the ledger after the article (notebook 06): each outcome's events, our reading of which way it "
            "went for the reset, and the strongest reply from the other side. The readings are judgements, not facts.",
            (
                _id("outcome_id", "Short id, e.g. 'new-start-in-force'."),
                Column("label", "text", "A short neutral label (at most 60 characters)."),
                Column("side", "category", "Which column of the article's ledger it tests.", allowed=SIDES),
                Column("claim_ids", "refs", "Claims of the article it bears on.", table="claims"),
                Column("event_ids", "refs", "Events after the article that make up the outcome.", table="events"),
                Column(
                    "reading", "category",
                    "Our reading: it went the reset's way, went against it, or is mixed.", allowed=READINGS,
                ),
                Column("reason", "text", "Why we read it that way, in one or two sentences."),
                Column("other_view", "text", "The strongest reply from the other side, in our words."),
                _sources("Sources for the facts the reason and the reply name."),
            ),
        ),
        Table(
            "criteria",
            "What the options in notebook 03 are weighed on, each with a 0–100 scale whose two ends are written out.",
            (
                _id("criterion_id", "Short id, e.g. 'alliance-credibility'."),
                Column("label", "text", "Short label for controls and charts."),
                Column("anchor_0", "text", "What 0 means: the worst plausible outcome on this criterion, as seen in June 2010."),
                Column("anchor_100", "text", "What 100 means: the best plausible outcome, as seen in June 2010."),
                Column("why", "text", "Why it is a criterion, and what it leaves to the others so that nothing counts twice."),
                Column("item_ids", "refs", "The ledger items (notebook 02) it weighs.", required=False, table="ledger_items"),
                _sources("Sources for the facts the anchors name."),
            ),
        ),
        Table(
            "options",
            "The policies weighed in notebook 03, and the decoy that shows rank reversal.",
            (
                _id("option_id", "Short id, e.g. 'reset'."),
                Column("label", "text", "Short label for controls and charts."),
                Column("kind", "category", "A real policy, or the decoy built to show rank reversal.", allowed=OPTION_KINDS),
                Column("description", "text", "What the option would do, in one or two sentences."),
                Column("claim_ids", "refs", "Claims of the article that describe or argue for it.", required=False, table="claims"),
                Column(
                    "source_ids", "refs", "Sources for the facts the description names (required for policies).",
                    required=False, table="sources",
                ),
            ),
        ),
        Table(
            "performance",
            "How each option does on each criterion, on the criterion's anchored 0–100 scale: our reasoned defaults, "
            "each resting on sourced facts.",
            (
                _id("performance_id", "'option_id.criterion_id', e.g. 'reset.security'."),
                Column("option_id", "ref", "The option scored.", table="options"),
                Column("criterion_id", "ref", "The criterion it is scored on.", table="criteria"),
                Column("score", "int", "Our reasoned default on the criterion's anchored scale.", low=0, high=100),
                Column("rationale", "text", "One line: why this score."),
                Column("event_ids", "refs", "Events the rationale rests on.", required=False, table="events"),
                _sources("Sources for the facts the rationale names."),
            ),
        ),
        Table(
            "lenses",
            "Theory lenses: reasoned positions that students compare their weights with and argue from (notebooks 03, 07, 90).",
            (
                _id("lens_id", "Short id, e.g. 'realist'; 'author' is our reading of the article."),
                Column("label", "text", "Name shown to students."),
                Column("summary", "text", "The lens in one plain sentence, for choosing one before reading its case.", max_words=25),
                Column("justification", "text", "One paragraph, in our words: the lens's case at its strongest, what it values and why."),
                Column("claim_ids", "refs", "Claims of the article the lens rests on.", required=False, table="claims"),
                Column(
                    "source_ids", "refs", "The scholarship the lens rests on (a lens needs sources or claims).",
                    required=False, table="sources",
                ),
            ),
        ),
        Table(
            "lens_weights",
            "Each lens's swing weight on each criterion.",
            (
                _id("lens_weight_id", "'lens_id.criterion_id', e.g. 'realist.security'."),
                Column("lens_id", "ref", "The lens.", table="lenses"),
                Column("criterion_id", "ref", "The criterion.", table="criteria"),
                Column(
                    "weight", "int",
                    "Swing weight before renormalising: 100 for the swing the lens values most, 0 for one it ignores.",
                    low=0, high=100,
                ),
                Column("why", "text", "One line: why this weight."),
            ),
        ),
        Table(
            "warrants",
            "Hidden warrants: unstated assumptions the argument needs, each with a question to test it.",
            (
                _id("warrant_id", "Short id, e.g. 'W1'."),
                Column("warrant", "text", "The assumption, stated plainly."),
                Column("claim_ids", "refs", "Claims that rest on it.", table="claims"),
                Column("question", "text", "A critical question that tests it."),
                Column("bears_on", "text", "What the sources say that bears on it."),
                _sources("Sources behind `bears_on`."),
            ),
        ),
        Table(
            "stakeholders",
            "The parties who gain or pay from the reset's items (notebook 04).",
            (
                _id("stakeholder_id", "Short id, e.g. 'poland'."),
                Column("label", "text", "Name shown in controls and charts."),
                Column("group", "category", "Which side of the reset it sits on.", allowed=STAKEHOLDER_GROUPS),
                Column("description", "text", "Who they are, in one line."),
                _sources("Sources behind the description."),
            ),
        ),
        Table(
            "impacts",
            "Default scores, our judgements each with a sourced reason: how one ledger item affected one stakeholder, as "
            "that party saw it in June 2010. A pair that is not listed starts at 0 with 'no sourced effect'.",
            (
                _id("impact_id", "'<stakeholder_id>.<item_id>', so each pair appears once."),
                Column("stakeholder_id", "ref", "The party.", table="stakeholders"),
                Column("item_id", "ref", "The ledger item.", table="ledger_items"),
                Column(
                    "score", "int", "Default score: -2 a serious loss, 0 no net effect, +2 a major gain.",
                    low=IMPACT_RANGE[0], high=IMPACT_RANGE[1],
                ),
                Column("rationale", "text", "Why, in one line, from the sources."),
                _sources(),
            ),
        ),
        Table(
            "ratification",
            "How US approval worked for the two deals that needed Congress (notebook 04's ratification game).",
            (
                _id("rule_id", "Short id, e.g. 'new-start'."),
                Column("item_id", "ref", "The ledger item it decides.", table="ledger_items"),
                Column("label", "text", "Name shown in controls."),
                Column(
                    "procedure", "category",
                    "'treaty': two-thirds of the senators present must vote for it; 'review': it takes effect unless both "
                    "houses pass a resolution of disapproval that the president signs, or two-thirds of both pass it over his veto.",
                    allowed=PROCEDURES,
                ),
                Column("description", "text", "The rule in one or two sentences."),
                _sources(),
            ),
        ),
        Table(
            "congress",
            "The party blocs in each house of the US Congress in 2010; the president's party comes first in each house.",
            (
                _id("bloc_id", "Short id, e.g. 'republicans' (Senate) or 'house-republicans'."),
                Column("chamber", "category", "The house the bloc sits in.", allowed=CHAMBERS),
                Column("label", "text", "Name shown in controls."),
                Column("seats", "int", "Members in the bloc.", low=0, high=435),
                Column("note", "text", "The period the figure holds for, and why the game uses it."),
                _sources(),
            ),
        ),
        Table(
            "futures",
            "The three futures of notebook 05 as seen in June 2010, with how much of the ledger each makes come true.",
            (
                _id("future_id", "Short id: 'partner', 'partial' or 'reversion'."),
                Column("label", "text", "Short label for controls and charts."),
                Column("description", "text", "What this future would mean, in one or two sentences."),
                Column("delivered_realised", "int", "Share (%) of a delivered item's worth that counts in this future.", low=0, high=100),
                Column("promised_realised", "int", "Share (%) of a promised item's worth that counts in this future.", low=0, high=100),
                Column("hoped_realised", "int", "Share (%) of a hoped-for item's worth that counts in this future.", low=0, high=100),
                Column("realised_rationale", "text", "Why those shares: a convention, labelled as one."),
                Column("horizon_end", "date", "The day by which the future is judged: its time horizon."),
                Column("horizon_rationale", "text", "Why that horizon: a convention, labelled as one."),
                Column(
                    "default_probability", "int",
                    "Chance (%) a student starts from; the three add up to 100.", low=0, high=100,
                ),
                Column("probability_rationale", "text", "Why that starting chance."),
                Column("claim_ids", "refs", "Claims of the article this future comes from.", table="claims"),
                _sources("Sources for the description (the article and the context it describes)."),
            ),
        ),
        Table(
            "confrontation",
            "What confronting Moscow would bring in each future of notebook 05, beyond lacking the reset's gives and returns "
            "(the ledger's zero): our reasoned defaults, each resting on sourced facts. Confrontation's payoff in a future is "
            "the column's sum.",
            (
                _id("component_id", "Short id, e.g. 'counter-moves'."),
                Column("label", "text", "Short label for tables."),
                Column("partner", "int", "Worth to the US if Russia becomes a partner (-5 to +5).", low=-5, high=5),
                Column("partial", "int", "Worth to the US with partial cooperation (-5 to +5).", low=-5, high=5),
                Column("reversion", "int", "Worth to the US if Russia reverts to confrontation (-5 to +5).", low=-5, high=5),
                Column("rationale", "text", "The sourced facts and the judgement behind the three numbers."),
                Column("claim_ids", "refs", "Claims of the article it rests on.", required=False, table="claims"),
                Column("event_ids", "refs", "Events the rationale names.", required=False, table="events"),
                _sources("Sources for the facts the rationale names."),
            ),
        ),
        Table(
            "rubric",
            "The rubric notebook 07 shows for a verdict: claim, evidence, reasoning, rebuttal and qualifier, each read at "
            "three levels (0, 1, 2) by a teacher or a classmate; the direction of a verdict is never scored.",
            (
                _id("row_id", "Short id of the part: 'claim', 'evidence', 'reasoning', 'rebuttal' or 'qualifier'."),
                Column("part", "text", "Name of the part, shown to students."),
                Column("asks", "text", "What the part asks for, in our words."),
                Column("level_0", "text", "What a part at level 0 looks like."),
                Column("level_1", "text", "What a part at level 1 looks like."),
                Column("level_2", "text", "What a part at level 2 looks like."),
                _sources("The rubric the row paraphrases or adapts."),
                Column("note", "text", "How we adapted the source's row, or what we added.", required=False),
            ),
        ),
        Table(
            "activities",
            "What students do in each notebook besides reading, with realistic minutes: a notebook's stated time must "
            "cover its reading (the words it shows, at 150 a minute) plus these (tools/minutes.py).",
            (
                _id("activity_id", "'notebook.activity', e.g. '02.score'."),
                Column("notebook", "category", "The notebook's number.", allowed=NOTEBOOK_NUMBERS),
                Column("activity", "text", "What students do, in a few words."),
                Column("minutes", "int", "Realistic minutes for a class of 16-year-olds, reading time not included.", low=1, high=60),
                Column("core", "bool", "Does the core path's lesson do it in class? 'no' for work left to homework or to the full sequence."),
                Column("reason", "text", "Why that many minutes, in one line."),
            ),
        ),
        Table(
            "glossary",
            "Every technical term the sequence uses, defined in one plain sentence; each notebook's 'Words to know' box "
            "shows the terms that first appear in it, and the handouts print them all.",
            (
                _id("term_id", "Short id, e.g. 'swing-weight'."),
                Column("term", "text", "The term as students meet it."),
                Column("definition", "text", "One sentence in plain English.", max_words=40),
                Column("notebook", "category", "The notebook where the term first appears (a test checks it).", allowed=STUDENT_NOTEBOOKS),
                Column(
                    "forms", "text", "Other forms the term takes in the notebooks' text, separated by ';' (e.g. 'realist').",
                    required=False,
                ),
                Column(
                    "source_ids", "refs", "Where a technical term comes from (ids from sources.csv, separated by ';'); "
                    "empty for everyday words.", required=False, table="sources",
                ),
            ),
        ),
        Table(
            "starters",
            "Sentence starters for each kind of written answer, shown in a 'Stuck? Try starting with…' box.",
            (
                _id("starter_id", "'kind-n', e.g. 'claim-1'."),
                Column("kind", "category", "The kind of written answer it helps to start.", allowed=tuple(STARTER_KINDS)),
                Column("starter", "text", "The opening of a sentence, with '…' where the student's own words go."),
            ),
        ),
    )
}


_KINDS = {
    "id": "id (unique)",
    "text": "text",
    "url": "URL",
    "date": "date (YYYY-MM-DD)",
    "int": "whole number",
    "bool": "yes / no",
    "category": "category",
    "ref": "an id in {table}.csv",
    "refs": "ids in {table}.csv, separated by ;",
}


def codebook(table: Table) -> str:
    """The table's section of data/README.md, so the codebook cannot drift from what the loader enforces."""
    rows = [
        f"### `{table.file}`",
        "",
        table.meaning,
        "",
        "| column | type | required | allowed values | meaning |",
        "|---|---|---|---|---|",
    ]
    for c in table.columns:
        allowed = ", ".join(f"`{a}`" for a in c.allowed)
        if c.low is not None:
            allowed = f"{c.low} to {c.high}" if c.high is not None else f"at least {c.low}"
        if c.max_words:
            allowed = f"at most {c.max_words} words"
        if c.quotes:
            allowed += ", word for word from the article"
        kind = _KINDS[c.kind].format(table=c.table)
        rows.append(f"| `{c.name}` | {kind} | {'yes' if c.required else 'no'} | {allowed} | {c.meaning} |")
    return "\n".join(rows)
