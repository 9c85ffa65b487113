# fish completion for rekindle-signals (also reached as `rekindle signals`); the work is
# done by __rekindle_complete, autoloaded from vendor_functions.d.
complete -c rekindle-signals -f -k -a '(__rekindle_complete)'
