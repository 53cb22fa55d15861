#!/usr/bin/env bash
# Drive a terminal program (the Textual app) in tmux, for end-to-end tests.
#
#   tmux-drive.sh start NAME [-x W] [-y H] [-e VAR=VAL]... -- CMD [ARG...]
#   tmux-drive.sh wait NAME TEXT [TIMEOUT]      wait until TEXT is on screen
#   tmux-drive.sh type NAME TEXT                send TEXT literally
#   tmux-drive.sh keys NAME KEY...              send tmux key names (Enter, C-q, ...)
#   tmux-drive.sh paste NAME TEXT               bracketed paste of TEXT
#   tmux-drive.sh screen NAME                   print the visible screen
#   tmux-drive.sh assert NAME TEXT [TIMEOUT]    like wait, default timeout 3 s
#   tmux-drive.sh assert-not NAME TEXT          fail if TEXT is on screen now
#   tmux-drive.sh resize NAME W H
#   tmux-drive.sh stop NAME [KEY]               send KEY (default C-q), wait for exit
#   tmux-drive.sh kill NAME                     remove the session, if any
#   tmux-drive.sh kill-all                      stop the private tmux server
#
# All sessions live on a private tmux server (-L celonis-connect-e2e, or
# $TMUX_DRIVE_SERVER), so the user's own tmux is never touched. The pane gets
# PATH, VIRTUAL_ENV, HOME, DBUS_SESSION_BUS_ADDRESS, PYTHON_KEYRING_BACKEND,
# LANG/LC_*, every XDG_* and every CELONIS_CONNECT_* variable of the caller,
# plus any -e VAR=VAL. TERM defaults to tmux-256color with COLORTERM=truecolor;
# -e TERM=... / -e COLORTERM=... change them.
#
# Exit status: 0 on success, 1 when a wait/assert fails (the screen, with
# history, is printed on stderr), 2 on usage errors. `stop` prints exit=N and
# exits with the program's status (128+N for signal N), or 124 when the program
# did not exit in time and had to be killed.
#
# Environment: TMUX_DRIVE_SERVER, TMUX_DRIVE_STOP_TIMEOUT (seconds, default 10).

set -uo pipefail

readonly SERVER=${TMUX_DRIVE_SERVER:-celonis-connect-e2e}
readonly POLL=0.05

die() {
    printf 'tmux-drive: %s\n' "$*" >&2
    exit 2
}

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
    exit 2
}

# tmux splits commands at arguments that end in ";". Escape such arguments so
# they reach the program unchanged ("a;" -> "a\;", which tmux turns back).
esc() {
    local a
    ESCAPED=()
    for a in "$@"; do
        if [[ $a == *';' ]]; then
            ESCAPED+=("${a%;}\\;")
        else
            ESCAPED+=("$a")
        fi
    done
}

tm() {
    env -u TMUX tmux -u -L "$SERVER" -f /dev/null "$@"
}

