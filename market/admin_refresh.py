"""Admin pages to refresh the market: upload a file, preview the draft against the current
snapshot, publish or discard it, and publish an earlier snapshot again (roll back).

Views of the Snapshot admin (`MarketRefreshViews`, mixed into `SnapshotAdmin`), so every
view goes through `admin_site.admin_view` (active staff only).
"""

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import SummarisedError
from accounts.templatetags.form_errors import summary_text
from market.ingestion.importing import (
    AUTO,
    FORMATS,
    CountedHereError,
    MarketImportError,
    market_import,
)
from market.ingestion.new_names import (
    NEAR_MISSES,
    NEW_NAME_BOX,
    accepted_read,
    near_miss_text,
    near_misses_loaded,
)
from market.ingestion.postings import (
    COLUMN_NAMES_BOX,
    FIELDS,
    mapping_field_problem,
    mapping_item_problem,
    mapping_parse,
)
from market.ingestion.reading import empty_text_of
from market.ingestion.refresh import (
    draft_publish,
    snapshot_diff,
    snapshot_discard,
    snapshot_discard_preview,
    snapshot_roll_back,
)
from market.models import Snapshot, TaxonomyNameValidator
from market.selectors import snapshot_current
from market.services.snapshots import (
    UNCHECKED,
    CurrentChangedError,
    NearMissPending,
    SnapshotError,
    gone_text,
)

COMMAND_HINT = "python manage.py import_market FILE"
LARGER_FILES = f"Import larger files on the server with: {COMMAND_HINT}"
OVER_THE_LIMIT = "over_the_limit"  # the code of a file box's error saying LARGER_FILES
FORMAT_LABELS = {
    AUTO: "Detect from the file",
    "postings": "Job postings (CSV, JSONL, Parquet)",
    "aggregate": "Aggregated export (CSV, JSON)",
}


def size_text(n_bytes: int) -> str:
    """1536 -> "1.5 KB", 3 * 2**20 -> "3.0 MB" (never "0.0 MB" for a small limit)."""
    if n_bytes < 1024 * 1024:
        return f"{n_bytes / 1024:.1f} KB"
    return f"{n_bytes / (1024 * 1024):.1f} MB"


def _limit_text() -> str:
    return f"uploads are limited to {size_text(settings.MARKET_UPLOAD_MAX_BYTES)}"


def too_large_error(n_bytes: int, name: str) -> ValidationError:
    """What an admin reads when the uploaded file is over MARKET_UPLOAD_MAX_BYTES."""
    return _file_over_the_limit(name=name, size=size_text(n_bytes))


def _file_over_the_limit(*, name: str, size: str) -> ValidationError:
    return _over_the_limit(f"{name} is {size}; {_limit_text()}.")


def upload_too_large_error(n_bytes: int) -> ValidationError:
    """What an admin reads when the upload was refused by its Content-Length, unread
    (accounts.middleware): `n_bytes` is the whole request's, the file with the form around
    it, and nothing of it was read - neither the file's name nor what was typed."""
    return _over_the_limit(
        f"The upload is about {size_text(n_bytes)}; {_limit_text()}, so none of it was read, "
        "nor the label or column names typed with it."
    )


def _over_the_limit(what: str) -> ValidationError:
    # The command to use instead is said once, at the file box: the error summary gives what
    # is wrong and leads there, and the page's introduction leaves it out (OVER_THE_LIMIT).
    return SummarisedError(f"{what} {LARGER_FILES}", summary=what, code=OVER_THE_LIMIT)


# The session key under which an upload refused unread leaves its size for the page.
UPLOAD_REFUSED_BYTES = "market_upload_refused_bytes"


def upload_refused(request, n_bytes: int):
    """The answer to an upload refused by its Content-Length before anything read it: back
    to the upload page, whose form then says, as its own errors do, how large it was."""
    request.session[UPLOAD_REFUSED_BYTES] = n_bytes
    return redirect("admin:market_refresh")


