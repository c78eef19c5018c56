"""Header facts: budget year, price level, the proposing and affected administrations, the
pool asked, and the years and p/l each table heading names.

Worked (BC03, seed 000): Tabel A-C headings say 2022-2027, the values are those of 2023-2028: a
warning "overskriften siger 2022–2027, men tallene hører til 2023–2028".
"""

from __future__ import annotations

from decimal import Decimal

from kkinvest.calc.checks.base import (
    Context,
    Finding,
    Severity,
    Value,
    committee_label,
    row_name,
    stated_tables,
    table_label,
)
from kkinvest.calc.keys import (
    KeyProblem,
    proposal_shares,
    target_shares,
)
from kkinvest.formats.vocabulary import NOT_FILLED_IN, TEMPLATE_UNFILLED
from kkinvest.model import (
    MISSING,
    Kind,
    MissingField,
    PoolName,
    Proposal,
    Section,
)


def _all_stated_tables(
    proposal: Proposal,
) -> list[tuple[str, list[int] | None, int | None, set[int]]]:
    """Every stated table: its label, heading years, heading p/l and the years of its values."""
    result = []
    for name, table in stated_tables(proposal):
        years = {y for values in table.rows.values() for y in values}
        result.append((table_label(name, table), table.heading_years, table.price_level, years))
    for number, table in enumerate(proposal.stated.committee_tables, start=1):
        years = {y for values in table.rows.values() for y in values} | set(table.total or {})
        label = committee_label(table, number)
        result.append((label, table.heading_years, table.price_level, years))
    for other in proposal.stated.tables:
        years = {y for line in other.lines for y in line.values} | set(other.total or {})
        result.append((other.title, other.heading_years, other.price_level, years))
    stated = proposal.stated
    result.append(("Tabel 1", stated.heading_years, stated.price_level, set(proposal.years)))
    return result


def heading_years(proposal: Proposal, context: Context) -> list[Finding]:
    """A table heading whose years are not the years its values belong to (BC03's Tabel A-C),
    or whose price level is not the proposal's.

    Worked: BC03's Tabel A heading prints 2022-2027 over values of 2023-2028: a warning."""
    found = []
    for label, heading, level, actual_years in _all_stated_tables(proposal):
        actual = sorted(actual_years)
        if heading is not None and heading != actual:
            span = f"{heading[0]}–{heading[-1]}" if heading else "ingen år"
            values_span = f"{actual[0]}–{actual[-1]}" if actual else "ingen"
            found.append(
                Finding(
                    proposal.id,
                    Severity.WARNING,
                    "heading-years",
                    label,
                    f"overskriften siger {span}, men tallene hører til {values_span}",
                )
            )
        if level is not None and proposal.price_level is not None and level != proposal.price_level:
            found.append(
                Finding(
                    proposal.id,
                    Severity.WARNING,
                    "heading-price-level",
                    label,
                    f"overskriften angiver {level} p/l, men forslaget er i "
                    f"{proposal.price_level} p/l",
                    (Value(None, Decimal(level), Decimal(proposal.price_level)),),
                )
            )
    return found


def header(proposal: Proposal, context: Context) -> list[Finding]:
    """Header facts left empty: no budget year, no price level ("Angiv p/l"), an unfilled
    "Fremstillende forvaltning"; never guessed, always said.

    Worked: BC02's drop-down still says "Vælg forvaltning": a warning naming it."""
    found = []
    missing = [
        (proposal.budget, "Budgetår", "forslaget angiver intet budgetår"),
        (proposal.price_level, "Angiv p/l", "pris- og lønniveau er ikke angivet"),
        (
            proposal.administration,
            "Fremstillende forvaltning",
            f'fremstillende forvaltning er {NOT_FILLED_IN} ("{TEMPLATE_UNFILLED}")'
            if proposal.administration_unfilled
            else "fremstillende forvaltning er ikke angivet",
        ),
    ]
    for value, where, message in missing:
        if value is None:
            found.append(Finding(proposal.id, Severity.WARNING, "header", where, message))
    return found


NOT_GIVEN = {"committee": "Udvalg", "kind": "Forslagstype", "pool": "Pulje"}
"""The fields a proposal may load without that `check` needs, and where each is asked."""


def not_given(proposal: Proposal, context: Context) -> list[Finding]:
    """A committee, kind or pool the proposal does not give: a warning each, naming its file
    and what to fill in. What needs it is then not compared (the tables' split, the pool
    overview), and says so; everything else is checked as usual.

    Worked: BC06 without `committee`: a warning "BC06.toml, Udvalg: forslaget BC06 har intet
    udvalg (committee): udfyld 'Fremstillende forvaltning' i dokumentet, ..."."""
    source = context.sources.get(proposal.id)
    found = []
    for field, where in NOT_GIVEN.items():
        if getattr(proposal, field) is None:
            words = MISSING[field]
            found.append(
                Finding(
                    proposal.id,
                    Severity.WARNING,
                    "not-given",
                    f"{source}, {where}" if source else where,
                    f"forslaget {proposal.id} har {words.none} ({field}): {words.fill_in}",
                )
            )
    return found


