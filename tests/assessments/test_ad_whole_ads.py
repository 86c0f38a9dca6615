"""Whole ads as people paste them, read with the product's taxonomy (the seed's skills and
title rules, through the service), as the page reads them."""

from assessments.services.ads import job_ad_read, reading_rules_load

ONE_LINE_LISTS = (
    "Senior Machine Learning Engineer\n\n"
    "We are a fintech startup building fraud detection.\n\n"
    "Must-haves: Python, PyTorch, SQL/Airflow, Docker, Kubernetes and Docker for model serving, "
    "AWS.\n"
    "Nice-to-haves: Scala/Spark, Terraform, LangChain.\n"
)


def test_an_ad_of_one_line_lists_asks_each_must_have_and_offers_only_its_tight_pair(market):
    reading = job_ad_read(text=ONE_LINE_LISTS, rules=reading_rules_load())
    assert [(a.skill, a.must_have, a.one_of) for a in reading.asks] == [
        ("python", True, None),
        ("pytorch", True, None),
        ("sql", True, 1),  # "SQL/Airflow": one of the pair
        ("airflow", True, 1),
        ("docker", True, None),  # named twice, asked once
        ("kubernetes", True, None),
        ("model-serving", True, None),
        ("aws", True, None),
        # "Scala/Spark" among nice-to-haves: two nice-to-haves (alternatives are only
        # counted among must-haves)
        ("scala", False, None),
        ("spark", False, None),
        ("terraform", False, None),
        ("langchain", False, None),
    ]
    assert reading.in_title == ("machine-learning",)
