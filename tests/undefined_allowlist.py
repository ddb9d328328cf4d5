"""Statement symbols not yet declared as quantities (issue 10), by claim: a shrinking allow-list.

Each entry is a symbol of a catalogue statement (or of a definition it reaches) that is neither a parameter nor a
declared ``theory.quantity.Quantity``.  Declare the quantity and delete its entry; never add one.
28 symbols in 8 claims remain.
"""
UNDEFINED = {
    'ribbon.gaussian_bhattacharyya': ('\\|\\Delta\\mu\\|^2', 'd_B'),
    'ribbon.gaussian_intensive': ('D', '\\|Z_i-Z_j\\|_F^2'),
    'ribbon.intensive_product': ('BC_{joint}', '\\Sigma_nd_B'),
    'ribbon.bernoulli_midpoint_series': ('c_1', 'c_2', 'c_3', 'c_4', 'c_5', 'c_6', 'v'),
    'ribbon.softmax_jensen': ('LSE_a', 'LSE_b', 'LSE_m', 'd_B'),
    'ribbon.softmax_cumulant_series': ('Q_m', '\\kappa_4', 'c_1', 'c_2', 'c_3', 'c_4'),
    'ribbon.softmax_quadratic_bound': ('L_delta', 'd_B'),
    'ribbon.softmax_remainder_bound': ('L_delta', 'Q_m', 'd_B'),
}
