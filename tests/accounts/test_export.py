"""Download my data: /accounts/export/."""

import json

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from accounts.personal_data import SCHEMA_VERSION, SECTIONS
from assessments.models import PlanItem, ShareLink, SkillLevel, SkillLevelChange
from market.models import Skill, Snapshot

pytestmark = pytest.mark.django_db

EXPORT = "/accounts/export/"


def test_the_export_is_only_for_a_logged_in_person(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/export/")


def test_the_export_downloads_as_a_private_json_attachment(user_client):
    response = user_client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="skillgap-ada-')
    assert response["Content-Disposition"].endswith('.json"')
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_export_only_answers_get(user_client):
    assert user_client.post(EXPORT).status_code == 405


def test_the_export_holds_everything_the_person_entered(
    user_client, user, other_user, fill_account
):
    fill_account(user)
    fill_account(other_user)
    document = json.loads(user_client.get(EXPORT).content)

    assert document["schema_version"] == SCHEMA_VERSION
    assert list(document) == ["schema_version", "exported_at", *(s.key for s in SECTIONS)]
    assert document["account"]["username"] == "ada"
    assert document["profile"]["target_role"] == "ml-engineer"
    assert document["profile"]["target_seniority"] == "senior"
    levels = {row["skill"]: row["level"] for row in document["skill_levels"]}
    assert levels == dict(SkillLevel.objects.filter(user=user).values_list("skill__slug", "level"))
    assert levels["python"] == 3
    history = [
        (c["skill"], c["previous_level"], c["level"]) for c in document["skill_level_history"]
    ]
    assert ("python", 2, 3) in history
    assert len(history) == SkillLevelChange.objects.filter(user=user).count()
    [plan] = document["plans"]
    assert len(plan["items"]) == PlanItem.objects.filter(plan__user=user).count()
    assert [item["order"] for item in plan["items"]] == sorted(i["order"] for i in plan["items"])
    assert plan["items"][0]["done_at"] is not None
    [link] = document["share_links"]
    assert link["path"] == f"/shared/{ShareLink.objects.get(user=user).token}/"
    [ad] = document["job_ads"]
    assert (ad["title"], ad["seniority"], ad["role"]) == (
        "Senior ML Engineer",
        "senior",
        "ml-engineer",
    )
    assert ad["text"] == "Senior ML Engineer\nPython and Docker; Kafka is a plus"
    kinds = {row["skill"]: row["kind"] for row in ad["skills"]}
    assert kinds == {
        "machine-learning": "title",
        "python": "must",
        "docker": "must",
        "kafka": "nice",
    }


def test_the_export_has_nothing_of_anyone_else(user_client, user, other_user, fill_account):
    fill_account(other_user)
    skill_level = SkillLevel.objects.filter(user=other_user).first()
    document = json.loads(user_client.get(EXPORT).content)
    text = json.dumps(document)
    assert "mallory" not in text
    assert ShareLink.objects.get(user=other_user).token not in text
    assert document["profile"] is None
    assert document["skill_levels"] == document["plans"] == document["share_links"] == []
    assert document["job_ads"] == []
    assert skill_level is not None  # the other person really has data


def test_an_admin_export_includes_their_groups_and_admin_actions(client, make_user):
    admin = make_user("root", is_staff=True)
    admin.groups.add(Group.objects.create(name="Editors"))
    skill = Skill.objects.get(slug="python")
    LogEntry.objects.log_actions(
        user_id=admin.pk, queryset=[skill], action_flag=ADDITION, change_message="Added."
    )
    snapshot = Snapshot.objects.create(
        label="Refresh", source="upload", analysis_date="2026-01-01", created_by=admin
    )
    client.force_login(admin)
    document = client.get(EXPORT).json()
    assert document["account"]["groups"] == ["Editors"]
    [action] = document["admin_actions"]
    assert action["action"] == "added" and action["object"] == str(skill)
    assert action["object_type"] == f"market.{ContentType.objects.get_for_model(Skill).model}"
    assert document["market_snapshots_created"] == [
        {
            "id": snapshot.pk,
            "label": "Refresh",
            "created_at": document["market_snapshots_created"][0]["created_at"],
            "state": "draft",
        }
    ]


def test_the_export_takes_a_fixed_number_of_queries(
    user_client, user, fill_account, django_assert_max_num_queries
):
    # One query per section (two for plans and their items, two for job ads and their skills,
    # three for the account), whatever the number of rows, plus the session and the user.
    fill_account(user)
    assert PlanItem.objects.filter(plan__user=user).count() > 5
    with django_assert_max_num_queries(14):
        assert user_client.get(EXPORT).status_code == 200


def test_the_profile_page_links_to_the_export_and_to_deleting_the_account(user_client):
    html = user_client.get("/onboarding/").content.decode()
    assert '<a href="/accounts/export/">Download my data</a>' in html
    assert '<a href="/accounts/delete/">Delete my account</a>' in html
