"""`kkinvest keys`, `allocate` and `tables` through the CLI, and their bad input."""

import json
import re
import textwrap
from pathlib import Path

import pytest

from kkinvest.cli import app


def run(runner, *args: str):
    return runner.invoke(app, list(args))


def row_of(output: str, start: str) -> str:
    return next(line for line in output.splitlines() if line.strip("│ ").startswith(start))


def test_allocate_issue_example(runner) -> None:
    result = run(runner, "allocate", "--key", "intune", "--amount", "-3791")
    assert result.exit_code == 0, result.output
    out = result.stdout
    expected = {
        "Beskæftigelses- og Integrationsudvalget (BIU)": "-399",
        "Socialudvalget (SUD)": "-1.032",
        "Børne- og Ungdomsudvalget (BUU)": "-686",
        "Sundheds- og Omsorgsudvalget (SOU)": "-388",
        "Teknik- og Miljøudvalget (TMU)": "-460",
        "Kultur- og Fritidsudvalget (KFU)": "-247",
        "Økonomiudvalget (ØU)": "-579",
        "Total": "-3.791",
    }
    for row, amount in expected.items():
        assert row_of(out, row).rstrip(" │").endswith(amount), row
    assert "15,28 %" in row_of(out, "Økonomiudvalget")
    assert "22.032" in row_of(out, "Total")


def test_allocate_prints_at_the_precision_typed(runner) -> None:
    """1,5 split by intune: the rows in tenths, as the JSON has them, adding up to 1,5."""
    out = run(runner, "allocate", "--key", "intune", "--amount", "1,5").stdout
    data = json.loads(
        run(runner, "allocate", "--key", "intune", "--amount", "1,5", "--json").stdout
    )
    printed = {
        code: next(line for line in out.splitlines() if f"({code})" in line).split()[-1]
        for code in data["amounts"]["Beløb"]
    }
    assert printed == {
        code: f"{amount}".replace(".", ",") for code, amount in data["amounts"]["Beløb"].items()
    }
    assert printed["SUD"] == "0,4"
    assert row_of(out, "Total").split()[-1] == "1,5"


def test_allocate_json(runner) -> None:
    data = json.loads(
        run(runner, "allocate", "--key", "intune", "--amount", "-3791", "--json").stdout
    )
    assert data["key"] == "intune-2023"
    assert data["amounts"]["Beløb"]["SUD"] == -1032
    assert sum(data["amounts"]["Beløb"].values()) == -3791


def test_allocate_series_by_year(runner) -> None:
    result = run(
        runner,
        "allocate",
        "--key",
        "intune",
        "--year",
        "2025=-1895",
        "--year",
        "2026=-3791",
        "--json",
    )
    data = json.loads(result.stdout)
    assert sum(data["amounts"]["2025"].values()) == -1895
    assert sum(data["amounts"]["2026"].values()) == -3791


def test_allocate_several_amounts(runner) -> None:
    data = json.loads(
        run(
            runner, "allocate", "--key", "lige", "--amount", "7", "--amount", "-14", "--json"
        ).stdout
    )
    assert set(data["amounts"]["1"].values()) == {1}
    assert set(data["amounts"]["2"].values()) == {-2}


def test_allocate_a_proposal_by_another_key(runner) -> None:
    result = run(runner, "allocate", "--key", "intune", "BC02", "--json")
    data = json.loads(result.stdout)
    assert data["totals"] == {
        "2022": 0,
        "2023": 0,
        "2024": -428,
        "2025": -1178,
        "2026": -1833,
        "2027": -1833,
    }
    assert sum(data["amounts"]["2026"].values()) == -1833


def test_allocate_a_proposal_by_its_own_key(runner) -> None:
    data = json.loads(run(runner, "allocate", "BC03", "--json").stdout)
    assert data["amounts"]["2025"]["BUU"] == -469


