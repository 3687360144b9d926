"""The trainers' workspace: national variants, translations, review, drift and the status matrix."""
