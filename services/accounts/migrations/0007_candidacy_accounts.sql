-- Whether the election's profile gives each candidacy an account of its own (001 §9,
-- 002 §I.A.1.III). Elections mirrored before this column keep the behaviour they had.
ALTER TABLE elections ADD COLUMN candidacy_accounts boolean NOT NULL DEFAULT true;
