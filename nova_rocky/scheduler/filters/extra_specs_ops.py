"""Matching of a host value against a flavor extra spec requirement.

A requirement is either a plain value (string equality) or an operator
followed by operand(s), as upstream Nova accepts them:

``=`` (numeric, at least), ``==`` ``!=`` ``>=`` ``<=`` (numeric),
``s==`` ``s!=`` ``s>=`` ``s>`` ``s<=`` ``s<`` (string), ``<in>`` (the
operand is a substring of / an item in the value), ``<all-in>`` (every
operand is), and ``<or>`` (``<or> a <or> b``: the value is one of them).
"""

import operator


def _numeric(op):
    return lambda value, wanted: op(float(value), float(wanted))


def _string(op):
    return lambda value, wanted: op(str(value), wanted)


_OPERATORS = {
    '=': _numeric(operator.ge),
    '==': _numeric(operator.eq),
    '!=': _numeric(operator.ne),
    '>=': _numeric(operator.ge),
    '<=': _numeric(operator.le),
    's==': _string(operator.eq),
    's!=': _string(operator.ne),
    's>=': _string(operator.ge),
    's>': _string(operator.gt),
    's<=': _string(operator.le),
    's<': _string(operator.lt),
    '<in>': lambda value, wanted: wanted in value,
    '<all-in>': lambda value, wanted: all(w in value for w in wanted),
}


def _match_or(value, words):
    # words: "a <or> b <or> c" with the leading "<or>" already removed.
    choices = [w for i, w in enumerate(words) if i % 2 == 0]
    return str(value) in choices


def match(value, requirement):
    """True if host ``value`` satisfies the extra spec ``requirement``."""
    words = str(requirement).split()
    if not words:
        return value == requirement
    op = words[0]
    if op == '<or>':
        return value is not None and _match_or(value, words[1:])
    method = _OPERATORS.get(op)
    if method is None:
        # No operator: the requirement is a literal value.
        return value == requirement
    if value is None or len(words) < 2:
        return False
    try:
        if op == '<all-in>':
            return method(value, words[1:])
        return method(value, words[1])
    except (ValueError, TypeError):
        return False
