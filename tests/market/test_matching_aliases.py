"""The taxonomy's aliases (market/seed/skills.json) find the right skills in tricky phrases."""

import pytest

from market.ingestion.matching import SkillMatcher, rules_of_entries
from market.ingestion.seed import seed_file
from market.services.taxonomy import skill_matcher_build


def _file_matcher() -> SkillMatcher:
    return SkillMatcher.from_rules(rules_of_entries(seed_file("skills.json")["skills"]))


MATCHER = _file_matcher()

CASES = [
    # phrase, skills it must yield, skills it must not yield
    ("excellent communication skills", set(), {"excel"}),
    ("Advanced Excel and pivot tables", {"excel"}, set()),
    ("R&D team, 5+ years", set(), {"r"}),
    ("Python, R and SQL", {"python", "r", "sql"}, set()),
    ("sklearn pipelines", {"scikit-learn"}, set()),
    ("scikit-learn and Scikit Learn", {"scikit-learn"}, set()),
    ("PyTorch Lightning", {"pytorch"}, set()),
    ("TensorFlow 2.x", {"tensorflow"}, set()),
    ("AWS SageMaker", {"aws"}, set()),
    ("K8s clusters", {"kubernetes"}, set()),
    ("C++ and CUDA kernels", {"cpp"}, {"r"}),
    ("C# .NET developer", set(), {"cpp"}),
    ("NoSQL stores", set(), {"sql"}),
    ("JavaScript front end", set(), {"java"}),
    ("Java 17 services", {"java"}, set()),
    ("GPT-4 and ChatGPT", {"gpt-openai"}, set()),
    ("LLM APIs (OpenAI, Anthropic)", {"gpt-openai"}, set()),
    ("large language models", {"llm-genai"}, set()),
    ("retrieval-augmented generation", {"rag"}, set()),
    ("vector databases (Pinecone, Weaviate)", {"vector-databases"}, set()),
    ("W&B or wandb", {"weights-and-biases"}, set()),
    ("Weights & Biases", {"weights-and-biases"}, set()),
    ("LoRA / PEFT fine-tuning", {"llm-fine-tuning"}, set()),
    ("GitHub Actions pipelines", {"ci-cd"}, set()),
    ("Git and GitHub", {"git"}, set()),
    ("Prometheus and Grafana dashboards", {"monitoring"}, set()),
    ("TorchServe or Triton Inference Server", {"model-serving"}, set()),
    ("Apache Spark / PySpark", {"spark"}, set()),
    ("Spark SQL", {"spark", "sql"}, set()),
    ("Power BI or PowerBI and Tableau", {"power-bi", "tableau"}, set()),
    ("Google Cloud (Vertex AI)", {"gcp"}, set()),
    ("Microsoft Azure ML", {"azure"}, set()),
    ("computer vision and NLP", {"computer-vision", "nlp"}, set()),
    ("send your CV", set(), {"computer-vision"}),
    ("deep learning (CNNs, Transformers)", {"deep-learning"}, set()),
    ("machine-learning models", {"machine-learning"}, set()),
    ("AI/ML engineer", {"machine-learning"}, set()),
    ("MLflow experiment tracking", {"mlflow"}, set()),
    ("Terraform/IaC", {"terraform"}, set()),
    ("Docker & Kubernetes", {"docker", "kubernetes"}, set()),
    ("Snowflake and Databricks", {"snowflake", "databricks"}, set()),
    ("statistics & linear algebra", {"statistics", "linear-algebra"}, set()),
    ("Hadoop / HDFS", {"hadoop"}, set()),
    ("Let's go!", set(), set()),
]
# Scraped lists whose items run together: a capital glued to the word before starts a new word
# (paraphrases written for the test of what the corpus holds).
GLUED_CASES = [
    ("Knowledge of Tableau or Power BIDatabase management", {"power-bi", "tableau"}, set()),
    ("query the warehouse using SQLAdvanced level of Excel", {"sql", "excel"}, set()),
    ("Basic programming skillsPython & R programming", {"python", "r"}, set()),
    ("Expertise in Python or RStrong communication", {"python", "r"}, set()),
    ("SQL ExperienceSAS Experience", {"sql", "sas"}, set()),
    ("warehouses like SnowflakeStrong coding", {"snowflake"}, set()),
    ("QlikViewQlikSense dashboards", {"qlik"}, set()),
    ("Excel PivotsExperience writing queries", {"excel"}, set()),
    ("front ends in JavaScriptExperience with NoSQL stores", set(), {"java", "sql"}),
    ("NoSQLExperience", set(), {"sql"}),
    ("the opportunity to excelExperience growth", set(), {"excel"}),
    ("clusters on MapR, apps in RoR", set(), {"r"}),  # a lone capital glued on is no word
    ("pharmacists (RPh) and RNs", set(), {"r"}),
    ("Looker views in LookML", set(), {"machine-learning"}),
]


@pytest.mark.parametrize(("phrase", "must", "must_not"), CASES + GLUED_CASES)
def test_tricky_phrases_yield_the_right_skills(phrase, must, must_not):
    found = MATCHER.find(phrase)
    assert must <= found, f"{phrase!r} should yield {must - found}"
    assert not (must_not & found), f"{phrase!r} should not yield {must_not & found}"


@pytest.mark.parametrize(("phrase", "must", "must_not"), GLUED_CASES)
def test_glued_list_items_are_found_alike_by_the_fast_matcher(phrase, must, must_not):
    rows, skills = MATCHER.find_pairs([phrase])
    assert {MATCHER.slugs[s] for s in skills.tolist()} == MATCHER.find(phrase)


def test_every_alias_is_unique_across_skills():
    seen: dict[str, str] = {}
    for skill in seed_file("skills.json")["skills"]:
        phrases = [skill["name"], *skill["aliases"], *skill.get("case_sensitive_aliases", [])]
        for phrase in dict.fromkeys(phrases):
            key = " ".join(phrase.lower().replace("-", " ").split())
            assert seen.setdefault(key, skill["slug"]) == skill["slug"], (
                f"{phrase!r} belongs to both {seen[key]} and {skill['slug']}"
            )


def test_no_bare_ambiguous_aliases():
    ambiguous = {"c", "go", "cv", "lambda", "bedrock", "monitoring", "helm", "spark plug"}
    for skill in seed_file("skills.json")["skills"]:
        assert not ambiguous & {a.lower() for a in skill["aliases"]}, skill["slug"]


@pytest.mark.django_db
def test_the_database_aliases_match_like_the_file():
    db_matcher = skill_matcher_build()
    for phrase, _must, _must_not in CASES:
        assert MATCHER.find(phrase) == db_matcher.find(phrase)
