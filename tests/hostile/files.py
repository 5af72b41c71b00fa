"""Hostile files, built in memory: polyglots, a script in an SVG, HTML under a
PDF's name, archives that expand past a gigabyte from about a megabyte, and
the raw multipart body that carries them under any file name (the test
client would strip a name's folders before sending it; a browser or a script
need not)."""

import functools
import struct
import zlib
from dataclasses import dataclass

GIGABYTE = 1 << 30
SCRIPT = b"<script>alert(document.cookie)</script>"

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _deflated(prefix: bytes, chunk: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """(raw deflate of prefix + chunk × times + suffix, its CRC-32, its size),
    without compressing `times` chunks: after a full flush the compressed
    chunk needs nothing before it, so its bytes are repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush()
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return head + body * times + tail, crc, len(prefix) + len(chunk) * times + len(suffix)


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP archive of already deflated members: (name, data, crc, size)."""
    local, central = b"", b""
    for name, data, crc, size in members:
        encoded = name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
            len(local),
        ) + encoded  # fmt: skip
        local += header + encoded + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0)
    return local + central + end


def _member(name: str, content: bytes) -> tuple[str, bytes, int, int]:
    return (name, *_deflated(content, b"", 0, b""))


@functools.cache
def xlsx_bomb() -> bytes:
    """A workbook of about a megabyte whose sheet expands to 1.1 GB."""
    sheet = _deflated(
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>",
        b" " * (1 << 20),
        1100,
        b"</sheetData></worksheet>",
    )
    return _zip([_member("[Content_Types].xml", CONTENT_TYPES), ("xl/worksheets/sheet1.xml", *sheet)])


@functools.cache
def odt_bomb() -> bytes:
    """An OpenDocument whose `mimetype`, which its kind is read from, expands to 1.1 GB."""
    mimetype = _deflated(b"application/vnd.oasis.opendocument.text", b" " * (1 << 20), 1100, b"")
    return _zip([("mimetype", *mimetype), _member("content.xml", b"<office:document-content/>")])


@functools.cache
def docx_bomb() -> bytes:
    return _zip(
        [
            _member("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", *_deflated(b"<w:document>", b" " * (1 << 20), 1100, b"</w:document>")),
        ]
    )


def xlsx_laughs() -> bytes:
    """A sheet whose XML entities expand a billion times."""
    entities = b'<!ENTITY a0 "lol">' + b"".join(
        b'<!ENTITY a%d "%s">' % (n, b"&a%d;" % (n - 1) * 10) for n in range(1, 10)
    )
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [' + entities + b"]>"
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>'
    )
    return _zip([_member("[Content_Types].xml", CONTENT_TYPES), _member("xl/worksheets/sheet1.xml", sheet)])


def pdf_that_is_a_zip() -> bytes:
    """Read as a PDF from its start, as a ZIP from its end (with an HTML page inside)."""
    return PDF + _zip([_member("index.html", b"<html>" + SCRIPT + b"</html>")])


# Contents by name; any of them may come under any file name.
CONTENTS = {
    "pdf": PDF,
    "gif+html": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + b"<html>" + SCRIPT + b"</html>",
    "jpeg+html": JPEG + b"<html><body>" + SCRIPT + b"</body></html>",
    "png+js": PNG + b"*/=1;alert(1)//",
    "pdf+zip": None,  # built when asked
    "svg+script": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' + SCRIPT + b"</svg>",
    "html": b"<!doctype html><html><body>" + SCRIPT + b"</body></html>",
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48,
    "empty": b"",
    "nul": b"\x00" * 64,
    "csv": b"nombre,correo,rol\nNadia Nueva,nadia@escuela.test,docente\n",
    "csv+markup": b"nombre,correo,rol\n\"<img src=x onerror=alert(1)>\",x@escuela.test,docente\n=cmd|'/C calc'!A0,,\n",
    "csv+invalid utf-8": b"nombre,correo\n\xff\xfe\xed\xa0\x80,\xc0\xaf@x.test\n",
    "xlsx bomb": None,
    "odt bomb": None,
    "docx bomb": None,
    "xlsx laughs": None,
}
_BUILT = {
    "pdf+zip": pdf_that_is_a_zip,
    "xlsx bomb": xlsx_bomb,
    "odt bomb": odt_bomb,
    "docx bomb": docx_bomb,
    "xlsx laughs": xlsx_laughs,
}


def content(kind: str) -> bytes:
    return CONTENTS[kind] if CONTENTS[kind] is not None else _BUILT[kind]()


@dataclass(frozen=True)
class Upload:
    field: str
    name: str
    kind: str
    content_type: str

    def describe(self) -> str:
        return f"{self.kind} as {self.name[:120]!r} ({self.content_type})"


def multipart(fields: dict, uploads: list[Upload], boundary: str = "hostileBoundary7MA4YWxk") -> tuple[bytes, str]:
    """A form body as a browser builds it, the file names sent as they are."""
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + str(item).encode()
            )
    for upload in uploads:
        filename = upload.name.replace('"', "%22").encode("utf-8", "surrogateescape")
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{upload.field}"; filename="'.encode()
            + filename
            + f'"\r\nContent-Type: {upload.content_type}\r\n\r\n'.encode()
            + content(upload.kind)
        )
    body = b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
