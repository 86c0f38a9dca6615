from decimal import Decimal

import pytest

from market.ingestion.refresh import snapshot_diff, snapshot_discard, snapshot_roll_back
from market.models import Snapshot
from market.services.snapshots import SnapshotError, snapshot_publish
from tests.market.importing_support import draft_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    current = draft_of(
        [("ML Engineer", "mid", 100, 200_000), (None, "all", 150, 190_000)],
        [
            ("ML Engineer", "mid", "Python", "70.0"),
            ("ML Engineer", "mid", "TensorFlow", "80.0"),
            ("ML Engineer", "mid", "Theano", "5.0"),
            (None, "all", "Python", "60.0"),
        ],
        label="old",
    )
    snapshot_publish(snapshot=current)
    draft = draft_of(
        [("ML Engineer", "mid", 120, 210_000), (None, "all", 200, None)],
        [
            ("ML Engineer", "mid", "Python", "75.5"),
            ("ML Engineer", "mid", "TensorFlow", "60.0"),
            ("ML Engineer", "mid", "LangChain", "12.0"),
            (None, "all", "Python", "60.0"),
        ],
        label="new",
    )
    return draft, current


def test_diff_lists_biggest_share_moves_first(pair):
    draft, current = pair
    diff = snapshot_diff(draft=draft, current=current)
    assert [(m.skill, m.points) for m in diff.moves] == [
        ("TensorFlow", Decimal("-20.0")),
        ("Python", Decimal("5.5")),
    ]  # unchanged All/Python is not a move


def test_diff_lists_new_and_vanished_skills(pair):
    draft, current = pair
    diff = snapshot_diff(draft=draft, current=current)
    assert diff.new_skills == ["LangChain"]
    assert diff.vanished_skills == ["Theano"]


def test_diff_shows_job_count_and_salary_changes(pair):
    draft, current = pair
    diff = snapshot_diff(draft=draft, current=current)
    by_key = {(c.role, c.seniority): c for c in diff.levels}
    ml = by_key[("ML Engineer", "mid")]
    assert (ml.jobs_delta, ml.salary_delta) == (20, 10_000)
    everyone = by_key[("All", "all")]
    assert (everyone.jobs_before, everyone.jobs_after, everyone.salary_delta) == (150, 200, None)
    assert diff.levels[0].role == "All"


def test_diff_lists_job_counts_all_roles_first_then_by_role_each_from_all_up(db):
    # Levels only one of the two snapshots has are placed among the others, not after them.
    from market.models import Role

    current = draft_of(
        [("AI Role", "staff", 1, None), ("Alpha Role", "mid", 5, None), (None, "all", 9, None)],
        [],
    )
    draft = draft_of(
        [
            ("Alpha Role", "senior", 2, None),
            ("Alpha Role", "all", 8, None),
            ("AI Role", "entry", 3, None),
            ("Alpha Role", "entry", 1, None),
            (None, "mid", 4, None),
            ("Alpha Role", "staff", 1, None),
            ("Zeta Role", "mid", 6, None),
        ],
        [],
    )
    # Page order, not the alphabet; "AI Role" sorts before "All" by name.
    for order, name in enumerate(["AI Role", "Zeta Role", "Alpha Role"]):
        Role.objects.filter(name=name).update(page_order=order)

    diff = snapshot_diff(draft=draft, current=current)

    assert [(c.role, c.seniority) for c in diff.levels] == [
        ("All", "all"),
        ("All", "mid"),
        ("AI Role", "entry"),
        ("AI Role", "staff"),
        ("Zeta Role", "mid"),
        ("Alpha Role", "all"),
        ("Alpha Role", "entry"),
        ("Alpha Role", "mid"),
        ("Alpha Role", "senior"),
        ("Alpha Role", "staff"),
    ]


def test_diff_against_no_current_market_lists_every_skill_as_new(pair):
    draft, _ = pair
    diff = snapshot_diff(draft=draft, current=None)
    assert diff.moves == [] and diff.vanished_skills == []
    assert diff.new_skills == ["LangChain", "Python", "TensorFlow"]


def test_discard_deletes_a_draft_and_its_figures(pair):
    draft, current = pair
    snapshot_discard(snapshot=draft)
    assert not Snapshot.objects.filter(pk=draft.pk).exists()
    assert Snapshot.objects.get(is_current=True) == current


def test_a_published_snapshot_cannot_be_discarded(pair):
    _, current = pair
    with pytest.raises(SnapshotError, match="only drafts"):
        snapshot_discard(snapshot=current)
    assert Snapshot.objects.filter(pk=current.pk).exists()


