"""SVG maps as text. Pure: projected polygons and labels in, markup out; no geometry library needed.

A map is a :class:`Frame` (the part of the projected plane it shows, and its size in SVG units) and
:class:`Layer` s of :class:`Shape` s drawn in order. Path data are whole SVG units, written as one absolute
move and then relative steps between the *rounded* points (so rounding never drifts), with repeated points
dropped: a municipality at a region's scale costs a few hundred bytes.

The markup needs no inline style (the pages' Content-Security-Policy forbids it): every look is a class
styled in ``byregion/web/static/style.css``. Each linked shape is an ``<a href>`` with a ``<title>`` (its name for
screen readers and the tooltip), so it is reached with the keyboard and named; decorative
layers are ``aria-hidden``. The ``<svg>`` is a ``group``, not an ``img``: an image's children are hidden
from assistive technology, and the links must not be.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise

Point = tuple[float, float]
Ring = Sequence[Point]
#: A polygon: its outer ring, then its holes (projected kilometres, y north).
Polygon = Sequence[Ring]

#: Id of the hatching pattern that marks applicants (defined by :func:`svg` when a shape asks for it).
HATCH_ID = "map-hatch"


@dataclass(frozen=True)
class Frame:
    """The box of the projected plane shown (kilometres), drawn ``width`` SVG units wide."""

    min_x: float
    min_y: float
    max_x: float
    max_y: float
    width: int

    @classmethod
    def around(cls, bounds: tuple[float, float, float, float], width: int, margin: float = 0.04,
               min_span: float = 0.0) -> Frame:
        """A frame around ``bounds`` (min x, min y, max x, max y) with ``margin`` (a share of the larger side)
        on each side, at least ``min_span`` kilometres across either way (a tiny municipality is not
        drawn as big as a county)."""
        min_x, min_y, max_x, max_y = bounds
        span = max(max_x - min_x, max_y - min_y)
        grow_x = max(span * margin, (min_span - (max_x - min_x)) / 2, 0.0)
        grow_y = max(span * margin, (min_span - (max_y - min_y)) / 2, 0.0)
        if max_x - min_x + 2 * grow_x <= 0 or max_y - min_y + 2 * grow_y <= 0:
            raise ValueError(f"a map frame needs an area; got bounds {bounds} with min_span {min_span}")
        return cls(min_x - grow_x, min_y - grow_y, max_x + grow_x, max_y + grow_y, width)

    @property
    def scale(self) -> float:
        """SVG units per kilometre."""
        return self.width / (self.max_x - self.min_x)

    @property
    def height(self) -> int:
        return max(1, math.ceil((self.max_y - self.min_y) * self.scale))

    def point(self, x: float, y: float) -> tuple[int, int]:
        """A projected point in whole SVG units (y down)."""
        return round((x - self.min_x) * self.scale), round((self.max_y - y) * self.scale)

    def bounds(self) -> tuple[float, float, float, float]:
        return self.min_x, self.min_y, self.max_x, self.max_y


def _numbers(values: Iterable[int]) -> str:
    """``3 -4 5`` written as ``3-4 5``: a minus sign separates numbers by itself."""
    out: list[str] = []
    for v in values:
        text = str(v)
        if out and v >= 0:
            out.append(" ")
        out.append(text)
    return "".join(out)


def ring_data(ring: Ring, frame: Frame) -> str:
    """One closed ring as path data (``M x y l dx dy … z``), or ``""`` when rounding leaves it without area."""
    points: list[tuple[int, int]] = []
    for x, y in ring:
        p = frame.point(x, y)
        if not points or p != points[-1]:
            points.append(p)
    if len(points) > 1 and points[-1] == points[0]:
        points.pop()
    if len(points) < 3:
        return ""
    steps = [n for (x0, y0), (x1, y1) in pairwise(points) for n in (x1 - x0, y1 - y0)]
    return f"M{_numbers(points[0])}l{_numbers(steps)}z"


def line_data(lines: Iterable[Sequence[Point]], frame: Frame) -> str:
    """Open lines (a county's boundary cut to the frame, say) as one path's data: ``M x y l dx dy …``."""
    parts: list[str] = []
    for line in lines:
        points: list[tuple[int, int]] = []
        for x, y in line:
            p = frame.point(x, y)
            if not points or p != points[-1]:
                points.append(p)
        if len(points) > 1:
            steps = [n for (x0, y0), (x1, y1) in pairwise(points) for n in (x1 - x0, y1 - y0)]
            parts.append(f"M{_numbers(points[0])}l{_numbers(steps)}")
    return "".join(parts)


def path_data(polygons: Iterable[Polygon], frame: Frame) -> str:
    """Every ring of ``polygons`` as one path's data (holes cut by the even-odd rule, see ``.map path``)."""
    parts: list[str] = []
    for polygon in polygons:
        rings = [ring_data(ring, frame) for ring in polygon]
        if rings and rings[0]:  # a polygon whose outline vanishes at this scale takes its holes along
            parts.extend(r for r in rings if r)
    return "".join(parts)


@dataclass(frozen=True)
class Shape:
    """One thing on a map: its path data, classes, and, when it is a link, where to and its name."""

    d: str
    classes: str = ""
    href: str | None = None
    label: str | None = None
    #: Where its name is written on the map (SVG units), if it is written.
    label_at: tuple[int, int] | None = None
    #: The short name written on the map (the link's ``label`` may say more, e.g. the role).
    name: str | None = None


@dataclass(frozen=True)
class Layer:
    """Shapes drawn together under one class; ``decorative`` layers are hidden from assistive technology."""

    classes: str
    shapes: Sequence[Shape] = field(default_factory=tuple)
    decorative: bool = False


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _shape(shape: Shape) -> str:
    classes = f' class="{_attr(shape.classes)}"' if shape.classes else ""
    path = f'<path d="{shape.d}"/>'
    if shape.href is None:
        return f"<g{classes}>{path}</g>" if classes else path
    label = shape.label or shape.href
    # named by its <title> alone (SVG-AAM): an aria-label beside it made screen readers say the name twice, as the
    # name and again as the description
    return (f'<a href="{_attr(shape.href)}"{classes}>'
            f"<title>{escape(label, quote=False)}</title>{path}</a>")


#: The size of the names written on a map, in SVG units, for wide screens and for phones
#: (``byregion/web/static/style.css`` shows one set or the other). A local map is 600 units wide: on a phone's 330
#: pixels, 13 units are 7 pixels, too small to read, and 22 are 12.
LABEL_SIZES = {"wide": 13, "narrow": 22}
#: The width of a letter of the labels' typeface (a sans-serif), as a share of the size: enough to tell whether two
#: names would overlap.
LETTER_WIDTH = 0.6


def _box(x: float, y: float, name: str, size: int) -> tuple[float, float, float, float]:
    """The box a name centred on ``x`` with its baseline at ``y`` covers, with its white outline."""
    half = LETTER_WIDTH * size * len(name) / 2 + 2
    return x - half, y - 0.8 * size - 2, x + half, y + 0.25 * size + 2


def placed_labels(layers: Sequence[Layer], size: int) -> list[tuple[int, int, str]]:
    """Where each name goes at ``size``: at its point, else a line above or below it, else not at all, so that no two
    names overlap. The top layer's names (the map's focus, drawn last) are placed first; a name left out is still
    its shape's tooltip and in the list beside the map."""
    boxes: list[tuple[float, float, float, float]] = []
    out = []
    for layer in reversed(layers):
        for shape in layer.shapes:
            if shape.label_at is None or not shape.name:
                continue
            x, y = shape.label_at
            line = round(1.05 * size + 5)  # a box's height and a little: the next line up or down
            for dy in (0, -line, line):
                box = _box(x, y + dy, shape.name, size)
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                    boxes.append(box)
                    out.append((x, y + dy, shape.name))
                    break
    return out


def _labels(layers: Sequence[Layer]) -> str:
    groups = []
    for width, size in LABEL_SIZES.items():
        texts = [f'<text x="{x}" y="{y}">{escape(name, quote=False)}</text>'
                 for x, y, name in placed_labels(layers, size)]
        if texts:
            groups.append(f'<g class="map-labels map-labels-{width}" aria-hidden="true">{"".join(texts)}</g>')
    return "".join(groups)


def hatch_pattern() -> str:
    """The diagonal hatching that marks an applicant (not colour alone), styled by ``.map-hatch-*``."""
    return (f'<defs><pattern id="{HATCH_ID}" width="8" height="8" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect class="map-hatch-ground" width="8" height="8"/>'
            '<rect class="map-hatch-line" width="3" height="8"/></pattern></defs>')


def svg(frame: Frame, layers: Sequence[Layer], *, title: str, ident: str, classes: str = "map",
        hatch: bool = False) -> str:
    """The ``<svg>`` element: ``title`` names it (``aria-labelledby``), ``ident`` makes its ids unique on
    the page; ``hatch`` adds the applicants' pattern (once per page: its id is fixed)."""
    title_id = f"{ident}-title"
    body = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width} {frame.height}" '
            f'class="{_attr(classes)}" id="{_attr(ident)}" role="group" aria-labelledby="{_attr(title_id)}">',
            f'<title id="{_attr(title_id)}">{escape(title, quote=False)}</title>']
    if hatch:
        body.append(hatch_pattern())
    for layer in layers:
        hidden = ' aria-hidden="true"' if layer.decorative else ""
        body.append(f'<g class="{_attr(layer.classes)}"{hidden}>{"".join(_shape(s) for s in layer.shapes)}</g>')
    body.append(_labels(layers))
    body.append("</svg>")
    return "".join(body)
