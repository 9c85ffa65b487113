#!/usr/bin/env bash
# Tests completions/rekindle.fish and completions/rekindle-checklist.fish in a real fish.
#
# Environment: REKINDLE_BIN (folder with the built rekindle and rekindle-checklist)
#              REKINDLE_SRC (the repository root)
# Each query runs a fresh `fish --no-config` with completions/ first on
# $fish_complete_path and $fish_function_path, so fish itself autoloads the file
# named after the command, exactly as it does from vendor_completions.d, and the
# shared __rekindle_complete as it does from vendor_functions.d.
# `complete -C LINE` prints the candidates.
set -euo pipefail

fail() {
    printf 'test_fish: FAIL: %s\n' "$*" >&2
    exit 1
}

: "${REKINDLE_BIN:?set REKINDLE_BIN to the folder with the built rekindle binaries}"
: "${REKINDLE_SRC:?set REKINDLE_SRC to the repository root}"
COMPLETIONS=$REKINDLE_SRC/completions
[[ -x $REKINDLE_BIN/rekindle && -x $REKINDLE_BIN/rekindle-checklist ]] ||
    fail "no rekindle binaries in REKINDLE_BIN=$REKINDLE_BIN"
for f in rekindle.fish rekindle-checklist.fish; do
    [[ -r $COMPLETIONS/$f ]] || fail "missing $COMPLETIONS/$f"
done
command -v fish >/dev/null || fail "fish is not installed"

[[ -r $COMPLETIONS/__rekindle_complete.fish ]] || fail "missing $COMPLETIONS/__rekindle_complete.fish"

# A private home: nothing here may touch the real one.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rekindle-fish-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export HOME=$TMP/home XDG_DATA_HOME=$TMP/home/.local/share XDG_CONFIG_HOME=$TMP/home/.config
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$TMP/fakebin"
unset REKINDLE_DB REKINDLE_CONFIG
# A fake external tool proves tool names come from the dispatcher, not a fixed list.
cat >"$TMP/fakebin/rekindle-signals" <<'EOF'
#!/bin/sh
printf 'Fake tool\nUsage: rekindle-signals [OPTIONS] [SUBCOMMAND]\n\nSubcommands:\n  watch                       Watch\n  tally                       Tally\n\n'
EOF
chmod +x "$TMP/fakebin/rekindle-signals"
export PATH=$REKINDLE_BIN:$TMP/fakebin:$PATH

rekindle-checklist new mylist --title "Mine" -q || fail "cannot create the user list"
rekindle-checklist add mylist "First thing" -q || fail "cannot add an item"
rekindle-checklist --db "$TMP/other.db" new otherlist -q || fail "cannot create the second database"

# Prints the candidates fish offers for each LINE (without descriptions), one a line.
complete_fish() {
    # shellcheck disable=SC2016 # the script is for fish
    (cd "$TMP" && timeout 20 fish --no-config -c '
        set -g fish_complete_path $argv[1] $fish_complete_path
        set -g fish_function_path $argv[1] $fish_function_path
        for line in $argv[2..-1]
            complete -C"$line"
        end' "$COMPLETIONS" "$@") | cut -f1
}

checks=0
# expect LINE [+WANTED | -UNWANTED]...
expect_lines() {
    local what=$1 out=$2 arg word
    shift 2
    for arg in "$@"; do
        word=${arg:1}
        if [[ $arg == +* ]]; then
            grep -qxF -- "$word" <<<"$out" ||
                fail "completing $what should offer '$word'; got: $(tr '\n' ' ' <<<"$out")"
        else
            ! grep -qxF -- "$word" <<<"$out" ||
                fail "completing $what should not offer '$word'; got: $(tr '\n' ' ' <<<"$out")"
        fi
        checks=$((checks + 1))
    done
}
expect() {
    local line=$1 out rc=0
    shift
    out=$(complete_fish "$line") || rc=$?
    ((rc == 0)) || fail "completing '$line': fish exited with $rc (124: timeout)"
    expect_lines "'$line'" "$out" "$@"
}

expect 'rekindle ' +checklist +help +signals
expect 'rekindle --' +--help +--version
expect 'rekindle help ' +checklist -help
expect 'rekindle checklist ch' +check -show -uncheck
expect 'rekindle checklist ' +list +show +import
expect 'rekindle checklist show ' +reflection +mylist +foundation -otherlist
expect 'rekindle checklist show my' +mylist -reflection
expect 'rekindle-checklist show ' +reflection +mylist
expect "rekindle checklist --db $TMP/other.db show " +otherlist -mylist
expect "rekindle-checklist show --db=$TMP/other.db " +otherlist -mylist
expect 'rekindle-checklist --format ' +json +tsv +jsonl -auto
expect 'rekindle-checklist --format=j' +--format=json +--format=jsonl -'--format=tsv'
expect 'rekindle-checklist --format=' +--format=csv +--format=table
expect 'rekindle checklist --color ' +auto +always +never
expect 'rekindle checklist check reflection --' +--note +--date +--db -'--title'
expect 'rekindle checklist check mylist ' +1
expect 'rekindle checklist rm mylist --' +--yes -'--note'
expect 'rekindle checklist import ' +other.db +home/
expect 'rekindle signals ' +watch +tally -list

# Both files loaded in one session (as after using both commands) still agree.
out=$(complete_fish 'rekindle-checklist show ' 'rekindle checklist ch') ||
    fail "completing with both files loaded: fish exited with $?"
expect_lines "with both files loaded" "$out" +mylist +check

printf 'test_fish: ok (%d checks)\n' "$checks"
