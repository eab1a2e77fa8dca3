"""SMS through a provider interface, chosen by ``settings.HONGYI_SMS_PROVIDER``.

A provider is a class with ``transactional``, ``idempotent`` and
``send(*, phone, text, key) -> ProviderResult``; ``send_many`` is optional. The default,
``ConsoleSmsProvider``, writes the console outbox (exactly-once). ``AliyunSmsProvider``
and ``TencentSmsProvider`` are adapters for the two common Chinese SMS APIs (see
docs/notices.md for their settings). Texts reach a provider with the county signature
(``【平山红驿】``) at the front; providers that add the signature themselves
(``SignName``) get the text without it (``without_signature``).
"""

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from notices.channels.base import Backend, Message, Result
from notices.channels.console import outbox_write

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProviderResult:
    ok: bool
    reason: str = ""
    permanent: bool = False
    ref: str = ""


class SmsChannel(Backend):
    channel = "sms"

    def __init__(self, provider=None):
        self.provider = provider or import_string(settings.HONGYI_SMS_PROVIDER)()
        self.transactional = getattr(self.provider, "transactional", False)
        self.idempotent = getattr(self.provider, "idempotent", False)

    def send_many(self, messages: list[Message]) -> list[Result]:
        if hasattr(self.provider, "send_many"):
            return self.provider.send_many(messages)
        return super().send_many(messages)

    def send(self, message: Message) -> Result:
        try:
            result = self.provider.send(phone=message.address, text=message.text, key=message.key)
        except Exception as error:  # noqa: BLE001 — one number's failure never stops the rest
            logger.warning("SMS provider failed for delivery %s: %s", message.delivery_id, error)
            reason = _("The SMS provider failed: %(error)s") % {"error": str(error)[:120]}
            return Result(message.delivery_id, ok=False, reason=reason)
        return Result(message.delivery_id, result.ok, result.reason, result.permanent, result.ref)


class ConsoleSmsProvider:
    """The default: nothing leaves the machine; messages land in ``notices.Outbox``."""

    transactional = True
    idempotent = True

    def send_many(self, messages: list[Message]) -> list[Result]:
        return outbox_write("sms", messages)

    def send(self, *, phone: str, text: str, key: str) -> ProviderResult:
        raise NotImplementedError  # send_many covers it


def without_signature(text: str) -> str:
    signature = settings.HONGYI_SMS_SIGNATURE
    return text[len(signature) :] if text.startswith(signature) else text


