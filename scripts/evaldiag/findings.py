"""The findings vocabulary of the evaluation (issue 12), its kinds, and the
titles the live announcements use.

A finding's kind decides what counts as a false positive: a finding a case
does not expect is a false positive when the case forbids it, or when the
case expects no finding of the same kind (docs/diagnosis.md, "Evaluation on
outside cases").
"""

from __future__ import annotations

import re

GRADIENT = "gradient"
TRAINING = "training"
PROGRAM = "program"

#: Every finding of the vocabulary, in the order the tables list them, with its kind.
KINDS = {
    "vanishing": GRADIENT,
    "exploding": GRADIENT,
    "dead_relu": GRADIENT,
    "saturation": GRADIENT,
    "plateau": TRAINING,
    "unstable_updates": TRAINING,
    "clipping_active": TRAINING,
    "oscillation": TRAINING,
    "divergence_risk": TRAINING,
    "output_activation": PROGRAM,
    "target_range": PROGRAM,
    "unscaled_inputs": PROGRAM,
    "learning_rate": PROGRAM,
    "poor_init": PROGRAM,
}

VOCABULARY = list(KINDS)

#: The findings a network that trains well must not be called (issue 12, "Done means").
GRADIENT_PROBLEMS = ("vanishing", "exploding")

#: What `healthy` means: no other finding. It is never scored as a finding.
HEALTHY = "healthy"

#: The titles of the live announcements (`⚠ step N: <title>: ...`), from
#: Finding.Name.title in the engine; new findings are matched by keyword below.
TITLES = {
    "vanishing gradients": "vanishing",
    "exploding gradients": "exploding",
    "dead relus": "dead_relu",
    "saturated activations": "saturation",
    "loss plateau": "plateau",
    "unstable updates": "unstable_updates",
    "oscillation": "oscillation",
    "clipping always active": "clipping_active",
    "divergence risk": "divergence_risk",
    # the checks before training (issue 12 §4), as they are being written
    "output activation mismatch": "output_activation",
    "targets out of range": "target_range",
    "unscaled inputs": "unscaled_inputs",
    "learning rate out of range": "learning_rate",
    "poor initialization": "poor_init",
}

_KEYWORDS = [
    (r"vanish", "vanishing"),
    (r"explod", "exploding"),
    (r"dead|dying", "dead_relu"),
    (r"saturat", "saturation"),
    (r"plateau", "plateau"),
    (r"unstable", "unstable_updates"),
    (r"clipping", "clipping_active"),
    (r"oscillat|swing", "oscillation"),
    (r"diverg", "divergence_risk"),
    (r"output activation|activation.*(loss|output)", "output_activation"),
    (r"target", "target_range"),
    (r"unscaled|input scale|scale of the inputs|inputs? far", "unscaled_inputs"),
    (r"learning rate", "learning_rate"),
    (r"init", "poor_init"),
]


def name_for_title(title: str) -> str | None:
    """The finding an announcement's title names, or None when it is not recognised."""
    key = title.strip().lower()
    if key in TITLES:
        return TITLES[key]
    snake = re.sub(r"[^a-z]+", "_", key).strip("_")
    if snake in KINDS:
        return snake
    for pattern, name in _KEYWORDS:
        if re.search(pattern, key):
            return name
    return None


def kind_of(name: str) -> str | None:
    """The kind of a finding of the vocabulary, None for any other name."""
    return KINDS.get(name)


def parse_list(text: str) -> list[str]:
    """A header's comma-separated findings (`expect: vanishing, plateau`); empty for
    nothing, `none` or `-`. Parenthesised remarks are dropped."""
    text = re.sub(r"\([^)]*\)", "", text)
    names = [part.strip() for part in re.split(r"[,\s]+", text) if part.strip()]
    return [name for name in names if name.lower() not in ("none", "-", "nothing")]
