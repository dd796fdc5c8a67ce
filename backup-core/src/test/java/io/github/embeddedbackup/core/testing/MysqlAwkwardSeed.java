package io.github.embeddedbackup.core.testing;

import java.util.List;

/**
 * A MariaDB database full of what dumps get wrong: utf8mb4 emoji and mixed scripts, NULLs, NUL bytes,
 * blobs with every byte value, a 6 MB row, decimals, zero and edge dates, JSON, generated columns,
 * views, triggers, procedures, functions, an event, a sequence, foreign keys, a fulltext index, a
 * MyISAM table, mixed-case, reserved and quoted identifiers, AUTO_INCREMENT past the last row.
 *
 * <p>The 6 MB row becomes a 12 MB statement ({@code --hex-blob}), below the server's default
 * {@code max_allowed_packet} of 16 MB; larger rows need a larger server setting (the tools' own limit
 * is raised to 1 GB by the source and the target).
 */
public final class MysqlAwkwardSeed {

    /** Rows of each table, as the manifest must count them. */
    public static final java.util.Map<String, Long> ROWS = java.util.Map.ofEntries(
            java.util.Map.entry("customers", 3L),
            java.util.Map.entry("orders", 4L),
            java.util.Map.entry("audit", 4L),
            java.util.Map.entry("texts", 6L),
            java.util.Map.entry("blobs", 4L),
            java.util.Map.entry("big", 1L),
            java.util.Map.entry("numbers", 3L),
            java.util.Map.entry("dates", 3L),
            java.util.Map.entry("documents", 3L),
            java.util.Map.entry("articles", 2L),
            java.util.Map.entry("legacy_myisam", 2L),
            java.util.Map.entry("Mixed Case", 2L),
            java.util.Map.entry("select", 1L),
            java.util.Map.entry("we\"ird`name", 1L),
            java.util.Map.entry("counter", 5L),
            java.util.Map.entry("empty_table", 0L));

    private MysqlAwkwardSeed() {}

