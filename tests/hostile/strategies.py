"""What an attacker, a broken client or a careless paste sends: the hypothesis
strategies of the hostile suite, and what a response must never contain after
receiving them.

A value is text (oversize, empty, NUL, Unicode edge cases, markup, numbers no
column holds, impossible dates) or a list of such texts (a repeated key where
one value is expected). A submission is the valid form of a route with some
fields replaced, dropped or added, or a raw body the form parser has to cope
with (invalid UTF-8, a multipart body without its boundary, JSON)."""

import json
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes

from django.utils import timezone
from hypothesis import strategies as st

OVERSIZE = 100_000

# Markup that would run if a page echoed it unescaped. FORBIDDEN below is what
# such an echo would leave in an HTML page; escaped, none of it appears.
MARKUP = (
    '<script>alert("cas")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "javascript:alert(1)",
    "{{ 6|add:36 }}zq",
    "{% now 'Y' %}zq",
    "{% debug %}",
    "{{ request.user.password }}",
    # NFKC lookalikes: normalised, they become the markup above.
    '＜script＞alert("cas")＜/script＞',
    "﹤img src=x onerror=alert(1)﹥",
)


def forbidden() -> tuple[str, ...]:
    """Substrings an HTML response may never contain: markup that runs, or a
    template tag that was evaluated instead of shown."""
    return (
        '<script>alert("cas")',
        "<img src=x onerror",
        "<svg onload",
        "<iframe srcdoc",
        "42zq",
        f"{timezone.now():%Y}zq",
    )


UNICODE_EDGES = (
    "\x00",
    "a\x00b",
    "\u202eRTL override\u202c",
    "\u200f\u200e",
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width
    "e\u0301\u0301\u0301\u0301",  # stacked combining marks
    "Z̴̡̧̛̖͉̳͓̭͍̻̪͓̱̫̺̘͛̽̏̑͑̾̈́̔̈́̀͌̕͜͝a̷l̴g̵o̶",
    "👩🏽‍🏫🇲🇽🏳️‍🌈",
    "\U0010ffff\ufffe\uffff",  # noncharacters
    "ﬁ ﬀ ℌ Ａ ① ㎏ ¹",  # NFKC changes all of these
    "İıſK",  # case mappings that change length
    "\u2028\u2029\r\n\r\x0b\x0c\x1c\x85",  # line and paragraph separators
    "\x1b[31mrojo\x1b[0m",
    "\t\t  ",
    "%00%0d%0a",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "C:\\Windows\\win.ini",
    "%s%n%x",
    "ñáéíóú ÑÁÉÍÓÚ ü",
)

NUMBERS = (
    str(2**63),
    str(2**63 - 1),
    str(2**64),
    str(-(2**63) - 1),
    "9" * 40,
    "-" + "9" * 40,
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "-0",
    "0x10",
    "1_000",
    "١٢٣",  # Arabic-Indic digits: int() reads them
    "1.5",
    "-1",
    "0",
    " 7 ",
)

DATES = ("2026-02-30", "9999-12-31", "0001-01-01", "99999-01-01", "2026-13-01", "24:61", "31/12/2026", "T")

FRAGMENTS = (*MARKUP, *UNICODE_EDGES, *NUMBERS, *DATES, "", " ")


def _oversize(piece: str) -> str:
    return piece * (OVERSIZE // len(piece) + 1)


fragments = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=30),  # any code point the client can encode (no lone surrogates)
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
)
oversize = st.sampled_from(["x", "ñ", "9", "\x00", "😀", "<", "a\u0301", '<script>alert("cas")</script>']).map(
    _oversize
)
texts = st.one_of(
    fragments,
    st.lists(fragments, min_size=2, max_size=5).map("".join),
    oversize,
)
# A list where a scalar is expected: the key repeated in the body.
values = st.one_of(texts, texts, texts, st.lists(texts, min_size=2, max_size=3))

# Raw bytes the UTF-8 decoder refuses: a lone continuation byte, an overlong
# "/", an encoded surrogate, a truncated sequence, bytes past U+10FFFF.
INVALID_UTF8 = (b"\xff", b"\xfe\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80", b"\x80abc")
invalid_utf8 = st.lists(st.one_of(st.sampled_from(INVALID_UTF8), st.binary(max_size=8)), min_size=1, max_size=4).map(
    b"".join
)


@dataclass(frozen=True, repr=False)
class Submission:
    """One request body: form data (posted as multipart, as browsers send
    forms with files) or raw bytes with a content type."""

    kind: str
    data: dict = field(default_factory=dict)
    body: bytes = b""
    content_type: str = ""

    def send(self, client, url: str):
        if self.kind == "form":
            return client.post(url, self.data)
        return client.generic("POST", url, self.body, content_type=self.content_type)

    def __repr__(self) -> str:  # a failing example is printed; 100,000 characters would hide it
        return f"Submission({self.sent_text()})"

    def carries_markup(self) -> bool:
        values = [v for value in self.data.values() for v in (value if isinstance(value, list) else [value])]
        return any(isinstance(v, str) and ("<" in v or "{" in v or "\uff1c" in v or "\ufe64" in v) for v in values)

    def sent_text(self) -> str:
        """What was sent, as text, for the messages of a failing example."""
        if self.kind == "form":
            return repr({k: (v[:80] + "…" if isinstance(v, str) and len(v) > 80 else v) for k, v in self.data.items()})
        return f"{self.content_type}: {self.body[:200]!r}"


