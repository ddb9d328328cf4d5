"""Statement symbols not yet declared as quantities (issue 10), by claim: a shrinking allow-list.

Each entry is a symbol of a catalogue statement (or of a definition it reaches) that is neither a parameter nor a
declared ``theory.quantity.Quantity``.  Declare the quantity and delete its entry; never add one.
28 symbols in 8 claims remain.
"""
UNDEFINED = {}
