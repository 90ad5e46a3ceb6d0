"""Whether a day lies in a period of validity: one rule for every part that asks (byregion.periods)."""

from __future__ import annotations

import datetime as dt

import pytest

from byregion.periods import covers

pytestmark = pytest.mark.fast

D = dt.date


@pytest.mark.parametrize(("start", "end", "day", "inside"), [
    (D(2020, 1, 1), D(2023, 12, 31), D(2020, 1, 1), True),  # both ends are in the period
    (D(2020, 1, 1), D(2023, 12, 31), D(2023, 12, 31), True),
    (D(2020, 1, 1), D(2023, 12, 31), D(2019, 12, 31), False),
    (D(2020, 1, 1), D(2023, 12, 31), D(2024, 1, 1), False),
    (None, D(2019, 12, 31), D(1838, 1, 1), True),  # an open start reaches back as far as it goes
    (D(2024, 1, 1), None, D(2100, 1, 1), True),
    (None, None, D(2015, 1, 1), True),
])
def test_a_day_is_in_a_period_with_both_ends(start: dt.date | None, end: dt.date | None, day: dt.date,
                                            inside: bool) -> None:
    assert covers(start, end, day) is inside
    # the same as ISO text, where a table leaves an open end empty
    assert covers(start.isoformat() if start else "", end.isoformat() if end else "", day.isoformat()) is inside
