"""Typer's and Click's own words in Danish: "Brug:", "Tilvalg", "Vis denne hjælp", and the
usage errors ("mangler argumentet ID", "ukendt tilvalg --budjet; mente du --budget?").

Typer 0.2x vendors Click (`typer._click`) with its English texts written into the code, not
behind gettext; only `typer.core` still calls gettext's `_`. So this module does two things
when imported (once, by `kkinvest.cli.common`):

- `typer.core._` becomes a lookup in `WORDS` (section headings, "[standard: ...]");
- the few methods that write Click's texts are replaced by Danish ones: the usage line's
  prefix, the help option's help, the metavars in usage and help, and the messages and
  `show()` of the usage errors. A message part that Typer takes from pydantic (a value that is
  not a number) is translated by the patterns in `MESSAGES`.

What cannot be reached this way stays English; the README lists it (the allow-list of
tests/test_danish.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any

import typer.core
from typer._click import core as click_core
from typer._click import exceptions, formatting

WORDS = {
    "Options": "Tilvalg",
    "Arguments": "Argumenter",
    "Commands": "Kommandoer",
    "default: {default}": "standard: {default}",
    "required": "skal angives",
    "env var: {var}": "miljøvariabel: {var}",
    "(dynamic)": "(beregnes)",
    "Missing command.": "der mangler en kommando.",
    "No such command {name!r}.": "ukendt kommando {name!r}.",
    "Aborted!": "Afbrudt!",
}

HELP_OPTION = "Vis denne hjælp og afslut."
USAGE = "Brug: "

MESSAGES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (
        r"^Value error, (.*) is not one of (.*?)\.?$",
        lambda m: f"{m[1]} er ikke en af {m[2].replace(chr(39), '')}",
    ),
    (r"^Input should be a valid integer.*$", "skal være et helt tal (fx 2023)"),
    (r"^Input should be a valid number.*$", "skal være et tal"),
    (r"^Input should be a valid boolean.*$", "skal være ja eller nej"),
    (r"^Input should be greater than or equal to (.*)$", r"skal være mindst \1"),
    (r"^Input should be less than or equal to (.*)$", r"skal være højst \1"),
    (r"^Input should be greater than (.*)$", r"skal være større end \1"),
    (r"^Input should be less than (.*)$", r"skal være mindre end \1"),
    (r"^Input should be a finite number.*$", "skal være et endeligt tal"),
    (r"^Input should be (.*)$", lambda m: f"skal være {m[1]}"),
    (r"^Value (.*) is not a valid (\w+)\.$", lambda m: f"{m[1]} er ikke gyldig"),
    (
        r"^(.*)\. Did you mean (.*)\?$",
        lambda m: f"{m[1]}; mente du {m[2].replace(chr(39), '').replace(', ', ' eller ')}?",
    ),
    (
        r"^Got unexpected extra arguments? \((.*)\)$",
        lambda m: f"uventet ekstra argument: {m[1]}",
    ),
    (
        r"^Option (.*) requires an argument\.$",
        lambda m: f"tilvalget {m[1]} kræver en værdi",
    ),
    (r"^Option (.*) requires (\d+) arguments\.$", r"tilvalget \1 kræver \2 værdier"),
    (
        r"^Option (.*) does not take a value\.$",
        lambda m: f"tilvalget {m[1]} tager ingen værdi",
    ),
    (r"^No such option: (.*)$", lambda m: f"ukendt tilvalg: {m[1]}"),
    (r"^No such command (.*)$", lambda m: f"ukendt kommando {m[1]}"),
    (r"^Value must be an iterable\.$", "skal være en liste af værdier"),
    (r"^(.*) (.*) is a directory\.$", lambda m: f"{m[2]} er en mappe, ikke en fil"),
    (r"^(.*) (.*) is a file\.$", lambda m: f"{m[2]} er en fil, ikke en mappe"),
    (r"^(.*) (.*) does not exist\.$", lambda m: f"{m[2]} findes ikke"),
    (r"^(.*) (.*) is not readable\.$", lambda m: f"{m[2]} kan ikke læses"),
]


def translate(message: str) -> str:
    """A message of Typer's or Click's in Danish, as far as `MESSAGES` knows it. (The patterns
    are compiled on first use, by `re`'s own cache: most runs translate nothing.)"""
    for pattern, replacement in MESSAGES:
        match = re.match(pattern, message)
        if match:
            if callable(replacement):
                return replacement(match)
            return match.expand(replacement)
    return message


def _word(text: str) -> str:
    return WORDS.get(text, text)


def _hint(param_hint: Any) -> str:
    joined = exceptions._join_param_hints(param_hint)
    return str(joined).strip("'") if joined else ""


def _bad_parameter(self: exceptions.BadParameter) -> str:
    hint = self.param_hint if self.param_hint is not None else None
    if hint is None and self.param is not None:
        hint = self.param.get_error_hint()
    where = _hint(hint)
    return f"{where}: {translate(self.message)}" if where else translate(self.message)


PARAM_TYPES = {"argument": "argumentet", "option": "tilvalget", "parameter": "parameteren"}


def _missing(self: exceptions.MissingParameter) -> str:
    hint = self.param_hint if self.param_hint is not None else None
    if hint is None and self.param is not None:
        hint = self.param.get_error_hint()
    kind = self.param_type or (self.param.param_type_name if self.param else "parameter")
    text = f"mangler {PARAM_TYPES.get(kind, kind)} {_hint(hint)}".rstrip()
    choices = getattr(getattr(self.param, "type_descriptor", None), "choices", None)
    if choices:
        text += " (vælg mellem " + ", ".join(str(getattr(c, "value", c)) for c in choices) + ")"
    return text if text.endswith(".") else text + "."


def _no_such_option(self: exceptions.NoSuchOption) -> str:
    text = translate(self.message)
    if self.possibilities:
        text += f"; mente du {' eller '.join(sorted(self.possibilities))}?"
    return text


def _show_click(self: exceptions.ClickException, file: IO[Any] | None = None) -> None:
    from typer._click.utils import echo

    echo(f"kkinvest: fejl: {translate(self.format_message())}", file=file, err=file is None)


def _show_usage(self: exceptions.UsageError, file: IO[Any] | None = None) -> None:
    from typer._click.utils import echo

    if self.ctx is not None:
        hint = ""
        if self.ctx.command.get_help_option(self.ctx) is not None:
            option = self.ctx.help_option_names[0]
            hint = f"Prøv '{self.ctx.command_path} {option}' for hjælp.\n"
        echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=file is None)
    echo(f"Fejl: {translate(self.format_message())}", file=file, err=file is None)


