#!/usr/bin/env bash
# Run a command with a private, unlocked gnome-keyring Secret Service.
#
#   scripts/with-secret-service.sh CMD [ARG...]
#
# The command runs inside its own D-Bus session bus (dbus-run-session). Before it
# starts, gnome-keyring-daemon is started on that bus with only the "secrets"
# component and unlocked with a password, so `keyring` (SecretService backend)
# works without any desktop, display or prompt. The daemon keeps its keyrings in
# a private temporary directory: the caller's ~/.local/share/keyrings is never
# read or written. The command's own environment (HOME, XDG_*) is not changed,
# apart from DBUS_SESSION_BUS_ADDRESS.
#
# Exit status: the command's status; 125 if the Secret Service could not be set
# up; 127 if the needed packages are missing and could not be installed.
#
# Environment:
#   WSS_PASSWORD      keyring password (default: random for each run)
#   WSS_KEYRING_DIR   keep keyrings in this directory (used as the daemon's
#                     XDG_DATA_HOME) instead of a temp dir; always use the same
#                     WSS_PASSWORD with it
#   WSS_NO_INSTALL=1  never call apt-get; exit 127 if something is missing
#   WSS_TIMEOUT       seconds to wait for the daemon (default 10)
#   WSS_VERBOSE=1     print progress on stderr
#
# Needs bash (run it as an executable, not with `sh`).

set -uo pipefail

readonly WSS_PACKAGES=(dbus-daemon dbus-bin gnome-keyring)
readonly WSS_TOOLS=(dbus-run-session dbus-daemon dbus-send gnome-keyring-daemon)

wss_say() {
    if [[ ${WSS_VERBOSE:-} == 1 ]]; then
        printf 'with-secret-service: %s\n' "$*" >&2
    fi
}

wss_die() {
    local status=$1
    shift
    printf 'with-secret-service: %s\n' "$*" >&2
    exit "$status"
}

# Milliseconds since the epoch (EPOCHREALTIME may use a locale's decimal comma).
wss_now_ms() {
    local t=${EPOCHREALTIME//[!0-9]/}
    printf '%s\n' "$((10#$t / 1000))"
}

wss_missing_tools() {
    local tool missing=()
    for tool in "${WSS_TOOLS[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    printf '%s\n' "${missing[@]}"
}

wss_install() {
    local -a sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || return 1
        sudo=(sudo -n)
    fi
    command -v apt-get >/dev/null 2>&1 || return 1
    local -a apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q
        -o DPkg::Lock::Timeout=120)
    printf 'with-secret-service: installing %s\n' "${WSS_PACKAGES[*]}" >&2
    # Try with the current package lists first; refresh them only if that fails.
    if "${apt[@]}" install -y --no-install-recommends "${WSS_PACKAGES[@]}" >&2; then
        return 0
    fi
    "${apt[@]}" update >&2 || return 1
    "${apt[@]}" install -y --no-install-recommends "${WSS_PACKAGES[@]}" >&2
}

wss_log_dump() {
    local f
    for f in "$1"/*.log; do
        [[ -s $f ]] || continue
        printf -- '--- %s ---\n' "${f##*/}" >&2
        cat -- "$f" >&2
    done
}

# Is the process alive (and not a zombie waiting to be reaped)?
# shellcheck disable=SC2317 # only called from the EXIT trap
wss_alive() {
    local pid=$1 stat
    kill -0 "$pid" 2>/dev/null || return 1
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}

# ---------------------------------------------------------------------------
# Inner part: runs inside dbus-run-session (re-invoked by the outer part).
# ---------------------------------------------------------------------------
wss_inner() {
    local dir=$_WSS_INNER_DIR
    unset _WSS_INNER_DIR
    local timeout=${WSS_TIMEOUT:-10}
    local log=$dir/gnome-keyring.log

    wss_say "bus: $DBUS_SESSION_BUS_ADDRESS"
    if ! env XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/run" \
        gnome-keyring-daemon --unlock --components=secrets \
        <"$dir/password" >>"$log" 2>&1; then
        rm -f -- "$dir/password"
        wss_log_dump "$dir"
        wss_die 125 'gnome-keyring-daemon --unlock failed'
    fi
    rm -f -- "$dir/password"

    local deadline=$(($(wss_now_ms) + timeout * 1000)) reply
    local -a bus_call=(dbus-send --session --print-reply=literal
        --dest=org.freedesktop.DBus /org/freedesktop/DBus)

    # Wait until the unlocked daemon owns the name. A client that called before
    # that would make D-Bus activate a second, locked daemon.
    until reply=$("${bus_call[@]}" org.freedesktop.DBus.NameHasOwner \
        string:org.freedesktop.secrets 2>>"$dir/dbus-send.log") &&
        [[ $reply == *true* ]]; do
        if (($(wss_now_ms) > deadline)); then
            wss_log_dump "$dir"
            wss_die 125 "org.freedesktop.secrets did not appear on the bus in ${timeout}s"
        fi
        sleep 0.02
    done

    if reply=$("${bus_call[@]}" org.freedesktop.DBus.GetConnectionUnixProcessID \
        string:org.freedesktop.secrets 2>>"$dir/dbus-send.log"); then
        reply=${reply##*[[:space:]]} # "   uint32 1234" -> "1234"
        [[ $reply =~ ^[0-9]+$ ]] && printf '%s\n' "$reply" >"$dir/daemon.pid"
        wss_say "gnome-keyring-daemon pid $reply"
    fi

    # The default collection must exist and be unlocked (a persistent keyring
    # opened with the wrong password stays locked although --unlock exits 0).
    local locked=
    while :; do
        if reply=$(dbus-send --session --print-reply=literal \
            --dest=org.freedesktop.secrets /org/freedesktop/secrets/aliases/default \
            org.freedesktop.DBus.Properties.Get \
            string:org.freedesktop.Secret.Collection string:Locked \
            2>>"$dir/dbus-send.log"); then
            case $reply in
            *false*) locked=false ;;
            *true*) locked=true ;;
            esac
        fi
        [[ -n $locked ]] && break
        if (($(wss_now_ms) > deadline)); then
            break
        fi
        sleep 0.02
    done
    if [[ $locked != false ]]; then
        wss_log_dump "$dir"
        if [[ $locked == true ]]; then
            wss_die 125 'default keyring collection is locked' \
                '(wrong WSS_PASSWORD for WSS_KEYRING_DIR?)'
        fi
        wss_die 125 "default keyring collection did not appear in ${timeout}s"
    fi
    wss_say 'secret service ready; running:' "$@"

    "$@"
    exit $?
}

