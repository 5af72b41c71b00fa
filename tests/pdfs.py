"""Reading a PDF ReportLab wrote, with the standard library: the
cross-reference table is checked, the streams inflated and the text decoded
through each font's ToUnicode map (the Vera subsets do not print text as is)."""

import base64
import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\r?\n(.*?)endobj", re.S)
_TOKEN = re.compile(
    rb"/([^\s/\[\]()<>]+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f]+)>\s*Tj|(T\*|Td|TD|ET)\b", re.S
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in _OBJECT.findall(pdf)}


def _stream(body: bytes) -> bytes:
    head, _sep, rest = body.partition(b"stream")
    length = int(re.search(rb"/Length (\d+)", head).group(1))
    data = rest.lstrip(b"\r\n")[:length]
    if b"/ASCII85Decode" in head:
        data = base64.a85decode(b"".join(data.split()).removesuffix(b"~>"))
    if b"/FlateDecode" in head:
        data = zlib.decompress(data)
    return data


def _literal(raw: bytes) -> bytes:
    """A PDF literal string's bytes, its escapes undone."""
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i : i + 1] != b"\\":
            out += raw[i : i + 1]
            i += 1
            continue
        following = raw[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(following, following if following != b"\n" else b"")
            i += 2
    return bytes(out)


class Pdf:
    """A PDF ReportLab wrote: its objects (every cross-reference entry must
    point at its object, or a reader would not open it), its pages and the
    text drawn on each."""

    def __init__(self, data: bytes):
        assert data.startswith(b"%PDF-1.")
        assert data.rstrip().endswith(b"%%EOF")
        start = int(re.findall(rb"startxref\r?\n(\d+)", data)[-1])
        assert data[start : start + 4] == b"xref"
        count = int(re.match(rb"xref\r?\n0 (\d+)", data[start:]).group(1))
        entries = re.findall(rb"(\d{10}) (\d{5}) n", data[start:])
        assert len(entries) == count - 1
        for number, (offset, _generation) in enumerate(entries, start=1):
            assert data[int(offset) :].startswith(f"{number} 0 obj".encode()), number
        self.data = data
        self.objects = _objects(data)
        maps = {}
        for body in self.objects.values():
            name, cmap = re.search(rb"/Name /(\S+)", body), re.search(rb"/ToUnicode (\d+) 0 R", body)
            if b"/Type /Font" in body and name and cmap:
                maps[name.group(1)] = self._unicode_map(_stream(self.objects[int(cmap.group(1))]))
        self.fonts = maps
        pages = [body for body in self.objects.values() if re.search(rb"/Type /Page\b", body)]
        self.pages = [
            self._text(_stream(self.objects[int(re.search(rb"/Contents (\d+) 0 R", p).group(1))])) for p in pages
        ]

    @staticmethod
    def _unicode_map(cmap: bytes) -> dict[int, str]:
        return {
            int(code, 16): chr(int(char, 16))
            for code, char in re.findall(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4})>", cmap)
        }

    def _text(self, content: bytes) -> str:
        out, font = [], None
        for name, literal, hexa, breaks in _TOKEN.findall(content):
            if name:
                font = self.fonts.get(name)
            elif breaks:
                out.append("\n")
            else:
                raw = _literal(literal) if literal or not hexa else bytes.fromhex(hexa.decode())
                out.append("".join(font.get(b, "�") for b in raw) if font is not None else raw.decode("latin-1"))
        return "".join(out)

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def has(self, needle: str) -> bool:
        """Whether the text is printed, wherever its lines break."""
        return squeezed(needle) in squeezed(self.text)


def squeezed(text: str) -> str:
    return "".join(text.split())
