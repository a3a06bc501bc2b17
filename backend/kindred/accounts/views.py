"""Account endpoints: a CSRF token, signing out, personal tokens. Registering, signing in and my
profile answer with the profile and its email choices, so they are kindred.lifecycle's."""

from __future__ import annotations

from django.contrib.auth import logout
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kindred.api.permissions import IsAuthenticatedWithScope

from . import schema, selectors, services
from .models import ApiToken
from .permissions import ManagesTokensWithSession, authenticated_user
from .serializers import ApiTokenInputSerializer, ApiTokenOutputSerializer


@schema.csrf
class CsrfView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})


@schema.logout
class LogoutView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.api_tokens
class ApiTokenListView(generics.ListAPIView):
    permission_classes = (ManagesTokensWithSession,)
    serializer_class = ApiTokenOutputSerializer

    def get_queryset(self) -> QuerySet[ApiToken]:
        return selectors.api_token_list(user=authenticated_user(self.request))


    def post(self, request: Request) -> Response:
        serializer = ApiTokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.api_token_create(user=authenticated_user(request), **serializer.validated_data)
        # The key is never stored, so it is added to the token's fields here, this once.
        created = {**ApiTokenOutputSerializer(token).data, "token": key}
        return Response(created, status=status.HTTP_201_CREATED)


@schema.api_token
class ApiTokenDetailView(APIView):
    permission_classes = (ManagesTokensWithSession,)

    def delete(self, request: Request, token_id: int) -> Response:
        services.api_token_revoke(user=authenticated_user(request), token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
