"""Beheer is Dutch (issue 17 item 6): every page of the admin site, as the administrator,
carries none of the English words Django's admin and its add-ons leave behind."""

import re

from django.contrib import admin
from django.urls import reverse

import pytest

from gir.accounts.constants import Role
from gir.accounts.services import role_grant_request

# Words of Django's admin (and django_tasks_db's) that show when a translation is missing.
ENGLISH = (
    "Search",
    "Select an option",
    "Task Results",
    "Task results",
    "Add another",
    "Save and",
    "Delete",
    "History",
    "Show all",
    "Select all",
    "Change ",
    "Recent actions",
    "Welcome",
    "Log out",
    "View site",
    "Documentation",
    "Yes",
    "No ",
    "Unknown",
    "None",
    "Today",
    "Home",
    "Action",
    "results",
    "selected",
    "Username",
    "Password",
    "Email address",
    "First name",
    "Last name",
    "Active",
    "Staff status",
    "Superuser",
    "Date joined",
    "Last login",
    "Permissions",
    "Priority",
    "Queue",
    "Enqueued",
    "Started",
    "Finished",
    "Backend",
    "Arguments",
    "Return value",
    "Exception",
    "Traceback",
    "Worker",
    "Run after",
    "Task path",
)


def visible_text(html: str) -> str:
    """The page's text and its attribute values a person reads (titles, placeholders,
    labels), without scripts, styles, tag names and URLs."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    readable = " ".join(re.findall(r'(?i)\b(?:title|placeholder|aria-label|value|alt)="([^"]*)"', html))
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return f"{text} {readable}"


def admin_pages(world) -> list[str]:
    urls = [reverse("admin:index")]
    for model in list(admin.site._registry):
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse(f"{base}_changelist"))
        urls.append(reverse(f"{base}_changelist") + "?q=zzz")  # a search that finds nothing
        urls.append(reverse(f"{base}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{base}_change", args=[first.pk]))
            urls.append(reverse(f"{base}_history", args=[first.pk]))
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
    return sorted(set(urls))


@pytest.fixture
def full_world(world, django_capture_on_commit_callbacks):
    """The world with a task result and a waiting request, so no list is empty."""
    from django.utils import timezone

    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="gir.access.tasks.notify_role_grant_requested",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        role_grant_request(actor=world.users["administrator"], user=world.users["employee"], role=Role.LEGAL)
    return world


def test_every_beheer_page_is_dutch(client, full_world):
    client.force_login(full_world.users["administrator"])
    found = []
    for url in admin_pages(full_world):
        response = client.get(url)
        if response.status_code == 403:  # a page the administrator may not open at all
            continue
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        found += [f"{url}: {word!r}" for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}", text)]
    assert not found, "\n".join(found)