class MarketUploadForm(forms.Form):
    mapping_terms = COLUMN_NAMES_BOX  # quoting the lines typed, once clean_mapping has them
    # Empty files are let through Django's check ("The submitted file is empty."): clean_file
    # says it as import_market does, naming the file and saying what to do.
    file = forms.FileField(label="Data file", allow_empty_file=True)
    format = forms.ChoiceField(
        label="Format", choices=[(f, FORMAT_LABELS[f]) for f in FORMATS], initial=AUTO
    )
    label = forms.CharField(
        label="Label",
        max_length=120,
        required=False,
        help_text="Defaults to the file name.",
        validators=[TaxonomyNameValidator(120)],
    )
    mapping = forms.CharField(
        label="Column names (optional)",
        required=False,
        strip=False,  # leading blank lines kept: an error's line number is the box's
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One FIELD=COLUMN per line when a column's name is not a common one, e.g. "
        f"title=Position. Fields: {', '.join(FIELDS)}.",
    )
    counted_here = forms.BooleanField(
        label="Counted here (aggregates only)",
        required=False,
        help_text="For an aggregated export only: its shares were counted from postings with "
        "this app's rules (the result of warehouse_sql, or an export of a market counted "
        "here), so skills asked for in many wordings show “at least” their share. Leave it "
        "off for figures computed elsewhere; a JSON export says which it is itself. Job "
        "postings are always counted here: leave it off for them (a postings file with it "
        "ticked is refused).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser refuses a chosen file over the limit before sending it, in the words
        # and places of clean_file's error ({name} and {size} are the file's; admin-forms.js).
        error = _file_over_the_limit(name="{name}", size="{size}")
        self.fields["file"].widget.attrs.update(
            {
                "data-max-bytes": settings.MARKET_UPLOAD_MAX_BYTES,
                "data-too-large": error.message,
                "data-too-large-summary": summary_text(self["file"], error),
            }
        )

    def clean_file(self):
        # Checked here, whatever the other fields say, not by the import, which runs only once
        # they are valid: an empty file is told with their errors, on the first submit.
        upload = self.cleaned_data["file"]
        if upload.size > settings.MARKET_UPLOAD_MAX_BYTES:
            raise too_large_error(upload.size, upload.name)
        upload.seek(0)
        empty = empty_text_of(upload)
        upload.seek(0)
        if empty:
            raise forms.ValidationError(f"{upload.name} {empty}.")
        return upload

    @classmethod
    def refused(cls, error: ValidationError) -> "MarketUploadForm":
        """The form as a refused upload leaves it: nothing typed, `error` on the file box
        (shown, and summarised at the top, as the form's own errors are)."""
        form = cls({"format": AUTO})
        del form.errors["file"]  # "This field is required."
        form.add_error("file", error)
        return form

    def clean_mapping(self):
        lines = [line.strip() for line in self.cleaned_data["mapping"].splitlines()]
        # Each wrong line by its number (blank lines count: the box shows them) and its text.
        problems = [
            f"Line {number}, “{line}”, {problem}"
            for number, line in enumerate(lines, start=1)
            if line and (problem := _mapping_line_problem(line))
        ]
        if problems:
            raise forms.ValidationError(problems)
        # Errors told once the file is read quote a line as these do: as typed, by its number.
        self.mapping_terms = COLUMN_NAMES_BOX.quoting(lines)
        return mapping_parse([line for line in lines if line])


def _mapping_line_problem(line: str) -> str:
    """What is wrong with one line under Column names, the end of a sentence ("" if nothing):
    an unknown field is told here, on the first submit, not once the file is read."""
    if problem := mapping_item_problem(line):
        return f"{problem}; write each line as FIELD=COLUMN (for example title=Position)."
    if problem := mapping_field_problem(line.partition("=")[0].strip().lower()):
        return f"{problem}."
    return ""


WHO_CAN = (
    "Only staff with the permission “Can change snapshot” can import a file, publish, roll "
    "back or discard; your account may view the snapshots only."
)


class MarketRefreshViews:
    """The refresh pages, as views of the Snapshot admin (`SnapshotAdmin.get_urls` mounts
    them through `admin_site.admin_view`: active staff only). Reading needs view_snapshot,
    writing change_snapshot."""

    def refresh_urls(self) -> list:
        """URL patterns (relative to the Snapshot admin) for the refresh pages."""
        wrap = self.admin_site.admin_view
        return [
            path("refresh/", wrap(self.refresh_view), name="market_refresh"),
            path(
                "refresh/<int:snapshot_id>/",
                wrap(self.refresh_preview_view),
                name="market_refresh_preview",
            ),
            path(
                "refresh/<int:snapshot_id>/publish/",
                wrap(self.refresh_publish_view),
                name="market_refresh_publish",
            ),
            path(
                "refresh/<int:snapshot_id>/discard/",
                wrap(self.refresh_discard_view),
                name="market_refresh_discard",
            ),
        ]

    def _require(self, request, action: str) -> None:
        if not request.user.has_perm(f"market.{action}_snapshot"):
            raise PermissionDenied

    def _page(self, request, template: str, context: dict):
        # Forms that change the market only for those who may use them (others get a 403).
        may_change = request.user.has_perm("market.change_snapshot")
        return render(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": Snapshot._meta,
                "may_change": may_change,
                "who_can": WHO_CAN,
                **context,
            },
        )

    @method_decorator(require_http_methods(["GET", "POST"]))
    def refresh_view(self, request):
        self._require(request, "view")
        # An upload refused unread is told once, by the next page; a later upload forgets it.
        refused = request.session.pop(UPLOAD_REFUSED_BYTES, None)
        if request.method == "POST":
            self._require(request, "change")
            # A huge body was refused unread (accounts.middleware.OversizedBodyRefusedMiddleware);
            # the form checks the file itself.
            form = MarketUploadForm(request.POST, request.FILES)
            if form.is_valid():
                snapshot = _import_upload(request, form)
                if snapshot is not None:
                    return redirect("admin:market_refresh_preview", snapshot.pk)
        elif refused:
            form = MarketUploadForm.refused(upload_too_large_error(refused))
        else:
            form = MarketUploadForm()
        snapshots = list(
            Snapshot.objects.select_related("created_by").order_by("-created_at", "-id")
        )
        return self._page(
            request,
            "admin/market/refresh.html",
            {
                "title": "Refresh market data",
                "form": form,
                "snapshots": snapshots,
                "limit": size_text(settings.MARKET_UPLOAD_MAX_BYTES),
                "command_hint": COMMAND_HINT,
                # The file box's error names the command: the introduction does not repeat it.
                "hint_in_error": form.has_error("file", OVER_THE_LIMIT),
            },
        )

    @method_decorator(require_GET)
    def refresh_preview_view(self, request, snapshot_id: int):
        self._require(request, "view")
        snapshot = get_object_or_404(Snapshot, pk=snapshot_id)
        current = snapshot_current()
        diff = snapshot_diff(
            draft=snapshot, current=current if current and current.pk != snapshot.pk else None
        )
        return self._page(
            request,
            "admin/market/refresh_preview.html",
            {
                "title": f"Snapshot {snapshot.pk}: {snapshot.label}",
                "new_name": NEW_NAME,
                "snapshot": snapshot,
                "current": current,
                "diff": diff,
                "summary": snapshot.import_summary or {},
                # New names that resemble existing ones: told, and a box each to accept them.
                "near_misses": [
                    (near, near_miss_text(near, NEW_NAME_BOX))
                    for near in near_misses_loaded((snapshot.import_summary or {}).get(NEAR_MISSES))
                ],
            },
        )

    @method_decorator(require_POST)
    def refresh_publish_view(self, request, snapshot_id: int):
        self._require(request, "change")
        snapshot = Snapshot.objects.filter(pk=snapshot_id).first()
        if snapshot is None:  # discarded by another admin since this page was shown
            messages.error(request, f"{gone_text(snapshot_id)}: nothing was published.")
            return redirect("admin:market_refresh")
        again = snapshot.is_published
        seen = _current_seen(request.POST)
        try:
            if again:
                snapshot_roll_back(to=snapshot, by=request.user, current_seen=seen)
            else:
                draft_publish(
                    snapshot=snapshot,
                    by=request.user,
                    current_seen=seen,
                    accepted=accepted_read(request.POST.getlist(NEW_NAME)),
                )
        except (CurrentChangedError, NearMissPending) as exc:
            messages.error(request, str(exc))
            return redirect("admin:market_refresh_preview", snapshot.pk)
        except SnapshotError as exc:
            messages.error(request, str(exc))
        else:
            state = "the current market again" if again else "now the current market"
            messages.success(request, f"Snapshot {snapshot.pk} is {state}.")
        return redirect("admin:market_refresh")

    @method_decorator(require_http_methods(["GET", "POST"]))
    def refresh_discard_view(self, request, snapshot_id: int):
        """GET: what discarding the draft takes and what stays, and a button to confirm;
        a POST discards only from that page (CONFIRMED), as the admin's deletes do."""
        self._require(request, "change")
        snapshot = Snapshot.objects.filter(pk=snapshot_id).first()
        if snapshot is None:  # discarded already (another admin, or Back and Discard again)
            messages.warning(request, f"{gone_text(snapshot_id)}: nothing else changed.")
            return redirect("admin:market_refresh")
        if request.method == "GET":
            return self._discard_confirmation(request, snapshot)
        if request.POST.get(CONFIRMED) != "yes":  # a Discard from a page drawn before
            return redirect("admin:market_refresh_discard", snapshot.pk)
        try:
            discarded = snapshot_discard(snapshot=snapshot)
        except SnapshotError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Draft {snapshot_id} discarded.{taxonomy_gone(discarded)}")
        return redirect("admin:market_refresh")

    def _discard_confirmation(self, request, snapshot: Snapshot):
        try:
            discarding = snapshot_discard_preview(snapshot=snapshot)
        except SnapshotError as exc:
            messages.error(request, str(exc))
            return redirect("admin:market_refresh_preview", snapshot.pk)
        return self._page(
            request,
            "admin/market/refresh_discard.html",
            {
                "title": f"Discard draft {snapshot.pk}?",
                "snapshot": snapshot,
                "confirmed": CONFIRMED,
                "going": taxonomy_going(discarding).strip(),
                "staying": taxonomy_staying(discarding).strip(),
            },
        )


