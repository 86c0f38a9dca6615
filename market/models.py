"""What employers ask for: the skill taxonomy, roles, and versioned market snapshots.

Shares are stored as percentages with one decimal (87.7), exactly as the seed and the
export format print them. `role=None` means "All roles"; seniority `all` means every level.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible

from market import vocabulary
from market.ingestion.matching import PROXIMITY_WORDS
from market.ingestion.reading import AGGREGATE, COUNTED_HERE, POSTINGS
from market.names import name_problem, unique_slug


@deconstructible
class TaxonomyNameValidator:
    """A name that can go into exports, URLs and spreadsheets (rules in market/names.py)."""

    def __init__(self, max_length: int):
        self.max_length = max_length

    def __call__(self, value: str) -> None:
        problem = name_problem(str(value), max_length=self.max_length)
        if problem:
            raise ValidationError(f"This name {problem}.", code="taxonomy_name")

    def __eq__(self, other) -> bool:
        return isinstance(other, TaxonomyNameValidator) and other.max_length == self.max_length


# Choices from the market's vocabulary (market/vocabulary.py), where the words are defined.
class Seniority(models.TextChoices):
    ENTRY = vocabulary.ENTRY, vocabulary.SENIORITY_LABELS[vocabulary.ENTRY]
    MID = vocabulary.MID, vocabulary.SENIORITY_LABELS[vocabulary.MID]
    SENIOR = vocabulary.SENIOR, vocabulary.SENIORITY_LABELS[vocabulary.SENIOR]
    STAFF = vocabulary.STAFF, vocabulary.SENIORITY_LABELS[vocabulary.STAFF]


# Seniority as stored on aggregated figures: one of the levels, or every level.
SENIORITY_OR_ALL = [*Seniority.choices, (vocabulary.ALL_LEVELS, vocabulary.ALL_LEVELS_LABEL)]


class Priority(models.TextChoices):
    CRITICAL = vocabulary.CRITICAL, vocabulary.CRITICAL
    HIGH = vocabulary.HIGH, vocabulary.HIGH
    MEDIUM = vocabulary.MEDIUM, vocabulary.MEDIUM
    NICE = vocabulary.NICE_TO_HAVE, vocabulary.NICE_TO_HAVE
    NOT_REQUIRED = vocabulary.NOT_REQUIRED, vocabulary.NOT_REQUIRED


class SkillCategory(models.TextChoices):
    LANGUAGE = "language", "Language"
    FRAMEWORK = "framework", "ML framework / library"
    CLOUD = "cloud", "Cloud"
    INFRASTRUCTURE = "infrastructure", "Infrastructure & MLOps"
    GENAI = "genai", "GenAI / LLM"
    DATA = "data", "Data & analytics"
    FUNDAMENTALS = "fundamentals", "Fundamentals"
    PRACTICE = "practice", "Practice & leadership"
    OTHER = "other", "Other"


# Hours a typical learner needs to climb into each level (1..5) from the one below.
DEFAULT_STEP_HOURS = {1: 4, 2: 12, 3: 30, 4: 60, 5: 120}


class NamedWithSlug:
    """A taxonomy entry shown by its name, whose slug defaults to the slugified name (made
    unique, and never empty: see market/names.py)."""

    slug_kind = "entry"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            taken = type(self).objects.exclude(pk=self.pk).values_list("slug", flat=True)
            self.slug = unique_slug(self.name, kind=self.slug_kind, taken=set(taken))
        super().save(*args, **kwargs)


class Skill(NamedWithSlug, models.Model):
    slug_kind = "skill"
    name = models.CharField(max_length=80, unique=True, validators=[TaxonomyNameValidator(80)])
    slug = models.SlugField(max_length=80, unique=True)
    category = models.CharField(max_length=20, choices=SkillCategory.choices)
    description = models.CharField(max_length=300, blank=True)
    aliases = models.TextField(
        blank=True,
        help_text="One phrase per line, matched as whole words, in any case, in job postings, "
        f"job ads and pasted text. “...” lets up to {PROXIMITY_WORDS} words stand in between, "
        "within one sentence: “deploy ... models” finds “deploy the trained models”.",
    )
    case_sensitive_aliases = models.TextField(
        "case-sensitive aliases",
        blank=True,
        help_text="One phrase per line whose capitals must be capitals in the text: “Excel” "
        "finds Excel and EXCEL, not “excel”. A phrase here wins over the same phrase in the "
        "name or the aliases. A one-letter alias (R) is always a case-sensitive capital.",
    )
    exclusions = models.TextField(
        "exclusion phrases",
        blank=True,
        help_text="One phrase per line, found as whole words in any case; where one is found, "
        "this skill's aliases inside it do not count (“opportunity to excel”, “snowflake "
        "schema”). Each must contain one of the skill's aliases, or a word group of one of its "
        "“...” aliases (“model life cycle” for “deploy ... model”).",
    )
    wording_varies = models.BooleanField(
        "asked for in many wordings",
        default=False,
        help_text="Tick for a practice postings ask for in more wordings than aliases can list "
        "(“deploy models to production”, “lead a team”): a share counted from postings finds "
        "only the wordings above, so it is shown as “at least”. bench/extraction.py measures "
        "which skills these are.",
    )
    match_name = models.BooleanField(
        "match the name",
        default=True,
        help_text="Untick when the name alone is too vague to count (“Open source”): then only "
        "the aliases find the skill.",
    )
    difficulty = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        help_text="Multiplies the default hours per level step (1.00 = typical).",
    )
    prerequisites = models.ManyToManyField(
        "self", through="SkillPrerequisite", symmetrical=False, related_name="dependants"
    )
    display_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gt=0) & Q(difficulty__lte=10), name="skill_difficulty_range"
            )
        ]

    @property
    def alias_list(self) -> list[str]:
        """The name and every alias, each once (any case), to search the skills by."""
        phrases = [
            self.name,
            *phrase_lines(self.aliases),
            *phrase_lines(self.case_sensitive_aliases),
        ]
        seen: dict[str, str] = {}
        for phrase in phrases:
            if phrase and phrase.lower() not in seen:
                seen[phrase.lower()] = phrase
        return list(seen.values())

    def clean(self) -> None:
        from market.services.taxonomy import skill_rules_problems

        problems = skill_rules_problems(skill=self)
        if problems:
            raise ValidationError(problems)

    def hours_for_step(self, level: int) -> int:
        """Hours to climb from `level - 1` to `level`."""
        return max(1, round(DEFAULT_STEP_HOURS[level] * float(self.difficulty)))


def phrase_lines(text: str) -> list[str]:
    """The phrases of a one-phrase-per-line field, without blank lines or edge spaces."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SkillPrerequisite(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="prerequisite_links")
    prerequisite = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="dependant_links"
    )
    min_level = models.PositiveSmallIntegerField(
        default=2, help_text="Level the prerequisite must reach before the skill is started."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skill", "prerequisite"], name="unique_prerequisite"),
            models.CheckConstraint(
                condition=~Q(skill=models.F("prerequisite")), name="prerequisite_not_self"
            ),
            models.CheckConstraint(
                condition=Q(min_level__gte=1) & Q(min_level__lte=5), name="prerequisite_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prerequisite} (level {self.min_level}) before {self.skill}"


class LearningResource(models.Model):
    class Kind(models.TextChoices):
        DOCS = "docs", "Official docs / tutorials"
        COURSE = "course", "Course"
        CERTIFICATION = "certification", "Certification"
        BOOK = "book", "Book"
        PROJECT = "project", "Project / practice"

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200, validators=[TaxonomyNameValidator(200)])
    url = models.URLField(max_length=500)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    section = models.CharField(
        max_length=40, blank=True, help_text="Group on the resources page (Frameworks, Cloud...)."
    )
    from_seed = models.BooleanField(default=False, help_text="Recommended by the seed analysis.")
    min_level = models.PositiveSmallIntegerField(default=0, help_text="Serves learners from...")
    max_level = models.PositiveSmallIntegerField(default=5, help_text="...up to this level.")

    class Meta:
        ordering = ["skill__display_order", "min_level", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_level__gte=0)
                & Q(max_level__lte=5)
                & Q(min_level__lte=models.F("max_level")),
                name="resource_level_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Role(NamedWithSlug, models.Model):
    slug_kind = "role"
    name = models.CharField(max_length=80, unique=True, validators=[TaxonomyNameValidator(80)])
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    title_patterns = models.TextField(
        blank=True,
        help_text="One phrase per line; a posting whose title contains one (whole words, any "
        "case) belongs to this role. Roles are tried in matching order; the first match wins.",
    )
    # The order titles are matched in (specific roles before broad ones: "LLM Engineer" is not
    # taken by "ML Engineer"). Pages list roles by page_order instead.
    display_order = models.PositiveSmallIntegerField(
        "matching order",
        default=100,
        help_text="Postings' titles are tried against the roles in this order, smallest first; "
        "the first match wins, so a specific role goes before a broad one. Pages do not use it.",
    )
    page_order = models.PositiveSmallIntegerField(
        default=100,
        help_text="Where pages, pickers and lists show the role, smallest first (ties by name). "
        "The seed analysis's order: ML Engineer first. Does not change how postings are matched.",
    )
    # "AI/ML Researcher", not "AI/ML Research": a role named for a field is shown as the seed
    # heads its people ("Mid-Level AI/ML Researchers"); its name keeps its slug and the data.
    person_title = models.CharField(
        max_length=80,
        blank=True,
        help_text='What pages call this role and one person in it, e.g. "AI/ML Researcher" '
        '("Senior AI/ML Researcher"); blank: the role\'s name. Imports and exports keep the name.',
    )

    class Meta:
        # Every list a person reads; the matcher orders by display_order itself.
        ordering = ["page_order", "name"]

    @property
    def label(self) -> str:
        """The role as every page names it (buttons, tables, charts, titles): its person title,
        "AI/ML Researcher", or else its name (`vocabulary.role_label`). Imports, exports and
        the admin use the name."""
        return vocabulary.role_label(name=self.name, person_title=self.person_title)

    def target_title(self, seniority: str) -> str:
        """The role at `seniority` as every page titles it (`vocabulary.target_title`): "Senior
        ML Engineer", "Mid-level AI/ML Researcher", "AI/ML Researcher, all levels" (its label)."""
        return vocabulary.target_title(role_name=self.label, seniority=seniority)

    @property
    def pattern_list(self) -> list[str]:
        return [line.strip() for line in self.title_patterns.splitlines() if line.strip()]

    def clean(self) -> None:
        """Refuse a label another role has: pages key figures by label and would merge them."""
        from market.services.roles import role_label_problem

        problem = role_label_problem(self)
        if problem:
            raise ValidationError({"person_title" if self.person_title else "name": problem})


class Snapshot(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    label = models.CharField(max_length=120, validators=[TaxonomyNameValidator(120)])
    source = models.CharField(max_length=300)
    analysis_date = models.DateField()
    postings_count = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    is_current = models.BooleanField(default=False)
    tier_thresholds = models.JSONField(
        default=dict,
        blank=True,
        help_text="Minimum share (percent) for each priority tier; empty when tiers were given.",
    )
    import_summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_snapshot"
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(state="published"),
                name="current_snapshot_is_published",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.label} ({self.analysis_date:%Y-%m-%d})"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def shares_counted_here(self) -> bool:
        """The shares were counted from postings with this app's skill finder: a postings
        import, or an aggregate declared counted with its rules (warehouse_sql's query, an
        export of a market counted here). Only then does a skill asked for in more wordings
        than the finder knows have a share that is a lower bound ("at least"). Not counted
        here: the seed (transcribed), an outside analysis imported as an aggregate, figures
        typed in the admin."""
        summary = self.import_summary or {}
        if summary.get("format") == POSTINGS:
            return True
        return summary.get("format") == AGGREGATE and summary.get(COUNTED_HERE) is True

    @property
    def is_seed_analysis(self) -> bool:
        """The analysis the site started from (market/seed), whose statements SeedInsight
        keeps with their figures."""
        return (self.import_summary or {}).get("origin") == "seed"

    def is_older_than(self, other: "Snapshot") -> bool:
        """Analysed before `other`: an import of older data, or a roll-back, goes back in time
        and is announced as older figures, not as new ones."""
        return self.analysis_date < other.analysis_date


# A published snapshot's figures never change. Services only write figures into a new draft
# (snapshot_create) and delete only drafts (snapshot_discard); the admin edits only drafts'
# figures; on PostgreSQL, triggers refuse any other write, whoever makes it (migration 0003).


class RoleLevelStat(models.Model):
    """Job count and average salary for one (role, seniority) of a snapshot."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="role_stats")
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT)
    seniority = models.CharField(max_length=10, choices=SENIORITY_OR_ALL)
    job_count = models.PositiveIntegerField(null=True, blank=True)
    avg_salary_usd = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "role", "seniority"],
                condition=Q(role__isnull=False),
                name="unique_role_stat",
            ),
            models.UniqueConstraint(
                fields=["snapshot", "seniority"],
                condition=Q(role__isnull=True),
                name="unique_all_roles_stat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role or vocabulary.ALL_ROLES} / {self.seniority}"


class SkillDemand(models.Model):
    """Share of a (role, seniority)'s postings that mention a skill, in one snapshot."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="demands")
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT)
    seniority = models.CharField(max_length=10, choices=SENIORITY_OR_ALL)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="demands")
    share_pct = models.DecimalField(max_digits=4, decimal_places=1)
    priority = models.CharField(max_length=20, choices=Priority.choices)

    class Meta:
        ordering = ["-share_pct", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "role", "seniority", "skill"],
                condition=Q(role__isnull=False),
                name="unique_skill_demand",
            ),
            models.UniqueConstraint(
                fields=["snapshot", "seniority", "skill"],
                condition=Q(role__isnull=True),
                name="unique_all_roles_skill_demand",
            ),
            models.CheckConstraint(
                condition=Q(share_pct__gte=0) & Q(share_pct__lte=100), name="share_pct_range"
            ),
        ]
        indexes = [models.Index(fields=["snapshot", "role", "seniority"])]

    def __str__(self) -> str:
        role = self.role or vocabulary.ALL_ROLES
        return f"{self.skill} {self.share_pct}% ({role} / {self.seniority})"