def test_allocate_by_administration(runner) -> None:
    result = run(
        runner, "allocate", "--key", "intune", "--amount", "-3791", "--by", "administration"
    )
    assert result.exit_code == 0
    assert "Økonomiforvaltningen (ØKF)" in result.stdout
    assert "Borgerrådgiveren" in result.stdout
    data = json.loads(
        run(
            runner,
            "allocate",
            "--key",
            "intune",
            "--amount",
            "-3791",
            "--by",
            "administration",
            "--json",
        ).stdout
    )
    assert sum(data["amounts"]["Beløb"].values()) == -3791
    assert "ØKF" in data["amounts"]["Beløb"]


def test_allocate_accepts_danish_numbers(runner) -> None:
    data = json.loads(
        run(runner, "allocate", "--key", "intune", "--amount", "-3.791", "--json").stdout
    )
    assert sum(data["amounts"]["Beløb"].values()) == -3791


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--key", "intune", "--amount", "abc"], "--amount: 'abc' er ikke et tal"),
        (["--key", "intune", "--year", "2025"], "--year: '2025' er ikke ÅR=BELØB"),
        (["--key", "intune", "--year", "02025=1"], "'02025' er ikke skrevet som et år"),
        (["--key", "intune", "--year", "0=1"], "'0' er ikke et årstal"),
        (["--key", "intune", "--year", "99999=1"], "'99999' er ikke et årstal"),
        (
            ["--key", "intune", "--year", "2025=1", "--year", "02025=2"],
            "'02025' er ikke skrevet som et år",
        ),
        (
            ["--key", "intune", "--year", "2025=1", "--year", " 2025=2"],
            "året 2025 er givet to gange",
        ),
        (["--key", "intnue", "--amount", "1"], "--key: ukendt nøgle 'intnue'; mente du intune"),
        (["--amount", "1"], "giv --key"),
        (["--key", "intune"], "intet at fordele"),
        (["BC01"], "BC01 angiver sin fordeling som faste beløb"),
    ],
)
def test_allocate_bad_input(runner, args: list[str], message: str) -> None:
    result = run(runner, "allocate", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_tables_layout(runner) -> None:
    result = run(runner, "tables", "BC03")
    assert result.exit_code == 0
    out = result.stdout
    assert "Tabel A. Måltalseffekt – hvis forslaget indarbejdes" in out
    assert "Tabel B. Bevillingsmæssig effekt – hvis forslaget indarbejdes" in out
    assert "Tabel C. Bevillingsmæssig effekt – hvis forslaget ikke indarbejdes" in out
    assert "1.000 kr. 2023 p/l" in out
    assert "Bevilling, profitcenter mv." in out
    keid = [line for line in out.splitlines() if "Københavns Ejendomme" in line]
    assert ["1170" in line for line in keid] == [False, True, True]  # blank in Tabel A
    assert out.count("Koncernservice") == 3  # all 11 rows in each table
    total = row_of(out, "Total")
    assert "-1.025" in total and "-2.400" in total


def test_tables_one_table_collapsed(runner) -> None:
    result = run(runner, "tables", "BC02", "--table", "A", "--collapse")
    assert result.exit_code == 0
    out = result.stdout
    assert "Tabel B" not in out
    assert "Koncern IT" not in out
    assert "Forskel: Total 2024: dokumentet angiver -429; linjerne giver -428." in out


def test_tables_json(runner) -> None:
    data = json.loads(run(runner, "tables", "BC03", "--json").stdout)
    assert data["tables"]["A"]["total"]["2025"] == -1025
    assert data["tables"]["C"]["rows"]["KEID"]["2025"] == 5850


def test_keys_lists_source_date_and_shares(runner) -> None:
    result = run(runner, "keys")
    assert result.exit_code == 0
    out = result.stdout
    assert "intune-2022" in out and "2022-03-10" in out and "BC02 Tabel 2" in out
    assert "45,78" in out  # BUU's share of the furniture key
    assert "Bruges af: BC02" in out and "Bruges af: MOBIL-2025" in out
    data = json.loads(run(runner, "keys", "--json").stdout)
    lige = next(k for k in data if k["name"] == "lige")
    assert len(lige["shares"]) == 7
    assert lige["used_by"] == []
    assert next(k for k in data if k["name"] == "intune-2022")["used_by"] == ["BC02"]


KEY_FILE = """
[[keys]]
name = "test-key"
weights = {WEIGHTS}
"""


def write_key(tmp_path: Path, weights: str) -> Path:
    (tmp_path / "keys.toml").write_text(
        textwrap.dedent(KEY_FILE).replace("{WEIGHTS}", weights), "utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ("{ XYZ = 1 }", "keys[1] 'test-key': weights: ukendt række eller forvaltning 'XYZ'"),
        ("{ BUF = -1, SOF = 2 }", "keys[1] 'test-key': weights: negativ vægt for BUF"),
        ("{ BUF = 0, SOF = 0 }", "keys[1] 'test-key': weights: vægtene summer til 0"),
        ("{}", "nøglen har ingen vægte"),
    ],
)
def test_bad_keys(runner, tmp_path, weights: str, message: str) -> None:
    result = run(runner, "keys", "--data", str(write_key(tmp_path, weights)))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "keys.toml" in result.stderr


