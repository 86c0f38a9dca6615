"""Reading a job ad (assessments/ad_analysis.py): must-have or nice-to-have from the ad's own
layout, the matcher's traps inside real sentences, the seniority scale, and readiness. The
skills and title rules are the tests' own (`ad_taxonomy`), so the product's taxonomy can grow
without moving these tests."""

import pytest

from assessments.ad_analysis import (
    ABOUT,
    MUST,
    NICE,
    NICE_FACTOR,
    REQUIRED_LEVEL,
    TITLE,
    UNMEASURED_WEIGHT,
    AdAsk,
    MarketLevel,
    MarketShare,
    ad_gaps,
    ad_passages,
    ad_read,
    ad_requirements,
    ad_title,
    alternative_groups,
    ask_weight,
    names_joined,
    nearest_share,
    required_level,
    section_kind,
    target_difference,
    weight_floor_text,
)
from tests.assessments.ad_taxonomy import MATCHER, ROLES


def read(text: str, title: str = ""):
    return ad_read(text=text, title=title, matcher=MATCHER, classify_role=ROLES.classify)


def kinds(text: str, title: str = "") -> dict[str, str]:
    """{slug: "must" | "nice" | "title" | "about"} of what the ad names."""
    reading = read(text, title)
    found = {a.skill: MUST if a.must_have else NICE for a in reading.asks}
    return found | dict.fromkeys(reading.in_title, TITLE) | dict.fromkeys(reading.mentioned, ABOUT)


# ---- Must-have or nice-to-have, from the ad's layout -----------------------------------------


def test_headings_in_plain_text_set_the_kind_of_the_lines_below_them():
    ad = """Machine Learning Engineer
Requirements
Python
Docker
Nice to have
Kubernetes
Airflow
"""
    assert kinds(ad) == {
        "machine-learning": TITLE,  # the job's name: not a requirement the ad states
        "python": MUST,
        "docker": MUST,
        "kubernetes": NICE,
        "airflow": NICE,
    }


@pytest.mark.parametrize(
    "heading",
    [
        "## Nice to have",
        "**Nice-to-have**",
        "NICE TO HAVE",
        "Nice to have:",
        "Bonus points",
        "Preferred qualifications:",
        "What would make you stand out",
        "Desired Skills",
        "**Bonus:**",
    ],
)
def test_a_nice_to_have_heading_in_any_markup(heading):
    ad = f"### Requirements\n- Python\n- SQL\n\n{heading}\n- Spark\n- Kafka\n"
    assert kinds(ad) == {"python": MUST, "sql": MUST, "spark": NICE, "kafka": NICE}


@pytest.mark.parametrize("bullet", ["-", "*", "•", "·", "1.", "a)", "✓", "–"])
def test_bullets_of_every_kind(bullet):
    ad = f"Qualifications\n{bullet} Python\n{bullet} PyTorch\nBonus\n{bullet} Docker\n"
    assert kinds(ad) == {"python": MUST, "pytorch": MUST, "docker": NICE}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Experience with Airflow is a plus.", {"airflow": NICE}),
        ("Snowflake experience is a big plus", {"snowflake": NICE}),
        ("Ideally you have shipped models with MLflow.", {"mlflow": NICE}),
        ("Kafka preferred.", {"kafka": NICE}),
        ("Terraform would be great.", {"terraform": NICE}),
        ("Familiarity with Tableau is not required but helpful.", {"tableau": NICE}),
        ("You must know SQL.", {"sql": MUST}),
        ("Strong Python skills.", {"python": MUST}),
    ],
)
def test_inline_cues_inside_a_sentence(sentence, expected):
    assert kinds(f"Requirements\n{sentence}") == expected


def test_a_cue_reaches_only_its_own_sentence():
    ad = (
        "You will build pipelines in Python and Spark. "
        "Experience with Kafka is a plus; Docker is essential."
    )
    assert kinds(ad) == {"python": MUST, "spark": MUST, "kafka": NICE, "docker": MUST}


def test_a_sentence_with_both_cues_is_read_clause_by_clause():
    ad = "Python and SQL are required, AWS or GCP is a plus, but Docker is a must."
    assert kinds(ad) == {"python": MUST, "sql": MUST, "aws": NICE, "gcp": NICE, "docker": MUST}


def test_a_clause_without_a_cue_takes_the_next_clauses():
    assert kinds("Spark, Kafka and Airflow are a plus, Python is required.") == {
        "spark": NICE,
        "kafka": NICE,
        "airflow": NICE,
        "python": MUST,
    }


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Strong experience with PyTorch (TensorFlow is a plus)", {"pytorch": 4, "tensorflow": 2}),
        ("Solid PyTorch skills (TensorFlow nice to have).", {"pytorch": 4, "tensorflow": 2}),
        ("PyTorch (ideally TensorFlow too) in production", {"pytorch": 4, "tensorflow": 2}),
        ("Docker is required (Kubernetes preferred)", {"docker": 4, "kubernetes": 2}),
        # an aside without a cue of its own stays with its sentence
        ("Strong Python (PySpark) skills", {"python": 4, "spark": 4}),
    ],
)
def test_a_bracketed_aside_with_its_own_cue_is_a_clause_of_its_own(line, expected):
    reading = read(f"Senior ML Engineer\nRequirements\n- {line}\n")
    levels = {
        a.skill: required_level(must_have=a.must_have, seniority=reading.seniority)
        for a in reading.asks
    }
    assert levels == expected


@pytest.mark.parametrize(
    "line",
    [
        "Preferred: Snowflake, Airflow",
        "Nice to have - Snowflake and Airflow",
        "- Bonus: Snowflake / Airflow",
        "**Preferred:** Snowflake, Airflow",
        "Nice-to-have: Snowflake, Airflow",
    ],
)
def test_a_preferred_label_makes_the_rest_of_its_line_nice_to_have(line):
    ad = f"Requirements\n- Python\n{line}\n- Docker\n"
    assert kinds(ad) == {"python": MUST, "snowflake": NICE, "airflow": NICE, "docker": MUST}


def test_a_preferred_list_after_its_label():
    ad = "Must have:\nPython, SQL\nPreferred:\n- Snowflake\n- Airflow\n"
    assert kinds(ad) == {"python": MUST, "sql": MUST, "snowflake": NICE, "airflow": NICE}


