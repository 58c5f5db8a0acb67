"""Renderers: terminal (rich), JSON; each reads a checked Proof and never redoes the math."""
