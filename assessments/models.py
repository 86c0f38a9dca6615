"""A person's profile, self-rated skill levels (with history), and learning plans."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from assessments import planning
from market.models import Background, Role, Seniority, Skill, SkillCategory, Snapshot


class Level(models.IntegerChoices):
    NONE = 0, "None"
    AWARE = 1, "Aware"
    BEGINNER = 2, "Beginner"
    WORKING = 3, "Working"
    ADVANCED = 4, "Advanced"
    EXPERT = 5, "Expert"


class LevelDescriptor(models.Model):
    """What a level means for one kind of skill: what a person at that level has done and can
    do unaided ("Working" for an ML framework). Shown beside every level control; admins edit
    them; `services.levels.level_descriptors_ensure` adds the seed's when missing."""

    category = models.CharField(max_length=20, choices=SkillCategory.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["category", "level"]
        constraints = [
            models.UniqueConstraint(fields=["category", "level"], name="unique_level_descriptor"),
            models.CheckConstraint(condition=Q(level__lte=5), name="level_descriptor_range"),
            models.CheckConstraint(condition=~Q(description=""), name="level_descriptor_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.level} {self.get_level_display()}"


class PlanOrder(models.TextChoices):
    """The two orders of a plan (`assessments.planning`), as a person chooses them."""

    PROGRESSION = planning.PROGRESSION, "Phase by phase"
    QUICKEST = planning.QUICKEST, "Quickest readiness gain"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=60, blank=True)
    background = models.CharField(max_length=20, choices=Background.choices, blank=True)
    target_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL)
    target_seniority = models.CharField(
        max_length=10, choices=Seniority.choices, default=Seniority.MID
    )
    hours_per_week = models.PositiveSmallIntegerField(default=10)
    start_month = models.DateField(null=True, blank=True, help_text="First day of a month.")
    last_seen_snapshot = models.ForeignKey(
        Snapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    onboarded_at = models.DateTimeField(null=True, blank=True)
    plan_order = models.CharField(
        max_length=12,
        choices=PlanOrder.choices,
        default=PlanOrder.PROGRESSION,
        help_text="The order the person chose for their plan; remembered for every re-plan.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1) & Q(hours_per_week__lte=60),
                name="profile_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(plan_order__in=PlanOrder.values), name="profile_plan_order_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()


class SkillLevel(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_levels"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="unique_user_skill"),
            models.CheckConstraint(condition=Q(level__lte=5), name="skill_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.skill} {self.level}"


class SkillLevelChange(models.Model):
    """Every change of a level, kept for progress over time."""

    class Source(models.TextChoices):
        RATED = "rated", "Rated on My skills"
        SUGGESTED = "suggested", "Confirmed from pasted text"
        PLAN = "plan", "Plan item checked off"
        UNDO = "undo", "Plan item undone"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_changes"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    previous_level = models.PositiveSmallIntegerField(choices=Level.choices, default=0)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.RATED)
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__lte=5) & Q(previous_level__lte=5), name="change_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.previous_level} → {self.level} ({self.changed_at:%Y-%m-%d})"


class Plan(models.Model):
    """A person's learning plan (one per person), made from one snapshot for one target: a
    role and seniority, or one of their saved job ads."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    seniority = models.CharField(max_length=10, choices=Seniority.choices)
    # The target: (role, seniority), or a saved job ad when this is set; role and seniority
    # then say whose postings weigh the ad's skills. An ad a plan aims at is not deleted before
    # the plan is aimed elsewhere (`services.ads.job_ad_delete`), unless the person's account
    # goes with both (RESTRICT, not PROTECT, allows that).
    job_ad = models.ForeignKey(
        "JobAd", null=True, blank=True, on_delete=models.RESTRICT, related_name="plans"
    )
    hours_per_week = models.PositiveSmallIntegerField()
    starts_on = models.DateField(
        help_text="The plan's first day: never before the day it was made."
    )
    planned_at = models.DateTimeField(
        default=timezone.now, help_text="When the months were last scheduled."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        constraints = [models.UniqueConstraint(fields=["user"], name="one_plan_per_user")]

    def __str__(self) -> str:
        return f"Plan #{self.pk} for {self.user}"


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    from_level = models.PositiveSmallIntegerField()
    to_level = models.PositiveSmallIntegerField()
    hours = models.PositiveIntegerField()
    start_month = models.PositiveSmallIntegerField(help_text="1 = the plan's first month.")
    end_month = models.PositiveSmallIntegerField()
    phase = models.CharField(
        max_length=60, blank=True, help_text="The phase of the timeline it is learned in."
    )
    is_prerequisite = models.BooleanField(
        default=False, help_text="Added because a target skill needs it, not asked for itself."
    )
    done_at = models.DateTimeField(null=True, blank=True)
    level_before_done = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="unique_plan_item_order"),
            models.CheckConstraint(
                condition=Q(to_level__gt=models.F("from_level")) & Q(to_level__lte=5),
                name="plan_item_levels",
            ),
            models.CheckConstraint(
                condition=Q(end_month__gte=models.F("start_month")), name="plan_item_months"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.from_level} → {self.to_level} ({self.hours} h)"


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


class ShareLink(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_share_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_share_link_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"Share link of {self.user}"


JOB_AD_MAX_CHARS = 50_000


class JobAd(models.Model):
    """A job ad a person pasted, and how it was read when saved (`assessments.ad_analysis`):
    its seniority and role from the title, and its skills (`JobAdSkill`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_ads"
    )
    title = models.CharField(max_length=200)
    text = models.TextField()
    seniority = models.CharField(max_length=10, choices=Seniority.choices)
    # The role the importer's title rules give; None when none does (the report then weighs
    # the ad against the person's target role, or every role).
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # What read it: the reading's version and a digest of its code and of the matching and
    # title rules (`services.ads.reading_rules_load`); NULL for an ad read before this was
    # kept. An ad whose key is not the current one is read again, in memory, each time a page
    # shows it, until `manage.py ads_read_again` saves its new reading (a GET writes nothing).
    # Nullable, without a default: SQLite adds and drops the column in place, never remaking
    # the table under the person-version triggers.
    read_with = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001
    # Whether the person typed `title`: a typed title makes the ad's first line its title when
    # they match, whatever that line says, so reading it again needs to know. NULL for an ad
    # saved before this was kept (nullable without a default, as `read_with`).
    title_typed = models.BooleanField(null=True, blank=True)
    # Its first requirement as it words it, as its reading found it (`AdReading.first_ask`,
    # at most FIRST_ASK_MAX_CHARS): what tells ads of one title apart in their list, which
    # reads it here and parses nothing. Saved with every reading (read again too); NULL for an
    # ad read before this was kept, whose key is then not the current one (READING_VERSION 6)
    # so it is read again. Nullable without a default, as `read_with`.
    first_ask = models.CharField(max_length=80, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), JOB_AD_MAX_CHARS) & ~Q(text=""),
                name="job_ad_text_length",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="job_ad_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title


class JobAdSkill(models.Model):
    """A skill a saved ad names: asked for (must-have or nice-to-have), or only named in its
    title or in what it says about the company (`ad_analysis`, steps 5 and 6)."""

    class Kind(models.TextChoices):
        MUST = "must", "Must-have"
        NICE = "nice", "Nice-to-have"
        TITLE = "title", "Named in the title"
        MENTIONED = "about", "Mentioned about the company"

    ad = models.ForeignKey(JobAd, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    phrases = models.JSONField(default=list, blank=True, help_text="As the ad writes it.")
    order = models.PositiveSmallIntegerField(help_text="Order of first mention in the ad.")
    one_of = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="A must-have the ad offers in a list of alternatives (“AWS, Azure or GCP”): "
        "the number of that list in the ad. The ad needs one skill of each list.",
    )

    class Meta:
        ordering = ["ad", "order"]
        constraints = [
            models.UniqueConstraint(fields=["ad", "skill"], name="unique_job_ad_skill"),
            models.UniqueConstraint(fields=["ad", "order"], name="unique_job_ad_skill_order"),
            models.CheckConstraint(
                condition=Q(kind__in=["must", "nice", "title", "about"]), name="job_ad_skill_kind"
            ),
            models.CheckConstraint(
                condition=Q(one_of__isnull=True) | Q(kind="must"), name="job_ad_skill_one_of_must"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.kind}) in {self.ad}"

    @property
    def asked(self) -> bool:
        """Whether the ad asks for the skill (must-have or nice-to-have)."""
        return self.kind in (self.Kind.MUST, self.Kind.NICE)


class PersonVersion(models.Model):
    """A token that changes whenever anything a person's pages show of them changes.

    Database triggers on every other table of this app (assessments/services/versioning.py)
    write a new random token for the person a row belongs to, in the same transaction as the
    change, whichever code made it (services, admin, bulk or raw SQL, the cascades of an
    account deletion). Person 0 stands for everyone: rows that every person's pages read (the
    level descriptors). Personal pages are cached under these tokens and the market's
    (assessments/page_cache.py). No foreign key to the user: a deleted account's cascades
    still write here, and its row goes nowhere near anyone else's pages (the key holds the
    user's id and joining time)."""

    person_id = models.BigIntegerField(primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"person {self.person_id} version {self.token}"
