"""Work across the cases of a project: new cases, actions, consents, pseudonyms, deletion."""
