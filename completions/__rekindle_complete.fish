# fish functions behind the completions of rekindle and its tools (rekindle.fish,
# rekindle-checklist.fish, rekindle-data.fish, rekindle-reflect.fish,
# rekindle-nocontact.fish, rekindle-selfcare.fish, rekindle-signals.fish). Installed in
# vendor_functions.d, so fish autoloads this file the first time a completion calls
# __rekindle_complete, with every helper it needs.
#
# List names, item numbers, reflection themes, prompt ids, entry numbers, the ids of
# nocontact's log, selfcare's activities, categories and entry ids, and the kinds and ids of
# signals come from the user's database and config, read by running the tool itself,
# passing on any --db/--config on the line.

# Prints "name<TAB>description" for the lines of one section of a help text
# ("tools:" of the dispatcher, "Subcommands:" of a tool): the lines after HEADER
# that start with two spaces, up to the first blank line.
# usage: __rekindle_help_section HEADER COMMAND [ARGS...]
function __rekindle_help_section
    set -l header $argv[1]
    set -l inside 0
    for line in ($argv[2..-1] --help 2>/dev/null)
        if test $inside -eq 0
            test "$line" = "$header"; and set inside 1
            continue
        end
        test -z (string trim -- $line); and break
        string match -qr '^  [[:alnum:]]' -- $line; or continue
        string replace -r '^  ([[:alnum:]][[:alnum:]_-]*)\s*(.*)$' '$1\t$2' -- $line
    end
end

# Prints "first column<TAB>second column" for each row of a tool's TSV output,
# without its header line. usage: __rekindle_rows COMMAND... -- ARGS...
function __rekindle_rows
    set -l rows ($argv --format tsv -q 2>/dev/null)
    set -e rows[1]
    for row in $rows
        test -n "$row"; or continue
        set -l cols (string split \t -- $row)
        printf '%s\t%s\n' $cols[1] "$cols[2]"
    end
end

# Prints each theme of reflect's prompts (the second column of `prompts`) once, in order.
# usage: __rekindle_themes COMMAND... -- ARGS...
function __rekindle_themes
    set -l rows ($argv --format tsv -q 2>/dev/null)
    set -e rows[1]
    set -l seen
    for row in $rows
        set -l cols (string split \t -- $row)
        set -q cols[2]; and test -n "$cols[2]"; or continue
        contains -- $cols[2] $seen; and continue
        set -a seen $cols[2]
        printf '%s\n' $cols[2]
    end
end

# Prints "id<TAB>question" for each of reflect's prompts.
# usage: __rekindle_prompts COMMAND... -- ARGS...
function __rekindle_prompts
    set -l rows ($argv --format tsv -q 2>/dev/null)
    set -e rows[1]
    for row in $rows
        set -l cols (string split \t -- $row)
        set -q cols[3]; or continue
        printf '%s\t%s\n' $cols[1] $cols[3]
    end
end

# Prints "id<TAB>day kind: text" for each urge, slip and unsent message in nocontact's log.
# usage: __rekindle_log_ids COMMAND... -- ARGS...
function __rekindle_log_ids
    set -l rows ($argv --format tsv -q 2>/dev/null)
    set -e rows[1]
    for row in $rows
        set -l cols (string split \t -- $row)
        set -q cols[7]; or continue
        set -l text (string sub -l 60 -- $cols[7])
        printf '%s\t%s %s: %s\n' $cols[1] "$cols[2]" "$cols[4]" "$text"
    end
end

# Prints "name<TAB>description" for each of selfcare's categories (columns name,
# activities, description). usage: __rekindle_categories COMMAND... -- ARGS...
function __rekindle_categories
    set -l rows ($argv --format tsv -q 2>/dev/null)
    set -e rows[1]
    for row in $rows
        test -n "$row"; or continue
        set -l cols (string split \t -- $row)
        printf '%s\t%s\n' $cols[1] "$cols[3]"
    end
end

