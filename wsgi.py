"""WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""

from wizamart import create_app
from wizamart.config import ConfigError
from wizamart.modules.findings import ModuleLoadError

try:
    app = create_app()
except ConfigError as wrong:
    raise SystemExit(str(wrong)) from None
except ModuleLoadError as refused:
    # A broken module: say what to fix, one finding per line, and exit 1 — a traceback
    # would bury the findings. (`flask modules check` still runs: it needs no app.)
    raise SystemExit(refused.report()) from None
