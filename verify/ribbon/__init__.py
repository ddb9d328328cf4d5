"""Numerics of the hyper-ribbon theory: trajectories, Bhattacharyya distances, inPCA, population matrices."""
