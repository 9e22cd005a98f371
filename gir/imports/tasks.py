"""Background work of the import: the import itself, in one transaction (issue 7 item 4)."""

from django.tasks import task


@task
def run_import(batch_id: int) -> str:
    """Import every row of a checked batch, or none of them."""
    from .services import batch_import_run

    return batch_import_run(batch_id)
