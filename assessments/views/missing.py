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
