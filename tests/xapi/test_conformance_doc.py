"""docs/xapi-conformance.md stays complete and true: every numbered LRS requirement of xAPI 1.0.3 and 2.0
(docs/xapi-requirements.json) has a row with a test that exists, or a written reason."""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "xapi-conformance.md"
REQUIREMENTS = ROOT / "docs" / "xapi-requirements.json"
VERSIONS = ("1.0.3", "2.0")
ROW = re.compile(r"^\| (XAPI2?-\d+) \|(.*)\|(.*)\|\s*$")
REF = re.compile(r"`(tests/xapi/[\w/]+\.py)::(\w+)(?:\[([^\]`]+)\])?`")


def requirements() -> list[dict]:
    return json.loads(REQUIREMENTS.read_text(encoding="utf-8"))["requirements"]


def tables(text: str) -> dict[str, dict[str, str]]:
    """``{version: {requirement id: "test(s) or reason" cell}}`` from the ``## xAPI <version>`` tables."""
    result: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^## xAPI (\S+)\s*$", line)
        if heading:
            current = heading.group(1)
            result[current] = {}
            continue
        if line.startswith("## "):
            current = None
        row = ROW.match(line)
        if row and current:
            rid, cell = row.group(1), row.group(3).strip()
            if rid in result[current]:
                raise AssertionError(f"{rid} has two rows in the {current} table")
            result[current][rid] = cell
    return result


@cache
def module_functions(path: str) -> tuple[frozenset[str], str]:
    """The module-level test functions of a test file, and its source (to find parametrised case ids)."""
    source = (ROOT / path).read_text(encoding="utf-8")
    names = {node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
    return frozenset(names), source


def problems_of_cell(rid: str, cell: str) -> list[str]:
    refs = REF.findall(cell)
    problems = []
    if not refs and "Reason:" not in cell:
        problems.append(f"{rid}: neither a test nor a 'Reason:'")
    for path, function, case in refs:
        if not (ROOT / path).is_file():
            problems.append(f"{rid}: {path} does not exist")
            continue
        names, source = module_functions(path)
        if function not in names:
            problems.append(f"{rid}: {path}::{function} does not exist")
        elif case and not re.search(r"""["']""" + re.escape(case), source):
            problems.append(f"{rid}: no parametrised case starting with {case!r} in {path}")
    return problems


def problems_of_doc(text: str, reqs: list[dict]) -> list[str]:
    found = tables(text)
    problems = []
    for version in VERSIONS:
        table = found.get(version)
        if table is None:
            problems.append(f"no '## xAPI {version}' table")
            continue
        wanted = {r["id"] for r in reqs if version in r["versions"]}
        problems += [f"{version}: {rid} has no entry" for rid in sorted(wanted - set(table))]
        problems += [f"{version}: {rid} is not a {version} requirement" for rid in sorted(set(table) - wanted)]
        for rid in sorted(wanted & set(table)):
            problems += [f"{version}: {problem}" for problem in problems_of_cell(rid, table[rid])]
    return problems


# --- the real document ---------------------------------------------------------------------------------------------


def test_the_requirement_list_is_complete():
    reqs = requirements()
    ids = [r["id"] for r in reqs]
    assert len(ids) == len(set(ids))
    numbered = {f"XAPI-{n:05d}" for n in range(1, 336)} - {"XAPI-00136"}  # the 1.0.3 document has no 00136
    assert {i for i in ids if i.startswith("XAPI-")} == numbered
    assert {r["id"] for r in reqs if "1.0.3" in r["versions"]} == numbered
    removed_in_2_0 = {"XAPI-00137", "XAPI-00138"}
    assert {
        r["id"] for r in reqs if "2.0" in r["versions"] and r["id"].startswith("XAPI-")
    } == numbered - removed_in_2_0
    assert all(r["text"] and r["section"] and set(r["versions"]) <= set(VERSIONS) for r in reqs)


def test_every_requirement_has_a_test_or_a_reason_and_every_test_exists():
    problems = problems_of_doc(DOC.read_text(encoding="utf-8"), requirements())
    assert not problems, "\n".join(problems)


def test_every_known_lrs_bug_is_listed():
    """Each xfail conformance test is a known gap: it must be in the doc's "Known gaps" table."""
    text = DOC.read_text(encoding="utf-8")
    gaps = text.split("## Known gaps", 1)[1].split("\n## ", 1)[0]
    for path in sorted((ROOT / "tests" / "xapi").glob("test_conformance_*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and any("xfail" in ast.unparse(d) for d in node.decorator_list):
                assert f"{path.name}::{node.name}" in gaps, f"{path.name}::{node.name} is xfail but not listed"


def test_every_conformance_test_is_referenced():
    text = DOC.read_text(encoding="utf-8")
    referenced = {(path, function) for path, function, _case in REF.findall(text)}
    for path in sorted((ROOT / "tests" / "xapi").glob("test_conformance_*.py")):
        if path.name == Path(__file__).name:
            continue
        relative = f"tests/xapi/{path.name}"
        for name in sorted(module_functions(relative)[0]):
            if name.startswith("test_"):
                assert (relative, name) in referenced or f"{path.name}::{name}" in text, f"{relative}::{name}"


# --- the checker itself ----------------------------------------------------------------------------------------------

REQS = [
    {"id": "XAPI-00001", "section": "Data 2.2", "text": "x", "versions": ["1.0.3", "2.0"]},
    {"id": "XAPI2-01", "section": "2.0", "text": "y", "versions": ["2.0"]},
]
THIS = "tests/xapi/test_conformance_doc.py"
CASES = "tests/xapi/test_conformance_statements.py"


def doc(v1_cell: str, v2_rows: str) -> str:
    return f"## xAPI 1.0.3\n\n| XAPI-00001 | x | {v1_cell} |\n\n## xAPI 2.0\n\n{v2_rows}\n"


GOOD_V2 = f"| XAPI-00001 | x | Reason: none. |\n| XAPI2-01 | y | `{THIS}::test_the_requirement_list_is_complete` |"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (doc(f"`{THIS}::tables`", GOOD_V2), []),
        (doc(f"`{CASES}::test_accepted[XAPI-00119]`", GOOD_V2), []),
        (doc("", GOOD_V2), ["1.0.3: XAPI-00001: neither a test nor a 'Reason:'"]),
        (doc("Reason: x", "| XAPI-00001 | x | Reason: y |"), ["2.0: XAPI2-01 has no entry"]),
        (doc(f"`{THIS}::renamed`", GOOD_V2), [f"1.0.3: XAPI-00001: {THIS}::renamed does not exist"]),
        (doc("`tests/xapi/gone.py::test_x`", GOOD_V2), ["1.0.3: XAPI-00001: tests/xapi/gone.py does not exist"]),
        (
            doc(f"`{CASES}::test_accepted[XAPI-09999]`", GOOD_V2),
            [f"1.0.3: XAPI-00001: no parametrised case starting with 'XAPI-09999' in {CASES}"],
        ),
        (doc("Reason: x", GOOD_V2 + "\n| XAPI-00002 | z | Reason: z |"), ["2.0: XAPI-00002 is not a 2.0 requirement"]),
        ("## xAPI 1.0.3\n\n| XAPI-00001 | x | Reason: x |\n", ["no '## xAPI 2.0' table"]),
    ],
)
def test_the_checker(text, expected):
    assert problems_of_doc(text, REQS) == expected
