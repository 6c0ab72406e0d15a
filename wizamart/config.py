"""Settings from the environment (WIZAMART_*), one typed class.

pydantic-settings gives us typed parsing and one place to read the environment;
`Settings.to_flask()` turns it into Flask config keys.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


class Settings(BaseSettings):
    """Every setting the framework reads. Modules have their own (env prefix `<CODE>_`)."""

    model_config = SettingsConfigDict(env_prefix="WIZAMART_", extra="ignore")

    env: str = Field("development", description="development | production | testing")
    database_url: str = Field(
        f"sqlite:///{INSTANCE_DIR / 'wizamart.sqlite3'}",
        description="SQLAlchemy URL; SQLite file in instance/ by default.",
    )
    # Optimistic disconnect handling (docs/performance.md, "Database connections"):
    # no `SELECT 1` before each checkout unless asked for; connections are replaced
    # after db_pool_recycle seconds, before servers or firewalls drop idle ones.
    db_pre_ping: bool = Field(False, description="Ping each pooled connection on checkout.")
    db_pool_recycle: int = Field(1800, description="Replace pooled connections this old (s).")
    redis_url: str | None = Field(None, description="Redis for jobs, rate limits, stamps.")
    redis_prefix: str = Field("wizamart", description="Prefix of every Redis key we write.")
    secret_key: str | None = None
    session_cookie_secure: bool = False
    modules_dir: Path = PROJECT_ROOT / "modules"
    # More module folders (test fixture sets, generated benchmark sets, site-local modules).
    # Given as folders separated by the OS path separator (`a:b`), or as a JSON list.
    extra_modules_dirs: Annotated[list[Path], NoDecode] = []
    default_language: str = "en"
    languages: list[str] = ["en", "fr", "de", "lb"]
    login_rate_limit: str = "5 per minute"
    login_ip_rate_limit: str = "30 per minute"
    log_format: str = Field("auto", description="auto (JSON in production) | json | text")
    # Bearer token for /metrics; without one, /metrics answers loopback callers only.
    metrics_token: str | None = None
    sentry_dsn: str | None = Field(None, description="Sentry DSN; needs the `sentry` extra.")
    # Uploaded files (wizamart/media.py): kept under media_root, served at media_url.
    media_root: Path = INSTANCE_DIR / "media"
    media_url: str = Field("/media/", description="URL prefix of uploaded files.")
    media_max_bytes: int = Field(10 * 1024 * 1024, description="Largest upload (bytes).")
    media_max_pixels: int = Field(40_000_000, description="Largest image (width x height).")
    # Anonymous storefront pages: how long a shared cache may serve them (wizamart/httpcache.py).
    storefront_max_age: int = Field(
        60, ge=0, description="s-maxage (s) of shop pages: how long shared caches keep them."
    )
    api_max_body: int = Field(1024 * 1024, gt=0, description="Largest API request body (bytes).")
    # E-mail (wizamart/mail.py). Without a host, mails go to the log and to mail_dir.
    mail_host: str | None = Field(None, description="SMTP server; unset: log and .eml files.")
    mail_port: int = Field(587, gt=0, lt=65536, description="SMTP port.")
    mail_username: str | None = Field(None, description="SMTP user (no sign-in when unset).")
    mail_password: str | None = Field(None, description="SMTP password.")
    mail_security: Literal["starttls", "ssl", "none"] = Field(
        "starttls", description="starttls (port 587), ssl (port 465) or none (local relay)."
    )
    mail_from: str = Field("Wizamart <noreply@localhost>", description="From: of every mail.")
    mail_timeout: int = Field(10, gt=0, description="Seconds to wait for the SMTP server.")
    mail_dir: Path = Field(INSTANCE_DIR / "mail", description="Where unsent mails are written.")
    # Links in mails: https://<the platform's first domain>[:port]/...
    public_scheme: Literal["https", "http"] = Field("https", description="Scheme of mail links.")
    public_port: int | None = Field(None, gt=0, lt=65536, description="Port of mail links.")

    @field_validator("extra_modules_dirs", mode="before")
    @classmethod
    def split_folders(cls, value):
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(os.pathsep) if part.strip()]
        return value

    @property
    def modules_dirs(self) -> list[Path]:
        """Every folder modules are discovered in: modules_dir, then the extra ones."""
        return [Path(self.modules_dir), *map(Path, self.extra_modules_dirs)]

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    def resolve_secret_key(self) -> str:
        """The configured key; in development a key generated once into instance/.

        Production refuses to start without one: a generated key would differ per
        worker and log everyone out on each restart.
        """
        if self.secret_key:
            return self.secret_key
        if self.is_production:
            raise RuntimeError(
                "WIZAMART_SECRET_KEY is not set: production refuses to start without one."
            )
        INSTANCE_DIR.mkdir(exist_ok=True)
        key_file = INSTANCE_DIR / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
        return key_file.read_text().strip()

    def to_flask(self) -> dict:
        engine_options = {"pool_pre_ping": self.db_pre_ping, "pool_recycle": self.db_pool_recycle}
        return {
            "WIZAMART_SETTINGS": self,
            "SECRET_KEY": self.resolve_secret_key(),
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "REDIS_URL": self.redis_url,
            "REDIS_PREFIX": self.redis_prefix,
            # Framework paths that need no platform (probes); /static/ never does.
            "UNTENANTED_PATHS": set(),
            "MODULES_DIR": Path(self.modules_dir),
            "MODULES_DIRS": self.modules_dirs,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.session_cookie_secure,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "REMEMBER_COOKIE_SAMESITE": "Lax",
            "REMEMBER_COOKIE_SECURE": self.session_cookie_secure,
            "WTF_CSRF_HEADERS": ["X-CSRFToken"],
            "WTF_CSRF_TIME_LIMIT": None,
            "BABEL_DEFAULT_LOCALE": self.default_language,
            "LANGUAGES": list(self.languages),
            "LOGIN_RATE_LIMIT": self.login_rate_limit,
            "LOGIN_IP_RATE_LIMIT": self.login_ip_rate_limit,
            "MEDIA_ROOT": Path(self.media_root),
            "MEDIA_URL": self.media_url,
            "MEDIA_MAX_BYTES": self.media_max_bytes,
            "MEDIA_MAX_PIXELS": self.media_max_pixels,
            "STOREFRONT_MAX_AGE": self.storefront_max_age,
            "API_MAX_BODY": self.api_max_body,
            "MAIL_HOST": self.mail_host,
            "MAIL_PORT": self.mail_port,
            "MAIL_USERNAME": self.mail_username,
            "MAIL_PASSWORD": self.mail_password,
            "MAIL_SECURITY": self.mail_security,
            "MAIL_FROM": self.mail_from,
            "MAIL_TIMEOUT": self.mail_timeout,
            "MAIL_DIR": Path(self.mail_dir),
            "PUBLIC_SCHEME": self.public_scheme,
            "PUBLIC_PORT": self.public_port,
        }


class ConfigError(RuntimeError):
    """A setting in the environment that cannot be read; the message says which and why."""


def load_settings(**fields) -> Settings:
    """Settings from the environment (and `fields`), or ConfigError with a message fit to
    print: `WIZAMART_X: <why>` per bad value, never pydantic's traceback."""
    try:
        return Settings(**fields)
    except ValidationError as exc:
        lines = [
            f"WIZAMART_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        ]
        raise ConfigError("Configuration error:\n  " + "\n  ".join(lines)) from None
    except (SettingsError, ValueError) as exc:
        cause = exc.__cause__ or exc
        raise ConfigError(f"Configuration error: {exc} ({cause})") from None
