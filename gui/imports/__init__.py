"""File > Import timing results: the flow and its dialogs."""
