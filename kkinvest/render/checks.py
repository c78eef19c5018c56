"""`kkinvest check`: findings grouped by proposal, each with its severity, place, the document's
figure, the one that follows from its own lines, and the difference; a summary line last."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from rich.console import Group, RenderableType
from rich.text import Text

from kkinvest.calc.checks import Finding, Severity, Value
from kkinvest.money import decimal_places
from kkinvest.render.layout import hanging, indented
from kkinvest.render.numbers import danish

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "dim"}
PLURAL = {Severity.ERROR: "fejl", Severity.WARNING: "advarsler", Severity.NOTE: "bemærkninger"}


def amount(value: Decimal | None) -> str:
    """An amount as printed: with as many decimals as it has (25,6; -1.918; 100,01)."""
    if value is None:
        return "ingen"
    return danish(value, decimal_places(value))


def _years(values: Sequence[Value]) -> list[tuple[str, Value]]:
    """Consecutive years with the same figures folded into one span: '2024–2028'."""
    spans: list[tuple[str, Value]] = []
    start: Value | None = None
    last: Value | None = None
    for value in values:
        same = (
            last is not None
            and value.year is not None
            and last.year is not None
            and value.year == last.year + 1
            and (value.stated, value.computed, value.row) == (last.stated, last.computed, last.row)
        )
        if not same:
            if start is not None and last is not None:
                spans.append((_span(start, last), start))
            start = value
        last = value
    if start is not None and last is not None:
        spans.append((_span(start, last), start))
    return spans


def _span(first: Value, last: Value) -> str:
    row = f"{first.row} " if first.row else ""
    if first.year is None:
        return row.strip()
    return row + (str(first.year) if first.year == last.year else f"{first.year}–{last.year}")


INDENT = 13
"""Where a finding's text begins: after two spaces and the severity ("bemærkning")."""


def finding_lines(finding: Finding) -> list[RenderableType]:
    """The finding's severity, then its place and message; wrapped lines and the figures
    below keep the message's indent."""
    severity = Text("  ")
    severity.append(finding.severity.value, style=STYLES[finding.severity])
    lines: list[RenderableType] = [
        hanging(severity, Text(f"{finding.where}: {finding.text(amount)}"), INDENT)
    ]
    for span, value in _years(list(finding.values)):
        difference = value.difference
        text = f"{span}: " if span else ""
        text += f"dokumentet {amount(value.stated)}, beregnet {amount(value.computed)}"
        if difference is not None:
            text += f", forskel {amount(difference)}"
        lines.append(indented(Text(text), INDENT))
    return lines


def as_json(finding: Finding) -> dict[str, object]:
    """A finding for `check --json`: its message worded with its figures written out."""
    return {
        "subject": finding.subject,
        "severity": finding.severity,
        "rule": finding.rule,
        "where": finding.where,
        "message": finding.text(amount),
        "values": finding.values,
    }


def summary(proposals: int, counts: Mapping[Severity, int]) -> str:
    parts = [f"{counts[s]} {s.value if counts[s] == 1 else PLURAL[s]}" for s in Severity]
    return f"{proposals} forslag kontrolleret: " + ", ".join(parts)


def report(
    findings: Sequence[Finding],
    titles: Mapping[str, str],
    proposals: int,
    counts: Mapping[Severity, int],
) -> Group:
    parts: list[RenderableType] = []
    subjects = list(dict.fromkeys(f.subject for f in findings))
    for subject in subjects:
        title = titles.get(subject)
        parts.append(Text(f"{subject} {title}" if title else subject, style="bold"))
        for finding in (f for f in findings if f.subject == subject):
            parts.extend(finding_lines(finding))
    if not findings:
        parts.append(Text("Ingen fund: tabellerne stemmer med hinanden.", style="green"))
    parts.append(Text(summary(proposals, counts), style="bold"))
    return Group(*parts)
