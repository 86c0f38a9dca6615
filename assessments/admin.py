"""Admin for assessments: what each level means per kind of skill, edited on one page."""

from django import forms
from django.contrib import admin

from assessments.models import LevelDescriptor
from market.admin import NamedListEditable


@admin.register(LevelDescriptor)
class LevelDescriptorAdmin(NamedListEditable, admin.ModelAdmin):
    list_display = ["category", "level", "description"]
    list_display_links = ["level"]
    list_editable = ["description"]
    list_filter = ["category"]
    list_per_page = 100
    search_fields = ["description"]
    actions = None  # a fixed grid, one per kind of skill and level: edited, never removed

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "description":  # a two-line box, in the change list too
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)
