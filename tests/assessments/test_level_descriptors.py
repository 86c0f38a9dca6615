"""What each level means per kind of skill: seeded for every category and level, editable by
admins, and never overwritten by the seed loader."""

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Level, LevelDescriptor
from assessments.services.levels import level_descriptors_ensure, level_descriptors_seed
from market.models import SkillCategory

pytestmark = pytest.mark.django_db


def test_every_kind_of_skill_has_a_description_of_every_level():
    rows = set(LevelDescriptor.objects.values_list("category", "level"))
    assert rows == {(category, level) for category in SkillCategory.values for level in Level}


def test_the_seed_describes_each_level_differently_for_each_kind_of_skill():
    seed = level_descriptors_seed()
    assert set(seed) == set(SkillCategory.values)
    for texts in seed.values():
        assert len(texts) == 6 and len(set(texts)) == 6
        assert all(0 < len(text) <= 300 for text in texts)
    assert seed["framework"][3] != seed["cloud"][3]


def test_the_loader_adds_what_is_missing_and_keeps_what_admins_edited():
    LevelDescriptor.objects.filter(category="cloud", level=2).update(description="Edited.")
    LevelDescriptor.objects.filter(category="data", level=5).delete()
    assert level_descriptors_ensure() == 1
    assert LevelDescriptor.objects.get(category="cloud", level=2).description == "Edited."
    restored = LevelDescriptor.objects.get(category="data", level=5).description
    assert restored == level_descriptors_seed()["data"][5]
    assert level_descriptors_ensure() == 0


@pytest.mark.parametrize(
    "row",
    [
        {"category": "cloud", "level": 2, "description": "A second Beginner for cloud."},
        {"category": "other", "level": 6, "description": "Beyond Expert."},
        {"category": "other", "level": 1, "description": ""},
    ],
    ids=["duplicate", "level-6", "empty"],
)
def test_the_database_refuses_a_duplicate_an_out_of_range_level_or_an_empty_description(row):
    LevelDescriptor.objects.filter(category="other", level=1).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelDescriptor.objects.create(**row)


def test_admins_edit_the_descriptions_on_one_page_each_box_named_for_its_level(client, make_user):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    html = client.get("/admin/assessments/leveldescriptor/").content.decode()
    assert html.count("<textarea") == 54
    assert 'aria-label="Description of ML framework / library: 3 Working"' in html
