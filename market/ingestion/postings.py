"""The rules of one job posting: its salary, seniority and role, and where a file keeps them.

Pure functions, no Django: the import (`market/ingestion/importing.py`) applies them to the
cells of each row, and the warehouse query generator spells the same rules in SQL. Every
rule is data next to the function that applies it.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field

from market.vocabulary import ENTRY, MID, SENIOR, STAFF

# ---- Salary --------------------------------------------------------------------------------

HOURS_PER_YEAR = 2080  # 40 hours x 52 weeks
# Multiplier to a year for each pay period a posting may name.
PERIOD_PER_YEAR = {"hour": HOURS_PER_YEAR, "day": 260, "week": 52, "month": 12, "year": 1}
_PERIOD_WORDS = {
    "hour": "hour",
    "hourly": "hour",
    "hr": "hour",
    "day": "day",
    "daily": "day",
    "week": "week",
    "weekly": "week",
    "month": "month",
    "monthly": "month",
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "yr": "year",
    "annum": "year",
}
# A number as postings write it: digits with thousands commas ("150,000") or without, and
# decimals ("45.50"), then an optional K (thousands) or M (millions) and no further letter.
_AMOUNT = re.compile(
    r"(?<![0-9A-Za-z])([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"\s*([km])?(?![a-z0-9]|,[0-9])",
    re.IGNORECASE,
)
# A maximal run of digits, commas and dots: every such run must be one _AMOUNT.
_NUMBER_RUN = re.compile(r"[0-9][0-9,.]*")
# A whole cell in scientific notation ("1e5", from a spreadsheet): read as a number.
_SCIENTIFIC = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+")
_PERIOD = re.compile(r"\b(" + "|".join(_PERIOD_WORDS) + r")\b", re.IGNORECASE)
# Money that is not US dollars: a currency sign other than "$", a dollar of another country
# ("C$", "A$", "HK$"), or a currency's code or word. Such salaries are left out of the
# averages (counted as unparseable), never converted at a guessed rate.
_OTHER_DOLLAR = re.compile(r"(?<![A-Za-z])(?!US\$)[A-Za-z]{1,3}\$")
_OTHER_CURRENCY = re.compile(
    r"\b(?:EUR|GBP|INR|CAD|AUD|NZD|JPY|CNY|RMB|CHF|SEK|NOK|DKK|PLN|CZK|HUF|RON|SGD|HKD|ZAR|"
    r"BRL|MXN|ARS|CLP|COP|KRW|RUB|TRY|AED|SAR|QAR|ILS|PHP|IDR|MYR|THB|VND|PKR|BDT|LKR|NGN|"
    r"EGP|KES|UAH|TWD|euros?|pounds?|sterling|rupees?|rs|lakhs?|lacs?|crores?|yen|yuan|francs?)"
    r"\b",
    re.IGNORECASE,
)
_RETIREMENT_PLAN = re.compile(r"(?<!\$)\b401\s*\(?k\)?(?![a-z])", re.IGNORECASE)  # "$401K" is pay
# Amounts this small with no "K" and no period are hourly rates (Glassdoor's "$11-$16").
HOURLY_BELOW = 500
# Cells that mean "no salary given" (counted as missing, not as unparseable).
SALARY_MISSING = {"", "-1", "-1.0", "0", "none", "null", "nan", "n/a", "na", "unknown"}
# Annual salaries outside this band are typos or not salaries at all.
SALARY_MIN_USD, SALARY_MAX_USD = 5_000, 5_000_000


def _other_currency(text: str) -> bool:
    """Whether `text` names money other than US dollars (see _OTHER_CURRENCY)."""
    if any(unicodedata.category(ch) == "Sc" and ch != "$" for ch in text):
        return True
    return bool(_OTHER_DOLLAR.search(text) or _OTHER_CURRENCY.search(text))


def salary_parse(value) -> int | None:
    """US dollars per year from a salary cell, or None when missing or not readable with
    certainty.

    A range takes its midpoint; `K` means thousands (`M` millions); an amount per hour is
    x 2080, per day x 260, per week x 52, per month x 12. With no period named, amounts
    below 500 without `K` are hourly. `-1`, empty and text without an amount give None, and
    so do: another currency (`€60,000`, `INR 12,00,000`, `C$90K`), numbers written other
    than with thousands commas (`12,00,000`) or glued to letters, and yearly amounts outside
    SALARY_MIN_USD..SALARY_MAX_USD. A whole cell in scientific notation (`1e5`) is a number.
    Examples: `$53K-$91K (Glassdoor est.)` -> 72000, `$17-$24 Per Hour(Glassdoor est.)`
    -> 42640, `$150,000 - $200,000 a year` -> 175000, `$60 - $70 an hour` -> 135200.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value != value or value <= 0:  # NaN or the "-1" convention
            return None
        return _in_band(float(value))
    text = str(value).strip()
    if not text or text.startswith("-"):
        return None
    if _SCIENTIFIC.fullmatch(text):
        return salary_parse(float(text))
    if _other_currency(text):
        return None
    text = _RETIREMENT_PLAN.sub(" ", text)  # "$100K + 401k" is not a range up to $401K
    runs = _NUMBER_RUN.findall(text)[:2]
    amounts = []
    for match in _AMOUNT.finditer(text):
        number = float(match.group(1).replace(",", ""))
        unit = (match.group(2) or "").lower()
        amounts.append((number, unit))
        if len(amounts) == 2:
            break
    if not amounts:
        return None
    # Each of the first two numbers must read as an amount ("12,00,000" and "1.2.3" do not).
    used = [m.group(1) for m in _AMOUNT.finditer(text)][: len(runs)]
    if [r.rstrip(",.") for r in runs] != used:
        return None
    # "$50-60K": a bare low end shares the high end's unit.
    if len(amounts) == 2 and amounts[1][1] and not amounts[0][1]:
        amounts[0] = (amounts[0][0], amounts[1][1])
    scale = {"": 1, "k": 1_000, "m": 1_000_000}
    dollars = [number * scale[unit] for number, unit in amounts]
    midpoint = sum(dollars) / len(dollars)
    period_match = _PERIOD.search(text)
    if period_match:
        period = _PERIOD_WORDS[period_match.group(1).lower()]
    elif all(not unit for _, unit in amounts) and midpoint < HOURLY_BELOW:
        period = "hour"
    else:
        period = "year"
    return _in_band(midpoint * PERIOD_PER_YEAR[period])


