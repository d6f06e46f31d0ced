"""Format checks for the scalar types of the xAPI data model: IRIs, UUIDs, language tags, timestamps, durations.

Pure stdlib. Regexes are compiled once; strings that passed a check are remembered in small bounded caches
(activity ids, verb ids, extension keys and language tags repeat across statements), so the happy path costs a set
lookup. Every check raises `StatementValidationError` with the location it was given.
"""

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import NoReturn

_CACHE_MAX = 50_000


class StatementValidationError(ValueError):
    """An invalid statement (or parameter). `.path` locates the offending value, `.message` explains the rule."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def fail(path: str, message: str) -> NoReturn:
    raise StatementValidationError(path, message)


def json_type(value: object) -> str:
    """The JSON name of a value's type, for error messages."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def key_path(path: str, key: str) -> str:
    """`path["key"]`: the location of a free-form key (language tag, extension IRI)."""
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def expect_string(value: object, path: str) -> None:
    if type(value) is not str:
        fail(path, f"must be a string, not {json_type(value)}")


# --- IRIs, UUIDs, identifiers ---------------------------------------------------------------------------------------

# An absolute IRI: a scheme, a colon, then at least one character; no whitespace, controls or the characters that
# RFC 3987 excludes from IRIs. Full RFC 3987 parsing is not attempted: this is what the conformance suite exercises.
_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+\Z")
_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
_MBOX_RE = re.compile(r"mailto:[^\s@<>:/?#]+@[^\s@<>/?#]+\Z")
_SHA1_RE = re.compile(r"[0-9a-fA-F]{40}\Z")
_SHA2_RE = re.compile(r"(?:[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})\Z")
_TOKEN = r"[A-Za-z0-9!#$%&'*+.^_`|~\-]+"
_MEDIA_TYPE_RE = re.compile(rf"{_TOKEN}/{_TOKEN}(?:[ \t]*;[ \t]*{_TOKEN}=(?:{_TOKEN}|\"[^\"\\]*\"))*[ \t]*\Z")

_valid_iris: set[str] = set()


def check_iri(value: object, path: str, what: str = "an IRI") -> None:
    """An absolute IRI (also used for IRLs: they are IRIs the spec expects to resolve, which is not checkable)."""
    if type(value) is not str:
        fail(path, f"must be {what} (a string), not {json_type(value)}")
    if value in _valid_iris:
        return
    if _IRI_RE.match(value) is None:
        fail(path, f"must be {what}: an absolute IRI with a scheme and no spaces (got {value!r})")
    if len(_valid_iris) < _CACHE_MAX:
        _valid_iris.add(value)


def check_uuid(value: object, path: str) -> None:
    if type(value) is not str:
        fail(path, f"must be a UUID string, not {json_type(value)}")
    if _UUID_RE.match(value) is None:
        fail(path, f"must be a UUID in its canonical 8-4-4-4-12 hexadecimal form (got {value!r})")


def check_mbox(value: object, path: str) -> None:
    if type(value) is not str:
        fail(path, f"must be a mailto IRI string, not {json_type(value)}")
    if _MBOX_RE.match(value) is None:
        fail(path, f"must be a mailto IRI such as 'mailto:name@example.org' (got {value!r})")


def check_sha1sum(value: object, path: str) -> None:
    if type(value) is not str or _SHA1_RE.match(value) is None:
        fail(path, f"must be the 40 hexadecimal digits of a SHA-1 hash (got {json_type(value)})")


def check_sha2(value: object, path: str) -> None:
    if type(value) is not str or _SHA2_RE.match(value) is None:
        fail(path, "must be the hexadecimal SHA-2 hash of the attachment (SHA-224, 256, 384 or 512)")


def check_media_type(value: object, path: str) -> None:
    if type(value) is not str or _MEDIA_TYPE_RE.match(value) is None:
        fail(path, f"must be an Internet Media Type such as 'text/plain; charset=utf-8' (got {value!r})")


# --- RFC 5646 language tags -----------------------------------------------------------------------------------------