if [[ -n ${_WSS_INNER_DIR:-} ]]; then
    wss_inner "$@"
fi

# ---------------------------------------------------------------------------
# Outer part.
# ---------------------------------------------------------------------------
if (($# == 0)); then
    printf 'usage: %s CMD [ARG...]\n' "${0##*/}" >&2
    exit 2
fi
if ! [[ ${WSS_TIMEOUT:-10} =~ ^[1-9][0-9]*$ ]]; then
    wss_die 2 "WSS_TIMEOUT must be a whole number of seconds, not '${WSS_TIMEOUT}'"
fi

missing_list=$(wss_missing_tools)
if [[ -n $missing_list ]]; then
    if [[ ${WSS_NO_INSTALL:-} == 1 ]]; then
        wss_die 127 "missing: ${missing_list//$'\n'/ } (WSS_NO_INSTALL=1, not installing)"
    fi
    wss_install || wss_die 127 "could not install ${WSS_PACKAGES[*]}"
    missing_list=$(wss_missing_tools)
    [[ -z $missing_list ]] ||
        wss_die 127 "still missing after install: ${missing_list//$'\n'/ }"
fi

self=$(readlink -f -- "${BASH_SOURCE[0]}") || wss_die 125 'cannot resolve own path'
dir=$(mktemp -d "${TMPDIR:-/tmp}/with-secret-service.XXXXXXXX") ||
    wss_die 125 'mktemp failed'

# shellcheck disable=SC2317 # run by the EXIT trap
wss_cleanup() {
    local pid i
    if [[ -s $dir/daemon.pid ]]; then
        pid=$(<"$dir/daemon.pid")
        # Normally the daemon leaves with the bus; give it a moment, then kill it.
        for ((i = 0; i < 25; i++)); do
            wss_alive "$pid" || break
            sleep 0.02
        done
        if wss_alive "$pid" &&
            [[ $(cat "/proc/$pid/comm" 2>/dev/null) == gnome-keyring-d* ]]; then
            wss_say "killing leftover gnome-keyring-daemon $pid"
            kill -TERM "$pid" 2>/dev/null
            for ((i = 0; i < 50; i++)); do
                wss_alive "$pid" || break
                sleep 0.02
            done
            wss_alive "$pid" && kill -KILL "$pid" 2>/dev/null
        fi
    fi
    if [[ ${WSS_VERBOSE:-} == 1 ]]; then
        wss_log_dump "$dir"
    fi
    rm -rf -- "$dir"
}
trap wss_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -m 700 -- "$dir/run" "$dir/data" || wss_die 125 "cannot create dirs in $dir"
if [[ -n ${WSS_KEYRING_DIR:-} ]]; then
    (umask 077 && mkdir -p -- "$WSS_KEYRING_DIR") || wss_die 125 "cannot create $WSS_KEYRING_DIR"
    rmdir -- "$dir/data"
    ln -s -- "$(readlink -f -- "$WSS_KEYRING_DIR")" "$dir/data"
fi

if [[ -n ${WSS_PASSWORD:-} ]]; then
    password=$WSS_PASSWORD
else
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n') ||
        wss_die 125 'cannot read /dev/urandom'
fi
(umask 077 && printf '%s' "$password" >"$dir/password") ||
    wss_die 125 'cannot write the password file'
unset password

# dbus-daemon wrapper: its stderr noise goes to a log, and anything it activates
# also gets the private data/runtime dirs.
{
    printf '#!%s\n' "$BASH"
    printf 'export XDG_DATA_HOME=%q XDG_RUNTIME_DIR=%q\n' "$dir/data" "$dir/run"
    printf 'exec dbus-daemon "$@" 2>>%q\n' "$dir/dbus-daemon.log"
} >"$dir/dbus-daemon"
chmod 700 "$dir/dbus-daemon"

wss_say "temp dir $dir"
_WSS_INNER_DIR=$dir dbus-run-session --dbus-daemon="$dir/dbus-daemon" -- \
    "$BASH" "$self" "$@"
exit $?
