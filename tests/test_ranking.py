"""`kkinvest pool --rank payback|npv` (issue 23, item 5): the applications in order and the
line where the money left runs out (worked in kkinvest.calc.ranking's docstring)."""

import json
import shutil
from decimal import Decimal
from pathlib import Path

from kkinvest.calc.npv import flows, schedule_for, value_of
from kkinvest.calc.pools import overview
from kkinvest.calc.ranking import RankBy, present_values, ranking
from kkinvest.cli import app
from kkinvest.io.economics_in import load_rates
from kkinvest.io.folders import builtin_path


def test_by_payback_the_line_falls_where_10_mio_run_out(builtin) -> None:
    """673 + 2.250 + 5.550 = 8.473 <= 10.000; BC05 (6 år, 3.275) makes 11.748 > 10.000."""
    pool = builtin.pools[2023]
    ov = overview(builtin.proposals, 2023, pool)
    rows = ranking(ov, RankBy.PAYBACK, Decimal(10_000), outside=pool.outside_criteria)
    order = [r.proposal.id for r in rows]
    assert order == ["BC08", "BC02", "BC03", "BC05", "BC01", "BC06", "BC11", "BC09", "BC10", "BC04"]
    assert [r.proposal.id for r in rows if r.within] == ["BC08", "BC02", "BC03"]
    assert rows[2].cumulative == Decimal(8473)
    assert rows[3].cumulative == Decimal(11748)
    assert "BC07" not in order  # outside the criteria: listed apart, never ranked


def test_below_the_line_stays_below_even_where_a_small_one_would_fit(builtin) -> None:
    """With 9.700: BC08, BC02 and BC03 (8.473) fit, 1.227 is left; BC05 (3.275) does not.
    BC09 (1.147) would fit in what is left, but stays below the line: the line is drawn once,
    where the money runs out in the order chosen."""
    ov = overview(builtin.proposals, 2023, builtin.pools[2023])
    rows = ranking(ov, RankBy.PAYBACK, Decimal(9_700), outside=["BC07"])
    assert [r.proposal.id for r in rows if r.within] == ["BC08", "BC02", "BC03"]


def test_by_npv_highest_first_and_as_kkinvest_npv_computes_it(builtin) -> None:
    ov = overview(builtin.proposals, 2023, builtin.pools[2023])
    schedules = load_rates()
    npvs = present_values([r.proposal for r in ov.investment], schedules)
    rows = ranking(ov, RankBy.NPV, None, npvs, ["BC07"])
    values = [r.npv for r in rows if r.npv is not None]
    assert values == sorted(values, reverse=True)
    bc06 = builtin.find("BC06")
    assert npvs["BC06"] == value_of(flows(bc06), schedule_for(2023, schedules)).value
    assert all(r.within for r in rows)  # no money left known: no line


def test_the_command_draws_the_line(runner, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "budget-2023"
    shutil.copytree(builtin_path() / "budget-2023", folder)
    pool_file = folder / "pool.toml"
    pool_file.write_text(
        pool_file.read_text(encoding="utf-8").replace("remaining = 208.7", "remaining = 10.0"),
        encoding="utf-8",
    )
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["pool", "--rank", "payback", "--data", str(folder)])
    assert result.exit_code == 0, result.stderr
    text = result.stdout[result.stdout.index("prioriteret efter") :]
    assert "Her slipper puljen op (10,0)" in text
    assert text.index("BC03  Genbrug") < text.index("Her slipper") < text.index("BC05  App")
    assert max(len(line) for line in text.splitlines()) <= 80
    result = runner.invoke(app, ["pool", "--rank", "npv", "--data", str(folder), "--json"])
    assert result.exit_code == 0, result.stderr
    ranked = json.loads(result.stdout, parse_float=Decimal)["ranking"]
    assert ranked["by"] == "npv"
    assert ranked["remaining"] == Decimal("10000.0")
    assert ranked["outside_criteria"] == ["BC07"]
