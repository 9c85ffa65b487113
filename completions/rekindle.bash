# bash completion for rekindle and its tools                  -*- shell-script -*-
#
# Serves `rekindle <tool> ...`, the dispatcher's own `rekindle status` and
# `rekindle review`, and the dashed tools (`rekindle-checklist ...`,
# `rekindle-reflect ...`, `rekindle-nocontact ...`, `rekindle-selfcare ...`,
# `rekindle-signals ...`).
# Installed as share/bash-completion/completions/rekindle and, because
# bash-completion loads completions by command name, once more under the name
# of each dashed tool.
#
# Tool names are not hard-coded: they come from the "tools:" section of
# `rekindle --help`. List names, item numbers, reflection themes, prompt ids,
# entry numbers, the ids of nocontact's log, selfcare's activities, categories and
# entry ids, and the kinds and ids of signals come from the user's database and config,
# read by running the tool itself
# (through the `rekindle` being completed, so the tool next to it is used),
# passing on any --db/--config on the line.

# Print the names listed in one section of a help text ("tools:" of the
# dispatcher, "Subcommands:" of a tool): the lines after HEADER that start with
# two spaces, up to the first blank line.
# usage: _rekindle_help_section HEADER COMMAND [ARGS...]
_rekindle_help_section()
{
    local header=$1 line inside=
    shift
    while IFS= read -r line; do
        if [[ -z $inside ]]; then
            [[ $line == "$header" ]] && inside=1
            continue
        fi
        [[ -z ${line//[[:space:]]/} ]] && break
        [[ $line =~ ^\ \ ([[:alnum:]][[:alnum:]_-]*)([[:space:]]|$) ]] &&
            printf '%s\n' "${BASH_REMATCH[1]}"
    done < <("$@" --help 2>/dev/null)
}

# Undo the simple quoting a user types on the line ('x', "x", \x, ~/x).
_rekindle_unquote()
{
    local w=$1 out='' i c
    case $w in
        \'*\') w=${w:1:${#w}-2} ;;
        \"*\") w=${w:1:${#w}-2} ;;
        *)
            for ((i = 0; i < ${#w}; i++)); do
                c=${w:i:1}
                if [[ $c == \\ ]]; then
                    ((i++))
                    c=${w:i:1}
                fi
                out+=$c
            done
            w=$out
            ;;
    esac
    # shellcheck disable=SC2088 # a literal ~ typed on the line
    [[ $w == '~' || $w == '~/'* ]] && w=$HOME${w:1}
    printf '%s' "$w"
}

# Print the first column of a tool's TSV output, without its header line.
# Uses the caller's `runner` and `dbargs` arrays.
_rekindle_first_column()
{
    local line header=1
    while IFS= read -r line; do
        if [[ -n $header ]]; then
            header=
            continue
        fi
        [[ -n $line ]] && printf '%s\n' "${line%%$'\t'*}"
    done < <("${runner[@]}" "$@" --format tsv -q "${dbargs[@]}" 2>/dev/null)
}

# Print each theme of reflect's prompts once, in the order `prompts` gives them
# (its second column). Uses the caller's `runner` and `dbargs` arrays.
_rekindle_themes()
{
    local line theme header=1
    local -A seen=()
    while IFS= read -r line; do
        if [[ -n $header ]]; then
            header=
            continue
        fi
        [[ $line == *$'\t'* ]] || continue
        theme=${line#*$'\t'}
        theme=${theme%%$'\t'*}
        [[ -n $theme && -z ${seen[$theme]-} ]] || continue
        seen[$theme]=1
        printf '%s\n' "$theme"
    done < <("${runner[@]}" prompts --format tsv -q "${dbargs[@]}" 2>/dev/null)
}

# Reply with the first column of a tool's TSV output, as _rekindle_first_column reads it,
# for values that may hold blanks or other characters special to the shell (selfcare's
# activity and category names, such as "balanced meal"). They are matched against the
# word as typed, unquoted, and put on the line quoted the way the word was begun: inside
# an open ' or " as they are (readline closes the quote), otherwise escaped with
# backslashes. Uses the caller's `cur`, `runner` and `dbargs`.
_rekindle_reply_names()
{
    local name typed quoted=
    local -a names
    # cur is the whole word, a ":" included (_init_completion -n : below).
    case $cur in
        \'* | \"*)
            quoted=1
            typed=${cur:1}
            ;;
        *)
            # Only the backslashes: a name may well start with ~.
            typed=${cur//\\\\/$'\1'}
            typed=${typed//\\/}
            typed=${typed//$'\1'/\\}
            ;;
    esac
    mapfile -t names < <(_rekindle_first_column "$@")
    COMPREPLY=()
    for name in "${names[@]}"; do
        [[ $name == "$typed"* ]] || continue
        [[ -n $quoted ]] || printf -v name '%q' "$name"
        COMPREPLY+=("$name")
    done
    [[ -z $quoted ]] && _rekindle_ltrim_colon
}

# The words hold a ":" (see _init_completion below), but readline replaces only what
# follows the last ":" of the word being completed: drop what comes before it.
_rekindle_ltrim_colon()
{
    [[ $cur == *:* ]] && declare -F __ltrim_colon_completions >/dev/null &&
        __ltrim_colon_completions "$cur"
}

_rekindle_reply_words()
{
    local IFS=$' \t\n'
    mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

_rekindle_reply_files()
{
    if declare -F _filedir >/dev/null; then
        _filedir
    else
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    _rekindle_ltrim_colon
}

_rekindle()
{
    local cur prev words cword split=false
    if declare -F _init_completion >/dev/null; then
        # A ":" does not split a word: a selfcare activity or a --db path may hold one.
        _init_completion -s -n : || return
    else
        # Without bash-completion: glue "--opt" "=" "value" back together, as
        # `_init_completion -s` does, then split the word being completed.
        local i w
        words=()
        cword=0
        for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
            w=${COMP_WORDS[i]}
            if [[ $w == = ]] && ((${#words[@]} > 0)) && [[ ${words[-1]} == -* ]]; then
                words[-1]+='='
                if ((i < COMP_CWORD)); then
                    ((i++))
                    words[-1]+=${COMP_WORDS[i]}
                fi
            else
                words+=("$w")
            fi
            ((i <= COMP_CWORD)) && cword=$((${#words[@]} - 1))
        done
        cur=${words[cword]}
        prev=${words[cword - 1]}
        if [[ $cur == -*=* ]]; then
            prev=${cur%%=*}
            cur=${cur#*=}
            split=true
        fi
    fi
    COMPREPLY=()

    local exe
    exe=$(_rekindle_unquote "${words[0]}")
    # own: `status` or `review`, the dispatcher's own commands (no tool runs them).
    local base=${exe##*/} tool offset own=''
    local -a runner dbargs=() args=()

    case $base in
        rekindle)
            if ((cword == 1)); then
                if [[ $cur == -* ]]; then
                    _rekindle_reply_words '-h --help --version'
                else
                    _rekindle_reply_words "$(_rekindle_help_section tools: "$exe") status review export import help"
                fi
                return
            fi
            case ${words[1]} in
                help)
                    ((cword == 2)) &&
                        _rekindle_reply_words "$(_rekindle_help_section tools: "$exe") status review export import"
                    return
                    ;;
                -*) return ;;
                status | review)
                    # Only options follow, the common ones among them.
                    own=${words[1]}
                    tool=
                    offset=2
                    ;;
                export | import)
                    # The data tool's two commands, given straight to the dispatcher.
                    tool=data
                    offset=1
                    runner=("$exe" data)
                    ;;
                *)
                    tool=${words[1]}
                    offset=2
                    runner=("$exe" "$tool")
                    ;;
            esac
            ;;
        rekindle-?*)
            tool=${base#rekindle-}
            offset=1
            runner=("$exe")
            ;;
        *) return ;;
    esac

    # Walk the words before the cursor: find the subcommand, its positional
    # arguments, and the --db/--config to pass on.
    local i w sub='' dashdash='' given=' '
    for ((i = offset; i < cword; i++)); do
        w=${words[i]}
        if [[ -z $dashdash ]]; then
            case $w in
                --)
                    dashdash=1
                    continue
                    ;;
                --db | --config)
                    ((i + 1 < cword)) && dbargs+=("$w" "$(_rekindle_unquote "${words[i + 1]}")")
                    ((i++))
                    continue
                    ;;
                --db=* | --config=*)
                    dbargs+=("${w%%=*}" "$(_rekindle_unquote "${w#*=}")")
                    continue
                    ;;
                --format | --color | --note | --date | --title | --detail | \
                    --theme | --tag | --prompt | --since | --until | --limit | --from | \
                    --days | --intensity | --trigger | --wait | --by | --lesson | --reason | --kind | \
                    --minutes | --mood | --category | --activity | --strength | --direction | \
                    --nature | --window | --weeks)
                    ((i++))
                    continue
                    ;;
                -*)
                    given+="$w "
                    continue
                    ;;
            esac
        fi
        if [[ -z $sub ]]; then
            sub=$w
        else
            args+=("$(_rekindle_unquote "$w")")
        fi
    done
    local nargs=${#args[@]}

    if [[ -z $dashdash ]]; then
        case $prev in
            --db | --config)
                _rekindle_reply_files
                return
                ;;
            --format)
                if [[ $own == review ]]; then
                    # A review is a document: Markdown (table) or JSON, never a table of rows.
                    _rekindle_reply_words 'table json jsonl'
                elif [[ $tool:$sub == reflect:export ]]; then
                    _rekindle_reply_words 'jsonl md'
                elif [[ $tool:$sub == nocontact: || $tool:$sub == nocontact:milestones ]]; then
                    # iCalendar is for the milestones only.
                    _rekindle_reply_words 'table tsv csv json jsonl ics'
                else
                    _rekindle_reply_words 'table tsv csv json jsonl'
                fi
                return
                ;;
            --color)
                _rekindle_reply_words 'auto always never'
                return
                ;;
            --theme)
                [[ $tool == reflect ]] && _rekindle_reply_words "$(_rekindle_themes)"
                return
                ;;
            --prompt)
                [[ $tool == reflect ]] && _rekindle_reply_words "$(_rekindle_first_column prompts)"
                return
                ;;
            --from)
                if [[ $tool == reflect ]]; then
                    _rekindle_reply_words 'jrnl'
                elif [[ $tool == selfcare ]]; then
                    _rekindle_reply_words 'daylio'
                fi
                return
                ;;
            --mood)
                [[ $tool == selfcare ]] && _rekindle_reply_words '1 2 3 4 5 6 7 8 9 10'
                return
                ;;
            --activity)
                [[ $tool == selfcare ]] && _rekindle_reply_names activities
                return
                ;;
            --category)
                [[ $tool == selfcare ]] && _rekindle_reply_names categories
                return
                ;;
            --strength)
                [[ $tool == signals ]] && _rekindle_reply_words '1 2 3'
                return
                ;;
            --direction)
                [[ $tool == signals ]] && _rekindle_reply_words 'toward away'
                return
                ;;
            --nature)
                [[ $tool == signals ]] && _rekindle_reply_words 'word action'
                return
                ;;
            --intensity)
                [[ $tool == nocontact ]] && _rekindle_reply_words '1 2 3 4 5 6 7 8 9 10'
                return
                ;;
            --wait)
                [[ $tool == nocontact ]] && _rekindle_reply_words '5m 10m 20m 30m'
                return
                ;;
            --by)
                [[ $tool == nocontact ]] && _rekindle_reply_words 'me them both'
                return
                ;;
            --reason)
                [[ $tool == nocontact ]] && _rekindle_reply_words 'completed reconciled stopped'
                return
                ;;
            --kind)
                [[ $tool == nocontact ]] && _rekindle_reply_words 'urge slip unsent'
                return
                ;;
            --note | --date | --title | --detail | --tag | --since | --until | --limit | \
                --days | --trigger | --lesson | --minutes | --window | --weeks)
                return
                ;;
        esac
        [[ $split == true ]] && return

        if [[ $cur == -* ]]; then
            local opts='--db --config --format --color -q --quiet -h --help --version'
            case $own in
                status) opts+=' --short' ;;
                review)
                    # --week and --month exclude each other.
                    [[ $given == *' --month '* ]] || opts+=' --week'
                    [[ $given == *' --week '* ]] || opts+=' --month'
                    opts+=' --date --full'
                    ;;
            esac
            case $tool:$sub in
                checklist:check) opts+=' --note --date' ;;
                checklist:uncheck | checklist:reset) opts+=' --date' ;;
                checklist:new) opts+=' --title' ;;
                checklist:add) ((nargs == 1)) && opts+=' -'; opts+=' --detail' ;;
                checklist:rm) opts+=' -y --yes' ;;
                checklist:import | data:import) ((nargs == 0)) && opts+=' -' ;;
                reflect:) opts+=' --theme --editor --tag' ;;
                reflect:incident) opts+=' --editor --tag' ;;
                reflect:add) ((nargs == 0)) && opts+=' -'; opts+=' --prompt --theme --tag --date' ;;
                reflect:list) opts+=' --since --until --theme --tag --limit' ;;
                reflect:show) opts+=' --revisions' ;;
                reflect:rm) opts+=' -y --yes' ;;
                reflect:search) opts+=' --limit' ;;
                reflect:prompts) opts+=' --theme' ;;
                reflect:import) ((nargs == 0)) && opts+=' -'; opts+=' --from' ;;
                nocontact:start) opts+=' --days --date --note' ;;
                nocontact:urge) ((nargs == 0)) && opts+=' -'; opts+=' --intensity --trigger --date --wait' ;;
                nocontact:slip) ((nargs == 0)) && opts+=' -'; opts+=' --by --lesson --date' ;;
                nocontact:unsent | nocontact:import) ((nargs == 0)) && opts+=' -' ;;
                nocontact:end) opts+=' --reason --note' ;;
                nocontact:log) opts+=' --since --until --kind' ;;
                nocontact:rm) opts+=' -y --yes' ;;
                nocontact:chart) opts+=' --sparkline --days' ;;
                selfcare:log) ((nargs == 1)) && opts+=' -'; opts+=' --minutes --mood --date --tag --new --category' ;;
                selfcare:mood) ((nargs == 1)) && opts+=' -'; opts+=' --date' ;;
                selfcare:list) opts+=' --since --until --category --activity --tag --limit' ;;
                selfcare:streak) opts+=' --category' ;;
                selfcare:rm) opts+=' -y --yes' ;;
                selfcare:report) opts+=' --week --month --year --since' ;;
                selfcare:import) ((nargs == 0)) && opts+=' -'; opts+=' --from' ;;
                signals:log) ((nargs == 1)) && opts+=' -'; opts+=' --date --strength' ;;
                signals:list) opts+=' --since --direction --nature' ;;
                signals:rm) opts+=' -y --yes' ;;
                signals:score) opts+=' --window --date' ;;
                signals:trend) opts+=' --weeks' ;;
                signals:import) ((nargs == 0)) && opts+=' -' ;;
            esac
            _rekindle_reply_words "$opts"
            return
        fi
    fi

    # status and review take no arguments.
    [[ -n $own ]] && return

    if [[ -z $sub ]]; then
        if [[ $tool == checklist ]]; then
            _rekindle_reply_words 'list show check uncheck reset new add rm progress history export import'
        elif [[ $tool == reflect ]]; then
            _rekindle_reply_words 'incident add list show edit rm answers search prompts stats export import'
        elif [[ $tool == nocontact ]]; then
            _rekindle_reply_words 'start status urge slip unsent end history log rm milestones chart export import'
        elif [[ $tool == selfcare ]]; then
            _rekindle_reply_words 'log mood goals list activities categories streak rm report export import'
        elif [[ $tool == signals ]]; then
            _rekindle_reply_words 'log list kinds rm score trend export import'
        else
            _rekindle_reply_words "$(_rekindle_help_section Subcommands: "${runner[@]}")"
        fi
        return
    fi

    if [[ $tool == data ]]; then
        [[ $sub:$nargs == import:0 ]] && _rekindle_reply_files
        return
    fi
    if [[ $tool == reflect ]]; then
        case $sub:$nargs in
            show:0 | edit:0 | rm:0)
                _rekindle_reply_words "$(_rekindle_first_column list --limit 50)"
                ;;
            answers:0)
                _rekindle_reply_words "$(_rekindle_first_column prompts)"
                ;;
            import:0)
                _rekindle_reply_files
                ;;
        esac
        return
    fi
    if [[ $tool == nocontact ]]; then
        case $sub:$nargs in
            rm:0)
                _rekindle_reply_words "$(_rekindle_first_column log)"
                ;;
            import:0)
                _rekindle_reply_files
                ;;
        esac
        return
    fi
    if [[ $tool == selfcare ]]; then
        case $sub:$nargs in
            log:0 | streak:0)
                _rekindle_reply_names activities
                ;;
            mood:0)
                _rekindle_reply_words '1 2 3 4 5 6 7 8 9 10'
                ;;
            rm:0)
                _rekindle_reply_words "$(_rekindle_first_column list --limit 50)"
                ;;
            import:0)
                _rekindle_reply_files
                ;;
        esac
        return
    fi
    if [[ $tool == signals ]]; then
        case $sub:$nargs in
            log:0)
                _rekindle_reply_words "$(_rekindle_first_column kinds)"
                ;;
            rm:0)
                _rekindle_reply_words "$(_rekindle_first_column list)"
                ;;
            import:0)
                _rekindle_reply_files
                ;;
        esac
        return
    fi
    [[ $tool == checklist ]] || return
    case $sub:$nargs in
        show:0 | check:0 | uncheck:0 | reset:0 | add:0 | rm:0 | history:0)
            _rekindle_reply_words "$(_rekindle_first_column list)"
            ;;
        check:* | uncheck:* | rm:1)
            _rekindle_reply_words "$(_rekindle_first_column show "${args[0]}")"
            ;;
        import:0)
            _rekindle_reply_files
            ;;
    esac
} &&
    complete -F _rekindle rekindle rekindle-checklist rekindle-data rekindle-reflect rekindle-nocontact \
        rekindle-selfcare rekindle-signals

# ex: filetype=sh
