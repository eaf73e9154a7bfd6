-- The registry's centroid of each commune (WGS 84 degrees), from the GSO unit lists; empty for
-- units the lists give no point (agencies, provinces, districts: an area's point is the mean of
-- its communes', computed when asked, on the map of the day asked).
ALTER TABLE units ADD COLUMN lat {real};
ALTER TABLE units ADD COLUMN lon {real};
