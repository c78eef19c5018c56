"""Issue 10: a `check` rule for every new kind of printed figure, each with a hand-worked case."""

from __future__ import annotations

import json
from decimal import Decimal

from kkinvest.calc import checks
from kkinvest.calc.checks import Context, Severity
from kkinvest.calc.keys import proposal_shares, target_shares
from kkinvest.calc.tables import tables
from kkinvest.cli import app
from kkinvest.model import Key
from kkinvest.registry import default_registry

REGISTRY = default_registry()

# -338 a year split equally over six committees: an exact sixth is -56,333...
SIX = """
[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = { 2024 = -338 }

[split]
key = { equal = ["ØU", "KFU", "BUU", "SOU", "SUD", "TMU"] }
"""


def run(proposal, rule, keys=None):
    return rule(proposal, Context(keys or {}, REGISTRY))


def brief(found):
    return [(f.severity.value, f.rule, f.where) for f in found]


def test_cells_printed_with_decimals_are_compared_at_that_precision(make_proposal) -> None:
    rows = "\n".join(
        f'rows."{r}" = {{ 2024 = -56.33 }}' for r in ["ØU", "KFU", "BUU", "SOU", "SUD"]
    )
    p = make_proposal(SIX + f"\n[stated.tabel_a]\n{rows}\nrows.TMU = {{ 2024 = -56.35 }}\n")
    found = run(p, checks.technical_tables)
    # -56,33 is the exact sixth at two decimals: no finding; -56,35 is 0,02 off: a note
    assert brief(found) == [("bemærkning", "technical-cell", "Tabel A, Teknik- og Miljøudvalget")]
    assert [(v.stated, v.computed) for v in found[0].values] == [
        (Decimal("-56.35"), Decimal("-56.33"))
    ]


def test_rows_of_an_older_row_set_are_compared_as_todays_rows(make_proposal) -> None:
    p = make_proposal(
        SIX.replace('"ØU", "KFU", "BUU", "SOU", "SUD", "TMU"', '"ØU", "KFU"')
        + """
[stated.tabel_a]
rows."Økonomiudvalget - ekskl. koncernenheder" = { 2024 = -169 }
rows."Kultur- og Fritidsudvalget - inkl. koncernenhed" = { 2024 = -150 }
total = { 2024 = -338 }
"""
    )
    found = run(p, checks.technical_tables)
    assert brief(found) == [
        ("fejl", "technical-cell", "Tabel A, Kultur- og Fritidsudvalget - inkl. koncernenhed"),
        ("advarsel", "technical-sum", "Tabel A, Total"),
    ]


def test_two_biu_rows_side_by_side_are_added_up(make_proposal) -> None:
    p = make_proposal(
        SIX.replace('"ØU", "KFU", "BUU", "SOU", "SUD", "TMU"', '"BIU"')
        + """
[stated.tabel_a]
rows."Beskæftigelses- og Integrationsudvalget - EI" = { 2024 = -210 }
rows."Beskæftigelses- og Integrationsudvalget" = { 2024 = -128 }
percent."BIU-EI" = 62
percent."BIU" = 38
total = { 2024 = -338 }
"""
    )
    found = run(p, checks.technical_tables)
    # 62 + 38 = 100 % of BIU's whole share: no finding
    assert found == []


SUB = """
[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = { 2024 = -100 }

[[lines]]
section = "varig"
label = "Omkostning"
area = "service"
values = { 2024 = 40 }

[split]
key = { equal = ["KFU", "BUU"] }
costs = "key"
"""


def test_sub_rows_are_compared_with_the_saving_and_cost_lines(make_proposal) -> None:
    p = make_proposal(
        SUB
        + """
[stated.tabel_a]
sub_rows.KFU = { Effektivisering = { 2024 = -50.00 }, Omkostning = { 2024 = 20.00 } }
sub_rows.BUU = { Effektivisering = { 2024 = -50.00 }, Omkostning = { 2024 = 25.00 } }
rows.BUU = { 2024 = -30 }
total = { 2024 = -60 }
"""
    )
    found = run(p, checks.technical_tables)
    # BUU's row (-30) is right; -50 + 25 is not -30 (the document against itself, first), and
    # its cost sub-row (25) is not half of 40 (against the split)
    assert brief(found) == [
        ("advarsel", "technical-sub-sum", "Tabel A, Børne- og Ungdomsudvalget"),
        ("fejl", "technical-sub-row", "Tabel A, Børne- og Ungdomsudvalget, Omkostning"),
    ]


