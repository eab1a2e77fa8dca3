"""The Aliyun and Tencent adapters: the request each builds, and how each answer reads.

Only the HTTP call is replaced (it leaves the machine): ``opener`` stands in for urlopen.
"""

import io
import json
import urllib.parse

import pytest
from django.core.exceptions import ImproperlyConfigured

from notices.channels.base import Message
from notices.channels.sms import AliyunSmsProvider, SmsChannel, TencentSmsProvider


@pytest.fixture
def credentials(settings):
    settings.HONGYI_SMS_ACCESS_KEY_ID = "key-id"
    settings.HONGYI_SMS_ACCESS_KEY_SECRET = "secret"
    settings.HONGYI_SMS_SIGN_NAME = "平山红驿"
    settings.HONGYI_SMS_TEMPLATE_CODE = "SMS_0001"
    settings.HONGYI_SMS_APP_ID = "1400000000"


class Gateway:
    def __init__(self, answer):
        self.answer, self.requests = answer, []

    def __call__(self, request, timeout):
        self.requests.append(request)
        return io.BytesIO(json.dumps(self.answer).encode())


def message(text="【平山红驿】王歌手您好，明晚排练。"):
    return Message(1, 1, "hongyi-1", "13700000001", "通知", text)


def test_aliyun_sends_the_text_without_our_signature_and_signs_the_request(credentials):
    gateway = Gateway({"Code": "OK", "BizId": "biz-9"})
    result = SmsChannel(AliyunSmsProvider(opener=gateway)).send(message())
    assert result.ok
    assert result.ref == "biz-9"
    sent = dict(urllib.parse.parse_qsl(gateway.requests[0].data.decode()))
    assert sent["PhoneNumbers"] == "13700000001"
    assert sent["SignName"] == "平山红驿"
    assert sent["OutId"] == "hongyi-1"
    assert json.loads(sent["TemplateParam"]) == {"content": "王歌手您好，明晚排练。"}
    unsigned = {k: v for k, v in sent.items() if k != "Signature"}
    assert sent["Signature"] == AliyunSmsProvider(opener=gateway).signature(unsigned)


def test_aliyun_refusals_are_reasons_and_a_bad_number_is_permanent(credentials):
    answer = {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"}
    result = SmsChannel(AliyunSmsProvider(opener=Gateway(answer))).send(message())
    assert not result.ok
    assert result.permanent
    assert result.reason == "isv.MOBILE_NUMBER_ILLEGAL: 非法手机号"


def test_tencent_builds_a_tc3_request_and_reads_its_answer(credentials):
    answer = {"Response": {"SendStatusSet": [{"Code": "Ok", "SerialNo": "s-1"}]}}
    gateway = Gateway(answer)
    result = SmsChannel(TencentSmsProvider(opener=gateway)).send(message())
    assert result.ok
    assert result.ref == "s-1"
    request = gateway.requests[0]
    assert request.get_header("Authorization").startswith("TC3-HMAC-SHA256 Credential=key-id/")
    body = json.loads(request.data.decode())
    assert body["PhoneNumberSet"] == ["+8613700000001"]
    assert body["TemplateParamSet"] == ["王歌手您好，明晚排练。"]
    assert body["SessionContext"] == "hongyi-1"


def test_tencent_errors_are_reasons(credentials):
    answer = {"Response": {"Error": {"Code": "AuthFailure", "Message": "签名错误"}}}
    result = SmsChannel(TencentSmsProvider(opener=Gateway(answer))).send(message())
    assert not result.ok
    assert result.reason == "AuthFailure: 签名错误"


def test_an_adapter_without_its_settings_refuses_to_start(settings):
    settings.HONGYI_SMS_ACCESS_KEY_ID = ""
    with pytest.raises(ImproperlyConfigured):
        AliyunSmsProvider()


def test_neither_gateway_claims_to_drop_repeats():
    assert not AliyunSmsProvider.idempotent
    assert not TencentSmsProvider.idempotent
