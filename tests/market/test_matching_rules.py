"""The taxonomy's matching rules (case-sensitive aliases, exclusion phrases, whether the name
counts) are edited in the admin and every path applies them alike: the import, paste-to-suggest
and the warehouse query."""

import pytest
from django.urls import reverse

from assessments.services.skills import skills_suggest_from_text
from market.models import Skill, SkillDemand
from market.services.taxonomy import skill_matcher_build, skill_rules_problems
from tests.market.admin_forms import admin_form_data
from tests.market.matching_support import TOO_FAR
from tests.market.warehouse_support import imported_as_the_warehouse_counts

pytestmark = pytest.mark.django_db

# Short sentences written for these tests, each like one that fooled the matcher.
POSTINGS = [
    ("Data Analyst", "You will have the opportunity to excel in a growing team."),
    ("Data Analyst", "Reports in Excel and SQL; the opportunity to excel."),
    ("Data Analyst", "Knowing excel is a plus."),  # not the capital: not the skill
    ("Data Engineer", "Dimensional models: star and snowflake schema design."),
    ("Data Engineer", "Loads into Snowflake; a snowflake schema too."),
    ("Data Scientist", "Statistics w.r.t. experiments; Python."),
]


@pytest.fixture
def rules():
    Skill.objects.filter(slug="excel").update(
        case_sensitive_aliases="Excel", exclusions="opportunity to excel\nexcel at"
    )
    Skill.objects.filter(slug="snowflake").update(exclusions="snowflake schema\nstar and snowflake")


def _found(text: str) -> set[str]:
    return skill_matcher_build().find(text)


def _rows(postings) -> list[dict]:
    return [
        {"title": t, "company": f"Company {i}", "description": d}
        for i, (t, d) in enumerate(postings)
    ]


@pytest.mark.usefixtures("rules")
def test_each_path_finds_the_same_skills(tmp_path):
    expected = [
        set(),
        {"excel", "sql"},
        set(),
        set(),
        {"snowflake"},
        {"statistics", "python"},  # "r" of "w.r.t." is not R
    ]
    assert [_found(text) for _, text in POSTINGS] == expected
    # Paste-to-suggest
    suggested = [{s.skill.slug for s in skills_suggest_from_text(text=t)} for _, t in POSTINGS]
    assert suggested == expected
    # The import, and the warehouse query over the same postings: the same market.
    snapshot = imported_as_the_warehouse_counts(tmp_path, _rows(POSTINGS))
    shares = {
        d.skill.slug: str(d.share_pct)
        for d in SkillDemand.objects.filter(snapshot=snapshot, role=None, seniority="all")
    }
    assert shares == {"excel": "16.7", "sql": "16.7", "snowflake": "16.7"} | {
        "statistics": "16.7",
        "python": "16.7",
    }


def test_a_skill_whose_name_is_not_matched_is_found_by_its_aliases_only():
    Skill.objects.filter(slug="open-source").update(
        match_name=False, aliases="open-source contributions\ncontributing to open source"
    )
    assert "open-source" not in _found("open source tools and open-source models")
    assert "open-source" in _found("Open-source contributions are a plus")


def test_the_matcher_follows_each_edit_of_the_rules():
    Skill.objects.filter(slug="excel").update(case_sensitive_aliases="", exclusions="")
    before = skill_matcher_build()
    assert skill_matcher_build() is before  # one per taxonomy and process
    assert "excel" in before.find("the opportunity to excel")
    Skill.objects.filter(slug="excel").update(exclusions="opportunity to excel")
    after = skill_matcher_build()
    assert after is not before and "excel" not in after.find("the opportunity to excel")


# ---- The admin ---------------------------------------------------------------------------


def _change(admin_client, slug: str, *, unticked: tuple[str, ...] = (), **changes):
    """Post the skill's admin change form as the page shows it, with `changes` typed in and
    the boxes `unticked` unticked."""
    skill = Skill.objects.get(slug=slug)
    url = reverse("admin:market_skill_change", args=[skill.pk])
    data = admin_form_data(admin_client.get(url).content.decode(), "skill_form")
    for name in unticked:
        data.pop(name, None)  # an unticked box is not sent
    data.update(changes)
    return admin_client.post(url, data)