# The publish form's boxes, one per near-miss accepted as a new role or skill.
NEW_NAME = "new_name"
# The field of the confirmation page's form, "yes" there: a POST without it discards nothing.
CONFIRMED = "post"


def taxonomy_gone(discarded) -> str:
    """' The role R and skills A, B it had added went with it.' ("" when none did), the same
    for those it had taken over from a draft discarded before, then taxonomy_staying's."""
    return _gone(discarded, "it had added went", "went") + taxonomy_staying(discarded)


def taxonomy_going(discarding) -> str:
    """taxonomy_gone's first sentences as said before the discard: ' The role R and skills
    A, B it added will go with it.'"""
    return _gone(discarding, "it added will go", "will go")


def taxonomy_staying(discarded) -> str:
    """What stays of the roles and skills the draft had added: _taxonomy_kept's and
    _taxonomy_in_use's sentences (true before the discard as after it)."""
    return _taxonomy_kept(discarded.handed_over) + _taxonomy_in_use(discarded.kept)


def _gone(discarded, own_went: str, taken_went: str) -> str:
    own = _kinds(
        {
            "role": [n for n in discarded.roles if n not in discarded.roles_taken_over],
            "skill": [n for n in discarded.skills if n not in discarded.skills_taken_over],
        }
    )
    taken = _kinds({"role": discarded.roles_taken_over, "skill": discarded.skills_taken_over})
    text = f" The {own} {own_went} with it." if own else ""
    if taken:
        text += f" The {taken}, which a draft discarded before had added, {taken_went} with it"
        text += " too." if own else "."
    return text


