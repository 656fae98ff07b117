CREATE TABLE pings (
    id      uuid PRIMARY KEY,
    batch   text NOT NULL,
    number  int  NOT NULL
);
