"""Array parameters in PostgreSQL's binary array format, built in bulk (decision 0007, session 5).

psycopg dumps a Python list element by element in Python (finding the element type, choosing and upgrading a
dumper, packing each element): about a third of a single POST's app CPU for the ~23 arrays of the write path. Here
each array is built by C-level iteration (`map`, `zip`, `bytes.join`: no Python bytecode per element) into a
`bytes` subclass whose psycopg dumper, registered once per connection, returns it as is with the array's oid.

The format (`array_recv`): ndim, has-null flag, element oid, then per dimension its length and lower bound (1),
then per element a 4-byte length (-1: NULL) and the element's binary form. An empty array is ndim 0. Integers are
big-endian.
"""

from __future__ import annotations

import functools
import struct
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from itertools import chain, repeat
from operator import floordiv, methodcaller, sub

_HEAD = struct.Struct("!iiiii").pack  # ndim 1, has null, element oid, length, lower bound
_EMPTY = struct.Struct("!iii").pack  # ndim 0, no null, element oid
_LEN = struct.Struct("!i").pack
_INT8 = struct.Struct("!q").pack
_NULL = _LEN(-1)
_LEN1, _LEN8, _LEN16 = _LEN(1), _LEN(8), _LEN(16)
_BOOL = (b"\x00", b"\x01")  # indexed by False / True
_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # timestamptz: microseconds since then
_MICROSECOND = timedelta(microseconds=1)
_NO_HYPHEN = methodcaller("replace", "-", "")


class PgArray(bytes):
    """An array parameter already encoded; `oid` is the array type's, `element` its element type's."""

    __slots__ = ()
    oid = 0
    element = 0


class TextArray(PgArray):
    __slots__ = ()
    oid, element = 1009, 25


class Int8Array(PgArray):
    __slots__ = ()
    oid, element = 1016, 20


class BoolArray(PgArray):
    __slots__ = ()
    oid, element = 1000, 16


class UuidArray(PgArray):
    __slots__ = ()
    oid, element = 2951, 2950


class TimestamptzArray(PgArray):
    __slots__ = ()
    oid, element = 1185, 1184


ARRAY_TYPES = (TextArray, Int8Array, BoolArray, UuidArray, TimestamptzArray)


def _build(cls: type[PgArray], count: int, items, *, has_null: bool = False) -> PgArray:
    """`items`: an iterable of (length prefix, element bytes) pairs, flattened."""
    if not count:
        return _EMPTY_ARRAYS[cls]
    return cls(b"".join(chain((_HEAD(1, int(has_null), cls.element, count, 1),), items)))


_EMPTY_ARRAYS = {cls: cls(_EMPTY(0, 0, cls.element)) for cls in ARRAY_TYPES}  # bytes: one instance serves all
# one element, not NULL: the usual case of a single statement (a third of the arrays are empty, most others hold one)
_ONE = {cls: _HEAD(1, 0, cls.element, 1, 1) for cls in ARRAY_TYPES}
_TEXT_ONE, _INT8_ONE, _UUID_ONE, _TIMESTAMPTZ_ONE = (
    _ONE[TextArray],
    _ONE[Int8Array] + _LEN8,
    _ONE[UuidArray] + _LEN16,
    _ONE[TimestamptzArray] + _LEN8,
)
_BOOL_ONE = (BoolArray(_ONE[BoolArray] + _LEN1 + b"\x00"), BoolArray(_ONE[BoolArray] + _LEN1 + b"\x01"))


def _with_nulls(cls: type[PgArray], values: Sequence, encode: Callable[[object], bytes]) -> PgArray:
    """The rare path: an element by element loop for arrays holding NULLs."""
    parts = []
    for value in values:
        if value is None:
            parts.append(_NULL)
        else:
            data = encode(value)
            parts += (_LEN(len(data)), data)
    return _build(cls, len(values), parts, has_null=True)