SECTION_CUES = [
    *[
        (cue, NICE)
        for cue in (
            "Nice to have",
            "Nice-to-have",
            "Nice-to-haves",
            "Nice to haves",
            "Nice-To-Haves",
            "NICE-TO-HAVES",
            "Good to haves",
            "Good-to-have",
            "Bonus",
            "Bonus points",
            "Bonuses",
            "Preferred",
            "Preferred qualifications",
            "Preferred Skills",
            "Pluses",
            "Desired skills",
            "Desirable",
            "Optional",
        )
    ],
    *[
        (cue, MUST)
        for cue in (
            "Must have",
            "Must-have",
            "Must-haves",
            "Must haves",
            "MUST-HAVES",
            "Required",
            "Required skills",
            "Required Qualifications",
            "Requirements",
            "Minimum qualifications",
            "Essential",
            "Mandatory",
        )
    ],
]


@pytest.mark.parametrize(("cue", "kind"), SECTION_CUES)
@pytest.mark.parametrize("form", ["{cue}: Docker", "{cue}:\nDocker", "{cue}\nDocker"])
def test_every_section_cue_as_an_inline_label_and_as_a_heading_line(cue, kind, form):
    # Under a part of the other kind, so that only the cue can give Docker its kind.
    other = "Requirements" if kind == NICE else "Nice to have"
    ad = f"{other}\n- Kafka\n" + form.format(cue=cue) + "\n"
    assert kinds(ad) == {"kafka": MUST if kind == NICE else NICE, "docker": kind}


def test_a_skill_asked_as_a_must_anywhere_is_a_must_have():
    ad = "Requirements\n- Python\nNice to have\n- Python 3 type hints, Docker\n"
    assert kinds(ad) == {"python": MUST, "docker": NICE}


def test_skills_named_only_about_the_company_are_not_asked_for():
    ad = """About us
We build tools used by OpenAI and Anthropic. Our perks include mentoring.

About the role
You will own our Python services.

Benefits
- Excel training budget
"""
    reading = read(ad)
    assert [a.skill for a in reading.asks] == ["python"]
    assert set(reading.mentioned) == {"gpt-openai", "mentorship", "excel"}


def test_a_linkedin_paste_starts_with_about_the_job_and_ends_about_the_company():
    ad = """About the job
We are hiring a Senior Data Engineer to build pipelines with Spark and Airflow.
Experience with Kafka is a plus.

About Acme
Acme was founded by Python people.
"""
    reading = read(ad)
    assert (
        reading.title
        == "We are hiring a Senior Data Engineer to build pipelines with Spark and Airflow"
    )
    assert (reading.seniority, reading.role) == ("senior", "Data Engineer")
    assert kinds(ad) == {"spark": MUST, "airflow": MUST, "kafka": NICE, "python": ABOUT}


def test_a_sentence_wrapped_over_lines_keeps_its_cue():
    ad = "Requirements\nHands-on experience with Airflow and\nSnowflake is a plus.\nPython\n"
    assert kinds(ad) == {"airflow": NICE, "snowflake": NICE, "python": MUST}


def test_a_list_after_a_blank_line_ends_the_nice_to_have_part():
    ad = "Nice to have\n- Docker\n- Kafka\n\nYou will work in Python every day.\n"
    assert kinds(ad) == {"docker": NICE, "kafka": NICE, "python": MUST}


def test_a_marked_heading_that_names_no_kind_ends_the_part_above():
    ad = "Bonus points\n- Spark\nLocation:\nBerlin, with Python meetups\n"
    assert kinds(ad) == {"spark": NICE, "python": MUST}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Kafka is a bonus", {"kafka": NICE}),
        ("- Bonus if you know Kafka", {"kafka": NICE}),
        ("- Ideally Kafka and Snowflake", {"kafka": NICE, "snowflake": NICE}),
        ("- Kafka (ideally) or Snowflake", {"kafka": NICE, "snowflake": NICE}),
        ("- Preferred: Kafka; Snowflake", {"kafka": NICE, "snowflake": NICE}),
        ("- Kafka, preferred", {"kafka": NICE}),
        ("- Kafka: nice to have", {"kafka": NICE}),
        ("- Kafka is a must", {"kafka": MUST}),
    ],
)
def test_a_cue_in_a_bulleted_item_under_a_requirements_heading(line, expected):
    ad = f"Requirements\n- Python\n{line}\n- Docker\n"
    assert kinds(ad) == {"python": MUST, **expected, "docker": MUST}


def test_a_greenhouse_style_ad():
    ad = """## Senior Machine Learning Engineer

**What you'll do**
- Train and ship ranking models in PyTorch.
- Own our feature pipelines (Spark, Airflow).

**What you'll bring**
- 5+ years of Python.
- Production experience with Kubernetes.

**Bonus points if you have**
- Experience with Snowflake.
- Kafka.

**Benefits**
- Learning budget (Coursera, Tableau licences)
"""
    assert kinds(ad) == {
        "machine-learning": TITLE,
        "pytorch": MUST,
        "spark": MUST,
        "airflow": MUST,
        "python": MUST,
        "kubernetes": MUST,
        "snowflake": NICE,
        "kafka": NICE,
        "tableau": ABOUT,
    }


def test_a_you_heading_after_the_company_part_starts_the_job_part():
    ad = """About us
We connect museums with travellers.
Why us
A flexible workplace.
You
You are confident with Python. Ideally, you have also worked with AWS.
Required skills
- SQL
"""
    assert kinds(ad) == {"python": MUST, "aws": NICE, "sql": MUST}


def test_the_companys_voice_before_the_first_heading_is_about_the_company():
    ad = """We run one of the largest AWS fleets. Our teams use Kafka everywhere.
We are looking for an engineer who knows Spark. You will own our Airflow jobs.

Requirements
- Python
"""
    assert kinds(ad) == {
        "aws": ABOUT,
        "kafka": ABOUT,
        "spark": MUST,  # whom it seeks
        "airflow": MUST,  # to the reader
        "python": MUST,
    }


def test_unmarked_you_headings_end_the_introduction():
    ad = """At Acme we stream video. We are one of AWS's biggest customers.

In This Role, You Will
 * Build Kafka consumers.

You Are
 * A strong coder in Python and ML frameworks like PyTorch and TensorFlow.
 * Experience with Java is a plus.
"""
    reading = read(ad)
    assert {a.skill: (a.must_have, a.one_of) for a in reading.asks} == {
        "kafka": (True, None),
        "python": (True, None),
        "machine-learning": (True, None),
        "pytorch": (True, 1),
        "tensorflow": (True, 1),
    }
    assert reading.mentioned == ("aws",)


