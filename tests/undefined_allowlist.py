"""Statement symbols not yet declared as quantities (issue 10), by claim: the allow-list, now empty.

Each entry would be a symbol of a catalogue statement (or of a definition it reaches) that is neither a parameter
nor a declared ``theory.quantity.Quantity``.  Every symbol of every statement is declared; never add an entry.
"""
UNDEFINED = {}
