"""The job ads' reading rules are kept per process by market version: the next ad page after
any change to the skills (their aliases, exclusion phrases) or the roles (their title rules)
reads with the new rules, whichever code made the change."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments.models import JobAd
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
