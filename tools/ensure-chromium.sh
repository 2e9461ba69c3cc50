#!/bin/sh
# Makes sure Debian's Chromium is installed for the browser tests (tests/test_web_browser.py).
# Idempotent: does nothing when /usr/bin/chromium and the driver are present. Debian's
# chromium-driver package installs its binary as /usr/bin/chromedriver, so either name counts.
# Never fails the build: without root (or without apt) it only says what to do, and the
# browser tests then fail with a clear message of their own.
set -u

if [ -x /usr/bin/chromium ] && { [ -x /usr/bin/chromium-driver ] || [ -x /usr/bin/chromedriver ]; }; then
    echo "ensure-chromium: /usr/bin/chromium and its driver are already installed; nothing to do."
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-chromium: Chromium is missing and this is not root; not installing it."
    echo "ensure-chromium: ask an administrator to run: apt-get install chromium chromium-driver"
    echo "ensure-chromium: (or set POLICY_CHECK_SKIP_BROWSER=1 to skip the browser tests)"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: Chromium is missing and apt-get is not available; install Chromium by hand."
    exit 0
fi

echo "ensure-chromium: installing Debian's chromium (apt-get update && apt-get install chromium) ..."
# The chromium package brings chromium-driver's counterpart only on some releases, so ask for
# both and fall back to chromium alone if the driver package is not available.
if apt-get update -qq && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; then
    echo "ensure-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)."
else
    echo "ensure-chromium: apt-get could not install chromium; the browser tests will say so."
fi
exit 0
