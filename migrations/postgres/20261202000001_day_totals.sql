-- Day rollups gain a total row per day (model '', see db::day_rollups::ALL_MODELS). Forgetting the zone they
-- were built for makes the next series read rebuild every user's rows, totals included.
UPDATE user_stats SET day_zone = NULL;
