"""The LALR(1) driver: feeds tokens through lark's tables and calls the builder.

lark computes the tables (tables.py); this loop runs them, because it is the
hot path and because it must decide, per token, three things lark's lexers
cannot know without the parser state (this is our contextual lexer):

* soft keywords: `fn`, `struct`, `trait`, `alias`, `var`, `let`, `inout`,
  `owned`, `borrowed` are keywords when the parser accepts the keyword here
  and the next token is a name (`fn f(...)`, but `fn = open(p)`); `raises`
  and `case` when the parser accepts them; `match` when it starts a logical
  line that ends with `:`;
* `^` is the move operator (`take(s^)`) when no operand follows it;
* `with (a, b):` is the parenthesized form (CPython tries it first) when the
  matching `)` is followed by `:` and a top-level `,` or `as` is inside.

Identity reductions (`?rule` with one child) only change the state, which
keeps Python's 16 levels of expression precedence cheap. Syntax errors go to
recovery.py, which repairs or skips and hands back a position to resume at.
"""
from __future__ import annotations

from .lexer import Token
from .tables import Tables

SOFT_KEYWORDS = {"fn": "FN", "struct": "STRUCT", "trait": "TRAIT", "alias": "ALIAS",
                 "var": "VAR", "let": "LET", "inout": "INOUT", "owned": "OWNED",
                 "borrowed": "BORROWED", "raises": "RAISES", "match": "MATCH",
                 "case": "CASE"}
_NEED_NAME_AFTER = {"FN", "STRUCT", "TRAIT", "ALIAS", "VAR", "LET", "INOUT", "OWNED",
                    "BORROWED"}
_EXPR_START_LITERALS = ("(", "[", "{", "-", "+", "~", "not", "lambda", "await", "None",
                        "True", "False", "...", "*", "yield")


