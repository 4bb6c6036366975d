"""document-classifier: a support-ticket classifier whose serving and monitoring code changes
faster than its model. The model is trained once; the code must keep passing its tests against
the current champion."""

MODEL_NAME = "document-classifier"
CLASSES = ("account", "billing", "shipping", "technical")
