"""What quadwick writes and shows: atomic files, CSV tables and figures (:mod:`.files`), and the one progress
bar of every long command (:mod:`.progress`)."""
