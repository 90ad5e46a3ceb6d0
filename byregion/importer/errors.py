"""The importer's one exception type."""


class DocumentError(ValueError):
    """A document cannot be imported at all; ``str(error)`` is one line naming the problem."""
