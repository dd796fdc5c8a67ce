package io.github.embeddedbackup.core.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.manifest.TableRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DumpRowCounterTests {

    /** MariaDB 10.11's layout (one tuple per line) and MySQL's (all on one line), with the traps a naive count falls into. */
    static final String DUMP = String.join("\n",
            "/*M!999999\\- enable the sandbox mode */ ",
            "-- MariaDB dump 10.19",
            "DROP TABLE IF EXISTS `t`;",
            "CREATE TABLE `t` (",
            "  `a` int(11) DEFAULT NULL,",
            "  `s` varchar(100)",
            ") ENGINE=InnoDB;",
            "INSERT INTO `t` VALUES",
            "(1,'a'),",
            "(2,'it''s ( not a row'),",
            "(3,'back\\\\slash\\' ) ; (x'),",
            "(4,\"double \\\" quoted ) (\"),",
            "(5,'INSERT INTO `t` VALUES (9),(9);\\n-- Dump completed'),",
            "(6,NULL);",
            "CREATE TABLE `empty` (`id` int);",
            "CREATE TABLE `we``ird ☃` (`id` int);",
            "INSERT INTO `we``ird ☃` VALUES (1,0x28293B27),(2,0x00),(3,_binary 'x(');",
            "INSERT INTO `t` VALUES (7,'second statement');",
            "/*!50001 CREATE VIEW `v` AS SELECT 1 AS `a` */;",
            "DELIMITER ;;",
            "CREATE DEFINER=`root`@`%` PROCEDURE `p`()",
            "INSERT INTO `t` VALUES (100),(101)",
            ";;",
            "DELIMITER ;",
            "-- Dump completed",
            "");

    @Test
    void countsTuplesPerTableAndIgnoresTrapsInStringsAndRoutines() {
        DumpRowCounter counter = feed(DUMP, Integer.MAX_VALUE);

        assertThat(counter.tables()).containsExactly(new TableRecord("t", 7), new TableRecord("empty", 0), new TableRecord("we`ird ☃", 3));
        assertThat(counter.completed()).isTrue();
    }

    @ParameterizedTest(name = "fed in slices of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 64})
    void sliceBoundariesDoNotMatter(int slice) {
        assertThat(feed(DUMP, slice).tables()).isEqualTo(feed(DUMP, Integer.MAX_VALUE).tables());
    }

    @Test
    void aTruncatedDumpIsNotCompleted() {
        String truncated = DUMP.substring(0, DUMP.indexOf("-- Dump completed\n"));

        assertThat(feed(truncated, 100).completed()).isFalse();
    }

    @Test
    void aHugeRowIsNotBuffered() {
        StringBuilder dump = new StringBuilder("CREATE TABLE `big` (`b` longblob);\nINSERT INTO `big` VALUES (0x");
        dump.append("AB".repeat(3_000_000)).append("),(0x01);\n-- Dump completed\n");

        DumpRowCounter counter = feed(dump.toString(), 1 << 16);

        assertThat(counter.tables()).containsExactly(new TableRecord("big", 2));
    }

    @Test
    void aLongCommentLineDoesNotConfuseTheNextStatement() {
        String dump = "-- " + "x".repeat(5000) + "\nCREATE TABLE `a` (`i` int);\nINSERT INTO `a` VALUES (1);\n";

        assertThat(feed(dump, 13).tables()).containsExactly(new TableRecord("a", 1));
    }

    private static DumpRowCounter feed(String text, int slice) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        DumpRowCounter counter = new DumpRowCounter();
        for (int i = 0; i < bytes.length; i += slice) {
            counter.accept(bytes, i, Math.min(slice, bytes.length - i));
        }
        return counter;
    }

    @Test
    void realTablesListIsInDumpOrder() {
        assertThat(feed(DUMP, 5).tables().stream().map(TableRecord::name).toList()).isEqualTo(List.of("t", "empty", "we`ird ☃"));
    }
}
