from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.community import Community
from communities.models.goals import Skill
from communities.models.schools import Level, School
from communities.uploads import practice_upload_to, validate_evidence_file


class Scope(models.TextChoices):
    COMMUNITY = "community", pgettext_lazy("sharing", "My CAS")
    SCHOOL = "school", pgettext_lazy("sharing", "My school")
    ALL_SCHOOLS = "all", pgettext_lazy("sharing", "All schools")


class Practice(models.Model):
    """A good practice, didactic sequence or project with a socio-emotional focus,
    for the bank of practices ("bancos de buenas prácticas")."""

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        SEQUENCE = "sequence", _("Didactic sequence")
        PROJECT = "project", _("Project")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRACTICE)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    grade = models.CharField(_("grade or semester"), max_length=60, blank=True)
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    skills = models.ManyToManyField(Skill, related_name="practices", blank=True, verbose_name=_("Construye T skills"))
    duration = models.CharField(_("duration"), max_length=100, blank=True)
    steps = models.TextField(_("steps"), max_length=10000, help_text=_("You can use Markdown."))
    steps_html = models.TextField(editable=False, blank=True)
    materials = models.TextField(_("materials"), max_length=2000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practices", verbose_name=_("author")
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="practices", verbose_name=_("school"))
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("community"),
    )
    scope = models.CharField(_("shared with"), max_length=10, choices=Scope.choices, default=Scope.SCHOOL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("bank of practices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="practice_newest_idx")]  # the bank's pages
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope=Scope.COMMUNITY) | Q(community__isnull=False),
                name="community_practice_names_its_cas",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PracticeFile(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="files", verbose_name=_("practice"))
    file = models.FileField(
        _("file"), upload_to=practice_upload_to, max_length=255, validators=[validate_evidence_file]
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class PracticeUse(models.Model):
    """Someone used the practice in their class ("la usé")."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("use of a practice")
        verbose_name_plural = _("uses of practices")
        constraints = [models.UniqueConstraint(fields=["practice", "user"], name="one_use_mark_per_person")]

    def __str__(self) -> str:
        return f"{self.user} ✔ {self.practice}"


class PracticeFeedback(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback on a practice")
        verbose_name_plural = _("feedback on practices")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"
