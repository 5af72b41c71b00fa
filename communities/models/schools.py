from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.base import TimeStampedModel
from communities.validators import CCT_FORMAT_MESSAGE, CCT_RE, validate_cct


class State(models.TextChoices):
    """Entidades federativas with the INEGI code that opens every CCT."""

    AGUASCALIENTES = "01", "Aguascalientes"
    BAJA_CALIFORNIA = "02", "Baja California"
    BAJA_CALIFORNIA_SUR = "03", "Baja California Sur"
    CAMPECHE = "04", "Campeche"
    COAHUILA = "05", "Coahuila de Zaragoza"
    COLIMA = "06", "Colima"
    CHIAPAS = "07", "Chiapas"
    CHIHUAHUA = "08", "Chihuahua"
    CIUDAD_DE_MEXICO = "09", "Ciudad de México"
    DURANGO = "10", "Durango"
    GUANAJUATO = "11", "Guanajuato"
    GUERRERO = "12", "Guerrero"
    HIDALGO = "13", "Hidalgo"
    JALISCO = "14", "Jalisco"
    MEXICO = "15", "México"
    MICHOACAN = "16", "Michoacán de Ocampo"
    MORELOS = "17", "Morelos"
    NAYARIT = "18", "Nayarit"
    NUEVO_LEON = "19", "Nuevo León"
    OAXACA = "20", "Oaxaca"
    PUEBLA = "21", "Puebla"
    QUERETARO = "22", "Querétaro"
    QUINTANA_ROO = "23", "Quintana Roo"
    SAN_LUIS_POTOSI = "24", "San Luis Potosí"
    SINALOA = "25", "Sinaloa"
    SONORA = "26", "Sonora"
    TABASCO = "27", "Tabasco"
    TAMAULIPAS = "28", "Tamaulipas"
    TLAXCALA = "29", "Tlaxcala"
    VERACRUZ = "30", "Veracruz de Ignacio de la Llave"
    YUCATAN = "31", "Yucatán"
    ZACATECAS = "32", "Zacatecas"


class Level(models.TextChoices):
    BASICA = "basica", _("Basic education")
    MEDIA_SUPERIOR = "media_superior", _("Upper secondary education")


class Shift(models.TextChoices):
    MATUTINO = "matutino", pgettext_lazy("school shift", "Morning")
    VESPERTINO = "vespertino", pgettext_lazy("school shift", "Afternoon")
    NOCTURNO = "nocturno", pgettext_lazy("school shift", "Night")
    DISCONTINUO = "discontinuo", pgettext_lazy("school shift", "Split")
    TIEMPO_COMPLETO = "tiempo_completo", pgettext_lazy("school shift", "Full time")


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of `value` among `choices` (the value itself if none has it).
    Django's get_FOO_display builds a dict of every choice on each call; for
    the 32 states, on a page of fifty schools, that cost more than the page."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class School(TimeStampedModel):
    """A plantel, identified by its CCT."""

    name = models.CharField(_("name"), max_length=200)
    cct = models.CharField(
        _("CCT"),
        max_length=10,
        unique=True,
        validators=[validate_cct],
        help_text=_("Clave de Centro de Trabajo, for example 14DES0001X."),
        error_messages={"unique": _("A school with this CCT is already registered.")},
    )
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    municipality = models.CharField(_("municipality"), max_length=120)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    shift = models.CharField(pgettext_lazy("school shift", "shift"), max_length=20, choices=Shift.choices)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="school_name_idx")]  # the admin's list, by name
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cct__regex=CCT_RE),
                name="school_cct_format",
                violation_error_message=CCT_FORMAT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=models.Q(cct__startswith=models.F("state")),
                name="school_cct_matches_state",
                violation_error_message=_("The CCT must begin with the code of the school's state."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cct})"

    def get_state_display(self) -> str:
        return choice_label(State, self.state)

    def get_level_display(self) -> str:
        return choice_label(Level, self.level)

    def get_shift_display(self) -> str:
        return choice_label(Shift, self.shift)

    def clean(self) -> None:
        super().clean()
        if self.state and len(self.cct) >= 2 and self.cct[:2].isdigit() and self.cct[:2] != self.state:
            raise ValidationError(
                {
                    "cct": _(
                        "This CCT begins with %(code)s, but the school is in %(state)s, whose code is %(state_code)s."
                    )
                    % {"code": self.cct[:2], "state": self.get_state_display(), "state_code": self.state}
                }
            )


class StaffMembership(TimeStampedModel):
    """Who works at which school, in which role. One person may hold several."""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        TEACHER = "teacher", _("Teacher")
        TUTOR = "tutor", _("Construye T tutor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("person"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("school"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        ordering = ["school__name", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role"],
                name="staff_membership_unique_role",
                violation_error_message=_("This person already has this role at this school."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.school.cct}"

    def get_role_display(self) -> str:
        return choice_label(self.Role, self.role)
