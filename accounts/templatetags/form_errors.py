"""The error summary's links (`templates/_error_summary.html`), for any Django form."""

from django import template
from django.core.exceptions import ValidationError
from django.forms import BoundField, Form

register = template.Library()


@register.filter
def error_links(form: Form) -> list[tuple[str, str]]:
    """(field id, "Label: message") of each error of a bound form, in the order of its
    fields (a SummarisedError's summary, not its whole text); an error about the whole form
    links to its first field. [] without errors."""
    if not getattr(form, "is_bound", False) or not form.errors:
        return []
    fields = [bound for bound in form if not bound.is_hidden]
    first = _anchor(fields[0]) if fields else ""
    links = [(first, str(error)) for error in form.non_field_errors()]
    for bound in fields:
        links += [(_anchor(bound), summary_text(bound, e)) for e in bound.errors.data]
    return links


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
