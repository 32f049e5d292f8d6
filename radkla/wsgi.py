"""WSGI entry point for gunicorn, uWSGI or mod_wsgi: ``radkla.wsgi:application``."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radkla.settings")
application = get_wsgi_application()