def test_without_a_requirements_heading_the_whole_ad_is_the_job():
    ad = "We build our pipelines with Kafka.\nNice to have\n- Airflow\n"
    assert kinds(ad) == {"kafka": MUST, "airflow": NICE}


def test_a_cue_sentence_in_the_company_part_still_asks():
    ad = """About us
We are a small team that loves Tableau. Experience with Snowflake is a plus.
Requirements
- Python
"""
    assert kinds(ad) == {"tableau": ABOUT, "snowflake": NICE, "python": MUST}


@pytest.mark.parametrize(
    "item", ["Startup experience preferred", "5 years of experience", "Skills"]
)
def test_plain_list_items_are_not_headings(item):
    ad = f"Nice to have\nSpark\n{item}\nKafka\n"
    assert kinds(ad) == {"spark": NICE, "kafka": NICE}


def test_a_line_naming_a_skill_is_content_not_a_heading():
    ad = "Nice to have\nDocker\nPYTHON:\nKafka\n"
    assert kinds(ad) == {"docker": NICE, "python": NICE, "kafka": NICE}


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Nice to have", NICE),
        ("Preferred Qualifications", NICE),
        ("Requirements", MUST),
        ("Basic qualifications", MUST),
        ("What you'll bring", MUST),
        ("About the role", MUST),
        ("About you", MUST),
        ("In this role, you will", MUST),
        ("You are", MUST),
        ("About us", ABOUT),
        ("About Acme", ABOUT),
        ("Benefits & perks", ABOUT),
        ("Location", None),
    ],
)
def test_section_names(label, kind):
    assert section_kind(label) == kind


def test_headings_are_not_passages():
    texts = [p.text for p in ad_passages("## Requirements\n- Python\n", find=MATCHER.find)]
    assert texts == ["Python"]


# ---- Lists of alternatives: "Python, Scala or Java" ------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "groups"),
    [
        ("3+ years with Python, PySpark or Scala development.", [{"python", "spark"}]),
        ("Experience with Azure, AWS, Google Cloud, or other clouds.", [{"azure", "aws", "gcp"}]),
        ("A language (Python, Ruby On Rails, or Go).", [{"python", "golang"}]),
        (
            "Deep learning frameworks (e.g., PyTorch, TensorFlow, etc.).",
            [{"pytorch", "tensorflow"}],
        ),
        (
            "Cloud platforms such as AWS (S3, EC2), Azure, and Google Cloud.",
            [{"aws", "azure", "gcp"}],
        ),
        ("One of the following: Python, R.", [{"python", "r"}]),
        ("PyTorch/TensorFlow in production", [{"pytorch", "tensorflow"}]),
        ("Python and/or R", [{"python", "r"}]),
        ("Standard ML frameworks like PyTorch and TensorFlow", [{"pytorch", "tensorflow"}]),
        ("We'd like Python and SQL", []),
        ("Strong Python and experience with AWS or GCP", [{"aws", "gcp"}]),
        ("Python, SQL and Docker", []),
        ("Python, SQL, Docker", []),
        ("Python for services and a willingness to learn Go or Kafka", [{"golang", "kafka"}]),
        ("Python; we deploy with Docker, then maybe Kubernetes", []),
        # a proximity alias ("deploy ... models") spans the list and is not shown over it
        ("Ability to deploy PyTorch or TensorFlow models.", [{"pytorch", "tensorflow"}]),
        # a bracketed aside about the skill before it is not an item of the list
        ("AWS (SageMaker) or GCP", [{"aws", "gcp"}]),
        ("AWS (SageMaker, Bedrock) or GCP", [{"aws", "gcp"}]),
        ("Python (pandas, NumPy) or R", [{"python", "r"}]),
        ("Azure (ML Studio) or AWS", [{"azure", "aws"}]),
        ("Azure (Azure Machine Learning), GCP or AWS", [{"azure", "gcp", "aws"}]),
        ("Python (PyTorch or TensorFlow)", [{"pytorch", "tensorflow"}]),
        # "/" and a mid-list "or" bind only their neighbours; the others are asked each
        ("Python, SQL/Airflow, Docker", [{"sql", "airflow"}]),
        ("Kafka/Spark, Terraform, Snowflake", [{"kafka", "spark"}]),
        ("Python, PyTorch or TensorFlow, Docker", [{"pytorch", "tensorflow"}]),
        ("Python or R, SQL, Docker", [{"python", "r"}]),
        ("Python/R, SQL and Docker", [{"python", "r"}]),
        ("Docker, AWS (SageMaker)/GCP, Kafka", [{"aws", "gcp"}]),
        # a list whose last link is the word "or" offers all of it, slashes and all
        ("Python, SQL or R", [{"python", "sql", "r"}]),
        ("Python, SQL/Airflow, or Docker", [{"python", "sql", "airflow", "docker"}]),
        ("Tools such as Python, SQL/Airflow, Docker", [{"python", "sql", "airflow", "docker"}]),
    ],
)
def test_lists_of_alternatives_in_a_sentence(sentence, groups):
    assert alternative_groups(sentence, MATCHER.spans_of(MATCHER.find_mentions(sentence))) == groups


def test_a_required_list_of_alternatives_asks_for_one_of_them():
    ad = """Senior Data Engineer
Requirements
- 3+ years with Python, PySpark or Scala development.
- A cloud such as AWS, GCP and Azure.
- Airflow; Docker or Kubernetes is a plus.
"""
    asks = {a.skill: (a.must_have, a.one_of) for a in read(ad).asks}
    assert asks == {
        "python": (True, 1),
        "spark": (True, 1),
        "aws": (True, 2),
        "gcp": (True, 2),
        "azure": (True, 2),
        "airflow": (True, None),
        "docker": (False, None),  # alternatives among nice-to-haves are nice-to-haves
        "kubernetes": (False, None),
    }


def test_a_skill_with_a_bracketed_aside_is_still_one_of_its_list():
    ad = "Requirements\n- AWS (SageMaker) or GCP\n- Docker\n"
    assert {a.skill: (a.must_have, a.one_of) for a in read(ad).asks} == {
        "aws": (True, 1),
        "gcp": (True, 1),  # an alternative to AWS, as in "AWS or GCP"
        "docker": (True, None),
    }


