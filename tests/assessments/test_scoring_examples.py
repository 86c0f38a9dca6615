"""Worked examples against the seed market, computed by hand.

Required levels: Critical 3 (4 at senior), High 3, Medium 2, Nice-to-have 1; a career-path
must-have needs >= 3 and weighs >= 0.5. Gap score = weight x gap / required.
Step hours = round(default x difficulty), default 4, 12, 30, 60, 120 for levels 1..5.
"""

import pytest

from assessments.scoring import Requirement, gap_example, gap_score
from assessments.selectors import gap_report_for
from assessments.services.skills import skill_level_set


def rate(user, skill, levels):
    for name, level in levels.items():
        skill_level_set(user=user, skill=skill(name), level=level)


def test_a_data_scientist_against_senior_ml_engineer(user, skill, role):
    rate(
        user,
        skill,
        {
            "Python": 4,
            "TensorFlow": 3,
            "PyTorch": 2,
            "AWS": 1,
            "SQL": 3,
            "Machine learning": 3,
        },
    )
    # Senior ML Engineer (2,853 postings); roadmap entry->mid and mid->senior must-haves.
    # skill              share  tier      roadmap req weight cur gap  gap score        hours
    # TensorFlow         91.9   Critical  yes     4   .919   3   1    .919*1/4=.22975  72
    # Python             81.3   Critical  yes     4   .813   4   0    0                0
    # PyTorch            63.8   Critical  yes     4   .638   2   2    .638*2/4=.319    36+72=108
    # AWS                58.8   High      yes     3   .588   1   2    .588*2/3=.392    14+36=50
    # Kubernetes         16.9   Medium    no      2   .169   0   2    .169             6+17=23
    # GPT/OpenAI         13.8   Medium    no      2   .138   0   2    .138             2+7=9
    # SQL                 -     -         yes     3   .5     3   0    0                0
    # Machine learning    -     -         yes     3   .5     3   0    0                0
    # Model optimization  -     -         yes     3   .5     0   3    .5               5+16+39=60
    # MLflow              -     -         yes     3   .5     0   3    .5               2+7+18=27
    # sum of weights = 3.265 + 4 x .5 = 5.265; sum of gap scores = 2.24775
    # readiness = 100 x (1 - 2.24775 / 5.265) = 57.3077%; hours = 349
    report = gap_report_for(user=user, role=role("ML Engineer"), seniority="senior")
    result = report.result
    assert result.readiness == pytest.approx(57.3077, abs=1e-4)
    assert result.readiness_display == 57.3
    assert result.total_weight == pytest.approx(5.265)
    assert [
        (g.name, g.required_level, g.current_level, round(g.gap_score, 5)) for g in result.gaps
    ] == [
        ("MLflow", 3, 0, 0.5),
        ("Model optimization", 3, 0, 0.5),
        ("AWS", 3, 1, 0.392),
        ("PyTorch", 4, 2, 0.319),
        ("TensorFlow", 4, 3, 0.22975),
        ("Kubernetes", 2, 0, 0.169),
        ("GPT/OpenAI", 2, 0, 0.138),
        ("Python", 4, 4, 0.0),
        ("Machine learning", 3, 3, 0.0),
        ("SQL", 3, 3, 0.0),
    ]
    hours = {g.name: g.hours_to_close for g in result.gaps}
    assert hours == {
        "MLflow": 27,
        "Model optimization": 60,
        "AWS": 50,
        "PyTorch": 108,
        "TensorFlow": 72,
        "Kubernetes": 23,
        "GPT/OpenAI": 9,
        "Python": 0,
        "Machine learning": 0,
        "SQL": 0,
    }
    assert result.hours_to_close == 349
    pytorch = next(g for g in result.gaps if g.name == "PyTorch")
    assert pytorch.source == "both"
    assert pytorch.why == (
        "Asked for in 63.8% of Senior ML Engineer postings (Critical) and a must-have on the "
        "career path: you are at Beginner (2), the role needs Advanced (4)."
    )
    assert pytorch.n_postings == 2853
    kubernetes = next(g for g in result.gaps if g.name == "Kubernetes")
    assert kubernetes.why == (
        "Asked for in 16.9% of Senior ML Engineer postings (Medium): "
        "you are at None (0), the role needs Beginner (2)."
    )
    # Closing MLflow alone (0 -> 3) would add 100 x .5 / 5.265 = 9.50 points.
    assert result.points(result.gaps[0]) == pytest.approx(9.4967, abs=1e-4)