# Prints "id<TAB>day activity: text" for each of selfcare's latest entries (columns id,
# day, at, activity, category, minutes, mood, tags, text); a mood check-in has no
# activity and shows its mood. usage: __rekindle_selfcare_ids COMMAND... -- ARGS...
function __rekindle_selfcare_ids
    set -l rows ($argv --format tsv -q 2>/dev/null)
    set -e rows[1]
    for row in $rows
        set -l cols (string split \t -- $row)
        set -q cols[9]; or continue
        set -l what $cols[4]
        test -n "$what"; or set what "mood $cols[7]"
        set -l text (string sub -l 60 -- $cols[9])
        test -n "$text"; and set text ": $text"
        printf '%s\t%s %s%s\n' $cols[1] "$cols[2]" "$what" "$text"
    end
end

# Prints "id<TAB>direction nature: description" for each kind of signal, shipped or from
# the config (columns id, direction, nature, weight, origin, description).
# usage: __rekindle_signal_kinds COMMAND... -- ARGS...
function __rekindle_signal_kinds
    set -l rows ($argv --format tsv -q 2>/dev/null)
    set -e rows[1]
    for row in $rows
        set -l cols (string split \t -- $row)
        set -q cols[6]; or continue
        printf '%s\t%s %s: %s\n' $cols[1] "$cols[2]" "$cols[3]" "$cols[6]"
    end
end

# Prints "id<TAB>day kind: text" for each signal (columns id, day, at, kind, direction,
# nature, strength, text); a signal may have no text.
# usage: __rekindle_signal_ids COMMAND... -- ARGS...
function __rekindle_signal_ids
    set -l rows ($argv --format tsv -q 2>/dev/null)
    set -e rows[1]
    for row in $rows
        set -l cols (string split \t -- $row)
        set -q cols[8]; or continue
        set -l text (string sub -l 60 -- $cols[8])
        test -n "$text"; and set text ": $text"
        printf '%s\t%s %s%s\n' $cols[1] "$cols[2]" "$cols[4]" "$text"
    end
end

# Expands a leading ~ as the shell would when running the command.
function __rekindle_expand
    switch $argv[1]
        case '~' '~/*'
            printf '%s\n' $HOME(string sub -s 2 -- $argv[1])
        case '*'
            printf '%s\n' $argv[1]
    end
end

