"""What the project's CSV readers share: an error that names the file, line and column, so that a table
can be fixed where it is wrong (``byregion.reference.rows``, ``byregion.programme.rows``)."""

from __future__ import annotations


class TableError(ValueError):
    """A CSV table cannot be used; the message reads ``file, line N, column 'c': problem``."""

    def __init__(self, file: str, line: int | None, column: str | None, problem: str) -> None:
        where = file + (f", line {line}" if line else "") + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {problem}")
