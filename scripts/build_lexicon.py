"""Rebuild ``src/claimgraph/data/cue_lexicon.tsv`` from PolNeAR train.

For every verb lemma, count its occurrences outside quotation marks and how
many of those head an annotated cue span (the cue token whose syntactic head
lies outside the cue). The rate is their ratio. Only the *train* split is
read, so dev scores stay honest.

    python scripts/build_lexicon.py --data ../shared/corpora/polnear
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

import spacy

from claimgraph.eval.polnear import default_root, load_split
from claimgraph.extract.quotes import find_quotes
from claimgraph.settings import Settings

OUT = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "data" / "cue_lexicon.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_root())
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    docs = load_split(args.data, "train")
    nlp = spacy.load(Settings().model, disable=["ner"])
    total: collections.Counter[str] = collections.Counter()
    heads: collections.Counter[str] = collections.Counter()
    for gold, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=16), strict=True):
        quoted = {i for q in find_quotes(gold.text) for i in range(q.start, q.end)}
        cue_chars = {
            i for att in gold.attributions for seg in att.cue for i in range(seg.start, seg.end)
        }
        for tok in doc:
            if tok.pos_ != "VERB" or tok.idx in quoted:
                continue
            lemma = tok.lemma_.lower()
            total[lemma] += 1
            if tok.idx in cue_chars and (tok.head.idx not in cue_chars or tok.head.i == tok.i):
                heads[lemma] += 1
    rows = sorted(
        ((lemma, heads[lemma] / n, n) for lemma, n in total.items() if heads[lemma]),
        key=lambda r: (-r[1], r[0]),
    )
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("# Built by scripts/build_lexicon.py from PolNeAR train. Do not edit by hand.\n")
        fh.write("lemma\trate\tcount\n")
        for lemma, rate, n in rows:
            fh.write(f"{lemma}\t{rate:.3f}\t{n}\n")
    print(f"wrote {len(rows)} lemmas to {args.out}")


if __name__ == "__main__":
    main()
