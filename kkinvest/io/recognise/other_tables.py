"""The document's tables other than Tabel 1: the technical tables A/B/C (by committee), a
committee table of sub-rows, the tables of lines by "Bevilling, profitcenter" (Tabel 2-4,
which may give a line's area), an innovation proposal's tentative business case, and each
table's own price level and heading years. A stage of the recogniser
(`document.read_proposal`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from kkinvest.io.grid import Grid, counted
from kkinvest.io.recognise.draft import (
    TECHNICAL_NAMES,
    Draft,
    OtherTableData,
    StatedLineData,
    StatedTableData,
    TechnicalName,
    TentativeData,
)
from kkinvest.io.recognise.split import NotANumber, add_series, key_weights, same_series
from kkinvest.io.recognise.tabel_1 import (
    TABLE_NUMBER,
    CellProblem,
    cell_amount,
    find_header,
    folded,
    year_of,
)
from kkinvest.registry import Registry, fold


def _caption_kind(grid: Grid) -> TechnicalName | None:
    caption = folded(grid.title)
    if "måltal" in caption:
        return "tabel_a"
    if "bevillingsmæssig" in caption:
        return "tabel_c" if re.search(r"\bikke\b", caption.replace("*", "")) else "tabel_b"
    return None


def read_other_table(grid: Grid, draft: Draft, registry: Registry) -> None:
    try:
        if key_weights(grid, registry) is not None:
            return  # a key table: read by read_split
    except NotANumber:
        return  # a key table with a figure that is none: read_split names the cell
    if "tentativ businesscase" in folded(grid.text(1, 1)) or "kriterier til prioritering" in (
        folded(grid.title)
    ):
        _tentative(grid, draft)
        return
    kind = _caption_kind(grid)
    by_committee = "effektivisering samt varige driftsomkostninger" in folded(grid.title)
    if kind is None and not by_committee and _investment_by_committee(grid):
        table = _technical_table(grid, registry, draft)
        if table is not None:
            caption = folded(grid.title)
            table["section"] = "implementering"
            area = _area_word(caption) or ("service" if "driftsomkostninger" in caption else None)
            if area:
                table["area"] = area
            draft.stated.committee_tables.append(table)
            draft.report.append((grid.where(1, 1), f"{grid.title} → stated.committee_tables"))
            return
    if kind is not None or by_committee:
        table = _technical_table(grid, registry, draft)
        if table is not None:
            if kind is None:  # BC01's 12.1: the permanent change by committee
                kind = "tabel_a"
                if any(_caption_kind(g) == "tabel_a" for g in draft.facts.grids):
                    _sub_row_table(grid, registry, draft)
                    return
            if draft.stated.technical(kind) is not None:
                draft.unplaced.append(
                    (grid.where(1, 1), f"{grid.title}: en {kind} mere; ikke læst")
                )
                return
            draft.stated.set_technical(kind, table)
            draft.report.append((grid.where(1, 1), f"{grid.title} → stated.{kind}"))
        return
    lines_table = _lines_table(grid, draft)
    if lines_table == {}:
        return
    if lines_table is not None:
        draft.stated.tables.append(lines_table)
        draft.report.append((grid.where(1, 1), f"{grid.title} → stated.tables"))
        return
    if grid.title and TABLE_NUMBER.match(grid.title):
        draft.unplaced.append((grid.where(1, 1), f"{grid.title}: ikke læst (ukendt layout)"))


def _sub_row_table(grid: Grid, registry: Registry, draft: Draft) -> None:
    """BC03's "Effektivisering samt varige driftsomkostninger" beside its Tabel A: each
    committee with the sub-rows "Besparelse" (the saving lines split by the key) and
    "Omkostninger" (the cost lines at their row). Recorded as a permanent change by committee
    with sub-rows only, which check compares sub-row by sub-row, not with Tabel A."""
    found = _year_columns(grid)
    if found is None or 2 in found[1]:
        draft.unplaced.append(
            (grid.where(1, 1), f"{grid.title}: ved siden af en Tabel A; ikke læst")
        )
        return
    header, years = found
    sub_rows: dict[str, dict[str, dict[int, Decimal]]] = {}
    current = None
    for row in range(header + 1, grid.max_row + 1):
        label, sub = grid.text(row, 1), grid.text(row, 2)
        if label:
            current = None if folded(label) in ("total", "i alt") else label
        if current is None or not sub:
            continue  # the Total row's sub-rows are the sums; check computes them
        unit = registry.row(current) or registry.any_row(current)
        if unit is None:
            draft.unplaced.append((grid.where(row, 1), f"{current!r}: ikke en Kvantum-række"))
            continue
        values = _values(grid, row, years, draft)
        if values:
            sub_rows.setdefault(unit.code, {})[sub] = values
    if not sub_rows:
        draft.unplaced.append(
            (grid.where(1, 1), f"{grid.title}: ved siden af en Tabel A; ikke læst")
        )
        return
    table: StatedTableData = {
        "title": grid.title,
        "section": "varig",
        "area": "service",
        "sub_rows": sub_rows,
    }
    draft.stated.committee_tables.append(table)
    draft.report.append((grid.where(1, 1), f"{grid.title} → stated.committee_tables (underrækker)"))


def _investment_by_committee(grid: Grid) -> bool:
    """ "Fordeling af anlægsinvesteringer", "Fordeling af driftsomkostninger til
    implementering", "Fordeling af serviceinvesteringer mellem udvalg"."""
    caption = folded(grid.title)
    return "fordeling af" in caption and ("investering" in caption or "implementering" in caption)


