"""What the page cache tests share (public pages here, personal pages in tests/assessments):
publishing a moved market, taxonomy edits, and comparing a cached page with an uncached one."""

import pickle
import re
from decimal import Decimal

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client, override_settings

from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.ingestion.seed import taxonomy_update
from market.models import PathStage, Role, RoleLevelStat, Skill, SkillDemand, Snapshot, TimelineItem
from market.selectors import snapshot_current
from market.services.snapshots import snapshot_create, snapshot_publish

CSRF = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*"')


def cached_pages(alias: str) -> list[bytes]:
    """The page of every entry in cache `alias`, read from the store itself (not through
    keys the app would make), expired or not."""
    cache = caches[alias]
    if isinstance(cache, LocMemCache):
        with cache._lock:
            values = list(cache._cache.values())
    else:
        client = cache._cache.get_client()
        prefix = cache.make_key("")
        values = [client.get(key) for key in client.scan_iter(match=f"{prefix}*")]
    return [pickle.loads(value)[0] for value in values if value is not None]


def normalised(response) -> str:
    """The page without its CSRF tokens (masked anew for every response)."""
    return CSRF.sub(r"\1-", response.content.decode())


def market_moved_publish(*, shift: int = 3, label: str = "moved") -> Snapshot:
    """Publish a copy of the current market with every share moved by `shift` points."""
    current = snapshot_current()
    levels = [
        LevelFigure(s.role.name if s.role else None, s.seniority, s.job_count, s.avg_salary_usd)
        for s in RoleLevelStat.objects.filter(snapshot=current).select_related("role")
    ]
    demands = [
        DemandFigure(
            d.role.name if d.role else None,
            d.seniority,
            d.skill.name,
            min(Decimal(100), max(Decimal(0), d.share_pct + shift)),
            d.priority,
        )
        for d in SkillDemand.objects.filter(snapshot=current).select_related("role", "skill")
    ]
    snapshot = snapshot_create(
        figures=MarketFigures(levels=levels, demands=demands),
        label=label,
        source="tests",
        analysis_date=current.analysis_date,
        tier_thresholds=current.tier_thresholds,
    )
    return snapshot_publish(snapshot=snapshot)


def uncached(client: Client, path: str, **kwargs):
    with override_settings(PAGE_CACHE=False):
        return client.get(path, **kwargs)


def _role_rename(*, name, number):
    Role.objects.filter(slug="ml-engineer").update(name=f"ML Engineer {name}")


def _role_reorder(*, name, number):
    roles = list(Role.objects.order_by("pk"))
    role = roles[number % len(roles)]
    role.display_order = number % 200
    role.save()


def _skill_rename(*, name, number):
    Skill.objects.filter(slug="pytorch").update(name=f"PyTorch {name}")


def _path_stage_salary(*, name, number):
    PathStage.objects.filter(pk=PathStage.objects.first().pk).update(salary_to_usd=number)


def _timeline_item_text(*, name, number):
    item = TimelineItem.objects.first()
    item.text = f"Learn {name}"
    item.save()


TAXONOMY_EDITS = [
    _role_rename,
    _role_reorder,
    _skill_rename,
    _path_stage_salary,
    _timeline_item_text,
    lambda *, name, number: taxonomy_update(),  # the seed loader rewrites skills and roles
]
