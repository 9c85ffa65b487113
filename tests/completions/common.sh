# Shared by the completion tests (sourced by bash): failing, a private home with a few
# lists, and checking what a shell offered. The caller sets TEST_NAME first.
#
# Environment: REKINDLE_BIN (folder with the built rekindle, rekindle-checklist,
#                            rekindle-reflect, rekindle-nocontact, rekindle-selfcare and
#                            rekindle-signals)
#              REKINDLE_SRC (the repository root)

fail() {
    printf '%s: FAIL: %s\n' "$TEST_NAME" "$*" >&2
    exit 1
}

: "${REKINDLE_BIN:?set REKINDLE_BIN to the folder with the built rekindle binaries}"
: "${REKINDLE_SRC:?set REKINDLE_SRC to the repository root}"
COMPLETIONS=$REKINDLE_SRC/completions
[[ -x $REKINDLE_BIN/rekindle && -x $REKINDLE_BIN/rekindle-checklist &&
    -x $REKINDLE_BIN/rekindle-reflect && -x $REKINDLE_BIN/rekindle-nocontact &&
    -x $REKINDLE_BIN/rekindle-selfcare && -x $REKINDLE_BIN/rekindle-signals ]] ||
    fail "no rekindle binaries in REKINDLE_BIN=$REKINDLE_BIN"

# A private home: nothing here may touch the real one. Sets TMP (removed on exit).
make_fixture() {
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/$TEST_NAME.XXXXXX")
    trap 'rm -rf "$TMP"' EXIT
    export HOME=$TMP/home XDG_DATA_HOME=$TMP/home/.local/share XDG_CONFIG_HOME=$TMP/home/.config
    mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$TMP/fakebin"
    unset REKINDLE_DB REKINDLE_CONFIG
    # A fake external tool proves tool names come from the dispatcher, not a fixed list.
    # (Its name is one no real tool will take: the real one beside the dispatcher would win.)
    cat >"$TMP/fakebin/rekindle-faketool" <<'TOOL'
#!/bin/sh
printf 'Fake tool\nUsage: rekindle-faketool [OPTIONS] [SUBCOMMAND]\n\nSubcommands:\n  watch                       Watch\n  tally                       Tally\n\n'
TOOL
    chmod +x "$TMP/fakebin/rekindle-faketool"
    # A kind of signal of the person's own, in the config; another one in a second config.
    mkdir -p "$XDG_CONFIG_HOME/rekindle"
    cat >"$XDG_CONFIG_HOME/rekindle/config.toml" <<'TOML'
[[signals.kind]]
id = "sends-photos"
description = "Shares photos of things you used to do together"
direction = "toward"
nature = "word"
weight = 0.5
TOML
    cat >"$TMP/other.toml" <<'TOML'
[[signals.kind]]
id = "writes-letters"
description = "Writes long letters"
direction = "toward"
nature = "action"
weight = 1
TOML
    export PATH=$REKINDLE_BIN:$TMP/fakebin:$PATH
    rekindle-checklist new mylist --title "Mine" -q || fail "cannot create the user list"
    rekindle-checklist add mylist "First thing" -q || fail "cannot add an item"
    rekindle-checklist new emptylist -q || fail "cannot create the empty list"
    rekindle-checklist --db "$TMP/other.db" new otherlist -q ||
        fail "cannot create the second database"
    rekindle-reflect add --prompt my-part.patience "I could have waited" -q ||
        fail "cannot add a reflection entry"
    rekindle-nocontact urge --intensity 4 "I wanted to write" -q || fail "cannot record an urge"
    # An activity of the person's own, with a blank in its name, lives only in this database.
    # (stdin from /dev/null: with no note and stdin not a terminal, log reads a note from it.)
    rekindle-selfcare log "evening tea" --new --category joy -q </dev/null ||
        fail "cannot log a new selfcare activity"
    rekindle-selfcare log running --minutes 30 -q </dev/null || fail "cannot log running"
    rekindle-selfcare mood 6 -q </dev/null || fail "cannot record a mood"
    rekindle-signals log misses-you "They said they miss me" -q </dev/null ||
        fail "cannot log a signal"
    rekindle-signals log sends-photos --strength 1 -q </dev/null ||
        fail "cannot log a signal of the config's kind"
    # A removed signal is not offered any more.
    rekindle-signals log no-reply -q </dev/null || fail "cannot log a third signal"
    rekindle-signals rm 3 --yes -q || fail "cannot remove a signal"
}

