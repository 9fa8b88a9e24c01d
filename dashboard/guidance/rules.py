"""The rule language of the guidance cards, evaluated here, never with `eval`:

    relapse.late_night_share >= 0.5 and not (no_contact.active == false)
    'abuse' in settings.red_flags or always

Grammar (lowest precedence first)::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | atom
    atom       := "(" expr ")" | "always" | PATH OP LITERAL | LITERAL "in" PATH
    OP         := ">=" | ">" | "<=" | "<" | "==" | "!="
    LITERAL    := number | 'text' | "text" | true | false | null

A path that is missing or null makes its comparison false (never an exception); so does a value
of another type than the literal (text against a number). `== null` and `!= null` are the
explicit checks for a missing value. `in` is true only when the path holds a list containing the
literal. Bad syntax raises `RuleSyntaxError`; so does a path outside `known_paths` when given
(the card library passes `context.KNOWN_PATHS`, so a typo fails when the library loads).
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


class RuleSyntaxError(ValueError):
    """A rule that cannot be parsed; the message names the rule and the position."""


_TOKEN = re.compile(
    r"""
    (?P<num>-?\d+(?:\.\d+)?(?![\w.]))
    |(?P<str>'[^']*'|"[^"]*")
    |(?P<op>>=|<=|==|!=|>|<)
    |(?P<lp>\()
    |(?P<rp>\))
    |(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)
    """,
    re.VERBOSE,
)
_KEYWORDS = frozenset({"and", "or", "not", "in", "always", "true", "false", "null"})
_LITERAL_WORDS = {"true": True, "false": False, "null": None}


@dataclass(frozen=True)
class _Token:
    kind: str  # num, str, op, lp, rp, kw, path, end
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(text, pos)
        if match is None:
            raise RuleSyntaxError(
                f"rule {text!r}: unexpected character {text[pos]!r} at position {pos}"
            )
        kind = match.lastgroup or ""
        word = match.group()
        if kind == "name":
            kind = "kw" if word in _KEYWORDS else "path"
        tokens.append(_Token(kind, word, pos))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _is_number(value: Any) -> bool:
    # bool is an int in Python, but `true >= 1` is a mistake, not a comparison.
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _same_kind(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    if _is_number(a) or _is_number(b):
        return _is_number(a) and _is_number(b)
    return isinstance(a, str) and isinstance(b, str)


def resolve(context: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or None when any step is missing."""
    current: Any = context
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


_COMPARE = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


@dataclass(frozen=True)
class _Always:
    def holds(self, context: Mapping[str, Any]) -> bool:
        return True


@dataclass(frozen=True)
class _Compare:
    path: str
    op: str
    literal: Any

    def holds(self, context: Mapping[str, Any]) -> bool:
        value = resolve(context, self.path)
        if self.literal is None:
            return (value is None) == (self.op == "==")
        if value is None or not _same_kind(value, self.literal):
            return False
        return bool(_COMPARE[self.op](value, self.literal))


@dataclass(frozen=True)
class _Member:
    literal: Any
    path: str

    def holds(self, context: Mapping[str, Any]) -> bool:
        value = resolve(context, self.path)
        if isinstance(value, str | bytes) or not isinstance(value, Sequence | set | frozenset):
            return False
        return any(_same_kind(item, self.literal) and item == self.literal for item in value)


@dataclass(frozen=True)
class _Not:
    inner: Any

    def holds(self, context: Mapping[str, Any]) -> bool:
        return not self.inner.holds(context)


