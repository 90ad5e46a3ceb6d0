"""Rendering every document of a build, once, when the build is made (``documents.sqlite``).

The build indexes its graph (:class:`~byregion.graph_index.GraphIndex`), then renders each document
(:mod:`byregion.build.render.documents`) in every format and language into
:class:`~byregion.docstore.DocumentWriter`. Worker processes share the index by forking after it is
built; the parent writes what they render, in document order, so the file is the same however many
workers made it.

The step itself is :func:`byregion.build.render.step.render`, loaded on first use (as ``byregion.build`` loads its
writer): the static export reads the sitemap's format from :mod:`.sitemap` and renders nothing, so it does not load the
renderer's machinery (Jinja's templates, rdflib, shapely and numpy: 0.4 s of every ``byregion export-static``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from byregion.build.render.step import render

#: What :mod:`.step` gives, imported on first use.
_STEP = ("render",)


def __getattr__(name: str) -> Any:
    if name in _STEP:
        from byregion.build.render import step
        return getattr(step, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["render"]