def _split_rows(proposal: Proposal, context: Context) -> set[str]:
    """The committees (rows, group units folded into ØU) that get a share of the split."""
    registry = context.registry
    rows: set[str] = set()
    split = proposal.split
    if split is not None and split.fixed is not None:
        rows |= {code for code, values in split.fixed.items() if any(values.values())}
    else:
        rows |= set(proposal_shares(proposal, context.keys, registry))
        for shares in target_shares(proposal, context.keys, registry).values():
            rows |= set(shares)
        costs = split.costs if split is not None else None
        rows |= {t for t in (costs, *(x.split for x in proposal.lines)) if t in registry.row_codes}
    folded = set()
    for code in rows:
        row = registry.any_row(code)
        folded.add(row.collapse_into or code if row is not None else code)
    return folded


def affected(proposal: Proposal, context: Context) -> list[Finding]:
    """An administration whose committee gets a share of the split but is not ticked under
    "Berørte forvaltninger", and a ticked one whose committee gets none.

    Worked: a key over BUF and KFF with only BUF ticked: a warning naming
    Kultur- og Fritidsudvalget."""
    if proposal.affected is None:
        return []
    registry = context.registry
    try:
        split_rows = _split_rows(proposal, context)
    except (KeyProblem, MissingField):  # a key or the committee: reported by their own rules
        return []
    ticked = {registry.administration(code).row: code for code in proposal.affected}  # type: ignore[union-attr]
    found = []
    names = [row_name(r, registry) for r in registry.row_codes if r in split_rows - set(ticked)]
    if names:
        found.append(
            Finding(
                proposal.id,
                Severity.WARNING,
                "affected",
                "Berørte forvaltninger",
                "får en andel af fordelingen, men forvaltningen er ikke krydset af: "
                + ", ".join(names),
            )
        )
    own = registry.administration(proposal.administration or "")
    unused = [
        ticked[r] for r in ticked if r not in split_rows and (own is None or ticked[r] != own.code)
    ]
    if unused:
        found.append(
            Finding(
                proposal.id,
                Severity.WARNING,
                "affected",
                "Berørte forvaltninger",
                "krydset af, men udvalget får ingen andel af fordelingen: " + ", ".join(unused),
            )
        )
    return found


ALLOWED_POOLS = {
    Kind.INVESTMENT: {PoolName.INVESTMENT, PoolName.NONE},
    Kind.INNOVATION: {PoolName.INNOVATION, PoolName.NONE},
    Kind.EFFICIENCY: {PoolName.NONE},
}


def kind_and_pool(proposal: Proposal, context: Context) -> list[Finding]:
    """An innovation proposal with permanent savings; a proposal asking a pool it cannot ask.

    Worked: an innovation proposal with a saving of -500 in 2025: a warning (such savings
    belong in a later investment proposal); one asking the investment pool: an error."""
    found = []
    if proposal.kind is Kind.INNOVATION and any(
        line.section is Section.PERMANENT and line.counts and any(line.values.values())
        for line in proposal.lines
    ):
        found.append(
            Finding(
                proposal.id,
                Severity.WARNING,
                "kind",
                "Varige ændringer",
                "et innovationsforslag har varige ændringer (dem hører hjemme i et senere "
                "investeringsforslag)",
            )
        )
    if proposal.kind is None or proposal.pool is None:
        return found  # nothing to compare: the load's note says which is not given
    if proposal.pool not in ALLOWED_POOLS[proposal.kind]:
        found.append(
            Finding(
                proposal.id,
                Severity.ERROR,
                "pool",
                "Pulje",
                f"et {proposal.kind.value}sforslag kan ikke søge {proposal.pool.value}spuljen",
            )
        )
    return found


def price_level(proposal: Proposal, context: Context) -> list[Finding]:
    """A proposal must be written in its budget round's price level ("Forslaget skal
    udarbejdes i 2023 p/l"): budget 2023 asks for 2023 p/l. Added last (issue 15)."""
    del context
    if proposal.price_level is None or proposal.budget is None:
        return []  # a missing budget year or p/l is reported by its own rule
    if proposal.price_level == proposal.budget:
        return []
    return [
        Finding(
            proposal.id,
            Severity.ERROR,
            "price_level",
            "Tabel 1, enhed",
            f"Forslaget skal udarbejdes i {proposal.budget} p/l (budget {proposal.budget}); "
            f"det er opgjort i {proposal.price_level} p/l. Omregn med kkinvest show "
            f"{proposal.id} --price-level {proposal.budget} [--index NAVN].",
        )
    ]