def _in_band(yearly: float) -> int | None:
    if not SALARY_MIN_USD <= yearly <= SALARY_MAX_USD:
        return None
    return round(yearly)


# How a salary cell reads: a yearly amount in US dollars, no salary, or not readable.
KNOWN, MISSING, UNPARSEABLE = 0, 1, 2


def salary_status(value) -> tuple[int, int | None]:
    """(KNOWN, usd), (MISSING, None) for an empty/-1/"None" cell, or (UNPARSEABLE, None)."""
    text = "" if value is None or value != value else str(value).strip()
    if text.lower() in SALARY_MISSING:
        return MISSING, None
    usd = salary_parse(text)
    return (KNOWN, usd) if usd is not None else (UNPARSEABLE, None)


# ---- Seniority -----------------------------------------------------------------------------

# Title words for each level, strongest first: "Senior Staff Engineer" is staff,
# "Senior Associate" senior. A title with none of them is mid.
TITLE_SENIORITY_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (STAFF, ("staff", "principal", "lead", "head", "director", "distinguished")),
    (SENIOR, ("senior", "sr", "snr")),
    (ENTRY, ("intern", "internship", "junior", "jr", "entry", "associate", "graduate", "grad")),
)

# Values of an explicit seniority column (lower-cased). LinkedIn's `experienceLevel`:
# Internship / Entry level / Associate -> entry; Director / Executive -> staff;
# "Mid-Senior level" spans two levels, so the title decides between mid and senior.
MID_OR_SENIOR = "mid-or-senior"
COLUMN_SENIORITY = {
    "entry": ENTRY,
    "entry level": ENTRY,
    "entry-level": ENTRY,
    "internship": ENTRY,
    "intern": ENTRY,
    "junior": ENTRY,
    "associate": ENTRY,
    "graduate": ENTRY,
    "mid": MID,
    "mid level": MID,
    "mid-level": MID,
    "intermediate": MID,
    "senior": SENIOR,
    "sr": SENIOR,
    "staff": STAFF,
    "principal": STAFF,
    "lead": STAFF,
    "director": STAFF,
    "executive": STAFF,
    "mid-senior level": MID_OR_SENIOR,
    "mid-senior": MID_OR_SENIOR,
}
# Column values that say nothing: the title decides.
COLUMN_SENIORITY_BLANK = {"", "not applicable", "n/a", "na", "none", "unknown", "nan", "-"}

