-- Until now the stats worker skipped the day rows of a user who had moved to another zone than the one they
-- were built for, but left them marked as built: a user who moved back saw rows without the events of that
-- time, and the call counts now read those rows. Forgetting every user's zone makes the next read rebuild
-- them from the 15-minute rollups (the worker now forgets them itself when it skips them).
UPDATE user_stats SET day_zone = NULL;