def test_percentages_that_add_to_99_99_are_a_note_and_a_wrong_one_an_error(
    make_proposal,
) -> None:
    p = make_proposal(
        SIX.replace('"ØU", "KFU", "BUU", "SOU", "SUD", "TMU"', '"KFU", "BUU", "TMU"')
        + """
[stated.tabel_a]
rows.KFU = { 2024 = -113 }
rows.BUU = { 2024 = -113 }
rows.TMU = { 2024 = -112 }
percent.KFU = 33.33
percent.BUU = 33.33
percent.TMU = 33.33
total = { 2024 = -338 }
"""
    )
    assert brief(run(p, checks.technical_tables)) == [
        ("bemærkning", "technical-percent", "Tabel A, procent i alt")
    ]
    wrong = make_proposal(
        SIX.replace('"ØU", "KFU", "BUU", "SOU", "SUD", "TMU"', '"KFU", "BUU"')
        + "\n[stated.tabel_a]\npercent.KFU = 60\npercent.BUU = 40\ntotal = { 2024 = -338 }\n"
    )
    found = run(wrong, checks.technical_tables)
    assert ("fejl", "technical-percent", "Tabel A, procent") in brief(found)


def test_a_row_printed_as_100_percent_with_the_amount_in_the_total(make_proposal) -> None:
    p = make_proposal(
        SIX.replace('"ØU", "KFU", "BUU", "SOU", "SUD", "TMU"', '"BUU"')
        + "\n[stated.tabel_a]\npercent.BUU = 100\ntotal = { 2024 = -338 }\ntotal_percent = 100\n"
    )
    assert run(p, checks.technical_tables) == []
    wrong = make_proposal(
        SIX.replace('"ØU", "KFU", "BUU", "SOU", "SUD", "TMU"', '"BUU"')
        + "\n[stated.tabel_a]\npercent.BUU = 100\ntotal = { 2024 = -300 }\n"
    )
    assert ("fejl", "technical-total", "Tabel A, Total") in brief(
        run(wrong, checks.technical_tables)
    )


def test_costs_by_a_key_of_their_own_and_a_split_per_line(make_proposal) -> None:
    keys = {"halv": Key(name="halv", weights={"TMF": 1, "SOF": 1})}
    p = make_proposal(
        """
[[lines]]
section = "varig"
label = "Besparelse i BUF"
area = "service"
split = "BUF"
values = { 2024 = -100 }

[[lines]]
section = "varig"
label = "Besparelse i KFF"
area = "service"
split = "KFU"
values = { 2024 = -60 }

[[lines]]
section = "varig"
label = "Drift"
area = "service"
values = { 2024 = 30 }

[split]
key = { equal = ["BUU", "KFU"] }
costs = "halv"
"""
    )
    shares = proposal_shares(p, keys, REGISTRY)
    t = tables(p, shares, REGISTRY, target_shares(p, keys, REGISTRY))
    a, b, c = (t[n].rows for n in "ABC")
    assert (a["BUU"][2024], a["KFU"][2024]) == (-85, -45)  # own lines + the cost by the key
    assert (b["BUU"][2024], b["KFU"][2024], b["TMU"][2024], b["SUD"][2024]) == (-100, -60, 15, 15)
    assert (c["TMU"][2024], c["SUD"][2024], c["BUU"][2024], c["KFU"][2024]) == (15, 15, -15, -15)
    assert sum(t["B"].total.values()) == -130 and sum(t["C"].total.values()) == 0


def test_investment_by_committee_is_compared_with_the_implementation_lines(make_proposal) -> None:
    p = make_proposal(
        """
[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = { 2024 = -500 }

[[lines]]
section = "implementering"
label = "Udvikling"
area = "anlæg"
split = "KIT"
values = { 2023 = 1350, 2024 = 650 }

[[lines]]
section = "implementering"
label = "Uddannelse"
area = "service"
values = { 2023 = 300 }

[[stated.committee_tables]]
title = "Fordeling af anlægsinvesteringer"
section = "implementering"
area = "anlæg"
rows."Koncern IT" = { 2023 = 1350, 2024 = 600 }
total = { 2023 = 1350, 2024 = 650 }
"""
    )
    found = run(p, checks.committee_tables)
    assert brief(found) == [
        ("fejl", "technical-cell", "Fordeling af anlægsinvesteringer, Koncern IT"),
        ("advarsel", "technical-sum", "Fordeling af anlægsinvesteringer, Total"),
    ]


def test_heading_years_and_price_level_of_every_table(make_proposal) -> None:
    p = make_proposal(
        SIX
        + """
[stated]
price_level = 2022
heading_years = [2023]

[[stated.tables]]
title = "Tabel 2. Varige ændringer, service"
heading_years = [2023]
price_level = 2023
lines = [{ label = "Effektivisering", values = { 2024 = -338 } }]
"""
    )
    assert brief(run(p, checks.heading_years)) == [
        ("advarsel", "heading-years", "Tabel 2. Varige ændringer, service"),
        ("advarsel", "heading-years", "Tabel 1"),
        ("advarsel", "heading-price-level", "Tabel 1"),
    ]


