"""Finding skills in free text (job postings, CVs) by whole-word alias matching.

One compiled regular expression holds every alias of every skill, so a text is scanned once
whatever the number of skills. "Whole word" means the alias is not preceded or followed by a
letter or digit, and not followed by `&`, `+` or `#` (so "R" is not "R&D", "C" is not "C++"),
case-insensitive. Hyphens and white space between words are interchangeable.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# `+`, `#` and `.` inside aliases (C++, C#, Node.js) are matched literally.
_BEFORE = r"(?<![\w&])"
_AFTER = r"(?![\w&+#])"


@dataclass(frozen=True)
class SkillMatcher:
    pattern: re.Pattern
    slug_by_alias: Mapping[str, str]

    @classmethod
    def from_aliases(cls, aliases: Mapping[str, Iterable[str]]) -> "SkillMatcher":
        """`aliases` maps a skill's slug to its phrases (its name included)."""
        slug_by_alias: dict[str, str] = {}
        for slug, phrases in aliases.items():
            for phrase in phrases:
                key = _normalise(phrase)
                if key:
                    slug_by_alias.setdefault(key, slug)
        # Longest first, so "machine learning engineer" wins over "machine learning".
        ordered = sorted(slug_by_alias, key=len, reverse=True)
        body = "|".join(_alias_regex(a) for a in ordered) or r"(?!x)x"
        return cls(re.compile(f"{_BEFORE}(?:{body}){_AFTER}", re.IGNORECASE), slug_by_alias)

    def find(self, text: str) -> set[str]:
        """Slugs of every skill mentioned in `text` (each once)."""
        if not text:
            return set()
        return {self.slug_by_alias[_normalise(m.group(0))] for m in self.pattern.finditer(text)}

    def find_spans(self, text: str) -> list[tuple[str, str]]:
        """(slug, matched text) for each mention, in order, to show people what was found."""
        return [
            (self.slug_by_alias[_normalise(m.group(0))], m.group(0))
            for m in self.pattern.finditer(text or "")
        ]


def _normalise(phrase: str) -> str:
    return re.sub(r"[\s\-]+", " ", phrase.strip().lower())


def _alias_regex(alias: str) -> str:
    # White space or hyphens between words match either ("scikit learn" = "scikit-learn").
    words = [re.escape(w) for w in re.split(r"[\s\-]+", alias.strip()) if w]
    return r"[\s\-]+".join(words)
