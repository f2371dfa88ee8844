"""Publishing the standings on paper: PDF files and printing, drawn by Qt."""
