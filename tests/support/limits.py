"""Issue 9's limits for a build of a million triples and a server on it, in one place for the scripts that judge
figures against them (``scripts/bench`` at every size: a smaller build must meet them too; ``scripts/profile_build``
for the build's two)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """A figure that must stay at or under ``most``."""

    what: str
    most: float
    unit: str

    def row(self, value: float) -> str:
        """A Markdown table row: the figure, met or missed, and the limit."""
        verdict = "met" if value <= self.most else "missed"
        return f"| {self.what} | {value:,.1f} {self.unit} ({verdict}) | {self.most:,g} {self.unit} |"


BUILD_TIME = Limit("build time", 1_200.0, "s")
BUILD_PSS = Limit("build's peak summed PSS", 4_000.0, "MB")
SERVER_READY = Limit("server ready", 3.0, "s")
#: Issue 9's "whole server's RSS", judged as the build's memory is: summed PSS. Summed RSS counts a page once per
#: process that maps it, and the query processes are forks sharing their parent's store (``BENCHMARKS.md`` gives both).
SERVER_MEMORY = Limit("server's summed PSS after the load", 600.0, "MB")
HEADER = ["| limit | value | at most |", "|---|---|---|"]


def table(figures: list[tuple[Limit, float]]) -> list[str]:
    """The figures against their limits, as the lines of a Markdown table."""
    return [*HEADER, *(limit.row(value) for limit, value in figures)]
