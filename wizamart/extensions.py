"""Extensions are created here and initialised in create_app (the microblog pattern)."""

from functools import cached_property

from flask import current_app
from flask_babel import Babel, Domain
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


class AppBabel(Babel):
    @cached_property
    def domain_instance(self):
        return AppDomain(domain=self.domain)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = AppBabel()
csrf = CSRFProtect()
login_manager = LoginManager()
