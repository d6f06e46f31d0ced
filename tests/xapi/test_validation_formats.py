"""Scalar formats: language tags, durations, timestamps, IRIs, and `parse_timestamp`."""

from datetime import UTC, datetime

import pytest

from xapi.validation import (
    StatementValidationError,
    parse_timestamp,
    validate_duration,
    validate_extensions,
    validate_language_map,
    validate_timestamp,
)

# The ADL conformance suite's tags (formatting.js, XAPI-00013) plus a few of RFC 5646's appendix A.
VALID_TAGS = [
    "en",
    "fr",
    "de",
    "tlh",
    "ine",
    "en-US",
    "fr-FR",
    "zh-Hant",
    "zh-Hans-CN",
    "sr-Latn",
    "sr-Latn-RS",
    "zh-cmn-Hans-CN",
    "sl-rozaj-biske",
    "de-CH-1901",
    "hy-Latn-IT-arevela",
    "de-DE",
    "az-Arab-x-AZE-derbend",
    "x-whatever",
    "i-enochian",
    "en-GB-oed",
    "es-419",
    "en-a-bbb-x-a-ccc",
    "EN-us",
    "qaa-Qaaa-QM-x-southern",
    "de-Qaaa",
    "sr-Latn-QM",
    "sr-Qaaa-RS",
]
INVALID_TAGS = [
    "de-419-DE",
    "a-DE",
    "ar-a-aaa-b-bbb-a-ccc",
    "a12345678",
    "en US",
    "",
    "en-",
    "-en",
    "en--US",
    "e",
    "supercalifragilistic",
    "en_US",
    "fr-FRA1",
    "x",
    "en-x",
    "toolongtag-US",
]


@pytest.mark.parametrize("tag", VALID_TAGS)
def test_valid_language_tags(tag):
    validate_language_map({tag: "texte"}, "display")


@pytest.mark.parametrize("tag", INVALID_TAGS)
def test_invalid_language_tags(tag):
    with pytest.raises(StatementValidationError) as exc:
        validate_language_map({"en-US": "ok", tag: "texte"}, "display")
    assert exc.value.path == f'display["{tag}"]'
    assert "RFC 5646" in exc.value.message


@pytest.mark.parametrize("value", ["en-US", ["en-US"], None, 1])
def test_language_map_must_be_an_object(value):
    with pytest.raises(StatementValidationError) as exc:
        validate_language_map(value, "verb.display")
    assert exc.value.path == "verb.display"


@pytest.mark.parametrize("text", [None, 1, ["x"], {"x": "y"}, True])
def test_language_map_values_must_be_strings(text):
    with pytest.raises(StatementValidationError) as exc:
        validate_language_map({"fr": text}, "verb.display")
    assert exc.value.path == 'verb.display["fr"]'


def test_empty_language_map_is_accepted():
    validate_language_map({}, "verb.display")


VALID_DURATIONS = [
    "PT1H30M",
    "P1DT2H",
    "PT4.25S",
    "P2W",
    "P4W",
    "PT1H0M0.1S",
    "PT4H35M59.14S",
    "PT16559.14S",
    "P3Y1M29DT4H35M59.14S",
    "P3Y",
    "PT0S",
    "P0D",
    "PT1234S",
    "PT1H0M0S",
    "PT0,5S",
    "PT1.5H",
    "P1M",
    "PT1M",
]
INVALID_DURATIONS = [
    "PA1H0M0S",
    "should fail",
    "P",
    "PT",
    "P1DT",
    "1H",
    "PT1H30",
    "P1H",
    "PT1D",
    "P-1D",
    "P1W2D",
    "PT1.5H30M",
    "P0001-02-03T04:05:06",
    "pt1h",
    "PT1H ",
    " PT1H",
    "PT.5S",
    "PT1.S",
    "P1Y2Y",
    "PT1S1M",
]


@pytest.mark.parametrize("duration", VALID_DURATIONS)
def test_valid_durations(duration):
    validate_duration(duration, "result.duration")


@pytest.mark.parametrize("duration", [*INVALID_DURATIONS, 12345, {"key": "invalid"}, None])
def test_invalid_durations(duration):
    with pytest.raises(StatementValidationError) as exc:
        validate_duration(duration, "result.duration")
    assert exc.value.path == "result.duration"


