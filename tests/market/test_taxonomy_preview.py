"""Before a skill's matching rules are saved, the admin previews what they would do: how many
postings of the current market's source would gain or lose the skill, or why it cannot say."""

import csv
import html
import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from market.ingestion import reading
from market.ingestion.importing import market_import
from market.models import Skill, Snapshot
from market.services import taxonomy
from market.services.taxonomy import SOURCE_FILE, SOURCE_PATH
from tests.market.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


# Written for this test: two postings that use the verb, two the tool, one both.
POSTINGS = [
    "You will have the opportunity to excel.",
    "People who excel at data thrive here.",
    "Reports in Excel and SQL.",
    "Advanced Excel required.",
    "Excel dashboards, and the opportunity to excel.",
]


def _postings_file(tmp_path):
    path = tmp_path / "postings.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "company", "description"])
        writer.writerows(("Data Analyst", f"Firm {i}", text) for i, text in enumerate(POSTINGS))
        # The import counts neither a blank row nor an exact duplicate: nor does the preview.
        writer.writerows([("", "", ""), ("Data Analyst", "Firm 0", POSTINGS[0])])
    return path


def _preview(admin_client, slug: str, **changes):
    """Press "Preview the change" on the skill's change form with `changes` typed in."""
    skill = Skill.objects.get(slug=slug)
    url = reverse("admin:market_skill_change", args=[skill.pk])
    data = admin_form_data(admin_client.get(url).content.decode(), "skill_form")
    data.update(changes, _preview="Preview the change")
    return admin_client.post(url, data)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def market_from_kept_postings(tmp_path):
    # Excel as it was before issue 15: any case, no exclusion phrase.
    Skill.objects.filter(slug="excel").update(case_sensitive_aliases="", exclusions="")
    return market_import(_postings_file(tmp_path), publish=True, keep_source=True).snapshot


def test_the_preview_counts_postings_that_would_lose_or_gain_the_skill_and_saves_nothing(
    admin_client, market_from_kept_postings
):
    before = Skill.objects.values().get(slug="excel")
    response = _preview(
        admin_client, "excel", exclusions="opportunity to excel\r\nwho excel", aliases=""
    )
    text = _text(response)
    assert response.status_code == 200
    assert "Preview: nothing is saved yet" in text
    assert "In the 5 postings of postings.csv" in text
    assert "find this skill in 3 postings; as saved, in 5." in text
    assert "0 postings would gain the skill." in text
    assert "2 postings would lose it." in text
    # What was typed is still in the form; nothing was saved.
    assert "who excel</textarea>" in response.content.decode()
    assert Skill.objects.values().get(slug="excel") == before


def test_the_preview_counts_postings_a_proximity_alias_would_gain(
    admin_client, market_from_kept_postings
):
    # "Reports in Excel", "Excel dashboards": one word between, none.
    text = _text(_preview(admin_client, "tableau", aliases="reports ... Excel\r\nExcel…dashboards"))
    assert "2 postings would gain the skill." in text and "0 postings would lose it." in text


def test_the_preview_counts_a_skill_the_source_gains(admin_client, market_from_kept_postings):
    # Its exclusion phrases go too: they hold its old aliases, none of the new one.
    text = _text(_preview(admin_client, "sql", aliases="dashboards", exclusions=""))
    assert "1 posting would gain the skill." in text and "0 postings would lose it." in text


def test_the_preview_of_rules_that_cannot_work_shows_the_problem_not_counts(
    admin_client, market_from_kept_postings
):
    response = _preview(admin_client, "excel", exclusions="opportunity to grow")
    assert "holds none of this skill" in response.content.decode()
    assert "Preview: nothing is saved yet" not in _text(response)


def test_an_uploaded_source_is_not_kept_and_the_preview_says_so(admin_client, tmp_path):
    market_import(_postings_file(tmp_path), name="upload.csv", publish=True)
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert "The postings file the current market was counted from (upload.csv) is not kept" in text
    # Plain words on an admin page: no Markdown backticks shown as they are.
    assert "Import it on the server with python manage.py import_market FILE" in text
    assert "`" not in text


def test_a_market_not_counted_from_postings_has_nothing_to_preview(admin_client):
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert "The current market was not counted from job postings" in text


def test_saving_still_saves(admin_client, market_from_kept_postings):
    skill = Skill.objects.get(slug="excel")
    url = reverse("admin:market_skill_change", args=[skill.pk])
    data = admin_form_data(admin_client.get(url).content.decode(), "skill_form")
    data.update(exclusions="opportunity to excel")
    assert admin_client.post(url, data).status_code == 302
    assert Skill.objects.get(slug="excel").exclusions == "opportunity to excel"


