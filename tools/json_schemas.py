"""Draft the JSON Schemas of the commands' --json output from the built-in catalogue.

    python tools/json_schemas.py        # rewrites kkinvest/schemas/*.schema.json

The drafts are read and committed like code: a changed JSON shape shows up as a diff here, and
tests/test_json_schemas.py checks every command's output against the committed schemas. Every
amount is a JSON number ("type": "number"); maps keyed by year or row code are described by
their values.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kkinvest.cli import app

HERE = Path(__file__).resolve().parent.parent / "kkinvest" / "schemas"
FOLLOWUP = ["--data", "builtin", "--data", str(HERE.parent.parent / "examples" / "followup")]
"""The built-in proposals with the invented follow-up round (examples/followup)."""
MAPS = {
    "proposals",
    "rows",
    "shares",
    "amounts",
    "values",
    "total",
    "counts",
    "totals",
    "weights",
    "stated_percent",
    "fixed",
    "profit_centers",
    "footnotes",
    "committee_labels",
    "total_permanent",
    "total_implementation",
    "total_impact",
    "area_totals",
    "tabel_a",
    "tabel_b",
    "tabel_c",
    "tables",
    "indices",
    "values_by_year",
    "expected_spend_by_year",
}

SAMPLES: dict[str, list[list[str]]] = {
    "list": [["list"]],
    "show": [
        ["show", pid]
        for pid in (
            "BC01",
            "BC02",
            "BC03",
            "BC04",
            "BC06",
            "BC07",
            "BC10",
            "BC11",
            "ENERGI-2025",
            "MOBIL-2025",
        )
    ],
    "payback": [
        ["payback", "--all"],
        ["payback", "--all", "--basis", "total"],
        ["payback", "BC04", "ENERGI-2025", "BC06"],
    ],
    "keys": [["keys"]],
    "allocate": [
        ["allocate", "--key", "intune", "BC02"],
        ["allocate", "--key", "lige", "--amount", "-100"],
        ["allocate", "BC03", "--by", "administration"],
    ],
    "tables": [["tables", "--budget", "2023"], ["tables", "--budget", "2025"]],
    "pool": [
        ["pool", "--budget", "2023"],
        ["pool", "--budget", "2025"],
        ["pool", "--budget", "2023", "--rank", "npv"],
        ["pool", "--budget", "2025", "--rank", "payback"],
    ],
    "check": [["check"]],
    "status": [
        ["status", *FOLLOWUP],
        ["status", "--year", "2025", *FOLLOWUP],
        ["status", "--committee", "ØU", "--since", "2018", *FOLLOWUP],
        ["status", "--year", "2023", *FOLLOWUP],
    ],
    "ledger": [
        ["ledger"],
        ["ledger", *FOLLOWUP],
        ["ledger", "--pool", "innovation", *FOLLOWUP],
    ],
    "npv": [["npv", "--all"]],
    "sensitivity": [["sensitivity", "--all"]],
    "rates": [["rates"]],
    "indices": [["indices"]],
    "info": [["info"]],
}
HAND_WRITTEN = {"import"}
"""Schemas written by hand (with descriptions): left alone here, still tested."""


NULLABLE = re.compile(
    r"payback|year|reason|text|stated|remaining|left_after|date|source|title|"
    r"family|note|key|proposal|budget|price_level|administration|pool"
)
"""Fields that may be null for some proposal even where the built-in catalogue has a value."""


ONE_OR_MORE = {"show", "payback", "tables", "npv", "sensitivity"}


def infer(values: list[Any], name: str = "") -> dict[str, Any]:
    types = set()
    for v in values:
        if v is None:
            types.add("null")
        elif isinstance(v, bool):
            types.add("boolean")
        elif isinstance(v, int | float):
            types.add("number")
        elif isinstance(v, str):
            types.add("string")
        elif isinstance(v, list):
            types.add("array")
        else:
            types.add("object")
    if NULLABLE.search(name) and types & {"number", "string"}:
        types.add("null")
    schema: dict[str, Any] = {"type": sorted(types)[0] if len(types) == 1 else sorted(types)}
    objects = [v for v in values if isinstance(v, dict)]
    if objects:
        keys = [k for o in objects for k in o]
        if name in MAPS or (keys and all(k.lstrip("-").isdigit() for k in keys)):
            inner = [v for o in objects for v in o.values()]
            schema["additionalProperties"] = infer(inner) if inner else {}
        else:
            names = list(dict.fromkeys(keys))
            schema["properties"] = {k: infer([o[k] for o in objects if k in o], k) for k in names}
            schema["required"] = [k for k in names if all(k in o for o in objects)]
            schema["additionalProperties"] = False
    arrays = [v for v in values if isinstance(v, list)]
    if arrays:
        items = [x for a in arrays for x in a]
        schema["items"] = infer(items, name) if items else {}
    return schema


def main() -> None:
    import tempfile

    runner = CliRunner()
    tmp = tempfile.mkdtemp()
    for command, runs in SAMPLES.items():
        outputs = []
        for args in runs:
            args = [a.replace("{tmp}", tmp) for a in args]
            result = runner.invoke(app, [*args, "--json"])
            if result.exit_code not in (0, 1):
                sys.exit(f"{args}: {result.stderr}")
            outputs.append(json.loads(result.stdout))
        flat = [x for o in outputs for x in (o if isinstance(o, list) else [o])]
        if command in ONE_OR_MORE:  # one id: an object; several, --all or --budget: a list
            item = infer(flat)
            top = {"anyOf": [item, {"type": "array", "items": item}]}
        elif all(isinstance(o, list) for o in outputs):
            top = {"type": "array", "items": infer(flat)}
        else:
            top = infer(outputs)
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"kkinvest/schemas/{command}.schema.json",
            "title": f"kkinvest {command} --json",
            **top,
        }
        (HERE / f"{command}.schema.json").write_text(
            json.dumps(schema, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"{command}: {len(outputs)} samples")


if __name__ == "__main__":
    main()
