package io.github.embeddedbackup.autoconfigure.api;

import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.BackupDetailView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.BackupSummaryView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.DrillView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.JobView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.PageView;
import io.github.embeddedbackup.autoconfigure.api.BackupApiViews.VerifyView;
import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.runtime.StarterMessages;
import io.github.embeddedbackup.core.BackupId;
import io.github.embeddedbackup.core.BackupLabels;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupNotFoundException;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.verify.VerificationReport;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupDrillService;
import io.github.embeddedbackup.runtime.BackupRestoreService;
import io.github.embeddedbackup.core.drill.DrillRecord;
import io.github.embeddedbackup.core.drill.DrillRecords;
import io.github.embeddedbackup.runtime.StorageUsage;
import io.github.embeddedbackup.runtime.VerifyResults;
import org.springframework.beans.factory.ObjectProvider;
import io.github.embeddedbackup.runtime.BackupService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/backup}: start and follow backups, list, describe, download, verify, restore and
 * delete them. Every call is authorised by {@link BackupApiInterceptor} first; every error is a
 * problem detail ({@link BackupApiExceptionHandler}); actions are audited.
 */
@RestController
@RequestMapping("${backup.api.base-path:/api/backup}")
public class BackupApiController {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int MAX_PAGE_SIZE = 100;

    private final BackupService service;
    private final BackupRestoreService restores;
    private final BackupDrillService drills;
    private final BackupAuditLog audit;
    private final BackupProperties properties;
    private final VerifyResults verifications;
    private final @Nullable StorageUsage usage;
    private final ProgressEstimates estimates;
    private final BackupApiJson json = new BackupApiJson();

    public BackupApiController(BackupService service, BackupRestoreService restores, BackupDrillService drills, BackupAuditLog audit,
            BackupProperties properties, VerifyResults verifications, ObjectProvider<StorageUsage> usage, ProgressEstimates estimates) {
        this.service = service;
        this.usage = usage.getIfAvailable();
        this.verifications = verifications;
        this.estimates = estimates;
        this.restores = restores;
        this.drills = drills;
        this.audit = audit;
        this.properties = properties;
    }

    /** Starts a backup (or joins the running one): 202 with the job and its Location. */
    @PostMapping
    public ResponseEntity<JobView> start(@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
        StartRequest start = json.read(body, request, StartRequest.class, new StartRequest(null, null));
        List<String> sources = names(start.sources(), "sources");
        Map<String, String> labels = start.labels() == null ? Map.of() : start.labels();
        validateLabels(labels);
        BackupJob job = service.trigger("api", sources, labels);
        audit.record(caller(request).name(), "start", null, "accepted", "job " + job.id() + (sources.isEmpty() ? "" : ", sources " + sources));
        return accepted(job, request);
    }

