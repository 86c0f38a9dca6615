"""Issue 15, round 10: exclusion phrases for words that glued edges newly split.

The matcher now also finds a mention where list items run together without a separator
("Tableau or Power BIDatabase management", "SQLAdvanced", "skillsPython": matching.py's glued
edges). Over the 5,425 postings of bench/extraction.py's corpus that newly finds 317 (posting,
skill) pairs; every one was read, grouped by the glued token (bench/RESULTS.md, round 10). The
ones a glued edge gets wrong and a phrase can void, 137: JavaScript read as Java (85 pairs),
NoSQL as SQL (30), Looker's LookML, LookerML and the company SpringML as machine learning (5),
Nixtla's TimeGPT and the product InsurGPT as GPT/OpenAI, and ChatGPT named but not asked for
("similarities with ChatGPT", "Google + ChatGPT", 6; "ChatGPT" alone is not voided, as that
would void the alias "ChatGPT API" too), the instrument ReactRaman as React (2), and words that
start with a capital R glued to a capital and a small letter: RPh (pharmacist), RNs (nurses),
RFx, RGs, RSpec, RLlib, RLfD (8). As in 0013 and 0015-0019, applied as changes so that admins'
edits stay: a phrase is added only if the skill lacks it in any spelling (a fresh database gets
it all from market/seed/skills.json); reversed, the phrases added are removed where they stand
as spelt here. The data is frozen here, as it was when written."""

import importlib

from django.db import migrations

# 0013's walk over the skills and fields a CHANGES names, with what a reverse changed kept.
_ROUND_5 = importlib.import_module("market.migrations.0013_taxonomy_proximity_reach")

CHANGES = {
    "gpt-openai": {
        "exclusions": [
            "TimeGPT",
            "InsurGPT",
            "similarities with ChatGPT",
            "Google + ChatGPT",
            "not focused on LLM, ChatGPT",
            "replace both ChatGPT",
        ]
    },
    "java": {"exclusions": ["JavaScript"]},
    "javascript": {"exclusions": ["ReactRaman"]},
    "machine-learning": {"exclusions": ["LookML", "LookerML", "SpringML"]},
    "r": {"exclusions": ["RPh", "RNs", "RFx", "RGs", "RSpec", "RLlib", "RLfD"]},
    "sql": {"exclusions": ["NoSQL"]},
}


def taxonomy_glued_words_add(apps, schema_editor):
    _ROUND_5.kept_forward(apps, schema_editor, "0022", CHANGES)


def taxonomy_glued_words_remove(apps, schema_editor):
    """Back to 0021: the phrases this migration adds, where they stand as it spells them;
    forward again puts back what it found (0013's `kept_reverse`)."""
    _ROUND_5.kept_reverse(apps, schema_editor, "0022", CHANGES)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0021_role_person_title"),
    ]

    operations = [
        migrations.RunPython(taxonomy_glued_words_add, taxonomy_glued_words_remove),
    ]