@st.composite
def form_submissions(draw, base: dict, fields: frozenset[str]) -> Submission:
    """The valid form with one or more fields hostile, some perhaps missing,
    and perhaps a field the form does not know."""
    data = dict(base)
    names = sorted(fields | base.keys())
    if names:
        for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True)):
            data[name] = draw(values)
        for name in draw(st.lists(st.sampled_from(names), max_size=2, unique=True)):
            data.pop(name, None)
    if draw(st.booleans()):
        data[draw(st.sampled_from(["x", "csrfmiddlewaretoken", "__proto__", "pk", "id", "\x00", "ñ" * 300]))] = draw(
            values
        )
    return Submission("form", data=data)


def _urlencoded(draw, names: list[str]) -> bytes:
    pairs = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        name = draw(st.sampled_from(names)).encode() if names else b"x"
        raw = draw(invalid_utf8)
        escaped = draw(st.booleans())
        pairs.append(name + b"=" + (quote_from_bytes(raw).encode() if escaped else raw))
    return b"&".join(pairs)


@st.composite
def raw_submissions(draw, base: dict, fields: frozenset[str]) -> Submission:
    """A body the form parser must refuse or read without crashing."""
    names = sorted(fields | base.keys())
    choice = draw(st.sampled_from(["urlencoded", "multipart-no-boundary", "multipart-broken", "json", "other"]))
    if choice == "urlencoded":
        return Submission("raw", body=_urlencoded(draw, names), content_type="application/x-www-form-urlencoded")
    if choice == "multipart-no-boundary":
        return Submission("raw", body=draw(invalid_utf8), content_type="multipart/form-data")
    if choice == "multipart-broken":
        boundary = "BoUnDaRy"
        name = draw(st.sampled_from(names)) if names else "x"
        part = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + draw(invalid_utf8)
            + draw(st.sampled_from([b"", b"\r\n--" + boundary.encode() + b"--\r\n", b"\r\n--" + boundary.encode()]))
        )
        content_type = draw(
            st.sampled_from([f"multipart/form-data; boundary={boundary}", "multipart/form-data; boundary="])
        )
        return Submission("raw", body=part, content_type=content_type)
    if choice == "json":
        payload = draw(
            st.one_of(
                st.dictionaries(st.sampled_from(names or ["x"]), st.one_of(texts, st.integers(), st.none())).map(
                    lambda d: json.dumps(d).encode()
                ),
                invalid_utf8,
                st.just(b"{" * 5000),
            )
        )
        return Submission("raw", body=payload, content_type="application/json")
    return Submission(
        "raw",
        body=draw(invalid_utf8),
        content_type=draw(st.sampled_from(["text/plain", "application/xml", "application/octet-stream", "x/\x00"])),
    )


def submissions(base: dict, fields: frozenset[str]):
    """Mostly hostile form fields; one in four a hostile body."""
    return st.one_of(
        form_submissions(base, fields),
        form_submissions(base, fields),
        form_submissions(base, fields),
        raw_submissions(base, fields),
    )


@st.composite
def query_strings(draw, names: frozenset[str]) -> tuple[dict | None, str | None]:
    """(parameters for the client to encode, or a raw QUERY_STRING with
    bytes the UTF-8 decoder refuses)."""
    known = sorted(names)
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        raw = _urlencoded(draw, known)
        return None, raw.decode("latin-1")  # WSGI's QUERY_STRING holds the bytes as latin-1
    params = {}
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        name = draw(st.sampled_from(known)) if known and draw(st.booleans()) else draw(st.sampled_from(FRAGMENTS[:12]))
        params[name] = draw(values)
    return params, None


# Path segments for <str:…> parameters (tokens, codes, formats): the client
# percent-decodes the path, so %FF reaches the app as a raw byte.
path_segments = st.one_of(
    st.sampled_from([*FRAGMENTS, "..", ".", "%2e%2e", "%00", "%ff%fe", "%ed%a0%80", "a%2Fb", "ñ" * 300]),
    st.text(max_size=40),
    st.sampled_from(["x", "9", "ñ"]).map(lambda c: c * 5_000),
)


# --- Uploads ---------------------------------------------------------------------------------------

NAME_STEMS = (
    "evidencia",
    "../../../etc/passwd",
    "..\\..\\..\\boot",
    "/var/www/static/x",
    "C:\\Windows\\x",
    "a\x00b",
    "..",
    ".",
    "",
    " ",
    "ñandú 😀 informe",
    '"><img src=x onerror=alert(1)>',
    "&lt;script&gt;alert(1)&lt;",
    "&#47;etc&#47;passwd",
    "CON",
    ".htaccess",
    "\u202efdp",
    "%2e%2e%2f",
    'a";b=c',
    "a\r\nContent-Type: text/html",
    "x" * 300,
    "ñ" * 1_000,
)
NAME_EXTENSIONS = (
    ".pdf", ".PDF", ".jpg", ".png", ".gif", ".svg", ".html", ".htm", ".xlsx", ".csv", ".docx", ".odt", ".exe",
    ".pdf.html", ".html.pdf", "", ".", ".pdf\x00.html", ".pdf ", ".php",
)  # fmt: skip
file_names = st.builds(
    lambda stem, extension: stem + extension, st.sampled_from(NAME_STEMS), st.sampled_from(NAME_EXTENSIONS)
)
declared_types = st.sampled_from(
    ["application/pdf", "text/html", "image/svg+xml", "image/jpeg", "application/octet-stream", "text/csv", "x\x00/y"]
)


def uploads(field: str, kinds: list[str], most: int):
    """One to `most` files for `field`, any content under any name."""
    from tests.hostile.files import Upload

    one = st.builds(Upload, st.just(field), file_names, st.sampled_from(kinds), declared_types)
    return st.lists(one, min_size=1, max_size=most)