@pytest.mark.parametrize(
    "line",
    [
        "Cloud experience (AWS preferred, GCP or Azure fine)",
        "Cloud experience (ideally AWS, GCP or Azure also fine)",
    ],
)
def test_an_aside_preferring_one_of_its_alternatives_offers_them_all_as_must_haves(line):
    # "preferred" names the alternative liked best: the line asks for cloud experience, and
    # any of the three clouds meets it (AWS stays in the list: no "preferred" among them).
    ad = f"Senior ML Engineer\nRequirements\n- {line}\n- Docker\n"
    assert {a.skill: (a.must_have, a.one_of) for a in read(ad).asks} == {
        "aws": (True, 1),
        "gcp": (True, 1),
        "azure": (True, 1),
        "docker": (True, None),
    }


def test_an_aside_naming_several_skills_is_about_the_skill_before_it():
    ad = "Requirements\n- AWS (SageMaker, Bedrock) or GCP\n- Docker\n"
    assert {a.skill: (a.must_have, a.one_of) for a in read(ad).asks} == {
        "aws": (True, 1),  # SageMaker is AWS; Bedrock is no skill of the taxonomy
        "gcp": (True, 1),
        "docker": (True, None),
    }


def test_skills_inside_a_proximity_mention_keep_their_list_of_alternatives():
    ad = "Requirements\n- Ability to deploy PyTorch or TensorFlow models.\n"
    asks = {a.skill: (a.must_have, a.one_of, a.phrases) for a in read(ad).asks}
    assert asks == {
        "model-serving": (True, None, ("deploy PyTorch or TensorFlow models",)),
        "pytorch": (True, 1, ("PyTorch",)),
        "tensorflow": (True, 1, ("TensorFlow",)),
    }


def test_an_alternative_to_a_skill_required_anyway_is_a_nice_to_have():
    ad = "Requirements\n- Python\n- Python or R for analysis\n"
    assert {a.skill: (a.must_have, a.one_of) for a in read(ad).asks} == {
        "python": (True, None),
        "r": (False, None),
    }


def test_lists_of_alternatives_that_share_a_skill_are_one():
    ad = "Requirements\n- AWS or GCP\n- GCP or Azure\n- Kafka or Spark\n"
    assert {a.skill: a.one_of for a in read(ad).asks} == {
        "aws": 1,
        "gcp": 1,
        "azure": 1,
        "kafka": 2,
        "spark": 2,
    }


CLOUDS = [
    AdAsk("aws", True, one_of=1),
    AdAsk("gcp", True, one_of=1),
    AdAsk("azure", True, one_of=1),
]
CLOUD_MARKET = [
    MarketLevel("Senior Data Engineer", {"aws": (60.0, "High"), "azure": (30.0, "High")})
]
CLOUD_NAMES = {"aws": "AWS", "gcp": "GCP", "azure": "Azure", "python": "Python"}


def cloud_gaps(levels, asks=CLOUDS):
    return ad_gaps(
        asks=[AdAsk("python", True), *asks],
        seniority="senior",
        names=CLOUD_NAMES,
        market=CLOUD_MARKET,
        levels=levels,
        step_hours={s: {1: 4, 2: 12, 3: 30, 4: 60, 5: 120} for s in [*CLOUD_NAMES, "tableau"]},
    )


def test_the_alternative_closest_to_you_counts_and_the_others_are_not_required():
    result = cloud_gaps({"gcp": 3, "aws": 1, "python": 4})
    counted = {g.gap.skill: g for g in result.gaps}
    assert set(counted) == {"python", "gcp"}
    gcp = counted["gcp"]
    assert gcp.gap.required_level == 4 and gcp.gap.gap == 1
    assert gcp.gap.weight == pytest.approx(0.6)  # the most asked for of its list (AWS, 60%)
    assert gcp.kind_label == "Must-have, one of AWS, GCP or Azure"
    assert gcp.gap.why.startswith(f"{gcp.kind_label} in this ad;")  # one wording
    assert [(a.name, a.counted, a.level_text) for a in result.alternatives] == [
        ("AWS", "GCP", "Aware (1)"),
        ("Azure", "GCP", "None (0)"),
    ]
    assert cloud_gaps({"gcp": 4, "python": 4}).result.readiness == 100


def test_with_no_alternative_rated_the_most_asked_for_counts():
    result = cloud_gaps({})
    assert {g.gap.skill for g in result.gaps} == {"python", "aws"}
    assert {a.name for a in result.alternatives} == {"GCP", "Azure"}


def test_on_a_tie_the_first_named_counts():
    asks = [AdAsk("gcp", True, one_of=1), AdAsk("tableau", True, one_of=1)]
    result = cloud_gaps({"gcp": 2, "tableau": 2}, asks=asks)  # neither measured
    assert {g.gap.skill for g in result.gaps} == {"python", "gcp"}


# ---- The matcher's traps inside real sentences -----------------------------------------------


def test_excellent_is_not_excel_r_and_d_is_not_r_and_go_to_is_not_go():
    ad = """Senior ML Engineer
Requirements
- Excellent communication with our R&D team.
- You'll be the go-to person for Golang services.
- Python, or R.
- Excel is a plus.
"""
    reading = read(ad)
    asks = {a.skill: a for a in reading.asks}
    assert set(asks) == {"golang", "python", "r", "excel"}
    assert reading.in_title == ("machine-learning",)  # "ML" in "Senior ML Engineer"
    assert asks["golang"].phrases == ("Golang",)
    assert asks["r"].phrases == ("R",)
    assert asks["excel"].phrases == ("Excel",)
    assert asks["excel"].must_have is False
    assert read("Excellent, go-to R&D people.").asks == ()


@pytest.mark.parametrize(
    ("sentence", "asked"),
    [
        ("Excellent written and verbal communication, and strong SQL.", {"sql"}),
        ("You will excel in a fast-paced team that ships Python daily.", {"python"}),
        ("A great opportunity to excel: we use Airflow.", {"airflow"}),
        ("Report to our R&D director and build models in PyTorch.", {"pytorch"}),
        ("Partner with R&D, QA and Product on Spark jobs.", {"spark"}),
        ("Be the go-to person for Kubernetes questions.", {"kubernetes"}),
        ("Go-to expert for Docker; you will own our go-live.", {"docker"}),
        ("Drive our go to market analytics in Tableau.", {"tableau"}),
        # The same words, meant as the skills:
        ("Advanced Excel (pivot tables) and R are required.", {"excel", "r"}),
        ("Services in Go or Golang, with Kafka.", {"golang", "kafka"}),
        ("Statistics in R (tidyverse), w.r.t. experiment design.", {"r"}),
    ],
)
def test_the_matchers_traps_inside_real_sentences(sentence, asked):
    reading = read(f"Requirements\n- {sentence}")
    assert {a.skill for a in reading.asks} == asked


