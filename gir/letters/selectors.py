"""Reads of letters and letter templates."""

from django.db.models import Prefetch, QuerySet

from .models import Letter, LetterCopy


def letters_of(measure) -> QuerySet[Letter]:
    """A measure's letters, newest first, with their copies and people."""
    return (
        Letter.objects.filter(measure=measure)
        .select_related("template", "signed_by", "issued_by")
        .prefetch_related(
            Prefetch("copies", queryset=LetterCopy.objects.select_related("done_by").order_by("pk"))
        )
    )