def test_a_software_engineer_against_mid_llm_genai_engineer(user, skill, role):
    rate(
        user,
        skill,
        {"Python": 4, "AWS": 2, "GPT/OpenAI": 2, "Prompt engineering": 1, "Docker": 3},
    )
    # Mid-level LLM/GenAI Engineer (1,735 postings); roadmap entry->mid must-haves.
    # skill              share  tier      roadmap req weight cur gap  gap score        hours
    # TensorFlow         76.6   Critical  no      3   .766   0   3    .766             5+14+36=55
    # Python             63.2   Critical  yes     3   .632   4   0    0 (exceeded)     0
    # AWS                52.6   High      no      3   .526   2   1    .526/3=.175333   36
    # PyTorch            28.8   High      no      3   .288   0   3    .288             55
    # GPT/OpenAI         12.5   Medium    yes     3   .5     2   1    .5/3=.166667     18
    # Kubernetes         10.5   Medium    no      2   .105   0   2    .105             6+17=23
    # Prompt engineering  -     -         yes     3   .5     1   2    .5*2/3=.333333   6+15=21
    # Vector databases    -     -         yes     3   .5     0   3    .5               3+8+21=32
    # Docker is not asked for: it is not in the report.
    # sum of weights = 3.817; sum of gap scores = 2.334333
    # readiness = 100 x (1 - 2.334333 / 3.817) = 38.8438%; hours = 240
    report = gap_report_for(user=user, role=role("LLM/GenAI Engineer"), seniority="mid")
    result = report.result
    assert result.readiness == pytest.approx(38.8438, abs=1e-4)
    assert result.readiness_display == 38.8
    assert [
        (g.name, g.required_level, round(g.weight, 3), round(g.gap_score, 6)) for g in result.gaps
    ] == [
        ("TensorFlow", 3, 0.766, 0.766),
        ("Vector databases", 3, 0.5, 0.5),
        ("Prompt engineering", 3, 0.5, 0.333333),
        ("PyTorch", 3, 0.288, 0.288),
        ("AWS", 3, 0.526, 0.175333),
        ("GPT/OpenAI", 3, 0.5, 0.166667),
        ("Kubernetes", 2, 0.105, 0.105),
        ("Python", 3, 0.632, 0.0),
    ]
    assert result.hours_to_close == 240
    assert [g.name for g in result.strengths] == ["Python"]
    assert "Docker" not in {g.name for g in result.gaps}
    gpt = next(g for g in result.gaps if g.name == "GPT/OpenAI")
    assert (gpt.source, gpt.share_pct, gpt.tier) == ("both", 12.5, "Medium")
    vector = next(g for g in result.gaps if g.name == "Vector databases")
    assert vector.source == "roadmap"
    assert vector.why == (
        "A must-have on the career path to Mid-level LLM/GenAI Engineer (not measured in "
        "postings): you are at None (0), the role needs Working (3)."
    )


def example_of(requirement, level):
    result = gap_score(
        requirements=[requirement],
        levels={requirement.skill: level},
        seniority="mid",
        step_hours={requirement.skill: {1: 4, 2: 12, 3: 30, 4: 60, 5: 120}},
    )
    return gap_example(result)


def test_the_worked_example_says_a_roadmap_must_have_weighs_more_than_its_share():
    # Measured at 30% but on the career path: it weighs 0.5, not 0.3.
    sql = Requirement("sql", "SQL", 30.0, "High", True, 2853)
    example = example_of(sql, 1)
    assert example.weight_text == (
        "your largest gap, SQL, is a roadmap must-have that 30.0% of postings ask for: it "
        "counts 0.5"
    )
    assert example.score_sentence == (
        "For example, your largest gap, SQL at Aware (1) where Working (3) is needed, a roadmap "
        "must-have that 30.0% of postings ask for, weighing 0.5, scores 0.5 × 2 ÷ 3 = 0.333."
    )
    assert example.points_text == ": for SQL, 100 × 0.333 ÷ 0.5 = 66.7 points, as its row says"


def test_the_worked_example_gives_an_at_least_share_as_the_table_does():
    serving = Requirement("serving", "Model serving", 30.0, "High", False, 1000, lower_bound=True)
    example = example_of(serving, 0)
    assert example.weight_text == "for your largest gap, Model serving, at least 30.0% counts 0.3"
    assert (
        "where Working (3) is needed and at least 30.0% of postings ask, scores 0.3 × 3 ÷ 3 = 0.3."
        in (example.score_sentence)
    )
