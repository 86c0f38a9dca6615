"""Loads the seed analysis (market/seed/*) as the default, published market.

Runs after every `migrate` (and every test-database flush), so it must be cheap when the
data is already there (a handful of queries) and must never overwrite what admins edited:
it only creates what is missing. `seed_market --update-taxonomy` rewrites skills and roles
from the files on purpose.
"""

import datetime as dt
import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from market.ingestion.aggregate import aggregate_read
from market.models import (
    BackgroundRecommendation,
    CareerPath,
    LearningResource,
    PathStage,
    Role,
    SeedInsight,
    Skill,
    SkillPrerequisite,
    SkillTrend,
    Snapshot,
    StageSkill,
    TimelineItem,
    TimelinePhase,
)
from market.services.roles import role_label_clash


class SeedError(ValueError):
    """The seed files cannot be loaded as they are; the message says why."""


SEED_DIR = Path(__file__).resolve().parent.parent / "seed"
SEED_SNAPSHOT = "snapshot-2025-10-05"


@cache
def seed_file(name: str) -> dict:
    """The parsed JSON data file `market/seed/<name>` (cached; treat as read-only)."""
    return json.loads((SEED_DIR / name).read_text(encoding="utf-8"))


def seed_snapshot_meta() -> dict:
    return seed_file(f"{SEED_SNAPSHOT}.json")


def seed_snapshot_csv_path() -> Path:
    return SEED_DIR / seed_snapshot_meta()["figures"]


def _tables_exist(using: str) -> bool:
    # post_migrate also fires after partial or backwards migrations: only seed a full schema.
    needed = {
        m._meta.db_table
        for m in (Skill, Role, Snapshot, CareerPath, SeedInsight, TimelineItem, SkillTrend)
    }
    needed.add(TimelineItem.skills.through._meta.db_table)
    with connections[using].cursor() as cursor:
        existing = set(connections[using].introspection.table_names(cursor))
    return needed <= existing


