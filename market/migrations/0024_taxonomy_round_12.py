"""Issue 15, round 12: the named terms of the GenAI, infrastructure and fundamentals skills
in the spellings practitioners write them.

Tuned on recall postings 1-640 (a fresh set, 641-680, held out and read blind by another
reader: not read here). Each family's new (posting, skill) pairs over the 5,425-posting corpus
were read before it was kept, and an alias was left out where it found only the tuning
postings or their duplicates (74 new pairs kept, one then excluded). Kept: GenAI terms as
written ("Open AI", "GPT4", "VectorDB", "evals", "evaluating ... LLMs", "fine-tune ... LLMs"),
infrastructure ("Travis CI", "continuous deployments", "Infra as Code", "Cloud Formation"),
deep learning ("neural net", "transformer-based", "ML/DL", "autoencoders") and framework names
("Torch", with the companies and awards of that name and TorchServe excluded; "Sci-kit Learn";
"TFX"). As in 0013 and 0015-0023, applied as changes so that admins'
edits stay: a phrase is added only if the skill lacks it in any spelling (a fresh database
gets it all from market/seed/skills.json); reversed, the phrases added are removed where they
stand as spelt here. The data is frozen here, as it was when written."""

import importlib

from django.db import migrations

# 0013's walk over the skills and fields a CHANGES names, with what a reverse changed kept.
_ROUND_5 = importlib.import_module("market.migrations.0013_taxonomy_proximity_reach")

CHANGES = {
    "ci-cd": {
        "aliases": [
            "Travis CI",
            "continuous deployments",
        ],
    },
    "deep-learning": {
        "aliases": [
            "neural net",
            "transformer-based",
            "transformer architectures",
            "transformer architecture",
            "ML/DL",
            "DL models",
            "DL frameworks",
            "autoencoders",
        ],
    },
    "gpt-openai": {
        "aliases": [
            "GPT4",
            "GPT3",
        ],
        "case_sensitive_aliases": [
            "Open AI",
        ],
    },
    "llm-evaluation": {
        "aliases": [
            "evals",
            "evaluation of ... LLMs",
            "evaluating ... LLMs",
            "evaluate ... LLMs",
            "evaluation of ... large language models",
            "evaluating ... large language models",
            "evaluate ... large language models",
        ],
    },
    "llm-fine-tuning": {
        "aliases": [
            "fine-tune ... LLMs",
            "fine-tune ... LLM",
            "fine-tune ... large language models",
            "fine-tune ... language models",
            "fine-tune ... NLP",
            "fine-tune pre-trained",
            "fine-tune pretrained",
            "fine-tune ... foundation models",
        ],
        "exclusions": [
            "prompt engineering techniques to fine-tune and enhance LLMs",
        ],
    },
    "pytorch": {
        "case_sensitive_aliases": [
            "Torch",
        ],
        "exclusions": [
            "Torch Technologies",
            "Torch.AI",
            "Torch Awards",
            "TorchServe",
        ],
    },
    "scikit-learn": {
        "aliases": [
            "Sci-kit Learn",
            "Sci-kit",
        ],
    },
    "tensorflow": {
        "aliases": [
            "TFX",
        ],
    },
    "terraform": {
        "aliases": [
            "Infra as Code",
            "Cloud Formation",
        ],
    },
    "vector-databases": {
        "aliases": [
            "VectorDB",
        ],
    },
}


def taxonomy_round_12_add(apps, schema_editor):
    _ROUND_5.kept_forward(apps, schema_editor, "0024", CHANGES)


def taxonomy_round_12_remove(apps, schema_editor):
    """Back to 0023: the phrases this migration adds, where they stand as it spells them;
    forward again puts back what it found (0013's `kept_reverse`)."""
    _ROUND_5.kept_reverse(apps, schema_editor, "0024", CHANGES)


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0023_taxonomy_round_11"),
    ]

    operations = [
        migrations.RunPython(taxonomy_round_12_add, taxonomy_round_12_remove),
    ]
