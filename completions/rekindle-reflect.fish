# fish completion for rekindle-reflect (also reached as `rekindle reflect`); the work is
# done by __rekindle_complete, autoloaded from vendor_functions.d.
complete -c rekindle-reflect -f -k -a '(__rekindle_complete)'
