"""What each level 0-5 means per kind of skill (`LevelDescriptor`): the seed's descriptions,
added after every migrate where missing, never overwriting what an admin edited."""

import json
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

from assessments.models import LevelDescriptor

LEVEL_DESCRIPTORS_FILE = Path(__file__).resolve().parent.parent / "seed" / "level_descriptors.json"


def level_descriptors_seed() -> dict[str, list[str]]:
    """The seed's six descriptions (levels 0-5) of each skill category, by category."""
    return json.loads(LEVEL_DESCRIPTORS_FILE.read_text(encoding="utf-8"))["levels"]


def level_descriptors_ensure(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Add the seed's description of every (category, level) that has none; returns how
    many were added. Two queries when nothing is missing."""
    with connections[using].cursor() as cursor:
        tables = connections[using].introspection.table_names(cursor)
    if LevelDescriptor._meta.db_table not in tables:  # a partial or backwards migrate
        return 0
    rows = LevelDescriptor.objects.using(using)
    present = set(rows.values_list("category", "level"))
    missing = [
        LevelDescriptor(category=category, level=level, description=text)
        for category, texts in level_descriptors_seed().items()
        for level, text in enumerate(texts)
        if (category, level) not in present
    ]
    rows.bulk_create(missing)
    return len(missing)
