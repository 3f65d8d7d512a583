#!/usr/bin/env bash
# Makes sure Debian's mosquitto_pub is there for MqttReceiverIT: does nothing when it is, installs
# the package mosquitto-clients otherwise (as root, or through password-less sudo). A fresh machine
# needs no manual step; a machine where neither works fails the build here, with the reason.
set -euo pipefail

if command -v mosquitto_pub >/dev/null 2>&1; then
    echo "mosquitto_pub: $(command -v mosquitto_pub)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    echo "mosquitto_pub is missing and this user can neither install packages nor sudo: run" >&2
    echo "  apt-get install -y mosquitto-clients" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# wait for another apt run (another build on the machine) instead of failing on its lock
APT=(apt-get -y -q -o DPkg::Lock::Timeout=300)
echo "Installing mosquitto-clients for MqttReceiverIT"
if ! "${SUDO[@]}" "${APT[@]}" install --no-install-recommends mosquitto-clients; then
    # a fresh machine may have no package lists yet
    "${SUDO[@]}" "${APT[@]}" update
    "${SUDO[@]}" "${APT[@]}" install --no-install-recommends mosquitto-clients
fi
command -v mosquitto_pub
