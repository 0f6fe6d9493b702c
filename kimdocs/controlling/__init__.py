"""Reports across cases (controlling): figures from the documents, suppression, charts."""
