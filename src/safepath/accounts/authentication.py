from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_expired(token: Token) -> bool:
    return token.created < timezone.now() - timedelta(hours=settings.SAFEPATH_API_TOKEN_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token ...`, refused once the token is older than SAFEPATH_API_TOKEN_HOURS."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed("The token has expired: ask for a new one at /api/auth/token/.")
        return user, token
