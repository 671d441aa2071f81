"""What a file's fields may hold: one small schema language for table files and classifier scenes.

A schema is a tree of fields — Table, List, Text, Number, Integer, Flag, Choice, Either — and
``check(schema, data)`` walks the parsed TOML once, refusing the first field that does not fit
with a one-line SchemaError naming it::

    settings.squared = 'no' is not true or false (a TOML boolean, without quotes)
    score 'x' in row 1 is not a number
    unknown setting 'colour'; the settings are scale, margin, …

Booleans are never numbers, numbers never strings; unknown keys are refused; list lengths and
number ranges are bounded, so nothing past the schema sees an unexpected type or size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine.names import MAX_NAME_LENGTH, name_problem, quoted, short


class SchemaError(ValueError):
    """A field that does not fit its schema; the message names the field."""


def shown(value) -> str:
    """A parsed TOML value as a message shows it: 'text', true, 3.5, (a list), (a table)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, (int, float)):
        return short(repr(value))
    if isinstance(value, list):
        return "(a list)"
    if isinstance(value, dict):
        return "(a table)"
    return f"(a {type(value).__name__})"  # TOML dates and times


def named(where: str, value) -> str:
    """"settings.scale = true", or the value in place of "{value}" ("score 'x' in row 1")."""
    return where.replace("{value}", shown(value)) if "{value}" in where else f"{where} = {shown(value)}"


def _refuse(where: str, value, kind: str):
    raise SchemaError(f"{named(where, value)} is not {kind}")


@dataclass(frozen=True)
class Number:
    """A finite int or float (never a bool) in low … high (``range_text`` says it in messages)."""

    low: float = -math.inf
    high: float = math.inf
    range_text: str = ""

    def check(self, value, where: str):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            _refuse(where, value, "a number")
        if isinstance(value, float) and not math.isfinite(value):
            _refuse(where, value, "a finite number")
        if isinstance(value, int) and abs(value) > 2**1023:  # beyond any float
            raise SchemaError(f"{named(where, value)} is too large")
        if not self.low <= value <= self.high:
            limits = self.range_text or f"{self.low:g} … {self.high:g}"
            raise SchemaError(f"{named(where, value)} is outside {limits}")
        return float(value)


@dataclass(frozen=True)
class Integer:
    """A whole number (never a bool or a float) in low … high."""

    low: int
    high: int

    def check(self, value, where: str):
        if isinstance(value, bool) or not isinstance(value, int):
            _refuse(where, value, f"a whole number {self.low} … {self.high}")
        if not self.low <= value <= self.high:
            raise SchemaError(f"{named(where, value)} is outside {self.low} … {self.high}")
        return value


@dataclass(frozen=True)
class Flag:
    """true or false."""

    def check(self, value, where: str):
        if not isinstance(value, bool):
            _refuse(where, value, "true or false (a TOML boolean, without quotes)")
        return value


@dataclass(frozen=True)
class Text:
    """A string without control characters, at most max_length long."""

    max_length: int = MAX_NAME_LENGTH
    empty_ok: bool = True

    def check(self, value, where: str):
        if not isinstance(value, str):
            _refuse(where, value, "a string (in quotes)")
        problem = name_problem(value, where, self.max_length, self.empty_ok)
        if problem:
            raise SchemaError(problem)
        return value


@dataclass(frozen=True)
class Choice:
    """One of a few strings."""

    options: tuple[str, ...]

    def check(self, value, where: str):
        if not isinstance(value, str) or value not in self.options:
            _refuse(where, value, "one of " + ", ".join(f'"{o}"' for o in self.options))
        return value


@dataclass(frozen=True)
class Either:
    """The first of FIELDS whose type fits (e.g. a label: a class name or an index)."""

    fields: tuple
    kind: str

    def check(self, value, where: str):
        for option in self.fields:
            if isinstance(option, Text) and isinstance(value, str) or \
                    isinstance(option, Integer) and isinstance(value, int) and not isinstance(value, bool):
                return option.check(value, where)
        _refuse(where, value, self.kind)


@dataclass(frozen=True)
class List:
    """A list of ITEM, min_length … max_length long; ``entry`` names item n (1-based) in messages.

    entry is a format with {where} (this list's name) and {n}, e.g. "class {n}"; "{{value}}" in it
    places the item's value ("score {{value}} in row {n}" → "score 'x' in row 1 is not a number").
    """

    item: object
    max_length: int
    min_length: int = 0
    entry: str = "{where} entry {n}"
    kind: str = "a list"

    def check(self, value, where: str):
        if not isinstance(value, list):
            _refuse(where, value, self.kind)
        if not self.min_length <= len(value) <= self.max_length:
            count = (f"{self.min_length}" if self.min_length == self.max_length
                     else f"{self.min_length} … {self.max_length}")
            raise SchemaError(f"{where} has {len(value)} entries; it needs {count}")
        return [self.item.check(v, self.entry.format(where=where, n=n)) for n, v in enumerate(value, 1)]


@dataclass(frozen=True)
class Table:
    """A TOML table with these keys (unknown keys refused); ``noun`` names a key in messages."""

    fields: dict
    required: tuple[str, ...] = ()
    noun: str = "key"
    prefix: str = ""  # "settings." for a sub-table
    kind: str = "a table"

    def check(self, value, where: str = ""):
        if not isinstance(value, dict):
            _refuse(where, value, self.kind)
        unknown = [key for key in value if key not in self.fields]
        if unknown:
            name = self.prefix.rstrip(".: ")
            section = "" if not name else f" in [{name}]" if self.prefix.endswith(".") else f" in {name}"
            raise SchemaError(f"unknown {self.noun} {quoted(unknown[0])}{section}; "
                              f"the {self.noun}s are {', '.join(self.fields)}")
        for key in self.required:
            if key not in value:
                raise SchemaError(f"missing {quoted(self.prefix + key)}")
        return {key: self.fields[key].check(v, self.prefix + key) for key, v in value.items()}


def check(schema: Table, data: dict) -> dict:
    """DATA with every field checked against SCHEMA (numbers as floats); SchemaError otherwise."""
    return schema.check(data)
