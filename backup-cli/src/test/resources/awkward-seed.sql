-- Content that trips up naive dump/restore code. Used by the PostgreSQL round-trip tests.
create schema "Sales";
create schema inventory;
create type inventory.status as enum ('new', 'in stock', 'gone');
create table "Sales"."Customer" (
    id bigserial primary key,
    "Name" text not null,
    email text unique,
    note text,
    created timestamptz not null default '2026-01-02 03:04:05+00'
);
create table inventory.item (
    id serial primary key,
    sku text not null,
    status inventory.status,
    photo bytea,
    price numeric(12, 2),
    attrs jsonb
);
create table "Sales"."Order Line" (
    "Id" bigint generated always as identity primary key,
    customer_id bigint references "Sales"."Customer" (id),
    item_id int references inventory.item (id) on delete cascade,
    qty int check (qty > 0),
    "Quoted ""Col""" text
);
create table public."MixedCase" ("camelCol" int, "UPPER" text);
create table public.empty_table (id int);
create table public.big (id int primary key, payload bytea, txt text);
create index item_sku_idx on inventory.item (sku);
create index on "Sales"."Order Line" (customer_id, qty desc);
create view "Sales".big_orders as select * from "Sales"."Order Line" where qty > 5;
create sequence public.ticket_seq start 1000;
select nextval('public.ticket_seq') from generate_series(1, 37);
comment on table inventory.item is 'Items, with ümlauts and ''quotes''';
create function inventory.price_with_tax(p numeric) returns numeric language sql immutable as $$ select p * 1.19 $$;

insert into "Sales"."Customer" ("Name", email, note) values
    ('Zoë Ω', 'z@example.com', null),
    ('李小龙', null, E'emoji 🎉 and tab\t and backslash \\'),
    ('O''Brien', 'ob@example.com', E'line1\nline2\r\n'),
    ('', 'empty@example.com', '');
insert into inventory.item (sku, status, photo, price, attrs)
select 'SKU-' || g,
       (array['new', 'in stock', 'gone'])[1 + g % 3]::inventory.status,
       case when g % 4 = 0 then null else decode(md5(g::text), 'hex') || '\x00ff00'::bytea end,
       case when g % 7 = 0 then null else g * 1.25 end,
       jsonb_build_object('g', g, 'name', 'ü' || g, 'nested', jsonb_build_array(1, null, 'x'))
from generate_series(1, 2000) g;
insert into "Sales"."Order Line" (customer_id, item_id, qty, "Quoted ""Col""")
select 1 + g % 4, 1 + g % 2000, 1 + g % 10, case when g % 5 = 0 then null else 'v' || g end
from generate_series(1, 5000) g;
insert into public."MixedCase" values (1, 'A'), (null, null), (-2147483648, 'ÄÖÜ');
-- One row over 5 MB: 6.4 MB of incompressible bytes.
insert into public.big
select 1, string_agg(decode(md5(g::text), 'hex'), ''::bytea order by g), repeat('x', 10)
from generate_series(1, 400000) g;
select lo_from_bytea(0, convert_to('large object content ' || repeat('abc', 10000), 'UTF8'));
