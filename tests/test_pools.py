"""`kkinvest pool`: the overview of budget 2023 against Bilag 7, Tabel 1-3."""

import json
from decimal import Decimal

import pytest

from kkinvest.calc.pools import count_text, overview, reconcile
from kkinvest.cli import app
from kkinvest.money import to_millions


@pytest.fixture(scope="module")
def ov2023(builtin):
    return overview(builtin.proposals, 2023, builtin.pools[2023])


def mio(amount: Decimal) -> str:
    return str(to_millions(amount))


def test_tabel_2_totals(ov2023) -> None:
    assert mio(ov2023.total("service")) == "64.1"
    assert mio(ov2023.total("capital")) == "26.1"  # exact 26.085, not the printed 25,6
    assert mio(ov2023.total("savings_service")) == "17.1"
    assert ov2023.total("savings_transfers") == 0


def test_tabel_3_total_and_bc10_rounds_half_away_from_zero(ov2023) -> None:
    assert mio(ov2023.innovation_total) == "7.4"
    bc10 = next(r for r in ov2023.innovation if r.proposal.id == "BC10")
    assert bc10.amount == 2650
    assert mio(bc10.amount) == "2.7"  # not banker's 2,6


def test_tabel_1_rows(ov2023) -> None:
    rows = {
        r.committee: (count_text(r.investment_count, r.innovation_count), mio(r.investment))
        for r in ov2023.committees
    }
    assert rows == {
        "BIU": ("2 (1)", "18.2"),
        "BUU": ("2", "12.1"),
        "KFU": ("(1)", "1.1"),
        "SUD": ("(1)", "2.7"),
        "TMU": ("1", "45.9"),
        "ØU": ("3", "17.6"),
    }
    assert list(rows) == ["BIU", "BUU", "KFU", "SUD", "TMU", "ØU"]  # the overview's order
    total = sum(r.investment for r in ov2023.committees)
    assert total == 97549
    assert mio(total) == "97.5"


def test_tabel_2_rows(ov2023) -> None:
    rows = {
        r.proposal.id: (mio(r.service), mio(r.capital), mio(r.savings_service), r.payback)
        for r in ov2023.investment
    }
    assert rows == {
        "BC01": ("0.0", "9.8", "1.9", 6),
        "BC02": ("0.0", "2.3", "1.8", 5),
        "BC03": ("0.0", "5.6", "2.4", 5),
        "BC05": ("1.4", "1.9", "0.8", 6),
        "BC06": ("4.7", "6.6", "3.0", 6),
        "BC07": ("11.4", "0.0", "2.6", 6),
        "BC08": ("0.7", "0.0", "0.3", 4),
        "BC11": ("45.9", "0.0", "4.3", 13),
    }


def test_balance(ov2023) -> None:
    assert ov2023.remaining == 208700
    assert ov2023.left_after == 208700 - 97549
    assert mio(ov2023.left_after) == "111.2"


def test_reconciliation_lists_exactly_the_known_disagreements(builtin, ov2023) -> None:
    found, notes = reconcile(ov2023, builtin.pools[2023])
    assert [(d.table, d.row, d.column, d.printed, d.computed, d.printed_rows) for d in found] == [
        ("Tabel 2", "BC02", "Tilbagebetalingstid, år", 4, 5, None),
        (
            "Tabel 2",
            "I alt",
            "Investeringer, anlæg",
            Decimal("25.6"),
            Decimal("26.1"),
            Decimal("26.2"),
        ),
    ]
    # Tabel 1's 97,5 is the rounded exact sum though its rows add to 97,6: a note, no difference
    assert [(n.table, n.column, n.total, n.printed_rows) for n in notes] == [
        ("Tabel 1", "Investering i alt", Decimal("97.5"), Decimal("97.6"))
    ]


