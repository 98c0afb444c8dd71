"""The XPath 1.0 expression grammar (the XLSForm subset) and the parser built from it.

Why a LALR grammar with lark: it is a real parser (no regular-expression
slicing of the text, no Python ``eval``), it is fast, and it builds our nodes
*while* it parses (``transformer=``), so there is no second, recursive pass
over a lark tree. Operator precedence is XPath 1.0's, lowest first:
``or``, ``and``, ``= !=``, ``< <= > >=``, ``+ -``, ``* div mod``, unary ``-``;
all binary operators associate to the left. Runs of ``and``, of ``or``, of
``+ -`` and of ``* div mod`` become one n-ary node each, so a 200-term sum of
scores stays a flat node instead of a 200-level tree.

Supported operands: numbers (``12``, ``3.5``, ``.5``; no sign, no exponent, as
in XPath), string literals in single or double quotes (no escapes, as in
XPath), ``${field}`` references, ``.``, ``..`` (only in ``position(..)``),
function calls (``count-selected(...)``, prefixed ``jr:choice-name(...)``) and
bare names (choice-sheet columns in ``choice_filter``).

Left out on purpose, each refused with a message saying so: location paths
(``/data/x``, ``../x``, ``@attr``), predicates (``[...]``), the union
operator ``|`` and ``instance('...')`` lookups. XLSForms written for ODK
reach other fields through ``${name}``, which pyxform itself turns into paths.

Keywords: ``and or div mod`` are operators only where an operator can stand
(lark's contextual lexer, plus a look-ahead so ``android`` or ``order`` are
never split), so a choice column may be called ``mod`` or ``or``, as XPath
allows.
"""

from __future__ import annotations

from functools import lru_cache

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

from .errors import SyntaxProblem
from .nodes import (
    BareName,
    Binary,
    Call,
    Chain,
    Current,
    Literal,
    Logical,
    Negate,
    Node,
    Parent,
    Ref,
    depth_of,
)

MAX_LENGTH = 20_000  # characters; an Excel cell holds 32,767, real expressions a few hundred

GRAMMAR = r"""
?start: or_expr

?or_expr: and_expr (OR and_expr)*
?and_expr: eq_expr (AND eq_expr)*
?eq_expr: rel_expr
        | eq_expr EQ_OP rel_expr               -> binary
?rel_expr: add_expr
        | rel_expr REL_OP add_expr             -> binary
?add_expr: mul_expr (ADD_OP mul_expr)*
?mul_expr: unary_expr (MUL_OP unary_expr)*
?unary_expr: primary
        | MINUS unary_expr                     -> negate
?primary: NUMBER                               -> number
        | STRING                               -> string
        | REF                                  -> ref
        | DOTDOT                               -> parent
        | DOT                                  -> current
        | NAME                                 -> bare_name
        | NAME "(" [or_expr ("," or_expr)*] ")" -> call
        | "(" or_expr ")"

OR: /or(?![\w.:-])/
AND: /and(?![\w.:-])/
EQ_OP: "!=" | "="
REL_OP: "<=" | ">=" | "<" | ">"
ADD_OP: "+" | "-"
MINUS: "-"
MUL_OP: "*" | /div(?![\w.:-])/ | /mod(?![\w.:-])/

NUMBER: /\d+(\.\d*)?|\.\d+/
STRING: /"[^"]*"|'[^']*'/
REF: /\$\{[^\W\d][\w.-]*\}/
DOTDOT: ".."
DOT: "."
NAME: /[^\W\d][\w.-]*(:[^\W\d][\w.-]*)?/

%ignore /\s+/
"""


class _Builder(Transformer[Token, Node]):
    """Turns each grammar rule into a node as soon as the parser reduces it."""

    def number(self, children: list[Token]) -> Node:
        tok = children[0]
        return Literal(tok.start_pos or 0, value=float(tok))

    def string(self, children: list[Token]) -> Node:
        tok = children[0]
        return Literal(tok.start_pos or 0, value=str(tok)[1:-1])

    def ref(self, children: list[Token]) -> Node:
        tok = children[0]
        return Ref(tok.start_pos or 0, name=str(tok)[2:-1])

    def current(self, children: list[Token]) -> Node:
        return Current(children[0].start_pos or 0)

    def parent(self, children: list[Token]) -> Node:
        return Parent(children[0].start_pos or 0)

    def bare_name(self, children: list[Token]) -> Node:
        tok = children[0]
        return BareName(tok.start_pos or 0, name=str(tok))

    def negate(self, children: list[Token | Node]) -> Node:
        minus, operand = children
        assert isinstance(minus, Token) and isinstance(operand, Node)
        return Negate(minus.start_pos or 0, depth_of(operand), operand=operand)

    def binary(self, children: list[Token | Node]) -> Node:
        left, op, right = children
        assert isinstance(left, Node) and isinstance(right, Node)
        return Binary(left.pos, depth_of(left, right), op=str(op), left=left, right=right)

    def or_expr(self, children: list[Token | Node]) -> Node:
        return self._logical("or", children)

    def and_expr(self, children: list[Token | Node]) -> Node:
        return self._logical("and", children)

    @staticmethod
    def _logical(name: str, children: list[Token | Node]) -> Node:
        operands = tuple(child for child in children if isinstance(child, Node))
        return Logical(operands[0].pos, depth_of(*operands), op=name, operands=operands)

    def add_expr(self, children: list[Token | Node]) -> Node:
        return self._arithmetic(children)

    def mul_expr(self, children: list[Token | Node]) -> Node:
        return self._arithmetic(children)

    @staticmethod
    def _arithmetic(children: list[Token | Node]) -> Node:
        """``a + b`` → Binary; ``a + b - c ...`` → one Chain, however long (no deep tree)."""
        first = children[0]
        assert isinstance(first, Node)
        steps: list[tuple[str, Node]] = []
        for k in range(1, len(children), 2):
            token, operand = children[k], children[k + 1]
            assert isinstance(token, Token) and isinstance(operand, Node)
            steps.append((str(token), operand))
        if len(steps) == 1:
            ((op, right),) = steps
            return Binary(first.pos, depth_of(first, right), op=op, left=first, right=right)
        depth = depth_of(first, *(operand for _, operand in steps))
        return Chain(first.pos, depth, first=first, steps=tuple(steps))

    def call(self, children: list[Token | Node | None]) -> Node:
        name, *rest = children
        assert isinstance(name, Token)
        args = tuple(arg for arg in rest if isinstance(arg, Node))
        return Call(name.start_pos or 0, depth_of(*args), name=str(name), args=args)