def test_roll_back_publishes_an_earlier_snapshot_again(pair):
    draft, old = pair
    snapshot_publish(snapshot=draft)
    assert Snapshot.objects.get(is_current=True) == draft
    snapshot_roll_back(to=old)
    assert Snapshot.objects.get(is_current=True) == old
    draft.refresh_from_db()
    assert draft.state == Snapshot.State.PUBLISHED and not draft.is_current


def test_publishing_a_draft_discarded_meanwhile_says_so_and_changes_nothing(pair):
    # The admin page checks first; this is the draft discarded between that check and the lock.
    draft, current = pair
    Snapshot.objects.filter(pk=draft.pk).delete()
    with pytest.raises(SnapshotError) as caught:
        snapshot_publish(snapshot=draft)
    assert str(caught.value) == (
        f"Snapshot {draft.pk} no longer exists (it was discarded): nothing was published."
    )
    assert Snapshot.objects.get(is_current=True) == current


def test_roll_back_to_a_draft_is_refused(pair):
    draft, current = pair
    with pytest.raises(SnapshotError, match="never published"):
        snapshot_roll_back(to=draft)
    assert Snapshot.objects.get(is_current=True) == current


def test_discard_takes_the_roles_and_skills_only_its_import_added(pair, make_user):
    # A misspelt skill and role of a discarded file stayed in the taxonomy: people were
    # offered "Pyhton" to rate, and postings titled "LLM Engineeer" found a role of that name.
    from assessments.models import SkillLevel
    from market.models import Role, Skill

    typo = draft_of(
        [("LLM Engineeer", "mid", 10, None)], [("LLM Engineeer", "mid", "Pyhton", "50")]
    )
    shared = draft_of([], [(None, "all", "Rated", "50"), (None, "all", "Also drafted", "40")])
    draft_of([], [(None, "all", "Also drafted", "45")])  # another draft counts it too
    SkillLevel.objects.create(user=make_user("ada"), skill=Skill.objects.get(name="Rated"), level=2)

    assert snapshot_discard(snapshot=typo).roles == ["LLM Engineeer"]
    assert not Role.objects.filter(name="LLM Engineeer").exists()
    assert not Skill.objects.filter(name="Pyhton").exists()
    discarded = snapshot_discard(snapshot=shared)
    assert discarded.roles == [] and discarded.skills == []
    assert set(
        Skill.objects.filter(name__in=["Rated", "Also drafted"]).values_list("name", flat=True)
    ) == {"Rated", "Also drafted"}
    # The pair's skills and roles, used by the current market, are untouched.
    assert Skill.objects.filter(name__in=["Python", "TensorFlow", "Theano"]).count() == 3
    assert Role.objects.filter(name="ML Engineer").exists()


def test_discard_keeps_a_role_or_skill_its_import_added_that_an_admin_has_since_edited(db):
    # Before: discarding the draft deleted "Vector databases" with the aliases and
    # description an admin had written for it since the import, and "Prompt Engineer" with
    # its title rules, because no row referred to them; the same draft left "Pyhton", unedited.
    from market.models import Role, Skill

    draft = draft_of(
        [("Prompt Engineer", "mid", 10, None), ("Typo Role", "mid", 5, None)],
        [
            ("Prompt Engineer", "mid", "Vector databases", "50"),
            ("Prompt Engineer", "mid", "Pyhton", "40"),
        ],
    )
    Skill.objects.filter(name="Vector databases").update(
        aliases="vector DB\npgvector", description="Stores embeddings."
    )
    Role.objects.filter(name="Prompt Engineer").update(title_patterns="prompt engineer")

    discarded = snapshot_discard(snapshot=draft)

    assert (discarded.roles, discarded.skills) == (["Typo Role"], ["Pyhton"])
    assert Skill.objects.get(name="Vector databases").aliases == "vector DB\npgvector"
    assert Role.objects.get(name="Prompt Engineer").title_patterns == "prompt engineer"
    assert not Skill.objects.filter(name="Pyhton").exists()
    assert not Role.objects.filter(name="Typo Role").exists()


def _typo_draft(label: str) -> Snapshot:
    """A draft of a file with the misspelt role "LLM Engineeer" and skill "Pyhton"."""
    return draft_of(
        [("LLM Engineeer", "mid", 10, None)],
        [("LLM Engineeer", "mid", "Pyhton", "50")],
        label=label,
    )


def _typos_left() -> tuple[bool, bool]:
    from market.models import Role, Skill

    return (
        Role.objects.filter(name="LLM Engineeer").exists(),
        Skill.objects.filter(name="Pyhton").exists(),
    )


