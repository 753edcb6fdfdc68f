"""The LanguageTool server mtlint provisions from Maven Central and runs on loopback."""
