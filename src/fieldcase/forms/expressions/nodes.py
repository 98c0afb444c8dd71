"""The syntax tree of an expression: small immutable nodes built straight from the parser.

Lark's own ``Tree`` is generic (a rule name and a list of children); these
classes say what each thing is, so the compiler and the analyses
(``references``, argument checks) read as ordinary Python. Every node knows
``pos`` (0-based offset of where it starts, for error columns) and ``depth``
(computed bottom-up while parsing, so an absurdly nested expression is refused
before any recursive pass could overflow the stack).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Node:
    pos: int
    depth: int = field(default=1, compare=False)

    def children(self) -> tuple[Node, ...]:
        return ()

    def walk(self) -> Iterator[Node]:
        """This node and all below it, parents first (iterative: no recursion limit)."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children()))


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """A string literal ('abc') or a number literal (12, 3.5, .5): XPath has no others."""

    value: str | float = ""


@dataclass(frozen=True, slots=True)
class Ref(Node):
    """``${name}``: the answer of another field (XLSForm's reference syntax)."""

    name: str = ""


@dataclass(frozen=True, slots=True)
class Current(Node):
    """``.``: the field being evaluated (constraints, ``once``, ``string-length()``)."""


@dataclass(frozen=True, slots=True)
class Parent(Node):
    """``..``: accepted only as the argument of ``position(..)``."""


@dataclass(frozen=True, slots=True)
class BareName(Node):
    """A plain name such as ``region``: a choice-sheet column inside ``choice_filter``."""

    name: str = ""


@dataclass(frozen=True, slots=True)
class Negate(Node):
    operand: Node = field(default_factory=lambda: Literal(0))

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """Arithmetic (+ - * div mod) or comparison (= != < <= > >=)."""

    op: str = ""
    left: Node = field(default_factory=lambda: Literal(0))
    right: Node = field(default_factory=lambda: Literal(0))

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Chain(Node):
    """``a + b - c ...`` or ``a * b div c ...``: a left-to-right run of one precedence level."""

    first: Node = field(default_factory=lambda: Literal(0))
    steps: tuple[tuple[str, Node], ...] = ()

    def children(self) -> tuple[Node, ...]:
        return (self.first, *(operand for _, operand in self.steps))


@dataclass(frozen=True, slots=True)
class Logical(Node):
    """``and`` / ``or`` over two or more operands (one node per run of the same operator)."""

    op: str = ""
    operands: tuple[Node, ...] = ()

    def children(self) -> tuple[Node, ...]:
        return self.operands


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str = ""
    args: tuple[Node, ...] = ()

    def children(self) -> tuple[Node, ...]:
        return self.args


def depth_of(*children: Node) -> int:
    return 1 + max((child.depth for child in children), default=0)
