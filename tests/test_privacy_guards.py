"""Unit tests for the privacy guards around the masking (issue 11): control characters at the
channel entry, stored metadata, log records and warnings, access-log paths, REST validation."""
from __future__ import annotations

import logging
import warnings

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import SlotSet, UserUttered

from bot.channels.common import masked_user_message
from bot.channels.rest import validate_body
from bot.privacy import AccessLogFilter, MaskingLogFilter, install_log_masking
from bot.tracker_store import REDACTED, redact_event


def test_the_channel_entry_drops_control_characters():
    message = masked_user_message("付款\x00失败\x07了\r\n\ud800谢谢", CollectingOutputChannel(), "c1", "rest")
    assert message.text == "付款失败了\n\ufffd谢谢"
    # A NUL between digit groups must not hide a number either.
    assert masked_user_message("138\x001234\x005678", CollectingOutputChannel(), "c1", "rest").text == "[手机号已隐藏]"


def test_clients_cannot_set_the_ids_rasa_sets():
    message = masked_user_message("你好", CollectingOutputChannel(), "c1", "rest",
                                  {"token": "t", "model_id": "13812345678", "assistant_id": "x"})
    assert message.metadata == {"token": "t"}


def test_only_known_metadata_keys_are_stored():
    client = {"token": "secret-token", "note": "我手机13812345678", "address": "北京市", "sealed_phones": ["c2VhbGVk"],
              "model_id": "m-1", "assistant_id": "a-1"}
    user = UserUttered("你好", {"name": "greet"}, [], {"text": "你好", "metadata": dict(client)}, metadata=dict(client))
    started = SlotSet("session_started_metadata", dict(client))
    for event in (user, started):
        redact_event(event)
    expected = {"token": REDACTED, "sealed_phones": ["c2VhbGVk"], "model_id": "m-1", "assistant_id": "a-1"}
    assert user.metadata == expected
    assert user.parse_data["metadata"] == expected
    assert started.value == expected
    odd = UserUttered("x", metadata={"sealed_phones": "not-a-list", "model_id": {"n": 1}})
    redact_event(odd)
    assert odd.metadata == {}


def test_the_tracker_store_cleans_control_characters_from_user_text():
    event = UserUttered("付款\x00失败 138·1234·5678", {"name": "inform"}, [], {"text": "付款\x00失败 138·1234·5678"})
    redact_event(event)
    assert event.text == "付款失败 [手机号已隐藏]" and event.parse_data["text"] == event.text


def _record(msg, *args, name="rasa.nlu.classifiers.regex_message_handler"):
    return logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args or None, None)


def test_log_records_that_echo_user_text_are_masked():
    record = _record("Failed to parse arguments in line '%s'", '/inform{"x": "13812345678"')
    MaskingLogFilter().filter(record)
    assert "13812345678" not in record.getMessage() and "[手机号已隐藏]" in record.getMessage()


def test_rasa_warnings_about_unparsable_intents_are_masked():
    import rasa.shared.utils.io

    shown = []
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        # Stands for the interpreter's printing to stderr (pytest records warnings instead).
        warnings.showwarning = lambda message, *args, **kwargs: shown.append(str(message))
        install_log_masking()
        install_log_masking()  # idempotent: one wrapper, one filter per logger
        rasa.shared.utils.io.raise_warning("Failed to parse arguments in line '/inform{\"x\": \"138 1234 5678\"'.")
    assert len(shown) == 1 and "Failed to parse arguments" in shown[0]
    assert "138 1234 5678" not in shown[0] and "[手机号已隐藏]" in shown[0]
    logger = logging.getLogger("rasa.shared.core.training_data.story_reader.yaml_story_reader")
    assert sum(isinstance(f, MaskingLogFilter) for f in logger.filters) == 1


def test_access_log_paths_lose_phone_numbers():
    record = _record('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET",
                     "/api/v1/demo/sms?phone=13812345678", "1.1", 200, name="uvicorn.access")
    AccessLogFilter().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /api/v1/demo/sms?phone=*** HTTP/1.1" 200'
    encoded = _record("%s", "/api/sms?x=1&tel=138%201234%205678", name="uvicorn.access")
    AccessLogFilter().filter(encoded)
    assert "1234" not in encoded.getMessage()
    other = _record("%s", "/api/sms?note=138%201234%205678", name="uvicorn.access")
    AccessLogFilter().filter(other)
    assert "1234" not in other.getMessage()
    import httpx

    outgoing = _record('HTTP Request: %s %s "%s %d %s"', "GET", httpx.URL("http://w/api/v1/demo/sms?phone=13812345678"),
                       "HTTP/1.1", 200, "OK", name="httpx")
    AccessLogFilter().filter(outgoing)
    assert outgoing.getMessage() == 'HTTP Request: GET http://w/api/v1/demo/sms?phone=*** "HTTP/1.1 200 OK"'


def test_wallet_access_log_hides_reset_secrets_and_phones():
    from bot.wallet.__main__ import RedactAccessLog

    record = _record("%s %s", "/wallet/pin-reset/abc123secret", "/api/v1/demo/sms?phone=13812345678",
                     name="uvicorn.access")
    RedactAccessLog().filter(record)
    assert record.getMessage() == "/wallet/pin-reset/*** /api/v1/demo/sms?phone=***"


def test_rest_senders_with_control_characters_are_refused():
    clean, error = validate_body({"sender": "a\x00b", "message": "你好"})
    assert clean is None and "control" in error
    assert validate_body({"sender": "会话-1", "message": "付款\x00失败"})[1] is None  # cleaned later
