package io.github.embeddedbackup.sample;

import javax.sql.DataSource;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

/** Creates the notes table on SQLite, PostgreSQL, MariaDB or MySQL, whichever the DataSource is. */
@Component
class NotesSchema implements ApplicationRunner {

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    NotesSchema(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, metaData -> metaData.getDatabaseProductName());
        String id = switch (product) {
            case "PostgreSQL" -> "bigserial primary key";
            case "MariaDB", "MySQL" -> "bigint auto_increment primary key";
            default -> "integer primary key autoincrement";
        };
        String text = "MariaDB".equals(product) || "MySQL".equals(product) ? "varchar(4000)" : "text";
        jdbc.sql("create table if not exists note (id " + id + ", body " + text + " not null, created_at varchar(40) not null)").update();
    }
}
