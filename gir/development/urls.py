from django.urls import path

from . import team_views, views

app_name = "development"
urlpatterns = [
    path("leren/", views.home, name="home"),
    path("leren/zelfscan/nieuw/", views.start, name="start"),
    path("leren/zelfscan/<int:pk>/", views.assessment, name="assessment"),
    path("leren/leerdoelen/", views.goals, name="goals"),
    path("leren/leerdoelen/<int:pk>/", views.goal_review, name="goal_review"),
    path("leren/teams/<int:pk>/", team_views.team, name="team"),
    path("leren/functiegroepen/", team_views.groups, name="groups"),
    path("leren/aanbod/", team_views.offers, name="offers"),
    path("leren/aanbod/nieuw/", team_views.offer_add, name="offer_add"),
    path("leren/aanbod/<int:pk>/", team_views.offer, name="offer"),
]
