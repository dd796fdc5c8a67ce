package io.github.embeddedbackup.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Retention as a table: backups at fixed instants, a fixed "now", the ids that must stay. */
class RetentionPolicyTests {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static RetentionPolicy policy(int last, int hourly, int daily, int weekly, int monthly, int yearly, Duration within, Long maxSize, ZoneId zone) {
        return new RetentionPolicy(last, hourly, daily, weekly, monthly, yearly, within, maxSize, zone);
    }

    /** Backups named by their UTC start instant. */
    static List<BackupSummary> at(String... instants) {
        List<BackupSummary> backups = new ArrayList<>();
        for (String instant : instants) {
            backups.add(new BackupSummary(instant, Instant.parse(instant), 100));
        }
        return backups;
    }

    /** One backup every {@code step}, from {@code first}, {@code count} times. */
    static List<BackupSummary> every(String first, Duration step, int count) {
        List<BackupSummary> backups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant instant = Instant.parse(first).plus(step.multipliedBy(i));
            backups.add(new BackupSummary(instant.toString(), instant, 100));
        }
        return backups;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("keep-last keeps the newest N",
                        policy(3, 0, 0, 0, 0, 0, null, null, UTC),
                        at("2026-11-01T02:00:00Z", "2026-11-02T02:00:00Z", "2026-11-03T02:00:00Z", "2026-11-04T02:00:00Z", "2026-11-05T02:00:00Z"),
                        "2026-11-05T12:00:00Z",
                        List.of("2026-11-05T02:00:00Z", "2026-11-04T02:00:00Z", "2026-11-03T02:00:00Z")),
                Arguments.of("keep-daily keeps the newest backup of each of the newest N days",
                        policy(0, 0, 3, 0, 0, 0, null, null, UTC),
                        every("2026-11-01T00:00:00Z", Duration.ofHours(6), 20), // 5 days, 4 a day
                        "2026-11-06T00:00:00Z",
                        List.of("2026-11-05T18:00:00Z", "2026-11-04T18:00:00Z", "2026-11-03T18:00:00Z")),
                Arguments.of("daily buckets follow the zone's calendar, not UTC's",
                        policy(0, 0, 2, 0, 0, 0, null, null, NEW_YORK),
                        // 03:30Z on Nov 3 is still Nov 2 in New York
                        at("2026-11-02T15:00:00Z", "2026-11-03T03:30:00Z", "2026-11-03T15:00:00Z"),
                        "2026-11-04T00:00:00Z",
                        List.of("2026-11-03T15:00:00Z", "2026-11-03T03:30:00Z")),
                Arguments.of("hourly counts the repeated hour at the end of daylight saving time twice",
                        // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET; 00:30Z and 01:30Z are both 02:30 local
                        policy(0, 3, 0, 0, 0, 0, null, null, BERLIN),
                        at("2026-10-24T23:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"),
                        "2026-10-25T02:00:00Z",
                        List.of("2026-10-25T01:30:00Z", "2026-10-25T00:30:00Z", "2026-10-24T23:30:00Z")),
                Arguments.of("daily across the start of daylight saving time: the short day is one day",
                        // Berlin, 2026-03-29 has 23 hours
                        policy(0, 0, 2, 0, 0, 0, null, null, BERLIN),
                        at("2026-03-28T22:30:00Z", "2026-03-29T21:30:00Z", "2026-03-29T22:30:00Z"),
                        "2026-03-30T12:00:00Z",
                        // 21:30Z = 23:30 CEST on the 29th; 22:30Z = 00:30 on the 30th; 22:30Z on the 28th = 23:30 CET on the 28th
                        List.of("2026-03-29T22:30:00Z", "2026-03-29T21:30:00Z")),
                Arguments.of("monthly at month ends, including February",
                        policy(0, 0, 0, 0, 3, 0, null, null, UTC),
                        at("2026-01-31T23:00:00Z", "2026-02-01T01:00:00Z", "2026-02-28T23:59:00Z", "2026-03-31T23:00:00Z", "2026-04-01T00:30:00Z"),
                        "2026-04-02T00:00:00Z",
                        List.of("2026-04-01T00:30:00Z", "2026-03-31T23:00:00Z", "2026-02-28T23:59:00Z")),
                Arguments.of("a leap day is a day of its own",
                        policy(0, 0, 3, 0, 0, 0, null, null, UTC),
                        at("2028-02-27T12:00:00Z", "2028-02-28T12:00:00Z", "2028-02-29T12:00:00Z", "2028-03-01T12:00:00Z"),
                        "2028-03-02T00:00:00Z",
                        List.of("2028-03-01T12:00:00Z", "2028-02-29T12:00:00Z", "2028-02-28T12:00:00Z")),
                Arguments.of("weekly uses ISO weeks: 2026-12-31 and 2027-01-02 are both in 2026-W53",
                        policy(0, 0, 0, 2, 0, 0, null, null, UTC),
                        at("2026-12-24T12:00:00Z", "2026-12-31T12:00:00Z", "2027-01-02T12:00:00Z"),
                        "2027-01-03T00:00:00Z",
                        List.of("2027-01-02T12:00:00Z", "2026-12-24T12:00:00Z")),
                Arguments.of("yearly keeps the last backup of each year",
                        policy(0, 0, 0, 0, 0, 2, null, null, UTC),
                        at("2024-06-01T00:00:00Z", "2024-12-31T23:00:00Z", "2025-07-01T00:00:00Z", "2026-01-01T00:00:00Z"),
                        "2026-02-01T00:00:00Z",
                        List.of("2026-01-01T00:00:00Z", "2025-07-01T00:00:00Z")),
                Arguments.of("keep-within keeps everything younger",
                        policy(0, 0, 0, 0, 0, 0, Duration.ofDays(2), null, UTC),
                        at("2026-11-01T00:00:00Z", "2026-11-03T12:00:00Z", "2026-11-04T00:00:00Z"),
                        "2026-11-05T00:00:00Z",
                        List.of("2026-11-04T00:00:00Z", "2026-11-03T12:00:00Z")),
                Arguments.of("the newest backup is kept even when no rule keeps it",
                        policy(0, 0, 0, 0, 0, 0, Duration.ofHours(1), null, UTC),
                        at("2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z"),
                        "2026-11-05T00:00:00Z",
                        List.of("2026-10-02T00:00:00Z")),
                Arguments.of("backups dated in the future (clock skew) are kept",
                        policy(1, 0, 0, 0, 0, 0, null, null, UTC),
                        at("2026-11-01T00:00:00Z", "2026-11-06T00:00:00Z", "2026-11-07T00:00:00Z"),
                        "2026-11-05T00:00:00Z",
                        List.of("2026-11-07T00:00:00Z", "2026-11-06T00:00:00Z")),
                Arguments.of("the total size cap drops the oldest kept backups first, never the newest",
                        policy(5, 0, 0, 0, 0, 0, null, 250L, UTC),
                        at("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"),
                        "2026-11-05T00:00:00Z",
                        List.of("2026-11-04T00:00:00Z", "2026-11-03T00:00:00Z")),
                Arguments.of("rules add up",
                        policy(1, 0, 2, 0, 2, 0, null, null, UTC),
                        at("2026-09-15T00:00:00Z", "2026-10-20T00:00:00Z", "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z",
                                "2026-11-04T06:00:00Z"),
                        "2026-11-05T00:00:00Z",
                        List.of("2026-11-04T06:00:00Z", "2026-11-03T00:00:00Z", "2026-10-31T00:00:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsExactlyTheExpectedBackups(String name, RetentionPolicy policy, List<BackupSummary> backups, String now, List<String> kept) {
        RetentionPlan plan = policy.apply(backups, Instant.parse(now));

        assertThat(plan.keep()).extracting(decision -> decision.backup().id()).containsExactlyElementsOf(kept);
        assertThat(plan.keep().size() + plan.delete().size()).isEqualTo(backups.size());
        assertThat(plan.keep()).allSatisfy(decision -> assertThat(decision.reasons()).isNotEmpty());
        assertThat(plan.delete()).allSatisfy(decision -> assertThat(decision.reasons()).isNotEmpty());
    }

    @Test
    void everyKeptBackupCarriesEveryReason() {
        RetentionPlan plan = policy(2, 0, 7, 4, 0, 0, Duration.ofDays(30), null, UTC)
                .apply(at("2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"), Instant.parse("2026-11-05T00:00:00Z"));

        assertThat(plan.keep().get(0).reasons())
                .containsExactly("newest backup", "last 2", "daily 2026-11-04", "weekly 2026-W45", "within 30d");
        assertThat(plan.keep().get(1).reasons()).containsExactly("last 2", "daily 2026-11-03", "within 30d");
    }

    @Test
    void nothingToKeepFromNothing() {
        assertThat(policy(3, 0, 0, 0, 0, 0, null, null, UTC).apply(List.of(), Instant.now()).keep()).isEmpty();
    }

    @Test
    void invalidSettingsAreNamed() {
        assertThatThrownBy(() -> policy(-1, 0, 0, 0, 0, 0, null, null, UTC))
                .hasMessage("The number of newest backups to keep must not be negative, but was -1 (0 turns the rule off).")
                .isInstanceOfSatisfying(InvalidRetentionException.class, e -> org.assertj.core.api.Assertions.assertThat(e.rule()).isEqualTo("keepLast"));
        assertThatThrownBy(() -> policy(0, 0, 0, 0, 0, 0, Duration.ofHours(-120), null, UTC))
                .hasMessageContaining("must not be negative, but was -5 days").hasMessageNotContaining("PT");
        // 0 turns keepWithin off, as it does for every count (the CLI and the starter share this rule).
        assertThat(policy(0, 0, 0, 0, 0, 0, Duration.ZERO, null, UTC).keepWithin()).isNull();
        assertThat(policy(0, 0, 0, 0, 0, 0, Duration.ZERO, null, UTC).hasRules()).isFalse();
        assertThat(policy(0, 0, 0, 0, 0, 0, null, 10L, UTC).hasRules()).isFalse();
    }
}
