"""Browser tests: the report flow in Debian's chromium, driven by Playwright."""