def test_the_matcher_decides_what_a_skill_is_not_the_reader():
    # Every skill the reading names is one the importer's matcher finds in the ad.
    ad = "Azure Machine Learning and scikit-learn; C++ is a plus. Node.js? CI/CD."
    reading = read(ad)
    named = {a.skill for a in reading.asks} | set(reading.mentioned)
    assert named == MATCHER.find(ad)


# ---- The title names the job, not a requirement ----------------------------------------------


@pytest.mark.parametrize(
    ("ad", "expected"),
    [
        (
            "Senior Machine Learning Engineer\nRequirements\n- Python",
            {"machine-learning": TITLE, "python": MUST},
        ),
        (  # said again where the ad lists what it needs: asked for as it says there
            "Senior Machine Learning Engineer\nRequirements\n- 3+ years of machine learning",
            {"machine-learning": MUST},
        ),
        (
            "Machine Learning Engineer\nPython required.\nNice to have: machine learning",
            {"machine-learning": NICE, "python": MUST},
        ),
        (  # the rest of the title's line is read as ever
            "Lead AI Engineer (PyTorch). Remote, with Docker daily.\nRequirements\n- Python",
            {"pytorch": TITLE, "docker": MUST, "python": MUST},
        ),
        (  # a line that starts in lower case does not join the title
            "Senior Data Engineer (Spark)\nexperience with Kafka",
            {"spark": TITLE, "kafka": MUST},
        ),
        (
            # "MLOps" is "ML" glued to "Ops" (matching.py's glued edges): named in the title too
            "## Staff MLOps Engineer - Kubernetes\n\n**Benefits**\n- Kubernetes meetups",
            {"kubernetes": TITLE, "machine-learning": TITLE},
        ),
        (  # what a title says from "with" on is asked for
            "Software Engineer with ML and Python\nRequirements\n- SQL",
            {"machine-learning": MUST, "python": MUST, "sql": MUST},
        ),
        (
            "Machine Learning Engineer with Python and Docker\n- SQL",
            {"machine-learning": TITLE, "python": MUST, "docker": MUST, "sql": MUST},
        ),
        (
            "Senior Data Engineer experienced in Spark\nNice to have\n- Kafka",
            {"spark": MUST, "kafka": NICE},
        ),
    ],
)
def test_a_skill_named_only_in_the_title_is_not_asked_for(ad, expected):
    assert kinds(ad) == expected


@pytest.mark.parametrize(
    "ad",
    [
        "About the job\nWe are hiring a Senior Data Engineer to build Spark pipelines.",
        "Looking for a Data Engineer with Spark\nRemote",
        "Spark and Kafka, every day\nRemote",  # names no job: not a title
        "- 5+ years of Spark\n- Kafka",
        # a job noun used as a verb
        "Engineer scalable Spark pipelines and ship models\nRequirements\n- Python",
        "Architect the Spark platform and lead its roadmap\nRequirements\n- Python",
        "Engineer the future of Spark at scale\n- Python",
        # saying the job is open around a sentence or a list of skills
        "We're hiring a Data Engineer to build Spark pipelines\n- Python",
        "Data Engineer wanted: Spark and Kafka\n- Python",
        "Hiring engineers who know Spark\n- Python",
        # hiring words opening a sentence (before: read as a title, so Spark was not asked for)
        "Join our team as a Data Engineer and build Spark pipelines\n- Python",
        "Urgently hiring Data Engineer for Spark pipelines\n- Python",
        "We're hiring a Data Engineer and build Spark pipelines\n- Python",
    ],
)
def test_a_first_line_that_is_a_sentence_or_a_requirement_is_not_a_title(ad):
    assert kinds(ad)["spark"] == MUST


@pytest.mark.parametrize(
    "first",
    [
        "Head of Machine Learning, Platform",
        "Engineer II, Machine Learning",
        "Machine Learning Engineer at Acme",
        "Machine Learning Engineer in Test",
        "Data Analyst and Machine Learning Engineer",
        "senior machine learning engineer",
        "senior machine learning engineer platform",  # no case to tell a verb by
        "Machine Learning Engineer - Remote",
        "Machine Learning Engineer (Contract)",
    ],
)
def test_job_names_stay_titles(first):
    assert kinds(f"{first}\nRequirements\n- Python") == {
        "machine-learning": TITLE,
        "python": MUST,
    }


@pytest.mark.parametrize(
    "first",
    [
        # Before: read as sentences ("wanted", "hiring" are seeking cues), so Machine learning
        # counted as asked for; now the job's name around the words that say it is open.
        "Machine Learning Engineer wanted",
        "Senior Machine Learning Engineer needed!",
        "Machine Learning Engineer - urgently needed",
        "Hiring: Machine Learning Engineer",
        "Now hiring - Senior Machine Learning Engineer",
        "We're hiring a Machine Learning Engineer",
        "We are hiring: Machine Learning Engineer",
        "Join our team as a Machine Learning Engineer",
        # the shapes real ads' first lines take most, titles before and after
        "Role: Machine Learning Engineer",
        "Position: Senior Machine Learning Engineer",
        "Job Title: Machine Learning Engineer II",
        "Senior Machine Learning Engineer Position - Remote (Hybrid)",
        "Machine Learning Engineer | Remote | Full-time",
        "Sr. Machine Learning Engineer",
        "Lead Machine Learning Engineer. Remote.",
    ],
)
def test_a_first_line_naming_the_job_around_saying_it_is_open_is_a_title(first):
    assert kinds(f"{first}\nRequirements\n- Python") == {
        "machine-learning": TITLE,
        "python": MUST,
    }


def test_the_typed_title_and_a_first_line_that_repeats_it_are_the_title():
    assert kinds("Requirements\n- Python", title="Senior Machine Learning Engineer") == {
        "machine-learning": TITLE,
        "python": MUST,
    }
    # A first line that names no job is the title when the person typed it as such.
    ad = "Wizard of Spark\nRequirements\n- Python"
    assert kinds(ad, title="Wizard  of spark") == {"spark": TITLE, "python": MUST}
    assert kinds(ad) == {"spark": MUST, "python": MUST}