def text_array(values: Sequence[str | None]) -> TextArray:
    """text[] (UTF-8: Django's PostgreSQL connections use it); a `varchar(n)[]` cast in SQL checks the lengths."""
    if len(values) == 1 and values[0] is not None:
        data = values[0].encode()
        return TextArray(_TEXT_ONE + _LEN(len(data)) + data)
    if None in values:
        return _with_nulls(TextArray, values, str.encode)
    encoded = list(map(str.encode, values))
    prefixed = zip(map(_LEN, map(len, encoded)), encoded, strict=True)
    return _build(TextArray, len(encoded), chain.from_iterable(prefixed))


def int8_array(values: Sequence[int]) -> Int8Array:
    if len(values) == 1:
        return Int8Array(_INT8_ONE + _INT8(values[0]))
    return _build(Int8Array, len(values), chain.from_iterable(zip(repeat(_LEN8), map(_INT8, values))))


def bool_array(values: Sequence[bool]) -> BoolArray:
    if len(values) == 1:
        return _BOOL_ONE[values[0]]
    return _build(BoolArray, len(values), chain.from_iterable(zip(repeat(_LEN1), map(_BOOL.__getitem__, values))))


def _uuid_bytes(value: str) -> bytes:
    try:
        raw = bytes.fromhex(value.replace("-", ""))
    except ValueError:
        raw = b""
    return raw if len(raw) == 16 else uuid.UUID(value).bytes


def uuid_array(values: Sequence[str | None]) -> UuidArray:
    """uuid[] from UUID strings (validated: 8-4-4-4-12 hexadecimal digits, any case)."""
    if len(values) == 1 and values[0] is not None:
        return UuidArray(_UUID_ONE + _uuid_bytes(values[0]))
    if None in values:
        return _with_nulls(UuidArray, values, _uuid_bytes)
    try:
        raw = list(map(bytes.fromhex, map(_NO_HYPHEN, values)))
    except ValueError:
        raw = []
    if len(raw) != len(values) or sum(map(len, raw)) != 16 * len(raw):  # not the usual form: `uuid.UUID` reads it
        raw = list(map(_uuid_bytes, values))
    return _build(UuidArray, len(raw), chain.from_iterable(zip(repeat(_LEN16), raw)))


def _timestamptz_bytes(value: datetime) -> bytes:
    return _INT8((value - _PG_EPOCH) // _MICROSECOND)


def timestamptz_array(values: Sequence[datetime | None]) -> TimestamptzArray:
    """timestamptz[] from aware datetimes (microseconds since 2000-01-01 UTC)."""
    if len(values) == 1 and values[0] is not None:
        return TimestamptzArray(_TIMESTAMPTZ_ONE + _timestamptz_bytes(values[0]))
    if None in values:
        return _with_nulls(TimestamptzArray, values, _timestamptz_bytes)
    micros = map(floordiv, map(sub, values, repeat(_PG_EPOCH)), repeat(_MICROSECOND))
    return _build(TimestamptzArray, len(values), chain.from_iterable(zip(repeat(_LEN8), map(_INT8, micros))))


_ENCODERS = {
    "text": text_array,
    "bigint": int8_array,
    "boolean": bool_array,
    "uuid": uuid_array,
    "timestamp with time zone": timestamptz_array,
}


def encoder_for(db_type: str) -> Callable[[Sequence], PgArray]:
    """The encoder for a column of this database type (`varchar(n)` is sent as text)."""
    return _ENCODERS["text" if db_type.startswith("varchar") else db_type]


@functools.cache
def _dumpers() -> list[tuple[type[PgArray], type]]:
    from psycopg import pq
    from psycopg.adapt import Dumper

    class PgArrayDumper(Dumper):
        format = pq.Format.BINARY

        def dump(self, obj: PgArray) -> bytes:
            return obj

    return [(cls, type(f"{cls.__name__}Dumper", (PgArrayDumper,), {"oid": cls.oid})) for cls in ARRAY_TYPES]


def register_dumpers(adapters) -> None:
    """Register on a psycopg connection's adapters (once per connection) the dumpers that pass our arrays as they
    are: one lookup by type per cursor, no per-element work."""
    for cls, dumper in _dumpers():
        adapters.register_dumper(cls, dumper)
