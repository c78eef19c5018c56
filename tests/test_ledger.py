"""`kkinvest ledger`: the pools as an account (issue 23, item 4), on a pool worked by hand over
three years with two rounds each, and on the built-in catalogue's 2023 pool."""

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from kkinvest.calc.ledger import account_lines, compute_ledger
from kkinvest.calc.prices import PriceIndex, PriceLevelProblem
from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue
from kkinvest.model import PoolName
from kkinvest.registry.statuses import default_statuses


def proposal(ident: str) -> str:
    return f"""
id = "{ident}"
title = "Forslag {ident}"
kind = "investering"
budget = 2017
price_level = 2016
committee = "BIU"
pool = "investering"

[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = {{ 2017 = -50000 }}

[[lines]]
section = "implementering"
label = "Projekt"
area = "service"
values = {{ 2016 = 100000 }}
"""


THREE_YEARS = """
# Opfundne tal til testen: en pulje over tre år med to runder om året (mio. kr. 2016 p/l).
[[ledger]]
kind = "afsat"
amount = 450
unit = "mio. kr."
price_level = 2016
date = 2016-01-01
source = "Børne- og Ungdomsudvalget 6. juni 2018: 450 mio. kr. om året fra 2016"

[[ledger]]
kind = "afsat"
amount = 450
unit = "mio. kr."
price_level = 2016
date = 2017-01-01

[[ledger]]
kind = "afsat"
amount = 450
unit = "mio. kr."
price_level = 2016
date = 2018-01-01

[[decision]]
id = "A1"
round = "overførselssag 2016"
amounts = { investering = 100000 }

[[decision]]
id = "A2"
round = "budget 2017"
amounts = { investering = 150000 }

[[decision]]
id = "A3"
round = "overførselssag 2017"
amounts = { investering = 200000 }

[[decision]]
id = "A4"
round = "budget 2018"
date = 2017-10-05
amounts = { investering = 50000 }

[[decision]]
id = "A5"
round = "overførselssag 2018"
amounts = { investering = 300000 }

[[decision]]
id = "A6"
round = "budget 2019"
amounts = { investering = 80000 }

[[ledger]]
kind = "trykt"
amount = 470
unit = "mio. kr."
price_level = 2016
date = 2018-12-31
text = "Der resterer 470 mio. kr."
"""


@pytest.fixture
def three_years(tmp_path: Path) -> Path:
    for number in range(1, 7):
        (tmp_path / f"A{number}.toml").write_text(proposal(f"A{number}"), encoding="utf-8")
    (tmp_path / "konto.toml").write_text(textwrap.dedent(THREE_YEARS), encoding="utf-8")
    return tmp_path


def ledger_of(path: Path, **options):
    cat = load_catalogue(path)
    assert cat.followup is not None
    lines = account_lines(cat.proposals, cat.followup, cat.pools, default_statuses())
    return compute_ledger(lines, **options)


def test_three_years_two_rounds_each(three_years) -> None:
    """450 - 100 (ofs 2016) - 150 (budget 2017, autumn 2016) = 200 after 2016;
    + 450 - 200 - 50 = 400 after 2017; + 450 - 300 - 80 = 470 after 2018: as printed."""
    ledger = ledger_of(three_years)
    balances = {line.date.year: line.balance for line in ledger.lines}
    assert balances[2016] == Decimal(200_000)
    assert balances[2017] == Decimal(400_000)
    assert ledger.remaining == Decimal(470_000)
    assert ledger.total("set_aside") == Decimal(1_350_000)
    assert ledger.total("granted") == Decimal(880_000)
    assert ledger.differences == []
    assert ledger.lowest is None
    kinds = [line.kind for line in ledger.lines]
    assert kinds.count("granted") == 6 and kinds[-1] == "printed"


def test_a_printed_balance_that_does_not_reconcile_shows_both(three_years) -> None:
    text = (three_years / "konto.toml").read_text(encoding="utf-8")
    (three_years / "konto.toml").write_text(text.replace("amount = 470", "amount = 480"))
    ledger = ledger_of(three_years)
    (line,) = ledger.differences
    assert line.converted == Decimal(480_000)  # printed
    assert line.balance == Decimal(470_000)  # computed


def test_cancelled_after_spending_half_returns_the_rest(three_years) -> None:
    """A6 granted 80, spent 40, annulleret in March 2019: 40 back, 510 remain."""
    (three_years / "annulleret.toml").write_text(
        '[[followup]]\nid = "A6"\nreported = 2019-03-01\nstatus = "annulleret"\n'
        "spent = { 2019 = 40000 }\n",
        encoding="utf-8",
    )
    ledger = ledger_of(three_years)
    assert ledger.total("returned") == Decimal(40_000)
    assert ledger.remaining == Decimal(510_000)


def test_going_below_zero_is_found(three_years) -> None:
    (three_years / "stor.toml").write_text(
        '[[decision]]\nid = "A1"\nround = "budget 2019"\namounts = { investering = 600000 }\n',
        encoding="utf-8",
    )
    ledger = ledger_of(three_years)
    assert ledger.lowest is not None
    assert ledger.lowest.balance == Decimal(-130_000)


def test_one_price_level_by_the_index(three_years) -> None:
    """Amounts in 2016 p/l shown in 2017 p/l with an index of 100 -> 110: 470 -> 517."""
    index = PriceIndex("t", "Test", levels={2016: Decimal(100), 2017: Decimal(110)})
    ledger = ledger_of(three_years, price_level=2017, index=index)
    assert ledger.remaining == Decimal(517_000)
    with pytest.raises(PriceLevelProblem):
        ledger_of(three_years, price_level=2017)


def test_one_pool_leaves_out_what_holds_both(three_years) -> None:
    ledger = ledger_of(three_years, pool=PoolName.INNOVATION)
    assert ledger.lines == ()
    assert len(ledger.left_out) == 4  # the three set-asides and the printed balance


def test_the_builtin_2023_pool_opens_with_the_bilags_balance(runner) -> None:
    """ "Der resterer 208,7 mio. kr. (2023 p/l)": the opening balance; no grants in the seeds."""
    result = runner.invoke(app, ["ledger", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_float=Decimal)
    (line,) = data["lines"]
    assert line["kind"] == "opening"
    assert data["remaining"] == Decimal("208700.0")
    assert data["price_level"] == 2023


def test_the_command_at_80_columns(runner, three_years, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["ledger", "--data", str(three_years)])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "Der resterer 470,0 mio. kr. (2016 p/l)" in " ".join(result.stdout.split())
