"""Topic rules as boolean keyword expressions, parsed by a small recursive-descent parser (never eval).

Grammar (precedence NOT > AND > OR, parentheses group)::

    expression := and_expr ( OR and_expr )*
    and_expr   := not_expr ( [AND] not_expr )*       -- two terms side by side also mean AND
    not_expr   := NOT not_expr | atom
    atom       := "(" expression ")" | "“phrase with spaces”" | word

Operators: ``AND``/``OR``/``NOT`` (any case), ``&``/``|``/``!``, and the Chinese 与/或/非 when they stand
alone between spaces (inside a word, 与 is just a character: 生态与环境 is one keyword). Parentheses may
be half- or full-width, quotes straight or curly. A keyword matches when it occurs as a substring of
the item's normalised text (NFKC, lower case), which is how Chinese needs it: no word boundaries.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

MAX_LENGTH = 500
MAX_DEPTH = 20

OR_WORDS = frozenset({"or", "或", "|", "||"})
AND_WORDS = frozenset({"and", "与", "&", "&&"})
NOT_WORDS = frozenset({"not", "非", "!"})
OPEN = frozenset({"(", "（"})
CLOSE = frozenset({")", "）"})
QUOTES = {'"': '"', "“": "”", "「": "」", "'": "'"}


class ExpressionError(ValueError):
    """A bad expression; the message is Chinese and says where."""


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # word, phrase, open, close, and, or, not
    text: str
    position: int  # 1-based character position, for the message


def normalise(text: str) -> str:
    text = text or ""
    # The quick check is a table lookup per character; NFKC itself costs a hundred times more and is
    # a no-op for nearly every post (ingestion normalises every item).
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _tokens(source: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char.isspace():
            i += 1
            continue
        if char in OPEN or char in CLOSE:
            tokens.append(Token("open" if char in OPEN else "close", char, i + 1))
            i += 1
            continue
        if char in QUOTES:
            end = source.find(QUOTES[char], i + 1)
            if end < 0:
                raise ExpressionError(f"第{i + 1}个字符处的引号没有闭合。")
            phrase = source[i + 1 : end].strip()
            if not phrase:
                raise ExpressionError(f"第{i + 1}个字符处的引号内没有内容。")
            tokens.append(Token("phrase", phrase, i + 1))
            i = end + 1
            continue
        if char in "&|!":
            j = i + 1
            while j < n and source[j] == char and char != "!":
                j += 1
            word = source[i:j]
            kind = {"&": "and", "|": "or", "!": "not"}[char]
            if len(word) > 2:
                raise ExpressionError(f"第{i + 1}个字符处的运算符“{word}”无法识别。")
            tokens.append(Token(kind, word, i + 1))
            i = j
            continue
        j = i
        while j < n and not source[j].isspace() and source[j] not in OPEN | CLOSE and source[j] not in QUOTES:
            if source[j] in "&|!":
                break
            j += 1
        word = source[i:j]
        lowered = word.lower()
        if lowered in OR_WORDS:
            tokens.append(Token("or", word, i + 1))
        elif lowered in AND_WORDS:
            tokens.append(Token("and", word, i + 1))
        elif lowered in NOT_WORDS:
            tokens.append(Token("not", word, i + 1))
        else:
            tokens.append(Token("word", word, i + 1))
        i = j
    return tokens


# The tree: ("term", text) | ("not", node) | ("and", (nodes...)) | ("or", (nodes...)); tuples, so hashable.
Node = tuple


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expression(self) -> Node:
        parts = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            self._operand_follows(token)
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else ("or", tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while (token := self.peek()) is not None and token.kind in {"and", "word", "phrase", "open", "not"}:
            if token.kind == "and":
                self.take()
                self._operand_follows(token)
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else ("and", tuple(parts))

    def not_expr(self) -> Node:
        token = self.peek()
        if token is not None and token.kind == "not":
            self.take()
            self._operand_follows(token)
            self._enter(token)
            node = ("not", self.not_expr())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise ExpressionError("表达式不完整：末尾缺少关键词。")
        if token.kind == "open":
            self.take()
            self._enter(token)
            if (inner := self.peek()) is not None and inner.kind == "close":
                raise ExpressionError(f"第{token.position}个字符处的括号内没有内容。")
            node = self.expression()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind != "close":
                raise ExpressionError(f"第{token.position}个字符处的左括号没有对应的右括号。")
            self.take()
            return node
        if token.kind in {"word", "phrase"}:
            self.take()
            term = normalise(token.text).strip()
            if not term:
                raise ExpressionError(f"第{token.position}个字符处的关键词为空。")
            return ("term", term)
        if token.kind == "close":
            raise ExpressionError(f"第{token.position}个字符处的右括号没有对应的左括号。")
        raise ExpressionError(f"第{token.position}个字符处的“{token.text}”前面缺少关键词。")

    def _operand_follows(self, operator: Token) -> None:
        following = self.peek()
        if following is None or following.kind in {"close", "and", "or"}:
            raise ExpressionError(f"第{operator.position}个字符处的“{operator.text}”后面缺少关键词。")

    def _enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"表达式嵌套过深（最多{MAX_DEPTH}层）。")


def parse(source: str) -> Node:
    """The tree of ``source``; ``ExpressionError`` with a Chinese message when it is not a valid rule."""
    source = (source or "").strip()
    if not source:
        raise ExpressionError("请填写关键词表达式。")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"表达式过长（最多{MAX_LENGTH}个字符）。")
    tokens = _tokens(source)
    parser = _Parser(tokens)
    node = parser.expression()
    if parser.index < len(tokens):
        token = tokens[parser.index]
        if token.kind == "close":
            raise ExpressionError(f"第{token.position}个字符处的右括号没有对应的左括号。")
        raise ExpressionError(f"第{token.position}个字符处的“{token.text}”无法识别。")
    if _only_negative(node):
        raise ExpressionError("表达式不能只有“非”条件：请至少包含一个必须出现的关键词。")
    return node


def _only_negative(node: Node) -> bool:
    # A rule like "NOT 广告" would match nearly everything; nobody means that.
    kind = node[0]
    if kind == "term":
        return False
    if kind == "not":
        return True
    if kind == "and":
        return all(_only_negative(child) for child in node[1])
    return any(_only_negative(child) for child in node[1])


def matches(node: Node, text: str) -> bool:
    """Whether already normalised ``text`` satisfies the tree."""
    kind = node[0]
    if kind == "term":
        return node[1] in text
    if kind == "not":
        return not matches(node[1], text)
    if kind == "and":
        return all(matches(child, text) for child in node[1])
    return any(matches(child, text) for child in node[1])


def terms(node: Node) -> list[str]:
    """The positive keywords of a tree (for highlighting what matched)."""
    kind = node[0]
    if kind == "term":
        return [node[1]]
    if kind == "not":
        return []
    return [term for child in node[1] for term in terms(child)]


def compile_matcher(node: Node) -> Callable[[str], bool]:
    """``matches`` for one tree, built once: ingestion tests every rule against every item.

    The tree becomes nested closures, so an item costs one substring search per keyword reached and
    no walking of tuples.
    """
    kind = node[0]
    if kind == "term":
        term = node[1]
        return lambda text: term in text
    if kind == "not":
        inner = compile_matcher(node[1])
        return lambda text: not inner(text)
    parts = tuple(compile_matcher(child) for child in node[1])
    if kind == "and":

        def every(text: str) -> bool:
            for part in parts:
                if not part(text):
                    return False
            return True

        return every

    def some(text: str) -> bool:
        for part in parts:
            if part(text):
                return True
        return False

    return some
