"""The roles and skills an import would add to the taxonomy, and the near-miss rule.

A name a file gives that the taxonomy lacks becomes a new role or skill. When it is a near-miss
of an existing one ("Pythonn" beside Python, "Data-Scientist" beside Data Scientist), it is
far more likely a typo than a new entry: its figures would be shown under the typo while the
real entry reads "not measured". Such a name is refused unless whoever imports names it as
new (import_market --new-skill NAME / --new-role NAME; the admin's preview has a box to tick).
"""

import difflib
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from market.ingestion.figures import MarketFigures

ROLE, SKILL = "role", "skill"
# The least difflib ratio (casefolded) at which a new name is a near-miss of an existing one.
NEAR_MISS_RATIO = 0.85
# import_summary's key for the near-misses a draft holds that nobody has accepted yet.
NEAR_MISSES = "near_misses"
NEAR_MISSES_ACCEPTED = "near_misses_accepted"  # and those accepted as new, for the record


@dataclass(frozen=True)
class NearMiss:
    """A new name (`kind` ROLE or SKILL) that resembles the existing `resembles`; `row`: the
    first row of the file that gives it (None when not known)."""

    kind: str
    name: str
    resembles: str
    row: int | None = None

    def key(self) -> tuple[str, str]:
        return (self.kind, self.name.lower())

    @property
    def accept_label(self) -> str:
        """The admin's box that accepts it as a new entry."""
        return f"Add “{self.name}” as a new {self.kind}"

    @property
    def accept_value(self) -> str:
        """The box's value, read back by `accepted_read`."""
        return f"{self.kind}:{self.name}"


def _squashed(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def near_miss_of(name: str, existing: Iterable[tuple[str, str]]) -> str | None:
    """The existing name (of `existing`'s (name, slug) pairs) that `name` is a near-miss of,
    or None. A near-miss: equal to its name or slug once case, spaces and punctuation are
    ignored, or a difflib ratio >= NEAR_MISS_RATIO with either (casefolded); the closest wins."""
    squashed, folded = _squashed(name), name.casefold()
    best, best_ratio = None, 0.0
    for known, slug in existing:
        if squashed and squashed in (_squashed(known), _squashed(slug)):
            return known
        ratio = max(
            difflib.SequenceMatcher(None, folded, known.casefold()).ratio(),
            difflib.SequenceMatcher(None, folded, slug.casefold()).ratio(),
        )
        if ratio >= NEAR_MISS_RATIO and ratio > best_ratio:
            best, best_ratio = known, ratio
    return best


def new_names(figures: MarketFigures, *, roles: Iterable[str], skills: Iterable[str]):
    """(new role names, new skill names) the figures give that `roles` / `skills` (the
    taxonomy's names) lack, compared without case, each once, sorted."""
    known_roles = {name.lower() for name in roles}
    known_skills = {name.lower() for name in skills}
    given_roles = {f.role for f in [*figures.levels, *figures.demands] if f.role}
    given_skills = {f.skill for f in figures.demands}
    return (
        sorted({n.lower(): n for n in given_roles if n.lower() not in known_roles}.values()),
        sorted({n.lower(): n for n in given_skills if n.lower() not in known_skills}.values()),
    )


def near_misses_find(
    *,
    new: Mapping[str, list[str]],
    existing: Mapping[str, list[tuple[str, str]]],
    rows: Mapping[tuple[str, str], int],
    accepted: Iterable[tuple[str, str]] = (),
) -> list[NearMiss]:
    """The near-misses among `new` ({kind: names}) of `existing` ({kind: (name, slug)}),
    but those `accepted` ((kind, name) pairs, names compared without case); by row."""
    taken = {(kind, name.lower()) for kind, name in accepted}
    found = []
    for kind, names in new.items():
        for name in names:
            if (kind, name.lower()) in taken:
                continue
            if resembles := near_miss_of(name, existing[kind]):
                found.append(NearMiss(kind, name, resembles, rows.get((kind, name.lower()))))
    return sorted(found, key=lambda n: (n.row is None, n.row or 0, n.kind, n.name))


@dataclass(frozen=True)
class AcceptTerms:
    """How whoever imports names a new entry to accept it: "pass --new-skill Pythonn" (the
    command) or "tick ..." (the admin's preview)."""

    command: bool

    def accept(self, near: NearMiss) -> str:
        if self.command:
            return f"pass --new-{near.kind} {shlex.quote(near.name)}"
        return f"tick ‘{near.accept_label}’ before publishing"


NEW_NAME_OPTION = AcceptTerms(command=True)
NEW_NAME_BOX = AcceptTerms(command=False)


def near_miss_text(near: NearMiss, terms: AcceptTerms) -> str:
    """'row 3, column skill: 'Pythonn' is not a known skill; did you mean 'Python'? To add it
    as a new skill, pass --new-skill Pythonn'."""
    where = f"row {near.row}, column {near.kind}: " if near.row else ""
    return (
        f"{where}{near.name!r} is not a known {near.kind}; did you mean {near.resembles!r}? "
        f"To add it as a new {near.kind}, {terms.accept(near)}"
    )


def near_misses_text(nears: list[NearMiss], terms: AcceptTerms) -> str:
    """Every near-miss's near_miss_text, in one message (nothing is imported while any stays)."""
    return "; ".join(near_miss_text(near, terms) for near in nears)


def accepted_read(values: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, name) pairs from the admin's ticked boxes (NearMiss.accept_value)."""
    pairs = (value.partition(":") for value in values)
    return [(kind, name) for kind, _, name in pairs if kind in (ROLE, SKILL) and name]


def near_misses_stored(nears: list[NearMiss]) -> list[dict]:
    return [asdict(near) for near in nears]


def near_misses_loaded(stored) -> list[NearMiss]:
    return [NearMiss(**item) for item in stored or []]
