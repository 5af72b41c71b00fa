"""What the workshop's documents share beyond the core's
(`communities.documents.pdf`): the Carpeta's name and its measures."""

from communities.documents.pdf import (  # noqa: F401 — the workshop's documents import them from here
    CELL,
    FRAME_WIDTH,
    GREY,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PRIMARY,
    PRIMARY_LIGHT,
    RULE,
    Styles,
    as_date,
    bold,
    clean,
    cut,
    document_pdf,
    draw_in,
    flowables_height,
    labelled,
    markup,
    paragraphs,
    table,
)

# The SEP's name for the workshop's booklet: a proper name, like the work
# spaces', that stays in Spanish in every language.
CARPETA = "Carpeta para la reflexión"

EXCERPT = 280  # characters of the director's reflection on the poster
TIMELINE_ROWS = 8  # milestones per drawing: a drawing does not split across pages
AXES_PER_DRAWING = 4
