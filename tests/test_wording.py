"""One word for one thing wherever a person reads it: the templates, the site's Python strings
(forms, messages, mail, exports, checks) and its scripts."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SOURCES = ("accounts", "assessments", "market", "config")
# Django says "email" (EmailField, "Email address"): the site says it so too.
HYPHENATED_EMAIL = re.compile(r"e-mail", re.IGNORECASE)


def python_strings(path: Path) -> list[str]:
    """Every string literal in a module, the parts of f-strings and docstrings included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_the_site_says_email_never_e_mail():
    found = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.is_file() and HYPHENATED_EMAIL.search(path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        if HYPHENATED_EMAIL.search(path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(ROOT)))
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            for text in python_strings(path):
                if HYPHENATED_EMAIL.search(text):
                    found.append(f"{path.relative_to(ROOT)}: {text[:60]!r}")
    assert found == []
