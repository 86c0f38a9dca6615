import pytest

from market.postings import RoleClassifier

RULES = [
    ("LLM/GenAI Engineer", ["LLM", "GenAI", "Generative AI"]),
    ("MLOps Engineer", ["MLOps", "ML Platform"]),
    ("AI/ML Research", ["Research Scientist", "Research Engineer"]),
    ("ML Engineer", ["Machine Learning Engineer", "ML Engineer"]),
    ("Data Scientist", ["Data Scientist"]),
]


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Machine Learning Engineer", "ML Engineer"),
        ("Senior ML Engineer", "ML Engineer"),
        ("machine-learning engineer", "ML Engineer"),  # hyphen = space, any case
        ("LLM Engineer", "LLM/GenAI Engineer"),
        ("Generative AI Engineer", "LLM/GenAI Engineer"),
        ("GenAI ML Engineer", "LLM/GenAI Engineer"),  # first role in order wins
        ("MLOps Engineer", "MLOps Engineer"),
        ("Staff Engineer, ML Platform", "MLOps Engineer"),
        ("Research Scientist, Vision", "AI/ML Research"),
        ("data scientist", "Data Scientist"),
        ("Email Engineer", None),  # "ML" inside a word is not "ML"
        ("Store Manager", None),
        ("", None),
    ],
)
def test_role_from_title_by_patterns_in_order(title, role):
    assert RoleClassifier(RULES).classify(title) == role


def test_rules_are_data_an_admin_can_change():
    classifier = RoleClassifier([*RULES, ("Prompt Engineer", ["Prompt Engineer"])])
    assert classifier.classify("Prompt Engineer") == "Prompt Engineer"
    assert RoleClassifier([("ML Engineer", [" ", ""])]).classify("ML Engineer") is None
