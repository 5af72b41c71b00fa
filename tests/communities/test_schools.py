import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from communities.models import School
from communities.models.schools import Level, Shift, State
from communities.validators import normalize_cct, validate_cct


@pytest.mark.parametrize("cct", ["14DES0001X", "01DPR0001A", "32EJN1234Z", "09DCT0038K"])
def test_cct_validator_accepts_official_keys(cct):
    validate_cct(cct)


@pytest.mark.parametrize(
    "cct",
    [
        "",
        "14DES0001",  # nine characters
        "14DES00011X",  # eleven
        "00DES0001X",  # no state 00
        "33DES0001X",  # no state 33
        "14D3S0001X",  # digit among the letters
        "14DES00A1X",  # letter among the digits
        "14DES00011",  # digit as check letter
        "14des0001x",  # not normalised
        "14-DES-0001",
    ],
)
def test_cct_validator_rejects_malformed_keys_in_spanish(cct):
    with pytest.raises(ValidationError) as excinfo:
        validate_cct(cct)
    assert "La CCT debe tener 10 caracteres" in excinfo.value.messages[0]


def test_cct_is_normalised_before_validation():
    assert normalize_cct(" 14des 0001x ") == "14DES0001X"


def _school(**overrides):
    fields = {
        "name": "Escuela Primaria Miguel Hidalgo",
        "cct": "14DPR0001X",
        "state": State.JALISCO,
        "municipality": "Tlaquepaque",
        "level": Level.BASICA,
        "shift": Shift.MATUTINO,
    }
    return School(**(fields | overrides))


@pytest.mark.django_db
def test_school_clean_rejects_cct_from_another_state():
    school = _school(cct="20DPR0001X", state=State.JALISCO)
    with pytest.raises(ValidationError) as excinfo:
        school.full_clean()
    assert excinfo.value.message_dict["cct"] == [
        "Esta CCT empieza con 20, pero la escuela está en Jalisco, cuya clave es 14."
    ]


@pytest.mark.django_db
def test_database_refuses_malformed_cct_even_without_validation():
    with pytest.raises(IntegrityError):
        _school(cct="14DPR001XX").save()


@pytest.mark.django_db
def test_database_refuses_cct_that_does_not_match_the_state():
    with pytest.raises(IntegrityError):
        _school(cct="20DPR0001X", state=State.JALISCO).save()


@pytest.mark.django_db
def test_duplicate_cct_gets_a_spanish_message():
    _school().save()
    with pytest.raises(ValidationError) as excinfo:
        _school(name="Otra").full_clean()
    assert excinfo.value.message_dict["cct"] == ["Ya hay una escuela registrada con esta CCT."]
