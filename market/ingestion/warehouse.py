"""Counting postings where they already live: one SQL query that counts as the importer does.

`warehouse_query(rules, table=..., dialect=...)` is a query over a table with the columns
`title, company, description, salary_usd, seniority` whose result is the market in the export
format (`role,seniority,job_count,avg_salary_usd,skill,share_pct,priority`, in export_market's
row order): its CSV goes straight into `import_market --format aggregate --counted-here` (the
flag says it was counted with this app's rules, so skills asked for in many wordings show "at
least" their share). It is written once, for DuckDB, and transpiled by sqlglot for BigQuery
and Spark SQL. No Django: `CountingRules` carries the taxonomy as plain data.

The query applies the importer's rules (postings.py, matching.py, tally.py), step by step:
- Reading: a missing cell is empty; a title loses surrounding white space; a row with neither
  title nor description is skipped; exact duplicates (same title, company and description)
  count once. A table has no file order, so of copies that differ in seniority or salary the
  query keeps one that states a seniority if any does, and of those the one with the lowest
  salary (the importer keeps the first in the file).
- Role: the first role, in the rules' order, one of whose title patterns is in the lower-cased
  title as whole words (title_phrase_regex); no role: the posting counts only in "All".
- Seniority: the `seniority` column read as the importer reads a seniority column (entry, mid,
  senior, staff, LinkedIn's levels, blanks), else the title's words (TITLE_SENIORITY_RULES).
  A value the importer would reject stops the query with an error that names it.
- Salary: `salary_usd` (US dollars a year) inside the importer's band, rounded to a whole
  dollar; a group's average rounded half to even (Python's round); unknown ones left out.
- Skills: an alias is found where the matcher finds it (see `alias_regex`); a skill counts once
  per posting. A share is a percentage with one decimal, halves rounded up; its tier is the
  highest threshold it reaches.
- Rows: every (role, seniority) with postings, each role over all levels ("all"), and all
  postings ("All") per level and over all levels; a skill nobody mentions has no row.

Regular expressions use only what RE2 (DuckDB, BigQuery) and Java (Spark) both read: no
look-around, so a boundary is a character class or the text's edge, `(^|[...])`, and code
points are written `\\x{...}`. A glued edge (matching.CAMEL_BEFORE, CAMEL_AFTER) is consumed
too: the small letter before a phrase spelt with a capital first, the capital and small letter
after it (`_glued_bounded`); blanking out an exclusion phrase puts those letters back (groups
in the replacement: `\\1`, which Spark's Java writes `$1`). Every class is read off the
importer's own patterns (`_code_point_ranges`), so the two definitions cannot drift apart; the
tests hold the query's result equal to the importer's on generated postings.

The matcher's rules are the query's: an alias's letters match in any case, outside ASCII too
(each letter a class of its case forms, `matching.case_forms`); a case-sensitive alias keeps
its capitals (its small letters match either case); a one-letter alias is a capital (the
matcher's normalised rules say so); a skill's exclusion phrases are blanked out of the text
before its aliases are looked for, by the same regular expression and the same two passes as
`matching.exclusions_cut` (`skill_found_sql`, the one place a mention is spelt in SQL).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from market.ingestion.matching import (
    ALIAS_GAP,
    CUT,
    EXCLUSION_PASSES,
    PROXIMITY_GAP_CHAR,
    PROXIMITY_WORDS,
    TOKEN_CHAR,
    AliasRule,
    SkillMatcher,
    alias_groups,
    alias_head,
    case_forms,
    glued_start,
)
from market.ingestion.postings import (
    COLUMN_SENIORITY,
    COLUMN_SENIORITY_BLANK,
    MID_OR_SENIOR,
    SALARY_MAX_USD,
    SALARY_MIN_USD,
    TITLE_SENIORITY_RULES,
    TITLE_SEPARATORS,
    title_phrase_regex,
)
from market.vocabulary import (
    ALL_LEVELS,
    ALL_ROLES,
    MID,
    NOT_REQUIRED,
    SENIOR,
    SENIORITY_LEVELS,
    STAFF,
    TIERS,
)

DUCKDB, BIGQUERY, SPARK = "duckdb", "bigquery", "spark"
DIALECTS = (DUCKDB, BIGQUERY, SPARK)
DEFAULT_TABLE = "postings"
# The table the query reads: salary_usd is a yearly number (or NULL), seniority one of
# SENIORITY_LEVELS, any value a postings file may hold, or NULL (the title decides).
TABLE_COLUMNS = ("title", "company", "description", "salary_usd", "seniority")


# ---- The rules, as plain data ------------------------------------------------------------


@dataclass(frozen=True)
class SkillRule:
    """A skill as the query counts it: its name, its aliases (matching.AliasRule, as the
    matcher keeps them: words separated by single spaces, lower case unless case-sensitive)
    and its exclusion phrases (lower case)."""

    name: str
    aliases: tuple[AliasRule, ...]
    display_order: int = 100
    exclusions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleRule:
    name: str
    patterns: tuple[str, ...]  # title phrases


@dataclass(frozen=True)
class CountingRules:
    """What a count needs of the taxonomy: skills, roles in the order they are tried, and the
    tier thresholds (minimum share, in percent, per tier)."""

    skills: tuple[SkillRule, ...]
    roles: tuple[RoleRule, ...]
    tier_thresholds: Mapping[str, float]

    @classmethod
    def of(
        cls,
        *,
        matcher: SkillMatcher,
        skill_names: Mapping[str, str],
        skill_orders: Mapping[str, int],
        role_rules: Sequence[tuple[str, Sequence[str]]],
        tier_thresholds: Mapping[str, float],
    ) -> CountingRules:
        """The rules the importer counts with: its SkillMatcher (where an alias two skills
        claim already belongs to one), skill names and display orders by slug, and its role
        rules, (name, title patterns) in the order roles are tried."""
        skills = tuple(
            SkillRule(
                skill_names[rules.slug],
                rules.aliases,
                skill_orders.get(rules.slug, 100),
                rules.exclusions,
            )
            for rules in matcher.rules  # normalised: each alias once, one-letter ones capitals
        )
        roles = tuple(
            RoleRule(name, tuple(p for p in patterns if p.strip()))
            for name, patterns in role_rules
            if any(p.strip() for p in patterns)
        )
        return cls(skills=skills, roles=roles, tier_thresholds=dict(tier_thresholds))


# ---- Character classes and regular expressions that RE2 and Java read alike --------------

_LAST_CODE_POINT = 0x10FFFF
_SURROGATES = (0xD800, 0xDFFF)  # no text holds them; RE2 refuses them in a class
_REGEX_SPECIAL = frozenset(r"\.^$|?*+()[]{}")
Ranges = tuple[tuple[int, int], ...]


@functools.cache
def _every_character() -> str:
    return "".join(
        chr(c) for c in range(_LAST_CODE_POINT + 1) if not _SURROGATES[0] <= c <= _SURROGATES[1]
    )


@functools.cache
def _code_point_ranges(one_character: str) -> Ranges:
    """The code points, as inclusive ranges, that `one_character` (a Python regular
    expression for one character, such as a class) matches."""
    ranges = []
    for run in re.finditer(f"(?:{one_character})+", _every_character()):
        first, last = ord(run.group()[0]), ord(run.group()[-1])
        if first < _SURROGATES[0] <= last:  # a run across the surrogates is two ranges
            ranges += [(first, _SURROGATES[0] - 1), (_SURROGATES[1] + 1, last)]
        else:
            ranges.append((first, last))
    return tuple(ranges)


def _complement(ranges: Ranges) -> Ranges:
    """Every code point (surrogates aside) outside `ranges`."""
    out, start = [], 0
    for first, last in sorted([*ranges, _SURROGATES]):
        if first > start:
            out.append((start, first - 1))
        start = max(start, last + 1)
    if start <= _LAST_CODE_POINT:
        out.append((start, _LAST_CODE_POINT))
    return tuple(out)


def _code_point(c: int) -> str:
    return chr(c) if chr(c).isascii() and chr(c).isalnum() else f"\\x{{{c:x}}}"


def _class(ranges: Ranges) -> str:
    parts = (_code_point(a) if a == b else f"{_code_point(a)}-{_code_point(b)}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


def _literal(text: str) -> str:
    """`text` matched as it is (case and all)."""
    out = []
    for char in text:
        if char in _REGEX_SPECIAL:
            out.append("\\" + char)
        elif char.isascii() and char.isprintable():
            out.append(char)
        else:
            out.append(_code_point(ord(char)))
    return "".join(out)


def _title_word_char() -> str:
    """The class of characters that continue a word in a title, read off the importer's
    title_phrase_regex (a lookbehind and a lookahead around the phrase)."""
    edges = re.fullmatch(r"\(\?<!(.+)\)x\(\?!(.+)\)", title_phrase_regex("x"))
    if edges is None or edges.group(1) != edges.group(2):
        raise RuntimeError("title_phrase_regex no longer has the shape the warehouse query reads")
    return edges.group(1)


@functools.cache
def _classes() -> dict[str, str]:
    """The character classes of the importer's rules, as RE2/Java classes."""
    white = _code_point_ranges(r"\s")  # Python's \s: str.strip() and the seniority column
    return {
        "alias_edge": _class(_complement(_code_point_ranges(TOKEN_CHAR))),
        "alias_gap": _class(_code_point_ranges(ALIAS_GAP.removesuffix("+"))),
        "proximity_gap": _class(_code_point_ranges(PROXIMITY_GAP_CHAR)),
        "token": _class(_code_point_ranges(TOKEN_CHAR)),
        "title_edge": _class(_complement(_code_point_ranges(_title_word_char()))),
        "title_gap": _class(_code_point_ranges(TITLE_SEPARATORS.removesuffix("+"))),
        "white": _class(white),
        "not_white": _class(_complement(white)),
    }


