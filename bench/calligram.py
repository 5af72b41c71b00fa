"""`python -m bench.calligram`: the time to lay out, draw as SVG and draw as
PNG the calligram of 50 and of 5,000 distinct words, for each shape (median
of 5 runs after one warm-up run, which also builds the shape's grid).

Needs no database: the renderer is pure Python over Pillow and the Vera font.
The words are said 1 to 9 times each, so they come in several sizes, as in a
real calligram; the commitment sentence is drawn beneath.
"""

import statistics
import sys
import time

from bench.scratch import setup_django

ROUNDS = 5
COUNTS = (50, 5_000)
COMMITMENT = "Nos comprometemos a escucharnos, a aprender juntos y a sostener lo que acordamos."


def words(count: int) -> list[tuple[str, int]]:
    return [(f"palabra{n}", 1 + n % 9) for n in range(count)]


def _time(step, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = step(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def main(argv: list[str]) -> int:
    setup_django("cas-bench-calligram-")
    from workshops import calligram
    from workshops.models import Shape

    columns = ("layout ms", "svg ms", "png ms", "total ms")
    header = f"{'shape':<8} {'words':>6} {'placed':>6} {'left out':>8} " + " ".join(f"{c:>10}" for c in columns)
    print(f"{header}  (median of {ROUNDS})")
    for shape in Shape.values:
        for count in COUNTS:
            given = words(count)
            calligram.png(calligram.layout(given, shape), commitment=COMMITMENT)  # warm-up: the grid, the fonts
            rounds = []
            for _ in range(ROUNDS):
                laid, result = _time(calligram.layout, given, shape)
                drawn, _svg = _time(calligram.svg, result, commitment=COMMITMENT, title="Caligrama")
                painted, _png = _time(calligram.png, result, commitment=COMMITMENT)
                rounds.append((laid, drawn, painted, laid + drawn + painted))
            medians = [statistics.median(values) for values in zip(*rounds, strict=True)]
            print(
                f"{shape:<8} {count:>6,} {len(result.placed):>6} {result.left_out:>8,} "
                + " ".join(f"{value:>10.1f}" for value in medians)
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
