"""Files that once crashed the importer, broke public pages after they were published, or
stored wrong figures without a word: each now imports correctly or is refused on one line
that says where, and a refusal leaves the market as it was."""

import datetime as dt
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from assessments.models import SkillLevel
from market.ingestion.importing import market_import
from market.ingestion.postings import salary_parse, salary_status
from market.models import Role, Skill, Snapshot
from tests.market.importing_support import taxonomy  # noqa: F401
from tests.market.test_import_bad_input import AGGREGATE_HEADER, refused, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]


def imported(path, **options) -> Snapshot:
    return market_import(path, **options).snapshot


# ---- Names and slugs -------------------------------------------------------------------------


def test_roles_whose_names_slugify_to_nothing_get_working_pages(tmp_path, client):
    text = (
        AGGREGATE_HEADER
        + "日本語,all,40,,,,\n日本語,mid,40,,,,\n日本語,mid,,,Python,50.0,\n"
        + "!!!,all,10,,,,\n!!!,mid,10,,,,\n!!!,mid,,,SQL,30.0,\n"
    )
    imported(write(tmp_path, "unicode.csv", text), publish=True)
    japanese, bangs = Role.objects.get(name="日本語"), Role.objects.get(name="!!!")
    assert japanese.slug.startswith("role-") and bangs.slug.startswith("role-")
    assert japanese.slug != bangs.slug
    for url in ("/market/", "/report/roles/", f"/market/{japanese.slug}/mid/"):
        response = client.get(url)
        assert response.status_code in (200, 302), url  # /report/roles/ asks to log in
    assert "日本語" in client.get(f"/market/{japanese.slug}/mid/").content.decode()


def test_skills_whose_names_slugify_alike_get_distinct_slugs(tmp_path):
    text = AGGREGATE_HEADER + "All,all,10,,,,\nAll,all,,,Foo!,50.0,\nAll,all,,,Foo?,40.0,\n"
    imported(write(tmp_path, "alike.csv", text))
    slugs = sorted(Skill.objects.filter(name__startswith="Foo").values_list("slug", flat=True))
    assert slugs == ["foo", "foo-2"]


@pytest.mark.parametrize(
    ("cell", "column", "why"),
    [
        ("+SUM(1;1)", "skill", "starts with '+'"),
        ("@SUM(1;1)", "skill", "starts with '@'"),
        ("=HYPERLINK(1)", "skill", "starts with '='"),
        ('"Two\nlines"', "skill", "line break"),
        ("=cmd", "role", "starts with '='"),
        ("X" * 81, "role", "81 characters long"),
    ],
)
def test_names_spreadsheets_would_run_or_that_break_lines_are_refused(tmp_path, cell, column, why):
    row = f"All,all,,,{cell},50.0,\n" if column == "skill" else f"{cell},all,10,,,,\n"
    message = refused(write(tmp_path, "names.csv", AGGREGATE_HEADER + "All,all,10,,,,\n" + row))
    assert f"names.csv, row 3, column {column}" in message and why in message


def test_a_label_spreadsheets_would_run_is_refused(tmp_path):
    path = write(tmp_path, "ok.csv", AGGREGATE_HEADER + "All,all,10,,,,\n")
    assert "the label '=1+1' starts with '='" in refused(path, "--label", "=1+1")


def test_the_admin_refuses_a_skill_name_spreadsheets_would_run(admin_client):
    response = admin_client.post(
        reverse("admin:market_skill_add"),
        {"name": "=cmd|' /C calc'!A0", "slug": "calc", "category": "other", "difficulty": "1"},
    )
    assert response.status_code == 200
    assert "spreadsheets run as a formula" in response.content.decode()
    assert not Skill.objects.filter(slug="calc").exists()


def test_a_long_file_name_still_fits_the_label_and_source(tmp_path):
    name = "p" * 200 + ".csv"
    snapshot = imported(
        write(tmp_path, "short.csv", "title,description\nML Engineer,Python\n"), name=name
    )
    snapshot.full_clean()
    assert len(snapshot.label) <= 120 and len(snapshot.source) <= 300


# ---- Dates -----------------------------------------------------------------------------------


def test_impossible_future_and_ancient_posting_dates_are_counted_not_used(tmp_path):
    text = (
        "title,description,posting date\n"
        "ML Engineer,Python,2024-13-45\n"
        "Data Scientist,SQL,9999-01-01\n"
        "Data Analyst,Excel,1900-01-01\n"
        "Data Engineer,Spark,2024-03-02\n"
        "MLOps Engineer,Docker,\n"
    )
    snapshot = imported(write(tmp_path, "dates.csv", text))
    assert snapshot.analysis_date == dt.date(2024, 3, 2)
    assert snapshot.import_summary["posting_dates_unreadable"] == 3


def test_with_no_readable_posting_date_the_snapshot_is_dated_today(tmp_path):
    text = "title,description,posting date\nML Engineer,Python,9999-12-31\n"
    snapshot = imported(write(tmp_path, "future.csv", text))
    assert snapshot.analysis_date == dt.date.today()


