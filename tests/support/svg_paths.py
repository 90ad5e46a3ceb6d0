"""Reading the maps' path data back (``byregion/maps/svg.py`` writes it), for the tests of the maps."""

from __future__ import annotations

import re


def absolute_points(d: str) -> list[list[tuple[int, int]]]:
    """Path data as written by :func:`byregion.maps.svg.path_data` (rings) or :func:`byregion.maps.svg.line_data`
    (open lines) read back to absolute points, ring or line by ring or line."""
    rings = []
    for move, steps in re.findall(r"M(-?\d+ ?-?\d+)l([-\d ]*)z?", d):
        x, y = map(int, re.findall(r"-?\d+", move))
        points = [(x, y)]
        numbers = list(map(int, re.findall(r"-?\d+", steps)))
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings
