"""Admin for the market: taxonomy and curated content editable, published figures read-only."""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from market.aggregate import aggregate_csv, aggregate_json
from market.models import (
    BackgroundRecommendation,
    CareerPath,
    LearningResource,
    PathStage,
    Role,
    RoleLevelStat,
    SeedInsight,
    Skill,
    SkillDemand,
    SkillPrerequisite,
    SkillTrend,
    Snapshot,
    StageSkill,
    TimelineItem,
    TimelinePhase,
)

try:  # Helper B's "Refresh market data" pages, when present.
    from market.admin_refresh import refresh_urls
except ImportError:  # pragma: no cover - depends on which parts are installed
    refresh_urls = None


def export_response(snapshot: Snapshot, fmt: str) -> HttpResponse:
    """The snapshot in the export format, as a download."""
    if fmt == "json":
        body, content_type = aggregate_json(snapshot), "application/json"
    else:
        fmt, body, content_type = "csv", aggregate_csv(snapshot), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    filename = f"market-snapshot-{snapshot.pk}-{snapshot.analysis_date:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SkillPrerequisiteInline(admin.TabularInline):
    model = SkillPrerequisite
    fk_name = "skill"
    extra = 0
    autocomplete_fields = ["prerequisite"]


class LearningResourceInline(admin.TabularInline):
    model = LearningResource
    extra = 0


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category", "difficulty", "display_order"]
    list_filter = ["category"]
    list_editable = ["display_order"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SkillPrerequisiteInline, LearningResourceInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name", "title_patterns"]
    prepopulated_fields = {"slug": ["name"]}


class _PublishedReadOnly:
    """Rows of a published snapshot can be viewed, never changed, added or deleted."""

    def _published(self, obj) -> bool:
        snapshot = obj if isinstance(obj, Snapshot) else getattr(obj, "snapshot", None)
        return bool(snapshot and snapshot.state == Snapshot.State.PUBLISHED)

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._published(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._published(obj):
            return False
        return super().has_delete_permission(request, obj)


class _PublishedReadOnlyInline(_PublishedReadOnly, admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        if obj is not None and self._published(obj):
            return False
        return super().has_add_permission(request, obj)


class RoleLevelStatInline(_PublishedReadOnlyInline):
    model = RoleLevelStat


class SkillDemandInline(_PublishedReadOnlyInline):
    model = SkillDemand
    autocomplete_fields = ["skill"]


@admin.register(Snapshot)
class SnapshotAdmin(_PublishedReadOnly, admin.ModelAdmin):
    list_display = [
        "__str__",
        "state",
        "is_current",
        "postings_count",
        "created_at",
        "published_at",
        "downloads",
    ]
    list_filter = ["state", "is_current"]
    readonly_fields = ["state", "is_current", "created_at", "published_at", "created_by"]
    inlines = [RoleLevelStatInline, SkillDemandInline]
    actions = ["download_csv"]

    def get_urls(self):
        urls = [
            path(
                "<int:snapshot_id>/export.<str:fmt>",
                self.admin_site.admin_view(self.export_view),
                name="market_snapshot_export",
            )
        ]
        if refresh_urls is not None:
            urls += list(refresh_urls(self.admin_site))
        return urls + super().get_urls()

    def export_view(self, request, snapshot_id: int, fmt: str):
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        snapshot = get_object_or_404(Snapshot, pk=snapshot_id)
        return export_response(snapshot, fmt)

    @admin.display(description="Export")
    def downloads(self, obj):
        csv_url = reverse("admin:market_snapshot_export", args=[obj.pk, "csv"])
        json_url = reverse("admin:market_snapshot_export", args=[obj.pk, "json"])
        return format_html('<a href="{}">CSV</a> · <a href="{}">JSON</a>', csv_url, json_url)

    @admin.action(description="Download the selected snapshot (CSV export)")
    def download_csv(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one snapshot to download.", messages.ERROR)
            return None
        return export_response(queryset.get(), "csv")


@admin.register(RoleLevelStat)
class RoleLevelStatAdmin(_PublishedReadOnly, admin.ModelAdmin):
    list_display = ["snapshot", "role", "seniority", "job_count", "avg_salary_usd"]
    list_filter = ["snapshot", "seniority", "role"]
    list_select_related = ["snapshot", "role"]


@admin.register(SkillDemand)
class SkillDemandAdmin(_PublishedReadOnly, admin.ModelAdmin):
    list_display = ["snapshot", "role", "seniority", "skill", "share_pct", "priority"]
    list_filter = ["snapshot", "seniority", "priority", "role"]
    list_select_related = ["snapshot", "role", "skill"]
    search_fields = ["skill__name"]


class StageSkillInline(admin.TabularInline):
    model = StageSkill
    extra = 0
    autocomplete_fields = ["skill"]


@admin.register(PathStage)
class PathStageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "salary_from_usd", "salary_to_usd"]
    list_select_related = ["path"]
    inlines = [StageSkillInline]


class PathStageInline(admin.TabularInline):
    model = PathStage
    extra = 0
    show_change_link = True


@admin.register(CareerPath)
class CareerPathAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "tagline", "display_order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PathStageInline]


class TimelineItemInline(admin.TabularInline):
    model = TimelineItem
    extra = 0
    autocomplete_fields = ["skills"]


@admin.register(TimelinePhase)
class TimelinePhaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_month", "end_month"]
    inlines = [TimelineItemInline]


@admin.register(SkillTrend)
class SkillTrendAdmin(admin.ModelAdmin):
    list_display = ["label", "direction", "figure", "skill", "order"]
    list_filter = ["direction"]
    autocomplete_fields = ["skill"]


@admin.register(LearningResource)
class LearningResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "skill", "kind", "section", "from_seed", "min_level", "max_level"]
    list_filter = ["kind", "from_seed", "section"]
    search_fields = ["title", "skill__name"]
    autocomplete_fields = ["skill"]


@admin.register(BackgroundRecommendation)
class BackgroundRecommendationAdmin(admin.ModelAdmin):
    list_display = ["background", "headline", "role", "seniority", "path"]


@admin.register(SeedInsight)
class SeedInsightAdmin(admin.ModelAdmin):
    list_display = ["key", "section", "text"]
    list_filter = ["section"]
    search_fields = ["key", "text"]
