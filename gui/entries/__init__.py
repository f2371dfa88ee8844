"""The entry list panel and its item model."""
