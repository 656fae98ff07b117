-- Deliberately no unique key on event_id: a duplicate effect must show up as a second row.
CREATE TABLE received (
    row_id   bigserial PRIMARY KEY,
    event_id uuid NOT NULL,
    batch    text NOT NULL,
    number   int  NOT NULL
);
