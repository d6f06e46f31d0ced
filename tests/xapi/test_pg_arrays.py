"""The write path's array parameters, encoded by us in PostgreSQL's binary array format (decision 0007, session 5):
PostgreSQL reads back exactly what psycopg's own list dumping would have sent."""

from __future__ import annotations

import struct
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import connection

from xapi import pg_arrays
from xapi.pg_arrays import bool_array, int8_array, text_array, timestamptz_array, uuid_array

TEXTS = ["", "a", 'é"\\{}, \t\n', "x" * 5000, "NULL", "🙂", '{"id":"1","v":[1,2]}']
INTS = [0, 1, -1, 2**63 - 1, -(2**63), 123_456_789_012]
UUIDS = [str(uuid.uuid4()) for _ in range(3)] + ["ABCDEF01-2345-6789-ABCD-EF0123456789"]
MOMENTS = [
    datetime(2026, 11, 29, 16, 0, 0, 123_000, tzinfo=UTC),
    datetime(1970, 1, 1, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2026, 1, 1, 5, tzinfo=timezone(timedelta(hours=2))),
]


def test_the_format_by_hand():
    assert int8_array([7]) == struct.pack("!iiiiiiq", 1, 0, 20, 1, 1, 8, 7)
    assert bool_array([True, False]) == struct.pack("!iiiiiicic", 1, 0, 16, 2, 1, 1, b"\x01", 1, b"\x00")
    assert text_array(["é"]) == struct.pack("!iiiiii", 1, 0, 25, 1, 1, 2) + "é".encode()
    assert text_array(["a", None]) == struct.pack("!iiiiiicI", 1, 1, 25, 2, 1, 1, b"a", 0xFFFFFFFF)
    assert uuid_array([UUIDS[0]]) == struct.pack("!iiiiii", 1, 0, 2950, 1, 1, 16) + uuid.UUID(UUIDS[0]).bytes
    assert timestamptz_array([datetime(2000, 1, 1, 0, 0, 1, tzinfo=UTC)]) == struct.pack(
        "!iiiiiiq", 1, 0, 1184, 1, 1, 8, 1_000_000
    )
    for encode, element in ((text_array, 25), (int8_array, 20), (bool_array, 16), (uuid_array, 2950),
                            (timestamptz_array, 1184)):  # fmt: skip
        assert encode([]) == struct.pack("!iii", 0, 0, element)


def test_a_uuid_in_an_unusual_form_is_read_by_uuid():
    assert uuid_array(["{" + UUIDS[0] + "}"]) == uuid_array([UUIDS[0]])
    with pytest.raises(ValueError):
        uuid_array(["not-a-uuid"])


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own reading of the arrays")
@pytest.mark.parametrize(
    ("encode", "sql_type", "values", "expected"),
    [
        (text_array, "text", TEXTS, TEXTS),
        (text_array, "text", ["a", None, "b"], ["a", None, "b"]),
        (text_array, "varchar(500)", ["abc"], ["abc"]),
        (int8_array, "bigint", INTS, INTS),
        (bool_array, "boolean", [True, False, True], [True, False, True]),
        (uuid_array, "uuid", UUIDS, [uuid.UUID(u) for u in UUIDS]),
        (uuid_array, "uuid", [UUIDS[0], None], [uuid.UUID(UUIDS[0]), None]),
        (timestamptz_array, "timestamptz", MOMENTS, MOMENTS),
        (timestamptz_array, "timestamptz", [MOMENTS[0], None], [MOMENTS[0], None]),
        (text_array, "text", ["é"], ["é"]),
        (int8_array, "bigint", [42], [42]),
        (bool_array, "boolean", [True], [True]),
        (bool_array, "boolean", [False], [False]),
        (uuid_array, "uuid", UUIDS[-1:], [uuid.UUID(UUIDS[-1])]),
        (timestamptz_array, "timestamptz", MOMENTS[:1], MOMENTS[:1]),
        (uuid_array, "uuid", [None], [None]),
        (text_array, "text", [], []),
        (int8_array, "bigint", [], []),
        (uuid_array, "uuid", [], []),
    ],
)
def test_postgresql_reads_what_was_encoded(encode, sql_type, values, expected):
    import psycopg

    connection.ensure_connection()
    with psycopg.connect(connection.connection.info.dsn, autocommit=True) as conn:  # a connection of its own
        pg_arrays.register_dumpers(conn.adapters)
        with conn.cursor() as cursor:
            cursor.execute(f"SELECT %b::{sql_type}[]", [encode(values)], prepare=True)
            (got,) = cursor.fetchone()
            assert got == expected
            cursor.execute(f"SELECT %b::{sql_type}[] IS NOT DISTINCT FROM %b::{sql_type}[]", [encode(values), values])
            assert cursor.fetchone() == (True,)  # the same array as psycopg's own dumping of the list