def _taxonomy_kept(handed_over) -> str:
    """' The skill C stays while draft 7 counts it: discarding that draft takes it.' for the
    entries handed over to the drafts that count them ("" when none was); ' Kept: skill
    “C” (in use: 2 ratings), and draft 7 counts it too.' for those that something besides
    figures uses too, which that discard will not take: _in_use's counts, as in the "Kept:"
    sentence."""
    by_drafts: dict[tuple[tuple[int, ...], bool], list] = {}
    for entry in handed_over:
        by_drafts.setdefault((tuple(entry.drafts), bool(entry.uses)), []).append(entry)
    text = ""
    for (drafts, used), entries in by_drafts.items():
        it = "it" if len(entries) == 1 else "them"
        which = (
            f"draft {drafts[0]}" if len(drafts) == 1 else f"drafts {', '.join(map(str, drafts))}"
        )
        count = f"{which} counts {it}" if len(drafts) == 1 else f"{which} count {it}"
        if used:  # discarding those drafts will not take it: say what keeps it
            text += f" Kept: {_in_use(entries)}, and {count} too."
            continue
        names: dict[str, list[str]] = {}
        for entry in entries:
            names.setdefault(entry.kind, []).append(entry.name)
        stay = "stays" if len(entries) == 1 else "stay"
        last = "that draft" if len(drafts) == 1 else "the last of them"
        text += f" The {_kinds(names)} {stay} while {count}: discarding {last} takes {it}."
    return text


