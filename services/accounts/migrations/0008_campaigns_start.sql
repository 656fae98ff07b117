-- The start of the campaigns from the election's calendar: parties designate their
-- supervisor before it (000 §4.1, 001 §24, 002 §II.B.1, 003 §23, 004 §24).
ALTER TABLE elections ADD COLUMN campaigns_start date;
