"""The shipped classifier (:mod:`.classifier`), its features (:mod:`.features`), the
fitting library (:mod:`.fit`) and the metrics (:mod:`.metrics`)."""

from .classifier import ModelError, SpamModel, default_model_dir, load_default_model, load_model

__all__ = ["ModelError", "SpamModel", "default_model_dir", "load_default_model", "load_model"]
