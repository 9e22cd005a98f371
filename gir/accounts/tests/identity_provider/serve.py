"""Start the test identity provider: migrate its database, make its signing key, serve.
Run as `python -m gir.accounts.tests.identity_provider.serve` with IDP_PORT, IDP_DATABASE,
IDP_TEST_TOKEN (and IDP_NOW) in the environment; fixture.py does that."""

import os

import django
from django.core.management import call_command


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gir.accounts.tests.identity_provider.settings"
    django.setup()
    from django.conf import settings

    from oidc_provider.models import RSAKey

    call_command("migrate", verbosity=0, interactive=False)
    if not RSAKey.objects.exists():
        call_command("creatersakey", verbosity=0)
    call_command(
        "runserver",
        f"127.0.0.1:{settings.PORT}",
        use_reloader=False,
        use_threading=True,
        skip_checks=True,
        verbosity=0,
    )


if __name__ == "__main__":
    main()