# Completing ids from a database that is not there must not create it.
check_created_nothing() {
    [[ ! -e $TMP/none.db ]] || fail "completing with --db $TMP/none.db created it"
    checks=$((checks + 1))
}

checks=0
# check_offers WHAT OUTPUT [+WANTED | -UNWANTED]...: OUTPUT holds one candidate a line.
check_offers() {
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

# The queries every shell must answer alike; each test defines `expect LINE [+W|-U]...` and
# `as_offered NAME` (how its shell reports a candidate holding blanks: bash offers it
# escaped for the line, zsh and fish as it is and escape it when they insert it) first.
# (How `--format=j` is offered differs between shells, so those lines stay in each test.)
expect_common() {
    local meal tea
    meal=$(as_offered 'balanced meal')
    tea=$(as_offered 'evening tea')
    expect 'rekindle ' +checklist +help +signals +export +import +data +selfcare
    expect 'rekindle data ' +export +import -check
    expect 'rekindle-data ' +export +import
    expect 'rekindle import --' +--db +--config -'--note'
    expect 'rekindle export --' +--db +--format
    expect 'rekindle --' +--help +--version
    # `rekindle help status` shows rekindle(1), and export and import have the data tool's.
    expect 'rekindle help ' +checklist +status +review +export +import -help
    # The dispatcher's own commands: offered beside the tools, and only options after them.
    expect 'rekindle ' +status +review +checklist
    expect 'rekindle st' +status -selfcare -signals -review
    expect 'rekindle re' +review +reflect -status
    expect 'rekindle status --' +--short +--db +--config +--format +--color +--quiet +--help \
        -'--full' -'--week'
    expect 'rekindle status --format ' +table +tsv +csv +json +jsonl -ics
    expect 'rekindle status --short --color ' +auto +always +never
    expect 'rekindle status ' -status -list -check
    expect 'rekindle review --' +--week +--month +--date +--full +--db +--config +--format \
        +--color +--quiet -'--short' -'--year'
    expect 'rekindle review --month --' +--date +--full -'--week'
    expect 'rekindle review --month -' +--full +--date +-q -'--week'
    expect 'rekindle review --week --date 2026-11-01 --' +--full -'--month'
    expect 'rekindle review --format ' +table +json +jsonl -tsv -csv
    expect 'rekindle review --date ' -1 -today -review
    expect 'rekindle review ' -list -review -status
    expect 'rekindle checklist ch' +check -show -uncheck
    expect 'rekindle checklist ' +list +show +import
    expect 'rekindle checklist show ' +reflection +mylist +foundation -otherlist
    expect 'rekindle checklist show my' +mylist -reflection
    expect 'rekindle-checklist show ' +reflection +mylist
    expect "rekindle checklist --db $TMP/other.db show " +otherlist -mylist
    expect "rekindle-checklist show --db=$TMP/other.db " +otherlist -mylist
    expect 'rekindle-checklist --format ' +json +tsv +jsonl -auto
    expect 'rekindle checklist --color ' +auto +always +never
    expect 'rekindle checklist check reflection --' +--note +--date +--db -'--title'
    expect 'rekindle checklist check mylist ' +1
    expect 'rekindle checklist rm mylist --' +--yes -'--note'
    # Only a header line: no fragment of it may be offered.
    expect 'rekindle checklist check emptylist ' -number -umber
    expect 'rekindle reflect ' +incident +add +list +show +edit +rm +answers +search +prompts \
        +stats +export +import -check
    expect 'rekindle-reflect ' +incident +answers +stats -reflection
    expect 'rekindle-reflect sh' +show -stats -list
    expect 'rekindle reflect --' +--theme +--editor +--tag +--db +--format +--version -'--prompt'
    expect 'rekindle reflect --theme ' +my-part +incident +breakup -my-part.patience
    expect 'rekindle-reflect list --theme ' +my-part +incident
    expect 'rekindle-reflect prompts --theme my' +my-part -incident
    expect 'rekindle reflect answers my-part.' +my-part.patience +my-part.habit -incident.trigger
    expect 'rekindle-reflect add --prompt incident.' +incident.trigger -my-part.patience
    expect 'rekindle-reflect add --' +--prompt +--theme +--tag +--date -'--since'
    expect 'rekindle reflect list --' +--since +--until +--limit +--theme -'--prompt'
    expect 'rekindle reflect import --from ' +jrnl
    expect 'rekindle-reflect import --' +--from -'--theme'
    expect 'rekindle-reflect export --format ' +md +jsonl -table
    expect 'rekindle reflect list --format ' +table +jsonl -md
    expect 'rekindle-reflect show ' +1
    expect "rekindle reflect --db $TMP/other.db show " -1 -id -d
    expect 'rekindle-reflect rm --' +--yes -'--revisions'
    expect 'rekindle-reflect show --' +--revisions -'--yes'
    expect 'rekindle nocontact ' +start +status +urge +slip +unsent +end +history +log +rm \
        +milestones +chart +export +import -check -incident
    expect 'rekindle-nocontact ' +start +milestones +chart -list
    expect 'rekindle-nocontact sl' +slip -start -status -log
    expect 'rekindle nocontact --' +--db +--format +--version -'--days'
    expect 'rekindle-nocontact start --' +--days +--date +--note -'--reason'
    expect 'rekindle nocontact urge --' +--intensity +--trigger +--date +--wait -'--by'
    expect 'rekindle-nocontact urge --intensity ' +1 +10 -11 -0
    expect 'rekindle-nocontact urge --wait ' +5m +10m +20m
    expect 'rekindle nocontact slip --' +--by +--lesson +--date -'--intensity'
    expect 'rekindle nocontact slip --by ' +me +them +both
    expect 'rekindle-nocontact slip --lesson patience --by t' +them -me
    expect 'rekindle-nocontact end --' +--reason +--note -'--kind'
    expect 'rekindle-nocontact end --reason ' +completed +reconciled +stopped
    expect 'rekindle nocontact milestones --format ' +ics +table +jsonl
    expect 'rekindle-nocontact --format ' +ics +tsv
    expect 'rekindle-nocontact log --format ' +tsv -ics
    expect 'rekindle-nocontact log --' +--since +--until +--kind -'--by'
    expect 'rekindle nocontact log --kind ' +urge +slip +unsent
    expect 'rekindle-nocontact log --since 2020-01-01 --kind s' +slip -urge
    expect 'rekindle nocontact chart --' +--sparkline +--days -'--kind'
    expect 'rekindle-nocontact rm --' +--yes -'--reason'
    expect 'rekindle-nocontact rm ' +1
    expect "rekindle nocontact --db $TMP/other.db rm " -1 -id
    expect "rekindle-nocontact rm --db $TMP/none.db " -1 -id
    expect 'rekindle selfcare ' +log +mood +goals +list +activities +categories +streak +rm \
        +report +export +import -check -urge
    expect 'rekindle-selfcare ' +log +streak +report -start -incident
    expect 'rekindle-selfcare st' +streak -status -start
    expect 'rekindle help s' +selfcare
    expect 'rekindle selfcare --' +--db +--format +--version -'--minutes' -'--week'
    expect 'rekindle-selfcare log --' +--minutes +--mood +--date +--tag +--new +--category \
        -'--since' -'--activity'
    expect 'rekindle selfcare log running --mood ' +1 +5 +10 -0 -11
    expect 'rekindle-selfcare log --minutes ' -1 -running
    expect 'rekindle-selfcare mood ' +1 +6 +10 -0 -11
    expect 'rekindle selfcare mood --' +--date -'--mood' -'--minutes'
    expect 'rekindle-selfcare list --' +--since +--until +--category +--activity +--tag +--limit \
        -'--mood'
    expect 'rekindle selfcare list --category ' +body +mind +growth +joy -running
    expect 'rekindle-selfcare streak --category g' +growth -body
    expect 'rekindle selfcare log yoga --new --category ' +body +joy
    expect 'rekindle selfcare streak --' +--category -'--week'
    expect 'rekindle-selfcare rm --' +--yes -'--minutes'
    expect 'rekindle selfcare report --' +--week +--month +--year +--since -'--minutes'
    expect 'rekindle-selfcare import --from ' +daylio -jrnl
    expect 'rekindle selfcare import --' +--from -'--minutes'
    # Activities: shipped ones, and the person's own from the database; a name with a blank
    # is one candidate, never split in two.
    expect 'rekindle selfcare log ' +running +yoga +"$meal" +"$tea" -balanced -meal -evening
    expect 'rekindle-selfcare log bal' +"$meal" -running -balanced
    expect 'rekindle-selfcare log talking' +"$(as_offered 'talking with a friend')" -talking
    expect 'rekindle selfcare log ev' +"$tea" -running
    expect 'rekindle-selfcare log balanced\ m' +"$meal" -running
    expect 'rekindle-selfcare log "balanced m' +'balanced meal' -running
    expect 'rekindle selfcare streak run' +running -yoga
    expect 'rekindle-selfcare list --activity ev' +"$tea" -running
    expect 'rekindle-selfcare log running ' -running -yoga -"$meal"
    expect "rekindle selfcare --db $TMP/other.db log " +running +"$meal" -"$tea"
    expect "rekindle-selfcare streak --db=$TMP/other.db ev" -"$tea"
    # Entry ids: the activity logged and the mood check-in.
    expect 'rekindle selfcare rm ' +1 +2 +3 -id -running
    expect "rekindle selfcare --db $TMP/other.db rm " -1 -id
    expect "rekindle-selfcare rm --db $TMP/none.db " -1 -id
    expect 'rekindle signals ' +log +list +kinds +rm +score +trend +export +import -watch -tally \
        -streak -urge
    expect 'rekindle-signals ' +log +kinds +score +trend -mood -start
    expect 'rekindle-signals k' +kinds -list -log
    expect 'rekindle help s' +selfcare +signals
    expect 'rekindle signals --' +--db +--config +--format +--version -'--strength' -'--weeks'
    expect 'rekindle-signals log --' +--date +--strength -'--since' -'--window' -'--yes'
    expect 'rekindle signals log misses-you --strength ' +1 +2 +3 -0 -4 -regret
    expect 'rekindle-signals log --strength ' +1 +3 -misses-you
    expect 'rekindle-signals list --' +--since +--direction +--nature -'--strength' -'--window'
    expect 'rekindle signals list --direction ' +toward +away -word -action
    expect 'rekindle-signals list --nature a' +action -word -away
    expect 'rekindle signals list --since 2026-01-01 --nature ' +word +action -toward
    expect 'rekindle-signals rm --' +--yes -'--strength'
    expect 'rekindle signals score --' +--window +--date -'--weeks' -'--strength'
    expect 'rekindle-signals score --window ' -1 -log
    expect 'rekindle-signals trend --' +--weeks -'--window' -'--date'
    expect 'rekindle signals trend --weeks ' -1 -12
    expect 'rekindle signals kinds --' +--format -'--strength'
    expect 'rekindle-signals import --' +--db -'--from' -'--strength'
    # Kinds: the shipped ones and the config's; the columns' names are never offered.
    expect 'rekindle signals log ' +misses-you +regret +no-reply +says-its-over +sends-photos \
        -id -direction -toward
    expect 'rekindle-signals log mi' +misses-you -regret
    expect 'rekindle-signals log s' +says-its-over +suggests-meeting +sends-photos -regret
    expect 'rekindle signals log --strength 3 --date 2026-01-01 no' +no-reply -regret
    expect 'rekindle-signals log misses-you ' -misses-you -regret
    expect "rekindle signals --config $TMP/other.toml log " +writes-letters +regret -sends-photos
    expect "rekindle-signals log --config=$TMP/other.toml w" +writes-letters
    # Signal ids: the two logged and not removed.
    expect 'rekindle signals rm ' +1 +2 -3 -id -misses-you
    expect 'rekindle-signals rm --yes ' +1 +2 -3
    expect 'rekindle-signals rm 1 ' -1 -2
    expect "rekindle signals --db $TMP/other.db rm " -1 -id
    expect "rekindle-signals rm --db $TMP/none.db " -1 -id
}