# ---- Where the preview cannot count, it says why, in words an admin can act on ----------------


@pytest.fixture
def staff_client(client, make_user):
    """A staff member who may add and change skills, and nothing else."""
    staff = make_user("editor", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="market", codename__in=["add_skill", "change_skill"]
        )
    )
    client.force_login(staff)
    return client


def _add_preview(client, **typed):
    """Press "Preview the change" on the add-skill form with `typed` filled in."""
    url = reverse("admin:market_skill_add")
    data = admin_form_data(client.get(url).content.decode(), "skill_form")
    data.update(typed, _preview="Preview the change")
    return client.post(url, data)


NEW_SKILL = {"name": "Dashboards", "slug": "dashboards", "category": "data", "aliases": ""}


def test_with_no_market_published_the_preview_says_there_is_nothing_to_count(staff_client):
    Snapshot.objects.all().delete()
    response = _preview(staff_client, "excel", exclusions="opportunity to excel")
    text = _text(response)
    assert response.status_code == 200
    assert "Preview: nothing is saved yet" in text
    assert "No market is published yet, so there are no postings to count the change on." in text
    assert "would gain" not in text
    assert Skill.objects.get(slug="excel").exclusions != "opportunity to excel"


def test_a_new_skill_is_previewed_from_the_add_form_and_not_saved(
    staff_client, market_from_kept_postings
):
    response = _add_preview(staff_client, **NEW_SKILL)
    text = _text(response)
    assert response.status_code == 200
    assert "In the 5 postings of postings.csv" in text
    assert "the rules as typed below would find this new skill in 1 posting." in text
    assert "as saved" not in text and "would lose" not in text  # nothing was saved to compare
    assert "press Save to add the skill" in text
    assert not Skill.objects.filter(slug="dashboards").exists()
    assert 'value="Dashboards"' in response.content.decode()  # what was typed is kept


def test_a_new_skill_with_no_market_published_is_previewed_without_counts(staff_client):
    Snapshot.objects.all().delete()
    text = _text(_add_preview(staff_client, **NEW_SKILL))
    assert "No market is published yet" in text
    assert not Skill.objects.filter(slug="dashboards").exists()


def test_a_kept_file_that_was_deleted_is_named_with_where_it_was_kept(
    admin_client, market_from_kept_postings
):
    path = market_from_kept_postings.import_summary[SOURCE_PATH]
    os.remove(path)
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert f"was kept at {path} and is no longer there" in text
    assert "uploads are read and let go" not in text and "would gain" not in text


def test_a_kept_file_that_changed_since_the_import_shows_no_counts(
    admin_client, market_from_kept_postings
):
    path = market_from_kept_postings.import_summary[SOURCE_PATH]
    with open(path, "a", newline="") as out:
        csv.writer(out).writerow(["Data Analyst", "Firm 9", "Excel every day."])
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert f"The postings file kept at {path} has changed since the current market" in text
    assert "would gain" not in text and "would lose" not in text


