"""The public SPARQL endpoint's logic: guards, execution, service description and example queries.

Nothing here imports Flask; ``byregion/web/sparql.py`` adapts it to HTTP. Every refusal is a
:class:`Refused` carrying the HTTP status it should become and a message a person can act on.
"""

from __future__ import annotations


class Refused(Exception):
    """A query the endpoint will not run; ``status`` is the HTTP status, the message says why and what to do."""

    status = 400

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: Seconds after which the client may try again (a full queue, a store away), for ``Retry-After``
        #: (:func:`byregion.serve.rules.sparql_headers` writes it); None for a refusal that trying again cannot mend.
        self.retry_after = retry_after


class MalformedQuery(Refused):
    """Not valid SPARQL 1.1 Query; the message carries the parser's words and position."""


class UpdateRefused(Refused):
    """SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) sent to the read-only query endpoint."""


class ServiceRefused(Refused):
    """Federated query (``SERVICE``) while ``sparql_allow_service`` is off."""

    status = 403


class QueryTooLarge(Refused):
    status = 413


class QueryTimeout(Refused):
    """The query ran longer than ``sparql_timeout`` and was stopped."""

    status = 503

    @classmethod
    def after(cls, seconds: float) -> QueryTimeout:
        return cls(f"The query ran longer than {seconds:g} s and was stopped. Make it more selective "
                   "(a LIMIT, fewer OPTIONALs, a narrower pattern) and try again.")


class QueryOutOfMemory(Refused):
    """The query needed more memory than a query process may have (``sparql_max_memory``), which stopped it."""

    status = 503

    @classmethod
    def over(cls, limit: int) -> QueryOutOfMemory:
        return cls(f"The query needed more than {limit / 2**20:,.0f} MB of memory and was stopped. Make it more "
                   "selective (a LIMIT, no ORDER BY over everything, a narrower pattern) and try again.")


class Busy(Refused):
    """No query slot for this request: every slot is busy and the queue is full, or the wait ran out.

    See :mod:`byregion.sparql.admission` (settings ``sparql_max_concurrent``, ``sparql_queue_length``,
    ``sparql_queue_wait``); ``Retry-After`` says when to try again.
    """

    status = 503

    @classmethod
    def queue_full(cls, slots: int, waiting: int, retry_after: int) -> Busy:
        return cls(f"All {slots} query slots are busy and {waiting} more queries are waiting, as many as may wait; "
                   f"try again in {retry_after} s.", retry_after=retry_after)

    @classmethod
    def waited(cls, slots: int, wait: float, retry_after: int) -> Busy:
        return cls(f"No query slot became free within {wait:g} s (all {slots} are busy with long queries); "
                   f"try again in {retry_after} s.", retry_after=retry_after)


class NotAcceptable(Refused):
    status = 406


class NotXml(NotAcceptable):
    """Results that XML 1.0 cannot carry, asked for in an XML format; the web process answers in another format the
    client accepts, where it accepts one (:func:`byregion.sparql.protocol.carrying_any_character`). A query process
    names it by its class name, which the pool looks up here."""


class QueryFailed(Refused):
    """The engine cannot run the query as written (a function it does not have): the client's to mend, so a 400,
    not the 502 of a store that failed. :data:`QUERY_FAULTS` says which of the engine's errors are such."""

    status = 400


#: What the engine's error says where the query, not the store, is at fault (pyoxigraph raises RuntimeError for
#: both): "The custom function <http://example.org/f> is not supported".
QUERY_FAULTS = ("The custom function ",)


class EngineError(Refused):
    """The store failed (an I/O error, an answer that cannot be read); never carries a traceback."""

    status = 502


class StoreUnavailable(EngineError):
    """The remote store cannot be reached just now; the endpoint answers again as soon as it is back."""

    status = 503

    @classmethod
    def now(cls, retry_after: int) -> StoreUnavailable:
        """The refusal telling the client to come back in ``retry_after`` seconds (``settings.store_retry_after``)."""
        return cls(f"The SPARQL store cannot be reached just now; try again in {retry_after} s.",
                   retry_after=retry_after)
