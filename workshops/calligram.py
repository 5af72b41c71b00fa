"""The calligram: the community's words laid out filling a shape the project
draws (a tree, a school, a heart, joined hands), larger for the words said more
often, with the commitment sentence beneath; as SVG (for the page and the
download) and PNG.

Deterministic: the same words and shape give the same picture, byte for byte.
The shape is a grid of cells (a word's box must fall on free cells inside
it); each row of the grid is a Python integer used as a bit set, so checking
where a word fits in a whole band of rows is a handful of integer operations,
so that a shape full of words, and 5,000 more that find no room, take
about a second (`python -m bench.calligram`). Words are measured with the Vera
font ReportLab ships (the PDF's font too); the SVG pins each word to that
width (`textLength`), so no browser font can make two words overlap.
"""

import io
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from PIL import Image, ImageDraw, ImageFont

from workshops.models import Shape

FONT = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"
SIZE = 600  # the shape's square, in SVG units
CELL = 4  # units per grid cell
GRID = SIZE // CELL
ASCENT, LINE = 0.93, 1.18  # of the font size: the baseline below a box's top, and a box's height
MIN_FONT, MAX_FONT = 9, 72
MAX_PLACED = 900  # words (and repeats) in one picture, to keep the file small
FILL_SHARES = (0.7, 0.55, 0.45, 0.35, 0.25, 0.0, 0.0, 0.0)  # repeats, at these shares of a word's size
PNG_SCALE = 2
PALETTE = ("#7a1f3d", "#1f5f7a", "#2e7d4f", "#8a5a00", "#5b3f8c", "#a33a1f")
SHAPE_FILL = "#f3ece9"
Polygon = list[tuple[float, float]]


# --- The shapes, drawn in a unit square (y grows downwards) -----------------------------------------


def _circle(cx: float, cy: float, r: float, points: int = 48) -> Polygon:
    return [
        (cx + r * math.cos(2 * math.pi * k / points), cy + r * math.sin(2 * math.pi * k / points))
        for k in range(points)
    ]


def _rect(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _heart() -> list[Polygon]:
    points = []
    for k in range(120):
        t = 2 * math.pi * k / 120
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((0.5 + x / 36, 0.45 - y / 36))
    return [points]


def _hand(mirror: bool) -> list[Polygon]:
    """An open hand raised, palm forward: a palm, four fingers and a thumb."""
    parts = [
        _rect(0.10, 0.45, 0.40, 0.88),  # palm and wrist
        _rect(0.11, 0.20, 0.17, 0.50),
        _rect(0.185, 0.12, 0.245, 0.50),
        _rect(0.26, 0.14, 0.32, 0.50),
        _rect(0.335, 0.22, 0.39, 0.50),
        [(0.38, 0.62), (0.47, 0.44), (0.51, 0.47), (0.42, 0.70)],  # the thumb, towards the other hand
    ]
    if mirror:
        parts = [[(1 - x, y) for x, y in part] for part in parts]
    return parts


SHAPES: dict[str, tuple[list[Polygon], list[Polygon]]] = {
    # (areas, holes): words go inside an area and outside every hole.
    Shape.TREE: (
        [
            _circle(0.5, 0.30, 0.24),
            _circle(0.30, 0.42, 0.18),
            _circle(0.70, 0.42, 0.18),
            _circle(0.5, 0.50, 0.20),
            _rect(0.43, 0.58, 0.57, 0.96),
        ],
        [],
    ),
    Shape.SCHOOL: (
        [
            _rect(0.06, 0.42, 0.94, 0.95),  # the building
            [(0.02, 0.44), (0.5, 0.16), (0.98, 0.44)],  # the roof
            _rect(0.42, 0.04, 0.58, 0.22),  # the bell tower
        ],
        [_rect(0.43, 0.74, 0.57, 0.95)],  # the door
    ),
    Shape.HEART: (_heart(), []),
    Shape.HANDS: (_hand(False) + _hand(True), []),
}


def _inside(polygon: Polygon, x: float, y: float) -> bool:
    """Even-odd rule."""
    inside = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


@cache
def shape_rows(shape: str) -> tuple[int, ...]:
    """Each grid row as a bit set of the cells outside the shape (bit c: column c)."""
    areas, holes = SHAPES[shape]
    rows = []
    for r in range(GRID):
        blocked = 0
        y = (r + 0.5) / GRID
        for c in range(GRID):
            x = (c + 0.5) / GRID
            if not any(_inside(p, x, y) for p in areas) or any(_inside(p, x, y) for p in holes):
                blocked |= 1 << c
        rows.append(blocked)
    return tuple(rows)


# --- Laying the words out -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    text: str
    size: int
    x: float  # the box's left edge, in SVG units
    y: float  # the box's top
    width: float  # the measured width of the text
    colour: str

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.x + self.width, self.y + self.size * LINE)