def test_the_admin_saves_case_sensitive_aliases_and_exclusion_phrases(admin_client):
    response = _change(
        admin_client,
        "excel",
        case_sensitive_aliases="Excel",
        exclusions="opportunity to excel\r\nexcel at",
    )
    assert response.status_code == 302
    skill = Skill.objects.get(slug="excel")
    assert (skill.case_sensitive_aliases, skill.exclusions) == (
        "Excel",
        "opportunity to excel\r\nexcel at",
    )
    assert _found("you will excel at this; reports in EXCEL") == {"excel"}
    assert _found("you will excel at this; reports: excel") == set()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"exclusions": "opportunity to grow"}, "“opportunity to grow” holds none of this skill"),
        ({"case_sensitive_aliases": "excel"}, "“excel” has no capital letter"),
        ({"aliases": "Microsoft Excel\r\n--"}, "“--” has no letter or digit"),
        ({"aliases": "Tableau"}, "“Tableau” already finds Tableau."),
        (
            {"aliases": "Microsoft Excel\r\nbuild ...  "},
            "“build ...” needs words on both sides of each “...”, as in “deploy ... models”",
        ),
        (
            {"exclusions": "opportunity to ... excel ..."},
            "“opportunity to ... excel ...” needs words on both sides of each “...”",
        ),
        (
            {"aliases": "", "case_sensitive_aliases": ""},
            "With its name not matched, the skill needs an alias",
        ),
        (
            {"aliases": "Microsoft Excel\r\nbuild ... sheets ... with ... macros"},
            "“build ... sheets ... with ... macros” has 4 word groups; a proximity phrase may "
            "have at most 3, with 2 “...”",
        ),
        (
            {"exclusions": "excel ... at ... work ... daily"},
            "“excel ... at ... work ... daily” has 4 word groups",
        ),
        (
            {"aliases": "Microsoft Excel\r\nc ... macros"},
            "“c ... macros” has a word group of one letter (“c”)",
        ),
        (
            {"case_sensitive_aliases": "Excel\r\nExcel ... c"},
            "“Excel ... c” has a word group of one letter (“c”)",
        ),
    ],
)
def test_the_admin_refuses_rules_that_cannot_work_and_keeps_what_was_typed(
    admin_client, changes, message
):
    before = Skill.objects.values().get(slug="excel")
    unticked = ("match_name",) if "name not matched" in message else ()
    response = _change(admin_client, "excel", unticked=unticked, **changes)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    for value in changes.values():
        assert value.replace("\r\n", "\n").split("\n")[0] in page
    assert Skill.objects.values().get(slug="excel") == before


# Short sentences written for this test: the name, an alias and an exclusion phrase with a
# capital outside ASCII, as typed and in other cases.
CASED_POSTINGS = [
    ("Data Analyst", "Reports in Éxcel Pro."),  # the name as typed
    ("Data Analyst", "Reports in ÉXCEL PRO."),
    ("Data Analyst", "Reports in éxcel pro."),
    ("Data Analyst", "Macros in ÜBER excel."),  # the alias in capitals
    ("Data Analyst", "Macros in über excel."),
    ("Data Analyst", "ÜBUNG MACHT EXCEL."),  # the exclusion phrase in capitals
    ("Data Analyst", "Reports in excel pro."),  # É is not E
]


def test_a_capital_outside_ascii_is_saved_and_found_as_typed_and_in_any_case(
    admin_client, tmp_path
):
    """Any case covers letters outside ASCII: the form takes such a capital in a matched name,
    an alias and an exclusion phrase, and every path finds the phrase in any case."""
    response = _change(
        admin_client,
        "excel",
        name="Éxcel Pro",
        aliases="Über Excel",
        exclusions="Übung macht excel",
    )
    assert response.status_code == 302, response.content.decode()
    skill = Skill.objects.get(slug="excel")
    assert (skill.name, skill.aliases, skill.exclusions) == (
        "Éxcel Pro",
        "Über Excel",
        "Übung macht excel",
    )
    expected = [True, True, True, True, True, False, False]
    assert ["excel" in _found(text) for _, text in CASED_POSTINGS] == expected
    suggested = [
        "excel" in {s.skill.slug for s in skills_suggest_from_text(text=t)}
        for _, t in CASED_POSTINGS
    ]
    assert suggested == expected
    # The import (find_pairs) and the warehouse query: the same share, 5 of 7.
    snapshot = imported_as_the_warehouse_counts(tmp_path, _rows(CASED_POSTINGS))
    excel = SkillDemand.objects.get(
        snapshot=snapshot, role=None, seniority="all", skill__slug="excel"
    )
    assert str(excel.share_pct) == "71.4"


def test_letters_outside_ascii_are_saved_where_they_find_what_is_typed(admin_client):
    """A capital outside ASCII in a case-sensitive alias must be a capital; in any case,
    any case."""
    # The aliases replaced, the exclusion phrases too: one that holds none would be refused.
    response = _change(
        admin_client,
        "excel",
        case_sensitive_aliases="Excel\r\nÜber Excel",
        aliases="café excel",
        exclusions="opportunity to excel",
    )
    assert response.status_code == 302
    assert _found("macros in Über Excel") == {"excel"}
    assert _found("macros in über excel") == set()
    assert _found("the Café Excel add-in") == {"excel"}


