"""Read models: one module per view (its projection and its queries), the
temporal table helpers every view uses, and the runner that feeds them."""