@dataclass(frozen=True)
class Layout:
    shape: str
    placed: list[Placed]
    left_out: int  # distinct words with no room at their size


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size, layout_engine=ImageFont.Layout.BASIC)


def measure(text: str, size: int) -> float:
    """The text's width at `size`, measured at the PNG's scale (so the PNG
    draws it at exactly the width the layout gave it)."""
    return _font(size * PNG_SCALE).getlength(text) / PNG_SCALE


def _runs(free: int, width: int) -> int:
    """Bits p of `free` where `width` consecutive bits from p are set."""
    have = 1
    while have < width and free:
        step = min(have, width - have)
        free &= free >> step
        have += step
    return free


def _closest_bit(bits: int, target: int) -> int:
    """The set bit of `bits` nearest to `target` (bits is not zero)."""
    above = bits >> target
    best = None
    if above:
        best = target + (above & -above).bit_length() - 1
    below = bits & ((1 << target) - 1)
    if below:
        candidate = below.bit_length() - 1
        if best is None or target - candidate < best - target:
            best = candidate
    return best


class _Canvas:
    def __init__(self, shape: str):
        self.blocked = list(shape_rows(shape))
        self.full = (1 << GRID) - 1
        filled = [r for r, row in enumerate(self.blocked) if row != self.full]
        self.top, self.bottom = (filled[0], filled[-1]) if filled else (0, 0)
        centre = (self.top + self.bottom) / 2
        self.order = sorted(range(GRID), key=lambda r: (abs(r - centre), r))
        # rows → the fewest cells that found no room in that many rows: any box
        # at least as tall and as wide will not find room either.
        self.failed: dict[int, int] = {}

    def place(self, rows: int, cells: int) -> tuple[int, int] | None:
        """Top-left cell of the free box nearest the centre, claimed; None if none."""
        if rows > GRID or cells > GRID or any(r <= rows and c <= cells for r, c in self.failed.items()):
            return None
        target = max(0, GRID // 2 - cells // 2)
        for top in self.order:
            if top + rows > GRID:
                continue
            band = 0
            for r in range(top, top + rows):
                band |= self.blocked[r]
            starts = _runs(~band & self.full, cells)
            if starts:
                left = _closest_bit(starts, target)
                mask = ((1 << cells) - 1) << left
                for r in range(top, top + rows):
                    self.blocked[r] |= mask
                return top, left
        self.failed[rows] = min(cells, self.failed.get(rows, cells))
        return None


def _sizes(counts: list[int]) -> list[int]:
    """Font sizes by how often each word was said: the most said the largest.
    Fewer words get larger letters."""
    largest = max(MIN_FONT + 6, min(MAX_FONT, int(240 / math.sqrt(len(counts) + 3))))
    top = max(counts)
    sizes = []
    for count in counts:
        share = 0.0 if top == 1 else ((count - 1) / (top - 1)) ** 0.6
        sizes.append(round(MIN_FONT + 4 + (largest - MIN_FONT - 4) * (0.35 + 0.65 * share if top > 1 else 1)))
    return sizes


def layout(words: list[tuple[str, int]], shape: str) -> Layout:
    """Place (word, times said) pairs inside the shape: first each word once at
    its size, most said first, then again smaller to fill what is left."""
    if shape not in SHAPES:
        raise ValueError(f"Unknown shape: {shape}")
    words = sorted(((text.strip(), count) for text, count in words if text.strip()), key=lambda w: (-w[1], w[0]))
    canvas = _Canvas(shape)
    placed: list[Placed] = []
    if not words:
        return Layout(shape, placed, 0)
    sizes = _sizes([count for _, count in words])
    left_out = 0

    def put(text: str, size: int, colour: str) -> bool:
        width = measure(text, size)
        found = canvas.place(math.ceil(size * LINE / CELL), math.ceil((width + size * 0.3) / CELL))
        if found is None:
            return False
        top, left = found
        placed.append(Placed(text, size, left * CELL + size * 0.15, top * CELL, width, colour))
        return True

    # A word is drawn smaller than any said more often, even when one of those
    # had to shrink to find room: (size, times said) of the last word placed.
    ceiling, ceiling_count = MAX_FONT, None
    for n, ((text, count), size) in enumerate(zip(words, sizes, strict=True)):
        size = min(size, ceiling if count == ceiling_count else max(MIN_FONT, ceiling - 1))
        # A word with no room at its size is tried smaller, down to the smallest.
        while len(placed) < MAX_PLACED and not put(text, size, PALETTE[n % len(PALETTE)]):
            if size == MIN_FONT:
                left_out += 1
                break
            size = max(MIN_FONT, round(size * 0.85))
        else:
            if len(placed) >= MAX_PLACED:
                left_out += 1
                continue
            ceiling, ceiling_count = size, count
    # Then the words again, smaller each time, until nothing more fits.
    for share in FILL_SHARES:
        added = 0
        for n, ((text, _count), size) in enumerate(zip(words, sizes, strict=True)):
            if len(placed) >= MAX_PLACED:
                break
            added += put(text, max(MIN_FONT, round(size * share)), PALETTE[(n + 3) % len(PALETTE)])
        if not added and share == 0:
            break
    return Layout(shape, placed, left_out)


# --- Drawing ----------------------------------------------------------------------------------------


# Characters XML 1.0 does not allow (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _commitment_lines(commitment: str, width: int = 58) -> list[str]:
    lines, line = [], ""
    for word in commitment.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:4]


