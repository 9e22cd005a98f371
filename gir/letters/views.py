"""The letter library (coordinator) and the letters of a measure (DESIGN §2.3; 001 §8.1).
Templates are switched off, never deleted."""

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.params import parse_id, safe_next
from gir.perpetrators.constants import MANDATED_KINDS
from gir.perpetrators.policy import access_measure, can_manage_measures

from .forms import IssueForm, LetterTextForm, PreviewForm, TemplateForm, refuse
from .merge import MERGE_FIELDS, PRIVACY_NOTICE
from .models import Letter, LetterCopy, LetterTemplate, LetterText
from .policy import can_configure_letters
from .preview import draft_from_text, letter_draft, sample_context
from .selectors import END_TEMPLATE_CODES, letters_of, template_list
from .services import letter_copy_done, letter_issue, letter_text_save, measure_file_export, template_save

STALE_MESSAGE = gettext_lazy(
    "Deze brief is intussen gewijzigd, door iemand anders of in een ander tabblad. "
    "Uw wijziging is niet opgeslagen; wat u invulde staat hieronder nog. "
    "Open de nieuwste versie en voer uw wijziging daar opnieuw in."
)


END_LABELS = (
    gettext_lazy("Na het einde van een maatregel"),
    gettext_lazy("Na het intrekken van een maatregel"),
)


def measure_url(measure: Any) -> str:
    """The measure page, once the register's pages offer it; until then the letter page."""
    try:
        return reverse("perpetrators:measure", args=[measure.pk])
    except NoReverseMatch:
        return reverse("letters:issue", args=[measure.pk])


def _back(request: HttpRequest, measure: Any) -> HttpResponse:
    target = safe_next(request, request.POST.get("next"))
    if target:
        return HttpResponseRedirect(target)
    return redirect(measure_url(measure))


# --- The letter library -------------------------------------------------------------


@require_GET
def template_list_view(request: HttpRequest) -> HttpResponse:
    forbid_unless(can_configure_letters(request.user))
    end_labels = dict(zip(END_TEMPLATE_CODES.values(), END_LABELS, strict=True))
    rows = [
        (t, t.get_measure_kind_display() if t.measure_kind else end_labels.get(t.code, _("Elke maatregel")))
        for t in template_list()
    ]
    return render(request, "letters/template_list.html", {"rows": rows})


def _merge_fields() -> list[tuple[str, Any]]:
    return [(f"{{{{ {name} }}}}", label) for name, (label, _value) in MERGE_FIELDS.items()]


def _render_form(
    request: HttpRequest,
    form: TemplateForm,
    template: LetterTemplate | None,
    draft: Any = None,
    status: int | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "template": template,
        "stored_title": template.title if template else "",
        "merge_fields": _merge_fields(),
        "draft": draft,
    }
    if status is None:
        status = 400 if form.errors else 200
    return render(request, "letters/template_form.html", context, status=status)


def _template_page(request: HttpRequest, template: LetterTemplate | None) -> HttpResponse:
    form = TemplateForm(request.POST if request.method == "POST" else None, template=template)
    if request.method != "POST":
        return _render_form(request, form, template)

    def stale() -> HttpResponse:
        # Refused as bad input (400), with a link to the newest version on the page.
        form.stale = True
        form.add_error(None, STALE_MESSAGE)
        return _render_form(request, form, template, status=400)

    message = (
        _("De brief ‘%(title)s’ is opgeslagen.") if template else _("De brief ‘%(title)s’ is toegevoegd.")
    )
    return submit(
        request,
        form,
        lambda _data: template_save(
            actor=request.user,
            data=form.data_for_service(),
            template=form.template,
            version=form.expected_version() if form.template else None,
        ),
        done=lambda _saved: redirect("letters:templates"),
        page=lambda status: _render_form(request, form, template, status=status),
        success=lambda saved: message % {"title": saved.title},
        on_stale=stale,
    )


@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    forbid_unless(can_configure_letters(request.user))
    return _template_page(request, None)


@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    forbid_unless(can_configure_letters(request.user))
    return _template_page(request, get_object_or_404(LetterTemplate, pk=pk))


@require_POST
@vary_on_headers("HX-Request")
def template_preview(request: HttpRequest) -> HttpResponse:
    """The typed text filled in for a made-up person. With htmx only the preview is
    returned; without JavaScript the whole form comes back, with the preview and the input."""
    forbid_unless(can_configure_letters(request.user))
    preview = PreviewForm(request.POST)
    draft = None
    if preview.is_valid():
        context = sample_context(measure_kind=preview.cleaned_data["measure_kind"], signatory=None)
        draft = draft_from_text(
            subject=preview.cleaned_data["subject"], body=preview.cleaned_data["body"], context=context
        )
    if request.htmx:
        return render(request, "letters/template_form.html#preview", {"draft": draft, "preview": preview})
    pk = parse_id(request.POST.get("template_pk"))
    template = get_object_or_404(LetterTemplate, pk=pk) if pk else None
    form = TemplateForm(request.POST, template=template)
    form.is_valid()
    return _render_form(request, form, template, draft=draft)


