-- Whether the election's profile has the bitácora reported to the institute's
-- transparency commission (003 §34).
ALTER TABLE elections ADD COLUMN reported_to_commission boolean NOT NULL DEFAULT false;