def seed_ensure(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make sure the taxonomy, the curated content and the seed snapshot exist. Idempotent:
    creates only what is missing, never changes existing rows."""
    if not _tables_exist(using):
        return
    with transaction.atomic(using=using):
        skills = _skills_ensure(using)
        roles = _roles_ensure(using)
        _content_ensure(using, skills=skills, roles=roles)
        if not Snapshot.objects.using(using).exists():
            seed_snapshot_create(using=using)


# ---- Taxonomy -------------------------------------------------------------------------------


def _skill_fields(data: dict) -> dict:
    return {
        "name": data["name"],
        "category": data["category"],
        "description": data["description"],
        "aliases": "\n".join(data["aliases"]),
        "case_sensitive_aliases": "\n".join(data.get("case_sensitive_aliases", [])),
        "exclusions": "\n".join(data.get("exclusions", [])),
        "match_name": data.get("match_name", True),
        "wording_varies": data.get("wording_varies", False),
        "difficulty": Decimal(data["difficulty"]),
        "display_order": data["display_order"],
    }


def _skills_ensure(using: str, *, update: bool = False) -> dict[str, Skill]:
    rows = seed_file("skills.json")["skills"]
    existing, new_slugs = _taxonomy_ensure(Skill, rows, _skill_fields, using, update=update)
    links = [
        SkillPrerequisite(
            skill=existing[d["slug"]],
            prerequisite=existing[p["skill"]],
            min_level=p["min_level"],
        )
        for d in rows
        if d["slug"] in new_slugs or update
        for p in d["prerequisites"]
    ]
    if links:
        SkillPrerequisite.objects.using(using).bulk_create(links, ignore_conflicts=True)
    return existing


def _role_fields(data: dict) -> dict:
    return {
        "name": data["name"],
        "description": data["description"],
        "title_patterns": "\n".join(data["title_patterns"]),
        "display_order": data["display_order"],
        "page_order": data["page_order"],
        "person_title": data.get("person_title", ""),
    }


def _roles_ensure(using: str, *, update: bool = False) -> dict[str, Role]:
    rows = seed_file("roles.json")["roles"]
    return _taxonomy_ensure(Role, rows, _role_fields, using, update=update)[0]


def _taxonomy_ensure(model, rows, fields, using: str, *, update: bool):
    """Create the seed's skills or roles that are missing (by slug); with `update`, rewrite
    every one from the file. One an import created by name takes the seed's slug and details.
    Returns ({slug: row} of every row in the database, the slugs that were missing)."""
    existing = {o.slug: o for o in model.objects.using(using).all()}
    by_name = {o.name.lower(): o for o in existing.values()}
    missing, fresh = set(), []
    for data in rows:
        found = existing.get(data["slug"])
        if found is None:
            missing.add(data["slug"])
            found = by_name.get(data["name"].lower())
        if found is None:
            fresh.append(model(slug=data["slug"], **fields(data)))
        elif update or found.slug != data["slug"]:
            for key, value in fields(data).items():
                setattr(found, key, value)
            found.slug = data["slug"]
            found.save(using=using)
            existing[data["slug"]] = found
    if model is Role and (fresh or update or missing):
        # Every role once, as it will be: no two may share a label (`role_label_clash`).
        problem = role_label_clash({id(o): o for o in [*existing.values(), *fresh]}.values())
        if problem:
            raise SeedError(f"The seed's roles (market/seed/roles.json): {problem}")
    for created in model.objects.using(using).bulk_create(fresh):
        existing[created.slug] = created
    return existing, missing


def taxonomy_update(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Rewrite every seed skill and role (aliases, patterns, descriptions) from the files."""
    with transaction.atomic(using=using):
        _skills_ensure(using, update=True)
        _roles_ensure(using, update=True)


# ---- Curated content ----------------------------------------------------------------------


# Data-file keys copied as they are onto the model fields of the same name.
RESOURCE_FIELDS = ["title", "url", "kind", "section", "from_seed", "min_level", "max_level"]
STAGE_FIELDS = [
    "from_label",
    "to_label",
    "from_seniority",
    "to_seniority",
    "salary_from_usd",
    "salary_to_usd",
]


def _fields(row: dict, *names: str) -> dict:
    """The named values of a data-file row, as model field values (same names)."""
    return {name: row[name] for name in names}


def _content_ensure(using: str, *, skills: dict[str, Skill], roles: dict[str, Role]) -> None:
    content = seed_file("content.json")
    paths: dict[str, CareerPath] = {}
    if not CareerPath.objects.using(using).exists():
        paths = _paths_create(using, content["career_paths"], skills=skills, roles=roles)
    if not TimelinePhase.objects.using(using).exists():
        _timeline_create(using, content["timeline"], skills=skills)
    if not SkillTrend.objects.using(using).exists():
        SkillTrend.objects.using(using).bulk_create(
            SkillTrend(
                direction=t["direction"],
                order=i,
                label=t["label"],
                figure=t["figure"],
                skill=skills.get(t["skill"]) if t["skill"] else None,
            )
            for i, t in enumerate(content["trends"], start=1)
        )
    if not LearningResource.objects.using(using).exists():
        LearningResource.objects.using(using).bulk_create(
            LearningResource(
                skill=skills[r["skill"]],
                **_fields(r, *RESOURCE_FIELDS),
            )
            for r in content["resources"]
        )
    if not BackgroundRecommendation.objects.using(using).exists():
        if not paths:
            paths = {p.slug: p for p in CareerPath.objects.using(using).all()}
        BackgroundRecommendation.objects.using(using).bulk_create(
            BackgroundRecommendation(
                role=roles[r["role"]],
                path=paths.get(r["path"]),
                **_fields(r, "background", "headline", "seniority", "points"),
            )
            for r in content["recommendations"]
        )
    if not SeedInsight.objects.using(using).exists():
        SeedInsight.objects.using(using).bulk_create(
            SeedInsight(key=i["key"], section=i["section"], text=i["text"])
            for i in content["insights"]
        )


def _paths_create(using, rows, *, skills, roles) -> dict[str, CareerPath]:
    paths = CareerPath.objects.using(using).bulk_create(
        CareerPath(
            name=p["name"],
            slug=p["slug"],
            tagline=p["tagline"],
            role=roles[p["role"]],
            insight=p["insight"],
            display_order=p["number"],
        )
        for p in rows
    )
    stages, stage_items = [], []
    for path, data in zip(paths, rows, strict=True):
        for order, s in enumerate(data["stages"], start=1):
            stage = PathStage(path=path, order=order, **_fields(s, *STAGE_FIELDS))
            stages.append(stage)
            stage_items.append(s)
    PathStage.objects.using(using).bulk_create(stages)
    StageSkill.objects.using(using).bulk_create(
        StageSkill(
            stage=stage,
            order=order,
            kind=kind,
            text=text,
            skill=skills[slug] if slug else None,
        )
        for stage, s in zip(stages, stage_items, strict=True)
        for kind in (StageSkill.Kind.MUST, StageSkill.Kind.NICE)
        for order, (text, slug) in enumerate(s[kind], start=1)
    )
    return {p.slug: p for p in paths}


def _timeline_create(using, rows, *, skills) -> None:
    phases = TimelinePhase.objects.using(using).bulk_create(
        TimelinePhase(title=p["title"], start_month=p["start_month"], end_month=p["end_month"])
        for p in rows
    )
    items, item_skills = [], []
    for phase, data in zip(phases, rows, strict=True):
        for order, item in enumerate(data["items"], start=1):
            items.append(
                TimelineItem(phase=phase, track=item["track"], order=order, text=item["text"])
            )
            item_skills.append(item["skills"])
    TimelineItem.objects.using(using).bulk_create(items)
    through = TimelineItem.skills.through
    through.objects.using(using).bulk_create(
        through(timelineitem_id=item.pk, skill_id=skills[slug].pk)
        for item, slugs in zip(items, item_skills, strict=True)
        for slug in slugs
    )


# ---- The seed snapshot --------------------------------------------------------------------


def seed_snapshot_create(*, using: str = DEFAULT_DB_ALIAS) -> Snapshot:
    """Create and publish the seed analysis as a snapshot (from the CSV in export format)."""
    from market.services.snapshots import snapshot_create, snapshot_publish

    meta = seed_snapshot_meta()
    path = seed_snapshot_csv_path()
    document = aggregate_read(path, name=path.name)
    snapshot = snapshot_create(
        figures=document.figures,
        label=meta["label"],
        source=meta["source"],
        analysis_date=dt.date.fromisoformat(meta["analysis_date"]),
        postings_count=meta["postings_count"],
        notes=meta["notes"],
        tier_thresholds={},
        import_summary={"origin": "seed", "file": path.name},
    )
    return snapshot_publish(snapshot=snapshot)