@lru_cache(maxsize=1)
def _parser() -> Lark:
    """Built once per process on first use (~50 ms); parsing after that is fast."""
    return Lark(GRAMMAR, parser="lalr", lexer="contextual", transformer=_Builder())


def parse(text: str) -> Node:
    """Parse ``text`` into nodes; raise SyntaxProblem with the offset of the first error."""
    if len(text) > MAX_LENGTH:
        raise SyntaxProblem(
            MAX_LENGTH,
            f"ekspresi terlalu panjang (lebih dari {MAX_LENGTH} karakter)",
            f"the expression is too long (more than {MAX_LENGTH} characters)",
        )
    if not text.strip():
        raise SyntaxProblem(0, "ekspresi kosong", "the expression is empty")
    try:
        tree = _parser().parse(text)
    except UnexpectedCharacters as exc:
        raise _bad_character(text, exc.pos_in_stream or 0) from None
    except UnexpectedToken as exc:
        raise _bad_token(text, exc.token, exc.expected) from None
    except UnexpectedEOF:
        raise _ends_too_early(text) from None
    assert isinstance(tree, Node)
    return tree


def _ends_too_early(text: str) -> SyntaxProblem:
    return SyntaxProblem(
        len(text.rstrip()),
        "ekspresi berakhir terlalu cepat (kurang operand atau ')'?)",
        "the expression ends too early (a missing operand or ')'?)",
    )


def _bad_character(text: str, pos: int) -> SyntaxProblem:
    char = text[pos] if pos < len(text) else ""
    if char in "'\"":
        return SyntaxProblem(
            pos,
            f"tanda kutip {char} tidak ditutup",
            f"the quote {char} is never closed",
        )
    if char == "$":
        return SyntaxProblem(
            pos,
            "referensi tidak sah; tulis ${nama_field}",
            "bad reference; write ${field_name}",
        )
    if char == "|":
        return SyntaxProblem(
            pos,
            "operator '|' (gabungan node-set) tidak didukung",
            "the '|' (node-set union) operator is not supported",
        )
    if char in "/[]@":
        return SyntaxProblem(
            pos,
            f"jalur XPath ('{char}') tidak didukung; rujuk field dengan ${{nama_field}}",
            f"XPath paths ('{char}') are not supported; refer to fields as ${{field_name}}",
        )
    if char in "&":
        return SyntaxProblem(
            pos,
            "'&' bukan operator XPath; gunakan 'and'",
            "'&' is not an XPath operator; use 'and'",
        )
    shown = char if char.isprintable() else f"U+{ord(char):04X}" if char else ""
    return SyntaxProblem(pos, f"karakter tak terduga '{shown}'", f"unexpected character '{shown}'")


_OPERAND_TOKENS = frozenset({"NAME", "NUMBER", "STRING", "REF", "LPAR", "DOT", "DOTDOT"})


def _bad_token(text: str, token: Token, expected: set[str]) -> SyntaxProblem:
    if token.type == "$END":
        return _ends_too_early(text)
    pos = token.start_pos or 0
    shown = str(token)
    if len(shown) > 20:
        shown = shown[:20] + "…"
    operand_expected = "NUMBER" in expected
    if shown == "=" and pos > 0 and text[pos - 1] == "=":
        return SyntaxProblem(
            pos,
            "XPath memakai satu '=' untuk 'sama dengan', bukan '=='",
            "XPath uses a single '=' for 'equals', not '=='",
        )
    if token.type in _OPERAND_TOKENS and not operand_expected:
        return SyntaxProblem(
            pos,
            f"kurang operator atau koma sebelum '{shown}'",
            f"a missing operator or comma before '{shown}'",
        )
    if operand_expected:
        return SyntaxProblem(
            pos,
            f"kurang nilai (angka, teks, ${{field}}...) sebelum '{shown}'",
            f"a value (number, text, ${{field}}...) is missing before '{shown}'",
        )
    if shown == ")":
        return SyntaxProblem(
            pos, "kurung tutup ')' tanpa pasangan", "a closing ')' without its opening '('"
        )
    return SyntaxProblem(pos, f"'{shown}' tidak diharapkan di sini", f"unexpected '{shown}' here")