USAGE_WORDS = (("[OPTIONS]", "[TILVALG]"), ("COMMAND [ARGS]...", "KOMMANDO [ARGUMENTER]..."))


def _install() -> None:
    typer.core._ = _word  # type: ignore[attr-defined,assignment]

    write_usage = formatting.HelpFormatter.write_usage

    def danish_usage(
        self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        for english, danish in USAGE_WORDS:
            args = args.replace(english, danish)
        write_usage(self, prog, args, USAGE if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = danish_usage  # type: ignore[method-assign]

    get_help_option = click_core.Command.get_help_option

    def danish_help_option(self: click_core.Command, ctx: click_core.Context) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    click_core.Command.get_help_option = danish_help_option  # type: ignore[method-assign]

    def usage_name(self: typer.core.TyperArgument) -> str:
        name = (self.metavar or self.name or "").strip("[]{}.").upper()
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    typer.core.TyperArgument._usage_display_name = usage_name  # type: ignore[method-assign]
    typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

    exceptions.BadParameter.format_message = _bad_parameter  # type: ignore[method-assign]
    exceptions.MissingParameter.format_message = _missing  # type: ignore[method-assign]
    exceptions.NoSuchOption.format_message = _no_such_option  # type: ignore[method-assign]
    exceptions.ClickException.show = _show_click  # type: ignore[method-assign]
    exceptions.UsageError.show = _show_usage  # type: ignore[method-assign]


_install()
