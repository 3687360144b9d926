"""Content in the database: versions made from files or in the browser, import and export."""