def test_user_keys_in_the_catalogue_folder(runner, tmp_path) -> None:
    data = json.loads(
        run(
            runner,
            "allocate",
            "--key",
            "test-key",
            "--amount",
            "10",
            "--json",
            "--data",
            str(write_key(tmp_path, "{ BUF = 1, KIT = 1 }")),
        ).stdout
    )
    assert data["amounts"]["Beløb"] == {"KIT": 5, "BUU": 5}


def test_a_proposal_naming_an_unknown_key(runner, write_proposal) -> None:
    path = write_proposal(
        '[split]\nkey = "intnue"\n\n[[lines]]\nsection = "varig"\nlabel = "x"\n'
        'area = "service"\nvalues = { 2023 = -1 }\n'
    )
    result = run(runner, "list", "--data", str(path))
    assert result.exit_code == 2
    assert "T1: split.key: ukendt nøgle 'intnue'; mente du intune" in result.stderr


def test_fixed_split_that_does_not_add_up_via_cli(runner, write_proposal) -> None:
    path = write_proposal(
        '[[lines]]\nsection = "varig"\nlabel = "x"\narea = "service"\nvalues = { 2023 = -10 }\n'
        "\n[split.fixed]\nKFU = { 2023 = -3 }\nBUU = { 2023 = -5 }\n"
    )
    assert run(runner, "list", "--data", str(path)).exit_code == 0
    result = run(runner, "check", "--data", str(path), "--json")
    assert result.exit_code == 1
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "fixed-split"]
    assert finding["values"] == [{"year": 2023, "stated": -8, "computed": -10, "row": None}]


def test_a_key_family_resolves_by_the_proposals_budget_year(runner) -> None:
    """BC02 (budget 2023) was written before the June 2023 Intune count existed: the family
    `intune` gives it intune-2022 (ØU -258 in 2026, as BC02's own tables print), and says so."""
    result = run(runner, "allocate", "--key", "intune", "BC02")
    assert result.exit_code == 0, result.stderr
    assert "Fordeling efter intune-2022" in result.stdout
    assert "nøglefamilien intune: den nyeste nøgle dateret før budget 2023" in result.stdout
    assert re.search(r"ØU\)? .*-258 +-258", result.stdout)
    data = json.loads(run(runner, "allocate", "--key", "intune", "BC02", "--json").stdout)
    assert data["key"] == "intune-2022"
    assert data["amounts"]["2026"]["ØU"] == -258


def test_without_a_proposal_a_key_family_is_its_newest_key(runner) -> None:
    data = json.loads(
        run(runner, "allocate", "--key", "intune", "--amount", "-3791", "--json").stdout
    )
    assert data["key"] == "intune-2023"


def test_tables_name_the_key_they_use(runner) -> None:
    result = run(runner, "tables", "MOBIL-2025", "--table", "A")
    assert "Fordelingsnøgle: intune-2023." in result.stdout
    data = json.loads(run(runner, "tables", "MOBIL-2025", "--json").stdout)
    assert data["key"] == "intune-2023"
    assert "Fordelingsnøgle: inventar-2018-2019." in run(runner, "tables", "BC03").stdout
