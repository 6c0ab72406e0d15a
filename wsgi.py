"""WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""

from wizamart import create_app

app = create_app()
