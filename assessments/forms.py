"""Forms of the assessment pages: they validate input; services do the writing."""

import unicodedata
from collections.abc import Iterable, Mapping

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from accounts.forms import SiteForm
from assessments import planning
from assessments.models import JOB_AD_MAX_CHARS, JobAd, PlanOrder
from assessments.selectors import target_label
from market.models import Background, Role, Snapshot


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A month as YYYY-MM (what <input type="month"> sends), stored as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a month as YYYY-MM, for example 2026-01."}

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


def target_value(role: Role, seniority: str) -> str:
    """A target as one form value: "ml-engineer/senior"."""
    return f"{role.slug}/{seniority}"


def target_field(**kwargs) -> forms.ChoiceField:
    """A choice of target (role x seniority); `TargetChoices` fills the choices."""
    errors = {
        "required": "Choose a target role and seniority.",
        "invalid_choice": "That role and seniority has no market figures; choose one listed.",
    }
    return forms.ChoiceField(error_messages=errors, **kwargs)


def hours_per_week_field(**kwargs) -> forms.IntegerField:
    most = planning.MAX_HOURS_PER_WEEK
    errors = {
        "required": f"Enter how many hours a week you can learn (1 to {most}).",
        "invalid": f"Enter a whole number of hours, 1 to {most}.",
        "min_value": "Enter at least 1 hour a week.",
        "max_value": f"Enter at most {most} hours a week.",
    }
    return forms.IntegerField(min_value=1, max_value=most, error_messages=errors, **kwargs)