@dataclass(frozen=True)
class _Join:
    """`a and b and ...` or `a or b or ...`, evaluated left to right only as far as needed."""

    word: str
    parts: tuple[Any, ...]

    def holds(self, context: Mapping[str, Any]) -> bool:
        test = all if self.word == "and" else any
        return test(part.holds(context) for part in self.parts)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.paths: list[str] = []

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, token: _Token, expected: str) -> RuleSyntaxError:
        found = "the end of the rule" if token.kind == "end" else repr(token.text)
        return RuleSyntaxError(
            f"rule {self.text!r}: expected {expected} at position {token.pos}, found {found}"
        )

    def parse(self) -> Any:
        node = self.parse_or()
        if self.peek().kind != "end":
            raise self.fail(self.peek(), "'and', 'or' or the end of the rule")
        return node

    def parse_or(self) -> Any:
        return self.chain("or", self.parse_and)

    def parse_and(self) -> Any:
        return self.chain("and", self.parse_not)

    def chain(self, word: str, inner: Callable[[], Any]) -> Any:
        """`inner (word inner)*`: one node, or a join of them all."""
        parts = [inner()]
        while self.peek().kind == "kw" and self.peek().text == word:
            self.take()
            parts.append(inner())
        return parts[0] if len(parts) == 1 else _Join(word, tuple(parts))

    def parse_not(self) -> Any:
        if self.peek().kind == "kw" and self.peek().text == "not":
            self.take()
            return _Not(self.parse_not())
        return self.parse_atom()

    def literal(self, token: _Token) -> Any:
        if token.kind == "num":
            return float(token.text) if "." in token.text else int(token.text)
        if token.kind == "str":
            return token.text[1:-1]
        return _LITERAL_WORDS[token.text]

    def is_literal(self, token: _Token) -> bool:
        return token.kind in ("num", "str") or (token.kind == "kw" and token.text in _LITERAL_WORDS)

    def parse_atom(self) -> Any:
        token = self.take()
        if token.kind == "lp":
            node = self.parse_or()
            if self.peek().kind != "rp":
                raise self.fail(self.peek(), "')'")
            self.take()
            return node
        if token.kind == "kw" and token.text == "always":
            return _Always()
        if token.kind == "path":
            op = self.take()
            if op.kind != "op":
                raise self.fail(op, f"a comparison (>=, >, <=, <, ==, !=) after {token.text!r}")
            value_token = self.take()
            if not self.is_literal(value_token):
                raise self.fail(value_token, "a number, a quoted text, true, false or null")
            value = self.literal(value_token)
            if value is None and op.text not in ("==", "!="):
                raise self.fail(op, "== or != (null has no order)")
            if isinstance(value, bool | str) and op.text not in ("==", "!="):
                raise self.fail(op, f"== or != ({value_token.text} has no order)")
            self.paths.append(token.text)
            return _Compare(token.text, op.text, value)
        if self.is_literal(token):
            keyword = self.take()
            if keyword.kind != "kw" or keyword.text != "in":
                raise self.fail(keyword, "'in' after a literal")
            path = self.take()
            if path.kind != "path":
                raise self.fail(path, "a dotted path after 'in'")
            self.paths.append(path.text)
            return _Member(self.literal(token), path.text)
        raise self.fail(token, "a comparison, '<literal> in <path>', 'not', '(' or 'always'")


@dataclass(frozen=True)
class Rule:
    """A compiled rule: `holds(context)` evaluates it; `specificity` counts its conditions."""

    text: str
    node: Any = field(repr=False, compare=False)
    paths: tuple[str, ...] = field(compare=False)

    @property
    def specificity(self) -> int:
        return len(self.paths)

    def holds(self, context: Mapping[str, Any]) -> bool:
        return bool(self.node.holds(context))


def compile_rule(text: str, known_paths: frozenset[str] | None = None) -> Rule:
    """Parse a rule; raise RuleSyntaxError on bad syntax or (when given) an unknown path."""
    if not isinstance(text, str) or not text.strip():
        raise RuleSyntaxError(f"a rule must be a non-empty text, not {text!r}")
    parser = _Parser(text)
    node = parser.parse()
    if known_paths is not None:
        unknown = [p for p in parser.paths if p not in known_paths]
        if unknown:
            raise RuleSyntaxError(f"rule {text!r}: unknown path(s) {', '.join(unknown)}")
    return Rule(text, node, tuple(parser.paths))
