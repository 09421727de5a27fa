"""URLs of the DRF reference project: the tutorial's HelloView and obtain_auth_token."""
from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from hello.views import HelloView

urlpatterns = [
    path("api-hello", HelloView.as_view()),
    path("api-token-auth", obtain_auth_token),
]
