#!/usr/bin/env bash
# The GitHub Action's sandbox step (action.yml): on a GitHub-hosted Linux runner, make bubblewrap
# work so `exec` can run the model's commands confined: install it when missing, and let it use
# unprivileged user namespaces (Ubuntu 24.04 restricts them through AppArmor). A self-hosted
# runner is left as it is: its owner decides (`wsagent doctor` says what is missing).
set -euo pipefail

if [ "${WSAGENT_ACTION_SANDBOX:-}" = "danger-full-access" ]; then
  echo "wsagent action: sandbox danger-full-access, bubblewrap not needed"
  exit 0
fi
if [ "${RUNNER_OS:-}" != "Linux" ] || [ "${RUNNER_ENVIRONMENT:-}" != "github-hosted" ]; then
  echo "wsagent action: ${RUNNER_ENVIRONMENT:-unknown} ${RUNNER_OS:-unknown} runner, its sandbox left as it is"
  exit 0
fi
if ! command -v bwrap >/dev/null 2>&1; then
  echo "wsagent action: installing bubblewrap"
  sudo apt-get update -qq
  sudo apt-get install -y -qq bubblewrap
fi
restricted="$(sysctl -n kernel.apparmor_restrict_unprivileged_userns 2>/dev/null || true)"
if [ -n "$restricted" ] && [ "$restricted" != "0" ]; then
  echo "wsagent action: allowing unprivileged user namespaces for bubblewrap"
  sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0
fi
