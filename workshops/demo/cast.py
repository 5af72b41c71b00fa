"""Who is who in the workshop's demo: the schools' slugs, and people numbered
as the core's demo numbers its teachers (docenteN@…), 0 being the director."""

from workshops.models import PathMilestone

A, B = "escuela-a", "escuela-b"
DIRECTOR = 0
Kind = PathMilestone.Kind
