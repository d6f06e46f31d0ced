"""Benchmark: cost of `validate_statements` per statement, against the cost of `json.loads` of the same statements.

Prints one JSON line; never asserts. Run: `.venv/bin/python bench/lrs_validate.py`.
"""

import json
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xapi.validation import validate_statements

STATEMENTS = 1000
ROUNDS = 25
TARGET_US = 20
SITE = "https://cafeia.example.gouv.fr"
VERBS = {
    "experienced": "http://adlnet.gov/expapi/verbs/experienced",
    "progressed": "http://adlnet.gov/expapi/verbs/progressed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "attended": "http://adlnet.gov/expapi/verbs/attended",
}


def _actor(rng: random.Random) -> dict:
    return {"objectType": "Agent", "account": {"homePage": SITE, "name": f"{rng.getrandbits(128):032x}"}}


def _group(rng: random.Random) -> dict:
    return {
        "objectType": "Group",
        "name": f"Cohorte {rng.randint(1, 80)}",
        "member": [_actor(rng) for _ in range(rng.randint(2, 5))],
    }


def _activity(rng: random.Random, interaction: bool) -> dict:
    lesson = rng.randint(1, 120)
    definition = {
        "name": {"fr-FR": f"Leçon {lesson}", "en-US": f"Lesson {lesson}"},
        "description": {"fr-FR": "Comprendre les usages de l'IA"},
        "type": "http://adlnet.gov/expapi/activities/lesson",
        "extensions": {f"{SITE}/xapi/extensions/module": rng.randint(1, 12)},
    }
    if interaction:
        definition.update(
            type="http://adlnet.gov/expapi/activities/cmi.interaction",
            interactionType="choice",
            correctResponsesPattern=["golf[,]tetris"],
            choices=[
                {"id": c, "description": {"en-US": c.title()}} for c in ("golf", "facebook", "tetris", "scrabble")
            ],
        )
    return {
        "objectType": "Activity",
        "id": f"{SITE}/lecons/{lesson}?subContentId={uuid.uuid4()}",
        "definition": definition,
    }


def _context(rng: random.Random, v2: bool) -> dict:
    context = {
        "registration": str(uuid.uuid4()),
        "contextActivities": {
            "parent": [{"id": f"{SITE}/modules/{rng.randint(1, 12)}", "objectType": "Activity"}],
            "grouping": [{"id": f"{SITE}/programme"}],
            "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}],
        },
        "platform": "Café IA Formation",
        "language": "fr-FR",
        "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": str(uuid.uuid4())},
    }
    if v2:
        context["contextAgents"] = [
            {"objectType": "contextAgent", "agent": _actor(rng), "relevantTypes": [f"{SITE}/roles/trainer"]}
        ]
    return context


def _result(rng: random.Random) -> dict:
    raw = rng.randint(0, 20)
    return {
        "score": {"scaled": raw / 20, "raw": raw, "min": 0, "max": 20},
        "success": raw >= 10,
        "completion": True,
        "response": "golf[,]tetris",
        "duration": rng.choice(["PT1H30M", "PT4.25S", "PT12M3S", "P1DT2H", "PT45S"]),
    }


def build_statements(count: int = STATEMENTS, seed: int = 42) -> tuple[list[dict], list[dict]]:
    """`count` varied valid statements: (1.0.x ones, 2.0 ones)."""
    rng = random.Random(seed)
    v1, v2 = [], []
    for index in range(count):
        is_v2 = index % 20 == 0
        verb = rng.choice(list(VERBS))
        statement = {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "actor": _group(rng) if index % 10 == 0 else _actor(rng),
            "verb": {"id": VERBS[verb], "display": {"en-US": verb, "fr-FR": verb}},
            "object": _activity(rng, interaction=verb == "answered"),
            "timestamp": f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0{rng.randint(0, 9)}:3{rng.randint(0, 9)}"
            f":00.{rng.randint(100, 999)}Z",
        }
        if index % 3:
            statement["context"] = _context(rng, is_v2)
        if verb in ("answered", "passed", "completed"):
            statement["result"] = _result(rng)
        if index % 25 == 1:
            statement["object"] = {
                "objectType": "SubStatement",
                "actor": _actor(rng),
                "verb": {"id": VERBS["completed"], "display": {"en-US": "completed"}},
                "object": _activity(rng, interaction=False),
            }
            statement.get("context", {}).pop("platform", None)
        (v2 if is_v2 else v1).append(statement)
    return v1, v2


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
    except OSError:
        return "uncommitted"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "uncommitted"


def main() -> None:
    v1, v2 = build_statements()
    blob_v1, blob_v2 = json.dumps(v1), json.dumps(v2)
    count = len(v1) + len(v2)
    validate_statements(v1, version="1.0.3")  # warm-up (and proof the corpus is valid)
    validate_statements(v2, version="2.0.0")
    rounds, loads_rounds = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        json.loads(blob_v1)
        json.loads(blob_v2)
        loads_rounds.append((time.perf_counter() - start) / count * 1e6)
        start = time.perf_counter()
        validate_statements(v1, version="1.0.3")
        validate_statements(v2, version="2.0.0")
        rounds.append((time.perf_counter() - start) / count * 1e6)
    rounds.sort()
    print(
        json.dumps(
            {
                "bench": "lrs_validate",
                "statements": count,
                "rounds": ROUNDS,
                "us_per_statement_median": round(statistics.median(rounds), 2),
                "us_per_statement_p95": round(rounds[min(len(rounds) - 1, int(len(rounds) * 0.95))], 2),
                "target_us": TARGET_US,
                "ceiling_json_loads_us": round(statistics.median(loads_rounds), 2),
                "ratio_to_json_loads": round(statistics.median(rounds) / statistics.median(loads_rounds), 2),
                "python": sys.version.split()[0],
                "commit": _commit(),
            }
        )
    )


if __name__ == "__main__":
    main()
