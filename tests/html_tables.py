"""Reading a page's tables as a screen reader gets them: by caption, cell by cell, without
what is hidden from assistive technology (aria-hidden)."""

from html.parser import HTMLParser

VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col"}


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []  # {"caption": str, "rows": [[cell text]]}
        self._stack: list[dict] = []  # open tables
        self._hidden_depth = 0  # open elements inside an aria-hidden subtree
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self._hidden_depth or dict(attrs).get("aria-hidden") == "true":
            self._hidden_depth += 1
            return
        if tag == "table":
            self._stack.append({"caption": "", "rows": []})
        elif not self._stack:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._stack[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self._hidden_depth:
            self._hidden_depth -= 1
            return
        if not self._stack:
            return
        table = self._stack[-1]
        if tag == "caption" and self._caption is not None:
            table["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            table["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self.tables.append(self._stack.pop())

    def handle_data(self, data):
        if self._hidden_depth:
            return
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)


def all_tables(html: str) -> list[dict]:
    """Every table of the page: {"caption": str, "rows": [[cell text]]}, header row included."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def table_rows(html: str, caption: str) -> list[list[str]]:
    """The rows (header row included) of the table whose caption starts with `caption`."""
    parser = _Tables()
    parser.feed(html)
    found = [t for t in parser.tables if t["caption"].startswith(caption)]
    assert len(found) == 1, [t["caption"] for t in parser.tables]
    return found[0]["rows"]


def rows_by_name(html: str, caption: str) -> dict[str, dict[str, str]]:
    """{row header: {column header: cell}} of the table whose caption starts with `caption`."""
    header, *rows = table_rows(html, caption)
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows}
