"""What may name a taxonomy entry (a skill, a role, a resource, a career path, a snapshot),
and the unique URL slug each name gets.

Names reach spreadsheets (`export_market`, `/plan.csv`), Markdown (`/plan.md`), calendars
and URLs, so the rules are the same wherever a name comes from (an import, the admin, the
seed):
- not empty, at most the field's length;
- no control characters (a line break in a name would break a Markdown list item or a CSV
  row read by a careless tool);
- not starting with `=`, `+` or `@`: a spreadsheet runs such a cell as a formula (OWASP's
  "CSV injection"). (`-` stays allowed: "-" starts no taxonomy name today, and dashes are
  ordinary text; but Excel runs "-2+3" too, so every CSV the app writes passes its text
  cells through `spreadsheet_cell`, and the export format reads them back with
  `spreadsheet_cell_read`.)

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
# What a spreadsheet runs as a formula at the start of a cell (OWASP, "CSV Injection").
SPREADSHEET_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SPREADSHEET_TEXT_MARK = "'"
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


def _marked_on_write(text: str) -> bool:
    """Whether a CSV cell of `text` gets the text mark: it starts with a formula sign, or
    with the mark before such a text (so that reading takes off exactly one mark)."""
    if text.startswith(SPREADSHEET_FORMULA_STARTS):
        return True
    return text.startswith(SPREADSHEET_TEXT_MARK) and _marked_on_write(text[1:])


def spreadsheet_cell(value):
    """`value` as a CSV cell no spreadsheet runs as a formula: a text starting with = + - @,
    a tab or a carriage return gets a leading apostrophe (spreadsheets show it as text);
    numbers and other texts are unchanged. `spreadsheet_cell_read` undoes it."""
    if isinstance(value, str) and _marked_on_write(value):
        return SPREADSHEET_TEXT_MARK + value
    return value


def spreadsheet_cell_read(text: str) -> str:
    """The text a `spreadsheet_cell` was written from: one leading apostrophe off where
    writing put it on ("'-2+3" -> "-2+3"; "'90s" stays)."""
    marked = text.startswith(SPREADSHEET_TEXT_MARK) and _marked_on_write(text[1:])
    return text[1:] if marked else text