@require_http_methods(["GET", "POST"])
def privacy_notice_edit(request: HttpRequest) -> HttpResponse:
    """The privacy notice that every letter carries through {{ privacyverklaring }}
    (AVG art. 13-14; issue 19 item 5): one text, edited here."""
    forbid_unless(can_configure_letters(request.user))
    notice = get_object_or_404(LetterText, code=PRIVACY_NOTICE)
    form = LetterTextForm(request.POST or None, initial={"text": notice.text, "version": notice.version})
    fields = [item for item in _merge_fields() if PRIVACY_NOTICE not in item[0]]

    def page(status: int) -> HttpResponse:
        context = {"form": form, "notice": notice, "merge_fields": fields}
        return render(request, "letters/privacy_notice_form.html", context, status=status)

    if request.method == "GET":
        return page(200)
    return submit(
        request,
        form,
        lambda data: letter_text_save(
            actor=request.user,  # type: ignore[arg-type]  # logged in: the policy checked
            letter_text=notice,
            text=data["text"],
            version=data["version"],
        ),
        done=lambda _saved: redirect("letters:templates"),
        page=page,
        success=_("De privacyverklaring is opgeslagen. Brieven die u vanaf nu maakt, krijgen deze tekst."),
    )


# --- Letters of a measure -----------------------------------------------------------


def _issue_page(request: HttpRequest, measure: Any, form: IssueForm, draft: Any = None) -> HttpResponse:
    context = {
        "measure": measure,
        "form": form,
        "draft": draft,
        "letters": letters_of(measure),
        "mandated": measure.kind in MANDATED_KINDS,
        "measure_url": measure_url(measure),
    }
    return render(request, "letters/letter_issue.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, measure_pk: int) -> HttpResponse:
    """Choose a template and a signatory, see the letter, then make it (PDF and Word)."""
    measure = access_measure(request.user, measure_pk)
    forbid_unless(can_manage_measures(request.user, measure.perpetrator))
    if request.method == "GET":
        return _issue_page(request, measure, IssueForm(measure=measure, user=request.user))
    form = IssueForm(request.POST, measure=measure, user=request.user)
    if not form.is_valid():
        return _issue_page(request, measure, form)
    data = form.cleaned_data
    if request.POST.get("action") != "issue" or not form.was_previewed():
        if request.POST.get("action") == "issue":
            messages.warning(request, _("U heeft iets veranderd. Bekijk de brief hieronder en maak hem dan."))
        draft = letter_draft(
            measure=measure,
            template=data["template"],
            signed_by=data["signed_by"],
            signatory_title=data["signatory_title"],
        )
        form = IssueForm(
            {
                **request.POST.dict(),
                "previewed": form.fingerprint(),
                "signatory_title": data["signatory_title"],
            },
            measure=measure,
            user=request.user,
        )
        form.is_valid()
        return _issue_page(request, measure, form, draft=draft)
    try:
        letter = letter_issue(
            actor=request.user,
            measure=measure,
            template=data["template"],
            signed_by=data["signed_by"],
            signatory_title=data["signatory_title"],
            delivery=data["delivery"],
            to_police=data["to_police"],
        )
    except ValidationError as error:
        refuse(form, error)
        return _issue_page(request, measure, form)
    messages.success(
        request,
        _(
            "De brief %(ref)s is gemaakt. Download hem als PDF of Word "
            "en houd bij waar de exemplaren heen gaan."
        )
        % {"ref": letter.reference},
    )
    return redirect(measure_url(measure))


def _download(request: HttpRequest, letter_pk: int, kind: str) -> FileResponse:
    letter = get_object_or_404(Letter.objects.only("pk", "measure_id"), pk=letter_pk)
    access_measure(request.user, letter.measure_id)
    letter = Letter.objects.get(pk=letter.pk)
    file, content_type, extension = (
        (letter.pdf, "application/pdf", "pdf")
        if kind == "pdf"
        else (
            letter.docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        )
    )
    handle = file.open("rb")  # first: a store that fails logs no download
    log_event(
        actor=request.user,
        action=AuditAction.LETTER_DOWNLOADED,
        target=letter.measure,
        detail=f"{letter.reference} ({kind})",
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{letter.reference}.{extension}",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def letter_pdf(request: HttpRequest, letter_pk: int) -> FileResponse:
    return _download(request, letter_pk, "pdf")


@require_GET
def letter_docx(request: HttpRequest, letter_pk: int) -> FileResponse:
    return _download(request, letter_pk, "docx")


@require_POST
def copy_done(request: HttpRequest, copy_pk: int) -> HttpResponse:
    """A copy has been handed over or sent; the person's copy makes the measure communicated."""
    copy = get_object_or_404(LetterCopy.objects.select_related("letter"), pk=copy_pk)
    measure = access_measure(request.user, copy.letter.measure_id)
    forbid_unless(can_manage_measures(request.user, measure.perpetrator))
    copy = letter_copy_done(actor=request.user, copy=copy)
    messages.success(
        request,
        _("Vastgelegd: %(ref)s, %(destination)s.")
        % {"ref": copy.letter.reference, "destination": copy.get_destination_display().lower()},
    )
    return _back(request, measure)


@require_GET
def measure_file(request: HttpRequest, measure_pk: int) -> FileResponse:
    """One click: the file an objection committee or the ombudsman needs (issue 19 item 6)."""
    measure = access_measure(request.user, measure_pk)
    forbid_unless(can_manage_measures(request.user, measure.perpetrator))
    pdf = measure_file_export(actor=request.user, measure=measure)
    response = FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"dossier-maatregel-GIR-{measure.pk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