def _year_columns(grid: Grid) -> tuple[int, dict[int, int]] | None:
    for row in range(1, min(grid.max_row, 4) + 1):
        years = {c: y for c in range(1, grid.max_col + 1) if (y := year_of(grid.get(row, c)))}
        if len(years) >= 1 and any(c > 1 for c in years):
            return row, years
    return None


def _technical_table(grid: Grid, registry: Registry, draft: Draft) -> StatedTableData | None:
    """Tabel A/B/C: a row per Kvantum row, amounts per year, a Total row."""
    found = _year_columns(grid)
    if found is None:
        return None
    header, years = found
    rows: dict[str, dict[int, Decimal]] = {}
    total: dict[int, Decimal] | None = None
    codes: set[str] = set()
    current = ""
    for row in range(header + 1, grid.max_row + 1):
        label = grid.text(row, 1) or current  # a sub-row ("Omkostninger") under its row
        if not label:
            continue
        current = label
        values = _values(grid, row, years, draft)
        if folded(label) in ("total", "i alt", "hovedtotal", "samlet"):
            total = (
                add_series(total, values)
                if total is not None and not grid.text(row, 1)
                else (values if grid.text(row, 1) else add_series(total or {}, values))
            )
            continue
        unit = registry.row(label) or registry.any_row(label)  # also older row sets' rows
        if unit is None:  # "Om-sorgsudvalget": a hyphenation left in the text
            unit = registry.any_row(re.sub(r"-(?=[a-zæøå])", "", label))
        if unit is None:
            draft.unplaced.append((grid.where(row, 1), f"{label!r}: ikke en Kvantum-række"))
            continue
        codes.add(unit.code)
        if values:
            rows[unit.code] = add_series(rows.get(unit.code, {}), values)
        center = grid.text(row, 2) if 2 not in years else ""
        if center and center not in ("-", ".") and not center[:1].isalpha():
            draft.facts.profit_centers[unit.code] = center
    if not rows and total is None:
        return None
    table: StatedTableData = {"title": grid.title, "rows": rows}
    _own_price_level(grid, header, table, draft)
    if total is not None:
        table["total"] = total
    if codes and not codes & {"KS", "KIT", "KEID", "BYK"}:
        table["collapsed"] = True
    return table


def _values(grid: Grid, row: int, years: dict[int, int], draft: Draft) -> dict[int, Decimal]:
    values: dict[int, Decimal] = {}
    for col, year in years.items():
        try:
            amount = cell_amount(grid.get(row, col))
        except CellProblem:
            draft.unplaced.append((grid.where(row, col), f"{grid.text(row, col)!r}: ikke et tal"))
            continue
        if amount is not None:
            values[year] = amount
    return values


def _lines_table(grid: Grid, draft: Draft) -> OtherTableData | None:
    """A table that repeats Tabel 1's lines (Tabel 2-4, "Bevilling, profitcenter"): its lines
    and its total row, as printed."""
    header = find_header(grid)
    if header is None or not folded(grid.text(header, 1)).startswith(("1.000 kr", "udgift")):
        return None
    years = {c: y for c in range(2, grid.max_col + 1) if (y := year_of(grid.get(header, c)))}
    if not years:
        return None
    lines: list[StatedLineData] = []
    table: OtherTableData = {"title": grid.title or grid.name, "lines": lines}
    _own_price_level(grid, header, table, draft)
    for row in range(header + 1, grid.max_row + 1):
        label = grid.text(row, 1)
        if not label:
            continue
        values = _values(grid, row, years, draft)
        low = folded(label)
        if low.startswith(("samlet", "samlede", "i alt", "total")) or "totalt" in low:
            table["total_label"], table["total"] = label, values
            continue
        if not values:
            continue  # a section row ("Implementeringsomkostninger")
        line: StatedLineData = {"label": label, "values": values}
        center = grid.text(row, 2) if 2 not in years else ""
        if center and center not in ("-", "."):
            line["profit_center"] = center  # "KIT Anlæg": may give Tabel 1's line its area
        lines.append(line)
    if not lines:
        return None
    caption = folded(grid.title)
    other_area = re.search(
        r"(finansposter|administration|deponer)",
        caption + " " + folded(table.get("total_label", "")),
    )
    if other_area:  # not Tabel 1's areas (BC03's deposit, the administration tables)
        draft.unplaced.append(
            (grid.where(1, 1), f"{grid.title}: {other_area.group(1)} indgår ikke i Tabel 1")
        )
        return {}
    area = _area_word(caption) or _area_word(table.get("total_label", ""))
    if area:
        table["area"] = area
    if "investering" in caption or "implementering" in caption:
        table["section"] = "implementering"
    elif "varig" in caption:
        table["section"] = "varig"
    return table


