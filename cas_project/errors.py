"""The project's 500 handler: a database that does not answer (PostgreSQL
restarting, a failover) is a 503 page asking to try again in a moment, not
the "something went wrong" of a bug. Django calls it inside the `except` of
whatever failed, so the error at hand is `sys.exc_info()`."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return django_server_error(request)
    # Rendered without the request: its context processors would ask the
    # database (the session, the notices) that is not answering.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
