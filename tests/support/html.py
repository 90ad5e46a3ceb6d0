"""HTML pages read as a tree for the tests, by the standard library's parser (no dependency): elements by tag and
attributes, their text, and the nesting faults a browser would repair behind our back (a block inside a paragraph
or a heading, an end tag that closes nothing or closes another element)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements without an end tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})
#: Elements whose content may be phrasing content only (HTML Living Standard, "content models").
PHRASING_ONLY = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "span", "b", "i", "small",
                           "mark", "code", "label", "abbr", "cite", "q", "sub", "sup", "time", "summary"})
#: Elements that are flow content but not phrasing content: none of them may be inside the above.
BLOCKS = frozenset({"address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
                    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
                    "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul"})


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        """This element and every element in it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        """The elements named ``tag`` (``*`` for any) with these attribute values (``class_`` for ``class``)."""
        wanted = {name.rstrip("_"): value for name, value in attrs.items()}
        return [e for e in self.iter() if tag in ("*", e.tag)
                and all(e.attrs.get(name) == value for name, value in wanted.items())]

    def find(self, tag: str, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    @property
    def text(self) -> str:
        """The text in it, runs of spaces, tabs and newlines as one space (a no-break space is kept)."""
        parts: list[str] = []

        def walk(node: Element | str) -> None:
            if isinstance(node, str):
                parts.append(node)
            elif node.tag not in ("script", "style"):
                for child in node.children:
                    walk(child)
        walk(self)
        return re.sub(r"[ \t\n\r\f]+", " ", "".join(parts)).strip(" \t\n\r\f")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open: list[Element] = [self.root]
        self.faults: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        if tag in BLOCKS:
            inside = [e.tag for e in self.open if e.tag in PHRASING_ONLY]
            if inside:
                self.faults.append(f"<{tag}> inside <{inside[-1]}>")
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.open[-1].tag == tag:
            self.open.pop()
            return
        names = [e.tag for e in self.open]
        if tag not in names:
            self.faults.append(f"stray </{tag}>")
            return
        self.faults.append(f"</{tag}> closes <{names[-1]}>")
        while self.open.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(html: str) -> tuple[Element, list[str]]:
    """The page as a tree, and its nesting faults (none in valid markup)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.faults += [f"<{e.tag}> not closed" for e in reader.open[1:] if e.tag not in ("html", "body", "head")]
    return reader.root, reader.faults
