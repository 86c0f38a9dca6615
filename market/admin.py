"""Admin for the market: taxonomy and curated content editable, published figures read-only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from accounts.http import NotFound
from assessments.services.versioning import PersonLockedDeletes
from market.admin_refresh import MarketRefreshViews, taxonomy_gone
from market.ingestion.aggregate import aggregate_export
from market.ingestion.refresh import snapshot_discard
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
from market.services.taxonomy import skill_rules_preview
from market.templatetags.market_format import count
from market.vocabulary import ALL_ROLES_LABEL, usd_text

EXPORT_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def export_response(snapshot: Snapshot, fmt: str) -> HttpResponse:
    """The snapshot in the export format (csv or json), as a download."""
    response = HttpResponse(
        aggregate_export(snapshot, format=fmt), content_type=EXPORT_CONTENT_TYPES[fmt]
    )
    filename = f"market-snapshot-{snapshot.pk}-{snapshot.analysis_date:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RowLabelledFormSet(BaseInlineFormSet):
    """Each input of an inline table is named after its row ("Min level, Docker (level 2)
    before Kubernetes"; "Title, new learning resource"): a column header alone does not label
    an input, and Django's tabular inlines give their inputs no label."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = str(form.instance) if form.instance.pk else f"new {self.model._meta.verbose_name}"
        for field in form.fields.values():
            # The admin's wrapper of a related field (add/change links) renders its inner widget
            # with that widget's own attributes.
            widget = getattr(field.widget, "widget", field.widget)
            if not widget.is_hidden:
                widget.attrs["aria-label"] = f"{field.label}, {row}"


class CompactInline(admin.TabularInline):
    """A table of the related rows, without empty rows to fill in."""

    extra = 0
    formset = RowLabelledFormSet


class SkillPrerequisiteInline(CompactInline):
    model = SkillPrerequisite
    fk_name = "skill"
    autocomplete_fields = ["prerequisite"]


class LearningResourceInline(CompactInline):
    model = LearningResource


class NamedListEditable:
    """ModelAdmin mixin: each `list_editable` input of the change list is named after its row
    ("Display order of Python"): a column header alone does not label an input."""

    def get_changelist_form(self, request, **kwargs):
        editable = self.list_editable

        class RowForm(super().get_changelist_form(request, **kwargs)):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name in editable:
                    field = self.fields[name]
                    field.widget.attrs["aria-label"] = f"{field.label} of {self.instance}"

        return RowForm


PREVIEW = "_preview"  # the change form's "Preview the change" button


class SkillAdminForm(forms.ModelForm):
    """A skill's change form. Pressed with "Preview the change", it validates but does not
    save: it counts what the rules typed in would do (skill_rules_preview) and the page comes
    back with what was typed and the counts."""

    rules_preview = None

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid and PREVIEW in self.data:
            self.rules_preview = skill_rules_preview(skill=self.save(commit=False))
            self.previewed = True
            return False  # nothing is saved; no error is shown either
        return valid


# Deleting a skill deletes people's levels of it (and their history, their ads' asks); a role
# or a snapshot sets their targets, ads' roles or last seen snapshot to NULL: the admins of all
# three lock those people first (PersonLockedDeletes).
@admin.register(Skill)
class SkillAdmin(PersonLockedDeletes, NamedListEditable, admin.ModelAdmin):
    form = SkillAdminForm
    change_form_template = "admin/market/skill/change_form.html"
    list_display = ["name", "slug", "category", "difficulty", "display_order"]
    list_filter = ["category"]
    list_editable = ["display_order"]
    search_fields = ["name", "slug", "aliases", "case_sensitive_aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SkillPrerequisiteInline, LearningResourceInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "description", "difficulty"]}),
        (
            "Finding the skill in postings, job ads and pasted text",
            {
                "fields": [
                    "match_name",
                    "aliases",
                    "case_sensitive_aliases",
                    "exclusions",
                    "wording_varies",
                ]
            },
        ),
        (None, {"fields": ["display_order"]}),
    ]

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        context["previewed"] = getattr(form, "previewed", False)
        context["rules_preview"] = form.rules_preview
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(Role)
class RoleAdmin(PersonLockedDeletes, NamedListEditable, admin.ModelAdmin):
    # Page order (what people read) and matching order (how titles are classified) apart.
    list_display = ["name", "slug", "page_order", "display_order"]
    list_editable = ["page_order", "display_order"]
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


def _snapshot_name(snapshot: Snapshot) -> str:
    """A snapshot named in an admin list as everywhere ("#3 Autumn refresh (2025-11-01)"), its
    date on one line: a long label breaks anywhere (admin.css), its date, at its hyphens, not."""
    return format_html(
        '#{} {} <span class="nowrap">({})</span>',
        snapshot.pk,
        snapshot.label,
        f"{snapshot.analysis_date:%Y-%m-%d}",
    )


class _SnapshotFilter(admin.RelatedFieldListFilter):
    """The figures' filter by snapshot names each as their list does, its date whole."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin) or Snapshot._meta.ordering
        return [(each.pk, _snapshot_name(each)) for each in Snapshot.objects.order_by(*ordering)]


class _FiguresAdmin(_PublishedReadOnly, admin.ModelAdmin):
    """A snapshot's figures: only a draft snapshot can be given new or moved rows."""

    @admin.display(description="Snapshot", ordering="snapshot")
    def snapshot_name(self, figure) -> str:
        return _snapshot_name(figure.snapshot)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "snapshot":
            kwargs["queryset"] = Snapshot.objects.filter(state=Snapshot.State.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class _PublishedReadOnlyInline(_PublishedReadOnly, CompactInline):
    related: tuple[str, ...] = ()  # shown on every row: fetched with the rows, not per row

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)

    def has_add_permission(self, request, obj=None):
        if obj is not None and self._published(obj):
            return False
        return super().has_add_permission(request, obj)


class RoleLevelStatInline(_PublishedReadOnlyInline):
    model = RoleLevelStat
    related = ("role",)


class SkillDemandInline(_PublishedReadOnlyInline):
    model = SkillDemand
    related = ("role", "skill")
    autocomplete_fields = ["skill"]


@admin.register(Snapshot)
class SnapshotAdmin(PersonLockedDeletes, MarketRefreshViews, _PublishedReadOnly, admin.ModelAdmin):
    list_display = [
        "name",
        "state",
        "is_current",
        "postings",
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
        return urls + self.refresh_urls() + super().get_urls()

    def export_view(self, request, snapshot_id: int, fmt: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in EXPORT_CONTENT_TYPES:
            raise NotFound(f"Unknown export format {fmt!r}: use csv or json.")
        snapshot = get_object_or_404(Snapshot, pk=snapshot_id)
        return export_response(snapshot, fmt)

    # A draft deleted here is discarded, as the refresh page's Discard does: the roles and
    # skills its import added (or took over) go with it, or pass to the drafts still counting
    # them - a plain delete left them in the taxonomy for good.
    def delete_model(self, request, obj) -> None:
        if obj.state != Snapshot.State.DRAFT:
            super().delete_model(request, obj)
        elif gone := taxonomy_gone(snapshot_discard(snapshot=obj)):
            self.message_user(request, gone.strip())

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            for draft in queryset.filter(state=Snapshot.State.DRAFT).order_by("pk"):
                if gone := taxonomy_gone(snapshot_discard(snapshot=draft)):
                    self.message_user(request, f"Draft {draft.pk}:{gone}")
            super().delete_queryset(request, queryset.exclude(state=Snapshot.State.DRAFT))

    @admin.display(description="Snapshot")
    def name(self, obj) -> str:
        return _snapshot_name(obj)

    @admin.display(description="Export")
    def downloads(self, obj):
        csv_url = reverse("admin:market_snapshot_export", args=[obj.pk, "csv"])
        json_url = reverse("admin:market_snapshot_export", args=[obj.pk, "json"])
        return format_html('<a href="{}">CSV</a> · <a href="{}">JSON</a>', csv_url, json_url)

    @admin.display(description="Postings", ordering="postings_count")
    def postings(self, obj) -> str | None:
        return _count(obj.postings_count)

    @admin.action(description="Download as CSV")
    def download_csv(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one snapshot to download.", messages.ERROR)
            return None
        return export_response(queryset.get(), "csv")


def _count(value: int | None) -> str | None:
    """A count in the admin's lists as on the site's pages ("21,359"); None shows "-"."""
    return None if value is None else count(value)


class _RoleOrAllFilter(admin.RelatedFieldListFilter):
    """The role filter's choice of the figures over every role (role None): "All roles
    combined", not the empty value's "-", nor "All roles" beside the filter's own "All" (no
    filter), which it would read as."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = f"{ALL_ROLES_LABEL} combined"


class _RoleOrAll:
    """ModelAdmin mixin: a figure's role, "All roles" for the figures over every role (role
    None), where Django would show its "-", in the list and in its filter."""

    @admin.display(description="Role", ordering="role")
    def role_name(self, figure) -> str:
        return figure.role.name if figure.role else ALL_ROLES_LABEL


def _salary(value: int | None) -> str | None:
    """A salary in the admin's lists as on the site's pages; None shows the admin's "-"."""
    return None if value is None else usd_text(value)


@admin.register(RoleLevelStat)
class RoleLevelStatAdmin(_RoleOrAll, _FiguresAdmin):
    list_display = ["snapshot_name", "role_name", "seniority", "jobs", "avg_salary"]
    list_filter = [("snapshot", _SnapshotFilter), "seniority", ("role", _RoleOrAllFilter)]
    list_select_related = ["snapshot", "role"]

    @admin.display(description="Job count", ordering="job_count")
    def jobs(self, stat) -> str | None:
        return _count(stat.job_count)

    @admin.display(description="Average salary", ordering="avg_salary_usd")
    def avg_salary(self, stat) -> str | None:
        return _salary(stat.avg_salary_usd)


@admin.register(SkillDemand)
class SkillDemandAdmin(_RoleOrAll, _FiguresAdmin):
    list_display = ["snapshot_name", "role_name", "seniority", "skill", "share_pct", "priority"]
    list_filter = [
        ("snapshot", _SnapshotFilter),
        "seniority",
        "priority",
        ("role", _RoleOrAllFilter),
    ]
    list_select_related = ["snapshot", "role", "skill"]
    search_fields = ["skill__name"]


class StageSkillInline(CompactInline):
    model = StageSkill
    autocomplete_fields = ["skill"]


@admin.register(PathStage)
class PathStageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "salary_from", "salary_to"]
    list_select_related = ["path"]
    inlines = [StageSkillInline]

    @admin.display(description="Salary from", ordering="salary_from_usd")
    def salary_from(self, stage) -> str | None:
        return _salary(stage.salary_from_usd)

    @admin.display(description="Salary to", ordering="salary_to_usd")
    def salary_to(self, stage) -> str | None:
        return _salary(stage.salary_to_usd)


class PathStageInline(CompactInline):
    model = PathStage
    show_change_link = True


@admin.register(CareerPath)
class CareerPathAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "tagline", "display_order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PathStageInline]


class TimelineItemInline(CompactInline):
    model = TimelineItem
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
