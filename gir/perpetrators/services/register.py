"""The perpetrator register: a person's record, the photo, links to incidents,
merging duplicates and logging every read (DESIGN §2.3; 001 §6.4).

Personal data never goes into the audit log itself (only field names), so that
removing a person after the retention period leaves nothing of them behind.
"""

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from PIL import Image, UnidentifiedImageError

from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core.exceptions import ConcurrentEditError
from gir.core.images import check_image_size
from gir.incidents.evidence import sniff_content_type
from gir.incidents.models import Incident
from gir.incidents.signals import incidents_changed_send
from gir.perpetrators.models import Measure, Perpetrator, PerpetratorIncident
from gir.perpetrators.search import search_text_of

PERSON_FIELDS = (
    "is_unknown",
    "full_name",
    "date_of_birth",
    "aliases",
    "description",
    "address",
    "online_accounts",
)
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def check_photo(upload: UploadedFile[bytes]) -> None:
    """A photo is an image by its content, whatever its name says. The size first: a file
    over the upload limit arrives without its content (gir.core.uploads)."""
    if upload.size and upload.size > 10 * 1024 * 1024:
        raise ValidationError({"photo": _("Een foto mag hoogstens 10 MB zijn.")})
    if sniff_content_type(upload) not in PHOTO_TYPES:
        raise ValidationError(
            {"photo": _("‘%(name)s’ is geen foto (JPEG, PNG, WebP of GIF).") % {"name": upload.name}}
        )
    try:
        check_image_size(upload)
        with Image.open(upload) as image:
            image.verify()
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(
            {"photo": _("‘%(name)s’ is beschadigd of geen foto.") % {"name": upload.name}}
        ) from error
    finally:
        upload.seek(0)


@transaction.atomic
def perpetrator_save(
    *,
    actor: User,
    data: dict[str, Any],
    perpetrator: Perpetrator | None = None,
    photo: UploadedFile[bytes] | None = None,
    version: int | None = None,
    incident: Incident | None = None,
) -> Perpetrator:
    """Create or update a person in the register; a new person can be linked to an incident at once."""
    creating = perpetrator is None
    if perpetrator is None:
        perpetrator = Perpetrator(created_by=actor if getattr(actor, "pk", None) else None)
    else:
        current = Perpetrator.objects.select_for_update().get(pk=perpetrator.pk)
        if version is not None and current.version != version:
            raise ConcurrentEditError
        if current.forgotten_at or current.merged_into_id:
            raise ValidationError(_("Deze persoon kan niet meer worden gewijzigd."))
    changed = [name for name in PERSON_FIELDS if name in data and getattr(perpetrator, name) != data[name]]
    for name in changed:
        setattr(perpetrator, name, data[name])
    if not perpetrator.is_unknown and not perpetrator.full_name.strip():
        raise ValidationError({"full_name": _("Vul de naam in, of kies ‘onbekende persoon’.")})
    if perpetrator.is_unknown and not perpetrator.description.strip():
        raise ValidationError(
            {"description": _("Beschrijf een onbekende persoon, zodat die te herkennen is.")}
        )
    if photo is not None:
        check_photo(photo)
        replaced = perpetrator.photo.name if perpetrator.photo else ""
        perpetrator.photo.save("photo", photo, save=False)
        if replaced:
            # The old photo goes once the new one is stored and the row points to it: a store
            # that fails on the way leaves the person with the photo they had.
            transaction.on_commit(partial(perpetrator.photo.storage.delete, replaced), robust=True)
        changed.append("photo")
    perpetrator.search_text = search_text_of(perpetrator.full_name, perpetrator.alias_list)
    perpetrator.full_clean(exclude=["photo"])
    if creating:
        perpetrator.save()
        log_event(actor=actor, action=AuditAction.CREATED, target=perpetrator)
    else:
        perpetrator.version += 1
        perpetrator.save()
        # Field names only: the audit log must not keep personal data (see module docstring).
        log_event(actor=actor, action=AuditAction.UPDATED, target=perpetrator, changes={"velden": changed})
    if incident is not None:
        perpetrator_link(actor=actor, perpetrator=perpetrator, incident=incident)
    return perpetrator


