#!/usr/bin/env bash
# Tests completions/rekindle.fish, rekindle-checklist.fish, rekindle-reflect.fish,
# rekindle-nocontact.fish, rekindle-selfcare.fish and rekindle-signals.fish in a real fish.
#
# Environment: REKINDLE_BIN (folder with the built rekindle, rekindle-checklist, rekindle-reflect,
#                            rekindle-nocontact, rekindle-selfcare, rekindle-signals)
#              REKINDLE_SRC (the repository root)
# Each query runs a fresh `fish --no-config` with completions/ first on
# $fish_complete_path and $fish_function_path, so fish itself autoloads the file
# named after the command, exactly as it does from vendor_completions.d, and the
# shared __rekindle_complete as it does from vendor_functions.d.
# `complete -C LINE` prints the candidates.
set -euo pipefail

TEST_NAME=test_fish
source "$(dirname "$0")/common.sh"
for f in rekindle.fish rekindle-checklist.fish rekindle-reflect.fish rekindle-nocontact.fish \
    rekindle-selfcare.fish rekindle-signals.fish __rekindle_complete.fish; do
    [[ -r $COMPLETIONS/$f ]] || fail "missing $COMPLETIONS/$f"
done
command -v fish >/dev/null || fail "fish is not installed"
make_fixture

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

# as_offered NAME: fish reports a name holding blanks as it is (it escapes it when inserting).
as_offered() {
    printf '%s' "$1"
}

expect() {
    local line=$1 out rc=0
    shift
    out=$(complete_fish "$line") || rc=$?
    ((rc == 0)) || fail "completing '$line': fish exited with $rc (124: timeout)"
    check_offers "'$line'" "$out" "$@"
}

expect_common
expect 'rekindle-checklist --format=j' +--format=json +--format=jsonl -'--format=tsv'
expect 'rekindle-checklist --format=' +--format=csv +--format=table
expect 'rekindle checklist import ' +other.db +home/
expect 'rekindle-reflect export --format=' +--format=md +--format=jsonl -'--format=table'
expect 'rekindle reflect list --theme=my' +--theme=my-part -'--theme=incident'
expect 'rekindle-reflect import ' +other.db +home/
expect 'rekindle faketool ' +watch +tally -list
expect 'rekindle-nocontact milestones --format=i' +--format=ics -'--format=table'
expect 'rekindle nocontact end --reason=r' +--reason=reconciled -'--reason=stopped'
expect 'rekindle-nocontact import ' +other.db +home/
expect 'rekindle selfcare list --activity=ev' +'--activity=evening tea' -'--activity=running'
expect 'rekindle-selfcare log running --mood=1' +--mood=1 +--mood=10 -'--mood=2'
expect 'rekindle-selfcare streak --category=j' +--category=joy -'--category=body'
expect "rekindle-selfcare log 'talking w" +'talking with a friend' -running
expect 'rekindle-selfcare import --from=' +--from=daylio
expect 'rekindle-selfcare import ' +other.db +home/
expect 'rekindle signals list --direction=t' +--direction=toward -'--direction=away'
expect 'rekindle-signals list --nature=' +--nature=word +--nature=action -'--nature=toward'
expect 'rekindle-signals log misses-you --strength=' +--strength=1 +--strength=2 +--strength=3
expect 'rekindle-signals log misses-you -' +- +--strength +--date
expect 'rekindle signals log -' +--strength -'-'
expect 'rekindle-signals import -' +- +--db
expect 'rekindle-signals import ' +other.db +other.toml +home/

expect 'rekindle review --format=j' +--format=json +--format=jsonl -'--format=tsv'
expect "rekindle status --db $TMP/oth" +"$TMP/other.db" +"$TMP/other.toml"

# Both files loaded in one session (as after using both commands) still agree.
out=$(complete_fish 'rekindle-checklist show ' 'rekindle checklist ch') ||
    fail "completing with both files loaded: fish exited with $?"
check_offers "with both files loaded" "$out" +mylist +check
out=$(complete_fish 'rekindle-reflect sh' 'rekindle reflect answers my-part.p') ||
    fail "completing with both reflect files loaded: fish exited with $?"
check_offers "with both reflect files loaded" "$out" +show +my-part.patience
out=$(complete_fish 'rekindle-nocontact sl' 'rekindle nocontact rm ') ||
    fail "completing with both nocontact files loaded: fish exited with $?"
check_offers "with both nocontact files loaded" "$out" +slip +1
out=$(complete_fish 'rekindle-selfcare st' 'rekindle selfcare log bal') ||
    fail "completing with both selfcare files loaded: fish exited with $?"
check_offers "with both selfcare files loaded" "$out" +streak +'balanced meal'
out=$(complete_fish 'rekindle-signals k' 'rekindle signals rm ') ||
    fail "completing with both signals files loaded: fish exited with $?"
check_offers "with both signals files loaded" "$out" +kinds +1 +2 -3
check_created_nothing

printf 'test_fish: ok (%d checks)\n' "$checks"