def test_a_typed_titles_with_is_asked_for_as_the_first_lines_is():
    # Before: typed, "Data Engineer with Spark" made Spark a title-only skill (not asked for);
    # as the ad's first line, the same words asked for it.
    for ad, title in [
        ("Requirements\n- Python", "Data Engineer with Spark"),
        ("Data Engineer with Spark\nRequirements\n- Python", ""),
    ]:
        assert kinds(ad, title=title) == {"spark": MUST, "python": MUST}, title
    assert read("Requirements\n- Python", title="Senior Data Engineer with Spark").seniority == (
        "senior"
    )


# ---- Title, seniority and the level scale ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Senior ML Engineer\nRequirements\n- Python", "Senior ML Engineer"),
        ("\n\n## **Staff MLOps Engineer**\n...", "Staff MLOps Engineer"),
        ("- Junior Data Analyst (Excel)", "Junior Data Analyst (Excel)"),
        ("About the job\nLead AI Engineer. Remote.", "Lead AI Engineer"),
        ("Jr. Data Scientist\nPython", "Jr. Data Scientist"),
        ("Sr. ML Engineer (Remote). Apply now.", "Sr. ML Engineer (Remote)"),
        ("", ""),
    ],
)
def test_the_title_is_the_first_line_that_is_not_a_heading(text, title):
    assert ad_title(text) == title


def test_a_long_first_line_is_cut_at_a_word():
    text = "Machine learning engineer " * 20
    title = ad_title(text)
    assert len(title) <= 120 and title.endswith("…")
    assert text.startswith(title[:-1] + " ")


@pytest.mark.parametrize(
    ("title", "seniority", "role"),
    [
        ("Senior Machine Learning Engineer", "senior", "ML Engineer"),
        ("Staff MLOps Engineer", "staff", "MLOps Engineer"),
        ("Junior Data Analyst", "entry", "Data Analyst"),
        ("Machine Learning Engineer", "mid", "ML Engineer"),
        ("Wizard of Things", "mid", None),
    ],
)
def test_seniority_and_role_come_from_the_title_by_the_importers_rules(title, seniority, role):
    reading = read("Requirements\n- Python", title=title)
    assert (reading.title, reading.seniority, reading.role) == (title, seniority, role)


def test_a_senior_ad_asks_more_of_its_must_haves_than_a_mid_one_and_a_mid_one_than_an_entry_one():
    must = [required_level(must_have=True, seniority=s) for s in ("entry", "mid", "senior")]
    assert must == [2, 3, 4]
    assert required_level(must_have=True, seniority="staff") == 4


def test_nice_to_haves_need_less_than_must_haves_at_every_seniority():
    for seniority, (must, nice) in REQUIRED_LEVEL.items():
        assert 0 < nice < must, seniority


def test_the_same_ad_at_senior_needs_more_hours_than_at_mid():
    asks = [AdAsk("python", True), AdAsk("docker", False)]
    hours = {s: {1: 4, 2: 12, 3: 30, 4: 60, 5: 120} for s in ("python", "docker")}

    def scored(seniority):
        return ad_gaps(
            asks=asks, seniority=seniority, names={}, market=[], levels={}, step_hours=hours
        ).result.hours_to_close

    assert scored("mid") == 46 + 4
    assert scored("senior") == 106 + 16


# ---- Weights from the market -------------------------------------------------------------


ML_SENIOR = MarketLevel(
    "Senior ML Engineer", {"python": (74.5, "Critical"), "sql": (0.0, "Not required")}, 2853
)
ML_ALL = MarketLevel("all ML Engineer", {"sql": (30.0, "High")})
EVERY = MarketLevel("all", {"python": (60.0, "Critical"), "docker": (20.0, "Medium")})


def test_the_nearest_level_that_measures_a_skill_gives_its_share():
    market = [ML_SENIOR, ML_ALL, EVERY]
    assert nearest_share("python", market).level is ML_SENIOR
    assert nearest_share("sql", market).level is ML_ALL  # 0% "Not required" is not a measure
    assert nearest_share("docker", market).level is EVERY
    assert nearest_share("snowflake", market) is None


def test_weights_share_for_measured_half_for_unmeasured_halved_again_for_nice_to_haves():
    share = nearest_share("python", [ML_SENIOR])
    assert ask_weight(must_have=True, share=share) == pytest.approx(0.745)
    assert ask_weight(must_have=False, share=share) == pytest.approx(0.745 * NICE_FACTOR)
    assert ask_weight(must_have=True, share=None) == UNMEASURED_WEIGHT == 0.5
    assert ask_weight(must_have=False, share=None) == 0.25


def test_a_must_have_measured_at_a_low_share_weighs_as_much_as_an_unmeasured_one():
    # The QA ad: Kubernetes (16.9%) and GCP (unmeasured), must-haves of a senior ad, both two
    # levels short of Advanced. Kubernetes weighed 0.169 (+1.5 points) against GCP's 0.5
    # (+9.2); now both weigh the floor, 0.5, and cost as much: 0.5 x 2 / 4 = 0.25 each.
    market = [MarketLevel("Senior ML Engineer", {"kubernetes": (16.9, "Medium")}, 2853)]
    result = ad_gaps(
        asks=[AdAsk("kubernetes", True), AdAsk("gcp", True)],
        seniority="senior",
        names={"kubernetes": "Kubernetes", "gcp": "GCP"},
        market=market,
        levels={"kubernetes": 2, "gcp": 2},
        step_hours={s: {3: 30, 4: 60} for s in ("kubernetes", "gcp")},
    )
    gaps = {g.gap.skill: g for g in result.gaps}
    kubernetes, gcp = gaps["kubernetes"], gaps["gcp"]
    assert kubernetes.gap.weight == gcp.gap.weight == UNMEASURED_WEIGHT
    assert kubernetes.gap.gap_score == pytest.approx(0.5 * 2 / 4)
    assert kubernetes.points == pytest.approx(gcp.points) == pytest.approx(50.0 * 0.5)
    assert kubernetes.weight_note == "counted at 50%, the floor for an ad's must-have"
    assert kubernetes.gap.why.startswith(
        "Must-have in this ad; asked for in 16.9% of Senior ML Engineer postings, "
        "counted at 50%, the floor for an ad's must-have: "
    )
    assert gcp.weight_note == ""  # unmeasured: the share of postings is not what it replaces


