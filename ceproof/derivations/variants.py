"""Convex variants of cross-entropy: soft labels, label smoothing, class weights, temperature, …"""

LOSSES = ()
