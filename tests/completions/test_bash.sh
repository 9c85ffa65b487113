#!/usr/bin/env bash
# Tests completions/rekindle.bash in a real bash with bash-completion loaded.
#
# Environment: REKINDLE_BIN (folder with the built rekindle, rekindle-checklist, rekindle-reflect,
#                            rekindle-nocontact, rekindle-selfcare, rekindle-signals)
#              REKINDLE_SRC (the repository root)
# Each query runs a fresh `bash --norc --noprofile` that sources bash-completion
# and the script, fills COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT as readline
# would (a "=" is a word of its own; a quoted or backslash-escaped blank is not a break), calls the
# function `complete -p` names, and prints COMPREPLY.
set -euo pipefail

TEST_NAME=test_bash
source "$(dirname "$0")/common.sh"
SCRIPT=$COMPLETIONS/rekindle.bash
BASH_COMPLETION=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}
[[ -r $SCRIPT ]] || fail "missing $SCRIPT"
[[ -r $BASH_COMPLETION ]] || fail "bash-completion is not installed ($BASH_COMPLETION)"
make_fixture

# Prints the candidates bash offers for LINE (the cursor at its end), one a line.
complete_bash() {
    # shellcheck disable=SC2016 # the script is for the child shell
    timeout 20 bash --norc --noprofile -c '
        source "$1" || exit 91
        source "$2" || exit 92
        line=$3
        # Split as readline does: at blanks, and "=" (in COMP_WORDBREAKS) is a word of its own,
        # but not inside quotes nor after a backslash; the words keep their quoting.
        COMP_WORDS=()
        word= have= quote= sq=$(printf "\047")
        for ((k = 0; k < ${#line}; k++)); do
            c=${line:k:1}
            if [[ -n $quote ]]; then
                word+=$c
                [[ $c == "$quote" ]] && quote=
                continue
            fi
            case $c in
                " " | "=")
                    [[ -n $have ]] && COMP_WORDS+=("$word")
                    [[ $c == "=" ]] && COMP_WORDS+=("=")
                    word= have=
                    ;;
                \\)
                    word+=$c${line:k+1:1}
                    have=1
                    ((k++))
                    ;;
                \" | "$sq")
                    quote=$c
                    word+=$c
                    have=1
                    ;;
                *)
                    word+=$c
                    have=1
                    ;;
            esac
        done
        [[ -n $have ]] && COMP_WORDS+=("$word")
        [[ -z $line || $line == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE=$line
        COMP_POINT=${#line}
        COMP_TYPE=9
        COMP_KEY=9
        spec=$(complete -p "${COMP_WORDS[0]##*/}" 2>/dev/null) || exit 93
        [[ $spec =~ -F\ ([^ ]+) ]] || exit 94
        "${BASH_REMATCH[1]}" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"
    ' bash "$BASH_COMPLETION" "$SCRIPT" "$1"
}

# as_offered NAME: bash offers a name holding blanks escaped, as it goes on the line.
as_offered() {
    printf '%q' "$1"
}

# expect LINE [+WANTED | -UNWANTED]...
expect() {
    local line=$1 out rc=0
    shift
    out=$(complete_bash "$line") || rc=$?
    ((rc == 0)) || fail "completing '$line': bash exited with $rc (91/92: cannot source, 93/94: no completion registered, 124: timeout)"
    check_offers "'$line'" "$out" "$@"
}

expect_common
expect 'rekindle-checklist --format=j' +json +jsonl -tsv
expect 'rekindle-checklist --format=' +csv +table
expect 'rekindle-reflect export --format=' +md +jsonl -table
expect 'rekindle reflect list --theme=my' +my-part -incident
expect 'rekindle faketool ' +watch +tally -list
expect 'rekindle-nocontact milestones --format=i' +ics -table
expect 'rekindle nocontact end --reason=r' +reconciled -stopped
expect 'rekindle selfcare list --activity=ev' +'evening\ tea' -running
expect 'rekindle-selfcare log running --mood=1' +1 +10 -2
expect 'rekindle-selfcare streak --category=j' +joy -body
expect "rekindle-selfcare log 'talking w" +'talking with a friend' -running
expect 'rekindle-selfcare import --from=' +daylio
expect 'rekindle signals list --direction=t' +toward -away
expect 'rekindle-signals list --nature=' +word +action -toward
expect 'rekindle-signals log misses-you --strength=' +1 +2 +3 -misses-you
expect 'rekindle-signals log misses-you -' +- +--strength +--date
expect 'rekindle signals log -' +--strength -'-'
expect 'rekindle-signals import -' +- +--db
expect 'rekindle review --format=j' +json +jsonl -tsv
expect "rekindle status --db $TMP/oth" +"$TMP/other.db" +"$TMP/other.toml"

check_created_nothing

printf 'test_bash: ok (%d checks)\n' "$checks"
