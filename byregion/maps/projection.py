"""A map projection for Norway, as plain math: transverse Mercator on the sphere, central meridian 15° E.

Norway spans 58–71° N and 4–31° E. Longitude and latitude drawn as x and y (equirectangular) stretch the
north to about twice its width; the transverse Mercator of UTM zone 33 (EPSG:25833, which Kartverket's
national maps use) keeps shapes true at every scale we draw. On the sphere rather than the ellipsoid: the
difference is under 0.5 %, far below what a page's map can show, and it needs no projection library.
"""

from __future__ import annotations

import math
from typing import TypeVar

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

#: The central meridian of UTM zone 33, in degrees east.
CENTRAL_MERIDIAN = 15.0
#: The Earth's mean radius in kilometres (projected coordinates are kilometres).
EARTH_RADIUS_KM = 6371.0

Point = tuple[float, float]
G = TypeVar("G", bound=BaseGeometry)


def project(lon: float, lat: float) -> Point:
    """``(lon, lat)`` in degrees (CRS84) → ``(x, y)`` in kilometres, x east, y north (as on a map)."""
    lam = math.radians(lon - CENTRAL_MERIDIAN)
    phi = math.radians(lat)
    b = math.cos(phi) * math.sin(lam)
    x = EARTH_RADIUS_KM * math.atanh(b)
    y = EARTH_RADIUS_KM * math.atan2(math.tan(phi), math.cos(lam))
    return x, y


def project_array(coords: NDArray[np.float64]) -> NDArray[np.float64]:
    """:func:`project` over an ``(n, 2)`` array of lon/lat (as :func:`shapely.transform` hands them)."""
    lam = np.radians(coords[:, 0] - CENTRAL_MERIDIAN)
    phi = np.radians(coords[:, 1])
    return np.column_stack((EARTH_RADIUS_KM * np.arctanh(np.cos(phi) * np.sin(lam)),
                            EARTH_RADIUS_KM * np.arctan2(np.tan(phi), np.cos(lam))))


def project_geometry(geometry: G) -> G:
    """A shapely geometry in lon/lat, projected (kilometres)."""
    projected: G = shapely.transform(geometry, project_array)
    return projected