    public static List<String> statements() {
        return List.of(
                "create table customers (id int primary key auto_increment, name varchar(100) not null) engine=InnoDB",
                "insert into customers (name) values ('Zoë Ångström'), ('王小明'), ('O''Brien; DROP TABLE x; --')",
                "create table orders (id int primary key auto_increment, customer_id int not null, qty int not null, "
                        + "price decimal(10,2) not null, total decimal(12,2) as (qty * price) stored, "
                        + "label varchar(50) as (concat('order-', id)) virtual, "
                        + "foreign key fk_customer (customer_id) references customers(id) on delete cascade) engine=InnoDB",
                "create table audit (id bigint unsigned primary key auto_increment, what varchar(200), at_row int) engine=InnoDB",
                "create trigger orders_audit after insert on orders for each row "
                        + "insert into audit (what, at_row) values (concat('insert ', new.qty, ' × ', new.price), new.id)",
                "insert into orders (customer_id, qty, price) values (1, 2, 9.99), (2, 1, 1234567.89), (3, 7, 0.01), (1, 3, 5.00)",
                "create table texts (id int primary key auto_increment, s varchar(200) character set utf8mb4 collate utf8mb4_bin, "
                        + "t text, n int null) engine=InnoDB",
                "insert into texts (s, t, n) values ('emoji 🙂👍🏽🇩🇪 𝄞', 'Ελληνικά русский 中文 العربية עברית हिन्दी', 1), "
                        + "('quotes '' \" ` and \\\\ backslash', 'tab\there\nnewline\r\nCRLF', NULL), "
                        + "(NULL, NULL, NULL), ('', '', 0), (concat('nul', char(0), 'byte'), ';)(,''\"', -1), "
                        + "('INSERT INTO `texts` VALUES (1),(2);', '/* not a comment */ -- nor this', 2)",
                "create table blobs (id int primary key, b longblob, tb tinyblob) engine=InnoDB",
                "insert into blobs values (1, unhex('" + everyByte() + "'), unhex('00FF')), (2, '', ''), (3, NULL, NULL), "
                        + "(4, unhex(repeat('27', 100)), unhex('5C'))",
                "create table big (id int primary key, payload longblob) engine=InnoDB",
                "insert into big values (1, repeat(concat(sha2('a', 512), unhex(sha2('b', 512))), 6 * 1024 * 1024 div 192))",
                "create table numbers (id int primary key, d decimal(65,30), f float, db double, u bigint unsigned, s bigint, "
                        + "bits bit(8), tiny tinyint) engine=InnoDB",
                "insert into numbers values (1, 12345678901234567890123456789012345.123456789012345678901234567890, 3.14159, "
                        + "-1.7976931348623157e308, 18446744073709551615, -9223372036854775808, b'10101010', -128), "
                        + "(2, -0.000000000000000000000000000001, -0, 2.2250738585072014e-308, 0, 9223372036854775807, b'0', 127), "
                        + "(3, 0, NULL, NULL, NULL, NULL, NULL, NULL)",
                "set session sql_mode = 'ALLOW_INVALID_DATES'", // zero dates and zero parts need a lenient mode
                "create table dates (id int primary key, d date, dt datetime(6), ts timestamp(6) null default null, y year, tm time(6)) engine=InnoDB",
                "insert into dates values (1, '0000-00-00', '0000-00-00 00:00:00', '1970-01-01 00:00:01', 0000, '-838:59:59'), "
                        + "(2, '1000-01-01', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', 2155, '838:59:59'), "
                        + "(3, '2024-02-00', '2024-00-15 12:00:00', NULL, 1901, '00:00:00.000001')",
                "set session sql_mode = default",
                "create table documents (id int primary key, doc json, kind varchar(20) as (json_value(doc, '$.kind')) stored) engine=InnoDB",
                "insert into documents (id, doc) values (1, '{\"kind\": \"a\", \"list\": [1, 2.5, null, true], \"emoji\": \"🙂\"}'), "
                        + "(2, '{\"kind\": \"quote\\\\\"d\", \"nested\": {\"x\": {}}}'), (3, NULL)",
                "create table articles (id int primary key, title varchar(200), body text, fulltext key ft (title, body)) engine=InnoDB",
                "insert into articles values (1, 'Backups', 'A backup that was never restored is a hope.'), (2, 'Ünïcödé', 'Fulltext über alles')",
                "create table legacy_myisam (id int primary key auto_increment, v varchar(20)) engine=MyISAM",
                "insert into legacy_myisam (v) values ('old'), ('older')",
                "create table `Mixed Case` (`Id` int primary key, `Value With Space` varchar(20), `UPPER` int)",
                "insert into `Mixed Case` values (1, 'x', 1), (2, 'y', NULL)",
                "create table `select` (`from` int primary key, `where` varchar(10))",
                "insert into `select` values (1, 'reserved')",
                "create table `we\"ird``name` (`col``umn` int primary key, `quote'd` varchar(10))",
                "insert into `we\"ird``name` values (1, 'q')",
                "create table counter (id int primary key auto_increment, v int) engine=InnoDB",
                "insert into counter (v) values (1), (2), (3), (4), (5), (6), (7), (8), (9), (10)",
                "delete from counter where id > 5", // AUTO_INCREMENT stays at 11
                "create table empty_table (id int primary key auto_increment) engine=InnoDB auto_increment=1000",
                "create sequence ticket_seq start with 100 increment by 5",
                "do nextval(ticket_seq)",
                "create view order_totals as select c.name, sum(o.total) as total from customers c join orders o on o.customer_id = c.id group by c.name",
                "create view `Mixed View` as select `Id`, `Value With Space` from `Mixed Case` where `Id` > 0",
                "create procedure add_order(in p_customer int, in p_qty int) modifies sql data "
                        + "begin insert into orders (customer_id, qty, price) values (p_customer, p_qty, 1.00); end",
                "create function order_count(p_customer int) returns int reads sql data "
                        + "begin declare n int; select count(*) into n from orders where customer_id = p_customer; return n; end",
                "create event nightly_cleanup on schedule every 1 day starts '2030-01-01 03:00:00' on completion preserve disable "
                        + "do delete from audit where at_row < 0");
    }

    /** 00 01 … FF, twice, as hex. */
    private static String everyByte() {
        StringBuilder hex = new StringBuilder();
        for (int round = 0; round < 2; round++) {
            for (int b = 0; b < 256; b++) {
                hex.append(String.format("%02X", b));
            }
        }
        return hex.toString();
    }
}