def _setting(name: str) -> str:
    value = getattr(settings, name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set for {settings.HONGYI_SMS_PROVIDER}.")
    return value


class AliyunSmsProvider:
    """Aliyun 短信服务 (dysmsapi ``SendSms``, RPC signature v1, HMAC-SHA1).

    Needs an approved template with one variable ``${content}``
    (``HONGYI_SMS_TEMPLATE_CODE``) and the approved sign name (``HONGYI_SMS_SIGN_NAME``,
    which Aliyun puts in 【】 itself). ``OutId`` carries our key, but Aliyun does not drop
    repeats on it, so this provider is not idempotent: a delivery interrupted mid-send is
    failed as "outcome unknown" rather than sent twice.
    """

    transactional = False
    idempotent = False
    endpoint = "https://dysmsapi.aliyuncs.com/"
    permanent_codes = frozenset({"isv.MOBILE_NUMBER_ILLEGAL", "isv.BLACK_KEY_CONTROL_LIMIT"})

    def __init__(self, opener=urllib.request.urlopen):
        self.key_id = _setting("HONGYI_SMS_ACCESS_KEY_ID")
        self.secret = _setting("HONGYI_SMS_ACCESS_KEY_SECRET")
        self.sign_name = _setting("HONGYI_SMS_SIGN_NAME")
        self.template = _setting("HONGYI_SMS_TEMPLATE_CODE")
        self.opener = opener

    def params(self, *, phone: str, text: str, key: str) -> dict:
        params = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "OutId": key,
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": self.template,
            "TemplateParam": json.dumps({"content": without_signature(text)}, ensure_ascii=False),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = self.signature(params)
        return params

    def signature(self, params: dict) -> str:
        def quote(value):
            return urllib.parse.quote(str(value), safe="~")

        query = "&".join(f"{quote(k)}={quote(params[k])}" for k in sorted(params))
        to_sign = f"POST&{quote('/')}&{quote(query)}"
        digest = hmac.new(f"{self.secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
        return base64.b64encode(digest).decode()

    def send(self, *, phone: str, text: str, key: str) -> ProviderResult:
        body = urllib.parse.urlencode(self.params(phone=phone, text=text, key=key)).encode()
        request = urllib.request.Request(self.endpoint, data=body)  # noqa: S310 — a fixed https URL
        with self.opener(request, timeout=10) as answer:
            data = json.loads(answer.read().decode())
        if data.get("Code") == "OK":
            return ProviderResult(ok=True, ref=data.get("BizId", ""))
        code = data.get("Code", "")
        return ProviderResult(
            ok=False,
            reason=f"{code}: {data.get('Message', '')}"[:200],
            permanent=code in self.permanent_codes,
        )


class TencentSmsProvider:
    """Tencent Cloud SMS (``SendSms`` 2021-01-11, TC3-HMAC-SHA256).

    Needs the SDK app id (``HONGYI_SMS_APP_ID``), an approved template with one parameter
    (``HONGYI_SMS_TEMPLATE_CODE``) and sign name (``HONGYI_SMS_SIGN_NAME``). ``SessionContext``
    carries our key; Tencent does not drop repeats on it: not idempotent.
    """

    transactional = False
    idempotent = False
    host = "sms.tencentcloudapi.com"

    def __init__(self, opener=urllib.request.urlopen):
        self.key_id = _setting("HONGYI_SMS_ACCESS_KEY_ID")
        self.secret = _setting("HONGYI_SMS_ACCESS_KEY_SECRET")
        self.app_id = _setting("HONGYI_SMS_APP_ID")
        self.sign_name = _setting("HONGYI_SMS_SIGN_NAME")
        self.template = _setting("HONGYI_SMS_TEMPLATE_CODE")
        self.opener = opener

    def request(self, *, phone: str, text: str, key: str, now: int | None = None):
        now = now or int(time.time())
        payload = json.dumps(
            {
                "PhoneNumberSet": [f"+86{phone}"],
                "SmsSdkAppId": self.app_id,
                "SignName": self.sign_name,
                "TemplateId": self.template,
                "TemplateParamSet": [without_signature(text)],
                "SessionContext": key,
            },
            ensure_ascii=False,
        )
        date = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d")
        hashed = hashlib.sha256(payload.encode()).hexdigest()
        canonical = (
            f"POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:{self.host}\n\n"
            f"content-type;host\n{hashed}"
        )
        scope = f"{date}/sms/tc3_request"
        to_sign = (
            f"TC3-HMAC-SHA256\n{now}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
        )
        key_date = hmac.new(f"TC3{self.secret}".encode(), date.encode(), hashlib.sha256).digest()
        key_service = hmac.new(key_date, b"sms", hashlib.sha256).digest()
        key_signing = hmac.new(key_service, b"tc3_request", hashlib.sha256).digest()
        signature = hmac.new(key_signing, to_sign.encode(), hashlib.sha256).hexdigest()
        headers = {
            "Authorization": f"TC3-HMAC-SHA256 Credential={self.key_id}/{scope}, "
            f"SignedHeaders=content-type;host, Signature={signature}",
            "Content-Type": "application/json; charset=utf-8",
            "Host": self.host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": str(now),
            "X-TC-Version": "2021-01-11",
            "X-TC-Region": "ap-guangzhou",
        }
        return urllib.request.Request(
            f"https://{self.host}/", data=payload.encode(), headers=headers
        )

    def send(self, *, phone: str, text: str, key: str) -> ProviderResult:
        with self.opener(self.request(phone=phone, text=text, key=key), timeout=10) as answer:
            data = json.loads(answer.read().decode()).get("Response", {})
        if "Error" in data:
            error = data["Error"]
            return ProviderResult(ok=False, reason=f"{error.get('Code')}: {error.get('Message')}")
        status = (data.get("SendStatusSet") or [{}])[0]
        if status.get("Code") == "Ok":
            return ProviderResult(ok=True, ref=status.get("SerialNo", ""))
        code = status.get("Code", "")
        return ProviderResult(
            ok=False,
            reason=f"{code}: {status.get('Message', '')}"[:200],
            permanent=code == "InvalidParameterValue.IncorrectPhoneNumber",
        )
