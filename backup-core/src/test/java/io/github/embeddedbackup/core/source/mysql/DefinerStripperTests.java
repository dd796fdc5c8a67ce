package io.github.embeddedbackup.core.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefinerStripperTests {

    static final String DUMP = String.join("\n",
            "/*M!999999\\- enable the sandbox mode */ ",
            "INSERT INTO `t` VALUES",
            "(1,'DEFINER=`keep`@`me` in data'),",
            "(2,'CREATE DEFINER=`keep`@`me`');",
            "INSERT INTO `t` VALUES (3,'/*!50017 DEFINER=`keep`@`me`*/');",
            "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`127.0.0.1`*/ /*!50003 trigger tr before insert on t for each row set new.a = 1",
            "*/;;",
            "CREATE DEFINER=`app``x`@`%` PROCEDURE `p`()",
            "/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */",
            "/*!50106 CREATE*/ /*!50117 DEFINER=`root`@`%`*/ /*!50106 EVENT `e` ON SCHEDULE EVERY 1 DAY DO select 1 */ ;;",
            "no line break at the end");

    static final String EXPECTED = String.join("\n",
            "/*M!999999\\- enable the sandbox mode */ ",
            "INSERT INTO `t` VALUES",
            "(1,'DEFINER=`keep`@`me` in data'),",
            "(2,'CREATE DEFINER=`keep`@`me`');",
            "INSERT INTO `t` VALUES (3,'/*!50017 DEFINER=`keep`@`me`*/');",
            "/*!50003 CREATE*/ /*!50017 */ /*!50003 trigger tr before insert on t for each row set new.a = 1",
            "*/;;",
            "CREATE PROCEDURE `p`()",
            "/*!50013 SQL SECURITY DEFINER */",
            "/*!50106 CREATE*/ /*!50117 */ /*!50106 EVENT `e` ON SCHEDULE EVERY 1 DAY DO select 1 */ ;;",
            "no line break at the end");

    @ParameterizedTest(name = "written in slices of {0} bytes")
    @ValueSource(ints = {1, 3, 8, 100, 100_000})
    void removesDefinersFromStatementsButNeverFromData(int slice) throws IOException {
        byte[] bytes = DUMP.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DefinerStripper stripper = new DefinerStripper(out)) {
            for (int i = 0; i < bytes.length; i += slice) {
                stripper.write(bytes, i, Math.min(slice, bytes.length - i));
            }
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(EXPECTED);
    }
}