_GRANDFATHERED = (
    "en-GB-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|i-tay|i-tsu|"
    "sgn-BE-FR|sgn-BE-NL|sgn-CH-DE|art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)
_LANGTAG_RE = re.compile(
    rf"(?:{_GRANDFATHERED}"
    r"|(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language, with up to 3 extlangs
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
    r"(?P<ext>(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*)"  # extensions (singleton other than x)
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"  # private use
    r"|x(?:-[a-z0-9]{1,8})+)\Z",
    re.IGNORECASE,
)
_SINGLETON_RE = re.compile(r"-([0-9a-wyz])(?=-)", re.IGNORECASE)

_valid_tags: set[str] = set()


def is_language_tag(tag: str) -> bool:
    """Well-formed per RFC 5646 section 2.1 (syntax), including 'each singleton at most once' (section 2.2.6)."""
    if tag in _valid_tags:
        return True
    match = _LANGTAG_RE.match(tag)
    if match is None:
        return False
    ext = match.group("ext")
    if ext:
        singletons = [s.lower() for s in _SINGLETON_RE.findall(ext)]
        if len(singletons) != len(set(singletons)):
            return False
    if len(_valid_tags) < _CACHE_MAX:
        _valid_tags.add(tag)
    return True


def validate_language_map(value: object, path: str) -> None:
    """A language map: RFC 5646 language tags as keys, strings as values."""
    if type(value) is not dict:
        fail(path, f"must be a language map (an object of language tag to string), not {json_type(value)}")
    for tag, text in value.items():
        if tag not in _valid_tags and not is_language_tag(tag):
            fail(key_path(path, tag), f"{tag!r} is not a well-formed RFC 5646 language tag")
        if type(text) is not str:
            fail(key_path(path, tag), f"a language map value must be a string, not {json_type(text)}")


def validate_extensions(value: object, path: str) -> None:
    """Extensions: an object whose keys are IRIs; values are any JSON, null included (the only place nulls are)."""
    if type(value) is not dict:
        fail(path, f"must be an object of IRI to value, not {json_type(value)}")
    for key in value:
        if key not in _valid_iris:
            check_iri(key, key_path(path, key), "an extension key IRI")


# --- ISO 8601 durations ---------------------------------------------------------------------------------------------

_NUM = r"\d+(?:[.,]\d+)?"
_DURATION_RE = re.compile(
    rf"P(?:{_NUM}W|(?=\d|T\d)(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}D)?(?:T(?=\d)(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?)\Z"
)
_FRACTION_LAST_RE = re.compile(r"[^.,]*[.,]\d+[YMWDHS]\Z")


def validate_duration(value: object, path: str) -> None:
    """ISO 8601:2004 4.4.3.2 format with designators (PnYnMnDTnHnMnS, or PnW alone); a decimal fraction is allowed on
    the lowest-order component only. The alternative format (P0001-02-03T...) MUST NOT be used (Data 4.6)."""
    if type(value) is not str:
        fail(path, f"must be an ISO 8601 duration string, not {json_type(value)}")
    if _DURATION_RE.match(value) is None or (
        ("." in value or "," in value) and _FRACTION_LAST_RE.match(value) is None
    ):
        fail(path, f"must be an ISO 8601 duration such as 'PT1H30M' or 'PT4.25S' (got {value!r})")


# --- timestamps ------------------------------------------------------------------------------------------------------

_OFFSET = r"(?P<tz>Z|z|(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?)"
_TS_EXTENDED_RE = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})T(?P<h>\d{2}):(?P<mi>\d{2})"
    rf"(?::(?P<s>\d{{2}})(?:[.,](?P<f>\d+))?)?{_OFFSET}?\Z"
)
_TS_BASIC_RE = re.compile(
    r"(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})T(?P<h>\d{2})(?P<mi>\d{2})"
    r"(?:(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?"
    r"(?P<tz>Z|(?P<sign>[+-])(?P<oh>\d{2})(?P<om>\d{2})?)?\Z"
)
_TS_RFC3339_RE = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[Tt ](?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})(?:\.(?P<f>\d+))?"
    r"(?P<tz>Z|z|(?P<sign>[+-])(?P<oh>\d{2}):(?P<om>\d{2}))\Z"
)
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _match_timestamp(value: object, path: str, rfc3339: bool) -> re.Match:
    if type(value) is not str:
        fail(path, f"must be a timestamp string, not {json_type(value)}")
    if rfc3339:
        match = _TS_RFC3339_RE.match(value)
        expected = "an RFC 3339 timestamp with a time zone, such as '2024-03-01T09:30:00.000Z'"
    else:
        match = _TS_EXTENDED_RE.match(value) or _TS_BASIC_RE.match(value)
        expected = "an ISO 8601 timestamp, such as '2024-03-01T09:30:00.000Z'"
    if match is None:
        fail(path, f"must be {expected} (got {value!r})")
    year, month, day = int(match["y"]), int(match["mo"]), int(match["d"])
    if not (
        1 <= month <= 12
        and 1 <= day <= _DAYS_IN_MONTH[month]
        and (month != 2 or day < 29 or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)))
        and int(match["h"]) <= 23
        and int(match["mi"]) <= 59
        and (match["s"] is None or int(match["s"]) <= 60)  # 60: a leap second (RFC 3339 5.6)
        and year >= 1
    ):
        fail(path, f"is not a real date and time (got {value!r})")
    if match["sign"] is not None:
        hours, minutes = int(match["oh"]), int(match["om"] or 0)
        if hours > 23 or minutes > 59:
            fail(path, f"has an impossible time zone offset (got {value!r})")
        if match["sign"] == "-" and hours == 0 and minutes == 0:
            fail(
                path, "must not use a negative zero offset ('-00:00' means 'unknown local time'): use 'Z' or '+00:00'"
            )
    return match


def validate_timestamp(value: object, path: str, *, version: str) -> None:
    """ISO 8601 for 1.0.x requests (extended or basic format; time zone optional: the LRS then reads UTC); RFC 3339
    with a mandatory time zone for 2.0 requests. A negative zero offset is rejected in both (conformance suite)."""
    match = _match_timestamp(value, path, version.startswith("2"))
    if match["y"] in ("0001", "9999"):  # only there can the offset push the instant out of the storable range
        parse_timestamp(value, path=path)


def parse_timestamp(value: str, *, path: str = "timestamp") -> datetime:
    """An aware UTC datetime from any timestamp this module accepts (either version's format); naive ones are UTC.

    Precision beyond microseconds is truncated; a leap second (':60') is read as the last microsecond of the minute.
    Raises `StatementValidationError` (a `ValueError`).
    """
    if type(value) is str and (_TS_RFC3339_RE.match(value) is not None):
        match = _match_timestamp(value, path, True)
    else:
        match = _match_timestamp(value, path, False)
    second = int(match["s"] or 0)
    microsecond = int((match["f"] or "0")[:6].ljust(6, "0"))
    if second == 60:
        second, microsecond = 59, 999_999
    tz = UTC
    if match["sign"] is not None:
        delta = timedelta(hours=int(match["oh"]), minutes=int(match["om"] or 0))
        tz = timezone(-delta if match["sign"] == "-" else delta)
    moment = datetime(
        int(match["y"]), int(match["mo"]), int(match["d"]), int(match["h"]), int(match["mi"]), second, microsecond, tz
    )
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        fail(path, f"is outside the range of instants this LRS stores (got {value!r})")