# ---- Curated content from the seed analysis, tied to the taxonomy -----------------------


class CareerPath(models.Model):
    name = models.CharField(max_length=80, unique=True, validators=[TaxonomyNameValidator(80)])
    slug = models.SlugField(max_length=80, unique=True)
    tagline = models.CharField(max_length=80, blank=True)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="career_paths")
    insight = models.TextField(blank=True)
    display_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["display_order"]

    def __str__(self) -> str:
        return self.name


class PathStage(models.Model):
    path = models.ForeignKey(CareerPath, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    from_label = models.CharField(max_length=40)
    to_label = models.CharField(max_length=40)
    from_seniority = models.CharField(max_length=10, choices=Seniority.choices, blank=True)
    to_seniority = models.CharField(max_length=10, choices=Seniority.choices)
    salary_from_usd = models.PositiveIntegerField(null=True, blank=True)
    salary_to_usd = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["path", "order"]
        constraints = [models.UniqueConstraint(fields=["path", "order"], name="unique_stage_order")]

    def __str__(self) -> str:
        return f"{self.path}: {self.from_label} → {self.to_label}"


class StageSkill(models.Model):
    class Kind(models.TextChoices):
        MUST = "must", "Must have"
        NICE = "nice", "Nice to have"

    stage = models.ForeignKey(PathStage, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=4, choices=Kind.choices)
    text = models.CharField(max_length=120, help_text="As the seed prints it.")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["stage", "kind", "order"]

    def __str__(self) -> str:
        return self.text


class TimelinePhase(models.Model):
    title = models.CharField(max_length=60)
    start_month = models.PositiveSmallIntegerField()
    end_month = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["start_month"]

    def __str__(self) -> str:
        return f"Month {self.start_month}-{self.end_month}: {self.title}"


class TimelineItem(models.Model):
    phase = models.ForeignKey(TimelinePhase, on_delete=models.CASCADE, related_name="items")
    track = models.CharField(
        max_length=60, blank=True, help_text="Specialisation track (Path A: Production ML...)."
    )
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=120)
    skills = models.ManyToManyField(Skill, blank=True)

    class Meta:
        ordering = ["phase", "track", "order"]

    def __str__(self) -> str:
        return self.text

    @property
    def skills_unnamed(self) -> list[Skill]:
        """The item's skills that its text does not name as a word ("Feature engineering"
        needs no "(Feature engineering)" after it), from the prefetched skills."""
        return [
            skill
            for skill in self.skills.all()
            if not re.search(rf"(?<!\w){re.escape(skill.name)}(?!\w)", self.text, re.I)
        ]