def _bounded(body: str, edge: str) -> str:
    """`body` with a character of the class `edge`, or the text's start or end, on either
    side: a boundary without look-around (the match may take the edge character with it)."""
    return f"(^|{edge})({body})({edge}|$)"


def alias_regex(alias: AliasRule) -> str:
    """An alias as the matcher finds it, edges aside: its words in a row, with runs of white
    space or hyphens between them (ALIAS_GAP), letters in either case (case_forms, outside ASCII
    too); a case-sensitive alias's capitals as they are; a proximity alias's groups with up to
    PROXIMITY_WORDS tokens between them, separated by runs of PROXIMITY_GAP_CHAR
    (matching.PROXIMITY_BETWEEN)."""
    return _groups_regex(
        alias_groups(alias.phrase, case_sensitive=alias.case_sensitive), alias.case_sensitive
    )


def _groups_regex(groups: list[list[str]], case_sensitive: bool) -> str:
    classes = _classes()
    gap, between = classes["alias_gap"] + "+", classes["proximity_gap"] + "+"
    between = f"(?:{between}{classes['token']}+){{0,{PROXIMITY_WORDS}}}?{between}"
    return between.join(
        gap.join(_alias_literal(word, case_sensitive) for word in words) for words in groups
    )


def _capital_first_regex(alias: AliasRule) -> str | None:
    """alias_regex of an alias whose first character is an ASCII capital in the text (a mention
    that starts at a glued edge, matching.CAMEL_BEFORE), or None where no mention may start
    there (matching.glued_start)."""
    if not glued_start(alias.phrase):
        return None
    first, groups = alias_head(alias.phrase, case_sensitive=alias.case_sensitive)
    return _literal(first.upper()) + _groups_regex(groups, alias.case_sensitive)


