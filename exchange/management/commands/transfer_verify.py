from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange import signing
from exchange.packages import PackageRefusedError
from exchange.services import transfer_verify


class Command(BaseCommand):
    help = (
        "Verify a transfer package offline: its signature against a county's public key "
        "(--public-key), or against the trusted counties and this county's own key."
    )

    def add_arguments(self, parser):
        parser.add_argument("package", type=Path, help="the package (.zip)")
        parser.add_argument("--public-key", type=Path, help="the issuing county's key (PEM)")

    def handle(self, *, package, public_key, **options):
        keys = None
        if public_key:
            try:
                keys = [(str(public_key), signing.load_public(public_key.read_text()))]
            except (OSError, ValueError) as error:
                raise CommandError(f"{public_key}: not an Ed25519 public key ({error}).") from None
        try:
            verified = transfer_verify(package.read_bytes(), keys)
        except OSError as error:
            raise CommandError(f"{package}: {error}") from None
        except PackageRefusedError as error:
            raise CommandError(f"REFUSED: {error.message}") from None
        record = verified.record
        volunteer = record.get("volunteer", {})
        self.stdout.write(
            self.style.SUCCESS(
                f"VERIFIED: package {record.get('serial')} signed by {verified.signer}; "
                f"{volunteer.get('name')} ({volunteer.get('id_masked')}), "
                f"{len(record.get('records', []))} records, {record.get('hours')} hours."
            )
        )