class SkillTrend(models.Model):
    class Direction(models.TextChoices):
        GROWING = "growing", "Growing fast"
        DECLINING = "declining", "Declining"
        STABLE = "stable", "Stable"

    direction = models.CharField(max_length=10, choices=Direction.choices)
    order = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    figure = models.CharField(max_length=120, blank=True, help_text="As the seed prints it.")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["direction", "order"]

    def __str__(self) -> str:
        return self.label


class Background(models.TextChoices):
    CAREER_SWITCHER = "career_switcher", "Career switcher"
    SOFTWARE_ENGINEER = "software_engineer", "Software engineer"
    DEVOPS_SRE = "devops_sre", "DevOps / SRE"
    RESEARCHER = "researcher", "Researcher"
    OTHER = "other", "Student / other"


class BackgroundRecommendation(models.Model):
    background = models.CharField(max_length=20, choices=Background.choices, unique=True)
    headline = models.CharField(max_length=120)
    role = models.ForeignKey(Role, on_delete=models.PROTECT)
    seniority = models.CharField(max_length=10, choices=Seniority.choices, default=Seniority.MID)
    path = models.ForeignKey(CareerPath, null=True, blank=True, on_delete=models.PROTECT)
    points = models.JSONField(default=list, help_text="The seed's advice, one string per point.")

    def __str__(self) -> str:
        return self.get_background_display()

    @property
    def details(self) -> list[str]:
        """The points after the headline: the seed repeats its headline as the first point."""
        headline = " ".join(self.headline.split()).casefold()
        return [p for p in self.points if " ".join(p.split()).casefold() != headline]


class SeedInsight(models.Model):
    """A statement of the seed analysis kept verbatim (with its figures) for display."""

    key = models.SlugField(max_length=60, unique=True)
    section = models.CharField(max_length=60)
    text = models.TextField()

    def __str__(self) -> str:
        return self.key


class MarketVersion(models.Model):
    """One row whose token changes whenever anything in the market app's tables changes.

    Database triggers on every other market table (market/services/versioning.py) write a new
    random token in the same transaction as the change, whichever code made it (services,
    admin, seed loader, bulk or raw SQL). Pages built only from the market are cached under
    this token (market/page_cache.py): a change is visible to every process at its commit.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="market_version_one_row")]

    def __str__(self) -> str:
        return f"market version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
