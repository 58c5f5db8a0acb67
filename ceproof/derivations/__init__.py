"""Derivations: the steps of each proof, written as claims for the checker."""
