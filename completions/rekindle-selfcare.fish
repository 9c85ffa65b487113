# fish completion for rekindle-selfcare (also reached as `rekindle selfcare`); the work is
# done by __rekindle_complete, autoloaded from vendor_functions.d.
complete -c rekindle-selfcare -f -k -a '(__rekindle_complete)'
