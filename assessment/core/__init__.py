"""What every feature stands on: configuration, database, security, i18n, templating, mail."""
