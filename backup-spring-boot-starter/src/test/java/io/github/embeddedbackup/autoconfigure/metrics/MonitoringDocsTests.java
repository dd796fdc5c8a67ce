package io.github.embeddedbackup.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.FlakySource;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import io.github.embeddedbackup.runtime.JobRunner;
import io.github.embeddedbackup.runtime.StorageUsage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/monitoring names what Prometheus really shows: the README's table against a real scrape of the
 * meters, and the alert rules and the Grafana dashboard against the table.
 */
class MonitoringDocsTests {

    private static final Pattern SERIES = Pattern.compile("\\bbackup_[a-z0-9_]+");

    @TempDir
    Path dir;

    @Test
    void theTableNamesEverySeriesAPrometheusScrapeShowsAndNothingElseOfOurs() throws Exception {
        Map<String, Set<String>> table = table();
        Set<String> scraped = scrapeAfterASuccessAndAFailure();

        Set<String> documented = new TreeSet<>();
        table.values().forEach(documented::addAll);
        assertThat(documented).as("every series of the meters is in docs/monitoring/README.md").containsAll(scraped);
        for (Map.Entry<String, Set<String>> row : table.entrySet()) {
            if (isMadeByBackupMetrics(row.getKey())) {
                assertThat(scraped).as("the series of " + row.getKey() + " as the table names them").containsAll(row.getValue());
            }
        }
    }

    @Test
    void theAlertRulesNameOnlySeriesOfTheTable() throws IOException {
        Set<String> documented = documentedSeries();
        String rules = Files.readString(PromtoolTests.monitoringDocs().resolve("backup-alerts.rules.yml"));
        assertThat(seriesIn(rules)).isNotEmpty().allSatisfy(series -> assertThat(documented).as("rules name " + series).contains(series));
    }

    @Test
    void theDashboardIsJsonAndItsQueriesNameOnlySeriesOfTheTable() throws IOException {
        Set<String> documented = documentedSeries();
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(PromtoolTests.monitoringDocs().resolve("grafana-dashboard.json")));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        assertThat(expressions).as("panels with queries").hasSizeGreaterThanOrEqualTo(7);
        for (String expression : expressions) {
            assertThat(seriesIn(expression)).as(expression).isNotEmpty()
                    .allSatisfy(series -> assertThat(documented).as("the dashboard names " + series).contains(series));
        }
        assertThat(dashboard.path("templating").path("list")).anySatisfy(variable -> {
            assertThat(variable.path("type").asString()).isEqualTo("datasource");
            assertThat(variable.path("query").asString()).isEqualTo("prometheus");
        });
    }

    /** The series names Prometheus shows once the meters saw a successful and a failed backup. */
    private Set<String> scrapeAfterASuccessAndAFailure() throws Exception {
        BackupPlan plan = new BackupPlan(List.of(new GeneratedSource("app", 10_000), new FlakySource("files", 1)), List.of(
                new BackupPlan.Destination(new BackupDestination("primary", new BackupRepository(new FilesystemBackupStorage(dir)), true), null)),
                BackupOptions.defaults(), Map.of());
        JobRunner jobs = new JobRunner();
        BackupHistory history = new BackupHistory(plan.repository(), Clock.systemUTC());
        StorageUsage usage = new StorageUsage(plan, Clock.systemUTC());
        BackupMetrics metrics = new BackupMetrics(history, jobs, usage, List.of("app", "files"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.bindTo(registry);
        BackupService service = new BackupService(plan, jobs, history, List.of(metrics, usage), Clock.systemUTC());
        assertThat(service.trigger("api").completion().get(30, TimeUnit.SECONDS).state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(service.trigger("api").completion().get(30, TimeUnit.SECONDS).state()).isEqualTo(BackupJob.State.SUCCEEDED);

        Set<String> series = new TreeSet<>();
        for (String line : registry.scrape().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                series.add(line.split("[{ ]", 2)[0]);
            }
        }
        return series;
    }

    private static boolean isMadeByBackupMetrics(String meter) {
        return !meter.startsWith("backup.notifications");
    }

    /** The table of docs/monitoring/README.md: each Micrometer name with the Prometheus series it shows as. */
    static Map<String, Set<String>> table() throws IOException {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| `(backup\\.[a-z.]+)` \\| ([^|]+) \\|");
        for (String line : Files.readAllLines(PromtoolTests.monitoringDocs().resolve("README.md"))) {
            Matcher matcher = row.matcher(line);
            if (matcher.find()) {
                rows.put(matcher.group(1), seriesIn(matcher.group(2)));
            }
        }
        assertThat(rows).as("the meters table of docs/monitoring/README.md").isNotEmpty();
        return rows;
    }

    private static Set<String> documentedSeries() throws IOException {
        Set<String> all = new TreeSet<>();
        table().values().forEach(all::addAll);
        return all;
    }

    private static Set<String> seriesIn(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = SERIES.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

}
