#!/usr/bin/env bash
# Build Switchboard from this checkout and install it as a systemd service:
#   sudo deploy/install.sh
# Installs the binary, the sentence model, a config (kept if one exists)
# and the unit; it does not start the service.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}

if ! rustup target list --installed | grep -qx wasm32-wasip2; then
    rustup target add wasm32-wasip2
fi
cargo build --release --locked -p switchboard
# The same pinned, checksummed weights the build used.
model=$(python3 host/understanding/contextual/fetch.py "$(mktemp -d)")

install -D -m 0755 target/release/switchboard "$prefix/bin/switchboard"
install -D -m 0644 "$model/model.safetensors" "$prefix/share/switchboard/model/model.safetensors"
install -D -m 0644 "$model/vocab.txt" "$prefix/share/switchboard/model/vocab.txt"
install -D -m 0644 deploy/README.md "$prefix/share/switchboard/README.md"
install -d -m 0755 /etc/switchboard
if [ ! -e /etc/switchboard/switchboard.toml ]; then
    install -m 0644 deploy/switchboard.toml /etc/switchboard/switchboard.toml
fi
if [ ! -e /etc/switchboard/environment ]; then
    # Random tokens, readable by root only; systemd hands them to the service.
    umask 077
    {
        echo "SWITCHBOARD_ADMIN_TOKEN=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
        echo "SWITCHBOARD_VENDOR_TOKEN=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
    } > /etc/switchboard/environment
    echo "admin and vendor tokens written to /etc/switchboard/environment"
fi
install -D -m 0644 deploy/switchboard.service /etc/systemd/system/switchboard.service
systemctl daemon-reload 2>/dev/null || true
echo "installed; edit /etc/switchboard/switchboard.toml, then: systemctl enable --now switchboard"
