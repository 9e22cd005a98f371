"""Letter templates with merge fields, and the letters made from them (DESIGN §2.3, 001 §8.1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.models import TimestampedModel
from gir.perpetrators.constants import MeasureKind
from gir.perpetrators.models import Measure

from .constants import CopyDestination


class LetterTemplate(TimestampedModel):
    """A letter format the coordinator edits; its text holds merge fields like {{ naam }}."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("naam van de brief"), max_length=200)
    measure_kind = models.CharField(
        _("voor maatregel"),
        max_length=30,
        choices=MeasureKind.choices,
        blank=True,
        help_text=_("Leeg: bruikbaar bij elke maatregel."),
    )
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"), help_text=_("Alinea's scheiden met een lege regel."))
    is_active = models.BooleanField(_("in gebruik"), default=True)
    source = models.CharField(_("bron"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


def letter_upload_to(instance: "Letter", filename: str) -> str:
    return f"letters/{instance.reference}/{filename}"


class Letter(models.Model):
    """An issued letter: the text as it was sent, its signatory and its files."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="letters")
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    reference = models.CharField(_("kenmerk"), max_length=40, unique=True)
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ondertekend door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signatory_title = models.CharField(_("functie ondertekenaar"), max_length=200)
    issued_at = models.DateTimeField(_("opgemaakt op"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pdf = models.FileField(_("PDF"), upload_to=letter_upload_to, max_length=200)
    docx = models.FileField(_("Word-document"), upload_to=letter_upload_to, max_length=200)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"


class LetterCopy(models.Model):
    """One copy of a letter and where it goes; done when it has been handed over or sent."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="copies")
    destination = models.CharField(_("bestemming"), max_length=30, choices=CopyDestination.choices)
    done_at = models.DateTimeField(_("verzonden of overhandigd op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("exemplaar")
        verbose_name_plural = _("exemplaren")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "destination"], name="letter_copy_destination_unique")
        ]

    def __str__(self) -> str:
        return self.get_destination_display()


class LetterText(TimestampedModel):
    """A text every letter can carry through its merge field, edited by the coordinator in
    one place: the privacy notice ({{ privacyverklaring }}; AVG art. 13-14, issue 19 item 5)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("naam"), max_length=200)
    text = models.TextField(_("tekst"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("tekstblok")
        verbose_name_plural = _("tekstblokken")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
