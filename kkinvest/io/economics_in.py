"""Read the discount schedules and price indices: the ones kkinvest ships
(`kkinvest/registry/rates.toml`, `indices.toml`) and a user's own `[[indices]]` files in the
catalogue folder. Every problem names the file and the entry, in Danish."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from kkinvest.calc.npv import Band, Schedule
from kkinvest.calc.prices import PriceIndex, PriceLevelProblem, levels_from_growth
from kkinvest.calc.sensitivity import Uplift
from kkinvest.io.problems import InputError, Problem
from kkinvest.io.toml_in import read_toml

REGISTRY = Path(__file__).resolve().parent.parent / "registry"
RATES = REGISTRY / "rates.toml"
UPLIFTS = REGISTRY / "uplifts.toml"
INDICES = REGISTRY / "indices.toml"


def _number(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"{what}: forventede et tal, fik {value!r}")
    return Decimal(value)


def _optional(entry: dict[str, Any], name: str) -> Decimal | None:
    return None if entry.get(name) is None else _number(entry[name], name)


def _text(entry: dict[str, Any], name: str, required: bool = True) -> str:
    value = entry.get(name, "")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{name} mangler (en tekst)")
    return value.strip()


def parse_schedule(entry: dict[str, Any]) -> Schedule:
    bands = []
    for number, band in enumerate(entry.get("bands") or [], start=1):
        if not isinstance(band, dict):
            raise ValueError(f"bands[{number}]: forventede en tabel")
        to_year = band.get("to_year")
        bands.append(
            Band(
                int(band.get("from_year", 0)),
                None if to_year is None else int(to_year),
                _number(band.get("rate"), f"bands[{number}].rate"),
            )
        )
    if not bands:
        raise ValueError("bands mangler (mindst ét bånd med rate)")
    return Schedule(
        name=_text(entry, "name"),
        title=_text(entry, "title", required=False),
        valid_from=_text(entry, "valid_from"),
        bands=tuple(bands),
        source=_text(entry, "source"),
        date=_text(entry, "date"),
    )


def load_rates(path: Path = RATES) -> list[Schedule]:
    data = read_toml(path, str(path.name))
    schedules, problems = [], []
    for number, entry in enumerate(data.get("rates") or [], start=1):
        try:
            schedules.append(parse_schedule(entry))
        except (ValueError, TypeError) as exc:
            problems.append(Problem(str(path), str(exc), f"rates[{number}]"))
    if problems:
        raise InputError(problems)
    return schedules


def _year_values(values: Any, what: str) -> dict[int, Decimal]:
    if not isinstance(values, dict) or not values:
        raise ValueError(f"{what}: forventede en tabel år = tal, fx {{ 2023 = 104.3 }}")
    result = {}
    for year, value in values.items():
        if not (str(year).isascii() and str(year).isdigit()):
            raise ValueError(f"{what}: {year!r} er ikke et år")
        result[int(year)] = _number(value, f"{what}.{year}")
    return result


def parse_index(entry: dict[str, Any]) -> PriceIndex:
    has_levels, has_growth = "levels" in entry, "growth" in entry
    if has_levels == has_growth:
        raise ValueError("angiv enten levels eller growth (ikke begge)")
    growth = _year_values(entry["growth"], "growth") if has_growth else None
    try:
        levels = (
            levels_from_growth(growth)
            if growth is not None
            else _year_values(entry["levels"], "levels")
        )
    except PriceLevelProblem as exc:
        raise ValueError(str(exc)) from None
    if any(level <= 0 for level in levels.values()):
        raise ValueError("levels: et niveau skal være større end 0")
    return PriceIndex(
        name=_text(entry, "name"),
        title=_text(entry, "title", required=False),
        levels=levels,
        growth=growth,
        source=_text(entry, "source"),
        date=_text(entry, "date"),
        note=_text(entry, "note", required=False),
        default=_flag(entry, "default"),
    )


def _flag(entry: dict[str, Any], name: str) -> bool:
    value = entry.get(name, False)
    if not isinstance(value, bool):
        raise ValueError(f"{name}: skriv true eller false uden anførselstegn (her står {value!r})")
    return value


def parse_indices(data: dict[str, Any], source: str) -> list[PriceIndex]:
    indices, problems = [], []
    entries = data.get("indices")
    if not isinstance(entries, list):
        raise InputError([Problem(source, "indices skal være [[indices]]-tabeller")])
    for number, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        where = f"indices[{number}]" + (f" {name!r}" if isinstance(name, str) else "")
        try:
            if not isinstance(entry, dict):
                raise ValueError("forventede en tabel")
            indices.append(parse_index(entry))
        except (ValueError, TypeError) as exc:
            problems.append(Problem(source, str(exc), where))
    if problems:
        raise InputError(problems)
    return indices


def load_indices(data_path: Path | None = None) -> tuple[list[PriceIndex], dict[str, str]]:
    """The shipped indices and those in TOML files with `[[indices]]` under `data_path`; with
    the file each came from. A user's index replaces a shipped one of the same name."""
    from kkinvest.io.catalogue import catalogue_files
    from kkinvest.io.folders import shown

    found: dict[str, PriceIndex] = {}
    sources: dict[str, str] = {}
    files = [INDICES]
    if data_path is not None:
        files += [f for f in catalogue_files(data_path) if f.suffix.casefold() == ".toml"]
    problems = []
    for file in files:
        name = shown(file)
        try:
            data = read_toml(file, name)
        except InputError as exc:
            if file == INDICES:
                raise
            del exc  # a broken catalogue file is reported when the catalogue is loaded
            continue
        if "indices" not in data:
            continue
        try:
            for index in parse_indices(data, name):
                found[index.name] = index
                sources[index.name] = name
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return list(found.values()), sources


def load_uplifts(path: Path = UPLIFTS) -> list[Uplift]:
    """The optimism-bias uplifts by project type shipped with kkinvest."""
    data = read_toml(path, str(path.name))
    uplifts, problems = [], []
    for number, entry in enumerate(data.get("uplifts") or [], start=1):
        try:
            uplifts.append(
                Uplift(
                    name=_text(entry, "name"),
                    title=_text(entry, "title", required=False),
                    capex_upper=_optional(entry, "capex_upper"),
                    capex_lower=_optional(entry, "capex_lower"),
                    source=_text(entry, "source"),
                    date=_text(entry, "date"),
                    opex_upper=_optional(entry, "opex_upper"),
                    opex_lower=_optional(entry, "opex_lower"),
                    benefits_upper=_optional(entry, "benefits_upper"),
                )
            )
        except (ValueError, TypeError) as exc:
            problems.append(Problem(str(path), str(exc), f"uplifts[{number}]"))
    if problems:
        raise InputError(problems)
    return uplifts
