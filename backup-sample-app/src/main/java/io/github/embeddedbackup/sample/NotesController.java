package io.github.embeddedbackup.sample;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A tiny notes API over JDBC: the data the backups protect. */
@RestController
class NotesController {

    private final JdbcClient jdbc;
    private final boolean mysql;

    NotesController(JdbcClient jdbc, javax.sql.DataSource dataSource) throws Exception {
        this.jdbc = jdbc;
        this.mysql = "MySQL".equals(org.springframework.jdbc.support.JdbcUtils.extractDatabaseMetaData(dataSource,
                metaData -> metaData.getDatabaseProductName()));
    }

    @GetMapping("/notes")
    List<Map<String, Object>> list() {
        return jdbc.sql("select id, body, created_at from note order by id").query().listOfRows();
    }

    @PostMapping("/notes")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> add(@RequestBody Map<String, String> note) {
        String body = note.getOrDefault("body", "").strip();
        if (body.isEmpty()) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST, "a note needs a non-empty 'body'");
        }
        String createdAt = java.time.Instant.now().toString();
        if (!mysql) {
            // RETURNING works on SQLite (3.35+), PostgreSQL and MariaDB (10.5+) alike.
            return jdbc.sql("insert into note (body, created_at) values (?, ?) returning id, body, created_at")
                    .param(body).param(createdAt).query().singleRow();
        }
        // MySQL has no RETURNING: the generated key.
        org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("insert into note (body, created_at) values (?, ?)").param(body).param(createdAt).update(key);
        Map<String, Object> created = new java.util.LinkedHashMap<>();
        created.put("id", key.getKeyAs(Number.class).longValue());
        created.put("body", body);
        created.put("created_at", createdAt);
        return created;
    }
}