def _glued_bounded(phrases: Sequence[AliasRule]) -> tuple[str, bool]:
    """The phrases as a regular expression with their edges, consumed (no look-around): the
    text's start or a character that is not part of a token before, or a small letter before a
    phrase that starts with a capital (matching.CAMEL_BEFORE); after, a character that is not
    part of a token, the text's end, or a capital and a small letter (CAMEL_AFTER). The glued
    edges' letters are groups (the small letter \\1, if there is such an alternative, then
    the capital and small letter), which exclusions put back; and whether the expression has
    the small letter's group."""
    edge = _classes()["alias_edge"]
    body = "|".join(alias_regex(p) for p in phrases)
    capital = "|".join(r for p in phrases if (r := _capital_first_regex(p)) is not None)
    glued = f"|([a-z])(?:{capital})" if capital else ""
    return f"(?:(?:^|{edge})(?:{body}){glued})(?:{edge}|$|([A-Z][a-z]))", bool(capital)


def _alias_literal(word: str, case_sensitive: bool) -> str:
    """A word of an alias: each character as the class of the characters it matches
    (matching.case_forms: any case, a letter's small and capital forms, ASCII or not;
    case-sensitive, a small letter either case and a capital as it is)."""
    return "".join(_either(case_forms(c, case_sensitive=case_sensitive)) for c in word)


