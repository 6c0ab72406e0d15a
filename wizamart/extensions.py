"""Extensions are created here and initialised in create_app (the microblog pattern)."""

from functools import cached_property

from flask import current_app
from flask_babel import Babel, Domain, _get_current_context
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic batch mode on SQLite can alter them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AppDomain(Domain):
    """Translations cached per app, not per process.

    flask-babel keeps one cache on its (module-level) Babel object; several apps in
    one process (tests, benchmarks) with different module sets would share merged
    catalogs. Ours lives in app.extensions.
    """

    def get_translations_cache(self, ctx):
        return current_app.extensions.setdefault("wizamart.translations_cache", {})

    def get_translations(self):
        """The request's catalog, looked up once per request and locale.

        flask-babel looks it up on every gettext (a page makes dozens): the app's cache,
        the locale and its identifier string each time. The memo lives on flask-babel's
        per-request namespace and holds only while the locale object is the same one, so
        `flask_babel.refresh()` and `force_locale()` (which replace it) are honoured.
        """
        ctx = _get_current_context()
        if ctx is None:
            return super().get_translations()
        memo = getattr(ctx, "wizamart_translations", None)
        if memo is not None and memo[0] is getattr(ctx, "babel_locale", None):
            return memo[1]
        translations = super().get_translations()
        ctx.wizamart_translations = (getattr(ctx, "babel_locale", None), translations)
        return translations


class AppBabel(Babel):
    @cached_property
    def domain_instance(self):
        return AppDomain(domain=self.domain)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = AppBabel()
csrf = CSRFProtect()
login_manager = LoginManager()
