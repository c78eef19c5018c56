"""Bad input: one clear line naming file and field, exit code 2, no traceback."""

from pathlib import Path

import pytest

from kkinvest.cli import app

GOOD_LINE = """
[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = { 2023 = -100, 2024 = -200 }
"""


def fails(runner, path: Path, *args: str) -> str:
    result = runner.invoke(app, ["list", "--data", str(path), *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return result.stderr


def test_a_good_file_loads(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE)
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert "T1" in result.stdout


def test_malformed_toml_names_line_and_column(runner, write_proposal) -> None:
    path = write_proposal('id = "T1"\ntitle = "x\n', raw=True)
    err = fails(runner, path)
    assert f"{path}:2:" in err or "T1.toml:2:" in err
    assert "ikke gyldig TOML" in err


def test_unknown_field_suggests_the_right_name(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace('area = "service"', 'area = "service"\nsectoin = "x"'))
    err = fails(runner, path)
    assert "T1: lines[1] 'Effektivisering'.sectoin: ukendt felt (mente du 'section'?" in err


def test_unknown_top_level_field(runner, write_proposal) -> None:
    text = write_proposal(GOOD_LINE).read_text().replace("committee =", "comittee =")
    path = write_proposal(text, raw=True)
    assert "T1: comittee: ukendt felt (mente du 'committee'?" in fails(runner, path)


def test_missing_required_field(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace('label = "Effektivisering"\n', ""))
    assert "T1: lines[1].label: mangler (feltet skal angives)" in fails(runner, path)


def test_value_that_is_not_a_number(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace("2023 = -100", '2023 = "abc"'))
    err = fails(runner, path)
    assert "T1: lines[1] 'Effektivisering'.values.2023: her skal stå et tal, ikke 'abc'" in err


def test_a_danish_number_in_quotes_is_refused_not_misread(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace("2023 = -100", '2023 = "1.898"'))
    assert "her skal stå et tal, ikke '1.898' — fjern anførselstegnene: skriv 1898" in fails(
        runner, path
    )


def test_nan_is_not_a_number(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace("2023 = -100", "2023 = nan"))
    assert "her skal stå et endeligt tal" in fails(runner, path)


def test_a_year_that_is_not_a_year(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace("2023 = -100", '"20x3" = -100'))
    assert "'20x3' er ikke et årstal" in fails(runner, path)
    path = write_proposal(GOOD_LINE.replace("2023 = -100", "1066 = -100"))
    assert "'1066' er ikke et årstal" in fails(runner, path)


def test_budget_that_is_not_a_year(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE).read_text().replace("budget = 2023", 'budget = "next"')
    target = write_proposal(path, raw=True)
    assert "T1: budget: 'next' er ikke et årstal" in fails(runner, target)


def test_unknown_committee(runner, write_proposal, tmp_path) -> None:
    text = write_proposal(GOOD_LINE).read_text().replace('committee = "BIU"', 'committee = "XYZ"')
    err = fails(runner, write_proposal(text, raw=True))
    assert "T1: committee: ukendt udvalg 'XYZ'; skriv en af: ØU (Økonomiudvalget), KFU" in err


def test_a_group_unit_is_not_a_committee(runner, write_proposal) -> None:
    text = write_proposal(GOOD_LINE).read_text().replace('committee = "BIU"', 'committee = "KIT"')
    assert "ukendt udvalg 'KIT'" in fails(runner, write_proposal(text, raw=True))


def test_unknown_administration(runner, write_proposal) -> None:
    text = (
        write_proposal(GOOD_LINE)
        .read_text()
        .replace('administration = "BIF"', 'administration = "BXF"')
    )
    assert "T1: administration: ukendt forvaltning 'BXF'; mente du BUF" in fails(
        runner, write_proposal(text, raw=True)
    )


def test_full_names_are_accepted(make_proposal) -> None:
    from kkinvest.io.catalogue import parse_proposal
    from kkinvest.io.toml_in import parse_toml_bytes
    from kkinvest.registry import default_registry

    text = (
        'id = "X"\ntitle = "x"\nkind = "investering"\nbudget = 2023\nprice_level = 2023\n'
        'committee = "Socialudvalget"\nadministration = "Socialforvaltningen"\n'
        'pool = "investering"\n' + GOOD_LINE
    )
    proposal = parse_proposal(parse_toml_bytes(text.encode(), "x"), "x", default_registry())
    assert (proposal.committee, proposal.administration) == ("SUD", "SOF")


def test_unknown_section(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace('section = "varig"', 'section = "permanent"'))
    err = fails(runner, path)
    assert "T1: lines[1] 'Effektivisering'.section: ukendt sektion 'permanent'" in err
    assert "implementering, varig" in err


def test_unknown_area(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace('area = "service"', 'area = "drift"'))
    assert "ukendt styringsområde 'drift'; skriv en af: anlæg, overførsler, service" in fails(
        runner, path
    )


def test_area_spelled_without_danish_letters_is_accepted(make_proposal) -> None:
    proposal = make_proposal(GOOD_LINE.replace('area = "service"', 'area = "Anlaeg"'))
    assert proposal.lines[0].area.value == "anlæg"


def test_a_proposal_with_no_lines(runner, write_proposal) -> None:
    path = write_proposal("lines = []\n")
    assert "T1: lines: skal have mindst 1 linje" in fails(runner, path)


def test_duplicate_ids_name_both_files(runner, write_proposal, tmp_path) -> None:
    write_proposal(GOOD_LINE, name="a.toml")
    write_proposal(GOOD_LINE, name="b.toml")
    err = fails(runner, tmp_path)
    assert "b.toml: T1: nummeret 'T1' findes to gange: også i" in err
    assert "a.toml" in err


def test_all_problems_in_a_folder_are_reported(runner, write_proposal, tmp_path) -> None:
    write_proposal(GOOD_LINE.replace("2023 = -100", '2023 = "x"'), name="a.toml")
    write_proposal(GOOD_LINE.replace('area = "service"', 'area = "y"'), name="b.toml")
    err = fails(runner, tmp_path)
    assert len(err.strip().splitlines()) == 2


def test_not_utf8(runner, tmp_path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('title = "Økonomi"\n'.encode("latin-1"))
    assert "ikke UTF-8-tekst" in fails(runner, path)


def test_data_path_that_does_not_exist(runner, tmp_path) -> None:
    err = fails(runner, tmp_path / "nowhere")
    assert "filen eller mappen findes ikke (fra --data)" in err


def test_kkinvest_data_env_that_does_not_exist(runner, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KKINVEST_DATA", str(tmp_path / "nowhere"))
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 2
    assert "(fra KKINVEST_DATA)" in result.stderr


def test_unreadable_file(runner, write_proposal, monkeypatch) -> None:
    path = write_proposal(GOOD_LINE)

    import os

    real_open = os.open

    def denied(name: object, *args: object, **kwargs: object) -> int:
        if Path(str(name)) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)  # root may read anything: simulate it
    assert "filen kan ikke læses (ingen adgang)" in fails(runner, path)


def test_a_folder_named_as_a_file(runner, tmp_path) -> None:
    from kkinvest.io.problems import InputError
    from kkinvest.io.toml_in import read_toml

    with pytest.raises(InputError, match="er en mappe; her skal stå en TOML-fil"):
        read_toml(tmp_path)


def test_a_bad_proposal_id_is_told_the_form_of_an_id_not_of_a_key_name(runner, tmp_path) -> None:
    """The pattern message was written for key names ('kun små bogstaver'), but an id is BC06."""
    result = runner.invoke(app, ["new", "NY/01"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "bogstaver (a-z, A-Z), tal, '-', '_' og '.'" in result.stderr
    assert "små bogstaver" not in result.stderr
    (tmp_path / "k.toml").write_text('[[keys]]\nname = "Intune 2"\nequal = ["BUF"]\n')
    key = runner.invoke(app, ["keys", "--data", str(tmp_path)])
    assert "kun små bogstaver" in key.stderr, key.output
