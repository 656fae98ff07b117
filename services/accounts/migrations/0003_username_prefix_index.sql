-- User names are looked up by prefix ("pan-captura", "pan-captura-2", …) when a new one is
-- chosen; byte order (C collation) lets that be an index range scan instead of a scan of
-- every account (it made creating 100,000 candidate accounts quadratic).
CREATE INDEX accounts_username_bytes ON accounts ((username COLLATE "C"));
