from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from safepath.accounts.authentication import token_expired
from safepath.accounts.selectors import user_needs_mfa_setup
from safepath.audit.models import Action
from safepath.audit.services import audit_record


class TokenInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=200, trim_whitespace=False)
    code = serializers.CharField(
        max_length=10,
        required=False,
        allow_blank=True,
        help_text="Current TOTP code, required when the user has two-factor authentication",
    )


class ObtainTokenApi(APIView):
    """Exchange a user name and password (and TOTP code, when set up) for an API token.

    The same lockout as the web log-in applies; tokens expire after SAFEPATH_API_TOKEN_HOURS.
    """

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenInput, responses=inline_serializer("Token", {"token": serializers.CharField()}))
    def post(self, request: Request) -> Response:
        ser = TokenInput(data=request.data)
        ser.is_valid(raise_exception=True)
        username = ser.validated_data["username"]
        user = authenticate(request._request, username=username, password=ser.validated_data["password"])
        if user is None or not user.is_active:
            return Response({"detail": "Wrong user name or password, or the account is locked."}, status=400)
        if user_needs_mfa_setup(user=user, required_roles=settings.SAFEPATH_MFA_REQUIRED_ROLES):
            return Response(
                {"detail": "Your role requires two-factor authentication: set it up in SafePath's web pages first."},
                status=400,
            )
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is not None:
            code = ser.validated_data.get("code") or ""
            if not code or not TOTP(totp).validate_code(code):
                # Counts towards the lockout like a wrong password (django-axes listens to this).
                user_login_failed.send(sender=__name__, credentials={"username": username}, request=request._request)
                return Response({"detail": "A valid two-factor code is required (field 'code')."}, status=400)
        token, created = Token.objects.get_or_create(user=user)
        if not created and token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        audit_record(actor=user, action=Action.LOGIN, detail={"token": True})
        return Response({"token": token.key})
