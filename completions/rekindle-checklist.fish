# fish completion for rekindle-checklist (also reached as `rekindle checklist`); the work is
# done by __rekindle_complete, autoloaded from vendor_functions.d.
complete -c rekindle-checklist -f -k -a '(__rekindle_complete)'