def test_a_one_letter_capital_group_of_a_case_sensitive_proximity_alias_is_saved(admin_client):
    response = _change(admin_client, "excel", case_sensitive_aliases="Excel\r\nC ... macros")
    assert response.status_code == 302
    assert _found("macros in C and VBA") == set()  # "in" and "and": C is not before macros
    assert _found("write C macros") == {"excel"}
    assert _found("write c macros") == set()


def test_the_admin_refuses_a_proximity_alias_another_skill_has_in_any_spelling(admin_client):
    Skill.objects.filter(slug="model-serving").update(aliases="deploy ... models")
    response = _change(admin_client, "excel", aliases="Deploy…models")
    assert "“Deploy…models” already finds Model serving." in response.content.decode()


# Short sentences written for this test, phrasing a duty with words in between.
PROXIMITY_POSTINGS = [
    ("ML Engineer", "You will design, build and deploy the trained models."),
    ("ML Engineer", "Deploy and integrate partner models on our platform."),
    ("ML Engineer", "Learn how we deploy models at scale."),  # an exclusion phrase
    ("ML Engineer", "Deploy dashboards. Models are built by others."),  # two sentences
    ("ML Engineer", f"deploy {TOO_FAR} models"),  # a word too many between
]


def test_each_path_finds_a_proximity_alias_alike(tmp_path):
    Skill.objects.filter(slug="model-serving").update(
        aliases="deploy ... models", exclusions="how we deploy models"
    )
    expected = [True, True, False, False, False]
    assert ["model-serving" in _found(text) for _, text in PROXIMITY_POSTINGS] == expected
    suggested = [
        "model-serving" in {s.skill.slug for s in skills_suggest_from_text(text=t)}
        for _, t in PROXIMITY_POSTINGS
    ]
    assert suggested == expected
    # The job-ad report shows the whole phrase.
    matcher, text = skill_matcher_build(), PROXIMITY_POSTINGS[1][1]
    spans = matcher.spans_of(matcher.find_mentions(text))
    assert [(m.slug, text[m.start : m.end]) for m in spans] == [
        ("model-serving", "Deploy and integrate partner models")
    ]
    # The import and the warehouse query: the same share.
    snapshot = imported_as_the_warehouse_counts(tmp_path, _rows(PROXIMITY_POSTINGS))
    serving = SkillDemand.objects.get(
        snapshot=snapshot, role=None, seniority="all", skill__slug="model-serving"
    )
    assert str(serving.share_pct) == "40.0"


@pytest.mark.parametrize("slug", ["computer-vision", "model-serving", "monitoring"])
def test_a_shipped_skill_saves_in_the_admin_as_it_is(admin_client, slug):
    # Round 5's exclusion phrases hold a word group of a proximity alias ("your CV" of
    # "CV ... AI", "dashboards, models" of "monitoring ... models"), not a whole alias: they
    # void those proximity mentions, and an admin who opens the skill can save it unchanged.
    response = _change(admin_client, slug)
    assert response.status_code == 302, response.content.decode()


def test_a_phrase_with_too_many_groups_already_in_the_database_is_never_searched_for():
    # One made before the admin refused it (or written to the table directly): each group more
    # multiplies the search's work by seven, and eight groups took a minute on 200 words.
    groups = " ... ".join(["excel"] * 8)
    Skill.objects.filter(slug="excel").update(aliases=groups, exclusions=f"{groups} ... macros")
    matcher = skill_matcher_build()
    [excel] = [rules for rules in matcher.rules if rules.slug == "excel"]
    assert [a.phrase for a in excel.aliases] == ["Excel"]  # its name only
    assert excel.exclusions == ()
    assert matcher.find(" ".join(["Excel"] * 200)) == {"excel"}


def test_every_shipped_skill_passes_the_admin_s_checks():
    problems = {s.slug: p for s in Skill.objects.all() if (p := skill_rules_problems(skill=s))}
    assert problems == {}


def test_an_exclusion_phrase_that_holds_a_group_of_a_proximity_alias_voids_its_mentions():
    Skill.objects.filter(slug="model-serving").update(
        aliases="deploy ... models", exclusions="deploy processes"
    )
    skill = Skill.objects.get(slug="model-serving")
    assert skill_rules_problems(skill=skill) == {}
    # (retraining models is production ML: only model serving's verdict is this test's)
    assert "model-serving" not in _found("deploy processes to retrain models")
    assert "model-serving" in _found("deploy the retrained models")
    Skill.objects.filter(pk=skill.pk).update(exclusions="processes to retrain")
    assert (
        "holds none of this skill"
        in skill_rules_problems(skill=Skill.objects.get(pk=skill.pk))["exclusions"][0]
    )