now_ms() {
    local t=${EPOCHREALTIME//[!0-9]/}
    printf '%s\n' "$((10#$t / 1000))"
}

seconds_since() {
    local ms=$(($(now_ms) - $1))
    printf '%d.%02d\n' "$((ms / 1000))" "$((ms % 1000 / 10))"
}

check_timeout() {
    [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "bad timeout '$1' (seconds)"
}

timeout_ms() {
    local whole=${1%%.*} frac=0
    [[ $1 == *.* ]] && frac=${1#*.}000
    printf '%s\n' "$((10#$whole * 1000 + 10#${frac:0:3}))"
}

target() {
    printf '=%s:\n' "$1"
}

exists() {
    tm has-session -t "$(target "$1")" 2>/dev/null
}

need_session() {
    exists "$1" || die "no session '$1' on tmux server '$SERVER'"
}

pane_info() {
    # pane_dead turns 1 on pty EOF, before the status is known; poll the status.
    tm display-message -p -t "$(target "$1")" \
        '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}' 2>/dev/null
}

capture() {
    tm capture-pane -p -t "$(target "$1")" 2>/dev/null
}

dump_screen() {
    local name=$1 why=$2
    {
        printf 'tmux-drive: %s\n' "$why"
        printf -- '----- %s: screen with history -----\n' "$name"
        tm capture-pane -p -S - -t "$(target "$name")" 2>/dev/null | cat -s |
            sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
        printf -- '----- %s: %s -----\n' "$name" "$(pane_info "$name")"
    } >&2
}

cmd_start() {
    (($# >= 1)) || usage
    local name=$1
    shift
    [[ -n $name && $name != *[:.=]* ]] || die "bad session name '$name'"
    local width=120 height=40 term=tmux-256color colorterm=truecolor
    local -a extra=()
    while (($#)); do
        case $1 in
        -x) width=${2:?-x needs a value}; shift 2 ;;
        -y) height=${2:?-y needs a value}; shift 2 ;;
        -e)
            local kv=${2:?-e needs VAR=VAL}
            [[ $kv == [A-Za-z_]*=* ]] || die "-e wants VAR=VAL, got '$kv'"
            case ${kv%%=*} in
            TERM) term=${kv#*=} ;; # tmux ignores -e TERM; it goes through env
            COLORTERM) colorterm=${kv#*=} ;;
            *) extra+=("$kv") ;;
            esac
            shift 2
            ;;
        --) shift; break ;;
        *) die "unexpected '$1' (the command goes after --)" ;;
        esac
    done
    (($# >= 1)) || die 'start: no command given after --'
    [[ $width =~ ^[1-9][0-9]*$ && $height =~ ^[1-9][0-9]*$ ]] ||
        die "bad size ${width}x${height}"

    # The pane's environment comes from the tmux server, not from this shell:
    # pass what the program needs explicitly.
    local -a envargs=()
    local var
    for var in PATH VIRTUAL_ENV HOME DBUS_SESSION_BUS_ADDRESS \
        PYTHON_KEYRING_BACKEND LANG LC_ALL LC_CTYPE \
        $(compgen -e | grep -E '^(XDG_|CELONIS_CONNECT_)'); do
        [[ -n ${!var+set} ]] && envargs+=(-e "$var=${!var}")
    done
    for var in "${extra[@]}"; do
        envargs+=(-e "$var")
    done

    if exists "$name"; then
        printf "tmux-drive: replacing existing session '%s'\n" "$name" >&2
        tm kill-session -t "$(target "$name")" 2>/dev/null
    fi

    esc "$name" "${envargs[@]}" env "TERM=$term" "COLORTERM=$colorterm" "$@"
    # remain-on-exit must be set in the same invocation as new-session, or an
    # instant crash takes the pane (and its output) with it.
    tm start-server \; set-option -g remain-on-exit on \; \
        set-option -g status off \; set-option -g history-limit 10000 \; \
        new-session -d -s "${ESCAPED[0]}" -x "$width" -y "$height" \
        "${ESCAPED[@]:1}" ||
        die "could not start session '$name'"
}

# wait_for NAME TEXT TIMEOUT WHAT: poll the visible screen every 50 ms.
wait_for() {
    local name=$1 text=$2 timeout=$3 what=$4 screen info
    need_session "$name"
    check_timeout "$timeout"
    local start deadline
    start=$(now_ms)
    deadline=$((start + $(timeout_ms "$timeout")))
    while :; do
        screen=$(capture "$name") || {
            dump_screen "$name" "$what: session '$name' went away"
            exit 1
        }
        if [[ $screen == *"$text"* ]]; then
            printf '%s\n' "$(seconds_since "$start")"
            return 0
        fi
        info=$(pane_info "$name")
        if [[ $info == 1:* ]]; then
            # A dead pane's last screen is scrolled into the history.
            screen=$(tm capture-pane -p -S - -t "$(target "$name")" 2>/dev/null)
            if [[ $screen == *"$text"* ]]; then
                printf '%s\n' "$(seconds_since "$start")"
                return 0
            fi
            dump_screen "$name" "$what: program exited before showing '$text'"
            exit 1
        fi
        if (($(now_ms) >= deadline)); then
            dump_screen "$name" "$what: '$text' not on screen after ${timeout}s"
            exit 1
        fi
        sleep "$POLL"
    done
}

cmd_stop() {
    (($# >= 1 && $# <= 2)) || usage
    local name=$1 key=${2:-C-q} info pid nudged=0
    need_session "$name"
    local t
    t=$(target "$name")
    local timeout=${TMUX_DRIVE_STOP_TIMEOUT:-10}
    check_timeout "$timeout"
    info=$(pane_info "$name")
    pid=${info##*:}
    if [[ $info != 1:* ]]; then
        esc "$key"
        tm send-keys -t "$t" -- "${ESCAPED[@]}"
    fi
    local start deadline dead status signal
    start=$(now_ms)
    deadline=$((start + $(timeout_ms "$timeout")))
    while :; do
        info=$(pane_info "$name")
        IFS=: read -r dead status signal _ <<<"$info"
        if [[ $dead == 1 && ( -n $status || -n $signal ) ]]; then
            tm kill-session -t "$t" 2>/dev/null
            if [[ -n $status ]]; then
                printf 'exit=%s (%ss)\n' "$status" "$(seconds_since "$start")"
                exit "$status"
            fi
            printf 'exit=signal %s (%ss)\n' "$signal" "$(seconds_since "$start")"
            exit $((128 + signal))
        fi
        # tmux 3.3a sometimes misses SIGCHLD and leaves the status unknown until
        # another child of the server exits: make one.
        if (($(now_ms) - start >= 200 * (nudged + 1))); then
            tm run-shell true 2>/dev/null
            nudged=$((nudged + 1))
        fi
        if (($(now_ms) >= deadline)); then
            break
        fi
        sleep "$POLL"
    done
    dump_screen "$name" "stop: '$name' did not exit within ${timeout}s of $key; killing it"
    tm kill-session -t "$t" 2>/dev/null # the program gets SIGHUP
    if [[ $pid =~ ^[0-9]+$ ]]; then
        local i
        for ((i = 0; i < 20; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep "$POLL"
        done
        kill -KILL "$pid" 2>/dev/null
    fi
    printf 'exit=killed\n'
    exit 124
}

main() {
    (($# >= 1)) || usage
    local cmd=$1
    shift
    case $cmd in
    start) cmd_start "$@" ;;
    wait)
        (($# == 2 || $# == 3)) || usage
        wait_for "$1" "$2" "${3:-10}" wait
        ;;
    assert)
        (($# == 2 || $# == 3)) || usage
        wait_for "$1" "$2" "${3:-3}" assert >/dev/null
        ;;
    assert-not)
        (($# == 2)) || usage
        need_session "$1"
        local screen
        screen=$(capture "$1")
        if [[ $screen == *"$2"* ]]; then
            dump_screen "$1" "assert-not: '$2' is on screen"
            exit 1
        fi
        ;;
    type)
        (($# == 2)) || usage
        need_session "$1"
        esc "$2"
        tm send-keys -t "$(target "$1")" -l -- "${ESCAPED[0]}"
        ;;
    keys)
        (($# >= 2)) || usage
        need_session "$1"
        local t
        t=$(target "$1")
        shift
        esc "$@"
        tm send-keys -t "$t" -- "${ESCAPED[@]}"
        ;;
    paste)
        (($# == 2)) || usage
        need_session "$1"
        local buf="tmux-drive-$1"
        esc "$2"
        # -p: bracketed paste (if the program asked for it); -d: drop the buffer.
        tm set-buffer -b "$buf" -- "${ESCAPED[0]}" \; \
            paste-buffer -p -d -b "$buf" -t "$(target "$1")"
        ;;
    screen)
        (($# == 1)) || usage
        need_session "$1"
        capture "$1"
        ;;
    resize)
        (($# == 3)) || usage
        need_session "$1"
        [[ $2 =~ ^[1-9][0-9]*$ && $3 =~ ^[1-9][0-9]*$ ]] || die "bad size $2x$3"
        tm resize-window -t "$(target "$1")" -x "$2" -y "$3"
        ;;
    stop) cmd_stop "$@" ;;
    kill)
        (($# == 1)) || usage
        tm kill-session -t "$(target "$1")" 2>/dev/null
        return 0
        ;;
    kill-all)
        (($# == 0)) || usage
        tm kill-server 2>/dev/null
        return 0
        ;;
    -h | --help | help) usage ;;
    *) die "unknown command '$cmd' (try --help)" ;;
    esac
}

main "$@"
