create table if not exists note (
    id integer primary key autoincrement,
    body text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
