"""Models: base-model resolution, training, evaluation, model cards and export."""
