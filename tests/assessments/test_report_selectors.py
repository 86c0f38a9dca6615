import pytest

from assessments.selectors import best_fit_for, gap_report_for, profile_for, report_page_for
from assessments.services.skills import skill_level_set


@pytest.fixture
def rated(user, skill):
    for name, level in [("Python", 4), ("TensorFlow", 2), ("AWS", 1)]:
        skill_level_set(user=user, skill=skill(name), level=level)
    return user


def test_gap_report_scores_the_persons_levels_against_the_target(rated, role, market):
    report = gap_report_for(user=rated, role=role("ML Engineer"), seniority="senior")
    assert report.snapshot == market
    assert report.levels["python"] == 4
    by_name = {g.name: g for g in report.result.gaps}
    assert by_name["Python"].required_level == 4 and by_name["Python"].gap == 0
    assert by_name["TensorFlow"].gap == 2
    assert by_name["TensorFlow"].n_postings == report.job_count
    assert 0 < report.result.readiness < 100
    assert report.step_hours["python"][1] >= 1


def test_gap_report_takes_the_same_number_of_queries_whatever_the_number_of_skills(
    rated, role, skill, django_assert_num_queries, make_user
):
    ml = role("ML Engineer")
    with django_assert_num_queries(7):
        gap_report_for(user=rated, role=ml, seniority="senior")
    other = make_user("grace")
    for name in ["Kubernetes", "PyTorch", "GPT/OpenAI", "SQL"]:
        skill_level_set(user=rated, skill=skill(name), level=3)
        skill_level_set(user=other, skill=skill(name), level=5)
    with django_assert_num_queries(7):
        gap_report_for(user=rated, role=ml, seniority="senior")


def test_best_fit_ranks_every_role_level_by_readiness_in_a_fixed_number_of_queries(
    rated, django_assert_num_queries
):
    with django_assert_num_queries(6):
        fits = best_fit_for(user=rated)
    assert len(fits) >= 4
    readiness = [f.result.readiness for f in fits]
    assert readiness == sorted(readiness, reverse=True)
    assert all(len(f.top_raises) <= 3 for f in fits)


def test_best_fit_gives_each_role_level_the_same_result_as_its_own_gap_report(rated):
    for fit in best_fit_for(user=rated):
        report = gap_report_for(user=rated, role=fit.role, seniority=fit.seniority)
        assert fit.result == report.result, fit.target_label
        assert (fit.job_count, fit.avg_salary_usd) == (report.job_count, report.avg_salary_usd)


def test_report_page_is_ten_queries_and_a_what_if_changes_only_the_result(
    rated, role, django_assert_num_queries
):
    profile = profile_for(user=rated)
    ml = role("ML Engineer")
    with django_assert_num_queries(10):
        page = report_page_for(
            user=rated, profile=profile, role=ml, seniority="senior", what_if={"tensorflow": 4}
        )
    assert page.what_if == {"python": 4, "tensorflow": 4, "aws": 1}
    assert page.report.levels == {"python": 4, "tensorflow": 2, "aws": 1}
    assert page.result.readiness > page.report.result.readiness
    assert not page.is_target and page.history
    assert (ml, "senior") in page.targets
