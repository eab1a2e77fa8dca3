"""Settings for the scan benchmark's gunicorn: the real ones, with a URLconf that adds
one bare view (see scanserver_urls)."""

from config.settings import *  # noqa: F403 - the real settings, one line changed

ROOT_URLCONF = "scanserver_urls"