    @GetMapping("/jobs/{jobId}")
    public JobView job(@PathVariable String jobId, HttpServletRequest request) {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw BackupApiProblem.badRequest("'" + abbreviate(jobId) + "' is not a job id. A job id is a UUID such as "
                    + "3f2c5a9e-8d1b-4c47-9a61-2b7e0f4d8c15, as returned in the Location header when a job starts.");
        }
        BackupJob job = service.jobs().job(jobId).orElseThrow(() -> new BackupApiProblem(HttpStatus.NOT_FOUND,
                "Not found", "There is no job " + jobId + ". Jobs are kept in memory: the 20 most recent of each kind, until the application restarts."));
        return JobView.of(job, basePath(request), estimates.estimate(job));
    }

    /** Newest first, paginated, filtered by source name and labels ({@code label=key=value}, repeatable). */
    @GetMapping
    public PageView<BackupSummaryView> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) @Nullable String source, @RequestParam(required = false) @Nullable List<String> label) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw BackupApiProblem.badRequest("page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE + ", but were " + page + " and " + size + ".");
        }
        List<String[]> labelFilters = new ArrayList<>();
        for (String filter : label == null ? List.<String>of() : label) {
            int eq = filter.indexOf('=');
            if (eq < 1) {
                throw BackupApiProblem.badRequest("label filters look like label=key=value (e.g. label=trigger=scheduled), not '" + abbreviate(filter) + "'.");
            }
            labelFilters.add(new String[] {filter.substring(0, eq), filter.substring(eq + 1)});
        }
        List<Manifest> matching = service.repository().list().backups().stream()
                .filter(manifest -> source == null || manifest.sources().stream().anyMatch(s -> s.name().equals(source)))
                .filter(manifest -> labelFilters.stream().allMatch(f -> f[1].equals(manifest.labels().get(f[0]))))
                .toList();
        List<Manifest> shown = matching.stream().skip((long) page * size).limit(size).toList();
        Map<String, DrillRecord> drilled = lastDrills(shown);
        List<BackupSummaryView> content = shown.stream().map(manifest -> BackupSummaryView.of(manifest,
                verifications.last(manifest.id()).orElse(null), drilled.get(manifest.id()))).toList();
        return new PageView<>(content, page, size, matching.size(), (matching.size() + size - 1) / size);
    }

    @GetMapping("/{id}")
    public BackupDetailView get(@PathVariable String id, HttpServletRequest request) {
        Manifest manifest = manifest(id);
        return BackupDetailView.of(manifest, lastDrill(manifest.id()), basePath(request));
    }

    /** The backup's last recorded drill; null when never drilled, or when its record cannot be read (the backup is still shown). */
    private @Nullable DrillView lastDrill(String backupId) {
        try {
            return new DrillRecords(service.repository().storage()).lastDrill(backupId).map(DrillView::of).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The last recorded drill of each backup shown; none when the records cannot be read (the backups are still listed). */
    private Map<String, DrillRecord> lastDrills(List<Manifest> shown) {
        try {
            return new DrillRecords(service.repository().storage()).lastDrills(shown.stream().map(Manifest::id).toList());
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The stored object as stored (an encrypted one stays encrypted), streamed; SHA-256 in the headers. */
    @GetMapping("/{id}/download")
    public void download(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Manifest manifest = manifest(id);
        String etag = "\"" + manifest.archive().sha256() + "\"";
        if (matches(request.getHeader("If-None-Match"), etag)) {
            // The caller holds these bytes already (the ETag is the SHA-256 of the stored object).
            response.setStatus(HttpStatus.NOT_MODIFIED.value());
            response.setHeader("ETag", etag);
            return;
        }
        String who = caller(request).name();
        String key = manifest.archive().key();
        String fileName = key.substring(key.lastIndexOf('/') + 1);
        try (InputStream stored = service.repository().openArchive(manifest)) {
            response.setStatus(HttpStatus.OK.value());
            response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            response.setContentLengthLong(manifest.archive().size());
            response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
            response.setHeader("ETag", etag);
            response.setHeader("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(manifest.archive().sha256())) + ":");
            response.setHeader("X-Backup-Sha256", manifest.archive().sha256());
            response.setHeader("X-Backup-Id", manifest.id());
            audit.record(who, "download", manifest.id(), "started", fileName + ", " + manifest.archive().size() + " bytes");
            OutputStream out = response.getOutputStream();
            stored.transferTo(out);
            out.flush();
            audit.record(who, "download", manifest.id(), "succeeded", null);
        } catch (IOException | RuntimeException e) {
            audit.record(who, "download", manifest.id(), "failed", publicMessage(e));
            throw e;
        }
    }

    /** RFC 9110 If-None-Match: {@code *}, or a list of entity tags compared weakly. */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    @PostMapping("/{id}/verify")
    public VerifyView verify(@PathVariable String id, @RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
        VerifyRequest verify = json.read(body, request, VerifyRequest.class, new VerifyRequest(null));
        VerifyLevel level = verifyLevel(verify.level());
        Manifest manifest = manifest(id);
        String who = caller(request).name();
        try {
            VerificationReport report = service.verify(manifest, level, who);
            verifications.verified(report);
            audit.record(who, "verify", manifest.id(), report.ok() ? "succeeded" : "problems",
                    level.name().toLowerCase(Locale.ROOT) + (report.ok() ? "" : ", " + report.problems().size() + " problem(s)"));
            return VerifyView.of(report);
        } catch (RuntimeException e) {
            verifications.failed(manifest.id(), level.name().toLowerCase(Locale.ROOT), publicMessage(e));
            audit.record(who, "verify", manifest.id(), "failed", publicMessage(e));
            throw e;
        }
    }

    /** Restores as a job, only with the backup id repeated in {@code confirm}; 202 with the job. */
    @PostMapping("/{id}/restore")
    public ResponseEntity<JobView> restore(@PathVariable String id, @RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
        checkBackupId(id);
        RestoreRequest restore = json.read(body, request, RestoreRequest.class, null);
        String who = caller(request).name();
        if (restore == null || !id.equals(restore.confirm())) {
            audit.record(who, "restore", id, "refused", "no confirmation");
            throw BackupApiProblem.badRequest("A restore replaces data, so it must be confirmed: send {\"confirm\": \"" + id
                    + "\"} (the backup id) in the body, with \"target\" naming an entry of backup.restore.targets to restore "
                    + "somewhere other than the source itself.");
        }
        int jobs = restore.jobs() == null ? 1 : restore.jobs();
        if (jobs < 1 || jobs > 16) {
            throw BackupApiProblem.badRequest("jobs must be between 1 and 16, but was " + jobs + ".");
        }
        List<String> tables = names(restore.tables(), "tables");
        boolean safety = restore.safetyBackup() == null ? properties.restore().safetyBackup() : restore.safetyBackup();
        try {
            BackupJob job = restores.restore(new BackupRestoreService.RestoreRequest(id, restore.source(), restore.target(), tables, safety, jobs,
                    who));
            audit.record(who, "restore", id, "accepted", "job " + job.id() + ", target " + (restore.target() == null ? "in place" : restore.target())
                    + (tables.isEmpty() ? "" : ", tables " + tables));
            job.completion().thenAccept(done -> audit.record(who, "restore", id, done.state().name().toLowerCase(Locale.ROOT),
                    "job " + done.id() + (done.safetyBackupId() == null ? "" : ", safety backup " + done.safetyBackupId())
                            + (done.error() == null ? "" : ", " + done.error())));
            return accepted(job, request);
        } catch (RuntimeException e) {
            audit.record(who, "restore", id, "refused", publicMessage(e));
            throw e;
        }
    }

    /**
     * Drills a backup ({@code latest} for the newest) as a job: restored into a scratch place, checked, the place dropped.
     * 202 with the job; the outcome is in the job and in the backup's {@code lastDrill}.
     */
    @PostMapping("/{id}/drill")
    public ResponseEntity<JobView> drill(@PathVariable String id, HttpServletRequest request) {
        if (!"latest".equals(id)) {
            checkBackupId(id);
        }
        String who = caller(request).name();
        try {
            BackupJob job = drills.drill(id, "api");
            audit.record(who, "drill", job.backupId(), "accepted", "job " + job.id());
            job.completion().thenAccept(done -> audit.record(who, "drill", done.backupId(), done.state().name().toLowerCase(Locale.ROOT),
                    "job " + done.id() + (done.error() == null ? "" : ", " + done.error())));
            return accepted(job, request);
        } catch (RuntimeException e) {
            audit.record(who, "drill", id, "refused", publicMessage(e));
            throw e;
        }
    }

    /** Deletes a backup from every destination; refuses the only complete backup unless {@code force=true}. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id, @RequestParam(defaultValue = "false") boolean force, HttpServletRequest request) {
        Manifest manifest = manifest(id);
        String who = caller(request).name();
        List<Manifest> complete = service.repository().list().backups();
        if (!force && complete.size() == 1 && complete.get(0).id().equals(manifest.id())) {
            audit.record(who, "delete", manifest.id(), "refused", "only complete backup");
            throw new BackupApiProblem(HttpStatus.CONFLICT, "Only backup", "Backup " + manifest.id() + " is the only complete backup in "
                    + service.repository().storage().describe() + "; deleting it leaves nothing to restore. Add ?force=true to delete it anyway.");
        }
        BackupJob restoring = restores.runningJob();
        if (restoring != null && manifest.id().equals(restoring.backupId())) {
            throw new BackupApiProblem(HttpStatus.CONFLICT, "Being restored", "Backup " + manifest.id() + " is being restored (job "
                    + restoring.id() + "). Delete it when the restore is done.").with("jobId", restoring.id());
        }
        BackupJob drilling = drills.runningJob();
        if (drilling != null && manifest.id().equals(drilling.backupId())) {
            throw new BackupApiProblem(HttpStatus.CONFLICT, "Being drilled", "Backup " + manifest.id() + " is being drilled (job "
                    + drilling.id() + "). Delete it when the drill is done.").with("jobId", drilling.id());
        }
        List<String> failed = new ArrayList<>();
        service.repository().delete(manifest);
        service.history().backupsChanged();
        for (io.github.embeddedbackup.core.plan.BackupPlan.Destination destination : service.destinations().subList(1, service.destinations().size())) {
            BackupRepository mirror = destination.destination().repository();
            try {
                mirror.delete(mirror.get(manifest.id()));
            } catch (BackupNotFoundException e) {
                // Not in this mirror (it was optional and failed, or its retention removed it).
            } catch (RuntimeException e) {
                failed.add(destination.destination().name() + ": " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            audit.record(who, "delete", manifest.id(), "failed", "deleted from the primary storage, not from " + failed);
            throw new BackupApiProblem(HttpStatus.BAD_GATEWAY, "Partly deleted", "Backup " + manifest.id() + " was deleted from "
                    + service.repository().storage().describe() + " but not from: " + String.join("; ", failed) + ". Retry the delete.");
        }
        if (usage != null) {
            usage.refresh(); // the console's storage figures show the delete at once, not after the next backup
        }
        audit.record(who, "delete", manifest.id(), "succeeded", force ? "forced" : null);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<JobView> accepted(BackupJob job, HttpServletRequest request) {
        JobView view = JobView.of(job, basePath(request), estimates.estimate(job));
        return ResponseEntity.accepted().location(URI.create(view.location())).body(view);
    }

    private Manifest manifest(String id) {
        checkBackupId(id);
        return service.repository().get(id);
    }

    private static void checkBackupId(String id) {
        if (!BackupId.isValid(id)) {
            throw BackupApiProblem.badRequest("'" + abbreviate(id) + "' is not a backup id. A backup id looks like 20261121T020000Z-7f3a9c; "
                    + "GET the API's base path to list them.");
        }
    }

    private static VerifyLevel verifyLevel(@Nullable String level) {
        if (level == null) {
            return VerifyLevel.CHECKSUM;
        }
        return switch (level) {
            case "checksum" -> VerifyLevel.CHECKSUM;
            case "content" -> VerifyLevel.CONTENT;
            default -> throw BackupApiProblem.badRequest("level must be checksum or content, not '" + abbreviate(level) + "'.");
        };
    }

    private static void validateLabels(Map<String, String> labels) {
        try {
            BackupLabels.check(labels); // the one rule, shared with the CLI
        } catch (BackupConfigurationException e) {
            throw BackupApiProblem.badRequest(e.getMessage());
        }
    }

    private String basePath(HttpServletRequest request) {
        return request.getContextPath() + properties.api().basePath();
    }

    private static BackupApiCaller caller(HttpServletRequest request) {
        return BackupApiInterceptor.caller(request);
    }

    /**
     * What an audit entry (shown by {@code GET /audit}) may say of a failure: the library's messages are written for
     * users and hold no secret; anything else may hold anything, and is only logged (by the exception handler).
     */
    static String publicMessage(Throwable failure) {
        if (failure instanceof BackupApiProblem problem) {
            return problem.getMessage();
        }
        return failure instanceof BackupException ? StarterMessages.of(failure)
                : "an unexpected error (" + failure.getClass().getSimpleName() + "); the application log has the details";
    }

    static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }

    /** Body of POST /api/backup. */
    record StartRequest(@Nullable List<String> sources, @Nullable Map<String, String> labels) {}

    /** A list of names from a body: absent is empty; a null or blank entry is a 400, never a NullPointerException. */
    private static List<String> names(@Nullable List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || values.get(i).isBlank()) {
                throw BackupApiProblem.badRequest("'" + field + "[" + i + "]' is " + (values.get(i) == null ? "null" : "blank")
                        + ": give each entry of '" + field + "' as a non-empty string.");
            }
        }
        return List.copyOf(values);
    }

    /** Body of POST /api/backup/{id}/verify. */
    record VerifyRequest(@Nullable String level) {}

    /** Body of POST /api/backup/{id}/restore. */
    record RestoreRequest(@Nullable String confirm, @Nullable String source, @Nullable String target, @Nullable List<String> tables,
            @Nullable Boolean safetyBackup, @Nullable Integer jobs) {}
}
