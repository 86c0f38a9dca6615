"""The job ads' reading rules are kept per process by market version: the next ad page after
any change to the skills (their aliases, exclusion phrases) or the roles (their title rules)
reads with the new rules, whichever code made the change; and the key an ad records changes
with the reading's code, without anyone raising READING_VERSION."""

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import assessments.ad_analysis
import market.ingestion
import market.ingestion.matching
import market.ingestion.postings
import market.ingestion.refresh  # noqa: F401 (a submodule bound to its package)
from assessments.ad_analysis import READING_VERSION, reading_code_digest, reading_code_paths
from assessments.models import JobAd
from assessments.services import ads as ad_services
from assessments.services.ads import job_ad_create, reading_rules_forget, reading_rules_load
from market.models import Role, Skill, SkillCategory
from tests.assessments.test_ad_plans import AD


@pytest.fixture
def ad(user, market):
    return job_ad_create(user=user, text=AD)  # reads the rules: this process now keeps them


def csv_of(client, ad: JobAd) -> str:
    response = client.get(f"/report/ads/{ad.pk}.csv")
    assert response.status_code == 200
    return response.content.decode()


def test_kept_rules_take_one_query_and_rules_read_anew_three(market):
    reading_rules_forget()
    with CaptureQueriesContext(connection) as first:
        reading_rules_load()
    with CaptureQueriesContext(connection) as kept:
        reading_rules_load()
    assert (len(first), len(kept)) == (3, 1)  # version, skills, roles; then the version


def test_a_new_alias_saved_reaches_the_next_ad_page(user_client, ad):
    assert "Kafka" not in csv_of(user_client, ad)
    kafka = Skill.objects.get(slug="kafka")
    kafka.aliases += "\nour pipelines"
    kafka.save()
    assert "Kafka" in csv_of(user_client, ad)


def test_an_exclusion_phrase_set_by_a_bulk_update_reaches_the_next_ad_page(user_client, ad):
    assert "Docker" in csv_of(user_client, ad)
    Skill.objects.filter(slug="docker").update(exclusions="Docker is a plus")
    assert "Docker" not in csv_of(user_client, ad)


def test_a_new_skill_reaches_the_next_ad_page(user_client, ad):
    assert "Data pipelines" not in csv_of(user_client, ad)
    Skill.objects.bulk_create(
        [
            Skill(
                name="Data pipelines",
                slug="data-pipelines",
                category=SkillCategory.choices[0][0],
                aliases="pipelines",
            )
        ]
    )
    assert "Data pipelines" in csv_of(user_client, ad)


def test_a_roles_new_title_rule_reaches_the_next_ad_page(user_client, ad):
    page = f"/report/ads/{ad.pk}/"
    assert "LLM/GenAI Engineer" not in user_client.get(page).content.decode()
    role = Role.objects.get(slug="llmgenai-engineer")  # tried first: its rules win
    role.title_patterns += "\nAcme"
    role.save()
    assert "LLM/GenAI Engineer" in user_client.get(page).content.decode()


def test_rules_read_inside_a_rolled_back_change_are_not_served_after_it(user_client, ad):
    with transaction.atomic():
        Skill.objects.filter(slug="docker").update(exclusions="Docker is a plus")
        assert "Docker" not in csv_of(user_client, ad)  # kept: the change's rules
        transaction.set_rollback(True)
    assert "Docker" in csv_of(user_client, ad)


def test_each_caller_gets_skills_of_its_own(market):
    first = reading_rules_load().skills["python"]
    first.name = "Changed by one request"
    again = reading_rules_load().skills["python"]
    assert again is not first
    assert again.name == Skill.objects.get(slug="python").name


# ---- The reading's code ------------------------------------------------------------------------


def test_the_reading_code_is_the_matcher_the_title_rules_and_the_reading():
    paths = set(reading_code_paths())
    for module in (assessments.ad_analysis, market.ingestion.matching, market.ingestion.postings):
        assert Path(module.__file__) in paths


def test_an_edit_to_the_matchers_file_changes_the_reading_codes_digest(tmp_path, monkeypatch):
    copies = []
    for path in reading_code_paths():
        copies.append(tmp_path / f"{len(copies)}-{path.name}")
        copies[-1].write_bytes(path.read_bytes())
    monkeypatch.setattr(assessments.ad_analysis, "reading_code_paths", lambda: copies)
    as_released = reading_code_digest.__wrapped__()
    assert as_released == reading_code_digest()  # the copies are the files
    (matcher,) = [c for c in copies if c.name.endswith("-matching.py")]
    matcher.write_text(matcher.read_text() + "\nPROXIMITY_WORDS += 1\n")
    assert reading_code_digest.__wrapped__() != as_released


def test_a_change_to_the_reading_code_changes_the_key_and_the_ads_are_read_again(
    user_client, ad, monkeypatch
):
    # Before: the key was READING_VERSION and the rules only; a change to the matcher's code
    # left every saved ad's key current unless someone raised the version.
    before = reading_rules_load().key
    assert ad.read_with == before
    monkeypatch.setattr(ad_services, "reading_code_digest", lambda: "the matcher edited")
    reading_rules_forget()  # a new release: a new process
    after = reading_rules_load().key
    assert after != before
    assert after.startswith(f"{READING_VERSION}:")
    pending = ad_services.job_ads_fresh(
        user=ad.user, ads=[ad_services.job_ad_get(user=ad.user, ad_id=ad.pk)]
    )
    assert pending == {}  # read again in memory; the same reading, nothing to tell
    ad_services.job_ads_read_again()
    ad.refresh_from_db()
    assert ad.read_with == after


# Each a process reading ads, started its own way: whatever it imports first, its digest is
# the same (else every page would take every saved ad for stale and read it again).
PROCESSES = {
    "web worker": "from config.wsgi import application; from django.urls import resolve; "
    "resolve('/market/'); from assessments.ad_analysis import reading_code_digest as d; print(d())",
    "ads_read_again": "import django; django.setup(); import assessments.management.commands."
    "ads_read_again; from assessments.ad_analysis import reading_code_digest as d; print(d())",
    "the reading before Django": "import assessments.ad_analysis as a; "
    "print(a.reading_code_digest())",
    "the refresh admin first": "import django; django.setup(); import market.admin_refresh; "
    "from assessments.ad_analysis import reading_code_digest as d; print(d())",
}


def digest_in_new_process(code: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()[-1]


def test_every_process_reading_ads_makes_the_same_digest():
    digests = {way: digest_in_new_process(code) for way, code in PROCESSES.items()}
    assert set(digests.values()) == {reading_code_digest()}, digests


def test_the_digest_is_made_when_the_reading_is_imported():
    # Before: made at the first ad read, possibly from files a later release had replaced
    # under a process still running the code it loaded.
    made = digest_in_new_process(
        "import assessments.ad_analysis as a; print(a.reading_code_digest.cache_info().currsize)"
    )
    assert made == "1"


def test_a_packages_submodules_count_only_when_its_code_names_them(monkeypatch, tmp_path):
    # Before: a reading module holding a package followed every submodule any code had
    # imported into it, so the files (and the digest) depended on what the process imported.
    probe = ModuleType("market.reading_probe")
    probe.__file__ = str(tmp_path / "reading_probe.py")
    probe.ingestion = market.ingestion
    monkeypatch.setitem(sys.modules, probe.__name__, probe)
    imported = reading_code_paths(probe.__name__)
    monkeypatch.delattr(market.ingestion, "refresh")  # a process that never imported it
    assert reading_code_paths(probe.__name__) == imported
