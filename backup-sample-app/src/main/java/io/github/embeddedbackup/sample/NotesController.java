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

    NotesController(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        // RETURNING works on SQLite (3.35+) and PostgreSQL alike.
        return jdbc.sql("insert into note (body, created_at) values (?, ?) returning id, body, created_at")
                .param(body).param(java.time.Instant.now().toString()).query().singleRow();
    }
}