class TargetChoices:
    """Form mixin: the `target` field offers the (role, seniority) pairs passed as `targets`
    (every pair with market figures, as `market.selectors.role_levels` lists them: roles in page
    order, seniority from entry up), grouped by role in that order, and cleans to the pair."""

    target_empty_label: str | None = None

    def __init__(self, *args, targets: list[tuple[Role, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {target_value(r, s): (r, s) for r, s in targets}
        by_role: dict[Role, list[str]] = {}
        for role, seniority in targets:
            by_role.setdefault(role, []).append(seniority)
        choices: list = [
            (
                role.label,
                [
                    (target_value(role, s), target_label(role=role, seniority=s))
                    for s in seniorities
                ],
            )
            for role, seniorities in by_role.items()
        ]
        if self.target_empty_label is not None:
            choices.insert(0, ("", self.target_empty_label))
        self.fields["target"].choices = choices

    def clean_target(self) -> tuple[Role, str]:
        return self.targets[self.cleaned_data["target"]]


class ProfileForm(TargetChoices, SiteForm, forms.Form):
    target_empty_label = "Choose a target…"

    background = forms.ChoiceField(
        label="Your background",
        choices=Background.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the background closest to yours."},
    )
    target = target_field(
        label="Target role and seniority",
        help_text="Every role and seniority the current market snapshot has figures for.",
    )
    hours_per_week = hours_per_week_field(
        label="Hours per week for learning", initial=10, help_text="Between 1 and 60."
    )
    start_month = MonthField(
        label="Start month",
        help_text="The first month of your plan (YYYY-MM).",
        error_messages={"required": "Enter the month you start, as YYYY-MM."},
    )
    display_name = forms.CharField(
        label="Display name (optional)",
        required=False,
        max_length=60,
        help_text="Shown on a plan you share; leave empty to show nothing.",
    )

    def profile_fields(self) -> dict:
        """The cleaned answers as `services.profile.profile_update` arguments."""
        data = self.cleaned_data
        role, seniority = data["target"]
        return {
            "background": data["background"],
            "target_role": role,
            "target_seniority": seniority,
            "hours_per_week": data["hours_per_week"],
            "start_month": data["start_month"],
            "display_name": data["display_name"],
        }


def ad_target_value(ad: JobAd) -> str:
    """A saved job ad as a target's form value: "ad:12" (a role's value holds a "/")."""
    return f"ad:{ad.pk}"


class PlanSettingsForm(TargetChoices, SiteForm, forms.Form):
    """The plan page's settings: changing them re-plans at once. Its targets are the market's
    (role, seniority) pairs and the person's saved job `ads`; `target` cleans to a pair or to
    a JobAd. Without `order` (a form that only re-plans) the person's chosen order stays."""

    hours_per_week = hours_per_week_field(label="Hours per week")
    target = target_field(label="Target")
    order = forms.ChoiceField(
        label="Order",
        choices=PlanOrder.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the two orders."},
    )

    def clean_order(self) -> str | None:
        return self.cleaned_data["order"] or None

    def __init__(self, *args, ads: Iterable[JobAd] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.ads = {ad_target_value(ad): ad for ad in ads}
        if self.ads:
            # under the group 'Your job ads', by title
            ads_group = [(value, ad.title) for value, ad in self.ads.items()]
            self.fields["target"].choices = [
                *self.fields["target"].choices,  # grouped by role
                ("Your job ads", ads_group),
            ]
        if not self.target_listed(self.initial.get("target", "")):
            # No other target may show as chosen: the form re-plans on any change.
            self.fields["target"].choices = [
                ("", "Choose a target…"),
                *self.fields["target"].choices,
            ]

    def target_listed(self, value: str) -> bool:
        """Whether the target `value` is a choice: the market has figures for it, or it is
        one of the person's ads."""
        return value in self.targets or value in self.ads

    def clean_target(self) -> tuple[Role, str] | JobAd:
        value = self.cleaned_data["target"]
        return self.ads[value] if value in self.ads else super().clean_target()


def initial_start_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


# The only texts a level may arrive as ("0".."5"): a lookup, never int() of what was sent.
LEVEL_TEXTS = {str(level): level for level in range(6)}


LEVEL_ERROR = "A level is 0 (None) to 5 (Expert)."


def levels_changed(data: QueryDict) -> dict[str, int]:
    """The levels a skills form changed: each `level-<slug>` posted (0-5) that differs from
    what the page showed (`was`: "python:3,sql:2", level 0 left out), by slug. Raises
    ValidationError for a level outside 0-5, so nothing of a tampered form is saved."""
    was = {}
    for pair in data.get("was", "").split(","):
        slug, _, level = pair.partition(":")
        if slug and (value := LEVEL_TEXTS.get(level)) is not None:
            was[slug] = value
    changed = {}
    for key, value in data.items():
        if not key.startswith("level-"):
            continue
        level = LEVEL_TEXTS.get(value)
        if level is None:
            raise forms.ValidationError(LEVEL_ERROR)
        slug = key.removeprefix("level-")
        if level != was.get(slug, 0):
            changed[slug] = level
    return changed


class CountedMaxLength(validators.MaxLengthValidator):
    """MaxLengthValidator that also gives the counts as the site writes them, "56,077", for
    the app's own messages (`%(show_value_text)s`, `%(limit_value_text)s`). `show_value` and
    `limit_value` stay integers: Django's default message formats them with `%d`."""

    def __call__(self, value):
        try:
            super().__call__(value)
        except ValidationError as error:
            params = dict(error.params)
            for key in ("show_value", "limit_value"):
                params[f"{key}_text"] = f"{params[key]:,}"
            raise ValidationError(error.message, code=error.code, params=params) from None


class PastedText(forms.CharField):
    """Pasted text in a textarea, checked whole by the server:
    - its box has no maxlength: a browser would cut a long paste silently, where the server
      says what is wrong and keeps the whole text;
    - its line breaks come out as "\n": browsers send each as CR LF, which would count twice
      against `max_length` and be stored so;
    - a text too long can be told its length as the site writes counts ("56,077": a message
      says `%(show_value_text)s`, see `CountedMaxLength`)."""

    widget = forms.Textarea

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            CountedMaxLength(v.limit_value) if type(v) is validators.MaxLengthValidator else v
            for v in self.validators
        ]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def to_python(self, value):
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n")


class PasteForm(SiteForm, forms.Form):
    text = PastedText(
        label="Paste a CV, a LinkedIn “About”, or a job ad",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=50_000,
        help_text="We look for known skills in it; nothing is saved until you confirm.",
        error_messages={
            "required": "Paste some text to look for skills in.",
            "max_length": "Paste at most 50,000 characters (this text has %(show_value_text)s).",
        },
    )


def what_if_levels(query: Mapping[str, str]) -> dict[str, int] | None:
    """The levels a what-if asks for (`?whatif=1&level-<slug>=N`, N 0-5; anything else is
    ignored), by skill slug; None when the request is not a what-if."""
    if query.get("whatif") != "1":
        return None
    return {
        key.removeprefix("level-"): LEVEL_TEXTS[value]
        for key, value in query.items()
        if key.startswith("level-") and value in LEVEL_TEXTS
    }


def confirmed_levels(data: QueryDict) -> dict[str, int]:
    """The suggested skills ticked (`add=<slug>`, repeated) with their chosen level
    (`level-<slug>`, 0-5), by slug; a ticked skill without a valid level is left out."""
    return {
        slug: LEVEL_TEXTS[level]
        for slug in data.getlist("add")
        if (level := data.get(f"level-{slug}", "")) in LEVEL_TEXTS
    }


class MarketSeenForm(forms.Form):
    """ "Hide" on "the market moved": the published snapshot the notice showed."""

    snapshot = forms.ModelChoiceField(
        queryset=Snapshot.objects.filter(state=Snapshot.State.PUBLISHED),
        widget=forms.HiddenInput,
    )


def no_control_character(title: str) -> None:
    """Refuses a title with a control character other than white space (ESC or BEL pasted
    from a terminal): pages, calendars and files cannot show one."""
    for at, character in enumerate(title, start=1):
        if unicodedata.category(character) == "Cc" and not character.isspace():
            raise ValidationError(
                f"The title has a control character (U+{ord(character):04X}) at character {at}, "
                "which no page or file can show: type the title without it.",
                code="control_character",
            )


class JobAdForm(SiteForm, forms.Form):
    title = forms.CharField(
        validators=[no_control_character],
        label="Title (optional)",
        required=False,
        max_length=200,
        help_text="Leave it empty to use the ad's first line. Its seniority and role come "
        "from the title.",
        error_messages={"max_length": "Keep the title to 200 characters (it has %(show_value)d)."},
    )
    text = PastedText(
        label="The job ad",
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=JOB_AD_MAX_CHARS,
        help_text="Paste the whole ad, with its requirements and nice-to-haves; at most "
        f"{JOB_AD_MAX_CHARS:,} characters.",
        error_messages={
            "required": "Paste the text of a job ad: the box is empty.",
            "max_length": f"An ad can be at most {JOB_AD_MAX_CHARS:,} characters; this one "
            "has %(show_value_text)s. Paste the part with the job's requirements.",
        },
    )
