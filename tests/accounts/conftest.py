import pytest
from django.core import mail

from assessments.models import Plan
from assessments.services.ads import job_ad_create
from assessments.services.plans import plan_build, plan_item_check_off, share_link_create
from assessments.services.skills import skill_level_set
from market.models import Skill


@pytest.fixture
def fill_account(onboard):
    """Gives a person a row in everything a person can have: a profile with a target, rated
    skills with history, a plan with an item checked off, a share link and a saved job ad."""

    def fill(user):
        onboard(user, skills={"python": 2, "docker": 1, "pytorch": 3})
        skill_level_set(user=user, skill=Skill.objects.get(slug="python"), level=3)
        plan_build(user=user)
        plan = Plan.objects.get(user=user)
        plan_item_check_off(user=user, item=plan.items.order_by("order").first())
        share_link_create(user=user)
        job_ad_create(user=user, text="Senior ML Engineer\nPython and Docker; Kafka is a plus")
        return user

    return fill


@pytest.fixture
def sent_mail(reset_mails_out):
    """The mail sent so far (Django's test outbox), reset mails still being sent included."""

    def sent() -> list:
        reset_mails_out()
        return mail.outbox

    return sent
