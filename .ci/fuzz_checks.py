"""Schemathesis checks for dondoc's GraphQL API, loaded by `.ci/fuzz` through SCHEMATHESIS_HOOKS.

Schemathesis' built-in `not_a_server_error` calls every GraphQL error that carries a `path` a
server error. dondoc answers FORBIDDEN, NOT_FOUND, BAD_USER_INPUT and CONFLICT from its resolvers,
with a `path`, for requests it rightly refuses, so `.ci/fuzz` turns that check off and this one
judges by what the server says instead: a case fails on any HTTP status of 500 or more, and on any
error whose `extensions.code` is INTERNAL.
"""

import json

import schemathesis

MAX_SHOWN = 4000


def _shown(text):
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + f"… ({len(text)} characters)"


def _request_text(case):
    body = case.body
    if isinstance(body, dict):
        query = body.get("query")
        variables = body.get("variables")
    else:
        query, variables = body, None
    parts = ["query:", str(query)]
    if variables:
        parts += ["variables:", json.dumps(variables, ensure_ascii=False)]
    return "\n".join(parts)


def _answer_text(response):
    try:
        text = response.content.decode("utf-8", errors="replace")
    except Exception:  # noqa: BLE001 - only for the message
        text = repr(response.content)
    return f"answer ({response.status_code}, {response.elapsed * 1000:.0f} ms):\n{_shown(text)}"


def _internal_errors(response):
    try:
        payload = json.loads(response.content)
    except ValueError:
        return []
    if not isinstance(payload, dict):
        return []
    errors = payload.get("errors")
    if not isinstance(errors, list):
        return []
    return [
        error
        for error in errors
        if isinstance(error, dict)
        and isinstance(error.get("extensions"), dict)
        and error["extensions"].get("code") == "INTERNAL"
    ]


@schemathesis.check
def dondoc_no_internal_or_5xx(ctx, response, case):
    """No HTTP status of 500 or more, and no error whose `extensions.code` is INTERNAL."""
    if response.status_code >= 500:
        problem = f"HTTP status {response.status_code}"
    elif _internal_errors(response):
        problem = "an error with extensions.code INTERNAL"
    else:
        return None
    raise AssertionError(f"dondoc answered with {problem}\n{_request_text(case)}\n{_answer_text(response)}")
