#!/bin/sh
# Installs or upgrades PortFwd as a systemd service. Run as root from the unpacked release folder:
#   sudo ./install.sh [--port N] [--admin-password-file FILE]
#
# First install: creates the "portfwd" system user, /opt/portfwd (the app) and /var/lib/portfwd (the data, 0700),
# installs /etc/systemd/system/portfwd.service and /etc/portfwd/portfwd.env, asks for the administrator password
# (Enter generates one), starts the service and prints the panel's address on the LAN.
# Upgrade (run over an existing install): the data and /etc/portfwd/portfwd.env are kept, the database is copied
# aside first, and the app migrates the database itself when it starts.
set -eu

APP_DIR=/opt/portfwd
DATA_DIR=/var/lib/portfwd
CONF_DIR=/etc/portfwd
ENV_FILE=$CONF_DIR/portfwd.env
FIRST_START_ENV=$CONF_DIR/first-start.env
UNIT=/etc/systemd/system/portfwd.service
SERVICE_USER=portfwd
HERE=$(cd "$(dirname "$0")" && pwd)

port=8080
password_file=
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port=${2:?--port needs a number}; shift 2 ;;
        --admin-password-file) password_file=${2:?--admin-password-file needs a file}; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

fail() { echo "install.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run it as root: sudo $0"
[ -x "$HERE/app/PortFwd.Web" ] || fail "run it from the unpacked release folder (no app/PortFwd.Web next to it)"
command -v systemctl >/dev/null 2>&1 || fail "systemd is needed (systemctl not found)"
case "$port" in ''|*[!0-9]*) fail "--port must be a number" ;; esac

version=$(cat "$HERE/VERSION" 2>/dev/null || echo unknown)
arch=$(uname -m)
case "$(cat "$HERE/RID" 2>/dev/null)" in
    linux-arm64) [ "$arch" = aarch64 ] || fail "this build is for 64-bit ARM (aarch64); this machine is $arch. A 32-bit Raspberry Pi OS needs the 64-bit one." ;;
    linux-x64) [ "$arch" = x86_64 ] || fail "this build is for x86-64; this machine is $arch" ;;
esac

upgrade=no
[ -f "$DATA_DIR/portfwd.db" ] && upgrade=yes

# The administrator password, only for a new install (an upgrade keeps the accounts).
password=
generated=no
if [ "$upgrade" = no ]; then
    if [ -n "$password_file" ]; then
        password=$(head -n 1 "$password_file")
    elif [ -t 0 ]; then
        trap 'stty echo 2>/dev/null' EXIT INT TERM
        printf 'Administrator password for the panel (at least 8 characters; Enter generates one): '
        stty -echo; read -r password || true; stty echo; echo
        if [ -n "$password" ]; then
            printf 'Again: '
            stty -echo; read -r again || true; stty echo; echo
            [ "$password" = "$again" ] || fail "the two passwords differ; nothing was installed"
        fi
    fi
    if [ -z "$password" ]; then
        password=$(tr -dc 'A-HJ-NP-Za-km-z2-9' </dev/urandom | head -c 20)
        generated=yes
    fi
    [ ${#password} -ge 8 ] || fail "the password needs at least 8 characters; nothing was installed"
fi

echo "Installing PortFwd $version ($([ "$upgrade" = yes ] && echo "upgrade, data kept" || echo "new install"))"

if ! id "$SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi

install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DATA_DIR"
install -d -m 0755 "$CONF_DIR"

if systemctl is-active --quiet portfwd; then
    systemctl stop portfwd
fi

if [ "$upgrade" = yes ]; then
    # A copy of the database as it was before this version migrates it (one, replaced by the next upgrade).
    rm -f "$DATA_DIR/portfwd.db.before-upgrade-wal"
    cp -p "$DATA_DIR/portfwd.db" "$DATA_DIR/portfwd.db.before-upgrade"
    [ -f "$DATA_DIR/portfwd.db-wal" ] && cp -p "$DATA_DIR/portfwd.db-wal" "$DATA_DIR/portfwd.db.before-upgrade-wal"
fi

# The app: copied beside the old one, then swapped in, so a failed copy leaves the old one whole.
rm -rf "$APP_DIR.new"
cp -R "$HERE/app" "$APP_DIR.new"
chown -R root:root "$APP_DIR.new"
chmod -R u=rwX,go=rX "$APP_DIR.new"
cp "$HERE/VERSION" "$APP_DIR.new/VERSION" 2>/dev/null || true
cp "$HERE/uninstall.sh" "$APP_DIR.new/uninstall.sh"
rm -rf "$APP_DIR.old"
[ -d "$APP_DIR" ] && mv "$APP_DIR" "$APP_DIR.old"
mv "$APP_DIR.new" "$APP_DIR"
rm -rf "$APP_DIR.old"

install -m 0644 "$HERE/portfwd.service" "$UNIT"

if [ ! -f "$ENV_FILE" ]; then
    cat >"$ENV_FILE" <<CONF
# PortFwd service settings (README.md, "Configuration": a key PortFwd:A:B is written PortFwd__A__B here).
# Kept by upgrades. After a change: sudo systemctl restart portfwd
# Where the panel listens: every address of this machine, port $port.
ASPNETCORE_URLS=http://+:$port
CONF
    chmod 0644 "$ENV_FILE"
fi

if [ -n "$password" ]; then
    # Read by systemd (as root) before the service drops to its user; deleted below once the account exists.
    umask 077
    # systemd reads a double-quoted value as the shell does: \ " ` and $ are escaped, nothing is expanded.
    escaped=$(printf '%s' "$password" | sed 's/[\\"`$]/\\&/g')
    printf 'PortFwd__AdminPassword="%s"\n' "$escaped" >"$FIRST_START_ENV"
    chmod 0600 "$FIRST_START_ENV"
    umask 022
fi

systemctl daemon-reload
systemctl enable --quiet portfwd
# Type=notify: this returns once the panel has migrated its database, made the first account and listens.
if ! systemctl start portfwd; then
    rm -f "$FIRST_START_ENV"
    echo "install.sh: the service did not start; see: journalctl -u portfwd -e" >&2
    exit 1
fi

if [ -f "$FIRST_START_ENV" ]; then
    rm -f "$FIRST_START_ENV"
    # Restarted so the password is not kept in the running service's environment either.
    systemctl restart portfwd
fi

# The panel's address on the LAN: the source address of the route to the internet (nothing is sent).
lan=$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n 1)
[ -n "$lan" ] || lan=$(hostname -I 2>/dev/null | cut -d' ' -f1)
[ -n "$lan" ] || lan=$(hostname)
listen=$(sed -n 's/^ASPNETCORE_URLS=//p' "$ENV_FILE" | cut -d';' -f1)
listen=${listen#*://}
listen=${listen%%/*}
panel_port=${listen##*:}
panel_host=${listen%:*}
case "$panel_host" in
    '+'|'*'|0.0.0.0|'[::]'|'') panel_host=$lan ;;
esac

echo
echo "PortFwd $version is running (systemctl status portfwd)."
echo "Panel: http://$panel_host:$panel_port/"
if [ -n "$password" ]; then
    echo "Sign in as: admin"
    if [ "$generated" = yes ]; then
        echo "Password:   $password"
        echo "(generated; write it down now, it is shown only this once and stored only as a hash)"
    fi
fi
