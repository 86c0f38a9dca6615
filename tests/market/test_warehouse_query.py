"""The warehouse query (market/ingestion/warehouse.py) counts postings as the importer does.

Run on DuckDB over generated postings and held equal to the importer's own tally; BigQuery
and Spark SQL come from the same query through sqlglot. No database needed.
"""

import duckdb
import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot.errors import ErrorLevel

from market.ingestion.matching import SkillMatcher
from market.ingestion.warehouse import (
    BIGQUERY,
    DUCKDB,
    SPARK,
    AliasRule,
    CountingRules,
    RoleRule,
    SkillRule,
    alias_regex,
    skill_found_sql,
    warehouse_query,
)
from tests.market.matching_support import CASE_RULES, CASE_SENTENCES, TOO_FAR, taxonomies
from tests.market.matching_support import TEXTS as PROXIMITY_TEXTS
from tests.market.warehouse_support import Taxonomy, Warehouse, postings_table, warehouse_rows

TAXONOMY = Taxonomy(
    skills={
        "python": ("Python", []),
        "sql": ("SQL", ["PostgreSQL"]),
        "r": ("R", ["R programming"]),
        "cpp": ("C++", []),
        "csharp": ("C#", []),
        "excel": ("Excel", ["Microsoft Excel"]),
        "scikit-learn": ("Scikit-learn", ["sklearn", "scikit learn"]),
        "machine-learning": ("Machine learning", ["ML"]),
        "ci-cd": ("CI/CD", []),
        "node": ("Node.js", []),
        "aws": ("AWS", ["Amazon Web Services"]),
        "azure": ("Azure", ["Azure Machine Learning"]),
        "wandb": ("Weights & Biases", ["W&B"]),
        "ab-testing": ("A/B testing", []),
        # An alias two skills claim belongs to the first (the matcher's rule).
        "mlops": ("MLOps", ["ML"]),
        "hive": ("Hive", ["Apache Hive"]),
        "snowflake": ("Snowflake", []),
        "model-serving": ("Model serving", ["deploy ... models", "serve ... ML models"]),
    },
    roles=[
        ("LLM/GenAI Engineer", ["LLM", "Generative AI"]),
        ("MLOps Engineer", ["MLOps", "ML Platform"]),
        ("ML Engineer", ["Machine Learning Engineer", "ML Engineer", "Software Engineer, ML"]),
        ("Data Scientist", ["Data Scientist"]),
        ("Data Analyst", ["Data Analyst"]),
        ("Nobody's Role", ["zz no such title"]),  # a role with no postings has no rows
    ],
    case_sensitive={"excel": ["Excel"], "hive": ["Hive"]},
    exclusions={
        "sql": ["NoSQL"],  # a glued edge finds SQL in it otherwise
        "excel": ["opportunity to excel", "excel at"],
        "snowflake": ["snowflake schema", "star and snowflake"],
        "hive": ["hive mind"],
        "model-serving": ["opportunity ... deploy"],
    },
)
QUERY = warehouse_query(TAXONOMY.rules)
WAREHOUSE = Warehouse(QUERY)

TEXT_WORDS = [
    # List items run together: a capital glued to the word before starts a new word.
    "skillsPython",
    "PythonExperience",
    "RStrong",
    "MapR",
    "ExcelExperience",
    "excelExperience",
    "NoSQLDatabase",
    "SQLAdvanced",
    "PythonSQL",
    "AzureML",
    "SnowflakeSchema",
    "Python",
    "python3",
    "R",
    "r",
    "R&D",
    "C++",
    "C#",
    "C",
    "SQL",
    "NoSQL",
    "PostgreSQL",
    "excel",
    "Excel",
    "EXCEL",
    "eXcel",
    "Excellent",
    "opportunity to excel",
    "Opportunity-to-Excel",
    "excel at",
    "opportunity",
    "to",
    "at",
    "Hive",
    "hive",
    "hive mind",
    "Apache",
    "Snowflake",
    "snowflake schema",
    "star and snowflake",
    "schema",
    "Microsoft",
    "scikit",
    "learn",
    "sklearn",
    "ML",
    "MLOps",
    "machine",
    "Learning",
    "CI/CD",
    "CI",
    "A/B",
    "testing",
    "Node.js",
    "node",
    "W&B",
    "Weights",
    "&",
    "Biases",
    "Amazon",
    "Web",
    "Services",
    "AWS",
    "Azure",
    "deploy",
    "Deploy",
    "models",
    "serve",
    "the",
    "•",
    "’s",
    "ü",
    "é",
    "😀",
    "“",
    "K",
]
SEPARATORS = [" ", ", ", "\n", "-", "/", ".", "(", ") ", "\t", "", "’", "  ", " - ", "\u00a0"]
SEPARATORS += ["\u2014", "\u2003", "\u3000", "\x85", "\x1c", "«", "_", "&", "+", "#", "\u1680"]