def test_a_key_printed_only_as_percentages() -> None:
    key = Key(name="p", percent={"BUF": Decimal("45.78"), "SOF": Decimal("54.23")})
    found = checks.check_key(key, {"p": key}, REGISTRY)
    assert [(f.severity.value, f.where) for f in found] == [
        ("bemærkning", "Procentvis fordeling (vægtene), i alt")
    ]
    assert found[0].values[0].stated == Decimal("100.01")


def test_key_findings_name_their_rows() -> None:
    key = Key(name="k", weights={"BUF": 1, "SOF": 2}, stated_percent={"BUF": 40, "SOF": 60})
    (*_, wrong) = checks.check_key(key, {"k": key}, REGISTRY)
    assert [v.row for v in wrong.values] == ["BUF", "SOF"]


PAYBACK = """
[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = { 2023 = -100, 2024 = -300 }

[[lines]]
section = "varig"
label = "Overførsler"
area = "overførsler"
values = { 2023 = -500 }

[[lines]]
section = "implementering"
label = "Projektledelse"
area = "anlæg"
values = { 2023 = 500 }
"""


def test_one_break_even_payback_is_reported_once(make_proposal) -> None:
    # service: 100, 400, 700 -> 3 years; total: 600 >= 500 -> 1 year
    assert run(make_proposal(PAYBACK + "\n[stated]\npayback = 3\n"), checks.stated_paybacks) == []
    assert run(make_proposal(PAYBACK + "\n[stated]\npayback = 1\n"), checks.stated_paybacks) == []
    found = run(make_proposal(PAYBACK + "\n[stated]\npayback = 6\n"), checks.stated_paybacks)
    assert brief(found) == [("fejl", "payback", "Tilbagebetalingstid (Break Even)")]
    assert "3 år på serviceeffektivisering og 1 år på totaløkonomi" in found[0].message


def test_a_line_printed_under_another_label(make_proposal) -> None:
    named = make_proposal(
        PAYBACK
        + """
[[stated.tables]]
title = "Tabel 4. Anlægsinvesteringer"
lines = [{ label = "Intern projektleder", same_as = "Projektledelse", values = { 2023 = 450 } }]
"""
    )
    found = run(named, checks.other_tables)
    assert brief(found) == [
        ("fejl", "same-line", "Tabel 4. Anlægsinvesteringer, Intern projektleder")
    ]
    assert "i Tabel 1 hedder den 'Projektledelse'" in found[0].message
    # without same_as: values that agree in most years find the line, the one that differs is told
    found = run(
        make_proposal(
            PAYBACK
            + """
[[stated.tables]]
title = "Tabel 2"
lines = [{ label = "Gevinst", values = { 2023 = -100, 2024 = -310, 2025 = 0 } }]
"""
        ),
        checks.other_tables,
    )
    assert [(v.year, v.stated, v.computed) for v in found[0].values] == [(2024, -310, -300)]
    # one year of two is not "most years": no match, no finding
    found = run(
        make_proposal(
            PAYBACK
            + """
[[stated.tables]]
title = "Tabel 2"
lines = [{ label = "Gevinst", values = { 2023 = -100, 2024 = -310 } }]
"""
        ),
        checks.other_tables,
    )
    assert found == []


def test_a_total_in_another_table_is_compared_with_tabel_1(make_proposal) -> None:
    p = make_proposal(
        PAYBACK
        + """
[[stated.tables]]
title = "Tabel 3"
total_label = "Investeringer totalt, anlæg"
total = { 2023 = 550 }
"""
    )
    found = run(p, checks.other_tables)
    assert brief(found) == [("fejl", "other-total", "Tabel 3, Investeringer totalt, anlæg")]
    assert [(v.stated, v.computed) for v in found[0].values] == [(550, 500)]


CLAIMS = """
[[lines]]
section = "varig"
label = "Energibesparelser"
area = "service"
values = { 2023 = -575, 2024 = -1898 }

[[lines]]
section = "implementering"
label = "Anlægsinvestering"
area = "anlæg"
values = { 2023 = 9810 }
"""


def test_claims_in_the_text(make_proposal) -> None:
    good = (
        CLAIMS
        + """
[[stated.claims]]
what = "investment"
value = 9.8
unit = "mio. kr."

[[stated.claims]]
what = "saving"
value = 1898
year = 2024
text = "svarende til 1.898 t. kr. årligt efter fuld implementering"

[[stated.claims]]
what = "line"
line = "Energibesparelser"
year = 2023
value = 575
"""
    )
    assert run(make_proposal(good), checks.claims) == []
    bad = (
        CLAIMS
        + """
[[stated.claims]]
what = "investment"
value = 26.2
unit = "mio. kr."
where = "afsnit 2"

[[stated.claims]]
what = "payback"
value = 3
unit = "år"
"""
    )
    found = run(make_proposal(bad), checks.claims)
    assert brief(found) == [("fejl", "claim", "Teksten, afsnit 2"), ("fejl", "claim", "Teksten")]
    assert (found[0].values[0].stated, found[0].values[0].computed) == (
        Decimal("26.2"),
        Decimal("9.8"),
    )


