"""Each file extension the site serves has one Content-Type, whatever kind of file it is (a document's format, a
source document, a static file): the static export names a file's type by its extension alone (nginx's and
Apache's type maps), and the export of a build stops on an extension with two. The research notes (a source
document) and the SPARQL page's notes (a static file) are both Markdown: they once differed by a parameter."""

from __future__ import annotations

import pytest

from byregion.mediatypes import SERVED_TYPES, SOURCE_TYPES, STATIC_TYPES, content_type

pytestmark = pytest.mark.fast


def test_every_extension_names_one_content_type() -> None:
    seen: dict[str, set[str]] = {}
    tables = {f".{m.extension}": content_type(m) for m in SERVED_TYPES}
    for table in (tables, SOURCE_TYPES, STATIC_TYPES):
        for extension, media_type in table.items():
            seen.setdefault(extension, set()).add(media_type)
    assert {ext: types for ext, types in seen.items() if len(types) > 1} == {}
