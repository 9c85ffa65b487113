# fish completion for rekindle; the work is done by __rekindle_complete, autoloaded from
# vendor_functions.d (completions/__rekindle_complete.fish in the source tree).
complete -c rekindle -f -k -a '(__rekindle_complete)'
