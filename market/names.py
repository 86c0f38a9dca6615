"""What may name a taxonomy entry (a skill, a role, a resource, a career path, a snapshot),
and the unique URL slug each name gets.

Names reach spreadsheets (`export_market`, `/plan.csv`), Markdown (`/plan.md`), calendars
and URLs, so the rules are the same wherever a name comes from (an import, the admin, the
seed):
- not empty, at most the field's length;
- no control characters (a line break in a name would break a Markdown list item or a CSV
  row read by a careless tool);
- not starting with `=`, `+` or `@`: a spreadsheet runs such a cell as a formula (OWASP's
  "CSV injection"). Refusing them at the door keeps the machine export exact (it never has
  to alter a name). (`-` stays allowed: "-" starts no taxonomy name today, but negative
  numbers and dashes are ordinary text; `/plan.csv` neutralises every risky cell anyway.)

Slugs are Django's `slugify` of the name (`ML Engineer` -> `ml-engineer`, a public URL
contract). A name that slugifies to nothing (`日本語`, `!!!`) gets `<kind>-<8 hex digits>`
from a hash of the name (stable: the same name gets the same slug on every machine), and a
slug already taken by another entry gets `-2`, `-3`, ... (`C++` and `C` both slugify to `c`).
"""

import hashlib
import unicodedata
from collections.abc import Container

from django.utils.text import slugify

FORMULA_STARTS = ("=", "+", "@")
SLUG_MAX_LENGTH = 80


def name_problem(name: str, *, max_length: int) -> str | None:
    """Why `name` cannot name a taxonomy entry, in words for the person who typed it, or
    None when it can. `name` is taken as given (callers strip surrounding white space)."""
    if not name:
        return "is empty"
    if len(name) > max_length:
        return f"is {len(name)} characters long; at most {max_length} are allowed"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        return "contains a line break or another control character"
    if name.startswith(FORMULA_STARTS):
        return (
            f"starts with {name[0]!r}, which spreadsheets run as a formula; "
            "rename it (for example without the leading sign)"
        )
    return None


def unique_slug(name: str, *, kind: str, taken: Container[str]) -> str:
    """The slug for `name`: its `slugify`, or `<kind>-<hash>` when that is empty; with `-2`,
    `-3`, ... appended while the slug is in `taken`."""
    base = slugify(name)[:SLUG_MAX_LENGTH].strip("-")
    if not base:
        base = f"{kind}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: SLUG_MAX_LENGTH - len(suffix)] + suffix
    return slug
