"""The calligram renderer (workshops.calligram): every word inside the canvas
and on free cells of its shape, no two words overlapping, the same picture
byte for byte for the same input, frequent words drawn larger, and SVG that
parses and escapes what people wrote. Speed is measured in bench/calligram.py,
not here."""

import math
import xml.etree.ElementTree as ET
from functools import cache

import pytest

from workshops import calligram
from workshops.calligram import CELL, GRID, SHAPES, SIZE, layout, png, shape_rows, svg
from workshops.models import Shape

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"

SPANISH = [
    "comunidad",
    "diálogo",
    "respeto",
    "confianza",
    "escucha",
    "colaboración",
    "compromiso",
    "aprendizaje",
    "empatía",
    "equipo",
]
WORD_SETS = {
    "none": [],
    "one": [("comunidad", 1)],
    "fifty": [(f"{SPANISH[n % 10]} {n}", 1 + n % 5) for n in range(50)],
    "five-thousand": [(f"palabra{n}", 1 + n % 9) for n in range(5000)],
    "emoji": [("comunidad 😀", 4), ("❤️", 3), ("👨‍👩‍👧", 2), ("🇲🇽 juntos", 2), ("1️⃣", 1), ("respeto 🙌", 1)],
    "right-to-left": [("مجتمع", 5), ("קהילה", 4), ("التعلم معا", 3), ("שיתוף פעולה", 2), ("comunidad", 2), ("حوار", 1)],
    "long-word": [("a" * 2000, 3), ("comunidad", 2), ("escucha", 1)],
}
CASES = [(shape, name) for shape in Shape.values for name in WORD_SETS]
IDS = [f"{shape}-{name}" for shape, name in CASES]


@cache
def laid_out(shape: str, name: str) -> calligram.Layout:
    return layout(WORD_SETS[name], shape)


def parse(document: str) -> ET.Element:
    return ET.fromstring(document)  # noqa: S314 (the SVG is our own output, parsed to check it is well formed)


def cells_of(box: tuple[float, float, float, float]):
    """The grid cells (row, column) a box covers."""
    x0, y0, x1, y1 = box
    for row in range(math.floor(y0 / CELL), math.ceil(y1 / CELL)):
        for column in range(math.floor(x0 / CELL), math.ceil(x1 / CELL)):
            yield row, column


def test_every_shape_the_models_offer_is_drawn():
    assert set(SHAPES) == set(Shape.values)
    for shape in Shape.values:
        rows = shape_rows(shape)
        assert len(rows) == GRID
        free = sum(GRID - bin(row).count("1") for row in rows)
        assert GRID * GRID // 10 < free < GRID * GRID  # a real shape: neither empty nor the whole square


@pytest.mark.parametrize(("shape", "name"), CASES, ids=IDS)
def test_every_word_lies_inside_the_canvas_and_on_cells_of_the_shape(shape, name):
    result = laid_out(shape, name)
    rows = shape_rows(shape)
    for word in result.placed:
        x0, y0, x1, y1 = word.box
        assert 0 <= x0 < x1 <= SIZE and 0 <= y0 < y1 <= SIZE, word
        outside = [(r, c) for r, c in cells_of(word.box) if rows[r] >> c & 1]
        assert not outside, f"{word.text!r} covers cells outside the {shape}: {outside[:5]}"


@pytest.mark.parametrize(("shape", "name"), CASES, ids=IDS)
def test_no_two_words_overlap(shape, name):
    boxes = sorted((word.box, word.text) for word in laid_out(shape, name).placed)
    # Sorted by left edge: only boxes that start before this one ends can overlap it.
    for n, ((_ax0, ay0, ax1, ay1), a) in enumerate(boxes):
        for (bx0, by0, _bx1, by1), b in boxes[n + 1 :]:
            if bx0 >= ax1:
                break
            assert not (by0 < ay1 and ay0 < by1), f"{a!r} and {b!r} overlap"


@pytest.mark.parametrize(("shape", "name"), CASES, ids=IDS)
def test_every_word_is_placed_or_counted_as_left_out(shape, name):
    result = laid_out(shape, name)
    distinct = {text.strip() for text, _count in WORD_SETS[name]}
    placed = {word.text for word in result.placed}
    assert placed <= distinct
    assert len(placed) + result.left_out >= len(distinct)
    assert len(result.placed) <= calligram.MAX_PLACED
    if name in ("one", "emoji", "right-to-left"):
        assert result.left_out == 0 and placed == distinct