def _taxonomy_in_use(kept) -> str:
    """' Kept: skill “Pyhton” (in use: 2 ratings, 1 job ad).' for the entries the draft had
    added that stay, no draft counting them, because something besides figures refers to
    them ("" when none stays so)."""
    return f" Kept: {_in_use(kept)}." if kept else ""


def _in_use(entries) -> str:
    """'skill “Pyhton” (in use: 2 ratings, 1 job ad); role “R” (in use: 1 target role)' for
    entries with `uses`: how many rows of each kind refer to each, never whose."""
    return "; ".join(
        f"{entry.kind} “{entry.name}” (in use: "
        + ", ".join(f"{count} {label}{'' if count == 1 else 's'}" for label, count in entry.uses)
        + ")"
        for entry in entries
    )


def _kinds(names: dict[str, list[str]]) -> str:
    """'role R and skills A, B' for {"role": ["R"], "skill": ["A", "B"]} ("" when empty)."""
    return " and ".join(
        f"{kind}{'s' if len(listed) > 1 else ''} {', '.join(listed)}"
        for kind, listed in names.items()
        if listed
    )


def _current_seen(data) -> int | None | object:
    """The current snapshot's id the publishing page showed (its "current" field; empty: none
    was current); UNCHECKED when the form did not say."""
    if "current" not in data:
        return UNCHECKED
    value = data["current"].strip()
    return int(value) if value.isdigit() else None


def _import_upload(request, form):
    """Run the import on the uploaded file; returns the snapshot or None (error on form)."""
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix[:10]
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            result = market_import(
                tmp.name,
                format=form.cleaned_data["format"],
                mapping=form.cleaned_data["mapping"],
                mapping_terms=form.mapping_terms,
                label=form.cleaned_data["label"],
                created_by=request.user,
                name=upload.name,
                counted_here=form.cleaned_data["counted_here"],
                accept_terms=NEW_NAME_BOX,
                draft_near_misses=True,  # the preview tells them and asks
            )
        except CountedHereError as exc:
            form.add_error("counted_here", " ".join(str(exc).split()))
            return None
        except (MarketImportError, SnapshotError) as exc:
            form.add_error("file", " ".join(str(exc).split()))
            return None
    return result.snapshot