_AREA_WORDS = (("anlæg", "anlæg"), ("service", "service"), ("overførsl", "overførsler"))


def _area_word(text: str) -> str | None:
    text = folded(text)
    return next((area for word, area in _AREA_WORDS if word in text), None)


def areas_from_other_tables(draft: Draft) -> None:
    """A Tabel 1 line without a Styringsområde (BC02, BC10) takes the area another table gives
    the same line: in its "Bevilling, profitcenter" column ("KIT Anlæg"), or in the table's
    caption or total ("Serviceinvesteringer i forslaget", "Investeringer totalt, service")
    when that table repeats the line, or adds up to the same section total. A guess, reported."""
    tables = draft.stated.tables
    lines = draft.lines
    for index, line in enumerate(lines):
        if line.area is not None:
            continue
        wanted = _comparable(line.label)
        for table in tables:
            table_area = _area_word(table.get("title", "")) or _area_word(
                table.get("total_label", "")
            )
            for other in table.get("lines", []):
                found = _area_word(other.get("profit_center", "")) or table_area
                same = _comparable(other.get("label", "")) == wanted or (
                    other.get("values") == line.values
                )
                if found and same and line.area is None:
                    line.area = found
                    draft.guesses[f"lines[{index + 1}].area"] = (
                        f"intet styringsområde i Tabel 1; {found} fra {table.get('title')!r}"
                    )
            section_total = (
                draft.stated.total_implementation
                if line.section == "implementering"
                else draft.stated.total_permanent
            )
            if (
                line.area is None
                and table_area
                and section_total
                and same_series(table.get("total"), section_total)
            ):
                line.area = table_area
                draft.guesses[f"lines[{index + 1}].area"] = (
                    f"intet styringsområde i Tabel 1; {table.get('title')!r} har samme total "
                    f"og siger {table_area}"
                )
    for table in tables:
        if "total" in table and not table["total"]:
            del table["total"]
    innovation = draft.kind == "innovation" or draft.pool == "innovation"
    guessed = []
    for index, line in enumerate(lines):
        if line.area is None and innovation:
            line.area = "service"
            guessed.append(index)
            draft.guesses[f"lines[{index + 1}].area"] = (
                "Styringsområde er tomt; et innovationsforslag søger innovationspuljen, som er "
                "service: service antaget"
            )
        elif line.area is None:
            draft.missing.append(f"lines[{index + 1}].area ({line.label!r})")
    if guessed:  # an area decides the pool and the split: a guess the figures rest on
        labels = ", ".join(repr(lines[index].label) for index in guessed[:3])
        more = " …" if len(guessed) > 3 else ""
        draft.warnings.append(
            (
                draft.places.get(("lines", guessed[0]), draft.source),
                f"Styringsområde er tomt for {counted(len(guessed), 'linje', 'linjer')} "
                f"({labels}{more}); service er antaget, da innovationspuljen er service. "
                "Skriv styringsområdet i Tabel 1, hvis det er et andet",
            )
        )


def _comparable(label: str) -> str:
    return re.sub(r"[^a-zæøå0-9]", "", fold(label))


def heading_years(draft: Draft) -> None:
    """A technical table whose heading prints other years than Tabel 1's, but whose total
    row is Tabel 1's net change year by year (BC03: headings 2022-2027, values of 2023-2028):
    the values are recorded under the years they belong to, the printed years as
    `heading_years` (a guess, reported)."""
    net = draft.stated.total_permanent
    if not net:
        net = {}
        for line in draft.lines:
            if line.section == "varig" and not line.memo:
                net = add_series(net, line.values)
    years = sorted(net)
    for name in TECHNICAL_NAMES:
        table = draft.stated.technical(name)
        if not table or not table.get("total"):
            continue
        printed = sorted(table["total"])
        if printed == years[: len(printed)] or len(printed) != len(years):
            continue
        if name != "tabel_c" and [table["total"][y] for y in printed] != [net[y] for y in years]:
            continue
        shift = dict(zip(printed, years, strict=True))
        table["heading_years"] = printed
        table["rows"] = {
            r: {shift[y]: v for y, v in vals.items()} for r, vals in table.get("rows", {}).items()
        }
        table["total"] = {shift[y]: v for y, v in table["total"].items()}
        draft.guesses[f"stated.{name}.heading_years"] = (
            f"overskriften siger {printed[0]}-{printed[-1]}, men totalrækken er Tabel 1's "
            f"{years[0]}-{years[-1]}; beløbene er skrevet under de år, de hører til"
        )


