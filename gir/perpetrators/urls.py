
app_name = "perpetrators"

urlpatterns: list = []
