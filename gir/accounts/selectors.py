"""Reads of the organisation structure."""

from .models import OrganisationUnit


def unit_and_below(unit: OrganisationUnit) -> set[int]:
    """The unit and every unit under it, from one query over the (small) tree."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in OrganisationUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [unit.pk]
    while todo:
        pk = todo.pop()
        found.add(pk)
        todo.extend(children.get(pk, []))
    return found