_CRITERIA = (
    ("tværgående", "tværgående effektivisering"),
    ("storskala", "storskala"),
    ("teknologi", "ny teknologi"),
)


_RANGE = re.compile(r"(-?\d[\d.,]*)\s*(?:-|–|til)\s*(\d[\d.,]*)")


def _thousands(text: str) -> tuple[Decimal, Decimal | None] | None:
    """An amount in 1.000 kr. as an innovation proposal's business case prints it: "600",
    "2.500 t.kr.", "1,5 - 2,5 mio.kr." (a range), "-1000" (a saving of 1000: the format
    records the potential positive)."""
    low = folded(text)
    factor = Decimal(1000) if "mio" in low else Decimal(1)
    cleaned = re.sub(r"(t\.\s*kr\.?|mio\.?\s*kr\.?|kr\.?)", "", low).strip()
    found = _RANGE.search(cleaned)
    parts = [found.group(1), found.group(2)] if found else [cleaned]
    try:
        amounts = [cell_amount(part.strip()) for part in parts]
    except CellProblem:
        return None
    if any(a is None for a in amounts):
        return None
    scaled = [
        _whole(abs(a) * factor) for a in amounts if a is not None
    ]  # positive, as the format has it
    return scaled[0], (scaled[1] if len(scaled) > 1 else None)


def _whole(amount: Decimal) -> Decimal:
    """1500.0 as 1500: a scaled amount keeps no decimals it does not need."""
    return Decimal(int(amount)) if amount == amount.to_integral_value() else amount


def _tentative(grid: Grid, draft: Draft) -> None:
    """An innovation proposal's tentative business case ("Tabel 3. Kriterier til
    prioritering"): expected spend, the budget an investment proposal is expected for, the
    potential permanent saving (a range allowed), the criteria marked with X."""
    header = next(
        (r for r in range(1, grid.max_row + 1) if folded(grid.text(r, 1)).startswith("udgift")),
        None,
    )
    if header is None or header + 1 > grid.max_row:
        draft.unplaced.append((grid.where(1, 1), f"{grid.title}: ikke læst (ukendt layout)"))
        return
    row = header + 1
    tentative: TentativeData = {}
    for col in range(1, grid.max_col + 1):
        head, text = folded(grid.text(header, col)), grid.text(row, col)
        if not text:
            continue
        if head.startswith("udgift"):
            amount = _thousands(text)
            if amount:
                tentative["expected_spend"] = amount[0]
        elif head.startswith("forventet vedtagelse"):
            year = re.search(r"budget\s*(\d{4}|\d{2})\b", folded(text))
            if year:
                value = int(year.group(1))
                tentative["investment_budget"] = value if value > 100 else 2000 + value
        elif head.startswith("potentiale for varig"):
            amount = _thousands(text)
            if amount:
                tentative["potential_saving"] = amount[0]
                if amount[1] is not None:
                    tentative["potential_saving_to"] = amount[1]
        else:
            criterion = next((name for word, name in _CRITERIA if word in head), None)
            if criterion and folded(text).startswith("x"):
                tentative.setdefault("criteria", []).append(criterion)
    if tentative:
        draft.tentative = tentative
        draft.report.append((grid.where(row, 1), f"{grid.title}: tentativ businesscase"))


_LEVEL = re.compile(r"(\d{4})\s*p\s*/\s*[l1]\b", re.IGNORECASE)  # "p/1": a typo the documents print


def _own_price_level(
    grid: Grid, header: int, table: StatedTableData | OtherTableData, draft: Draft
) -> None:
    """A table whose heading prints another p/l than Tabel 1's records it (`price_level`)."""
    texts = " ".join(grid.text(r, c) for r in range(1, header + 1) for c in range(1, 4))
    found = _LEVEL.search(texts)
    own = draft.price_level
    if found and own and int(found.group(1)) != own:
        table["price_level"] = int(found.group(1))
        draft.report.append(
            (grid.where(1, 1), f"{grid.title}: i {found.group(1)} p/l, Tabel 1 i {own} p/l")
        )