def test_an_export_dated_in_the_future_is_refused(tmp_path):
    document = {"snapshot": {"analysis_date": "9999-01-01"}, "rows": [{"role": "All"}]}
    message = refused(write(tmp_path, "future.json", json.dumps(document)))
    assert "analysis_date 9999-01-01 is in the future" in message


# ---- Salaries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "usd"),
    [
        ("1e5", 100_000),
        ("1e30", None),
        ("INR 12,00,000 per annum", None),
        ("€60,000", None),
        ("£45,000 - £55,000", None),
        ("C$90K-C$110K", None),
        ("EUR 50000", None),
        ("12,00,000", None),
        ("1.2.3", None),
        ("US$120K", 120_000),
        ("$120,000 USD", 120_000),
        ("$90K-$110K, 401(k) match", 100_000),
        ("$201K-$401K", 301_000),
        ("$53K-$91K (Glassdoor est.)", 72_000),
        ("$17-$24 Per Hour(Glassdoor est.)", 42_640),
        ("$150,000 - $200,000 a year", 175_000),
    ],
)
def test_salaries_read_only_when_they_are_certain_us_dollars(cell, usd):
    assert salary_parse(cell) == usd


def test_salaries_that_cannot_be_read_are_counted_and_left_out(tmp_path):
    text = (
        "title,description,salary\n"
        "ML Engineer,Python,1e30\n"
        'Data Scientist,SQL,"INR 12,00,000 per annum"\n'
        'Data Analyst,Excel,"€60,000"\n'
        'Data Engineer,Spark,"$100,000"\n'
    )
    snapshot = imported(write(tmp_path, "money.csv", text))
    assert snapshot.import_summary["salary_unparseable"] == 3
    assert snapshot.import_summary["salary_known"] == 1
    everyone = snapshot.role_stats.get(role=None, seniority="all")
    assert everyone.avg_salary_usd == 100_000


def test_a_salary_of_true_is_not_one_dollar():
    assert salary_parse(True) is None
    assert salary_status("true")[1] is None


# ---- Aggregate values of the wrong type ------------------------------------------------------


def aggregate_json(tmp_path, snapshot=None, rows=None):
    rows = rows or [{"role": "All", "seniority": "all", "job_count": 10}]
    document = {"format": "skillgap-market/1", "snapshot": snapshot or {}, "rows": rows}
    return write(tmp_path, "export.json", json.dumps(document))


@pytest.mark.parametrize(
    ("meta", "what"),
    [
        ({"postings_count": True}, "postings_count True is not a whole number"),
        ({"tier_thresholds": {"Critical": "high"}}, "Critical: 'high' is not a percent"),
        ({"tier_thresholds": {"Critical": [60]}}, "Critical: [60] is not a percent"),
        ({"tier_thresholds": {"Urgent": 60}}, "names 'Urgent'"),
        ({"tier_thresholds": [60, 25]}, "is not an object of tier: percent"),
        ({"label": {"a": 1}}, "label {'a': 1} is not text"),
    ],
)
def test_snapshot_metadata_of_the_wrong_type_is_refused(tmp_path, meta, what):
    message = refused(aggregate_json(tmp_path, snapshot=meta))
    assert "export.json: snapshot" in message and what in message


@pytest.mark.parametrize(
    ("row", "where", "what"),
    [
        ({"job_count": True}, "column job_count", "True' is not a whole number"),
        ({"skill": "Python", "share_pct": True}, "column share_pct", "not a number"),
        ({"skill": ["Python"], "share_pct": 50}, "column skill", "is not text"),
        ({"role": 7}, "column role", "7 is not text"),
    ],
)
def test_rows_with_values_of_the_wrong_type_are_refused(tmp_path, row, where, what):
    rows = [{"role": "All", "seniority": "all", **row}]
    message = refused(aggregate_json(tmp_path, rows=rows))
    assert f"export.json, row 1, {where}" in message and what in message


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_deeply_nested_json_is_refused_on_one_line(tmp_path, name):
    path = write(tmp_path, name, "[" * 100_000 + "]" * 100_000 + "\n")
    assert "nested too deeply" in refused(path)


def test_a_json_lines_row_nested_too_deeply_names_the_row(tmp_path):
    deep = '{"title": "ML Engineer", "description": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = write(tmp_path, "postings.jsonl", '{"title": "A", "description": "Python"}\n' + deep)
    message = refused(path)
    assert "postings.jsonl, row 2" in message and "nested too deeply" in message


# ---- File shapes -----------------------------------------------------------------------------


@pytest.mark.parametrize("line_end", ["\r", "\r\n", "\n"])
def test_csv_line_endings_of_every_kind_read_alike(tmp_path, line_end):
    text = line_end.join(["title,description", "ML Engineer,Python", "Data Scientist,SQL", ""])
    snapshot = imported(write(tmp_path, "ends.csv", text.encode()))
    assert snapshot.postings_count == 2


