"""A small taxonomy of the tests' own for reading job ads (tests/assessments/test_ad_*.py).

The reading's tests must not move when the product's taxonomy (market/seed, the admin's
matching rules) gains a skill or an alias: they check how an ad is read, with the importer's
matcher and title rules applied to these rules. The rules use every kind the taxonomy has:
aliases, case-sensitive aliases (Excel, Go), exclusion phrases ("go-to", "opportunity to
excel") and a one-letter name (R, always a case-sensitive capital).
"""

from market.ingestion.matching import SkillMatcher, SkillRules
from market.ingestion.postings import RoleClassifier


def _skill(slug, name, *aliases, case_sensitive=(), exclusions=(), match_name=True):
    return SkillRules.of(
        slug=slug,
        name=name,
        aliases=aliases,
        case_sensitive_aliases=case_sensitive,
        exclusions=exclusions,
        match_name=match_name,
    )


RULES = (
    _skill("python", "Python", "Python 3", "CPython"),
    _skill("sql", "SQL", "PostgreSQL", "Postgres", "MySQL"),
    _skill("machine-learning", "Machine learning", "ML", "machine learning algorithms"),
    _skill("pytorch", "PyTorch", "PyTorch Lightning"),
    _skill("tensorflow", "TensorFlow"),
    _skill("scikit-learn", "Scikit-learn", "sklearn", "scikit learn"),
    _skill("docker", "Docker", "containerization"),
    _skill("kubernetes", "Kubernetes", "K8s"),
    _skill("airflow", "Airflow", "Apache Airflow"),
    _skill("snowflake", "Snowflake", exclusions=("snowflake schema",)),
    _skill("spark", "Spark", "Apache Spark", "PySpark"),
    _skill("kafka", "Kafka", "Apache Kafka"),
    _skill("mlflow", "MLflow", "experiment tracking"),
    _skill("terraform", "Terraform", "infrastructure as code"),
    _skill("tableau", "Tableau"),
    _skill("aws", "AWS", "Amazon Web Services", "SageMaker"),
    _skill("gcp", "GCP", "Google Cloud", "BigQuery"),
    _skill("azure", "Azure", "Microsoft Azure", "Azure Machine Learning"),
    _skill("ci-cd", "CI/CD", "continuous integration"),
    _skill("cpp", "C++", "Modern C++"),
    _skill("nodejs", "Node.js"),
    _skill("gpt-openai", "GPT/OpenAI", "OpenAI", "Anthropic", match_name=False),
    _skill("mentorship", "Mentorship", "mentoring"),
    _skill("model-serving", "Model serving", "deploy ... models", match_name=False),
    _skill(
        "excel",
        "Excel",
        "Microsoft Excel",
        case_sensitive=("Excel",),
        exclusions=("opportunity to excel",),
    ),
    _skill("r", "R", "RStudio", "tidyverse"),
    _skill(
        "golang",
        "Go",
        "Golang",
        case_sensitive=("Go",),
        exclusions=("go-to", "go to market", "go-live", "on the go"),
        match_name=False,
    ),
)
MATCHER = SkillMatcher.from_rules(RULES)

# The importer's title rules for a few roles, in the taxonomy's order.
ROLES = RoleClassifier(
    [
        ("MLOps Engineer", ["MLOps", "ML Platform"]),
        ("ML Engineer", ["Machine Learning Engineer", "ML Engineer"]),
        ("AI Engineer", ["AI Engineer"]),
        ("Data Engineer", ["Data Engineer"]),
        ("Data Scientist", ["Data Scientist"]),
        ("Data Analyst", ["Data Analyst"]),
    ]
)
