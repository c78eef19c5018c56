"""What an outside test as a new analyst found, each as a test that failed before."""

from __future__ import annotations

import json

import pytest

from kkinvest.cli import app

PROPOSAL = """
id = "NY01"
title = "Færre papirbreve"
kind = "effektivisering"
budget = 2027
price_level = 2027
committee = "ØU"
administration = "ØKF"
pool = "{pool}"

[[lines]]
label = "Effektivisering"
section = "varig"
area = "service"
values = {{ 2027 = -500, 2028 = -1000 }}

[[lines]]
label = "Konsulent"
section = "implementering"
area = "service"
values = {{ 2027 = 2000 }}
"""


@pytest.mark.parametrize("word", ["ingen", "Ingen pulje", "none"])
def test_the_danish_word_for_no_pool_is_taken(runner, tmp_path, word) -> None:
    """`new` wrote "# pulje: investering | innovation | none"; "ingen" was refused with
    "ukendt pulje 'ingen'", though the template and the README speak Danish."""
    path = tmp_path / "NY01.toml"
    path.write_text(PROPOSAL.format(pool=word), encoding="utf-8")
    result = runner.invoke(app, ["show", "NY01", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["proposal"]["pool"] == "none"