_TITLE_SENIORITY = [
    (level, re.compile(r"(?<![a-z0-9])(?:" + "|".join(words) + r")(?![a-z0-9])"))
    for level, words in TITLE_SENIORITY_RULES
]


class UnknownSeniority(ValueError):
    """An explicit seniority value that is none of COLUMN_SENIORITY's (args: value, and the
    file row when known)."""


def seniority_from_title(title: str) -> str:
    """entry, mid, senior or staff from the words of a job title (TITLE_SENIORITY_RULES):
    staff/principal/lead/head/director -> staff, else senior/sr -> senior, else
    intern/junior/entry/associate/graduate -> entry, else mid."""
    lowered = (title or "").lower()
    for level, pattern in _TITLE_SENIORITY:
        if pattern.search(lowered):
            return level
    return MID


def seniority_decide(*, title: str, value: str | None = None) -> str:
    """The posting's level: the explicit column `value` when it names one, else the title.

    "Mid-Senior level" gives senior when the title says senior (or higher), else mid.
    Raises UnknownSeniority for a value that is neither known nor blank.
    """
    key = re.sub(r"\s+", " ", str(value or "").strip().lower())
    if key in COLUMN_SENIORITY_BLANK:
        return seniority_from_title(title)
    if key not in COLUMN_SENIORITY:
        raise UnknownSeniority(value)
    level = COLUMN_SENIORITY[key]
    if level == MID_OR_SENIOR:
        return SENIOR if seniority_from_title(title) in (SENIOR, STAFF) else MID
    return level


# ---- Role ----------------------------------------------------------------------------------

RoleRules = Sequence[tuple[str, Sequence[str]]]
TITLE_SEPARATORS = r"[\s\-\u2013\u2014,:/|]+"


def title_phrase_regex(phrase: str) -> str:
    """A role's title pattern as a regular expression over the lower-cased title: whole
    words (no letter or digit on either side); between words, any run of white space and
    the separators titles use ("Software Engineer, ML" = "Software Engineer - ML")."""
    words = [re.escape(w) for w in re.split(TITLE_SEPARATORS, phrase.strip().lower()) if w]
    return r"(?<![a-z0-9])" + TITLE_SEPARATORS.join(words) + r"(?![a-z0-9])"


class RoleClassifier:
    """Role of a posting from its title: the first role (in the rules' order) one of whose
    patterns appears in the title as whole words, case-insensitively; None if none does.

    Rules are data, `[(role name, [pattern, ...]), ...]`, from the admin-editable roles.
    Titles repeat a lot, so answers are cached (bounded).
    """

    CACHE_SIZE = 50_000

    def __init__(self, rules: RoleRules):
        self.rules = [
            (name, re.compile("|".join(title_phrase_regex(p) for p in patterns if p.strip())))
            for name, patterns in rules
            if any(p.strip() for p in patterns)
        ]
        self._cache: dict[str, str | None] = {}

    def classify(self, title: str) -> str | None:
        try:
            return self._cache[title]
        except KeyError:
            pass
        lowered = (title or "").lower()
        role = next((name for name, pattern in self.rules if pattern.search(lowered)), None)
        if len(self._cache) >= self.CACHE_SIZE:
            self._cache.clear()
        self._cache[title] = role
        return role


# ---- Columns -------------------------------------------------------------------------------

TITLE, DESCRIPTION, SALARY = "title", "description", "salary"
SENIORITY, COMPANY, LOCATION, POSTED = "seniority", "company", "location", "posted"
REQUIRED_FIELDS = (TITLE, DESCRIPTION)