def _joined(words, separators, size):
    return st.lists(
        st.tuples(st.sampled_from(words), st.sampled_from(separators)), max_size=size
    ).map(lambda parts: "".join(w + s for w, s in parts))


TEXTS = _joined(TEXT_WORDS, SEPARATORS, 10)
TITLE_WORDS = [
    "Senior",
    "Sr.",
    "staff",
    "Lead",
    "Head",
    "Junior",
    "Intern",
    "Associate",
    "associates",
    "Entry-Level",
    "Machine",
    "Learning",
    "Engineer",
    "ML",
    "MLOps",
    "Platform",
    "LLM",
    "LLMs",
    "Generative",
    "AI",
    "Data",
    "Scientist",
    "Analyst",
    "Software",
    "2",
    "Sr",
    "ü",
]
TITLE_SEPARATORS = [" ", ", ", " - ", "\u2013", ": ", "/", "|", "  ", "\u00a0", "(", ")", ""]
TITLES = st.one_of(
    _joined(TITLE_WORDS, TITLE_SEPARATORS, 6),
    _joined(TITLE_WORDS, TITLE_SEPARATORS, 6).map(lambda t: f"  {t}\u3000"),
)
SENIORITY_VALUES = [
    None,
    "",
    "  ",
    "Mid-Senior level",
    "mid-senior  LEVEL",
    "Entry level",
    " DIRECTOR ",
    "Not Applicable",
    "senior",
    "Internship",
    "mid",
    "staff",
    "nan",
    "Executive",
]
SALARIES = [None, "", "-1", "None", "$100K", "95000", "50001", "50002", "$53K-$91K"]
SALARIES += ["$20 - $21 an hour", "7000.5", "unknown", "$4,000 a month", "9999999"]


@st.composite
def postings(draw):
    distinct = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "title": TITLES,
                    "company": st.sampled_from([None, "", "Acme", "Acme ", "Quill & Co"]),
                    "description": st.one_of(TEXTS, st.sampled_from(["", " \n", None])),
                    "salary": st.sampled_from(SALARIES),
                    "seniority": st.sampled_from(SENIORITY_VALUES),
                }
            ),
            max_size=25,
        )
    )
    # Exact copies of whole rows, anywhere: they count once. (Copies of a posting that differ
    # in salary or seniority are another test's: the importer keeps the first in the file.)
    distinct = list(
        {
            ((p["title"] or "").strip(), p["company"] or "", p["description"] or ""): p
            for p in reversed(distinct)
        }.values()
    )
    copies = draw(st.lists(st.integers(0, max(len(distinct) - 1, 0)), max_size=5))
    rows = distinct + [distinct[i] for i in copies if distinct]
    return draw(st.permutations(rows))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(postings())
def test_the_query_counts_generated_postings_as_the_importer_does(rows):
    assert WAREHOUSE.rows(rows) == TAXONOMY.tally_rows(rows)


SKILLS_BY_NAME = sorted(TAXONOMY.rules.skills, key=lambda s: s.name)
TEXTS_DB = duckdb.connect()
TEXTS_DB.execute("SET threads TO 1")
TEXTS_DB.execute("CREATE TABLE texts (n INTEGER, t VARCHAR)")
TEXTS_DB.execute(
    "CREATE VIEW found AS SELECT "
    + ", ".join(skill_found_sql(s, text="t") for s in SKILLS_BY_NAME)
    + " FROM texts ORDER BY n"
)


def _found_by_query(texts: list[str]) -> list[set[str]]:
    TEXTS_DB.execute("DELETE FROM texts")
    TEXTS_DB.executemany("INSERT INTO texts VALUES (?, ?)", list(enumerate(texts)))
    return [
        {s.name for s, found in zip(SKILLS_BY_NAME, row, strict=True) if found}
        for row in TEXTS_DB.sql("SELECT * FROM found").fetchall()
    ]


