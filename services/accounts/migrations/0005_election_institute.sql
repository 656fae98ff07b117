-- The institute's name as the election's configuration gives it: the receipt prints it.
ALTER TABLE elections ADD COLUMN institute text;
