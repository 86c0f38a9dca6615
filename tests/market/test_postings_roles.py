import pytest

from market.ingestion.postings import RoleClassifier
from market.models import Role

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


@pytest.mark.parametrize(
    "title",
    [
        "Software Engineer, Machine Learning",
        "Software Engineer - Machine Learning",
        "Software Engineer – Machine Learning",
        "Software Engineer: Machine Learning",
        "Software Engineer / Machine Learning",
    ],
)
def test_separators_between_title_words_are_interchangeable(title):
    rules = [("ML Engineer", ["Software Engineer, Machine Learning"])]
    assert RoleClassifier(rules).classify(title) == "ML Engineer"


def test_separators_do_not_join_words_a_title_keeps_apart():
    rules = [("ML Engineer", ["Software Engineer, Machine Learning"])]
    assert RoleClassifier(rules).classify("Software Engineering Manager, Learning") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Machine Learning Software Engineer", "ML Engineer"),
        ("Sr. Machine Learning Model Engineer", "ML Engineer"),
        ("Data Quality Analyst II", "Data Analyst"),
        ("Senior Business Analyst", "Data Analyst"),
        ("Data Analytics Specialist", "Data Analyst"),
        ("Staff Research Scientist – NLP", "AI/ML Research"),
    ],
)
def test_seed_role_patterns_cover_titles_common_in_the_real_postings(title, role):
    rules = [(r.name, r.pattern_list) for r in Role.objects.order_by("display_order", "name")]
    assert RoleClassifier(rules).classify(title) == role