def _polygon_points(polygon: Polygon) -> str:
    return " ".join(f"{x * SIZE:.1f},{y * SIZE:.1f}" for x, y in polygon)


def svg(result: Layout, *, commitment: str = "", title: str = "") -> str:
    """The calligram as a standalone SVG document, readable at any width."""
    lines = _commitment_lines(commitment)
    height = SIZE + (30 + 26 * len(lines) if lines else 10)
    areas, holes = SHAPES[result.shape]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {height}" role="img" '
        f'font-family="Bitstream Vera Sans, DejaVu Sans, Verdana, sans-serif" font-weight="bold">',
        f"<title>{_xml(title)}</title>",
        f'<rect width="{SIZE}" height="{height}" fill="#ffffff"/>',
    ]
    parts += [f'<polygon points="{_polygon_points(p)}" fill="{SHAPE_FILL}"/>' for p in areas]
    parts += [f'<polygon points="{_polygon_points(p)}" fill="#ffffff"/>' for p in holes]
    for word in result.placed:
        centre, baseline = word.x + word.width / 2, word.y + word.size * ASCENT
        parts.append(
            f'<text x="{centre:.1f}" y="{baseline:.1f}" font-size="{word.size}" fill="{word.colour}" '
            f'text-anchor="middle" textLength="{word.width:.1f}" lengthAdjust="spacingAndGlyphs">'
            f"{_xml(word.text)}</text>"
        )
    for n, line in enumerate(lines):
        parts.append(
            f'<text x="{SIZE / 2}" y="{SIZE + 34 + 26 * n}" font-size="19" fill="#333333" '
            f'text-anchor="middle" font-weight="normal" font-style="italic">{_xml(line)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def png(result: Layout, *, commitment: str = "", optimize: bool = True) -> bytes:
    """The same picture as a PNG, twice the SVG's size; `optimize` makes the
    file smaller for a download and slower to write (a PDF re-encodes it anyway)."""
    lines = _commitment_lines(commitment)
    height = SIZE + (30 + 26 * len(lines) if lines else 10)
    s = PNG_SCALE
    image = Image.new("RGB", (SIZE * s, height * s), "#ffffff")
    draw = ImageDraw.Draw(image)
    areas, holes = SHAPES[result.shape]
    for polygon in areas:
        draw.polygon([(x * SIZE * s, y * SIZE * s) for x, y in polygon], fill=SHAPE_FILL)
    for polygon in holes:
        draw.polygon([(x * SIZE * s, y * SIZE * s) for x, y in polygon], fill="#ffffff")
    for word in result.placed:
        draw.text(
            ((word.x + word.width / 2) * s, (word.y + word.size * ASCENT) * s),
            word.text,
            font=_font(word.size * s),
            fill=word.colour,
            anchor="ms",
        )
    regular = ImageFont.truetype(str(FONT.with_name("VeraIt.ttf")), 19 * s, layout_engine=ImageFont.Layout.BASIC)
    for n, line in enumerate(lines):
        draw.text((SIZE / 2 * s, (SIZE + 34 + 26 * n) * s), line, font=regular, fill="#333333", anchor="ms")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=optimize)
    return buffer.getvalue()
