"""Evidence files: checked by their content, not only by their name, stored
under generated names outside the web root, and served only through views that
check who is asking."""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    content_type: str


KINDS = {
    "pdf": FileKind((".pdf",), "application/pdf"),
    "png": FileKind((".png",), "image/png"),
    "jpeg": FileKind((".jpg", ".jpeg"), "image/jpeg"),
    "webp": FileKind((".webp",), "image/webp"),
    "doc": FileKind((".doc", ".xls", ".ppt"), "application/octet-stream"),
    "docx": FileKind((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": FileKind((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": FileKind((".pptx",), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "odt": FileKind((".odt",), "application/vnd.oasis.opendocument.text"),
    "ods": FileKind((".ods",), "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": FileKind((".odp",), "application/vnd.oasis.opendocument.presentation"),
}
ALLOWED_EXTENSIONS = sorted({ext for kind in KINDS.values() for ext in kind.extensions})

_OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_LONGEST_ODF_TYPE = max(map(len, _ODF_TYPES))


def _sniff_zip(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                # A few bytes say the kind: reading the whole member would
                # expand an archive bomb in memory.
                with archive.open("mimetype") as mimetype:
                    return _ODF_TYPES.get(mimetype.read(_LONGEST_ODF_TYPE + 64).strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def sniff_kind(upload) -> str | None:
    """The kind of file its first bytes say it is, or None if not one we accept."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return "webp"
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return "doc"
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(upload)
        return None
    finally:
        upload.seek(0)


def validate_evidence_file(upload) -> None:
    # Files already stored were checked when they arrived.
    if not isinstance(upload, UploadedFile) and getattr(upload, "_committed", True):
        return
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file weighs %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="file_too_large",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of this kind are not accepted. Upload a PDF, an image (PNG, JPG, WebP) or an office document."),
            code="file_type",
        )
    kind = sniff_kind(upload)
    if kind is None or extension not in KINDS[kind].extensions:
        raise ValidationError(
            _("The content of this file does not match its name (%(extension)s). Upload the original document."),
            code="file_disguised",
            params={"extension": extension},
        )


def _generated_name(folder: str, filename: str) -> str:
    # Nothing the uploader typed reaches the file system but the extension,
    # which validation already matched against the content.
    extension = PurePath(filename).suffix.lower()
    today = timezone.localdate()
    return f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}{extension}"


def evidence_upload_to(instance, filename: str) -> str:
    return _generated_name("evidence", filename)


def practice_upload_to(instance, filename: str) -> str:
    return _generated_name("practices", filename)


def download_response(field_file, original_name: str) -> FileResponse:
    """Serve a stored file as a download, never rendered inline by the browser."""
    extension = PurePath(field_file.name).suffix.lower()
    content_type = next(
        (kind.content_type for kind in KINDS.values() if extension in kind.extensions), "application/octet-stream"
    )
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=original_name or PurePath(field_file.name).name
    )
    response["Content-Type"] = content_type
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