class Driver:
    def __init__(self, tables: Tables):
        self.tables = tables
        lit = tables.literals
        self.expr_start = {"NAME", "NUMBER", "STRING"} | {lit[s] for s in _EXPR_START_LITERALS}
        self.lpar, self.rpar = lit["("], lit[")"]
        self.colon, self.comma, self.as_, self.yield_ = lit[":"], lit[","], lit["as"], lit["yield"]
        self.with_, self.caret = lit["with"], lit["^"]
        self.rules = [(r.lhs, r.size, r.identity, r.holes, r.action) for r in tables.rules]
        self.lhs_of = [r.lhs for r in tables.rules]
        self.size_of = [r.size for r in tables.rules]
        self.identity = [r.identity for r in tables.rules]
        self.chains: dict[tuple[int, int, str], int] = {}

    def callbacks(self, builder) -> list:
        cbs = []
        for lhs, size, identity, holes, action in self.rules:
            if identity:
                cbs.append(None)
                continue
            fn = getattr(builder, action)
            cbs.append(_with_holes(fn, holes) if holes else fn)
        return cbs

    def run(self, toks: list[Token], builder, recovery):
        t = self.tables
        actions, goto, end_state = t.actions, t.goto, t.end_state
        lhs_of, size_of, identity = self.lhs_of, self.size_of, self.identity
        cbs, chains = builder.cbs, self.chains
        soft, caret, lpar = SOFT_KEYWORDS, self.caret, self.lpar
        states = [t.start_state]
        values: list = []
        i = 0
        while True:
            tok = toks[i]
            typ = tok.type
            if typ == "NAME":
                if tok.value in soft:
                    typ = self.classify(toks, i, states)
            elif typ == lpar:
                if "WITH_LPAR" in actions[states[-1]]:
                    typ = self.classify(toks, i, states)
            elif typ == caret:
                typ = self.classify(toks, i, states)
            elif typ == "SKIP":
                i += 1
                continue
            while True:
                a = actions[states[-1]].get(typ)
                if a is None:
                    i = recovery.recover(self, toks, i, states, values)
                    break
                if a >= 0:
                    states.append(a)
                    values.append(tok)
                    i += 1
                    break
                r = ~a
                if identity[r]:
                    key = (states[-2], states[-1], typ)
                    top = chains.get(key)
                    if top is None:
                        top = chains[key] = self._identity_chain(states[-2], states[-1], typ)
                    states[-1] = top
                    continue
                size = size_of[r]
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    children = []
                values.append(cbs[r](children))
                states.append(goto[states[-1]][lhs_of[r]])
                if typ == "$END" and states[-1] == end_state:
                    return values[-1]

    def _identity_chain(self, below: int, top: int, typ: str) -> int:
        """The state after every identity reduction that `typ` triggers in `top`
        (each one replaces the top state by a goto from `below`), memoized
        because expression precedence makes long chains of them."""
        actions, goto = self.tables.actions, self.tables.goto
        while True:
            a = actions[top].get(typ)
            if a is None or a >= 0 or not self.identity[~a]:
                return top
            top = goto[below][self.lhs_of[~a]]

    # -- the contextual part of lexing -------------------------------------------------
    def classify(self, toks: list[Token], i: int, states: list[int]) -> str:
        tok = toks[i]
        typ = tok.type
        row = self.tables.actions[states[-1]]
        if typ == "NAME":
            kw = SOFT_KEYWORDS.get(tok.value)
            if kw is None or kw not in row:
                return typ
            # LALR merges lookaheads: a reduction on `kw` may still end in an
            # error, so when a name would also do, check that `kw` gets shifted.
            if typ in row and not self.simulate(states, [kw]):
                return typ
            if kw in _NEED_NAME_AFTER:
                if toks[i + 1].type != "NAME":
                    return typ
            elif kw == "MATCH" and not self._match_line(toks, i):
                return typ
        elif typ == self.caret:
            if "TRANSFER" not in row or toks[i + 1].type in self.expr_start:
                return typ
            kw = "TRANSFER"
        else:
            if "WITH_LPAR" not in row or not self._with_parens(toks, i):
                return typ
            kw = "WITH_LPAR"
        tok.type = kw
        return kw

    def simulate(self, states: list[int], types: list[str]) -> bool:
        """Would the parser, in `states`, get through tokens of `types`?"""
        t = self.tables
        actions, goto, rules, end = t.actions, t.goto, self.rules, t.end_state
        st = list(states)
        for typ in types:
            while True:
                a = actions[st[-1]].get(typ)
                if a is None:
                    return False
                if a >= 0:
                    st.append(a)
                    break
                lhs, size = rules[~a][0], rules[~a][1]
                if size:
                    del st[-size:]
                st.append(goto[st[-1]][lhs])
                if typ == "$END" and st[-1] == end:
                    return True
        return True

    def _match_line(self, toks: list[Token], i: int) -> bool:
        j = i + 1
        while toks[j].type not in ("NEWLINE", "$END"):
            j += 1
        return toks[j - 1].type == self.colon

    def _with_parens(self, toks: list[Token], i: int) -> bool:
        if toks[i + 1].type == self.yield_:
            return False
        depth = 0
        top_level_sep = False
        j = i
        while True:
            typ = toks[j].type
            if typ in ("NEWLINE", "$END"):
                return False
            if typ in _OPENERS:
                depth += 1
            elif typ in _CLOSERS:
                depth -= 1
                if depth == 0:
                    return top_level_sep and toks[j + 1].type == self.colon
            elif depth == 1 and (typ == self.comma or typ == self.as_):
                top_level_sep = True
            j += 1


_OPENERS = {"LPAR", "LSQB", "LBRACE", "WITH_LPAR"}
_CLOSERS = {"RPAR", "RSQB", "RBRACE"}


def _with_holes(fn, holes):
    def call(children):
        for h in holes:
            children.insert(h, None)
        return fn(children)
    return call