def test_an_aggregate_with_cr_line_endings_reads(tmp_path):
    text = AGGREGATE_HEADER.strip() + "\rAll,all,10,,,,\rAll,all,,,Python,50.0,\r"
    snapshot = imported(write(tmp_path, "export.csv", text.encode()))
    assert snapshot.demands.get().share_pct == 50


def test_an_aggregate_quote_left_open_names_the_row(tmp_path):
    text = AGGREGATE_HEADER + 'All,all,10,,,,\nAll,all,,,"Python,50.0,\n'
    message = refused(write(tmp_path, "open.csv", text))
    assert "open.csv" in message and "row" in message


def parquet(tmp_path, columns: dict) -> str:
    path = tmp_path / "postings.parquet"
    pq.write_table(pa.table(columns), path)
    return path


def test_a_parquet_title_of_structs_is_refused_naming_the_column(tmp_path):
    path = parquet(tmp_path, {"title": pa.array([{"a": "x"}]), "description": ["Python"]})
    message = refused(path)
    assert "postings.parquet, column 'title'" in message and "not text" in message


def test_a_binary_parquet_description_is_refused_naming_the_column(tmp_path):
    binary = pa.array([b"\xff\xfePython"], pa.binary())
    path = parquet(tmp_path, {"title": ["ML Engineer"], "description": binary})
    message = refused(path)
    assert "column 'description'" in message and "binary data" in message


def test_parquet_numbers_and_dates_where_they_belong_are_read(tmp_path):
    path = parquet(
        tmp_path,
        {
            "title": ["ML Engineer", "Data Scientist"],
            "description": ["Python", "SQL"],
            "salary": pa.array([150_000.0, None]),
            "posting date": pa.array([dt.date(2024, 5, 1), dt.date(2024, 6, 1)]),
        },
    )
    snapshot = imported(path)
    assert snapshot.analysis_date == dt.date(2024, 6, 1)
    assert snapshot.import_summary["salary_known"] == 1


# ---- The admin upload shows every import error -----------------------------------------------

BAD_UPLOADS = {
    "date.csv": b"title,description,posting date\nML Engineer,Python,2024-13-45\n",
    "deep.json": b"[" * 50_000 + b"]" * 50_000,
    "thresholds.json": json.dumps(
        {"snapshot": {"tier_thresholds": {"Critical": "high"}}, "rows": [{"role": "All"}]}
    ).encode(),
    "formula.csv": (AGGREGATE_HEADER + "All,all,10,,,,\nAll,all,,,+SUM(1;1),5.0,\n").encode(),
    "cr.csv": b"title,description\rML Engineer,Python\r",
    "byte.csv": b"\x80",
    "image.csv": b"\x89PNG\r\n\x1a\n",
}


def struct_parquet() -> bytes:
    out = io.BytesIO()
    pq.write_table(pa.table({"title": pa.array([{"a": "x"}]), "description": ["P"]}), out)
    return out.getvalue()


@pytest.mark.parametrize("name", [*BAD_UPLOADS, "struct.parquet"])
def test_the_admin_upload_never_answers_500(admin_client, name):
    content = struct_parquet() if name.endswith(".parquet") else BAD_UPLOADS[name]
    before = Snapshot.objects.count()
    response = admin_client.post(
        reverse("admin:market_refresh"),
        {"file": SimpleUploadedFile(name, content), "format": "auto"},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused: the message is on the page, nothing stored
        assert name in response.content.decode()
        assert Snapshot.objects.count() == before


# ---- Query strings and forms never reach int() unchecked -------------------------------------


@pytest.mark.parametrize("value", ["²", "١", "9" * 40, "-1", " 1", "1.0"])
def test_the_snapshot_comparison_ignores_ids_that_are_not_ids(client, value):
    response = client.get("/market/compare/", {"before": value, "after": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "١", "9" * 40])
def test_what_if_and_confirmed_levels_ignore_levels_that_are_not_levels(
    user_client, onboard, user, value
):
    onboard(user)
    response = user_client.get("/report/", {"whatif": "1", "level-python": value})
    assert response.status_code == 200
    response = user_client.post("/skills/confirm/", {"add": "python", "level-python": value})
    assert response.status_code == 302
    assert not SkillLevel.objects.filter(user=user, skill__slug="python").exists()


def test_export_of_an_imported_snapshot_keeps_names_exact(tmp_path, capsys):
    # The export marks "-Minus skill" as text for spreadsheets ("'-"); importing it takes the
    # mark off again, so the name stays exact across the round trip.
    text = AGGREGATE_HEADER + "All,all,10,,,,\nAll,all,,,-Minus skill,50.0,\n"
    snapshot = imported(write(tmp_path, "minus.csv", text))
    call_command("export_market", "--snapshot", str(snapshot.pk))
    exported = capsys.readouterr().out
    assert "All,all,,,'-Minus skill,50.0," in exported
    again = imported(write(tmp_path, "exported.csv", exported))
    call_command("export_market", "--snapshot", str(again.pk))
    assert capsys.readouterr().out == exported
    assert again.demands.get().skill.name == "-Minus skill"
