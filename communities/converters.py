"""Path converters of the app's URLs."""

# The largest value of a signed 64-bit column, the widest id a database holds.
MAX_ID = 2**63 - 1


class IdConverter:
    """A database id: digits that fit a 64-bit column. A longer number matches
    no route (404) rather than overflowing the database driver."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # Django then tries the next route, and answers 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)
