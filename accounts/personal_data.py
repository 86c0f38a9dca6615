"""Everything the app keeps about a person, section by section: the one list that the data
export (`/accounts/export/`) and the delete page's summary read.

A new model that belongs to a person is one new `Section` here plus its lines in
docs/data-export.md; tests/accounts/test_personal_data.py fails until every model with a
foreign key to the user (and every model whose rows cascade from one) is in a section.
Values are JSON types: text, numbers, booleans, null; dates and times as ISO 8601 text (UTC).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Session
from assessments.models import (
    JobAd,
    JobAdSkill,
    Plan,
    PlanItem,
    Profile,
    ShareLink,
    SkillLevel,
    SkillLevelChange,
)
from market.models import Snapshot

User = get_user_model()

# Changes when a field is removed or renamed or changes meaning; new sections and fields may
# appear within a version (readers ignore keys they do not know). History: docs/data-export.md.
SCHEMA_VERSION = 2


@dataclass(frozen=True)
class Section:
    key: str  # the export's top-level key
    title: str  # how the delete page names it: "Skill ratings"
    models: tuple[type[models.Model], ...]  # the models whose rows it holds
    data: Callable[[Any], Any]  # user -> the section's JSON value (an object, a list, or null)
    kept: str = ""  # why its rows stay when the account is deleted; empty: they are deleted
    within: str = ""  # the key of a list in each entry the delete page counts too: "items"


def _when(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def _account(user) -> dict:
    permissions = Permission.objects.filter(user=user).select_related("content_type")
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(Group.objects.filter(user=user).values_list("name", flat=True)),
        "permissions": sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions),
    }


def _profile(user) -> dict | None:
    profile = Profile.objects.filter(user=user).select_related("target_role").first()
    if profile is None:
        return None
    return {
        "display_name": profile.display_name,
        "background": profile.background or None,
        "target_role": profile.target_role.slug if profile.target_role else None,
        "target_role_name": profile.target_role.name if profile.target_role else None,
        "target_seniority": profile.target_seniority,
        "hours_per_week": profile.hours_per_week,
        "start_month": _when(profile.start_month),
        "plan_order": profile.plan_order,
        "last_seen_snapshot_id": profile.last_seen_snapshot_id,
        "onboarded_at": _when(profile.onboarded_at),
    }


def _skill_levels(user) -> list[dict]:
    rows = SkillLevel.objects.filter(user=user).select_related("skill").order_by("skill__name")
    return [
        {
            "skill": row.skill.slug,
            "skill_name": row.skill.name,
            "level": row.level,
            "level_name": row.get_level_display(),
            "updated_at": _when(row.updated_at),
        }
        for row in rows
    ]


def _skill_level_history(user) -> list[dict]:
    rows = SkillLevelChange.objects.filter(user=user).select_related("skill")
    return [
        {
            "skill": row.skill.slug,
            "skill_name": row.skill.name,
            "previous_level": row.previous_level,
            "level": row.level,
            "source": row.source,
            "changed_at": _when(row.changed_at),
        }
        for row in rows.order_by("changed_at", "id")
    ]


def _plan_item(item: PlanItem) -> dict:
    return {
        "order": item.order,
        "skill": item.skill.slug,
        "skill_name": item.skill.name,
        "from_level": item.from_level,
        "to_level": item.to_level,
        "hours": item.hours,
        "start_month": item.start_month,
        "end_month": item.end_month,
        "phase": item.phase,
        "is_prerequisite": item.is_prerequisite,
        "done_at": _when(item.done_at),
        "level_before_done": item.level_before_done,
    }


def _plan_job_ad(plan: Plan) -> dict | None:
    if plan.job_ad is None:
        return None
    return {"title": plan.job_ad.title, "created_at": _when(plan.job_ad.created_at)}


def _plans(user) -> list[dict]:
    plans = (
        Plan.objects.filter(user=user)
        .select_related("role", "snapshot", "job_ad")
        .prefetch_related(
            models.Prefetch(
                "items", queryset=PlanItem.objects.select_related("skill").order_by("order")
            )
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "created_at": _when(plan.created_at),
            "role": plan.role.slug,
            "role_name": plan.role.name,
            "seniority": plan.seniority,
            "job_ad": _plan_job_ad(plan),
            "hours_per_week": plan.hours_per_week,
            "starts_on": _when(plan.starts_on),
            "planned_at": _when(plan.planned_at),
            "snapshot_id": plan.snapshot_id,
            "snapshot_label": plan.snapshot.label,
            "items": [_plan_item(item) for item in plan.items.all()],
        }
        for plan in plans
    ]


def _share_links(user) -> list[dict]:
    return [
        {
            "path": reverse("assessments:shared", args=[link.token]),
            "created_at": _when(link.created_at),
            "revoked_at": _when(link.revoked_at),
        }
        for link in ShareLink.objects.filter(user=user).order_by("created_at", "id")
    ]


def _job_ads(user) -> list[dict]:
    skills = JobAdSkill.objects.select_related("skill").order_by("order")
    ads = (
        JobAd.objects.filter(user=user)
        .select_related("role")
        .prefetch_related(models.Prefetch("skills", queryset=skills))
        .order_by("created_at", "id")
    )
    return [
        {
            "created_at": _when(ad.created_at),
            "title": ad.title,
            "title_typed": ad.title_typed,
            "text": ad.text,
            "seniority": ad.seniority,
            "role": ad.role.slug if ad.role else None,
            "role_name": ad.role.name if ad.role else None,
            "skills": [
                {
                    "skill": row.skill.slug,
                    "skill_name": row.skill.name,
                    "kind": row.kind,
                    "phrases": list(row.phrases),
                    "one_of": row.one_of,
                }
                for row in ad.skills.all()
            ],
        }
        for ad in ads
    ]


def _admin_actions(user) -> list[dict]:
    entries = LogEntry.objects.filter(user=user).select_related("content_type")
    return [
        {
            "action_time": _when(entry.action_time),
            "action": {1: "added", 2: "changed", 3: "deleted"}.get(entry.action_flag, "other"),
            "object_type": (
                f"{entry.content_type.app_label}.{entry.content_type.model}"
                if entry.content_type
                else None
            ),
            "object_id": entry.object_id,
            "object": entry.object_repr,
            "change_message": entry.get_change_message(),
        }
        for entry in entries.order_by("action_time", "id")
    ]


def _snapshots_created(user) -> list[dict]:
    snapshots = Snapshot.objects.filter(created_by=user).order_by("created_at", "id")
    return [
        {
            "id": snapshot.pk,
            "label": snapshot.label,
            "created_at": _when(snapshot.created_at),
            "state": snapshot.state,
        }
        for snapshot in snapshots
    ]


SECTIONS: tuple[Section, ...] = (
    Section(
        "account",
        "Your account (username, email, dates)",
        (User, User.groups.through, User.user_permissions.through),
        _account,
    ),
    Section("profile", "Your profile and target", (Profile,), _profile),
    Section("skill_levels", "Skill ratings", (SkillLevel,), _skill_levels),
    Section(
        "skill_level_history",
        "Changes of your skill ratings",
        (SkillLevelChange,),
        _skill_level_history,
    ),
    Section("plans", "Learning plans", (Plan, PlanItem), _plans, within="items"),
    Section("share_links", "Share links of your plan", (ShareLink,), _share_links),
    Section("job_ads", "Job ads you saved", (JobAd, JobAdSkill), _job_ads),
    Section("admin_actions", "Your actions in the admin", (LogEntry,), _admin_actions),
    Section(
        "market_snapshots_created",
        "Market snapshots you imported",
        (Snapshot,),
        _snapshots_created,
        kept="They are the market everyone sees; your name is taken off them.",
    ),
)


# Rows about a person left out of the export on purpose (docs/data-export.md says so): a
# session's key would let the file's reader sign in as the person. Deleting the account
# deletes them too.
NOT_EXPORTED: tuple[type, ...] = (Session,)

# Columns of the sections' models that are not a key of the export under their own name, and
# why (tests/accounts/test_personal_data.py fails for any other column left out).
COLUMNS_NOT_EXPORTED = {
    "id": "a row's number in this database, which means nothing outside it",
    "user": "the person: the whole file is theirs",
    "auth.User.password": "a salted hash, not the password; useless to its owner",
    "auth.User_groups.group": "in `groups`, by name",
    "auth.User_user_permissions.permission": "in `permissions`, as app.codename",
    "assessments.PlanItem.plan": "items are listed in their plan",
    "assessments.ShareLink.token": "in `path`, the link itself",
    "assessments.JobAd.read_with": "which version of the reading rules read the ad",
    "assessments.JobAd.first_ask": "its first requirement, words of its `text`, which is exported",
    "assessments.JobAdSkill.ad": "skills are listed in their ad",
    "assessments.JobAdSkill.order": "the order of the ad's `skills` list",
    "admin.LogEntry.content_type": "in `object_type`",
    "admin.LogEntry.object_repr": "in `object`",
    "admin.LogEntry.action_flag": "in `action`",
    "market.Snapshot.created_by": "the person",
    "market.Snapshot.source": "the market's, not the person's",
    "market.Snapshot.analysis_date": "the market's, not the person's",
    "market.Snapshot.postings_count": "the market's, not the person's",
    "market.Snapshot.notes": "the market's, not the person's",
    "market.Snapshot.is_current": "the market's, not the person's",
    "market.Snapshot.tier_thresholds": "the market's, not the person's",
    "market.Snapshot.import_summary": "the market's, not the person's",
    "market.Snapshot.published_at": "the market's, not the person's",
}


def personal_data_export(*, user) -> dict:
    """The export document: schema_version, exported_at, then one key per section."""
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "exported_at": _when(timezone.now()),
    }
    for section in SECTIONS:
        document[section.key] = section.data(user)
    return document


@dataclass(frozen=True)
class SectionSummary:
    title: str
    count: int  # entries: 1 for an object, the length of a list, 0 for null
    many: bool  # a list (its count is worth saying), not one object
    kept: str
    within: str = ""  # what the entries hold, counted: "12 items" ("" for nothing counted)


def personal_data_summary(*, user) -> list[SectionSummary]:
    """How many entries each section holds for the person, empty sections left out (what the
    delete page lists), with the entries' `within` lists counted too (a plan's items)."""
    summary = []
    for section in SECTIONS:
        value = section.data(user)
        count = len(value) if isinstance(value, list) else int(value is not None)
        if count:
            summary.append(
                SectionSummary(
                    title=section.title,
                    count=count,
                    many=isinstance(value, list),
                    kept=section.kept,
                    within=_counted(section.within, value),
                )
            )
    return summary


def _counted(key: str, entries: list[dict]) -> str:
    """ "12 items", "1 item": how many `key` the entries hold together ("" without a key)."""
    if not key:
        return ""
    total = sum(len(entry[key]) for entry in entries)
    return f"{total} {key if total != 1 else key.removesuffix('s')}"
