"""Output formats: pure functions from analyses and findings to text, one module per report."""
