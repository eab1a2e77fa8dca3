"""Transfer packages (转移接续包): a ZIP anyone can verify offline.

- ``record.json``: the volunteer's records as the county states them, with the SHA-256 of
  the PDF and the fingerprint of the key that signs;
- ``record.pdf``: the same records for people to read;
- ``record.sig``: the raw 64-byte Ed25519 signature of ``record.json``'s exact bytes;
- ``README.txt``: how to check it (``manage.py transfer_verify``, or OpenSSL 3).

Changing one byte of the JSON breaks the signature; changing one byte of the PDF breaks
its hash, which the signed JSON holds; a changed signature no longer verifies.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from exchange import signing
from exchange.errors import ExchangeError

FORMAT = "hongyi-transfer/1"
RECORD, PDF, SIGNATURE, README = "record.json", "record.pdf", "record.sig", "README.txt"
MAX_PACKAGE_BYTES = 20 * 1024 * 1024

README_TEXT = """红驿志愿服务记录转移接续包

record.json  志愿服务记录（签名覆盖其全部字节）
record.pdf   同一记录的可读版本（其 SHA-256 写在 record.json 中）
record.sig   record.json 的 Ed25519 签名

离线验证（使用签发县公布的公钥 county.pem）：
  openssl pkeyutl -verify -pubin -inkey county.pem -rawin -in record.json -sigfile record.sig
  sha256sum record.pdf   # 应与 record.json 中的 pdf_sha256 相同
或在任一红驿系统中：
  python manage.py transfer_verify 本文件.zip --public-key county.pem
"""


class PackageRefusedError(ExchangeError):
    """A package that is not what it claims; ``message`` says why, for people."""

    def __init__(self, message):
        super().__init__(message, "package_refused")


def record_bytes(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def build(record: dict, pdf: bytes) -> tuple[bytes, bytes]:
    """The package's ZIP bytes and the exact ``record.json`` bytes it signs."""
    record = {
        **record,
        "format": FORMAT,
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "key_fingerprint": signing.fingerprint(),
    }
    data = record_bytes(record)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(RECORD, data)
        archive.writestr(PDF, pdf)
        archive.writestr(SIGNATURE, signing.sign(data))
        archive.writestr(README, README_TEXT)
    return buffer.getvalue(), data


@dataclass(frozen=True)
class Verified:
    record: dict
    signer: object  # the name of whoever's key verified it
    pdf: bytes


def _parts(content: bytes) -> tuple[bytes, bytes, bytes]:
    if len(content) > MAX_PACKAGE_BYTES:
        raise PackageRefusedError(_("The file is too large to be a transfer package."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.read(RECORD), archive.read(SIGNATURE), archive.read(PDF)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError) as error:
        raise PackageRefusedError(
            _(
                "This is not a readable transfer package (a ZIP with record.json, record.pdf "
                "and record.sig): it was damaged or changed."
            )
        ) from error


def verify(content: bytes, keys) -> Verified:
    """Check a package against ``keys``: (name, public key) pairs. Raises PackageRefusedError."""
    data, signature, pdf = _parts(content)
    signer = next((name for name, key in keys if signing.verifies(key, data, signature)), None)
    if signer is None:
        raise PackageRefusedError(
            _(
                "The signature does not match: the package was changed after it was signed, "
                "or it was not signed by a county this system trusts."
            )
        )
    try:
        record = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise PackageRefusedError(_("The signed record cannot be read.")) from error
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise PackageRefusedError(_("This package has a format this system does not know."))
    if hashlib.sha256(pdf).hexdigest() != record.get("pdf_sha256"):
        raise PackageRefusedError(
            _("The PDF in the package is not the one that was signed: it was changed.")
        )
    return Verified(record=record, signer=signer, pdf=pdf)
