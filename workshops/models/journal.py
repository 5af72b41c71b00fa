from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkSpace(models.TextChoices):
    """The four work spaces of the SEP workshop «Ser y hacer en comunidad de
    aprendizaje», in their order. The names are the workshop's own and stay in
    Spanish in every language."""

    HUELLA_COLECTIVA = "huella-colectiva", "Huella colectiva"
    PRACTICA_BAJO_LA_LUPA = "practica-bajo-la-lupa", "La práctica docente bajo la lupa"
    CONSTRUYENDO_EN_COLECTIVO = "construyendo-en-colectivo", "Construyendo en colectivo"
    CALIGRAMA = "caligrama", "Caligrama de la comunidad"


class EntryWorkSpace(models.Model):
    """The work space a journal entry belongs to. The workshop keeps the link on
    its side: the core's journal does not know the workshop."""

    reflection = models.OneToOneField(
        "communities.Reflection",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("journal entry"),
    )
    workspace = models.SlugField(_("workshop work space"), max_length=40, choices=WorkSpace.choices)

    class Meta:
        verbose_name = _("journal entry of a work space")
        verbose_name_plural = _("journal entries of the work spaces")
        indexes = [models.Index(fields=["workspace"], name="entry_workspace_idx")]

    def __str__(self) -> str:
        return f"{self.get_workspace_display()} · {self.reflection_id}"


class PromptWorkSpace(models.Model):
    """A journal prompt that belongs to a work space: offered on the journal page
    with the workshop, and an entry started from it belongs to that space."""

    prompt = models.OneToOneField(
        "communities.ReflectionPrompt",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("prompt"),
    )
    workspace = models.SlugField(_("workshop work space"), max_length=40, choices=WorkSpace.choices)

    class Meta:
        verbose_name = _("prompt of a work space")
        verbose_name_plural = _("prompts of the work spaces")

    def __str__(self) -> str:
        return self.get_workspace_display()
