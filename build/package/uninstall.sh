#!/bin/sh
# Removes the PortFwd service and the app. The data (/var/lib/portfwd: rules, accounts, certificates, backups)
# and the settings (/etc/portfwd) stay, so a later install.sh carries on where this one stopped,
# unless --purge is given, which removes them and the "portfwd" user too.
#   sudo ./uninstall.sh [--purge]
set -eu

purge=no
case "${1:-}" in
    --purge) purge=yes ;;
    '') ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
esac

[ "$(id -u)" -eq 0 ] || { echo "uninstall.sh: run it as root: sudo $0" >&2; exit 1; }

if [ -f /etc/systemd/system/portfwd.service ]; then
    systemctl disable --now --quiet portfwd 2>/dev/null || true
    rm -f /etc/systemd/system/portfwd.service
    systemctl daemon-reload
    systemctl reset-failed portfwd 2>/dev/null || true
fi
rm -rf /opt/portfwd /opt/portfwd.new /opt/portfwd.old
rm -f /etc/portfwd/first-start.env

if [ "$purge" = yes ]; then
    rm -rf /var/lib/portfwd /etc/portfwd
    if id portfwd >/dev/null 2>&1; then
        userdel portfwd
    fi
    echo "PortFwd, its data, its settings and its user are removed."
else
    echo "PortFwd is removed. Kept: the data in /var/lib/portfwd and the settings in /etc/portfwd (sudo $0 --purge removes them)."
fi
