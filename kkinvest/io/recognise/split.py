"""How a proposal's permanent changes are split over the committees, as the document gives it:
a key table (weights that equal a key kkinvest knows become that key; percentages, weights or
amounts as printed otherwise), the header's "Fordeling…" lines a Bilag prints, and a key the
text claims ("KFF: 30.634 m2"). A stage of the recogniser (`document.read_proposal`); every
guess is reported as one.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from kkinvest.formats.keys import WEIGHTS_UNIT, key_named
from kkinvest.io.grid import Block, Grid, Paragraph
from kkinvest.io.recognise.draft import Draft, KeyData, SplitData
from kkinvest.io.recognise.tabel_1 import (
    CellProblem,
    cell_amount,
    folded,
)
from kkinvest.registry import Registry

if TYPE_CHECKING:
    from kkinvest.model import Key


def add_series(a: dict[int, Decimal], b: dict[int, Decimal]) -> dict[int, Decimal]:
    return {y: a.get(y, Decimal(0)) + b.get(y, Decimal(0)) for y in sorted(set(a) | set(b))}


def same_series(a: dict[int, Decimal] | None, b: dict[int, Decimal]) -> bool:
    if not a:
        return False
    years = set(a) | set(b)
    return all(a.get(y, Decimal(0)) == b.get(y, Decimal(0)) for y in years)


class NotANumber(Exception):
    """A key table's figure that is not a number: the table is not read as a key."""

    def __init__(self, where: str, text: str) -> None:
        super().__init__(where, text)
        self.where = where
        self.text = text


def key_weights(grid: Grid, registry: Registry) -> dict[str, Decimal] | None:
    """A key table ("Forvaltning | Ca. antal enheden | Procentvis fordeling", "Forvaltning |
    Gennemsnitligt forbrug | Fordelingsnøgle"): weights per administration, as printed.
    Raises NotANumber for a figure that is none (the report names the cell)."""
    if grid.max_col < 2:
        return None
    heading = folded(grid.text(1, 1))
    names = [grid.text(r, 1).rstrip("*").strip() for r in range(2, grid.max_row + 1)]
    admins = [n for n in names if registry.administration(n) is not None]
    if not heading.startswith("forvaltning") and not (heading == "" and len(admins) >= 3):
        return None
    weights: dict[str, Decimal] = {}
    for row in range(2, grid.max_row + 1):
        name = grid.text(row, 1).rstrip("*").strip()
        admin = registry.administration(name)
        if admin is None:
            continue
        value = grid.get(row, 2)
        if isinstance(value, str):  # "12,5 %": a key printed as percentages
            value = value.strip().removesuffix("%").strip()
        try:
            amount = cell_amount(value)
        except CellProblem:
            raise NotANumber(grid.where(row, 2), grid.text(row, 2)) from None
        if amount is not None:
            weights[admin.code] = amount
    return weights or None


def _in_percent(grid: Grid) -> bool:
    """Whether a key table's figures (column B) are percentages: the heading says
    "Procentvis fordeling" or "%", or the cells print "%"."""
    heading = folded(grid.text(1, 2))
    if "procent" in heading or "%" in heading:
        return True
    cells = [grid.text(r, 2) for r in range(2, grid.max_row + 1) if grid.text(r, 2)]
    return bool(cells) and all(cell.endswith("%") for cell in cells)


