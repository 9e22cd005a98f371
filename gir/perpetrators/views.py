from django.http import FileResponse, HttpRequest

from gir.access.policy import access_perpetrator_photo
from gir.incidents.evidence import sniff_content_type


def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A person's photo, for who may read the person or (for a measure in force) reception."""
    perpetrator = access_perpetrator_photo(request.user, pk)
    handle = perpetrator.photo.open("rb")
    response = FileResponse(handle, content_type=sniff_content_type(handle))
    response["Cache-Control"] = "private, no-store"
    return response
