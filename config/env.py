"""Typed reading of the environment.

Every reader raises ``ImproperlyConfigured`` naming the variable, so a typo in a
deployment stops start-up with a message instead of running with a surprise
(``DEBUG=maybe`` must not quietly mean "on").
"""

import base64
import os
import secrets
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
SUPPORTED_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


def env_str(name: str, default: str = "") -> str:
    """A string from ``NAME``, or from the file named by ``NAME_FILE`` (for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_path}: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, *, default: int, minimum: int = 0, maximum: int = 2**31) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name}={value} is outside {minimum}..{maximum}.")
    return value


def env_ints(name: str, default: str) -> tuple[int, ...]:
    raw = env_str(name, default)
    try:
        return tuple(int(item) for item in raw.split(",") if item.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a list of whole numbers.") from None


def env_url(name: str, *, fallback: str = "") -> str:
    """An ``http(s)://host[:port][/path]`` base URL from ``NAME`` (``fallback`` when unset),
    without a trailing slash; ``""`` when neither is set."""
    raw = (env_str(name) or fallback).strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a base URL such as https://hongyi.example.cn"
        )
    return raw.rstrip("/")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_replica_database(name: str, *, primary: dict) -> dict | None:
    """The read replica's DATABASES entry from ``NAME``, or None when it is not set.

    A replica must be the same kind of database as the primary it copies."""
    if not env_str(name):
        return None
    config = env_database(name, default="")
    if config["ENGINE"] != primary["ENGINE"]:
        raise ImproperlyConfigured(f"{name} must be the same kind of database as DATABASE_URL.")
    return {**config, "TEST": {"MIRROR": "default"}}


def env_database(name: str, *, default: str) -> dict:
    """A Django DATABASES entry from a URL such as ``postgresql://user@host:5432/db``."""
    url = env_str(name) or default
    try:
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a database URL we understand: {exc}") from exc
    if config["ENGINE"] not in SUPPORTED_ENGINES:
        raise ImproperlyConfigured(f"{name}: only sqlite:/// and postgresql:// URLs are supported.")
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={url!r} names no database.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a health check that needs no round trip (core.postgresql).
        config["ENGINE"] = "core.postgresql"
        # Server-side binding lets psycopg prepare a statement that a connection has run
        # a few times, so PostgreSQL stops parsing and planning the reads every request
        # repeats (session, user, the scanned poster); persistent connections keep them.
        config.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    return config


def env_secret_key(name: str, *, fallback_file: Path, min_length: int = 0) -> str:
    """The secret key from the environment, else one generated once into a local file.

    A generated key survives restarts, so sessions and signed links keep working on a
    demo machine without anyone having to invent a secret.
    """
    key = env_str(name) or _generated_once(fallback_file, lambda: secrets.token_urlsafe(50))
    if len(key) < min_length:
        raise ImproperlyConfigured(f"{name} is too short: use at least {min_length} characters.")
    return key


def env_fernet_keys(name: str, *, fallback_file: Path) -> list[str]:
    """Encryption keys from ``NAME`` (comma-separated; the first encrypts, all decrypt).

    More than one key lets a deployment rotate keys without re-encrypting at once.
    Without the variable, one key is generated once into ``fallback_file`` (demo only:
    lose that file and every encrypted value is lost with it).
    """
    keys = env_list(name) or [_generated_once(fallback_file, _new_fernet_key)]
    for key in keys:
        try:
            valid = len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
        except (ValueError, UnicodeEncodeError):
            valid = False
        if not valid:
            raise ImproperlyConfigured(
                f"{name} holds a value that is not a Fernet key (32 bytes, URL-safe base64)."
            )
    return keys


def _new_fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def _generated_once(path: Path, make) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    path.write_text(value, encoding="utf-8")
    path.chmod(0o600)
    return value


def env_rates(name: str, default: str = "") -> dict[str, int]:
    """``key=number`` pairs, comma-separated (``program:3=12,program:7=15``), as a dict.

    A pair without ``=``, a number that is not whole, or a negative one stops start-up.
    """
    rates = {}
    for pair in env_list(name, default):
        key, sep, number = pair.partition("=")
        if not sep or not key.strip() or not number.strip().isdigit():
            raise ImproperlyConfigured(
                f"{name}: {pair!r} is not key=whole number (e.g. program:3=12)."
            )
        rates[key.strip()] = int(number)
    return rates


def env_date(name: str) -> date | None:
    """A date as YYYY-MM-DD, or None when the variable is not set."""
    raw = env_str(name).strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a date (YYYY-MM-DD).") from None


def env_ed25519_key(name: str, *, fallback_file: Path) -> str:
    """An Ed25519 private key as PEM text, from ``NAME``/``NAME_FILE``, else generated once.

    The county signs transfer packages with it; other counties verify them with its
    public key. A generated key (demo only) lives in ``fallback_file``: keep it, or every
    package signed before can no longer be verified against the key published now.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = env_str(name) or _generated_once(fallback_file, _new_ed25519_pem)
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(
            f"{name} is not an unencrypted Ed25519 private key in PEM "
            "(make one with: openssl genpkey -algorithm ed25519)."
        )
    return pem.strip() + "\n"


def _new_ed25519_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )
