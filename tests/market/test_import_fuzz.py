"""Whatever file an admin imports, the importer answers with a snapshot or with its own
one-line error, and a refused file changes nothing.

Hypothesis writes files of every kind the importer reads (random bytes; CSV, JSON, JSON
Lines and Parquet of random shapes and values, some close to real exports and postings),
imports each in every format mode, and checks: success, or `MarketImportError` with a
one-line message; never another exception; after a refusal, the market as it was. The
example budget is fixed so the suite's time is too.
"""

import datetime as dt
import json
import os
import string
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from market.ingestion.importing import MarketImportError, market_import
from market.models import Role, RoleLevelStat, Skill, SkillDemand, Snapshot
from tests.market.importing_support import taxonomy  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]

# SKILLGAP_FUZZ_EXAMPLES=5000 for a deep local run (random examples); the suite's default
# is a fixed, derandomised budget: the same examples on every run, a failure reproducible.
DEEP = int(os.environ.get("SKILLGAP_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=DEEP or 60,
    deadline=None,
    derandomize=not DEEP,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORMATS = ("auto", "aggregate", "postings")

# Header names the importer knows (aggregate and postings), and some it does not.
COLUMN_NAMES = [
    "role",
    "seniority",
    "job_count",
    "avg_salary_usd",
    "skill",
    "share_pct",
    "priority",
    "title",
    "Job Title",
    "description",
    "Job Description",
    "salary",
    "Salary Estimate",
    "company",
    "posting date",
    "experienceLevel",
    "location",
    "rows",
    "",
    "x",
]
# Text with the characters that break naive parsers: quotes, separators, line ends of every
# kind, NUL, formula signs, non-ASCII digits and letters, a BOM, emoji.
TRICKY = "\"',;\t\r\n\x00\x0b\x1f=+@-$€₹²١ 日本語\u00a0\u2028\ufeff😀Kk.eE"
texts = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + TRICKY), max_size=30
)
cells = st.one_of(
    texts,
    st.sampled_from(
        [
            "",
            "-1",
            "1e5",
            "1e30",
            "NaN",
            "inf",
            "2024-13-45",
            "9999-01-01",
            "$53K-$91K (Glassdoor est.)",
            "INR 12,00,000 per annum",
            "All",
            "all",
            "mid",
            "Mid-Senior level",
            "Critical",
            "Python",
            "ML Engineer",
            "日本語",
            "!!!",
            "+SUM(1;1)",
            "@SUM(1;1)",
            "87.7",
            "101",
            "true",
        ]
    ),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    cells,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(COLUMN_NAMES), children, max_size=5),
    ),
    max_leaves=12,
)


def market_state():
    return (
        Snapshot.objects.count(),
        Snapshot.objects.filter(is_current=True).values_list("pk", flat=True).first(),
        RoleLevelStat.objects.count(),
        SkillDemand.objects.count(),
        sorted(Role.objects.values_list("name", "slug")),
        sorted(Skill.objects.values_list("name", "slug")),
    )


class _Undo(Exception):
    """Raised to roll an example's writes back, so examples do not pile up."""


def import_checked(path, format: str) -> None:
    """Import `path`; success, or a one-line MarketImportError with nothing changed."""
    before = market_state()
    try:
        with transaction.atomic():
            try:
                result = market_import(path, format=format)
            except MarketImportError as exc:
                message = str(exc)
                assert message and "\n" not in message, message
                assert market_state() == before
                raise _Undo from None
            assert result.snapshot.pk
            raise _Undo
    except _Undo:
        pass


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".json", ".parquet", ""]))
def test_random_bytes(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"file{suffix}"
    path.write_bytes(data)
    for format in FORMATS:
        import_checked(path, format)


@FUZZ
@given(
    header=st.lists(st.sampled_from(COLUMN_NAMES), min_size=1, max_size=8),
    rows=st.lists(st.lists(cells, max_size=9), max_size=6),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
)
def test_random_csv(tmp_path_factory, header, rows, line_end, bom):
    def line(values):
        return ",".join(
            '"' + v.replace('"', '""') + '"' if set(v) & set(',"\r\n') else v for v in values
        )

    text = line_end.join([line(header), *(line(row) for row in rows)]) + line_end
    path = tmp_path_factory.mktemp("fuzz") / "file.csv"
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8", newline="")
    for format in FORMATS:
        import_checked(path, format)


@FUZZ
@given(
    document=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"format": st.just("skillgap-market/1"), "rows": st.lists(json_values, max_size=5)},
            optional={
                "snapshot": st.one_of(
                    json_values,
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "label": json_scalars,
                            "analysis_date": json_scalars,
                            "postings_count": json_scalars,
                            "tier_thresholds": json_values,
                        },
                    ),
                )
            },
        ),
    ),
    lines=st.booleans(),
)
def test_random_json_and_json_lines(tmp_path_factory, document, lines):
    path = tmp_path_factory.mktemp("fuzz") / ("file.jsonl" if lines else "file.json")
    if lines:
        rows = document.get("rows") if isinstance(document, dict) else None
        rows = rows if isinstance(rows, list) else [document]
        path.write_text("\n".join(json.dumps(r, default=str) for r in rows) + "\n")
    else:
        path.write_text(json.dumps(document, default=str))
    for format in FORMATS:
        import_checked(path, format)


ARROW_COLUMNS = {
    "string": (pa.string(), cells),
    "binary": (pa.binary(), st.binary(max_size=12)),
    "int": (pa.int64(), st.integers(min_value=-(2**63), max_value=2**63 - 1)),
    "float": (pa.float64(), st.floats()),
    "bool": (pa.bool_(), st.booleans()),
    "date": (pa.date32(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
    "timestamp": (pa.timestamp("s"), st.datetimes(min_value=dt.datetime(1900, 1, 1))),
    "struct": (pa.struct([("a", pa.string())]), st.fixed_dictionaries({"a": cells})),
    "list": (pa.list_(pa.string()), st.lists(cells, max_size=3)),
    "decimal": (pa.decimal128(10, 2), st.decimals(min_value=-(10**7), max_value=10**7, places=2)),
}


@FUZZ
@given(
    columns=st.lists(
        st.tuples(st.sampled_from(COLUMN_NAMES[:17]), st.sampled_from(sorted(ARROW_COLUMNS))),
        min_size=1,
        max_size=6,
        unique_by=lambda c: c[0],
    ),
    data=st.data(),
)
def test_random_parquet(tmp_path_factory, columns, data):
    n = data.draw(st.integers(min_value=0, max_value=5))
    arrays = {}
    for name, kind in columns:
        arrow_type, values = ARROW_COLUMNS[kind]
        drawn = data.draw(st.lists(st.one_of(st.none(), values), min_size=n, max_size=n))
        if kind == "decimal":
            drawn = [None if v is None else Decimal(v) for v in drawn]
        arrays[name] = pa.array(drawn, type=arrow_type)
    path = tmp_path_factory.mktemp("fuzz") / "file.parquet"
    pq.write_table(pa.table(arrays), path)
    for format in FORMATS:
        import_checked(path, format)