VALID_BOTH = [
    "2013-05-18T05:32:34.804Z",
    "2013-05-18T05:32:34.804+00:00",
    "2015-12-18T12:17:00+00:00",
    "2008-09-15T15:53:00.601-05:00",
    "2024-02-29T23:59:59Z",
    "2024-03-01T09:30:00.123456789+14:00",
    "2016-12-31T23:59:60Z",
]
VALID_1_0_ONLY = [
    "2013-05-18T05:32:34.804",
    "2013-05-18T05:32Z",
    "2013-05-18T05:32:34+02",
    "2013-05-18T05:32:34+0200",
    "20130518T053234Z",
    "20130518T053234.804+0200",
    "2013-05-18T05:32:34,804Z",
]
VALID_2_0_ONLY = ["2008-09-15 15:53:00.601+00:00", "2008-09-15t15:53:00z"]
INVALID_BOTH = [
    "should fail",
    "01/011/2015",
    "2008-09-15T15:53:00.601-00",
    "2008-09-15T15:53:00.601-0000",
    "2008-09-15T15:53:00.601-00:00",
    "2013-05-18T05:32:34.804+24:00",
    "2013-05-18",
    "2013-13-18T05:32:34Z",
    "2023-02-29T05:32:34Z",
    "2013-04-31T05:32:34Z",
    "2013-05-18T25:32:34Z",
    "2013-05-18T05:60:34Z",
    "2013-05-18T05:32:61Z",
    "2013-05-18T05:32:34.Z",
    "0000-01-01T00:00:00Z",
    "2013-05-18T05:32:34+05:60",
    "July 04, 1776 16:00:45",
    "",
    "2013-05-18T05:32:34Z ",
]


@pytest.mark.parametrize("timestamp", VALID_BOTH + VALID_1_0_ONLY)
def test_valid_1_0_timestamps(timestamp):
    validate_timestamp(timestamp, "statement.timestamp", version="1.0.3")


@pytest.mark.parametrize("timestamp", VALID_BOTH + VALID_2_0_ONLY)
def test_valid_2_0_timestamps(timestamp):
    validate_timestamp(timestamp, "statement.timestamp", version="2.0.0")


@pytest.mark.parametrize(
    ("timestamp", "version"),
    [(t, "1.0.3") for t in INVALID_BOTH + VALID_2_0_ONLY] + [(t, "2.0.0") for t in INVALID_BOTH + VALID_1_0_ONLY],
)
def test_invalid_timestamps(timestamp, version):
    with pytest.raises(StatementValidationError) as exc:
        validate_timestamp(timestamp, "statement.timestamp", version=version)
    assert exc.value.path == "statement.timestamp"


@pytest.mark.parametrize("value", [None, 1368855154, {"date": "2013-05-18"}])
def test_timestamps_must_be_strings(value):
    with pytest.raises(StatementValidationError, match="string"):
        validate_timestamp(value, "stored", version="1.0.3")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-05-18T05:32:34.804Z", datetime(2013, 5, 18, 5, 32, 34, 804000, tzinfo=UTC)),
        ("2008-09-15T15:53:00.601-05:00", datetime(2008, 9, 15, 20, 53, 0, 601000, tzinfo=UTC)),
        ("2008-09-15 15:53:00.601+02:00", datetime(2008, 9, 15, 13, 53, 0, 601000, tzinfo=UTC)),
        ("2013-05-18T05:32:34", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T05:32Z", datetime(2013, 5, 18, 5, 32, tzinfo=UTC)),
        ("20130518T053234+0130", datetime(2013, 5, 18, 4, 2, 34, tzinfo=UTC)),
        ("2024-03-01T09:30:00.123456789Z", datetime(2024, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)),
        ("2016-12-31T23:59:60Z", datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ],
)
def test_parse_timestamp_returns_aware_utc(value, expected):
    parsed = parse_timestamp(value)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize("value", ["2008-09-15T15:53:00.601-00:00", "yesterday", "2013-02-30T00:00:00Z"])
def test_parse_timestamp_rejects_invalid_values_as_value_error(value):
    with pytest.raises(ValueError) as exc:
        parse_timestamp(value, path="since")
    assert isinstance(exc.value, StatementValidationError)
    assert exc.value.path == "since"


def test_extensions_accept_any_json_value_including_null():
    validate_extensions({"http://example.com/null": None, "urn:x": [None, {"a": None}], "https://e.fr/é": 1.5}, "ext")


@pytest.mark.parametrize(
    ("extensions", "path"),
    [
        ({"key": 1}, 'ext["key"]'),
        ({"http://e.com/ok": 1, "http://e.com/a b": 2}, 'ext["http://e.com/a b"]'),
        ({"": 1}, 'ext[""]'),
        ([], "ext"),
        (None, "ext"),
    ],
)
def test_invalid_extensions(extensions, path):
    with pytest.raises(StatementValidationError) as exc:
        validate_extensions(extensions, "ext")
    assert exc.value.path == path
