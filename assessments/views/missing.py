"""The 404s that several views raise, each leading back to the list the missing thing
belongs in."""

from django.urls import reverse

from accounts.http import Back, NotFound


def no_such_ad() -> NotFound:
    """The 404 of a job ad that is not (or no longer) among the person's: it leads to theirs."""
    return NotFound(
        "No such job ad among yours.",
        back=Back(url=reverse("assessments:ads"), words="Go to your job ads"),
    )


def no_such_plan_item() -> NotFound:
    """The 404 of an item that is not (or no longer, after a re-plan) in the person's plan:
    it leads to their plan."""
    return NotFound(
        "No such item in your plan.",
        back=Back(url=reverse("assessments:plan"), words="Go to your plan"),
    )


def no_plan_yet() -> NotFound:
    """The 404 of a plan's export before there is a plan: it leads to the profile, where a
    target makes one."""
    return NotFound(
        "Make a plan first: choose a target on your profile.",
        back=Back(url=reverse("assessments:onboarding"), words="Go to your profile"),
    )