def test_pool_command(runner) -> None:
    result = runner.invoke(app, ["pool", "--budget", "2023"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    titles = [
        "Tabel 1 Investerings- og innovationsforslag fordelt på udvalg",
        "Tabel 2 Indkomne ansøgninger til investeringspuljen",
        "Tabel 3 Indkomne ansøgninger til innovationspuljen",
        "Tilbage i puljerne: 208,7 mio. kr.",
        "Afstemning",
    ]
    positions = [out.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Tilbage efter ansøgningerne: 111,2 mio. kr." in out
    assert "Tværgående forslag (ØU)" in out
    assert "25,6" in out and "26,1" in out and "26,2" in out
    assert "97,6" in out  # the rounding footnote
    assert "SUD **" in out and "2,7" in out


def test_pool_json(runner) -> None:
    text = runner.invoke(app, ["pool", "--budget", "2023", "--json"]).stdout
    data = json.loads(text, parse_float=Decimal)
    assert data["asked"] == 97549
    assert data["left_after_mio"] == Decimal("111.2")
    assert data["tabel_2_total"]["capital_mio"] == Decimal("26.1")
    assert '"left_after_mio":111.2,' in text  # a number, written as the Decimal reads
    assert len(data["differences"]) == 2


def test_pool_defaults_to_the_newest_budget_a_budget_without_innovation(runner) -> None:
    result = runner.invoke(app, ["pool"])
    assert result.exit_code == 0
    out = result.stdout
    assert "budget 2025" in out
    assert "MOBIL-2025" in out
    assert "ENERGI-2025" not in out  # asks no pool
    assert "ingen ansøgninger" in out
    assert "ingen puljeoplysninger for budget 2025" in out


def test_pool_with_no_differences_says_so_in_one_line(runner, tmp_path, builtin) -> None:
    from kkinvest.io.catalogue import builtin_path

    (tmp_path / "BC08.toml").write_text(
        (builtin_path() / "budget-2023" / "BC08.toml").read_text("utf-8"), "utf-8"
    )
    (tmp_path / "pool.toml").write_text(
        "[pool]\nbudget = 2023\nprice_level = 2023\nremaining = 10.0\n"
        "[pool.tabel_2]\n"
        'rows.BC08 = { committee = "BUU", service = 0.7, savings_service = 0.3, payback = 4 }\n'
        "total = { service = 0.7, savings_service = 0.3 }\n",
        "utf-8",
    )
    result = runner.invoke(app, ["pool", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Afstemning: alle trykte tal i overblikket stemmer med de beregnede." in result.stdout
    assert "Tilbage efter ansøgningerne: 9,3 mio. kr." in result.stdout


def test_unknown_budget_lists_the_ones_there_are(runner) -> None:
    result = runner.invoke(app, ["pool", "--budget", "2020"])
    assert result.exit_code == 2
    assert "ingen forslag eller pulje for budget 2020; kataloget har 2023, 2025" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[pool]\nbudget = 2023\nprice_level = 2023\n",
            "pool: remaining: mangler (feltet skal angives)",
        ),
        (
            '[pool]\nbudget = 2023\nprice_level = 2023\nremaining = "lots"\n',
            "pool: remaining: her skal stå et tal, ikke 'lots'",
        ),
        (
            "[pool]\nbudget = 2023\nprice_level = 2023\nremaining = 1\n[pool.tabel_1.rows]\n"
            "XYZ = { investment = 1, savings = 0 }\n"
            "[pool.tabel_1.total]\ninvestment = 1\nsavings = 0\n",
            "ukendt udvalg 'XYZ'",
        ),
        (
            "[pool]\nbudget = 2023\nprice_level = 2023\nremaining = 1\n[other]\nx = 1\n",
            "en puljefil indeholder kun en [pool]-tabel (fandt: other)",
        ),
    ],
)
def test_a_pool_file_with_an_error(runner, tmp_path, text: str, message: str) -> None:
    (tmp_path / "pool.toml").write_text(text, "utf-8")
    result = runner.invoke(app, ["pool", "--data", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "pool.toml" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_two_pools_for_one_budget(runner, tmp_path) -> None:
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(
            "[pool]\nbudget = 2023\nprice_level = 2023\nremaining = 1\n", "utf-8"
        )
    result = runner.invoke(app, ["pool", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "en pulje mere for budget 2023: også i" in result.stderr
