"""Trains a cross-encoder reranker for ``reranker.py`` (eighth round of the ranking issue).

Starts from an embedding model's transformer weights (the base all-MiniLM-L6-v2 by default,
or a trained jobfit model) with a new one-logit head, and trains it with binary cross-entropy
on pairs from the O*NET generator (never on dev): for each triplet, (resume, posting) is 1,
(resume, hard negative) is 0 and (resume, a random other triplet's posting) is 0. With
``--untitled`` that share of the texts is rendered without titles, so the pairs must be told
apart by what the documents say.

    .venv/bin/python benchmarks/train_reranker.py OUT_DIR [--start DIR] [--triplets N]
        [--untitled 0.5] [--max-length 256] [--seed 42]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

TRANSFORMER_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out")
    parser.add_argument("--start", default=None, help="embedding model to start from")
    parser.add_argument("--triplets", type=int, default=400)
    parser.add_argument("--untitled", type=float, default=0.5)
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    from datasets import Dataset
    from sentence_transformers.cross_encoder import (
        CrossEncoder,
        CrossEncoderTrainer,
        CrossEncoderTrainingArguments,
    )
    from sentence_transformers.cross_encoder.losses import BinaryCrossEntropyLoss

    from jobfit.data.onet_generator import generate_onet_triplets
    from jobfit.model.base import resolve_model_path, set_offline

    set_offline()
    start = resolve_model_path(args.start)
    triplets = generate_onet_triplets(seed=args.seed, n=args.triplets, untitled_rate=args.untitled)
    rng = random.Random(args.seed)
    rows: dict[str, list] = {"a": [], "b": [], "label": []}
    for i, t in enumerate(triplets):
        other = triplets[(i + rng.randrange(1, len(triplets))) % len(triplets)]
        for job, label in ((t.job, 1.0), (t.negative_job, 0.0), (other.job, 0.0)):
            if label == 0.0 and other.code == t.code and job is other.job:
                continue
            rows["a"].append(t.resume)
            rows["b"].append(job)
            rows["label"].append(label)
    print(f"{len(rows['label'])} pairs from {len(triplets)} triplets, start {start}")
    with tempfile.TemporaryDirectory(prefix="jobfit-ce-") as tmp:
        for name in TRANSFORMER_FILES:
            if (start / name).is_file():
                shutil.copy(start / name, Path(tmp) / name)
        model = CrossEncoder(tmp, num_labels=1, max_length=args.max_length, device="cpu")
        targs = CrossEncoderTrainingArguments(
            output_dir=str(Path(tmp) / "out"),
            num_train_epochs=1,
            per_device_train_batch_size=args.batch,
            learning_rate=args.lr,
            warmup_steps=0.1,
            lr_scheduler_type="linear",
            seed=args.seed,
            save_strategy="no",
            logging_steps=10,
            report_to="none",
        )
        t0 = time.perf_counter()
        CrossEncoderTrainer(
            model=model,
            args=targs,
            train_dataset=Dataset.from_dict(rows),
            loss=BinaryCrossEntropyLoss(model),
        ).train()
        print(f"trained in {time.perf_counter() - t0:.0f} s")
        model.save_pretrained(args.out)


if __name__ == "__main__":
    main()