def test_the_floor_is_named_only_where_it_gives_a_must_have_its_weight():
    level = MarketLevel("Senior ML Engineer", {}, 2853)
    low, high = MarketShare(16.9, "Medium", level), MarketShare(61.9, "High", level)
    floor = "counted at 50%, the floor for an ad's must-have"
    assert weight_floor_text(must_have=True, share=low, weight=UNMEASURED_WEIGHT) == floor
    # Measured at or above the floor, not measured, a nice-to-have: its share gives it.
    assert weight_floor_text(must_have=True, share=high, weight=0.619) == ""
    assert weight_floor_text(must_have=True, share=None, weight=UNMEASURED_WEIGHT) == ""
    assert weight_floor_text(must_have=False, share=low, weight=0.169 * NICE_FACTOR) == ""
    # Of a group of alternatives weighed as its most asked-for member, above the floor.
    assert weight_floor_text(must_have=True, share=low, weight=0.619) == ""


def test_a_level_a_nice_to_have_misses_never_costs_more_than_one_the_lightest_must_have_misses():
    # "PyTorch and Kubernetes ... Strong SQL / Nice to have: Snowflake, Kafka is a plus": the
    # market measures the must-haves (Kubernetes 16.9% and SQL 24%, both below the must-have
    # floor: they weigh UNMEASURED_WEIGHT, 0.5) but not the nice-to-haves, whose half of
    # UNMEASURED_WEIGHT (0.25) would cost more per level than the lightest must-have. A gap
    # score divides by the level required, and a nice-to-have needs 1/3 of a must-have's level
    # at mid (1 of 3), 1/2 at the other seniorities: so they weigh 0.5 x NICE_CAP (1/3), and a
    # level they miss costs at most one Kubernetes misses.
    market = [
        MarketLevel(
            "Senior ML Engineer",
            {"pytorch": (63.8, "Critical"), "kubernetes": (16.9, "Medium"), "sql": (24.0, "High")},
            2853,
        )
    ]
    asks = [
        AdAsk("pytorch", True),
        AdAsk("kubernetes", True),
        AdAsk("sql", True),
        AdAsk("snowflake", False),
        AdAsk("kafka", False),
    ]
    weights = {
        r.skill: r.weight
        for r in ad_requirements(asks=asks, seniority="senior", names={}, market=market, levels={})
    }
    assert weights == pytest.approx(
        {
            "pytorch": 0.638,
            "kubernetes": 0.5,
            "sql": 0.5,
            "snowflake": 0.5 / 3,
            "kafka": 0.5 / 3,
        }
    )
    # A nice-to-have measured at a low share weighs what an unmeasured one does, capped alike.
    market[0].shares["kafka"] = (10.0, "Medium")
    weights = {
        r.skill: r.weight
        for r in ad_requirements(asks=asks, seniority="senior", names={}, market=market, levels={})
    }
    assert weights["kafka"] == pytest.approx(0.5 / 3)


def test_a_nice_to_have_measured_at_a_low_share_weighs_as_much_as_an_unmeasured_one():
    # Kubernetes (16.9%) weighed 0.169 x NICE_FACTOR = 0.085 as a nice-to-have, where
    # unmeasured Snowflake weighed 0.25: being measured made it matter less. Both now weigh
    # the floor for a nice-to-have (NICE_FACTOR x UNMEASURED_WEIGHT), within the cap.
    market = [
        MarketLevel(
            "Senior ML Engineer",
            {"kubernetes": (16.9, "Medium"), "python": (90.0, "Critical"), "kafka": (70.0, "High")},
            2853,
        )
    ]
    nices = [AdAsk("kubernetes", False), AdAsk("snowflake", False), AdAsk("kafka", False)]

    def gaps(asks):
        result = ad_gaps(
            asks=asks,
            seniority="senior",
            names={"kubernetes": "Kubernetes", "snowflake": "Snowflake", "python": "Python"},
            market=market,
            levels={},
            step_hours={a.skill: dict.fromkeys(range(1, 6), 10) for a in asks},
        )
        return {g.gap.skill: g for g in result.gaps}

    alone = gaps(nices)  # no must-have: no cap
    assert alone["kubernetes"].gap.weight == alone["snowflake"].gap.weight == 0.25
    assert alone["kafka"].gap.weight == pytest.approx(0.70 * NICE_FACTOR)  # above the floor
    assert alone["kubernetes"].weight_note == "counted at 25%, the floor for an ad's nice-to-have"
    assert alone["kubernetes"].gap.why.startswith(
        "Nice-to-have in this ad; asked for in 16.9% of Senior ML Engineer postings, "
        "counted at 25%, the floor for an ad's nice-to-have: "
    )
    assert alone["snowflake"].weight_note == alone["kafka"].weight_note == ""
    # Python (0.9) caps them at 0.3: the floor stands. SQL (unmeasured, 0.5) caps them at 1/6.
    with_python = gaps([AdAsk("python", True), *nices])
    assert with_python["kubernetes"].gap.weight == 0.25
    with_sql = gaps([AdAsk("python", True), AdAsk("sql", True), *nices])
    assert with_sql["kubernetes"].gap.weight == with_sql["snowflake"].gap.weight
    assert with_sql["kubernetes"].gap.weight == pytest.approx(0.5 / 3)
    assert with_sql["kubernetes"].weight_note == (
        "counted at 17%, the floor for an ad's nice-to-have held to 1/3 of its lightest must-have"
    )


def test_an_ad_with_no_must_have_weighs_its_nice_to_haves_at_nice_factor_uncapped():
    asks = [AdAsk("snowflake", False), AdAsk("kafka", False)]
    requirements = ad_requirements(asks=asks, seniority="senior", names={}, market=[], levels={})
    assert [r.weight for r in requirements] == [UNMEASURED_WEIGHT * NICE_FACTOR] * 2


def test_a_list_of_alternatives_caps_nice_to_haves_at_the_weight_it_is_given():
    # One of AWS (60%) or GCP (10%, at the must-have floor: 0.5): the list weighs 0.60
    # whichever counts, so its cap is 0.60 x NICE_CAP (1/3), not GCP's 0.5 x 1/3.
    market = [MarketLevel("all", {"aws": (60.0, "High"), "gcp": (10.0, "Medium")})]
    asks = [AdAsk("aws", True, one_of=1), AdAsk("gcp", True, one_of=1), AdAsk("kafka", False)]
    for levels in ({}, {"gcp": 4}):
        weights = {
            r.skill: r.weight
            for r in ad_requirements(
                asks=asks, seniority="senior", names={}, market=market, levels=levels
            )
        }
        assert weights["kafka"] == pytest.approx(0.60 / 3)


