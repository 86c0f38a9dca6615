"""What a browser would send back from an admin change form, read off the page's HTML: every
input, textarea and selected option of the form, as the admin shows them; and the fields of
a role's change form, written out."""

from html.parser import HTMLParser

from market.models import Role


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" not in attrs:
                    return
                self.data.setdefault(name, []).append(attrs.get("value") or "on")  # as browsers
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += (
                data.removeprefix("\n") if not self.data[self._textarea][0] else data
            )


def admin_form_data(html: str, form_id: str) -> dict[str, list[str] | str]:
    """The values the form `form_id` (e.g. "skill_form") would post as it stands."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return {k: v[0] if len(v) == 1 else v for k, v in reader.data.items()}


def role_form_data(role: Role, **changes) -> dict:
    """The fields the admin's role form posts for `role` as it stands, but for `changes`."""
    fields = {
        "name": role.name,
        "slug": role.slug,
        "description": role.description,
        "title_patterns": role.title_patterns,
        "display_order": role.display_order,
        "page_order": role.page_order,
        "person_title": role.person_title,
    }
    return {**fields, **changes}
