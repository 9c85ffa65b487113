# fish completion for rekindle-nocontact (also reached as `rekindle nocontact`); the work is
# done by __rekindle_complete, autoloaded from vendor_functions.d.
complete -c rekindle-nocontact -f -k -a '(__rekindle_complete)'