def _found_by_matcher(text: str) -> set[str]:
    return {TAXONOMY.names[slug] for slug in TAXONOMY.matcher.find(text)}


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=20))
def test_skills_are_found_where_the_matcher_finds_them(texts):
    assert _found_by_query(texts) == [_found_by_matcher(t) for t in texts]


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("Python, R and SQL", {"Python", "R", "SQL"}),
        ("Our R&D team; NoSQL stores; python3", set()),
        ("use r daily; w.r.t. R", {"R"}),  # one-letter aliases: capitals only
        ("Excel, EXCEL; excel; eXcel", {"Excel"}),  # case-sensitive: its capitals
        ("a hive of bees, Apache hive", {"Hive"}),
        ("the opportunity to excel, and Excel", {"Excel"}),
        ("you will excel at,excel at", set()),  # exclusion phrases side by side
        # Four in a row, one space between (found by the property test above): the query's
        # first pass cuts every other one, and what it cut must leave the second pass an edge
        # on each side of the rest, as the matcher's cut does.
        ("snowflake schema " * 4, set()),
        ("Excel at " * 4 + "Excel", {"Excel"}),
        ("Excel at " * 5, set()),
        ("a star and snowflake schema; Snowflake", {"Snowflake"}),
        ("Hive mind", set()),
        ("Modern C++ and C# (not C)", {"C++", "C#"}),
        ("scikit\u00a0learn, scikit--learn, SCIKIT LEARN", {"Scikit-learn"}),
        ("machine.learning and machine/learning", set()),
        ("Machine\n- Learning", {"Machine learning"}),
        ("“AWS”—and Amazon  Web\tServices", {"AWS"}),
        ("Azure Machine Learning", {"Azure", "Machine learning"}),
        ("Weights & Biases (W&B)", {"Weights & Biases"}),
        ("Node js, not Node.js? yes: Node.js", {"Node.js"}),
        ("PostgreSQL’s planner", {"SQL"}),
        ("ML", {"Machine learning"}),
        ("Zürich R, Ürml, ML😀", {"R"}),
        ("Deploy and integrate partner models.", {"Model serving"}),
        ("serve big ML models; deploy: models", {"Model serving", "Machine learning"}),
        (f"deploy {TOO_FAR} models; serve models", set()),
    ],
)
def test_token_boundaries_on_tricky_phrases(text, skills):
    assert _found_by_matcher(text) == skills
    assert _found_by_query([text]) == [skills]


def _posting(title="Data Scientist", description="Python", **cells):
    return {"title": title, "company": "Acme", "description": description, **cells}


def test_copies_that_differ_count_once_with_the_seniority_and_salary_they_state():
    # A table has no file order (the importer keeps the first copy in the file): the query
    # keeps a copy that states a seniority, and of those the one with the lowest salary.
    rows = WAREHOUSE.rows(
        [
            _posting(salary=None, seniority=None),
            _posting(salary="$120K", seniority="Senior"),
            _posting(salary="$100K", seniority="senior"),
        ]
    )
    assert rows[0] == ("All", "all", 1, 100000, None, None, None)
    assert ("Data Scientist", "senior", 1, 100000, None, None, None) in rows


def test_averages_round_half_to_even_and_shares_half_up():
    def postings(salaries, *, python=2):
        return [
            _posting(description=f"Python {i}" if i < python else f"job {i}", salary=salary)
            for i, salary in enumerate(salaries)
        ]

    # 100001.5 -> 100002 and 100000.5 -> 100000 (the even neighbour, as Python's round).
    rows = WAREHOUSE.rows(postings(["100001", "100002", None]))
    assert rows[:2] == [
        ("All", "all", 3, 100002, None, None, None),
        ("All", "all", None, None, "Python", "66.7", "Critical"),  # 2 of 3
    ]
    assert WAREHOUSE.rows(postings(["100000", "100001"]))[0][3] == 100000
    # 1 of 16 = 6.25% -> 6.3 (halves up, as the importer's shares).
    rows = WAREHOUSE.rows(postings([None] * 16, python=1))
    assert ("All", "all", None, None, "Python", "6.3", "Nice-to-have") in rows


def test_salaries_are_yearly_dollars_inside_the_importers_band_rounded_to_a_dollar():
    connection = postings_table([])
    connection.executemany(
        "INSERT INTO postings VALUES (?, 'Acme', ?, ?, NULL)",
        [
            ("Data Scientist", "a", 70000.5),  # -> 70000 (half to even)
            ("Data Scientist", "b", 80001.5),  # -> 80002
            ("Data Scientist", "c", 4999.0),  # below the band: unknown
            ("Data Scientist", "d", 9_000_000.0),  # above it: unknown
            ("Data Scientist", "e", None),
        ],
    )
    rows = connection.sql(QUERY).fetchall()
    assert rows[0] == ("All", "all", 5, 75001, None, None, None)


