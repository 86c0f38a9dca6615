"""The error summary's entries (`templates/_error_summary.html`), for any Django form."""

from typing import NamedTuple

from django import template
from django.core.exceptions import ValidationError
from django.forms import BoundField, Form

register = template.Library()

WHOLE_FORM_ERROR_ID = "form-errors"  # the summary's first error about the whole form
SUMMARY_ID = "error-summary"  # the summary itself (an htmx response may take it away)
SUMMARY_TITLE_ID = "error-summary-title"  # the summary's heading, which names it


class SummaryEntry(NamedTuple):
    """One error of the summary: a link to the field at fault (`anchor`), or, for an error
    about the whole form, its sentence said there and only there. `id`: a whole-form error's
    is what the fields in question are described by; a field's lets an htmx response take
    it away (field_summary_id) when the field is answered in place."""

    text: str
    anchor: str = ""
    id: str = ""


def summary_id(form: Form, name: str) -> str:
    """The id `name` of `form`'s error summary, after the form's prefix if it has one
    ("signup-form-errors"): two forms on a page are told apart by their prefixes, as their
    fields' ids are; a form without one keeps `name`."""
    prefix = getattr(form, "prefix", None)
    return f"{prefix}-{name}" if prefix else name


@register.filter
def error_summary_id(form: Form) -> str:
    """The id of `form`'s error summary."""
    return summary_id(form, SUMMARY_ID)


@register.filter
def field_summary_id(bound: BoundField, n: int = 1) -> str:
    """The id of the summary's `n`th entry for the field `bound`: "id_background-summary"."""
    return f"{bound.auto_id}-summary" if n == 1 else f"{bound.auto_id}-summary-{n}"


@register.filter
def summary_title_id(form: Form) -> str:
    """The id of the heading of `form`'s error summary."""
    return summary_id(form, SUMMARY_TITLE_ID)


def whole_form_error_ids(form: Form, count: int) -> list[str]:
    """The ids of `form`'s `count` errors about the whole form in its summary."""
    first = summary_id(form, WHOLE_FORM_ERROR_ID)
    return [first if n == 1 else f"{first}-{n}" for n in range(1, count + 1)]


@register.filter
def summary_entries(form: Form) -> list[SummaryEntry]:
    """The summary's entries of a bound form: its errors about the whole form (plain text:
    the summary is the one place they are said), then each field's errors, in the order of
    its fields, as links to it (a SummarisedError's summary, not its whole text). [] without
    errors."""
    if not getattr(form, "is_bound", False) or not form.errors:
        return []
    whole = [str(error) for error in form.non_field_errors()]
    ids = whole_form_error_ids(form, len(whole))
    entries = [SummaryEntry(text, id=id) for text, id in zip(whole, ids, strict=True)]
    for bound in (bound for bound in form if not bound.is_hidden):
        entries += [
            SummaryEntry(summary_text(bound, error), _anchor(bound), field_summary_id(bound, n))
            for n, error in enumerate(bound.errors.data, start=1)
        ]
    return entries


def summary_text(bound: BoundField, error: ValidationError | str) -> str:
    """The text of the summary's link to `bound` for `error`: "Label: message"."""
    return f"{bound.label}: {_summary(error)}"


def _summary(error: ValidationError | str) -> str:
    """An error's text as the summary gives it: a SummarisedError's `summary`, else all of it."""
    if isinstance(error, ValidationError):
        return getattr(error, "summary", None) or next(iter(error))
    return str(error)


def _anchor(bound: BoundField) -> str:
    """The id a link to the field points at (a radio group's: its first choice)."""
    return bound.id_for_label or f"{bound.auto_id}_0"