@transaction.atomic
def perpetrator_link(*, actor: User, perpetrator: Perpetrator, incident: Incident) -> PerpetratorIncident:
    link, created = PerpetratorIncident.objects.get_or_create(
        perpetrator=perpetrator, incident=incident, defaults={"linked_by": actor}
    )
    if created:
        # Whether this and the person's later incidents count as repeats (gir.reports.tallies).
        incidents_changed_send(Incident.objects.filter(perpetrator_links__perpetrator=perpetrator))
        detail = _("Melding %(incident)s") % {"incident": incident.pk}
        log_event(actor=actor, action=AuditAction.PERPETRATOR_LINKED, target=perpetrator, detail=detail)
        log_event(
            actor=actor,
            action=AuditAction.PERPETRATOR_LINKED,
            target=incident,
            detail=_("Veroorzaker #%(pk)s") % {"pk": perpetrator.pk},
        )
    return link


@transaction.atomic
def perpetrator_unlink(*, actor: User, perpetrator: Perpetrator, incident: Incident) -> None:
    if Measure.objects.filter(perpetrator=perpetrator, incidents=incident).exists():
        raise ValidationError(_("Er is een maatregel voor deze melding; de koppeling blijft."))
    incidents_changed_send(Incident.objects.filter(perpetrator_links__perpetrator=perpetrator))
    deleted, _rows = PerpetratorIncident.objects.filter(perpetrator=perpetrator, incident=incident).delete()
    if deleted:
        log_event(
            actor=actor,
            action=AuditAction.PERPETRATOR_UNLINKED,
            target=perpetrator,
            detail=_("Melding %(incident)s") % {"incident": incident.pk},
        )


def _erase_personal_data(perpetrator: Perpetrator) -> None:
    """Blank what identifies the person (the photo is the caller's: merge moves it, forget deletes it)."""
    for name in ("full_name", "aliases", "description", "address", "online_accounts", "search_text"):
        setattr(perpetrator, name, "")
    perpetrator.date_of_birth = None


def _lines(*texts: str) -> str:
    seen: list[str] = []
    for text in texts:
        for line in text.splitlines():
            if line.strip() and line.strip().lower() not in {s.lower() for s in seen}:
                seen.append(line.strip())
    return "\n".join(seen)


@transaction.atomic
def perpetrator_merge(*, actor: User, source: Perpetrator, target: Perpetrator) -> Perpetrator:
    """Merge a duplicate (source) into target: links, measures and what is known move
    to target; source stays as a pointer, so old references still resolve."""
    if source.pk == target.pk:
        raise ValidationError(_("Een persoon kan niet met zichzelf worden samengevoegd."))
    locked = {p.pk: p for p in Perpetrator.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id or target.merged_into_id or source.forgotten_at or target.forgotten_at:
        raise ValidationError(_("Een van beide personen is al samengevoegd of verwijderd."))
    incidents_changed_send(Incident.objects.filter(perpetrator_links__perpetrator__in=[source, target]))
    for link in PerpetratorIncident.objects.filter(perpetrator=source):
        PerpetratorIncident.objects.get_or_create(
            perpetrator=target, incident_id=link.incident_id, defaults={"linked_by": link.linked_by}
        )
    PerpetratorIncident.objects.filter(perpetrator=source).delete()
    moved_measures = Measure.objects.filter(perpetrator=source).update(perpetrator=target)
    names = [source.full_name] if source.full_name and source.full_name != target.full_name else []
    target.aliases = _lines(target.aliases, *names, source.aliases)
    target.online_accounts = _lines(target.online_accounts, source.online_accounts)
    target.is_unknown = target.is_unknown and source.is_unknown
    if target.is_unknown is False and not target.full_name:
        target.full_name = source.full_name
    for name in ("date_of_birth", "address"):
        if not getattr(target, name):
            setattr(target, name, getattr(source, name))
    target.description = _lines(target.description, source.description)
    if not target.photo and source.photo:
        target.photo, source.photo = source.photo, None
    target.search_text = search_text_of(target.full_name, target.alias_list)
    target.version += 1
    target.save()
    _erase_personal_data(source)
    source.merged_into = target
    source.version += 1
    source.save()
    detail = _("#%(source)s samengevoegd in #%(target)s (%(measures)s maatregelen verplaatst)") % {
        "source": source.pk,
        "target": target.pk,
        "measures": moved_measures,
    }
    log_event(actor=actor, action=AuditAction.PERPETRATORS_MERGED, target=target, detail=detail)
    log_event(actor=actor, action=AuditAction.PERPETRATORS_MERGED, target=source, detail=detail)
    return target


def perpetrator_read_log(*, actor: User, perpetrator: Perpetrator) -> None:
    """Every read of a register record is audit-logged (DESIGN §1)."""
    log_event(actor=actor, action=AuditAction.PERPETRATOR_READ, target=perpetrator)