@pytest.mark.parametrize("first", ["adder", "counter"])
def test_discarding_every_draft_of_a_misspelt_file_takes_its_role_and_skill_in_either_order(
    db, first
):
    # Before: draft 1's import added "LLM Engineeer" and "Pyhton", draft 2 (another file with
    # the same typos) counted them too; discarding draft 1 kept them (draft 2 counts them),
    # then discarding draft 2 kept them for good, because draft 2's import had not added them:
    # people were offered "Pyhton" to rate, and later imports classified titles into the role.
    adder, counter = _typo_draft("adds the typos"), _typo_draft("counts the typos")
    assert counter.import_summary["created_skills"] == []  # it found "Pyhton" there
    one, two = (adder, counter) if first == "adder" else (counter, adder)

    kept = snapshot_discard(snapshot=one)

    assert (kept.roles, kept.skills) == ([], [])
    assert _typos_left() == (True, True)  # the other draft counts them
    gone = snapshot_discard(snapshot=two)
    assert (gone.roles, gone.skills) == (["LLM Engineeer"], ["Pyhton"])
    assert _typos_left() == (False, False)


def test_a_discarded_drafts_misspelt_entries_are_handed_over_to_the_drafts_counting_them(db):
    adder, counter = _typo_draft("adds the typos"), _typo_draft("counts the typos")
    draft_of([], [])  # a draft that counts neither

    kept = snapshot_discard(snapshot=adder)

    assert [(h.kind, h.name, h.drafts) for h in kept.handed_over] == [
        ("role", "LLM Engineeer", [counter.pk]),
        ("skill", "Pyhton", [counter.pk]),
    ]
    counter.refresh_from_db()
    summary = counter.import_summary
    assert (summary["created_roles"], summary["created_skills"]) == ([], [])  # as imported
    assert (summary["taken_over_roles"], summary["taken_over_skills"]) == (
        ["LLM Engineeer"],
        ["Pyhton"],
    )
    assert snapshot_discard(snapshot=counter).handed_over == []


@pytest.mark.parametrize("published", ["before the first discard", "between the discards"])
def test_misspelt_entries_a_published_snapshot_counts_stay_after_every_draft_goes(db, published):
    # Published figures are history: what they refer to stays, whoever added it.
    adder, counter, third = (_typo_draft(label) for label in ("adds", "counts", "also counts"))
    if published == "before the first discard":
        snapshot_publish(snapshot=counter)
    kept = snapshot_discard(snapshot=adder)
    if published == "between the discards":
        assert [h.drafts for h in kept.handed_over] == [[counter.pk, third.pk]] * 2
        snapshot_publish(snapshot=counter)
    else:
        assert kept.handed_over == []  # nothing to hand over: it stays for good

    last = snapshot_discard(snapshot=third)

    assert (last.roles, last.skills, last.handed_over) == ([], [], [])
    assert _typos_left() == (True, True)
    assert Snapshot.objects.get(is_current=True) == counter


def test_an_entry_handed_over_that_a_rating_or_a_path_uses_too_is_marked_so(make_user):
    # Before: the hand-over of a skill a person had rated (or a role a career path was for)
    # read like one the last draft's discard would take; that discard kept it, being used.
    from assessments.models import SkillLevel
    from market.models import CareerPath, Role, Skill

    adder, counter = _typo_draft("adds the typos"), _typo_draft("counts the typos")
    SkillLevel.objects.create(
        user=make_user("ada"), skill=Skill.objects.get(name="Pyhton"), level=2
    )

    kept = snapshot_discard(snapshot=adder)

    assert [(h.name, h.uses) for h in kept.handed_over] == [
        ("LLM Engineeer", []),
        ("Pyhton", [("rating", 1)]),
    ]
    CareerPath.objects.create(role=Role.objects.get(name="LLM Engineeer"), slug="llm")
    third = _typo_draft("counts them too")
    assert [(h.name, h.uses) for h in snapshot_discard(snapshot=counter).handed_over] == [
        ("LLM Engineeer", [("career path", 1)]),
        ("Pyhton", [("rating", 1)]),
    ]
    assert snapshot_discard(snapshot=third).handed_over == []
    assert _typos_left() == (True, True)  # the path and the rating keep them


def _ad(user, role=None, skill=None):
    """A person's saved job ad (made-up text) read as `role`, naming `skill`."""
    from assessments.models import JobAd, JobAdSkill

    ad = JobAd.objects.create(
        user=user, title="LLM Engineeer", text="We build things.", seniority="mid", role=role
    )
    if skill is not None:
        JobAdSkill.objects.create(ad=ad, skill=skill, kind=JobAdSkill.Kind.MUST, order=0)
    return ad


