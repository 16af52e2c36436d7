"""Adds the trace to a case's program: the lines that print, after the run,
what AUTOTRAINER's rules, the "trains well" test and the intervention read
(the latter the model's predictions on the scored data, the train call's
`val:` data or else its training data, with those targets, and the value of
the call's `loss:` printed, which names the loss when a variable holds it).

The case's own lines are kept as they are, on the same line numbers (so an
error names the case's line): `let __eval_net0 = copy(NET); ` goes in front
of the `eval-init` line (a copy of the untrained network, which draws no
random numbers), and the trace is appended after the last line. Every trace
line prints `@@eval-trace <key> <value>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TRACE_PREFIX = "@@eval-trace "
INITIAL_COPY = "__eval_net0"

_INIT_LINE = re.compile(r'print\(\s*"eval-init"\s*,\s*diagnose\((?P<args>.*)\)\s*\.names\s*\)')
_FINAL_LINE = re.compile(r'print\(\s*"eval-final"\s*,\s*diagnose\(\s*(?P<history>[A-Za-z_][\w.]*)\s*\)\s*\.names\s*\)')


@dataclass
class TrainCall:
    """What the runner reads from the case's `train(...)` call."""

    history: str
    net: str | None = None
    data: str | None = None
    epochs: str | None = None
    loss: str | None = None
    batch: str | None = None
    val: str | None = None
    opt: str | None = None
    line: int = 0


@dataclass
class Instrumented:
    """The program to run and what was found in it."""

    text: str
    case_lines: int
    train: TrainCall | None = None
    init_line: int | None = None
    final_line: int | None = None
    notes: list = field(default_factory=list)


def split_arguments(text: str) -> list:
    """Top-level comma-separated parts of an argument list, strings and brackets respected."""
    parts, depth, start, quote, i = [], 0, 0, False, 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == '"':
                quote = False
        elif char == '"':
            quote = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
        i += 1
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def strip_comments(text: str) -> str:
    """The text with `#` comments blanked out (strings respected), same length."""
    out, quote = [], False
    i = 0
    while i < len(text):
        char = text[i]
        if quote:
            out.append(char)
            if char == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 1
            elif char == '"':
                quote = False
        elif char == '"':
            quote = True
            out.append(char)
        elif char == "#":
            while i < len(text) and text[i] != "\n":
                out.append(" ")
                i += 1
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _call_arguments(code: str, open_paren: int) -> str | None:
    """The text between `(` at open_paren and its matching `)`."""
    depth, quote, i = 0, False, open_paren
    while i < len(code):
        char = code[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == '"':
                quote = False
        elif char == '"':
            quote = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return code[open_paren + 1:i]
        i += 1
    return None


def find_train_call(program: str, history: str) -> TrainCall | None:
    """The `let <history> = train(...)` call (or `<history> = train(...)`)."""
    code = strip_comments(program)
    pattern = re.compile(r"(?m)^\s*(?:let\s+)?" + re.escape(history) + r"\s*=\s*train\s*\(")
    match = None
    for match in pattern.finditer(code):
        pass
    if match is None:
        return None
    arguments = _call_arguments(code, match.end() - 1)
    if arguments is None:
        return None
    call = TrainCall(history=history, line=code.count("\n", 0, match.start()) + 1)
    positional = []
    for part in split_arguments(arguments.replace("\n", " ")):
        labelled = re.match(r"^([A-Za-z_]\w*)\s*:(.*)$", part, re.S)
        if labelled:
            name, value = labelled.group(1), labelled.group(2).strip()
            if name in ("net", "data", "epochs", "loss", "batch", "val", "opt"):
                setattr(call, name, value)
        else:
            positional.append(part)
    for name, value in zip(("net", "data", "epochs"), positional):
        if getattr(call, name) is None:
            setattr(call, name, value)
    return call


def instrument(program: str) -> Instrumented:
    """The program with the initial copy and the trace lines added."""
    lines = program.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    result = Instrumented(text=program, case_lines=len(lines))
    history = None
    init_net = init_data = None
    for number, line in enumerate(lines, start=1):
        final = _FINAL_LINE.search(line)
        if final:
            history, result.final_line = final.group("history"), number
        init = _INIT_LINE.search(line)
        if init and result.init_line is None:
            arguments = split_arguments(init.group("args"))
            if len(arguments) >= 2:
                init_net, init_data = arguments[0], arguments[1]
            result.init_line = number
    if history is None:
        result.notes.append("no eval-final line: no trace")
        return result
    call = find_train_call(program, history)
    if call is None:
        result.notes.append(f"no '{history} = train(...)' call found: no trace")
        return result
    result.train = call
    net = call.net or init_net
    data = call.data or init_data
    if net is None or data is None:
        result.notes.append("the train call's model or data not found: no trace")
        return result
    copy_line = result.init_line or call.line
    lines[copy_line - 1] = f"let {INITIAL_COPY} = copy({net}); " + lines[copy_line - 1]
    loss = f"loss: {call.loss}, " if call.loss else ""
    batch = call.batch or "32"
    trace = [
        ("steps", f"{history}.steps"),
        ("epochs", f"{history}.epochs"),
        ("loss", f"{history}.loss"),
        ("data_loss", f"{history}.data_loss"),
        ("accuracy", f"{history}.accuracy"),
        ("val_loss", f"{history}.val_loss"),
        ("val_accuracy", f"{history}.val_accuracy"),
        ("kind", f"{data}.kind"),
        ("y", f"{data}.y"),
        ("layers", f"{history}.layers"),
        ("step_loss", f"{history}.step_loss"),
        ("grad_norms", f"{history}.grad_norms"),
        ("grads_final", f"grads({net}, {data}, {loss}batch: {batch}).rows"),
        ("grads_init", f"grads({INITIAL_COPY}, {data}, {loss}batch: {batch}).rows"),
        ("scored_y", f"{call.val or data}.y"),
        ("pred", f"predict({net}, {call.val or data})"),
    ]
    if call.loss:
        trace.append(("loss_name", call.loss))
    lines.append("# the trace scripts/eval-diagnosis adds")
    lines += [f'print("{TRACE_PREFIX}{key}", {expression})' for key, expression in trace]
    result.text = "\n".join(lines) + "\n"
    return result
