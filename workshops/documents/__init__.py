"""The workshop's printed documents, drawn with ReportLab and the Vera fonts it
ships (nothing installed on the system): the directors' poster of commitments
(afiche), always one letter page, and the school's «Carpeta para la
reflexión» with every work space's product.

Both are deterministic (`invariant=1`: the same data gives the same bytes).
Interface strings go through gettext; the data (the template's texts and
what people wrote) is printed as written, escaped for ReportLab's markup and
without the control characters it cannot draw. The Carpeta reads through
`workshops.selectors`, so its queries do not grow with the contributions."""

from workshops.documents.carpeta import carpeta_pdf
from workshops.documents.poster import poster_pdf

__all__ = ["carpeta_pdf", "poster_pdf"]
