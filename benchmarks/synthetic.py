"""Write a reproducible synthetic catalogue of N proposals, for the scale benchmarks.

    python benchmarks/synthetic.py N FOLDER [--seed 7]
    python benchmarks/synthetic.py N FOLDER --word     (N Word files, each its own id)

Realistic shapes: 5-30 lines over 4-8 years, savings and running costs, implementation costs
(some left out of payback), splits by the shipped keys, inline weights or fixed amounts,
stated figures (now and then printed wrong, as in the real documents), and a pool file per
budget year. The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import random
import string
import zipfile
from pathlib import Path
from typing import Any

import tomli_w

COMMITTEES = [
    ("ØU", "ØKF"),
    ("KFU", "KFF"),
    ("BUU", "BUF"),
    ("SOU", "SUF"),
    ("SUD", "SOF"),
    ("TMU", "TMF"),
    ("BIU", "BIF"),
]
AREAS = ["service", "service", "service", "anlæg", "overførsler"]
WORDS = [
    "Effektivisering",
    "Drift",
    "Licenser",
    "Projektledelse",
    "Udvikling",
    "Uddannelse",
    "Besparelse på indkøb",
    "Systemejerskab",
    "Konsulenter",
    "Implementering",
]


def proposal(number: int, rng: random.Random) -> dict[str, Any]:
    budget = rng.choice([2023, 2024, 2025, 2026])
    committee, administration = rng.choice(COMMITTEES)
    kind = rng.choices(["investering", "innovation"], weights=[5, 1])[0]
    first = budget - rng.choice([0, 0, 1])
    years = list(range(first, first + rng.randint(4, 8)))
    lines: list[dict[str, Any]] = []
    permanent, implementation = (
        (0, rng.randint(2, 6)) if kind == "innovation" else (rng.randint(2, 18), rng.randint(2, 12))
    )
    for i in range(permanent):
        saving = i % 3 != 2
        size = rng.randint(100, 9000)
        start = rng.randint(1, 2)
        values = {
            str(y): (-size if saving else size // 3) * min(1, (k + 1) / 3)
            for k, y in enumerate(years[start:])
        }
        lines.append(
            {
                "section": "varig",
                "label": f"{rng.choice(WORDS)} {i + 1}",
                "area": rng.choice(AREAS),
                "values": {y: round(v) for y, v in values.items()},
            }
        )
    for i in range(implementation):
        values = {str(y): rng.randint(50, 8000) for y in years[: rng.randint(1, 3)]}
        line: dict[str, Any] = {
            "section": "implementering",
            "label": f"{rng.choice(WORDS)} {i + 1}",
            "area": rng.choice(["service", "anlæg"]),
            "values": values,
        }
        if rng.random() < 0.05:
            line["in_payback"] = False
        lines.append(line)
    data: dict[str, Any] = {
        "id": f"S{number:05d}",
        "title": f"Syntetisk forslag {number}",
        "kind": kind,
        "budget": budget,
        "price_level": budget,
        "committee": committee,
        "administration": administration,
        "pool": kind,
        "lines": lines,
    }
    if kind == "investering" and rng.random() < 0.6:
        choice = rng.random()
        if choice < 0.5:
            data["split"] = {
                "key": rng.choice(["intune-2022", "intune-2023", "inventar-2018-2019", "lige"]),
                "costs": rng.choice(["KIT", "KEID", "key"]),
            }
        else:
            weights = {admin: rng.randint(1, 5000) for _, admin in rng.sample(COMMITTEES, 3)}
            data["split"] = {"key": {"weights": weights}}
    totals: dict[str, int] = {}
    for line in lines:
        if line["section"] == "varig":
            for y, v in line["values"].items():
                totals[y] = totals.get(y, 0) + v
    stated: dict[str, Any] = {}
    if totals:
        if rng.random() < 0.1:  # a printed total that is wrong, as documents have them
            year = rng.choice(list(totals))
            totals[year] += rng.choice([-100, 1, 800])
        stated["total_permanent"] = totals
        stated["payback_service"] = rng.randint(3, 12)
    if stated:
        data["stated"] = stated
    return data


def write(count: int, folder: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, count + 1):
        data = proposal(number, rng)
        (folder / f"{data['id']}.toml").write_text(tomli_w.dumps(data), "utf-8")
    for budget in (2023, 2024, 2025, 2026):
        pool = {"pool": {"budget": budget, "price_level": budget, "remaining": 500.0}}
        (folder / f"pool-{budget}.toml").write_text(tomli_w.dumps(pool), "utf-8")


DOCUMENTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "documents" / "budget-2023"


def word_files(count: int, folder: Path) -> None:
    """`count` Word files, copies of the budget 2023 proposals as the Word template holds them
    (tests/data/documents), each with its own id (XA01, XA02, …, written where the original's
    id stands in document.xml), so that a folder of them loads without duplicates."""
    originals = sorted(DOCUMENTS.glob("BC*.docx"))
    ids = [f"X{a}{n:02d}" for a in string.ascii_uppercase for n in range(1, 100)][:count]
    folder.mkdir(parents=True, exist_ok=True)
    for number, new in enumerate(ids):
        original = originals[number % len(originals)]
        with (
            zipfile.ZipFile(original) as source,
            zipfile.ZipFile(folder / f"{new}.docx", "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "word/document.xml":
                    data = data.replace(original.stem.encode(), new.encode())
                target.writestr(item, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--word", action="store_true", help="Word files instead of TOML")
    args = parser.parse_args()
    if args.word:
        word_files(args.count, args.folder)
    else:
        write(args.count, args.folder, args.seed)
    print(f"wrote {args.count} proposals to {args.folder}")


if __name__ == "__main__":
    main()
