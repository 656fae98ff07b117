-- A change request received on paper at the oficialía de partes (000 §5.4) or by e-mail
-- (001 §31, 002 §II.C, 003 §30, 004 §31), entered by the institute's administration for
-- the party: how it arrived, who presented it, and when the institute received it, the
-- moment its due day counts from. A request filed through the system was received when
-- it was filed.
ALTER TABLE change_requests
    ADD COLUMN received_via text,          -- ChangeRequestChannel; NULL: filed in the system
    ADD COLUMN presented_by text,          -- who presented it, as the admin wrote it
    ADD COLUMN received_at timestamptz;
UPDATE change_requests SET received_at = filed_at;
ALTER TABLE change_requests ALTER COLUMN received_at SET NOT NULL;