def test_a_kept_file_rewritten_with_the_same_size_and_time_is_still_seen_to_change(
    admin_client, market_from_kept_postings
):
    path = market_from_kept_postings.import_summary[SOURCE_PATH]
    before = os.stat(path)
    data = Path(path).read_bytes()  # "Firm 0" -> "Firm X": same size; then the old time back
    Path(path).write_bytes(data.replace(b"Firm 0", b"Firm X", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert "has changed since the current market" in text


def _without_fingerprint(snapshot: Snapshot) -> None:
    """As a snapshot imported before fingerprints were recorded."""
    summary = dict(snapshot.import_summary)
    summary.pop(SOURCE_FILE, None)
    Snapshot.objects.filter(pk=snapshot.pk).update(import_summary=summary)


def test_an_older_snapshot_without_a_fingerprint_is_counted_and_the_doubt_said(
    admin_client, market_from_kept_postings
):
    _without_fingerprint(market_from_kept_postings)
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert "1 posting would lose it." in text
    assert "whether" in text and "changed since cannot be checked" in text


def test_a_damaged_kept_file_gives_the_readers_error_not_a_server_error(
    admin_client, market_from_kept_postings
):
    _without_fingerprint(market_from_kept_postings)  # else it is reported as changed
    path = market_from_kept_postings.import_summary[SOURCE_PATH]
    lines = Path(path).read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].replace(b"Excel", b"\xff\xfexcel")
    Path(path).write_bytes(b"".join(lines))
    response = _preview(admin_client, "excel", exclusions="opportunity to excel")
    text = _text(response)
    assert response.status_code == 200
    assert f"The kept postings file cannot be read: {path}: not UTF-8 text" in text
    assert "on line 4" in text
    assert "would gain" not in text


def test_a_damaged_row_past_the_first_chunk_is_named_by_its_row(
    admin_client, market_from_kept_postings, monkeypatch
):
    _without_fingerprint(market_from_kept_postings)
    monkeypatch.setattr(reading, "CHUNK_ROWS", 2)
    monkeypatch.setattr(reading, "HEAD_BYTES", 64)  # file_kind reads only the header
    path = market_from_kept_postings.import_summary[SOURCE_PATH]
    lines = Path(path).read_bytes().splitlines(keepends=True)
    lines[5] = lines[5].replace(b"Excel", b"\xffxcel")
    Path(path).write_bytes(b"".join(lines))
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert re.search(rf"cannot be read: {re.escape(path)}, row \d+: not UTF-8 text", text)


def test_a_kept_file_that_lost_a_column_the_import_read_names_the_column(
    admin_client, market_from_kept_postings
):
    _without_fingerprint(market_from_kept_postings)
    path = market_from_kept_postings.import_summary[SOURCE_PATH]
    data = Path(path).read_bytes()
    Path(path).write_bytes(data.replace(b"description", b"summary", 1))
    text = html.unescape(_text(_preview(admin_client, "excel", exclusions="opportunity to excel")))
    assert f"cannot be read: {path}, column 'description': the import read this column" in text


# ---- What the import keeps, and only when told to --------------------------------------------


def test_an_import_told_to_keep_its_file_records_its_path_size_and_time(tmp_path):
    path = _postings_file(tmp_path)
    summary = market_import(path, keep_source=True).snapshot.import_summary
    stat = os.stat(path)
    assert summary[SOURCE_PATH] == str(path.resolve())
    assert summary[SOURCE_FILE]["size"] == stat.st_size
    assert summary[SOURCE_FILE]["mtime_ns"] == stat.st_mtime_ns


def test_an_import_not_told_to_keep_its_file_records_no_path(tmp_path):
    summary = market_import(_postings_file(tmp_path)).snapshot.import_summary
    assert SOURCE_PATH not in summary and SOURCE_FILE not in summary


def test_import_market_keeps_the_file_it_is_given(tmp_path):
    path = _postings_file(tmp_path)
    call_command("import_market", str(path), "--publish", stdout=io.StringIO())
    summary = Snapshot.objects.get(is_current=True).import_summary
    assert summary[SOURCE_PATH] == str(path.resolve())
    assert summary[SOURCE_FILE]["size"] == os.stat(path).st_size


# ---- How the preview counts: one pass, one-skill matchers, the import's chunks ---------------


def test_the_preview_scans_with_one_skill_matchers_and_leaves_the_imports_cache_alone(
    admin_client, market_from_kept_postings, monkeypatch
):
    scanned = []
    find_pairs = taxonomy.SkillMatcher.find_pairs

    def spy(matcher, texts):
        scanned.append(matcher.slugs)
        return find_pairs(matcher, texts)

    database = taxonomy.skill_matcher_build().index.compiled  # the imports' matcher
    cached = taxonomy._matcher_for.cache_info()
    monkeypatch.setattr(taxonomy.SkillMatcher, "find_pairs", spy)
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert "1 posting would lose it." in text
    assert scanned == [("excel",), ("excel",)]  # one chunk: the saved rules, the edited ones
    assert taxonomy._matcher_for.cache_info() == cached
    assert taxonomy.skill_matcher_build().index.compiled is database


def test_the_preview_reads_the_file_once_in_the_imports_chunks_handing_memory_back(
    admin_client, market_from_kept_postings, monkeypatch
):
    class Pool:
        released = 0

        def release_unused(self):
            Pool.released += 1

    monkeypatch.setattr(reading, "CHUNK_ROWS", 2)
    monkeypatch.setattr("pyarrow.default_memory_pool", Pool)
    opened = []
    readers = dict(reading.CHUNK_READERS)
    csv_chunks = readers["csv"]

    def counting(*args):
        opened.append(args[0])
        yield from csv_chunks(*args)

    monkeypatch.setitem(reading.CHUNK_READERS, "csv", counting)
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert "1 posting would lose it." in text
    assert len(opened) == 1
    assert Pool.released == 4  # 7 rows in chunks of 2: each chunk's buffers handed back
