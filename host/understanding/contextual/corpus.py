"""What the adapter is fitted on: the labelled patient messages of
`plugins/pain-management/corpus/` and the criterion examples of
`net-examples.tsv` (the safety net's own examples from when it matched
them at run time; kept here as training data only), read into
(text, set of criteria) rows in the net's criterion order.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
CORPUS = os.path.join(ROOT, 'plugins', 'pain-management', 'corpus')
EXAMPLES = os.path.join(HERE, 'net-examples.tsv')

# The net's criteria, in its own order (`host/src/safety/criteria.rs`): the
# output rows of the adapter's head.
CRITERIA = ['overdose', 'suicide', 'cauda-equina', 'allergy', 'chest-pain', 'stroke', 'breathing',
            'seizure', 'bleeding', 'weakness-after-procedure', 'withdrawal', 'device-site',
            'post-procedure', 'pump']


def criteria_of(labels):
    out = set()
    for label in labels.split(','):
        for prefix in ('emergency-', 'urgent-'):
            if label.startswith(prefix) and label[len(prefix):] in CRITERIA:
                out.add(label[len(prefix):])
    return out


def corpus_rows(path):
    """A corpus file's messages: channel<TAB>labels<TAB>text."""
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if line.startswith('#') or len(parts) != 3 or parts[0] == 'channel':
                continue
            rows.append((parts[2], criteria_of(parts[1])))
    return rows


def example_rows(path):
    """The net's examples: criterion<TAB>text, `none` for a look-alike."""
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            label, text = line.split('\t', 1)
            rows.append((text, set() if label == 'none' else {label}))
    return rows
