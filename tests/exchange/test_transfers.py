"""Transfer packages: signed, verifiable offline, refused when changed, imported elsewhere."""

import io
import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from config.env import _new_ed25519_pem
from exchange import packages, selectors, signing
from exchange.errors import ExchangeError
from exchange.models import ExternalRecord, TransferPackage
from exchange.services import transfer_import, transfer_issue, transfer_verify, trusted_county_add
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db
FUPING = {"HONGYI_COUNTY_CODE": "130624", "HONGYI_COUNTY_NAME": "阜平县"}


@pytest.fixture
def served_member(serve, member):
    serve(120, user=member.user)
    serve(45, user=member.user)
    return member


def issue(member):
    return transfer_issue(volunteer=member.user, actor=member.user)[2]


def parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_package_holds_the_signed_record_its_pdf_and_verifies(served_member):
    content = issue(served_member)
    files = parts(content)
    assert set(files) == {"record.json", "record.pdf", "record.sig", "README.txt"}
    record = json.loads(files["record.json"])
    assert (record["minutes"], record["hours"], len(record["records"])) == (165, "2.8", 2)
    assert record["volunteer"]["id_masked"] == served_member.id_number_masked
    assert "id_number" not in json.dumps(record)  # no full ID number travels
    assert signing.verifies(signing.public_key(), files["record.json"], files["record.sig"])
    assert "志愿服务记录转移接续证明" in pdf_text(files["record.pdf"])
    assert transfer_verify(content).record["serial"] == TransferPackage.objects.get().serial


def test_one_changed_byte_in_the_record_is_refused(served_member):
    files = parts(issue(served_member))
    changed = files["record.json"].replace(b'"minutes": 120', b'"minutes": 920')
    assert changed != files["record.json"]
    with pytest.raises(ExchangeError) as refused:
        transfer_verify(rezip({**files, "record.json": changed}))
    assert "签名验证未通过" in str(refused.value.message)


def test_a_changed_pdf_is_refused(served_member):
    files = parts(issue(served_member))
    pdf = bytearray(files["record.pdf"])
    pdf[len(pdf) // 2] ^= 0x01
    with pytest.raises(ExchangeError) as refused:
        transfer_verify(rezip({**files, "record.pdf": bytes(pdf)}))
    assert "包内的 PDF 与签名记录不符" in str(refused.value.message)


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_any_one_byte_flipped_in_the_file_is_refused(served_member, where):
    content = bytearray(issue(served_member))
    content[int(len(content) * where)] ^= 0x20
    with pytest.raises(ExchangeError) as refused:
        transfer_verify(bytes(content))
    assert refused.value.code == "package_refused"


def test_a_package_signed_by_an_unknown_key_is_refused(served_member, settings):
    settings.HONGYI_SIGNING_KEY = _new_ed25519_pem()
    content = issue(served_member)
    settings.HONGYI_SIGNING_KEY = _new_ed25519_pem()  # this system: another key
    with pytest.raises(ExchangeError):
        transfer_verify(content)


def test_the_verify_command_checks_a_package_offline_with_the_public_key(served_member, tmp_path):
    package = tmp_path / "package.zip"
    package.write_bytes(issue(served_member))
    key = tmp_path / "county.pem"
    key.write_text(signing.public_pem())
    out = io.StringIO()
    call_command("transfer_verify", str(package), "--public-key", str(key), stdout=out)
    assert "VERIFIED" in out.getvalue()
    other = tmp_path / "other.pem"
    other.write_text(signing.public_pem(Ed25519PrivateKey.generate().public_key()))
    with pytest.raises(CommandError, match="REFUSED"):
        call_command("transfer_verify", str(package), "--public-key", str(other))


def test_the_public_key_is_published(client):
    response = client.get("/exchange/public-key.pem")
    assert response.status_code == 200
    assert signing.load_public(response.content.decode()) is not None


def foreign_package(member, settings) -> tuple[bytes, str]:
    """A package as another county's Hongyi (阜平县, with a key of its own) issues it, and
    that county's public key. The settings are this county's again afterwards."""
    ours = {name: getattr(settings, name) for name in (*FUPING, "HONGYI_SIGNING_KEY")}
    for name, value in {**FUPING, "HONGYI_SIGNING_KEY": _new_ed25519_pem()}.items():
        setattr(settings, name, value)
    content, public = issue(member), signing.public_pem()
    for name, value in ours.items():
        setattr(settings, name, value)
    return content, public


def test_another_county_imports_a_trusted_package_as_external_records(
    served_member, pingshan, settings
):
    content, public = foreign_package(served_member, settings)
    with pytest.raises(ExchangeError) as untrusted:
        transfer_import(content=content, actor=served_member.user, for_self=True)
    assert untrusted.value.code == "package_refused"
    trusted_county_add(
        name="阜平县", county_code="130624", public_key=public, actor=pingshan.county_office
    )
    made = transfer_import(content=content, actor=served_member.user, for_self=True)
    assert (made.kind, made.imported_rows, made.origin) == ("transfer", 2, "阜平县（130624）")
    totals = selectors.external_totals(served_member.user)
    assert [(t["origin"], t["minutes"]) for t in totals] == [("阜平县（130624）", 165)]
    again = transfer_import(content=content, actor=served_member.user, for_self=True)
    assert again.imported_rows == 0
    assert ExternalRecord.objects.count() == 2


def test_a_package_of_someone_else_is_refused(served_member, pingshan, settings):
    content, public = foreign_package(served_member, settings)
    trusted_county_add(
        name="阜平县", county_code="130624", public_key=public, actor=pingshan.county_office
    )
    from tests.volunteers.factories import VolunteerFactory

    stranger = VolunteerFactory(township=pingshan.xibaipo).user
    with pytest.raises(ExchangeError) as refused:
        transfer_import(content=content, actor=stranger, for_self=True)
    assert "不是您的" in str(refused.value.message)
    made = transfer_import(content=content, actor=pingshan.county_office)  # matched by ID
    assert made.imported_rows == 2


def test_a_package_of_this_county_is_not_imported_back(served_member):
    with pytest.raises(ExchangeError) as refused:
        transfer_import(content=issue(served_member), actor=served_member.user, for_self=True)
    assert "由本县签发" in str(refused.value.message)


def test_a_key_that_is_not_ed25519_is_not_trusted(pingshan):
    with pytest.raises(ExchangeError) as refused:
        trusted_county_add(
            name="x", county_code="130624", public_key="not a key", actor=pingshan.county_office
        )
    assert refused.value.code == "bad_key"


def test_the_package_format_is_versioned(served_member):
    record = json.loads(parts(issue(served_member))["record.json"])
    assert record["format"] == packages.FORMAT


@pytest.mark.skipif(not __import__("shutil").which("openssl"), reason="needs OpenSSL 3")
def test_openssl_verifies_a_package_with_the_published_key_alone(served_member, tmp_path):
    import subprocess

    files = parts(issue(served_member))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "county.pem").write_text(signing.public_pem())
    command = [
        "openssl",
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        "county.pem",
        "-rawin",
        "-in",
        "record.json",
        "-sigfile",
        "record.sig",
    ]
    good = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)  # noqa: S603
    assert good.returncode == 0, good.stdout + good.stderr
    (tmp_path / "record.json").write_bytes(files["record.json"].replace(b"2.8", b"9.8"))
    bad = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)  # noqa: S603
    assert bad.returncode != 0