@pytest.mark.parametrize("use", ["job ad", "target role"])
def test_discard_keeps_a_role_only_it_added_that_a_persons_ad_or_target_role_refers_to(
    make_user, use
):
    # Before: an ad's role and a person's target role are set to null when the role goes, so
    # the check "does a delete reach another row" missed them: discarding the draft deleted
    # "LLM Engineeer" and the ad (or the person's profile) silently lost its role.
    from assessments.models import JobAd, Profile
    from market.models import Role

    draft = _typo_draft("adds the typos")
    role = Role.objects.get(name="LLM Engineeer")
    ada = make_user("ada")
    if use == "job ad":
        ad = _ad(ada, role=role)
    else:
        Profile.objects.update_or_create(user=ada, defaults={"target_role": role})

    discarded = snapshot_discard(snapshot=draft)

    assert (discarded.roles, discarded.skills) == ([], ["Pyhton"])  # the unused skill goes
    assert _typos_left() == (True, False)
    if use == "job ad":
        assert JobAd.objects.get(pk=ad.pk).role == role
    else:
        assert Profile.objects.get(user=ada).target_role == role
    assert [(k.kind, k.name, k.uses) for k in discarded.kept] == [
        ("role", "LLM Engineeer", [(use, 1)])
    ]


def test_a_role_an_ad_refers_to_is_handed_over_with_its_uses(make_user):
    # Before: handed over as if discarding the other draft would take it; that discard then
    # deleted it, and the ad lost its role.
    from assessments.models import JobAd
    from market.models import Role

    adder, counter = _typo_draft("adds the typos"), _typo_draft("counts the typos")
    ad = _ad(make_user("ada"), role=Role.objects.get(name="LLM Engineeer"))

    kept = snapshot_discard(snapshot=adder)

    assert [(h.name, h.drafts, h.uses) for h in kept.handed_over] == [
        ("LLM Engineeer", [counter.pk], [("job ad", 1)]),
        ("Pyhton", [counter.pk], []),
    ]
    last = snapshot_discard(snapshot=counter)
    assert (last.roles, last.skills) == ([], ["Pyhton"])
    assert JobAd.objects.get(pk=ad.pk).role.name == "LLM Engineeer"


def test_discard_says_which_added_entries_people_use_keep_and_how_many_of_each(make_user):
    # Before: "Pyhton", rated twice and named by an ad, stayed with no word of it: the admin
    # who discarded the misspelt file believed it gone.
    from assessments.models import SkillLevel
    from market.models import Skill

    draft = _typo_draft("adds the typos")
    typo = Skill.objects.get(name="Pyhton")
    for name in ("ada", "bob"):
        SkillLevel.objects.create(user=make_user(name), skill=typo, level=2)
    _ad(make_user("cy"), skill=typo)

    discarded = snapshot_discard(snapshot=draft)

    assert discarded.roles == ["LLM Engineeer"] and discarded.skills == []
    assert [(k.kind, k.name, k.uses) for k in discarded.kept] == [
        ("skill", "Pyhton", [("rating", 2), ("job ad", 1)])
    ]
    assert _typos_left() == (False, True)


def test_discard_counts_a_rating_once_not_again_for_its_history(make_user):
    # Before: two people who rated "Pyhton" once on My skills (skill_level_set records each
    # change) read as "in use: 2 ratings, 2 rating changes": four uses, from two ratings.
    from assessments.services.skills import skill_level_set
    from market.models import Skill

    draft = _typo_draft("adds the typos")
    typo = Skill.objects.get(name="Pyhton")
    for name in ("ada", "bob"):
        user = make_user(name)
        skill_level_set(user=user, skill=typo, level=2)
        skill_level_set(user=user, skill=typo, level=3)  # a second change of the same rating

    discarded = snapshot_discard(snapshot=draft)

    assert [(k.name, k.uses) for k in discarded.kept] == [("Pyhton", [("rating", 2)])]
    assert Skill.objects.filter(pk=typo.pk).exists()


def test_discard_counts_a_plans_items_as_items_not_as_plans(make_user):
    # Before: one person's plan with two items of "Pyhton" (one done, one to do after a
    # higher target) read as "in use: 2 learning plans" - there is one plan.
    from assessments.models import Plan, PlanItem
    from market.models import Role, Skill

    draft = _typo_draft("adds the typos")
    other = draft_of(
        [("Data Scientist", "mid", 10, None)],
        [("Data Scientist", "mid", "Python", "50")],
        label="another market",
    )
    typo = Skill.objects.get(name="Pyhton")
    plan = Plan.objects.create(
        user=make_user("ada"),
        snapshot=other,
        role=Role.objects.get(name="Data Scientist"),
        seniority="mid",
        hours_per_week=10,
        starts_on="2026-01-01",
    )
    for order, (frm, to) in enumerate([(0, 2), (2, 3)]):
        PlanItem.objects.create(
            plan=plan,
            order=order,
            skill=typo,
            from_level=frm,
            to_level=to,
            hours=10,
            start_month=1,
            end_month=1,
        )

    discarded = snapshot_discard(snapshot=draft)

    assert [(k.name, k.uses) for k in discarded.kept] == [("Pyhton", [("learning plan item", 2)])]
