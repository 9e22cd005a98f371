"""A letter as a PDF (WeasyPrint, from an HTML template) and as an editable Word document."""

import io
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

import docx
from docx.shared import Pt
from weasyprint import HTML

from .models import Letter


def paragraphs(text: str) -> list[list[str]]:
    """Blank lines separate paragraphs; single line breaks stay within one."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block.split("\n") for block in blocks if block.strip()]


def blocks(text: str) -> list[dict[str, Any]]:
    """Paragraphs, where a first line that asks a question ("Wat betekent het
    toegangsverbod?") and has text under it becomes the paragraph's heading."""
    result = []
    for lines in paragraphs(text):
        heading = lines[0] if len(lines) > 1 and lines[0].rstrip().endswith("?") else ""
        result.append({"heading": heading, "lines": lines[1:] if heading else lines})
    return result


def letter_parts(letter: Letter) -> dict[str, Any]:
    return {
        "organisation": settings.GIR_ORGANISATION_NAME,
        "organisation_address": settings.GIR_ORGANISATION_ADDRESS.replace("\\n", "\n").split("\n"),
        "recipient": [letter.measure.perpetrator.full_name, *letter.measure.perpetrator.address.splitlines()],
        "date": timezone.localtime(letter.issued_at).strftime("%d-%m-%Y"),
        "reference": letter.reference,
        "subject": letter.subject,
        "paragraphs": paragraphs(letter.body),
        "blocks": blocks(letter.body),
        "signatory": letter.signed_by.get_full_name() or letter.signed_by.username,
        "signatory_title": letter.signatory_title,
    }


def render_pdf(letter: Letter) -> bytes:
    html = render_to_string("letters/letter_pdf.html", letter_parts(letter))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def render_docx(letter: Letter) -> bytes:
    parts = letter_parts(letter)
    document = docx.Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    heading = document.add_paragraph()
    heading.add_run(parts["organisation"]).bold = True
    for line in parts["organisation_address"]:
        document.add_paragraph(line)
    document.add_paragraph()
    for line in parts["recipient"]:
        document.add_paragraph(line)
    document.add_paragraph()
    document.add_paragraph(f"Datum: {parts['date']}")
    document.add_paragraph(f"Ons kenmerk: {parts['reference']}")
    subject = document.add_paragraph()
    subject.add_run(f"Onderwerp: {parts['subject']}").bold = True
    for block in parts["blocks"]:
        paragraph = document.add_paragraph()
        if block["heading"]:
            question = paragraph.add_run(block["heading"])
            question.bold = True
            question.add_break()
        for index, line in enumerate(block["lines"]):
            run = paragraph.add_run(line)
            if index < len(block["lines"]) - 1:
                run.add_break()
    document.add_paragraph("Hoogachtend,")
    document.add_paragraph()
    document.add_paragraph(parts["signatory"])
    document.add_paragraph(parts["signatory_title"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