@pytest.mark.parametrize("shape", Shape.values)
def test_a_word_wider_than_the_canvas_is_left_out(shape):
    result = laid_out(shape, "long-word")
    assert "a" * 2000 not in {word.text for word in result.placed}
    assert result.left_out >= 1
    assert {"comunidad", "escucha"} <= {word.text for word in result.placed}


@pytest.mark.parametrize(("shape", "name"), CASES, ids=IDS)
def test_the_same_input_gives_the_same_picture_byte_for_byte(shape, name):
    words = WORD_SETS[name]
    first, second = layout(list(words), shape), layout(list(words), shape)
    assert first == second
    commitment = "Nos comprometemos a escucharnos y a aprender juntos cada semana del ciclo escolar."
    assert svg(first, commitment=commitment, title="Caligrama") == svg(second, commitment=commitment, title="Caligrama")
    assert png(first, commitment=commitment) == png(second, commitment=commitment)


def test_the_order_the_words_come_in_does_not_change_the_picture():
    words = WORD_SETS["fifty"]
    assert svg(layout(words, Shape.TREE)) == svg(layout(list(reversed(words)), Shape.TREE))


@pytest.mark.parametrize("shape", Shape.values)
def test_more_frequent_words_are_not_drawn_smaller_in_the_first_pass(shape):
    words = [("escucha", 1), ("comunidad", 9), ("equipo", 2), ("respeto", 5), ("diálogo", 5), ("confianza", 3)]
    result = layout(words, shape)
    assert result.left_out == 0  # every word found room in the first pass
    first_size = {}
    for word in result.placed:  # the first pass places each word once, before any repeat
        first_size.setdefault(word.text, word.size)
    assert set(first_size) == {text for text, _ in words}
    for text_a, count_a in words:
        for text_b, count_b in words:
            if count_a > count_b:
                assert first_size[text_a] >= first_size[text_b], (text_a, text_b, first_size)
    assert first_size["comunidad"] > first_size["escucha"]


@pytest.mark.parametrize(("shape", "name"), CASES, ids=IDS)
def test_svg_parses_as_xml_with_one_text_per_placed_word(shape, name):
    result = laid_out(shape, name)
    root = parse(svg(result, commitment="Nuestro compromiso: escucharnos.", title="Caligrama de la comunidad"))
    assert root.tag == f"{SVG}svg"
    texts = root.findall(f"{SVG}text")
    assert [t.text for t in texts[: len(result.placed)]] == [word.text for word in result.placed]
    assert texts[-1].text == "Nuestro compromiso: escucharnos."


def test_svg_escapes_what_people_wrote():
    hostile = '<script>alert("x")</script>'
    result = layout([(hostile, 3), ("a & b", 2), ("comillas \" y '", 1)], Shape.SCHOOL)
    assert hostile in {word.text for word in result.placed}
    document = svg(result, commitment=f"Compromiso {hostile}", title=f"Título {hostile}")
    assert "<script" not in document
    root = parse(document)
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    assert root.find(f"{SVG}title").text == f"Título {hostile}"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert hostile in texts and "a & b" in texts
    assert any(text and text.endswith(hostile) for text in texts)  # the commitment


@pytest.mark.parametrize("control", ["\x01", "\x08", "\x1b", "\ufffe"], ids=repr)
def test_svg_stays_well_formed_whatever_the_commitment_holds(control):
    # The service keeps a commitment's text as written, NUL bytes aside (services.common.clean_text).
    document = svg(layout([("comunidad", 1)], Shape.HEART), commitment=f"Nos{control} comprometemos", title="T")
    parse(document)


@pytest.mark.parametrize(("shape", "name"), CASES, ids=IDS)
def test_png_is_a_png(shape, name):
    assert png(laid_out(shape, name), commitment="Juntos").startswith(PNG_SIGNATURE)


def test_an_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="estrella"):
        layout([("comunidad", 1)], "estrella")


def test_blank_words_are_ignored():
    result = layout([("   ", 4), ("", 1), ("comunidad", 1)], Shape.TREE)
    assert {word.text for word in result.placed} == {"comunidad"}