def _either(forms: str) -> str:
    literals = [_literal(f) for f in forms]
    return literals[0] if len(literals) == 1 else "[" + "".join(literals) + "]"


def _title_regex(phrases: Sequence[str]) -> str:
    """Title phrases as title_phrase_regex finds them in a lower-cased title: whole words,
    any run of white space and title separators (TITLE_SEPARATORS) between words."""
    gap = _classes()["title_gap"] + "+"
    alternatives = (
        gap.join(_literal(w) for w in re.split(TITLE_SEPARATORS, p.lower()) if w) for p in phrases
    )
    return _bounded("|".join(alternatives), _classes()["title_edge"])


# ---- SQL pieces (DuckDB's dialect) --------------------------------------------------------


def _string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _strings(values) -> str:
    return ", ".join(_string(v) for v in sorted(values))


def skill_found_sql(skill: SkillRule, *, text: str = "description") -> str:
    """A SQL condition: whether the column `text` mentions `skill` (any of its aliases, as a
    whole token sequence, see market.ingestion.matching), once its exclusion phrases are
    blanked out: each match, edges included, becomes two CUTs, EXCLUSION_PASSES times. The
    matcher keeps the length (a match is at least two characters wherever another can touch
    it); two are what matters: phrases one edge apart, which a pass takes every other of
    (each takes its edges along), leave the next pass an edge on either side of the rest."""
    if skill.exclusions:
        pattern, before = _glued_bounded([AliasRule(p) for p in skill.exclusions])
        kept = ("\\1", "\\2") if before else ("", "\\1")  # a glued edge's letters stay
        for _ in range(EXCLUSION_PASSES):
            text = (
                f"REGEXP_REPLACE({text}, {_string(pattern)}, "
                f"{_string(kept[0] + CUT * 2 + kept[1])}, 'g')"
            )
    return f"REGEXP_MATCHES({text}, {_string(_glued_bounded(skill.aliases)[0])})"


def _white_stripped(sql: str) -> str:
    white = _classes()["white"]
    return f"REGEXP_REPLACE({sql}, {_string(f'^{white}+|{white}+$')}, '', 'g')"


def _round_half_even(sql: str) -> str:
    """Python's round() of a number: to the nearest whole, halves to the even neighbour."""
    floor = f"CAST(FLOOR({sql}) AS BIGINT)"
    return (
        f"{floor} + CASE WHEN {sql} - {floor} > 0.5 THEN 1 "
        f"WHEN {sql} - {floor} = 0.5 AND {floor} % 2 = 1 THEN 1 ELSE 0 END"
    )


def _role_sql(roles: Sequence[RoleRule]) -> str:
    if not roles:
        return "CAST(NULL AS VARCHAR)"
    whens = " ".join(
        f"WHEN REGEXP_MATCHES(LOWER(title), {_string(_title_regex(role.patterns))}) "
        f"THEN {_string(role.name)}"
        for role in roles
    )
    return f"CASE {whens} END"


def _title_level_sql() -> str:
    whens = " ".join(
        f"WHEN REGEXP_MATCHES(LOWER(title), {_string(_title_regex(words))}) THEN {_string(level)}"
        for level, words in TITLE_SENIORITY_RULES
    )
    return f"CASE {whens} ELSE {_string(MID)} END"


def _level_sql() -> str:
    """The posting's level from `level_value` (the column, normalised as seniority_decide
    does) and `title_level`."""
    values_by_level: dict[str, list[str]] = {}
    for value, level in COLUMN_SENIORITY.items():
        values_by_level.setdefault(level, []).append(value)
    whens = [f"WHEN level_value IN ({_strings(COLUMN_SENIORITY_BLANK)}) THEN title_level"]
    for level, values in values_by_level.items():
        then = _string(level)
        if level == MID_OR_SENIOR:
            then = (
                f"CASE WHEN title_level IN ({_strings([SENIOR, STAFF])}) "
                f"THEN {_string(SENIOR)} ELSE {_string(MID)} END"
            )
        whens.append(f"WHEN level_value IN ({_strings(values)}) THEN {then}")
    message = (
        "'unknown seniority ''' || seniority || ''' (title ''' || title || '''): use "
        f"{', '.join(SENIORITY_LEVELS)}, or NULL to let the title decide'"
    )
    return "CASE " + " ".join(whens) + f" ELSE ERROR({message}) END"


