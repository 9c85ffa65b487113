# fish completion for rekindle-data (also reached as `rekindle export` and `rekindle import`);
# the work is done by __rekindle_complete, autoloaded from vendor_functions.d.
complete -c rekindle-data -f -k -a '(__rekindle_complete)'
