from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gir.core.urls")),
    path("", include("gir.home.urls")),
    path("", include("gir.accounts.urls")),
    path("", include("gir.twofactor.urls")),
    path("inloggen/passkey/", include("gir.twofactor.webauthn_urls")),
    path("", include("gir.access.lockout_urls")),
    path("meldingen/", include("gir.protocol.incident_urls")),
    path("", include("gir.protocol.urls")),
    path("veroorzakers/", include("gir.perpetrators.urls")),
    path("receptie/", include("gir.perpetrators.reception_urls")),
    path("brieven/", include("gir.letters.urls")),
    path("", include("gir.police.urls")),
    path("", include("gir.damage.urls")),
    path("", include("gir.aftercare.urls")),
    path("", include("gir.reports.urls")),
    path("", include("gir.imports.urls")),
    path("", include("gir.learning.urls")),
    path("", include("gir.development.urls")),
    path("", include("gir.duties.urls")),
    path("", include("gir.access.urls")),
    path("privacy/", include("gir.privacy.urls")),
    path("beheer/", admin.site.urls),
]
