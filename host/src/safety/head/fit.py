#!/usr/bin/env python3
"""Fit the safety net's trained head (`weights.tsv` beside this script).

One logistic regression per criterion over the understanding model's
features of a message (its embedding, and the maximum and mean over its
windows), fitted on every labelled patient message in
`plugins/pain-management/corpus/` and the net's own `examples.tsv`.
A blind set is never fitted on before it has been scored: name it in
--sealed until then.

Development time only; the build and the tests never run it.

    pip install numpy scikit-learn
    cargo build --release -p switchboard-understanding --example features
    python3 host/src/safety/head/fit.py [--sealed blind-c.tsv]
"""
import argparse
import os
import subprocess

import numpy as np
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..'))
CORPUS = os.path.join(ROOT, 'plugins', 'pain-management', 'corpus')
EXAMPLES = os.path.join(HERE, '..', 'examples.tsv')
FEATURES = os.path.join(ROOT, 'target', 'release', 'examples', 'features')

# The net's criteria, in its own order, and the corpus labels that name them.
CRITERIA = ['overdose', 'suicide', 'cauda-equina', 'allergy', 'chest-pain', 'stroke', 'breathing',
            'seizure', 'bleeding', 'weakness-after-procedure', 'withdrawal', 'device-site',
            'post-procedure', 'pump']
# Regularisation: chosen by fitting without blind-b and scoring on it.
C = 1.0


def criteria_of(labels):
    out = set()
    for label in labels.split(','):
        for prefix in ('emergency-', 'urgent-'):
            if label.startswith(prefix) and label[len(prefix):] in CRITERIA:
                out.add(label[len(prefix):])
    return out


def corpus_rows(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if line.startswith('#') or len(parts) != 3 or parts[0] == 'channel':
                continue
            rows.append((parts[2], criteria_of(parts[1])))
    return rows


def example_rows(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            label, text = line.split('\t', 1)
            rows.append((text, set() if label == 'none' else {label}))
    return rows


def features(texts):
    stdin = ''.join('x\t' + t.replace('\t', ' ') + '\n' for t in texts).encode()
    out = subprocess.run([FEATURES], input=stdin, capture_output=True, check=True).stdout.decode()
    return np.array([[float(x) for x in line.split()] for line in out.strip().split('\n')], dtype=np.float64)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--sealed', action='append', default=[], help='a corpus file not to fit on')
    args = parser.parse_args()
    files = sorted(n for n in os.listdir(CORPUS) if n.endswith('.tsv') and n not in args.sealed)
    rows = [r for n in files for r in corpus_rows(os.path.join(CORPUS, n))] + example_rows(EXAMPLES)
    x = features([t for t, _ in rows])
    with open(os.path.join(HERE, 'weights.tsv'), 'w', encoding='utf-8') as out:
        out.write('# The safety net\'s trained head, written by fit.py: one logistic regression per\n')
        out.write(f'# criterion over {x.shape[1]} features, fitted on {len(rows)} labelled messages\n')
        out.write(f'# ({", ".join(files)} and examples.tsv). label<TAB>bias<TAB>weights\n')
        for criterion in CRITERIA:
            y = np.array([1 if criterion in c else 0 for _, c in rows])
            model = LogisticRegression(C=C, max_iter=5000, class_weight='balanced').fit(x, y)
            weights = ' '.join(f'{w:.5g}' for w in model.coef_[0])
            out.write(f'{criterion}\t{model.intercept_[0]:.6g}\t{weights}\n')
            print(f'{criterion}: {y.sum()} positive of {len(y)}')


if __name__ == '__main__':
    main()
