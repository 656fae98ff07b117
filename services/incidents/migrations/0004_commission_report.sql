-- Whether the election's profile has the bitácora reported to the institute's transparency
-- commission (003 §34): its period report is then addressed to the commission.
ALTER TABLE elections ADD COLUMN report_to_commission boolean NOT NULL DEFAULT false;
