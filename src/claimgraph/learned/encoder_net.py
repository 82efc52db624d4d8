"""The encoder tagger's network, apart from spaCy and from training.

all-MiniLM-L6-v2 with the rules' BIO tag and the cue-lexicon rate bucket of
each word added, as learned vectors, to the hidden states above the frozen
layers, and a linear head giving each piece a score for each BIO tag. It
needs torch (passed in, so that importing this module costs nothing) and
nothing else of claimgraph: :mod:`claimgraph.learned.encoder` (inference over
a ``Doc``), :mod:`claimgraph.learned.training.encoder` (fine-tuning) and
``scripts/encoder_sweep.py`` (fine-tuning on a GPU machine without spaCy) all
build it here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
#: The rate bucket of words that are not predicates (buckets 0-4 are rates).
NOT_PREDICATE = 5


def network(torch: Any, base: Any, frozen_layers: int) -> Any:
    nn = torch.nn

    class EncoderTaggerNet(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.bert = base
            hidden = base.config.hidden_size
            self.rule = nn.Embedding(len(LABELS), hidden)
            self.rate = nn.Embedding(NOT_PREDICATE + 1, hidden)
            nn.init.normal_(self.rule.weight, std=0.02)
            nn.init.normal_(self.rate.weight, std=0.02)
            self.head = nn.Linear(hidden, len(LABELS))
            self.dropout = nn.Dropout(0.1)
            for p in self.bert.embeddings.parameters():
                p.requires_grad = False
            for layer in self.bert.encoder.layer[:frozen_layers]:
                for p in layer.parameters():
                    p.requires_grad = False
            self.frozen_layers = frozen_layers

        def forward(self, ids: Any, mask: Any, rule: Any, rate: Any, positions: Any = None) -> Any:
            """Tag logits. ``mask`` is 1/0 per piece (padding), or an additive
            ``(batch, 1, length, length)`` attention mask of packed rows, whose
            ``positions`` restart at each window."""
            dtype = self.head.weight.dtype
            if mask.dim() == 2:
                mask = (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min
            additive = mask
            with torch.no_grad():
                h = self.bert.embeddings(input_ids=ids, position_ids=positions)
                for layer in self.bert.encoder.layer[: self.frozen_layers]:
                    h = hidden(layer(h, attention_mask=additive))
            h = h + self.rule(rule) + self.rate(rate)
            for layer in self.bert.encoder.layer[self.frozen_layers :]:
                h = hidden(layer(h, attention_mask=additive))
            return self.head(self.dropout(h))

        def tuned_state(self) -> dict[str, Any]:
            """The parameters that fine-tuning changes (what is shipped)."""
            return {
                name: p.detach().to(torch.float16).contiguous()
                for name, p in self.named_parameters()
                if p.requires_grad
            }

    return EncoderTaggerNet()


def hidden(output: Any) -> Any:
    return output[0] if isinstance(output, tuple) else output


def frozen_prefixes(frozen_layers: int) -> tuple[str, ...]:
    return tuple(f"bert.encoder.layer.{i}." for i in range(frozen_layers))


def plan_batches(lengths: Sequence[int], token_budget: int) -> list[list[int]]:
    """Indices of windows of ``lengths`` word pieces grouped by length so that
    a padded batch stays within ``token_budget`` pieces (training's batches)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    out: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        size = lengths[i]
        if current and max(longest, size) * (len(current) + 1) > token_budget:
            out.append(current)
            current, longest = [], 0
        current.append(i)
        longest = max(longest, size)
    if current:
        out.append(current)
    return out