def _tier_sql(thresholds: Mapping[str, float]) -> str:
    """The tier of a share given in `tenths` of a percent (tier_for)."""
    whens = []
    for tier in TIERS:
        if tier in thresholds:
            # share >= minimum  <=>  tenths >= minimum x 10, rounded up to a whole number
            least = (Decimal(str(thresholds[tier])) * 10).to_integral_value(ROUND_CEILING)
            whens.append(f"WHEN tenths >= {least} THEN {_string(tier)}")
    return "CASE " + " ".join(whens) + f" ELSE {_string(NOT_REQUIRED)} END"


def _rank_sql(column: str, names: Sequence[str]) -> str:
    return (
        f"CASE {column} "
        + " ".join(f"WHEN {_string(n)} THEN {i}" for i, n in enumerate(names))
        + " END"
    )


def _query(rules: CountingRules, *, table: str) -> str:
    """The query in DuckDB's SQL over `table` (a name as DuckDB writes it)."""
    # Skill numbers follow the export's order for equal shares: display order, then name.
    skills = sorted(rules.skills, key=lambda s: (s.display_order, s.name.lower()))
    numbers = range(1, len(skills) + 1)
    found = "".join(
        f", CASE WHEN {skill_found_sql(skill)} THEN 1 ELSE 0 END AS skill_{i}"
        for i, skill in zip(numbers, skills, strict=True)
    )
    mentions = "".join(f", SUM(skill_{i}) AS skill_{i}" for i in numbers)
    level_value = _white_stripped(
        f"REGEXP_REPLACE(LOWER(COALESCE(seniority, '')), {_string(_classes()['white'] + '+')}, "
        "' ', 'g')"
    )
    group_rows = f"""
        SELECT role, level, job_count,
          CASE WHEN salaries > 0 THEN {_round_half_even("salary_sum / salaries")} END
            AS avg_salary_usd,
          CAST(NULL AS VARCHAR) AS skill, CAST(NULL AS VARCHAR) AS share_pct,
          CAST(NULL AS VARCHAR) AS priority, 0 AS skill_row, 0 AS tenths, 0 AS skill_number
        FROM market_groups"""
    skill_ctes = skill_rows = ""
    if skills:
        names = " UNION ALL ".join(
            f"SELECT {i} AS skill_number, {_string(skill.name)} AS skill"
            for i, skill in zip(numbers, skills, strict=True)
        )
        pick = " ".join(f"WHEN {i} THEN g.skill_{i}" for i in numbers)
        skill_ctes = f""",
        skill_names AS ({names}),
        demands AS (
          SELECT role, level, skill, skill_number,
            (mentions * 2000 + job_count) // (2 * job_count) AS tenths  -- one decimal, half up
          FROM (
            SELECT g.role, g.level, g.job_count, s.skill, s.skill_number,
              CASE s.skill_number {pick} END AS mentions
            FROM market_groups AS g CROSS JOIN skill_names AS s
          ) AS pairs
          WHERE mentions > 0
        )"""
        skill_rows = f"""
        UNION ALL
        SELECT role, level, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), skill,
          CAST(tenths // 10 AS VARCHAR) || '.' || CAST(tenths % 10 AS VARCHAR),
          {_tier_sql(rules.tier_thresholds)}, 1, tenths, skill_number
        FROM demands"""
    role_order = [ALL_ROLES, *(role.name for role in rules.roles)]
    level_order = [ALL_LEVELS, *SENIORITY_LEVELS]
    return f"""
    WITH rows_read AS (
      SELECT {_white_stripped("COALESCE(title, '')")} AS title,
        COALESCE(company, '') AS company, COALESCE(description, '') AS description,
        salary_usd, seniority
      FROM {table}
    ),
    kept AS (
      SELECT *, ROW_NUMBER() OVER (
          PARTITION BY title, company, description
          ORDER BY seniority IS NULL, salary_usd NULLS LAST, seniority
        ) AS copy_number
      FROM rows_read
      WHERE title <> '' OR REGEXP_MATCHES(description, {_string(_classes()["not_white"])})
    ),
    classified AS (
      SELECT title, seniority, description,
        {_role_sql(rules.roles)} AS role,
        {_title_level_sql()} AS title_level,
        {level_value} AS level_value,
        CASE WHEN salary_usd >= {SALARY_MIN_USD} AND salary_usd <= {SALARY_MAX_USD}
          THEN {_round_half_even("salary_usd")} END AS salary
      FROM kept
      WHERE copy_number = 1
    ),
    counted AS (
      SELECT role AS posting_role, {_level_sql()} AS posting_level, salary{found}
      FROM classified
    ),
    grouped AS (
      SELECT
        CASE WHEN GROUPING(posting_role) = 1 THEN {_string(ALL_ROLES)} ELSE posting_role END
          AS role,
        CASE WHEN GROUPING(posting_level) = 1 THEN {_string(ALL_LEVELS)} ELSE posting_level END
          AS level,
        COUNT(*) AS job_count, SUM(salary) AS salary_sum, COUNT(salary) AS salaries{mentions}
      FROM counted
      GROUP BY GROUPING SETS ((posting_role, posting_level), (posting_role), (posting_level), ())
    ),
    market_groups AS (
      SELECT * FROM grouped
      WHERE role IS NOT NULL AND job_count > 0  -- no role: counted only in "All"
    ){skill_ctes}
    SELECT role, level AS seniority, job_count, avg_salary_usd, skill, share_pct, priority
    FROM ({group_rows}{skill_rows}
    ) AS export_rows
    ORDER BY {_rank_sql("role", role_order)}, {_rank_sql("level", level_order)}, skill_row,
      tenths DESC, skill_number
    """


