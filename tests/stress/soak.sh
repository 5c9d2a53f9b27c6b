#!/usr/bin/env bash
# ctest-label: long
# Sustained load: the stress run of holds.sh with 64 clients for a few
# minutes (SOAK_SECONDS, default 150), with the same checks afterwards: no
# client error but the documented refusals, no deadlock in the server log,
# invariants, exact sell-out.
set -euo pipefail
STRESS_CLIENTS=64 STRESS_SECONDS=${SOAK_SECONDS:-150} exec bash "$(dirname "$0")/holds.sh"
