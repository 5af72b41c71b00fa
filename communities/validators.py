"""The CCT (Clave de Centro de Trabajo), the SEP's 10-character school key."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Two-digit state code 01–32, three letters (funding and school type), four
# digits, one check letter: 14DES0001X.
CCT_RE = r"^(0[1-9]|[12][0-9]|3[0-2])[A-Z]{3}[0-9]{4}[A-Z]$"
_CCT = re.compile(CCT_RE)

CCT_FORMAT_MESSAGE = _(
    "The CCT must have 10 characters: the two-digit state code (01 to 32), three letters, "
    "four digits and a check letter, for example 14DES0001X."
)


def normalize_cct(value: str) -> str:
    return "".join(value.split()).upper()


def validate_cct(value: str) -> None:
    if not _CCT.fullmatch(value or ""):
        raise ValidationError(CCT_FORMAT_MESSAGE, code="invalid_cct")
