"""Roles as pages name them: no two roles may share a label (`Role.label`, its person title
or else its name). The market pages key their figures by label (`selectors.share_figures`,
`selectors.level_counts`), so two roles with one label would merge there silently. The admin
(Role.clean), the seed and imports all refuse it with this one check."""

from collections.abc import Iterable

from market.models import Role


def role_label_clash(roles: Iterable[Role]) -> str | None:
    """What is wrong when two of `roles` have one label (any case), naming both; None when
    every label is its own. The same role given twice (by object or by id) is one role."""
    seen: dict[str, Role] = {}
    for role in roles:
        key = role.label.casefold()
        first = seen.setdefault(key, role)
        if first is role or (first.pk is not None and first.pk == role.pk):
            continue
        return (
            f"The roles “{first.name}” and “{role.name}” would both be named "
            f"“{first.label}” on every page (a role is named by its person title, else by its "
            "name), and the market pages would merge their figures. Give one of them another "
            "person title or name."
        )
    return None


def role_label_problem(role: Role) -> str | None:
    """`role_label_clash` for `role` against every other role in the database. One query."""
    others = Role.objects.exclude(pk=role.pk) if role.pk else Role.objects.all()
    return role_label_clash([*others.only("name", "person_title"), role])