_TABLE_PLACEHOLDER = "skillgap_postings_placeholder"


def warehouse_query(
    rules: CountingRules, *, table: str = DEFAULT_TABLE, dialect: str = DUCKDB
) -> str:
    """The market query over `table` (named as `dialect` names tables, such as
    `project.dataset.postings` on BigQuery), in `dialect`'s SQL. Raises ValueError for an
    unknown dialect or a name that is not a table's."""
    import sqlglot  # only this needs it: the import pipeline never loads it
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; use one of {', '.join(DIALECTS)}")
    try:
        source = exp.to_table(table.strip(), dialect=dialect)  # each part quoted as needed
    except SqlglotError as exc:  # ParseError, or TokenError for an unclosed quote
        raise ValueError(f"{table!r} is not a table name") from exc
    # A comment ("postings -- x") would be carried into the query and the name read as another.
    if not source.name or any(node.comments for node in source.walk()):
        raise ValueError(f"{table!r} is not a table name")
    tree = sqlglot.parse_one(_query(rules, table=_TABLE_PLACEHOLDER), read=DUCKDB)
    for node in list(tree.find_all(exp.Table)):
        if node.name == _TABLE_PLACEHOLDER:
            node.replace(source.copy())
    if dialect != DUCKDB:
        for node in tree.find_all(exp.RegexpReplace):
            node.set("modifiers", None)  # DuckDB's 'g' (every match) is what they always do
    if dialect == SPARK:
        for node in tree.find_all(exp.RegexpReplace):  # Java writes a group $1, not \1
            written = node.args["replacement"].this
            node.set("replacement", exp.Literal.string(re.sub(r"\\(\d)", r"$\1", written)))
        for node in list(tree.find_all(exp.Anonymous)):
            if node.name.upper() == "ERROR":  # Spark spells it raise_error
                node.replace(exp.Anonymous(this="RAISE_ERROR", expressions=node.expressions))
    header = (
        f"-- Skillgap's market query ({dialect}): counts a table of postings (columns "
        f"{', '.join(TABLE_COLUMNS)})\n-- as import_market counts a postings file. Save the "
        "result as CSV and load it with\n-- manage.py import_market FILE --format aggregate "
        "--counted-here\n"
    )
    return header + tree.sql(dialect=dialect, pretty=True) + "\n"
