from django.urls import path

from . import views

app_name = "perpetrators"

urlpatterns = [
    path("<int:pk>/foto/", views.photo, name="photo"),
]