def test_an_ads_readiness_by_hand():
    # Senior ad: Python must (74.5% -> 0.745, needs 4), Snowflake nice (unmeasured: 0.25, at
    # most 0.745 / 3: 0.2483, needs 2). Python at 2, Snowflake at 0: gap scores 0.745 x 2/4
    # and 0.2483 x 2/2.
    result = ad_gaps(
        asks=[AdAsk("python", True), AdAsk("snowflake", False)],
        seniority="senior",
        names={"python": "Python", "snowflake": "Snowflake"},
        market=[ML_SENIOR],
        levels={"python": 2},
        step_hours={"python": {3: 30, 4: 60}, "snowflake": {1: 4, 2: 12}},
    )
    snowflake_weight = 0.745 / 3
    expected = 100 * (1 - (0.745 * 0.5 + snowflake_weight) / (0.745 + snowflake_weight))
    assert result.result.readiness == pytest.approx(expected)
    python, snowflake = sorted(result.gaps, key=lambda g: g.gap.skill)
    assert (python.gap.required_level, python.gap.hours_to_close) == (4, 90)
    assert python.share_text == "74.5% of 2,853 Senior ML Engineer postings"
    assert snowflake.share_text == "not measured"
    assert python.gap.why == (
        "Must-have in this ad; asked for in 74.5% of Senior ML Engineer postings: "
        "you are at Beginner (2), the ad needs Advanced (4)."
    )
    assert python.points == pytest.approx(100 * 0.745 * 0.5 / (0.745 + snowflake_weight))


def test_a_nice_to_have_never_costs_more_points_than_a_must_have_missing_as_many_levels():
    # The QA ad: must-haves Kubernetes (16.9%) at Working and AWS (58.8%) at None, nice-to-haves
    # Scala and Terraform (unmeasured) at None. Kubernetes misses one level, AWS four, each
    # nice-to-have two: two levels of a nice-to-have cost at most two of Kubernetes.
    market = [
        MarketLevel(
            "Senior ML Engineer", {"kubernetes": (16.9, "Medium"), "aws": (58.8, "High")}, 2853
        )
    ]
    steps = {s: {1: 5, 2: 5, 3: 5, 4: 5} for s in ("kubernetes", "aws", "scala", "terraform")}
    result = ad_gaps(
        asks=[AdAsk("kubernetes", True), AdAsk("aws", True), AdAsk("scala", False),
              AdAsk("terraform", False)],
        seniority="senior",
        names={},
        market=market,
        levels={"kubernetes": 3},
        step_hours=steps,
    )  # fmt: skip
    points = {g.gap.skill: g.points for g in result.gaps}
    assert points["scala"] == points["terraform"] <= 2 * points["kubernetes"] + 1e-9
    assert points["scala"] < points["aws"]
    assert sum(points.values()) == pytest.approx(100 - result.result.readiness)


def test_the_ad_against_a_target():
    difference = target_difference(
        asks=[AdAsk("python", True), AdAsk("snowflake", True), AdAsk("airflow", False)],
        target={"python", "kubernetes"},
        names={
            "python": "Python",
            "snowflake": "Snowflake",
            "airflow": "Airflow",
            "kubernetes": "Kubernetes",
        },
    )
    assert difference.only_ad == ("Airflow", "Snowflake")
    assert difference.only_target == ("Kubernetes",)


def test_a_list_of_alternatives_against_a_target_is_one_requirement_met_by_any_of_them():
    asks = [
        AdAsk("python", True),
        *CLOUDS,  # AWS, GCP or Azure
        AdAsk("java", True, one_of=2),
        AdAsk("scala", True, one_of=2),
        AdAsk("tableau", True),
    ]
    names = CLOUD_NAMES | {"java": "Java", "scala": "Scala", "tableau": "Tableau"}
    difference = target_difference(asks=asks, target={"python", "gcp", "docker"}, names=names)
    assert difference.only_ad == ("Tableau", "one of Java or Scala")
    assert difference.only_target == ("docker",)  # a skill the ad offers is one it asks for
    difference = target_difference(asks=asks, target={"sql"}, names=names)
    assert difference.only_ad == (
        "Python",
        "Tableau",
        "one of AWS, GCP or Azure",
        "one of Java or Scala",
    )
    assert names_joined(difference.only_ad) == (
        "Python; Tableau; one of AWS, GCP or Azure; and one of Java or Scala"
    )


def test_names_are_joined_by_commas_unless_one_before_the_last_holds_one():
    assert names_joined(["Python"]) == "Python"
    assert names_joined(["Python", "one of AWS or GCP"]) == "Python and one of AWS or GCP"
    assert names_joined(["A", "B", "one of C, D or E"]) == "A, B and one of C, D or E"
    assert names_joined(["A", "one of C, D or E", "B"]) == "A; one of C, D or E; and B"
    assert names_joined(["A", "B", "C"], last="or") == "A, B or C"


def test_must_haves_come_first_whatever_their_readiness_points():
    # Kubernetes is a must-have measured in few postings; Snowflake an unmeasured nice-to-have
    # whose gap is worth more points: the must-have still leads the report.
    market = [MarketLevel("Senior ML Engineer", {"kubernetes": (10.0, "Medium")})]
    result = ad_gaps(
        asks=[AdAsk("snowflake", False), AdAsk("kubernetes", True)],
        seniority="senior",
        names={},
        market=market,
        levels={"kubernetes": 3},
        step_hours={s: {1: 4, 2: 12, 3: 30, 4: 60} for s in ("snowflake", "kubernetes")},
    )
    assert [g.gap.skill for g in result.gaps] == ["kubernetes", "snowflake"]
    assert result.gaps[0].points < result.gaps[1].points


def test_an_asks_quote_is_its_requirements_words_not_the_title_sentences():
    ad = """Senior Machine Learning Engineer
We are looking for a Senior Machine Learning Engineer to join our team. We use Python.
Requirements
- Strong machine learning fundamentals and Python
"""
    asks = {a.skill: a for a in read(ad).asks}
    assert asks["machine-learning"].phrases == ("machine learning",)
    assert asks["python"].phrases == ("Python",)