def read_split(grids: list[Grid], draft: Draft, registry: Registry) -> None:
    """The split over the Kvantum rows, where the document shows it:

    - a key table whose weights are those of a key kkinvest knows: that key by name; another
      key table: its weights inline (both reported as guesses);
    - no key table but a Tabel A: the split is Tabel A's amounts as printed (split.fixed),
      where they add up to the permanent change;
    - the cost lines go to the Tabel B row that holds exactly their sum (BC03: Københavns
      Ejendomme).
    Otherwise the split is left out, and the report says so."""
    if draft.facts.split_stated:
        _stated_split(draft, registry)
        return
    split: SplitData = {}
    for grid in grids:
        try:
            weights = key_weights(grid, registry)
        except NotANumber as bad:
            draft.unplaced.append(
                (bad.where, f"{grid.title}: {bad.text!r} er ikke et tal; ikke læst som nøgle")
            )
            continue
        if weights is None:
            continue
        name = _known_key(weights, registry)
        if name:
            split["key"] = name
            draft.guesses["split.key"] = f"{grid.title!r} har nøglen {name!r}s vægte"
        elif _in_percent(grid):  # check reports it if the percentages do not add up to 100
            split["key"] = {"percent": weights}
            draft.guesses["split.key"] = f"procenterne fra {grid.title!r}, som trykt"
        else:
            split["key"] = {"weights": weights}
            draft.guesses["split.key"] = f"vægtene fra {grid.title!r}, som trykt"
        draft.report.append((grid.where(1, 1), f"{grid.title}: fordelingsnøgle"))
        break
    tabel_a, tabel_b = draft.stated.tabel_a, draft.stated.tabel_b
    permanent = [ln for ln in draft.lines if ln.section == "varig" and not ln.memo]
    costs = [ln for ln in permanent if all(v >= 0 for v in ln.values.values())]
    if "key" not in split and tabel_a:
        fixed = tabel_a.get("rows", {})
        net: dict[int, Decimal] = {}
        for line in permanent:
            net = add_series(net, line.values)
        by_rows: dict[int, Decimal] = {}
        for values in fixed.values():
            by_rows = add_series(by_rows, values)
        if fixed and same_series(by_rows, net):
            split["fixed"] = fixed
            draft.guesses["split.fixed"] = (
                f"ingen fordelingsnøgle i dokumentet; beløbene fra {tabel_a.get('title')!r}"
            )
    if costs and "key" in split and tabel_b:
        cost_sum: dict[int, Decimal] = {}
        for line in costs:
            cost_sum = add_series(cost_sum, line.values)
        for code, values in tabel_b.get("rows", {}).items():
            if same_series(values, {y: v for y, v in cost_sum.items() if v}):
                split["costs"] = code
                draft.guesses["split.costs"] = (
                    f"omkostningslinjerne står samlet i {tabel_b.get('title')!r} under {code}"
                )
                break
    if (
        costs
        and "key" in split
        and "costs" not in split
        and tabel_a
        and tabel_b
        and tabel_a.get("rows") == tabel_b.get("rows")
    ):
        split["costs"] = "key"
        draft.guesses["split.costs"] = (
            "Tabel A og B er ens: omkostningerne fordeles efter nøglen som besparelserne"
        )
    if costs and "key" in split and "costs" not in split:
        draft.missing.append(
            'split.costs: hvor omkostningslinjerne lander (en Kvantum-række, eller "key"), '
            "kan ikke læses af dokumentet; uden det lander de på forslagets eget udvalg"
        )
    centers = draft.facts.profit_centers
    if split and centers:
        split["profit_centers"] = centers
    if split:
        draft.split = split
    elif tabel_a or tabel_b:
        draft.missing.append(
            "split (fordelingsnøglen): dokumentet trykker Tabel A-C, men ikke en nøgle "
            "kkinvest kan læse; skriv [split] selv"
        )


def _inline_key(value: str, where: str, draft: Draft) -> KeyData | None:
    """A key as the Bilag prints it inline ("vægte i m²: ØKF 2, SOF 1", "procent ...",
    "ligeligt ØKF, SOF"; formats/keys.py); None (and a problem) where it cannot be read."""
    kind, _, rest = value.strip().partition(" ")
    kind = folded(kind)
    if kind == "ligeligt":
        return {"equal": [name.strip() for name in rest.split(",") if name.strip()]}
    if kind in ("vægte", "procent"):
        unit = WEIGHTS_UNIT.match(rest.strip()) if kind == "vægte" else None
        rest = unit.group("rest") if unit else rest
        weights: dict[str, Decimal] = {}
        for part in rest.split(", "):
            name, _, figure = part.strip().rpartition(" ")
            try:
                amount = cell_amount(figure)
            except CellProblem:
                amount = None
            if not name or amount is None:
                draft.problems.append((where, f"{part.strip()!r} er ikke 'forvaltning tal'"))
                return None
            weights[name] = amount
        if unit:
            return {"weights": weights, "unit": unit.group("unit")}
        return {"weights": weights} if kind == "vægte" else {"percent": weights}
    return None


