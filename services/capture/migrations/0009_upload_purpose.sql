-- What each upload is for (its purpose and the election or candidacy it targets): capture
-- authorises the first chunk by it before storing a byte, only the request of that purpose
-- and target takes the file, and an unfinished one expires (received_at of its last chunk).
ALTER TABLE uploads ADD COLUMN purpose text NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN target text NOT NULL DEFAULT '';
CREATE INDEX uploads_by_account ON uploads (uploaded_by);
