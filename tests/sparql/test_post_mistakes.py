"""A POST that is almost right says what to change: the query in the URL with no body (R's ``httr::POST(url, query =
list(query = …))`` sends that), and a form's ``query=…`` sent as ``application/sparql-query`` (which the parser had
read as a misspelt keyword ``query``). Both stay refusals, as SPARQL 1.1 Protocol §2.1 has them; the message names
what to send instead (a researcher's review)."""

from __future__ import annotations

import pytest

from byregion.sparql.protocol import BadRequest, UnsupportedMediaType, read_protocol

pytestmark = pytest.mark.fast


def test_a_post_with_the_query_in_its_url_and_no_body_is_told_to_use_get_or_the_form() -> None:
    with pytest.raises(UnsupportedMediaType) as refused:
        read_protocol("POST", b"query=ASK%7B%7D", "", b"")
    assert refused.value.status == 415
    assert "query in its URL and no body" in refused.value.message and "GET" in refused.value.message


def test_a_post_without_a_type_and_with_a_body_is_told_the_two_types() -> None:
    with pytest.raises(UnsupportedMediaType) as refused:
        read_protocol("POST", b"", "", b"ASK {}")
    assert refused.value.message == ("POST needs Content-Type application/x-www-form-urlencoded or "
                                     "application/sparql-query (got none).")


@pytest.mark.parametrize("body", [b"query=ASK%7B%7D", b"  query=ASK+%7B%7D&format=json", b"update=CLEAR+ALL"])
def test_a_form_sent_as_a_query_is_told_its_content_type(body: bytes) -> None:
    with pytest.raises(BadRequest) as refused:
        read_protocol("POST", b"", "application/sparql-query", body)
    assert "reads as a form" in refused.value.message
    assert "application/x-www-form-urlencoded" in refused.value.message


def test_a_query_naming_a_variable_query_is_still_read() -> None:
    assert read_protocol("POST", b"", "application/sparql-query", b"SELECT ?query WHERE { ?query ?p ?o }").query
