"""The health endpoints (gir.core.health): open to everyone, without data."""

from django.urls import path

from . import health

app_name = "core"
urlpatterns = [
    path("gezond/", health.alive, name="health_alive"),
    path("gereed/", health.ready, name="health_ready"),
]
