package io.github.embeddedbackup.core.source.mysql;

import io.github.embeddedbackup.core.Remedy;
import java.util.Locale;

/** What to do about a MySQL/MariaDB tool's error, from its stderr. */
final class MysqlErrors {

    private MysqlErrors() {}

    static String hint(String stderr, int exit, String program, MysqlConnectionInfo connection) {
        String text = stderr.toLowerCase(Locale.ROOT);
        if (text.contains("access denied for user") && (text.contains("using password") || text.contains("1045"))) {
            return "Check the user and the password (the URL's password parameter, the password setting or MYSQL_PWD) for "
                    + connection.hostAndPort() + ".";
        }
        if (text.contains("max_allowed_packet") || text.contains("packet bigger")) {
            return "A row is larger than the server's max_allowed_packet: raise it on the server (e.g. SET GLOBAL max_allowed_packet=1073741824).";
        }
        if (text.contains("can't connect") || text.contains("unknown server host") || text.contains("unknown mysql server host")
                || text.contains("lost connection") || text.contains("server has gone away")) {
            return "Check that the server at " + connection.hostAndPort() + " is running and reachable.";
        }
        if (text.contains("unknown database")) {
            return "Database '" + connection.database() + "' does not exist on " + connection.hostAndPort() + ".";
        }
        if (definerRefused(stderr)) {
            return "The dump names the definer of its views, triggers, routines and events (DEFINER=…), and user '" + connection.user()
                    + "' may not create objects for another user. Restore without object ownership (" + Remedy.NO_OWNER.neutralName() + ": the restore then "
                    + "makes this user their definer), or restore as a user with SET USER (MariaDB) or SET_USER_ID/SYSTEM_USER (MySQL).";
        }
        if (text.contains("access denied") || text.contains("command denied") || text.contains("1044") || text.contains("1142")) {
            return "The user '" + connection.user() + "' lacks a privilege: dumping needs SELECT, SHOW VIEW, TRIGGER and EVENT on the "
                    + "database (and may read routines: on MariaDB SELECT on mysql.proc, on MySQL 8 SHOW_ROUTINE).";
        }
        if (exit > 128) {
            return program + " was stopped from outside (out of memory, a timeout or an operator).";
        }
        return "See " + program + "'s message above.";
    }

    /** The user may not create objects for the dump's DEFINER: restoring without owners gets past it. */
    static boolean definerRefused(String stderr) {
        String text = stderr.toLowerCase(Locale.ROOT);
        return text.contains("super") && (text.contains("set user") || text.contains("set_user_id") || text.contains("system_user"));
    }
}