def test_an_unknown_seniority_stops_the_query_and_names_the_value_and_the_title():
    with pytest.raises(
        duckdb.Error, match="unknown seniority 'Wizard' \\(title 'Data Scientist'\\)"
    ):
        WAREHOUSE.rows([_posting(seniority="Wizard")])


def test_no_postings_give_no_rows():
    assert WAREHOUSE.rows([]) == []
    assert WAREHOUSE.rows([_posting(title=" ", description="\u3000\n")]) == []


def test_a_taxonomy_without_roles_or_skills_still_counts_jobs_and_salaries():
    rules = CountingRules(skills=(), roles=(), tier_thresholds={})
    rows = warehouse_rows(warehouse_query(rules), [_posting(salary="$90K")])
    assert rows == [
        ("All", "all", 1, 90000, None, None, None),
        ("All", "mid", 1, 90000, None, None, None),
    ]


def test_tiers_follow_the_thresholds_given():
    rules = CountingRules(
        skills=(SkillRule("Python", (AliasRule("python"),)),),
        roles=(RoleRule("Data Scientist", ("data scientist",)),),
        tier_thresholds={"Critical": 50.05, "Medium": 10},
    )
    rows = warehouse_rows(warehouse_query(rules), [_posting(), _posting(description="SQL")])
    assert ("All", "all", None, None, "Python", "50.0", "Medium") in rows
    rows = warehouse_rows(warehouse_query(rules), [_posting(description=str(i)) for i in range(11)])
    assert not [row for row in rows if row[4]]  # nobody mentions Python: no skill rows
    three = [_posting(description=f"Python {i}" if i < 2 else str(i)) for i in range(3)]
    assert ("All", "all", None, None, "Python", "66.7", "Critical") in warehouse_rows(
        warehouse_query(rules), three
    )


def test_alias_regex_writes_letters_in_either_case_and_gaps_between_words():
    assert alias_regex(AliasRule("c++")) == r"[cC]\+\+"
    gap = alias_regex(AliasRule("scikit learn")).removeprefix("[sS][cC][iI][kK][iI][tT]")
    assert gap.startswith("[") and gap.endswith("+[lL][eE][aA][rR][nN]")
    assert r"\x{a0}" in gap and r"\x{2d}" in gap  # no-break space and hyphen


# ---- Other dialects ---------------------------------------------------------------------


def _read_back(sql: str, dialect: str) -> str:
    """A query in `dialect` as DuckDB's SQL (sqlglot reads it as that dialect would)."""
    tree = sqlglot.parse_one(sql, read=dialect, error_level=ErrorLevel.RAISE)
    for node in list(tree.find_all(sqlglot.exp.Anonymous)):
        if node.name.upper() == "RAISE_ERROR":
            node.replace(sqlglot.exp.Anonymous(this="ERROR", expressions=node.expressions))
    return tree.sql(dialect=DUCKDB)


@pytest.mark.parametrize(
    ("dialect", "table", "written", "regex_function"),
    [
        (BIGQUERY, "my-project.jobs.postings", "FROM my-project.jobs.postings", "REGEXP_CONTAINS("),
        (SPARK, "lake.jobs.postings", "FROM lake.jobs.postings", " RLIKE "),
    ],
)
def test_the_bigquery_and_spark_queries_parse_in_their_dialects(
    dialect, table, written, regex_function
):
    sql = warehouse_query(TAXONOMY.rules, table=table, dialect=dialect)
    tree = sqlglot.parse_one(sql, read=dialect, error_level=ErrorLevel.RAISE)
    assert isinstance(tree, sqlglot.exp.Select)
    assert [c.alias_or_name for c in tree.expressions] == [
        "role",
        "seniority",
        "job_count",
        "avg_salary_usd",
        "skill",
        "share_pct",
        "priority",
    ]
    assert written in sql and regex_function in sql and "REGEXP_MATCHES" not in sql
    assert ("RAISE_ERROR(" in sql) == (dialect == SPARK)


