"""SafePath settings, read from the environment.

The embedded mode (SQLite, no Redis, local key ring under var/) is the default; production
(`safepath.config.settings.production`) tightens it. Every value that differs between machines
comes from an environment variable; see docs/configuration in the README.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

from safepath.config.env import BASE_DIR, PACKAGE_DIR, env

VAR_DIR = Path(env.str("SAFEPATH_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    # Local/demo only: a stable per-checkout secret kept under var/ (production requires SECRET_KEY).
    from safepath.config.localsecret import local_secret_key

    SECRET_KEY = local_secret_key(VAR_DIR)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "safepath.web.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    # SafePath, in dependency order: an app may import from the ones above it.
    "safepath.core",
    "safepath.places",
    "safepath.accounts",
    "safepath.audit",
    "safepath.security",
    "safepath.people",
    "safepath.cases",
    "safepath.screening",
    "safepath.plans",
    "safepath.notifications",
    "safepath.directory",
    "safepath.referrals",
    "safepath.shelters",
    "safepath.reintegration",
    "safepath.feedback",
    "safepath.recruiters",
    "safepath.jobcheck",
    "safepath.outreach",
    "safepath.portal",
    "safepath.reports",
    "safepath.web",
    "safepath.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safepath.core.middleware.RequestContextMiddleware",
    # Outside the session middleware: no response of the public portal ever sets a cookie.
    "safepath.portal.middleware.PublicPortalNoCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safepath.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "safepath.accounts.middleware.RequireMfaMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safepath.config.urls"
WSGI_APPLICATION = "safepath.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "safepath.web.context_processors.shell",
            ],
        },
    },
]

# Number of reverse proxies in front of SafePath that append to X-Forwarded-For (0: none). The
# access log and the log-in lockout then record the real client address.
SAFEPATH_TRUSTED_PROXIES = env.int("SAFEPATH_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "safepath.core.middleware.client_ip"

# --- Database ---------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'safepath.sqlite3'}"
DATABASES = {"default": env.db_url("DATABASE_URL", default=DEFAULT_SQLITE)}

# The cache: the public portal's page cache and rate limits, the API's throttles. By default each
# process keeps its own in memory; production shares one between the workers:
# CACHE_URL=redis://127.0.0.1:6379/1 (or dbcache://safepath_cache after `safepath createcachetable`).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Writers queue instead of failing with "database is locked"; WAL lets the web
            # process and a db_worker read while the other writes.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str("SQLITE_TEST_NAME", default="") or None
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The JIT spent 0.9-1.4 s compiling single indicator queries at 1M cases (make bench).
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "account_login"

# Idle timeout: the session ends after this many seconds without a request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads it from the page, not the cookie; kept default-compatible

# django-allauth: username login, no self sign-up, no social accounts, TOTP + recovery codes.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "safepath.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# django-axes is the one lockout mechanism (configurable, and administrators can unlock).
ACCOUNT_RATE_LIMITS = {"login_failed": None}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SafePath"
# Roles that must have TOTP before they can use SafePath (comma-separated role codes, or "all").
SAFEPATH_MFA_REQUIRED_ROLES = env.list("SAFEPATH_MFA_REQUIRED_ROLES", default=[])

# django-axes: lock a username after repeated failures, for a cool-off period.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "safepath.accounts.views.lockout"
AXES_USERNAME_CALLABLE = "safepath.accounts.axes.axes_username"
AXES_VERBOSE = False
# Masked in axes' stored request data. `next` and `q` may carry a search for a person's name
# (a log-in page reached from /persons/?q=...).
AXES_SENSITIVE_PARAMETERS = ["password", "login", "username", "code", "next", "q"]
AXES_DISABLE_ACCESS_LOG = True  # successful log-ins are in SafePath's own access log

# --- i18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["safepath.config.formats"]  # numbers grouped as Vietnamese write them
USE_TZ = True
LANGUAGE_COOKIE_NAME = "safepath_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the app folders when collectstatic has not run

# --- Security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

# --- Email ------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SafePath <safepath@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Encryption key ring (kept apart from SECRET_KEY) -----------------------------------------
# Either SAFEPATH_KEYRING (JSON) or SAFEPATH_KEYRING_FILE (a JSON file); see docs/privacy.md.
SAFEPATH_KEYRING = env.str("SAFEPATH_KEYRING", default="")
SAFEPATH_KEYRING_FILE = env.str("SAFEPATH_KEYRING_FILE", default=str(VAR_DIR / "keyring.json"))

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "safepath.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "safepath.core.api.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_RATES": {"token": "20/min"},
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "safepath.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SafePath API",
    "DESCRIPTION": "Case management for migrant protection and counter-trafficking in Viet Nam.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# API tokens expire this many hours after they were issued; ask for a new one with the password.
# Case attachments and mail intake
# Links in notification e-mails start with this address (e.g. https://safepath.example.vn).
SAFEPATH_SITE_URL = env.str("SAFEPATH_SITE_URL", default="")
# The public portal: help requests from a province without a centre go to this agency (its code).
SAFEPATH_PORTAL_DEFAULT_AGENCY = env.str("SAFEPATH_PORTAL_DEFAULT_AGENCY", default="HN-MRC")

# --- Reports (issue 7) -----------------------------------------------------------------------------
# Cells counting fewer people than this are hidden in every figure that leaves SafePath (CTDC: 10).
SAFEPATH_SUPPRESSION_THRESHOLD = env.int("SAFEPATH_SUPPRESSION_THRESHOLD", default=10)
# DHIS2 organisation units per agency code, e.g. "HN-MRC=Ab3dE5fG7hJ,LC-RC=Zx9..."; unset: derived UIDs.
SAFEPATH_DHIS2_ORG_UNITS = env.dict("SAFEPATH_DHIS2_ORG_UNITS", default={})
SAFEPATH_DHIS2_ROOT_ORG_UNIT = env.str("SAFEPATH_DHIS2_ROOT_ORG_UNIT", default="")
SAFEPATH_DHIS2_DATA_SET = env.str("SAFEPATH_DHIS2_DATA_SET", default="")
SAFEPATH_ATTACHMENT_MAX_BYTES = env.int("SAFEPATH_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = SAFEPATH_ATTACHMENT_MAX_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default: form fields, not files
SAFEPATH_SMTPD_HOST = env.str("SAFEPATH_SMTPD_HOST", default="127.0.0.1")
SAFEPATH_SMTPD_PORT = env.int("SAFEPATH_SMTPD_PORT", default=2525)
SAFEPATH_SMTPD_MAX_BYTES = env.int("SAFEPATH_SMTPD_MAX_BYTES", default=25 * 1024 * 1024)
SAFEPATH_SMTPD_SPOOL_DIR = env.str("SAFEPATH_SMTPD_SPOOL_DIR", default=str(VAR_DIR / "mail-spool"))
SAFEPATH_API_TOKEN_HOURS = env.int("SAFEPATH_API_TOKEN_HOURS", default=12)

# --- Tasks ------------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Audit ------------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Logging: never write query strings (they may carry a searched name) ----------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "safepath.core.logging.RedactQueryStringFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # aiosmtpd logs every envelope address at INFO; WeasyPrint logs each rendering step.
        "mail.log": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Screening instruments: the shipped files (safepath/screening/instruments/) plus any folders named
# here, e.g. a ministry's own version of an instrument. Every file is validated at start-up.
SAFEPATH_INSTRUMENT_DIRS = env.list("SAFEPATH_INSTRUMENT_DIRS", default=[])