# Prints the candidates, with descriptions, for the command line being
# completed: `rekindle [tool [args...]]`, the dispatcher's own `rekindle status|review
# [options]`, or `rekindle-TOOL [args...]`.
function __rekindle_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    # Skip wrappers such as `env` or `command` before the rekindle command.
    while set -q tokens[1]
        string match -qr '(^|/)rekindle(-[^/]+)?$' -- $tokens[1]; and break
        set -e tokens[1]
    end
    set -q tokens[1]; or return

    set -l exe (__rekindle_expand $tokens[1])
    set -l base (string replace -r '.*/' '' -- $exe)
    set -l tool
    set -l runner
    set -l rest
    # status or review: the dispatcher's own commands, which take only options.
    set -l own
    if test "$base" = rekindle
        if test (count $tokens) -eq 1
            if string match -q -- '-*' $cur
                printf '%s\t%s\n' -h 'List the tools and how to use them' \
                    --help 'List the tools and how to use them' --version 'Print the version'
            else
                __rekindle_help_section tools: $exe
                printf '%s\t%s\n' status 'Where each part of the journey stands today, on one screen' \
                    review 'A week or a month looked back on, in Markdown'
                printf '%s\t%s\n' export "Write every tool's records as one JSON Lines stream" \
                    import 'Read such a stream back in, all or nothing' help "Show a tool's manual"
            end
            return
        end
        if test "$tokens[2]" = help
            if test (count $tokens) -eq 2
                __rekindle_help_section tools: $exe
                printf '%s\t%s\n' status 'Where each part of the journey stands today' \
                    review 'A week or a month looked back on' \
                    export 'Every tool\'s records as JSON Lines' import 'Read them back in'
            end
            return
        end
        string match -q -- '-*' $tokens[2]; and return
        if contains -- $tokens[2] status review
            set own $tokens[2]
            set runner $exe
            set rest $tokens[3..-1]
        else if contains -- $tokens[2] export import
            # The data tool's two commands, given straight to the dispatcher.
            set tool data
            set runner $exe data
            set rest $tokens[2..-1]
        else
            set tool $tokens[2]
            set runner $exe $tool
            set rest $tokens[3..-1]
        end
    else
        set tool (string replace -r '^rekindle-' '' -- $base)
        set runner $exe
        set rest $tokens[2..-1]
    end

    # Walk the words before the cursor: find the subcommand, its positional
    # arguments, the --db/--config to pass on, and an option awaiting its value.
    set -l sub
    set -l args
    set -l dbargs
    set -l pending
    set -l given
    set -l dashdash 0
    set -l n (count $rest)
    set -l i 1
    while test $i -le $n
        set -l w $rest[$i]
        set i (math $i + 1)
        if test $dashdash -eq 0
            switch $w
                case --
                    set dashdash 1
                    continue
                case --db --config --format --color --note --date --title --detail \
                    --theme --tag --prompt --since --until --limit --from \
                    --days --intensity --trigger --wait --by --lesson --reason --kind \
                    --minutes --mood --category --activity --strength --direction --nature \
                    --window --weeks
                    if test $i -le $n
                        contains -- $w --db --config
                        and set -a dbargs $w (__rekindle_expand $rest[$i])
                        set i (math $i + 1)
                    else
                        set pending $w
                    end
                    continue
                case '--db=*' '--config=*'
                    set -l kv (string split -m 1 = -- $w)
                    set -a dbargs $kv[1] (__rekindle_expand $kv[2])
                    continue
                case '-*'
                    set -a given $w
                    continue
            end
        end
        if test -z "$sub"
            set sub $w
        else
            set -a args $w
        end
    end
    set -l nargs (count $args)

    # The value of an option.
    set -l value_of $pending
    set -l prefix
    if test -z "$pending"; and test $dashdash -eq 0
        and string match -qr '^--[a-z]+=' -- $cur
        set -l kv (string split -m 1 = -- $cur)
        set value_of $kv[1]
        set prefix $kv[1]=
        set cur $kv[2]
    end
    switch "$value_of"
        case --db --config
            __fish_complete_path (__rekindle_expand $cur) | string replace -r '^' -- "$prefix"
            return
        case --format
            if test "$own" = review
                # A review is a document: Markdown (table) or JSON, never a table of rows.
                printf "$prefix%s\n" table json jsonl
            else if test "$tool:$sub" = reflect:export
                printf "$prefix%s\n" jsonl md
            else if contains -- "$tool:$sub" nocontact: nocontact:milestones
                # iCalendar is for the milestones only.
                printf "$prefix%s\n" table tsv csv json jsonl ics
            else
                printf "$prefix%s\n" table tsv csv json jsonl
            end
            return
        case --color
            printf "$prefix%s\n" auto always never
            return
        case --theme
            test "$tool" = reflect
            and __rekindle_themes $runner prompts $dbargs | string replace -r '^' -- "$prefix"
            return
        case --prompt
            test "$tool" = reflect
            and __rekindle_prompts $runner prompts $dbargs | string replace -r '^' -- "$prefix"
            return
        case --from
            if test "$tool" = reflect
                printf "$prefix%s\t%s\n" jrnl 'A jrnl journal'
            else if test "$tool" = selfcare
                printf "$prefix%s\t%s\n" daylio 'A Daylio CSV export'
            end
            return
        case --mood
            test "$tool" = selfcare; and printf "$prefix%s\n" (seq 1 10)
            return
        case --activity
            # Names may hold blanks ("balanced meal"): fish escapes what it inserts.
            test "$tool" = selfcare
            and __rekindle_rows $runner activities $dbargs | string replace -r '^' -- "$prefix"
            return
        case --category
            test "$tool" = selfcare
            and __rekindle_categories $runner categories $dbargs | string replace -r '^' -- "$prefix"
            return
        case --strength
            test "$tool" = signals
            and printf "$prefix%s\t%s\n" 1 Faint 2 'Clear (the default)' 3 Strong
            return
        case --direction
            test "$tool" = signals
            and printf "$prefix%s\t%s\n" toward 'Only signals toward you' \
                away 'Only signals away from you'
            return
        case --nature
            test "$tool" = signals
            and printf "$prefix%s\t%s\n" word 'Only things said or written' \
                action 'Only things done'
            return
        case --intensity
            test "$tool" = nocontact; and printf "$prefix%s\n" (seq 1 10)
            return
        case --wait
            test "$tool" = nocontact; and printf "$prefix%s\n" 5m 10m 20m 30m
            return
        case --by
            test "$tool" = nocontact
            and printf "$prefix%s\t%s\n" me 'I reached out' them 'They reached out' \
                both 'We both did'
            return
        case --reason
            test "$tool" = nocontact
            and printf "$prefix%s\t%s\n" completed 'It ran its course (the default)' \
                reconciled 'We reconciled' stopped 'I stopped it'
            return
        case --kind
            test "$tool" = nocontact; and printf "$prefix%s\n" urge slip unsent
            return
        case '?*'
            return
    end

    if test $dashdash -eq 0; and string match -q -- '-*' $cur
        printf '%s\t%s\n' \
            --db 'Database file' \
            --config 'Config file' \
            --format 'Output format: table, tsv, csv, json, jsonl' \
            --color 'Colour: auto, always, never' \
            -q 'Print no notes on stderr' --quiet 'Print no notes on stderr' \
            -h 'Print help and exit' --help 'Print help and exit' \
            --version 'Print the version and exit'
        switch "$own"
            case status
                printf '%s\t%s\n' --short 'One line, for a shell prompt or a status bar'
            case review
                # --week and --month exclude each other.
                contains -- --month $given
                or printf '%s\t%s\n' --week 'The calendar week holding the day (the default)'
                contains -- --week $given
                or printf '%s\t%s\n' --month 'The calendar month holding the day'
                printf '%s\t%s\n' --date 'A day within the period (default: today)' \
                    --full 'Include the whole text of each reflection'
        end
        switch "$tool:$sub"
            case checklist:check
                printf '%s\t%s\n' --note 'A note to keep with the check' --date 'When (default: now)'
            case checklist:uncheck checklist:reset
                printf '%s\t%s\n' --date 'When (default: now)'
            case checklist:new
                printf '%s\t%s\n' --title 'A longer title'
            case checklist:add
                printf '%s\t%s\n' --detail 'A one-line explanation'
                test $nargs -eq 1; and printf '%s\t%s\n' - 'Read the title from stdin'
            case checklist:rm
                printf '%s\t%s\n' -y 'Do not ask for confirmation' --yes 'Do not ask for confirmation'
            case checklist:import data:import
                test $nargs -eq 0; and printf '%s\t%s\n' - 'Read from stdin'
            case reflect:
                printf '%s\t%s\n' --theme 'The theme of the session' \
                    --editor 'Answer in $VISUAL or $EDITOR' --tag 'A tag for the entry'
            case reflect:incident
                printf '%s\t%s\n' --editor 'Answer in $VISUAL or $EDITOR' --tag 'A tag for the entry'
            case reflect:add
                test $nargs -eq 0; and printf '%s\t%s\n' - 'Read the text from stdin'
                printf '%s\t%s\n' --prompt 'The prompt this answers' --theme 'The theme of free text' \
                    --tag 'A tag (may be repeated)' --date 'When it is about (default: now)'
            case reflect:list
                printf '%s\t%s\n' --since 'From this day on' --until 'Up to and including this day' \
                    --theme 'Only this theme' --tag 'Only entries with this tag' --limit 'At most N entries'
            case reflect:show
                printf '%s\t%s\n' --revisions 'Also show its earlier versions'
            case reflect:rm
                printf '%s\t%s\n' -y 'Do not ask for confirmation' --yes 'Do not ask for confirmation'
            case reflect:search
                printf '%s\t%s\n' --limit 'At most N hits (default: 20)'
            case reflect:prompts
                printf '%s\t%s\n' --theme 'Only this theme'
            case reflect:import
                test $nargs -eq 0; and printf '%s\t%s\n' - 'Read from stdin'
                printf '%s\t%s\n' --from "Read another program's file: jrnl"
            case nocontact:start
                printf '%s\t%s\n' --days "Its length in days (default: 30, or the config's)" \
                    --date 'The day it began (default: now)' --note 'A few words to start with'
            case nocontact:urge
                test $nargs -eq 0; and printf '%s\t%s\n' - 'Read the text from stdin'
                printf '%s\t%s\n' --intensity 'How strong it was, 1 to 10' \
                    --trigger 'What set it off' --date 'When (default: now)' \
                    --wait 'Wait it out (such as 10m), then say whether it passed'
            case nocontact:slip
                test $nargs -eq 0; and printf '%s\t%s\n' - 'Read the text from stdin'
                printf '%s\t%s\n' --by 'Who reached out: me, them or both' \
                    --lesson 'What you learned' --date 'When (default: now)'
            case nocontact:unsent
                test $nargs -eq 0; and printf '%s\t%s\n' - 'Read the message from stdin'
            case nocontact:end
                printf '%s\t%s\n' --reason 'completed (the default), reconciled or stopped' \
                    --note 'A few words on how it went'
            case nocontact:log
                printf '%s\t%s\n' --since 'From this day on' --until 'Up to and including this day' \
                    --kind 'Only urge, slip or unsent'
            case nocontact:rm
                printf '%s\t%s\n' -y 'Do not ask for confirmation' --yes 'Do not ask for confirmation'
            case nocontact:chart
                printf '%s\t%s\n' --sparkline 'One line instead of a calendar' \
                    --days 'How many days back (default: 90)'
            case nocontact:import
                test $nargs -eq 0; and printf '%s\t%s\n' - 'Read from stdin'
            case selfcare:log
                test $nargs -eq 1; and printf '%s\t%s\n' - 'Read the note from stdin'
                printf '%s\t%s\n' --minutes 'How long, in minutes (0 to 10080)' \
                    --mood 'How you feel, 1 to 10' --date 'The day it was (default: today)' \
                    --tag 'A tag (may be repeated)' \
                    --new 'Add the activity as one of your own (with --category)' \
                    --category 'The category of a --new activity'
            case selfcare:mood
                test $nargs -eq 1; and printf '%s\t%s\n' - 'Read the note from stdin'
                printf '%s\t%s\n' --date 'The day it was (default: today)'
            case selfcare:list
                printf '%s\t%s\n' --since 'From this day on' --until 'Up to and including this day' \
                    --category 'Only this category' --activity 'Only this activity' \
                    --tag 'Only entries with this tag' --limit 'Only the newest N entries'
            case selfcare:streak
                printf '%s\t%s\n' --category 'Only this category'
            case selfcare:rm
                printf '%s\t%s\n' -y 'Do not ask for confirmation' --yes 'Do not ask for confirmation'
            case selfcare:report
                printf '%s\t%s\n' --week 'This week so far (the default)' \
                    --month 'This calendar month so far' --year 'This calendar year so far' \
                    --since 'From this day to today'
            case selfcare:import
                test $nargs -eq 0; and printf '%s\t%s\n' - 'Read from stdin'
                printf '%s\t%s\n' --from "Read another program's export: daylio"
            case signals:log
                test $nargs -eq 1; and printf '%s\t%s\n' - 'Read the text from stdin'
                printf '%s\t%s\n' --date 'When (default: now)' \
                    --strength 'How clear it was: 1, 2 (the default) or 3'
            case signals:list
                printf '%s\t%s\n' --since 'From this day on' \
                    --direction 'Only toward or away' --nature 'Only word or action'
            case signals:rm
                printf '%s\t%s\n' -y 'Do not ask for confirmation' --yes 'Do not ask for confirmation'
            case signals:score
                printf '%s\t%s\n' --window 'Days of signals to read (default: 90)' \
                    --date 'Read as of this day (default: today)'
            case signals:trend
                printf '%s\t%s\n' --weeks 'How many weeks back (default: 12)'
            case signals:import
                test $nargs -eq 0; and printf '%s\t%s\n' - 'Read from stdin'
        end
        return
    end

    # status and review take no arguments.
    test -n "$own"; and return

    if test -z "$sub"
        if test "$tool" = checklist
            printf '%s\t%s\n' \
                list 'Show every list with its progress (the default)' \
                show 'Show the items of one list' \
                check 'Tick items off' \
                uncheck 'Mark items as not done again' \
                reset 'Uncheck every item of a list; history is kept' \
                new 'Make a list of your own' \
                add 'Add an item to a list' \
                rm 'Remove a list of your own, or an item you added' \
                progress 'Show progress overall and per list' \
                history 'Show every check, uncheck and reset' \
                export 'Write everything as JSON Lines to stdout' \
                import 'Read JSON Lines written by export (all or nothing)'
        else if test "$tool" = reflect
            printf '%s\t%s\n' \
                incident 'Look closely at one moment that went wrong' \
                add 'Write one answer, or free text, without a session' \
                list 'Show entries, newest first' \
                show 'Show one entry with its questions and answers' \
                edit 'Change an entry in the editor; the old text is kept' \
                rm 'Remove an entry (it stays in export)' \
                answers 'Every answer ever given to one prompt' \
                search 'Search everything written (FTS5 syntax)' \
                prompts 'Show the prompts and how often each was answered' \
                stats 'Entries and words per theme, month and tag' \
                export 'Write everything as JSON Lines (or Markdown)' \
                import 'Read JSON Lines written by export (all or nothing)'
        else if test "$tool" = nocontact
            printf '%s\t%s\n' \
                start 'Start a period of no contact' \
                status 'Day N, the streak, urges and the next milestone' \
                urge 'Record an urge to reach out that you did not act on' \
                slip 'Record contact that happened, and what it taught' \
                unsent 'Keep a message you wanted to send and did not' \
                end 'End the running period' \
                history 'Every period: its days, streaks, slips, urges' \
                log 'Urges, slips and unsent messages, oldest first' \
                rm 'Remove an urge, slip or unsent message (kept in export)' \
                milestones 'The milestone days, reached and to come' \
                chart 'Urges per day as a calendar heatmap' \
                export 'Write everything as JSON Lines to stdout' \
                import 'Read JSON Lines written by export (all or nothing)'
        else if test "$tool" = selfcare
            printf '%s\t%s\n' \
                log 'Log an activity you did for yourself' \
                mood 'A mood check-in, 1 to 10' \
                goals "This week's progress on each goal" \
                list 'Entries and mood check-ins, oldest first' \
                activities 'Every activity, with how often and when it was last done' \
                categories 'Every category and how many activities it holds' \
                streak 'The current and longest run of days with an entry' \
                rm 'Hide an entry (it stays in export)' \
                report 'This week, month or year: totals, goals, mood and its trend' \
                export 'Write your own activities and every entry as JSON Lines' \
                import 'Read JSON Lines written by export, or a Daylio CSV export'
        else if test "$tool" = signals
            printf '%s\t%s\n' \
                log 'Record a signal' \
                list 'Signals, oldest first' \
                kinds 'The kinds of signal, with direction and weight' \
                rm 'Remove a signal (kept in export)' \
                score 'The reading: words, actions and the balance (the default)' \
                trend 'The reading week by week' \
                export 'Write your signals as JSON Lines to stdout' \
                import 'Read JSON Lines written by export (all or nothing)'
        else
            __rekindle_help_section Subcommands: $runner
        end
        return
    end

    if test "$tool" = data
        test "$sub:$nargs" = import:0; and __fish_complete_path (__rekindle_expand $cur)
        return
    end
    if test "$tool" = reflect
        switch $sub:$nargs
            case show:0 edit:0 rm:0
                __rekindle_rows $runner list --limit 50 $dbargs
            case answers:0
                __rekindle_prompts $runner prompts $dbargs
            case import:0
                __fish_complete_path (__rekindle_expand $cur)
        end
        return
    end
    if test "$tool" = nocontact
        switch $sub:$nargs
            case rm:0
                __rekindle_log_ids $runner log $dbargs
            case import:0
                __fish_complete_path (__rekindle_expand $cur)
        end
        return
    end
    if test "$tool" = selfcare
        switch $sub:$nargs
            case log:0 streak:0
                # Names may hold blanks ("balanced meal"): fish escapes what it inserts.
                __rekindle_rows $runner activities $dbargs
            case mood:0
                seq 1 10
            case rm:0
                __rekindle_selfcare_ids $runner list --limit 50 $dbargs
            case import:0
                __fish_complete_path (__rekindle_expand $cur)
        end
        return
    end
    if test "$tool" = signals
        switch $sub:$nargs
            case log:0
                __rekindle_signal_kinds $runner kinds $dbargs
            case rm:0
                __rekindle_signal_ids $runner list $dbargs
            case import:0
                __fish_complete_path (__rekindle_expand $cur)
        end
        return
    end
    test "$tool" = checklist; or return
    switch $sub:$nargs
        case show:0 check:0 uncheck:0 reset:0 add:0 rm:0 history:0
            __rekindle_rows $runner list $dbargs
        case 'check:*' 'uncheck:*' rm:1
            __rekindle_rows $runner show (__rekindle_expand $args[1]) $dbargs
        case import:0
            __fish_complete_path (__rekindle_expand $cur)
    end
end