@pytest.mark.parametrize("dialect", [BIGQUERY, SPARK])
def test_the_bigquery_and_spark_queries_read_back_count_the_same(dialect):
    # Their string literals escape backslashes (DuckDB's do not): read back as that dialect
    # reads them, the regular expressions must be the same ones.
    rows = [
        _posting(description="Python, R and C++ on “AWS”; scikit\u00a0learn", salary="$100K"),
        _posting(title="Sr. ML Engineer", description="machine-learning, R&D", seniority=""),
        _posting(title="MLOps Lead", description="Excel", seniority="Mid-Senior level"),
    ]
    sql = warehouse_query(TAXONOMY.rules, dialect=dialect)
    assert warehouse_rows(_read_back(sql, dialect), rows) == warehouse_rows(QUERY, rows)


@pytest.mark.parametrize(
    ("table", "dialect", "written"),
    [
        ("postings; DROP TABLE users", DUCKDB, 'FROM "postings; DROP TABLE users"'),
        ("jobs.postings", DUCKDB, "FROM jobs.postings"),
        ("raw events", BIGQUERY, "FROM `raw events`"),
    ],
)
def test_the_table_name_is_written_as_an_identifier(table, dialect, written):
    assert written in warehouse_query(TAXONOMY.rules, table=table, dialect=dialect)


# Unclosed quotes (sqlglot's TokenError was a traceback) and SQL comments (carried into the
# query as a comment, the name read as the table before it) are not table names either.
@pytest.mark.parametrize(
    "table",
    ["", "  ", "jobs.", "..", 'x"y', "p' OR 1=1", "postings -- x", "postings/* x */"],
)
def test_a_name_that_is_not_a_table_is_refused(table):
    with pytest.raises(ValueError, match="not a table name"):
        warehouse_query(TAXONOMY.rules, table=table)


def test_an_unknown_dialect_is_refused():
    with pytest.raises(ValueError, match="unknown dialect 'oracle'; use one of duckdb"):
        warehouse_query(TAXONOMY.rules, dialect="oracle")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(taxonomies(), st.lists(PROXIMITY_TEXTS, min_size=1, max_size=8))
def test_generated_proximity_rules_find_what_the_matcher_finds(rules, texts):
    matcher = SkillMatcher.from_rules(rules)
    assert _found_by_the_rules_query(matcher, texts) == [matcher.find(text) for text in texts]


def _found_by_the_rules_query(matcher: SkillMatcher, texts: list[str]) -> list[set[str]]:
    """The slugs the query finds in each text, under the matcher's (normalised) rules."""
    skills = [SkillRule(r.slug, r.aliases, exclusions=r.exclusions) for r in matcher.rules]
    db = duckdb.connect()
    db.execute("CREATE TABLE texts (n INTEGER, t VARCHAR)")
    db.executemany("INSERT INTO texts VALUES (?, ?)", list(enumerate(texts)))
    found = ", ".join(skill_found_sql(s, text="t") for s in skills)
    rows = db.sql(f"SELECT {found} FROM texts ORDER BY n").fetchall()
    return [{s.name for s, hit in zip(skills, row, strict=True) if hit} for row in rows]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Deploy and integrate partner models.", True),
        (f"deploy {TOO_FAR} models", False),
        ("deploy. models", False),
        ("an opportunity to deploy models", False),
    ],
)
def test_a_proximity_alias_in_the_query(text, found):
    skill = SkillRule(
        "Model serving", (AliasRule("deploy ... models"),), exclusions=("opportunity ... deploy",)
    )
    db = duckdb.connect()
    result = db.execute(f"SELECT {skill_found_sql(skill, text='t')} FROM (SELECT ? AS t)", [text])
    assert result.fetchone() == (found,)


def test_letters_outside_ascii_are_found_in_any_case_by_the_query_as_by_the_matcher():
    """matching_support.CASE_SENTENCES: "café" finds "CAFÉ", "Über ML" itself and "ÜBER ML",
    "Übung macht excel" voids "ÜBUNG MACHT EXCEL"; ß, ı, İ, ς and σ by the matcher's rule."""
    matcher = SkillMatcher.from_rules(CASE_RULES)
    texts = [text for text, _ in CASE_SENTENCES]
    by_query = _found_by_the_rules_query(matcher, texts)
    assert by_query == [skills for _, skills in CASE_SENTENCES]
    assert by_query == [matcher.find(text) for text in texts]
    assert alias_regex(AliasRule("über", case_sensitive=False)) == r"[\x{fc}\x{dc}][bB][eE][rR]"