def test_a_potential_saving_stated_in_two_places(make_proposal) -> None:
    text = (
        CLAIMS
        + "\n[tentative]\npotential_saving = 5000\npotential_saving_to = 7000\n"
        + '\n[[stated.claims]]\nwhat = "potential_saving"\nvalue = 5\nvalue_to = 7\n'
        + 'unit = "mio. kr."\n'
    )
    assert run(make_proposal(text), checks.claims) == []
    found = run(make_proposal(text.replace("value_to = 7", "value_to = 8")), checks.claims)
    assert brief(found) == [("fejl", "claim", "Teksten")]


def test_header_facts_left_empty(write_proposal) -> None:
    from kkinvest.io.catalogue import load_catalogue

    path = write_proposal(
        'id = "N1"\ntitle = "x"\nkind = "innovation"\ncommittee = "TMU"\npool = "innovation"\n'
        'administration = "Vælg forvaltning"\n' + CLAIMS,
        raw=True,
    )
    (p,) = load_catalogue(path).proposals
    assert [f.where for f in run(p, checks.header)] == [
        "Budgetår",
        "Angiv p/l",
        "Fremstillende forvaltning",
    ]


def test_affected_administrations_against_the_split(make_proposal) -> None:
    p = make_proposal(
        'affected = ["BIF", "KFF", "TMF"]\n'
        + SIX.replace('"ØU", "KFU", "BUU", "SOU", "SUD", "TMU"', '"KFU", "BUU"')
    )
    found = run(p, checks.affected)
    assert [f.message for f in found] == [
        "får en andel af fordelingen, men forvaltningen er ikke krydset af: "
        "Børne- og Ungdomsudvalget",
        "krydset af, men udvalget får ingen andel af fordelingen: TMF",
    ]  # BIF is the proposing administration: ticked, never reported


def test_shipped_keys_no_proposal_uses_are_not_checked_with_data(runner, write_proposal) -> None:
    path = write_proposal(SIX)
    data = json.loads(runner.invoke(app, ["check", "--data", str(path), "--json"]).stdout)
    assert not [f for f in data["findings"] if f["subject"].startswith("Nøgle")]
    builtin = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    assert [f for f in builtin["findings"] if f["subject"] == "Nøgle inventar-2018-2019"]
    only_2025 = json.loads(runner.invoke(app, ["check", "--budget", "2025", "--json"]).stdout)
    assert not [f for f in only_2025["findings"] if f["subject"].startswith("Nøgle inventar")]
    assert all(f["severity"] for f in only_2025["findings"])
    assert Severity.NOTE.value == "bemærkning"


def test_a_total_named_for_another_area(make_proposal) -> None:
    p = make_proposal(
        PAYBACK.replace('area = "anlæg"', 'area = "service"')
        + """
[[stated.tables]]
title = "Tabel 3. Serviceinvesteringer i forslaget"
section = "implementering"
area = "service"
lines = [{ label = "Projektledelse", values = { 2023 = 500 } }]
total_label = "Investeringer totalt, anlæg"
total = { 2023 = 500 }
"""
    )
    found = run(p, checks.other_tables)
    assert brief(found) == [
        (
            "advarsel",
            "other-area",
            "Tabel 3. Serviceinvesteringer i forslaget, Investeringer totalt, anlæg",
        )
    ]
    assert found[0].message == "totalrækken nævner anlæg, men tabellen er service"


def test_rows_outside_the_proposals_row_set_are_a_note(make_proposal) -> None:
    p = make_proposal(
        'row_set = "udvalg-2016"\n'
        + SIX.replace('"ØU", "KFU", "BUU", "SOU", "SUD", "TMU"', '"BUU"')
        + '\n[stated.tabel_a]\nrows.BUU = { 2024 = -338 }\nrows."ØU" = { 2024 = 0 }\n'
    )
    found = run(p, checks.row_set)
    assert brief(found) == [("bemærkning", "row-set", "Tabel A")]
    assert found[0].message == "rækker uden for rækkesættet udvalg-2016: Økonomiudvalget"
    # the budget year's set (kvantum-2023 from budget 2019) holds both rows: nothing to say
    assert (
        run(make_proposal(SIX + '\n[stated.tabel_a]\nrows."ØU" = { 2024 = -56 }\n'), checks.row_set)
        == []
    )
