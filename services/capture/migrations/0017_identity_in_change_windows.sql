-- A change request may name identity answers that may be public: approving it opens them
-- to the party, in any mode, since their answers never leave capture. What they held when
-- the window opened is kept as each person's sealed identity draft was (base64 of the
-- ciphertext, by person), never in clear; and where the institute applied the request's
-- texts at approval, the window's end completes the request as applied.
ALTER TABLE change_windows ADD COLUMN identity_before jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE change_windows ADD COLUMN texts_applied boolean NOT NULL DEFAULT false;