# Header names each field is found under, compared without case, spaces or punctuation.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    TITLE: ("title", "Job Title", "Name", "position", "job_title", "job name", "role"),
    DESCRIPTION: ("description", "Job Description", "Description", "job_description", "text"),
    SALARY: ("salary", "Salary Estimate", "Salary", "salary range", "pay", "compensation"),
    SENIORITY: (
        "seniority",
        "experienceLevel",
        "Experience level",
        "seniority level",
        "job level",
        "level",
    ),
    COMPANY: ("company", "Company Name", "companyName", "employer", "organization"),
    LOCATION: ("location", "job location"),
    POSTED: (
        "posting date",
        "publishedAt",
        "date posted",
        "posted",
        "posted at",
        "date",
        "created at",
    ),
}
FIELDS = tuple(COLUMN_NAMES)


@dataclass(frozen=True)
class MappingTerms:
    """How a mapping is spoken of to whoever gave it: `one` names one FIELD=COLUMN as they
    typed it (format with item= and line=, its number among what they typed); `each` says how
    to give one for a field (format with field=), `new` how to give it for one field and
    `several` for more (format with each=, the `each`s joined with "and"). `typed` holds
    {field: (line, item)} for the mappings given (quoting(); the admin's box always has them);
    one not in it is named as parsed."""

    one: str
    each: str
    new: str
    several: str
    typed: Mapping[str, tuple[int, str]] = dataclass_field(default_factory=dict)

    def quoting(self, items: Iterable[str]) -> "MappingTerms":
        """These terms, naming each field's mapping as it was typed in `items` (numbered from
        1, blank ones counted): the last that names the field, as mapping_parse keeps it."""
        typed = {}
        for line, item in enumerate(items, start=1):
            if not mapping_item_problem(item):
                typed[item.partition("=")[0].strip().lower()] = (line, item)
        return replace(self, typed=typed)

    def said(self, field: str, item: str) -> str:
        """The mapping of `field` (`item` as parsed), as it was typed when the terms have it."""
        line, item = self.typed.get(field, (0, item))
        return self.one.format(item=item, line=line)

    def new_for(self, fields: Sequence[str]) -> str:
        """How to give a mapping for each of `fields`, in one phrase."""
        each = _and([self.each.format(field=field) for field in fields])
        return (self.new if len(fields) == 1 else self.several).format(each=each)


MAP_OPTION = MappingTerms(  # import_market's
    one="--map {item!r}", each="--map {field}=COLUMN", new="{each}", several="{each}"
)
COLUMN_NAMES_BOX = MappingTerms(  # the admin upload form's "Column names" lines
    one="line {line} under Column names, “{item}”,",
    each="{field}=COLUMN",
    new="a line {each} under Column names",
    several="lines {each} under Column names",
)


def _and(words: Sequence[str]) -> str:
    """The words joined as a sentence lists them: "a", "a and b", "a, b and c"."""
    return " and ".join(filter(None, [", ".join(words[:-1]), *words[-1:]]))


class ColumnError(ValueError):
    """The file's columns cannot give a required field, or a mapping names a wrong one.
    `words` says it in the terms of whoever gave the mappings (told(terms): the mapping at
    fault quoted as typed where the terms have it, how to give one in their words); str() is
    the command's (MAP_OPTION)."""

    def __init__(self, words: Callable[[MappingTerms], str]):
        self.words = words
        super().__init__(words(MAP_OPTION))

    def told(self, terms: MappingTerms) -> str:
        return self.words(terms)


def _mapping_refused(field: str, item: str, rest: str) -> ColumnError:
    """The mapping of `field` (`item`, its FIELD=COLUMN as parsed) refused: named in the
    asker's terms, then `rest`."""
    return ColumnError(lambda terms: f"{terms.said(field, item)} {rest}")


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def columns_detect(header: Iterable[str], mapping: Mapping[str, str] | None = None) -> dict:
    """{field: column} for the fields this header has, `mapping` ({field: column},
    from --map or the admin's Column names lines) first, then COLUMN_NAMES in order. Raises
    ColumnError naming what is wrong, or every required field that is missing, and listing
    the columns the file has."""
    header = [str(h) for h in header]
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(_header_key(name), name)
    listed = ", ".join(header) or "(none)"
    found: dict[str, str] = {}
    for field, column in (mapping or {}).items():
        item = f"{field}={column}"
        if problem := mapping_field_problem(field):
            raise _mapping_refused(field, item, f"{problem}.")
        if column not in header:
            raise _mapping_refused(
                field,
                item,
                f"asks for a column “{column}”, which the file does not have; it has: {listed}.",
            )
        found[field] = column
    taken = set(found.values())
    for field, names in COLUMN_NAMES.items():
        if field in found:
            continue
        for name in names:
            column = by_key.get(_header_key(name))
            if column is not None and column not in taken:
                found[field] = column
                taken.add(column)
                break
    missing = [field for field in REQUIRED_FIELDS if field not in found]
    if missing:
        mapped_to = {column: field for field, column in (mapping or {}).items()}
        raise _columns_missing(missing, by_key=by_key, mapped_to=mapped_to, listed=listed)
    return found


