"""Assessment rounds, invitations and the respondent's journey through a personal link."""
