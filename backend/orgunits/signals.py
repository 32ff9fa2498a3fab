"""Signals of the administrative map, for the apps above it that keep copies of a village's commune."""

from django.dispatch import Signal

# Sent after villages were moved to another commune or closed with a successor village.
# Arguments: villages (ids: moved, closed, and their successors), communes (ids of every commune touched).
units_changed = Signal()
