package io.github.embeddedbackup.autoconfigure.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 12 item 18: refusals and failures reach the audit log at WARN, as docs/api.md says. */
@Tag("fault-matrix")
class BackupAuditFaultsTests {

    final Logger logger = (Logger) LoggerFactory.getLogger("backup.audit");
    final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void attach() {
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(events);
        logger.setLevel(null);
    }

    @Test
    void aRefusedRestoreIsAWarningAnAcceptedOneIsInfo() {
        BackupAuditLog audit = new BackupAuditLog(event -> {});

        audit.record("token", "restore", "20261121T020000Z-7f3a9c", "refused", "no confirmation");
        audit.record("token", "restore", "20261121T020000Z-7f3a9c", "accepted", "job 1");
        audit.record("token", "verify", "20261121T020000Z-7f3a9c", "problems", "content, 1 problem(s)");

        assertThat(events.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.WARN, "action=restore who=token backup=20261121T020000Z-7f3a9c outcome=refused detail=\"no confirmation\""),
                org.assertj.core.groups.Tuple.tuple(Level.INFO, "action=restore who=token backup=20261121T020000Z-7f3a9c outcome=accepted detail=\"job 1\""),
                org.assertj.core.groups.Tuple.tuple(Level.WARN, "action=verify who=token backup=20261121T020000Z-7f3a9c outcome=problems detail=\"content, 1 problem(s)\""));
    }
}
