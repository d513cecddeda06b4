#!/usr/bin/env python3
"""Turn a blind conversation set into transcripts that print every reply.

    python3 tests/blind/play.py SET.toml OUT_DIR
"""
import json
import os
import sys
import tomllib

AT = "2026-12-02T15:00:00Z"  # a Wednesday, 10 am in the practice's zone


def main(path, out):
    os.makedirs(out, exist_ok=True)
    with open(path, "rb") as f:
        conversations = tomllib.load(f)["conversation"]
    for c in conversations:
        q = lambda s: json.dumps(s, ensure_ascii=False)
        lines = [f"name = {q(c['id'])}", f"channel = {q(c['channel'])}", f"caller = {q(c['caller'])}", f"at = {q(AT)}", ""]
        turns = list(c["patient"])
        if c["channel"] == "voice" and (not turns or turns[0] != ""):
            turns.insert(0, "")
        for t in turns:
            lines.append("[[turn]]")
            if t:
                lines.append(f"patient = {q(t)}")
            lines.append('expect = ["§§§never§§§"]')
            lines.append("")
        with open(os.path.join(out, f"{c['id']}.toml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    print(f"{len(conversations)} transcripts in {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