def _stated_split(draft: Draft, registry: Registry) -> None:
    """The split as kkinvest's Bilag states it in words (render/docx_out.py `split_facts`):
    read as printed, nothing guessed. Fixed amounts are Tabel A's rows, as printed."""
    facts = draft.facts.split_stated
    tabel_a = draft.stated.tabel_a
    split: SplitData = {}
    how, where = facts.get("fordeling", ("", ""))
    if folded(how).startswith("faste beløb"):
        if tabel_a:
            rows = tabel_a.get("rows", {}).items()  # Tabel A prints every row; 0 is none
            split["fixed"] = {code: v for code, v in rows if any(v.values())}
        else:
            draft.problems.append((where, "faste beløb, men ingen Tabel A at læse dem af"))
    if "fordelingsnøgle" in facts:
        value, where = facts["fordelingsnøgle"]
        inline = _inline_key(value, where, draft)
        if inline is not None:
            split["key"] = inline
        elif folded(value).startswith("sammensat"):
            draft.problems.append(
                (
                    where,
                    "en sammensat fordelingsnøgle står ikke i Bilaget; "
                    "læs forslaget fra dets TOML-fil",
                )
            )
        elif value.split():
            name = _key_by_words(value, where, draft, registry)
            if name is not None:
                split["key"] = name
        else:
            draft.problems.append((where, "Fordelingsnøgle: ingen nøgle angivet"))
    if "omkostninger fordeles" in facts:
        value, where = facts["omkostninger fordeles"]
        split["costs"] = "key" if folded(value) == "efter nøglen" else _target(value, registry)
    if "teksten fordeler efter" in facts:
        value, where = facts["teksten fordeler efter"]
        claimed = _inline_key(value, where, draft)
        if claimed is not None:
            split["claimed_key"] = claimed
    centers = draft.facts.profit_centers
    if split and centers:
        split["profit_centers"] = centers
    if split:
        draft.split = split
    targets = draft.facts.line_splits
    for line in draft.lines:
        for printed, target in targets.items():
            if line.label == printed:
                line.split = _target(target, registry)
    unmatched = set(targets) - {line.label for line in draft.lines}
    for label in sorted(unmatched):
        draft.problems.append((draft.source, f"linjen {label!r} står ikke i Tabel 1"))


def _shipped_keys(registry: Registry) -> list[Key]:
    from kkinvest.io.entries import parse_keys, shipped_keys_path
    from kkinvest.io.toml_in import read_toml

    path = shipped_keys_path()
    return parse_keys(read_toml(path, str(path)), str(path), registry)


def _known_key(weights: dict[str, Decimal], registry: Registry) -> str | None:
    for key in _shipped_keys(registry):
        if key.weights and {k: Decimal(v) for k, v in key.weights.items()} == weights:
            return key.name
    return None


def _key_by_words(value: str, where: str, draft: Draft, registry: Registry) -> str | None:
    """The key "Fordelingsnøgle: …" names: by its title and date as the Bilag prints them
    (formats/keys.py), or by its name (a Bilag written before 4 December 2026); None and a
    problem where it names no known key."""
    name = key_named(value, _shipped_keys(registry))
    if name is not None:
        return name
    if len(value.split()) == 1:
        return value.strip()
    draft.problems.append(
        (where, f"fordelingsnøglen »{value}« er ingen kendt nøgle; skriv dens navn i [split] key")
    )
    return None


def _target(value: str, registry: Registry) -> str:
    """Where costs or a line go ("Omkostninger fordeles: …"): a key by its words, else as
    printed (a Kvantum row such as KIT, or a key's name)."""
    return key_named(value, _shipped_keys(registry)) or value


_AREA_SHARE = re.compile(r"^\s*([A-ZÆØÅa-zæøå][\w -]*?)\s*:\s*([\d.]+)\s*m(?:2|²)\s*$")


def read_claimed_key(blocks: list[Block], draft: Draft, registry: Registry) -> None:
    """Where the split is fixed amounts and the text lists a share per administration
    ("KFF: 30.634 m2", "BUF: 39.475 m2"), that list is the key the text claims (BC01):
    `kkinvest check` compares the amounts with it."""
    split = draft.split
    if split is None or "fixed" not in split:
        return
    weights: dict[str, Decimal] = {}
    where = ""
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        match = _AREA_SHARE.match(block.text)
        admin = registry.administration(match.group(1)) if match else None
        if match and admin is not None:
            try:
                amount = cell_amount(match.group(2))
            except CellProblem as problem:
                draft.unplaced.append((block.where, f"fordeling efter areal: {problem}"))
                continue
            if amount is not None:
                weights[admin.code] = amount
                where = where or block.where
        elif len(weights) >= 2:
            break
        else:
            weights, where = {}, ""
    if len(weights) >= 2:
        split["claimed_key"] = {"weights": weights, "unit": "m²"}  # what _AREA_SHARE reads
        draft.guesses["split.claimed_key"] = f"teksten fordeler efter areal ({where})"