def _columns_missing(
    missing: Sequence[str], *, by_key: Mapping[str, str], mapped_to: Mapping[str, str], listed
) -> ColumnError:
    """One ColumnError naming every field of `missing`: for each, the names looked for, or
    the column that would be it and the mapping that gives it to another field; then what to
    do about each."""
    claims = {}  # field -> (the column that would be it, the field a mapping gives it to)
    for field in missing:
        keys = map(_header_key, COLUMN_NAMES[field])
        if claimed := [by_key[key] for key in keys if by_key.get(key) in mapped_to]:
            claims[field] = (claimed[0], mapped_to[claimed[0]])
    plain = [field for field in missing if field not in claims]  # no column there at all

    def taken(terms: MappingTerms, field: str) -> str:
        column, other = claims[field]
        given = terms.said(other, f"{other}={column}")
        return f"“{column}” would be it, but {given} gives it to {other}"

    def renamed(terms: MappingTerms, field: str) -> str:
        other, new = claims[field][1], terms.new_for([field])
        return f"map {other} to another column, or name the {field} column with {new}"

    if not plain and len(claims) == 1:  # the one field's column is there, given to another
        (field,) = claims

        def given_away(terms: MappingTerms) -> str:
            return f"there is no {field} column: {taken(terms, field)}; {renamed(terms, field)}."

        return ColumnError(given_away)

    def words(terms: MappingTerms) -> str:
        clauses = [
            f"{field} column ({taken(terms, field)})"
            if field in claims
            else f"{field} column (looked for {', '.join(COLUMN_NAMES[field][:4])})"
            for field in missing
        ]
        advice = [renamed(terms, field) for field in claims]
        if plain:
            if claims:
                them = f"the {_and(plain)} column" + ("s" if len(plain) > 1 else "")
            else:
                them = "them" if len(plain) > 1 else "it"
            advice.insert(0, f"name {them} with {terms.new_for(plain)}")
        todo = "; ".join(advice)
        return (
            f"there is no {' and no '.join(clauses)}; the file has: {listed}. "
            f"{todo[0].upper()}{todo[1:]}."
        )

    return ColumnError(words)


def mapping_item_problem(item: str) -> str:
    """What keeps one `FIELD=COLUMN` from being one ("has no “=”", ...), or "" when it is one:
    the command's --map and the admin's lines each say it in their own terms."""
    field, sep, column = item.partition("=")
    if not sep:
        return "has no “=”"
    if not field.strip():
        return "has no field before its “=”"
    if not column.strip():
        return "has no column name after its “=”"
    return ""


def mapping_field_problem(field: str) -> str:
    """What is wrong with `field` (lower-cased) as a mapping's field, or "" when it is one:
    the command's --map and the admin's lines each say it in their own terms."""
    if field in COLUMN_NAMES:
        return ""
    return f"has an unknown field “{field}”; a field is one of {', '.join(FIELDS)}"


def mapping_parse(items: Iterable[str]) -> dict[str, str]:
    """{field: column} from `FIELD=COLUMN` strings (the command's --map); the field
    lower-cased, both stripped. Raises ColumnError naming the first that is not one, or
    whose field is not one of FIELDS."""
    mapping = {}
    for item in items:
        if problem := mapping_item_problem(item):
            raise _mapping_refused(  # the command's only: the admin's lines are checked before
                "", item, f"{problem}; write it as FIELD=COLUMN (for example --map title=Position)."
            )
        field, _, column = item.partition("=")
        if problem := mapping_field_problem(field.strip().lower()):
            raise _mapping_refused("", item, f"{problem}.")
        mapping[field.strip().lower()] = column.strip()
    return mapping
