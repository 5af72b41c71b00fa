"""The production settings with the one thing the TLS proxy adds in production:
gzip on HTML (README, production notes). `bench.page_weight` runs gunicorn with
these, so the page is measured as compressed as a browser gets it there."""

from cas_project.settings import *  # noqa: F403
from cas_project.settings import MIDDLEWARE

# Outermost, where the proxy is: it sees every response, and leaves alone what
# WhiteNoise already sent compressed (a response with Content-Encoding).
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]
