"""Issue 10: every table a proposal prints has a place in the format."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal

from kkinvest.cli import app
from kkinvest.io.toml_out import dumps_proposal
from kkinvest.model import Proposal

EVERYTHING = """
id = "NY16"
title = "Alt hvad et forslag trykker"
kind = "investering"
committee = "TMU"
administration = "Vælg forvaltning"
pool = "investering"
affected = ["Teknik- og Miljøforvaltningen", "BUF"]
funds_from = "Investeringspuljen"
row_set = "udvalg-2016"

[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
split = "BUF"
profit_center = "3170"
values = { 2017 = -338, 2018 = -676 }

[[lines]]
section = "varig"
label = "Drift"
area = "service"
values = { 2017 = 100, 2018 = 100 }

[[lines]]
section = "implementering"
label = "Projektledelse"
area = "anlæg"
values = { 2016 = 900 }

[split]
key = { percent = { TMF = 50.01, BUF = 49.98 } }
costs = "lige"

[stated]
payback = 3
price_level = 2016
heading_years = [2016, 2017, 2018]

[stated.tabel_a]
heading_years = [2015, 2016]
price_level = 2015
rows."Økonomiudvalget - ekskl. koncernenheder" = { 2017 = -56.33 }
rows."BIU-EI" = { 2017 = -10 }
percent."ØU-EKSKL" = 16.67
sub_rows."Beskæftigelses- og Integrationsudvalget" = { Effektivisering = { 2017 = -20.5 }, Omkostning = { 2017 = 3 } }
sub_percent.BIU = { Effektivisering = 62, Omkostning = 38 }
total = { 2017 = -238 }
total_percent = 100.02

[[stated.committee_tables]]
title = "Fordeling af anlægsinvesteringer"
section = "implementering"
area = "anlæg"
rows.TMU = { 2016 = 900 }

[[stated.tables]]
title = "Tabel 4. Anlægsinvesteringer i forslaget"
section = "implementering"
area = "anlæg"
lines = [{ label = "Intern projektleder", same_as = "Projektledelse", profit_center = "KIT Anlæg", values = { 2016 = 800 } }]
total_label = "Investeringer totalt, anlæg"
total = { 2016 = 800 }

[[stated.claims]]
what = "investment"
value = 0.9
unit = "mio. kr."
where = "afsnit 3"
text = "en samlet investering på 0,9 mio. kr."

[[stated.claims]]
what = "potentiale"
value = 5
value_to = 7
unit = "mio. kr."

[tentative]
expected_spend = 2500
investment_budget = 2018
potential_saving = 5000
potential_saving_to = 7000
criteria = ["storskala", "ny teknologi"]
"""


def test_a_file_using_every_new_field_loads_as_printed(write_proposal, runner) -> None:
    path = write_proposal(EVERYTHING, name="NY16.toml", raw=True)
    result = runner.invoke(app, ["show", "NY16", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.stderr


def test_new_fields_are_validated_and_kept(make_proposal, write_proposal) -> None:
    from kkinvest.io.catalogue import load_catalogue

    (p,) = load_catalogue(write_proposal(EVERYTHING, name="NY16.toml", raw=True)).proposals
    assert p.budget is None and p.price_level is None and p.administration is None
    assert p.affected == ["TMF", "BUF"]
    assert p.lines[0].split == "BUU"  # an administration lands in its committee's row
    assert p.split is not None and p.split.costs == "lige"
    table = p.stated.tabel_a
    assert table is not None
    assert set(table.rows) == {"ØU-EKSKL", "BIU-EI"}
    assert table.rows["ØU-EKSKL"][2017] == Decimal("-56.33")
    assert table.sub_rows["BIU"]["Effektivisering"][2017] == Decimal("-20.5")
    assert p.stated.claims[1].what.value == "potential_saving"
    assert p.stated.tables[0].lines[0].same_as == "Projektledelse"


def test_new_fields_survive_a_round_trip_through_toml(write_proposal) -> None:
    from kkinvest.io.catalogue import load_catalogue, parse_proposal
    from kkinvest.registry import default_registry

    (p,) = load_catalogue(write_proposal(EVERYTHING, name="NY16.toml", raw=True)).proposals
    again = parse_proposal(
        tomllib.loads(dumps_proposal(p), parse_float=Decimal), "x.toml", default_registry()
    )
    assert again == p


def test_schema_describes_the_format(runner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"affected", "funds_from", "tentative", "row_set"} <= set(schema["properties"])
    assert "Claim" in schema["$defs"] and "StatedTable" in schema["$defs"]
    assert runner.invoke(app, ["schema", "key"]).exit_code == 0
    bad = runner.invoke(app, ["schema", "xyz"])
    assert bad.exit_code == 2 and "ukendt filtype" in bad.stderr


def test_unknown_rows_and_row_sets_are_refused(make_proposal) -> None:
    import pytest

    from kkinvest.io.problems import InputError

    with pytest.raises(InputError, match="ukendt række 'XYZ'"):
        make_proposal("[stated.tabel_a]\nrows.XYZ = { 2023 = 1 }\n" + LINE)
    with pytest.raises(InputError, match="ukendt rækkesæt"):
        make_proposal(LINE.replace("[[lines]]", 'row_set = "nej"\n[[lines]]'))
    assert Proposal  # the model is importable on its own


LINE = """
[[lines]]
section = "varig"
label = "x"
area = "service"
values = { 2023 = -1 }
"""


def test_show_prints_the_stated_tables_with_their_own_headings(write_proposal, runner) -> None:
    path = write_proposal(EVERYTHING, name="NY16.toml", raw=True)
    result = runner.invoke(app, ["show", "NY16", "--data", str(path)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Dokumentets egne tabeller (som trykt)" in out
    assert "1.000 kr. 2015 p/l; overskriftens år: 2015–2016" in out  # Tabel A's own heading
    assert "Økonomiudvalget - ekskl. koncernenheder" in out and "-56,33" in out
    assert "  Effektivisering" in out and "-20,5" in out and "16,67" in out
    assert "Intern projektleder (= Projektledelse)" in out and "KIT Anlæg" in out
    assert "Fordeling af anlægsinvesteringer" in out
    assert "Berørte forvaltninger: Teknik- og Miljøforvaltningen, Børne- og" in out
    assert "Der søges om midler fra: Investeringspuljen" in out
    assert "Potentiel varig besparelse: 5.000–7.000 (1.000 kr.)" in out
    assert "Tilbagebetalingstid (Break Even), dokumentet: 3 år" in out
    assert "Teksten (afsnit 3): investering 0,9 mio. kr." in out


def test_a_catalogue_folder_adds_its_own_row_sets_rows_and_aliases(tmp_path, runner) -> None:
    (tmp_path / "raekker.toml").write_text(
        """
[[row_sets]]
name = "mit-saet"
first_budget = 2014
last_budget = 2015
rows = ["ØU", "SUD-UDS", "BUU"]

[[other_rows]]
code = "SUD-UDS"
name = "Socialudvalget - udsatte"
counts_as = "SUD"

[aliases]
"Børne- og Ungdomsudvalget" = ["Børn og Unge"]
""",
        encoding="utf-8",
    )
    (tmp_path / "P1.toml").write_text(
        """
id = "P1"
title = "Eget rækkesæt"
kind = "investering"
budget = 2015
price_level = 2015
committee = "SUD"
administration = "SOF"
pool = "investering"
row_set = "mit-saet"

[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = { 2015 = -100 }

[split]
key = { equal = ["SUD", "BUU"] }

[stated.tabel_a]
rows."Socialudvalget - udsatte" = { 2015 = -50 }
rows."Børn og Unge" = { 2015 = -40 }
total = { 2015 = -100 }
""",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--data", str(tmp_path), "--json"])
    assert result.exit_code == 1, result.stderr
    wheres = [f["where"] for f in json.loads(result.stdout)["findings"]]
    # the udsatte row is SUD's whole share (-50): right; the alias row is 10 off
    assert wheres == ["Tabel A, Børne- og Ungdomsudvalget", "Tabel A, Total"]
    shown = runner.invoke(app, ["show", "P1", "--data", str(tmp_path)]).stdout
    assert "Socialudvalget - udsatte" in shown and "Rækkesæt: mit-saet" in shown


def test_a_bad_row_set_file_is_one_clear_line(tmp_path, runner) -> None:
    (tmp_path / "raekker.toml").write_text('[aliases]\n"XYZ" = ["a"]\n', encoding="utf-8")
    result = runner.invoke(app, ["list", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "raekker.toml" in result.stderr and "ukendt række eller forvaltning: 'XYZ'" in (
        result.stderr
    )


INNOVATION = """
id = "IN21"
title = "Ny teknologi"
kind = "innovation"
budget = 2023
price_level = 2023
committee = "TMU"
administration = "TMF"
pool = "innovation"

[[lines]]
section = "implementering"
label = "Afprøvning"
area = "service"
values = { 2023 = 1500 }

[tentative]
potential_saving = 5000
potential_saving_to = 7000
criteria = ["ny teknologi"]
"""


def test_list_and_pool_show_the_potential_saving_of_innovation_proposals(
    write_proposal, runner
) -> None:
    path = write_proposal(INNOVATION, name="IN21.toml", raw=True)
    listed = runner.invoke(app, ["list", "--data", str(path)])
    assert "(5.000–7.000)" in listed.stdout and "potentiel varig besparelse" in listed.stdout
    data = json.loads(runner.invoke(app, ["list", "--data", str(path), "--json"]).stdout)
    assert data[0]["potential_saving"] == [5000, 7000]
    pool = runner.invoke(app, ["pool", "--data", str(path)])
    assert pool.exit_code == 0, pool.stderr
    assert "5,0–7,0" in pool.stdout
    pooled = json.loads(runner.invoke(app, ["pool", "--data", str(path), "--json"]).stdout)
    assert pooled["tabel_3"][0]["potential_saving"] == [5000, 7000]
