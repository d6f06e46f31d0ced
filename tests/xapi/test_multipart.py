import hashlib
import json
import time

import pytest

from xapi.multipart import MultipartError, build_multipart_mixed, check_attachments, parse_multipart_mixed

TEXT = b"here is a simple attachment"
TEXT_SHA2 = "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"  # xAPI Communication 1.5.2 example
BOUNDARY = "abcABC0123'()+_,-./:=?"  # the spec example's: "chosen to demonstrate valid character classes"
CONTENT_TYPE = f'multipart/mixed; boundary="{BOUNDARY}"'


def attachment(sha2=TEXT_SHA2, content_type="text/plain; charset=ascii", **extra):
    return {
        "usageType": "http://example.com/attachment-usage/test",
        "display": {"en-US": "A test attachment"},
        "contentType": content_type,
        "length": 27,
        "sha2": sha2,
        **extra,
    }


STATEMENT = {
    "actor": {"mbox": "mailto:sample.agent@example.com", "name": "Sample Agent", "objectType": "Agent"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
    "object": {"id": "http://www.example.com/tincan/activities/multipart", "objectType": "Activity"},
    "attachments": [attachment()],
}
JSON = json.dumps(STATEMENT).encode()


def part(headers, content, eol="\r\n"):
    return eol.join([*headers, "", ""]).encode() + content


def body(*parts, boundary=BOUNDARY, eol="\r\n", preamble=b"", epilogue=b""):
    delimiter, newline = f"--{boundary}".encode(), eol.encode()
    return (
        preamble
        + delimiter
        + newline
        + (newline + delimiter + newline).join(parts)
        + newline
        + delimiter
        + b"--"
        + epilogue
    )


def json_part(content=JSON, content_type="application/json", eol="\r\n"):
    return part([f"Content-Type:{content_type}"] if content_type else [], content, eol)


def text_part(content=TEXT, sha2=TEXT_SHA2, eol="\r\n", extra=(), encoding="binary"):
    headers = ["Content-Type:text/plain"]
    headers += [f"Content-Transfer-Encoding:{encoding}"] if encoding else []
    headers += [f"X-Experience-API-Hash:{sha2}"] if sha2 else []
    return part([*headers, *extra], content, eol)


def test_the_example_of_the_specification():
    # Communication 1.5.2.s6, which starts with the CRLF of an empty preamble
    raw = body(json_part(), text_part(), preamble=b"\r\n")
    statements, parts = parse_multipart_mixed(raw, CONTENT_TYPE)
    assert json.loads(statements) == STATEMENT
    assert parts == {TEXT_SHA2: ("text/plain", TEXT)}
    check_attachments([json.loads(statements)], parts)


@pytest.mark.parametrize(
    ("preamble", "epilogue"),
    [
        (b"", b""),
        (b"This is a preamble, ignored.\r\n", b"\r\nThis is an epilogue, ignored."),
        (b"\r\n", b"\r\n"),
    ],
)
def test_preamble_and_epilogue_are_ignored(preamble, epilogue):
    statements, parts = parse_multipart_mixed(
        body(json_part(), text_part(), preamble=preamble, epilogue=epilogue), CONTENT_TYPE
    )
    assert statements == JSON and parts[TEXT_SHA2][1] == TEXT


def test_transport_padding_after_a_boundary_is_allowed():
    raw = body(json_part(), text_part()).replace(f"--{BOUNDARY}\r\n".encode(), f"--{BOUNDARY}  \r\n".encode())
    assert parse_multipart_mixed(raw, CONTENT_TYPE)[1][TEXT_SHA2][1] == TEXT


def test_bare_lf_bodies_are_read_with_lf_throughout():
    raw = body(json_part(eol="\n"), text_part(eol="\n"), eol="\n")
    assert parse_multipart_mixed(raw, CONTENT_TYPE) == (JSON, {TEXT_SHA2: ("text/plain", TEXT)})


def test_binary_content_is_kept_byte_for_byte():
    content = bytes(range(256)) * 4 + b"\r\n--not-the-boundary\r\n\r\n" + b"\r\n"
    sha2 = hashlib.sha256(content).hexdigest()
    _statements, parts = parse_multipart_mixed(body(json_part(), text_part(content, sha2)), CONTENT_TYPE)
    assert parts[sha2][1] == content


@pytest.mark.parametrize("algorithm", ["sha224", "sha256", "sha384", "sha512"])
def test_sha2_family(algorithm):
    sha2 = hashlib.new(algorithm, TEXT).hexdigest()
    _statements, parts = parse_multipart_mixed(body(json_part(), text_part(sha2=sha2.upper())), CONTENT_TYPE)
    assert parts == {sha2: ("text/plain", TEXT)}


def test_header_names_are_case_insensitive_and_may_be_folded():
    extra = ("content-disposition: attachment;", '  filename="text_data.txt"')
    raw = body(json_part(content_type="Application/JSON; charset=UTF-8"), text_part(extra=extra))
    assert parse_multipart_mixed(raw, CONTENT_TYPE)[1][TEXT_SHA2][1] == TEXT


def test_the_same_attachment_sent_twice_is_kept_once():
    _statements, parts = parse_multipart_mixed(body(json_part(), text_part(), text_part()), CONTENT_TYPE)
    assert list(parts) == [TEXT_SHA2]


def test_no_attachment_parts():
    assert parse_multipart_mixed(body(json_part()), CONTENT_TYPE) == (JSON, {})


def test_a_part_without_content_type_header():
    raw = body(json_part(), part(["Content-Transfer-Encoding: binary", f"X-Experience-API-Hash: {TEXT_SHA2}"], TEXT))
    assert parse_multipart_mixed(raw, CONTENT_TYPE)[1] == {TEXT_SHA2: ("", TEXT)}


@pytest.mark.parametrize(
    ("content_type", "message"),
    [
        ("multipart/mixed", "no boundary parameter"),
        ("multipart/mixed;", "no boundary parameter"),
        ('multipart/mixed; boundary=""', "no boundary parameter"),
        ("multipart/mixed; boundary=" + "x" * 71, "boundary is not valid"),
        ('multipart/mixed; boundary="ends with space "', "boundary is not valid"),
        ("multipart/form-data; boundary=abc", "must be multipart/mixed"),
        ("application/json", "must be multipart/mixed"),
        ("", "must be multipart/mixed"),
    ],
)
def test_invalid_content_type_header(content_type, message):
    with pytest.raises(MultipartError, match=message):
        parse_multipart_mixed(body(json_part(), text_part()), content_type)


def _invalid_bodies():
    good = body(json_part(), text_part())
    wrong_hash = hashlib.sha256(b"something else").hexdigest()
    return [
        (
            "boundary of the header absent from the body",
            body(json_part(), boundary="other"),
            "does not contain the boundary",
        ),
        ("no close delimiter", good[: -len(f"--{BOUNDARY}--")], "missing close delimiter"),
        ("close delimiter only", f"--{BOUNDARY}--".encode(), "has no parts"),
        (
            "boundary followed by other characters",
            good.replace(
                f"--{BOUNDARY}\r\nContent-Type:text".encode(), f"--{BOUNDARY}X\r\nContent-Type:text".encode()
            ),
            "followed by other characters",
        ),
        (
            "first delimiter line malformed",
            good.replace(f"--{BOUNDARY}\r\n".encode(), f"--{BOUNDARY}X\r\n".encode(), 1),
            "first multipart boundary line",
        ),
        (
            "first part not application/json",
            body(json_part(content_type="text/plain"), text_part()),
            "first part must hold the statements",
        ),
        (
            "first part without Content-Type",
            body(json_part(content_type=None), text_part()),
            "first part must hold the statements",
        ),
        (
            "statements split over two parts",
            body(json_part(), json_part(), text_part()),
            "Part 2 has no X-Experience-API-Hash",
        ),
        (
            "part without X-Experience-API-Hash",
            body(json_part(), text_part(sha2=None)),
            "Part 2 has no X-Experience-API-Hash",
        ),
        (
            "hash that is not the content's",
            body(json_part(), text_part(sha2=wrong_hash)),
            "does not match the SHA-256 of its content",
        ),
        ("SHA-512 mismatch", body(json_part(), text_part(sha2="ab" * 64)), "does not match the SHA-512"),
        (
            "hash of an unknown length",
            body(json_part(), text_part(sha2="ab" * 20)),
            "not a hexadecimal SHA-224/256/384/512",
        ),
        ("hash not hexadecimal", body(json_part(), text_part(sha2="zz" * 32)), "not a hexadecimal"),
        (
            "no Content-Transfer-Encoding",
            body(json_part(), text_part(encoding=None)),
            "Content-Transfer-Encoding: binary",
        ),
        (
            "base64 Content-Transfer-Encoding",
            body(json_part(), text_part(encoding="base64")),
            "Content-Transfer-Encoding: binary",
        ),
        (
            "header line without a colon",
            body(json_part(), text_part(extra=(TEXT_SHA2,))),
            "Part 2 has a malformed header line",
        ),
        (
            "duplicate hash header",
            body(json_part(), text_part(extra=(f"X-Experience-API-Hash: {TEXT_SHA2}",))),
            "header x-experience-api-hash twice",
        ),
        (
            "part without blank line after headers",
            body(json_part(), b"Content-Type: text/plain"),
            "Part 2 has no empty line",
        ),
    ]


@pytest.mark.parametrize(("reason", "raw", "message"), _invalid_bodies(), ids=[case[0] for case in _invalid_bodies()])
def test_invalid_bodies(reason, raw, message):
    with pytest.raises(MultipartError, match=message):
        parse_multipart_mixed(raw, CONTENT_TYPE)


def test_conformance_too_many_parts_body():
    # test/v1_0_3/templates/attachments/basic_text_too_many_multipart_attachment_valid.part (XAPI-00128)
    another = b"here is another simple attachment"
    broken = part(
        ["Content-Type: text/plain", "Content-Transfer-Encoding: binary", hashlib.sha256(another).hexdigest()], another
    )
    with pytest.raises(MultipartError, match="malformed header line"):
        parse_multipart_mixed(body(json_part(), text_part(), broken), CONTENT_TYPE)


def test_too_many_parts():
    raw = body(json_part(), *[text_part()] * 3)
    assert parse_multipart_mixed(raw, CONTENT_TYPE, max_parts=4)
    with pytest.raises(MultipartError, match="more than 3 parts"):
        parse_multipart_mixed(raw, CONTENT_TYPE, max_parts=3)


def test_too_many_bytes():
    raw = body(json_part(), text_part())
    assert parse_multipart_mixed(raw, CONTENT_TYPE, max_bytes=len(raw))
    with pytest.raises(MultipartError, match=f"exceeds the limit of {len(raw) - 1} bytes"):
        parse_multipart_mixed(raw, CONTENT_TYPE, max_bytes=len(raw) - 1)


def test_parsing_is_linear_on_large_bodies():
    def timed(size):
        content = (b"-\r\n--abc\r" * (size // 9))[:size]  # near-miss delimiters everywhere
        raw = body(json_part(), text_part(content, hashlib.sha256(content).hexdigest()))
        started = time.perf_counter()
        parse_multipart_mixed(raw, CONTENT_TYPE, max_bytes=10**9)
        return time.perf_counter() - started

    small = min(timed(2_000_000) for _ in range(3))  # best of 3: relative timings hold on a loaded machine
    large = min(timed(16_000_000) for _ in range(3))
    assert large < small * 8 * 4  # 8x the data: far from quadratic (~64x)


# --- check_attachments --------------------------------------------------------------------------------------------

PDF = b"%PDF-1.7 ..."
PDF_SHA2 = hashlib.sha256(PDF).hexdigest()
PARTS = {TEXT_SHA2: ("text/plain", TEXT)}


@pytest.mark.parametrize(
    ("reason", "statements", "parts"),
    [
        ("one attachment, one part", [STATEMENT], PARTS),
        ("no attachments, no parts", [{**STATEMENT, "attachments": []}], {}),
        (
            "fileUrl attachment without part",
            [{**STATEMENT, "attachments": [attachment(fileUrl="http://x/f.txt")]}],
            {},
        ),
        (
            "fileUrl attachment with its part too",
            [{**STATEMENT, "attachments": [attachment(fileUrl="http://x/f.txt")]}],
            PARTS,
        ),
        ("one part shared by two statements", [STATEMENT, STATEMENT], PARTS),
        ("sha2 declared in upper case", [{**STATEMENT, "attachments": [attachment(sha2=TEXT_SHA2.upper())]}], PARTS),
        ("part without Content-Type", [STATEMENT], {TEXT_SHA2: ("", TEXT)}),
        (
            "media type parameters are not compared",
            [{**STATEMENT, "attachments": [attachment(content_type="Text/Plain")]}],
            {TEXT_SHA2: ("text/plain; charset=utf-8", TEXT)},
        ),
        (
            "SubStatement attachment",
            [
                {
                    **STATEMENT,
                    "attachments": [],
                    "object": {"objectType": "SubStatement", "attachments": [attachment()]},
                }
            ],
            PARTS,
        ),
    ],
)
def test_matching_attachments(reason, statements, parts):
    check_attachments(statements, parts)


@pytest.mark.parametrize(
    ("reason", "statements", "parts", "message"),
    [
        (
            "attachment without fileUrl nor part",
            [STATEMENT],
            {},
            f"Statement 0: the attachment with sha2 {TEXT_SHA2} has no fileUrl",
        ),
        (
            "second statement's attachment missing",
            [STATEMENT, {**STATEMENT, "attachments": [attachment(sha2=PDF_SHA2)]}],
            PARTS,
            f"Statement 1: the attachment with sha2 {PDF_SHA2}",
        ),
        (
            "part not declared by any statement",
            [STATEMENT],
            {**PARTS, PDF_SHA2: ("application/pdf", PDF)},
            f"X-Experience-API-Hash {PDF_SHA2} is not an attachment of any statement",
        ),
        (
            "parts but no attachments",
            [{**STATEMENT, "attachments": []}],
            PARTS,
            "is not an attachment of any statement",
        ),
        (
            "part media type differs",
            [STATEMENT],
            {TEXT_SHA2: ("image/png", TEXT)},
            "declares contentType text/plain but its part has Content-Type image/png",
        ),
    ],
)
def test_mismatched_attachments(reason, statements, parts, message):
    with pytest.raises(MultipartError, match=message):
        check_attachments(statements, parts)


# --- build ----------------------------------------------------------------------------------------------------------


def test_round_trip_build_then_parse():
    statements = json.dumps(
        [STATEMENT, {**STATEMENT, "attachments": [attachment(sha2=PDF_SHA2, content_type="application/pdf")]}]
    ).encode()
    built, content_type = build_multipart_mixed(
        statements,
        [(TEXT_SHA2, "text/plain", TEXT), (PDF_SHA2, "application/pdf", PDF), (TEXT_SHA2, "text/plain", TEXT)],
    )
    assert content_type.startswith('multipart/mixed; boundary="xapi-')
    assert built.count(b"X-Experience-API-Hash") == 2  # one copy of data shared between statements
    parsed_statements, parts = parse_multipart_mixed(built, content_type)
    assert parsed_statements == statements
    assert parts == {TEXT_SHA2: ("text/plain", TEXT), PDF_SHA2: ("application/pdf", PDF)}
    check_attachments(json.loads(parsed_statements), parts)


def test_build_without_attachments():
    built, content_type = build_multipart_mixed(JSON, [])
    assert parse_multipart_mixed(built, content_type) == (JSON, {})


def test_build_chooses_a_boundary_absent_from_the_content(monkeypatch):
    tokens = iter(["0" * 32, "1" * 32])
    monkeypatch.setattr("xapi.multipart.secrets.token_hex", lambda _n: next(tokens))
    content = b"--xapi-" + b"0" * 32
    built, content_type = build_multipart_mixed(JSON, [(hashlib.sha256(content).hexdigest(), "text/plain", content)])
    assert "1" * 32 in content_type
    assert parse_multipart_mixed(built, content_type)[1][hashlib.sha256(content).hexdigest()][1] == content
