package io.github.embeddedbackup.autoconfigure.notify;

import io.github.embeddedbackup.autoconfigure.BackupAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.BackupScheduler;
import io.github.embeddedbackup.autoconfigure.ConfiguredPlan;
import io.github.embeddedbackup.autoconfigure.properties.BackupProperties;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.autoconfigure.properties.NotificationProperties;
import io.github.embeddedbackup.core.notify.BackupNotifier;
import io.github.embeddedbackup.core.notify.DeliveryListener;
import io.github.embeddedbackup.core.notify.DeliverySettings;
import io.github.embeddedbackup.core.notify.EventType;
import io.github.embeddedbackup.core.notify.NotificationChannel;
import io.github.embeddedbackup.core.notify.NotificationDispatcher;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.runtime.BackupHistory;
import io.github.embeddedbackup.runtime.BackupNotifications;
import io.github.embeddedbackup.runtime.NotificationWatchdog;
import io.github.embeddedbackup.runtime.StorageUsage;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailSender;
import org.springframework.util.unit.DataSize;

/**
 * Alerts: the channels of {@code backup.notifications.*} plus every {@link BackupNotifier} bean of the
 * application, fed by the backup service (as a listener), the restore service and a watchdog of its own.
 * Delivery is asynchronous: a channel never slows or fails a backup.
 */
@AutoConfiguration(after = BackupAutoConfiguration.class)
@ConditionalOnProperty(prefix = "backup", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class BackupNotificationsAutoConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(BackupNotificationsAutoConfiguration.class);
    private static final String MAIL_SENDER = "org.springframework.mail.MailSender";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    NotificationDispatcher backupNotificationDispatcher(BackupProperties properties, ObjectProvider<BackupNotifier> notifiers,
            ObjectProvider<EmailChannel> email, ObjectProvider<DeliveryListener> listeners, Environment environment) {
        Binder binder = Binder.get(environment);
        NotificationSettingNames.check(prefix -> binder.bind(prefix, Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        NotificationProperties settings = properties.notifications();
        List<NotificationChannel> channels = new ArrayList<>(new NotificationChannelFactory(settings).httpChannels());
        EmailChannel mail = email.getIfAvailable();
        if (!settings.email().to().isEmpty()) {
            if (mail == null) {
                throw new BackupPropertyException("backup.notifications.email.to", "e-mail alerts are configured, but the application "
                        + "cannot send e-mail: Spring's mail support is not on the classpath.",
                        "add the dependency org.springframework.boot:spring-boot-starter-mail and set spring.mail.host", null);
            }
            channels.add(mail.channel());
        }
        // An application's own channels get every event and pick what they want (event.type()).
        notifiers.orderedStream().forEach(notifier -> channels.add(new NotificationChannel(name(notifier), notifier,
                EnumSet.allOf(EventType.class))));
        List<DeliveryListener> all = listeners.orderedStream().toList();
        // Every channel's series exists from the start at 0, so that increase() sees the first failure.
        all.stream().filter(NotificationMeter.class::isInstance).forEach(meter -> ((NotificationMeter) meter)
                .channels(channels.stream().map(NotificationChannel::name).toList()));
        NotificationProperties.Delivery delivery = settings.delivery();
        NotificationDispatcher dispatcher = new NotificationDispatcher(channels, new DeliverySettings(delivery.maxAttempts(),
                delivery.initialBackoff(), delivery.timeout(), delivery.queueCapacity()),
                (channel, type, outcome) -> all.forEach(listener -> listener.delivered(channel, type, outcome)));
        if (channels.isEmpty()) {
            logger.info("No backup notification channel is configured: failed or stale backups show only in health and metrics. "
                    + "Set backup.notifications.slack.webhook-url, .teams.webhook-url, .webhook.url, .email.to or .heartbeat.url.");
        } else {
            logger.info("Backup notifications go to: {}", String.join(", ", channels.stream().map(NotificationChannel::name).toList()));
        }
        return dispatcher;
    }

    private static String name(BackupNotifier notifier) {
        String simple = notifier.getClass().getSimpleName();
        return simple.isEmpty() || simple.contains("$$Lambda") || simple.contains("$Lambda") ? "custom" : simple;
    }

    @Bean
    @ConditionalOnMissingBean
    BackupNotifications backupNotifications(NotificationDispatcher dispatcher, BackupProperties properties, ConfiguredPlan configured,
            BackupHistory history, ObjectProvider<BackupScheduler> scheduler, ObjectProvider<StorageUsage> usage, Environment environment) {
        NotificationProperties settings = properties.notifications();
        BackupPlan plan = configured.plan();
        BackupNotifications.Identity identity = new BackupNotifications.Identity(environment.getProperty("spring.application.name",
                "application"), hostName(), NotificationChannelFactory.isSet(settings.link()) ? settings.link().trim() : null);
        List<String> destinations = plan.destinations().stream().map(BackupPlan.Destination::name).toList();
        Map<String, Long> caps = new java.util.HashMap<>();
        plan.destinations().forEach(destination -> {
            if (destination.retention() != null && destination.retention().maxTotalSize() != null) {
                caps.put(destination.name(), destination.retention().maxTotalSize());
            }
        });
        return new BackupNotifications(dispatcher, identity, history, staleAfter(configured, properties),
                plan.sources().stream().map(BackupSource::name).toList(), destinations, () -> nextRun(scheduler),
                () -> space(usage.getIfAvailable(), caps), storageLow(settings.storageLow().freeBelow()), Clock.systemUTC());
    }

    /**
     * When the newest backup of any kind counts as stale: backup.health.max-age, or with named schedules the
     * largest of their max ages (a monthly-only plan is not stale after a day; each schedule's own age shows in health).
     */
    static java.time.Duration staleAfter(ConfiguredPlan configured, BackupProperties properties) {
        return configured.schedules().stream().map(io.github.embeddedbackup.runtime.BackupSchedule::maxAge)
                .max(java.util.Comparator.naturalOrder()).orElse(properties.health().maxAge());
    }

    private static @Nullable Instant nextRun(ObjectProvider<BackupScheduler> scheduler) {
        BackupScheduler found = scheduler.getIfAvailable();
        return found == null ? null : found.nextRun();
    }

    /** How full each destination is, measured again when the figures are older than ten minutes. */
    private static List<BackupNotifications.DestinationSpace> space(@Nullable StorageUsage usage, Map<String, Long> caps) {
        if (usage == null) {
            return List.of();
        }
        List<StorageUsage.Usage> current = usage.current();
        Instant stale = Instant.now().minus(Duration.ofMinutes(10));
        if (current.isEmpty() || current.stream().anyMatch(figures -> figures.measuredAt().isBefore(stale))) {
            usage.refresh();
            current = usage.current();
        }
        return current.stream().map(figures -> new BackupNotifications.DestinationSpace(figures.destination(), figures.usedBytes(),
                figures.space() == null ? null : figures.space().freeBytes(), figures.space() == null ? null : figures.space().totalBytes(),
                caps.get(figures.destination()))).toList();
    }

    /** {@code 10%} or a size such as {@code 5GB}. */
    static BackupNotifications.StorageLowRule storageLow(String freeBelow) {
        String value = freeBelow.trim();
        try {
            if (value.endsWith("%")) {
                double percent = Double.parseDouble(value.substring(0, value.length() - 1).trim());
                if (percent < 0 || percent > 100) {
                    throw new IllegalArgumentException("out of range");
                }
                return new BackupNotifications.StorageLowRule(percent, -1, 0.9);
            }
            return new BackupNotifications.StorageLowRule(-1, DataSize.parse(value).toBytes(), 0.9);
        } catch (IllegalArgumentException e) {
            throw new BackupPropertyException("backup.notifications.storage-low.free-below", "'" + freeBelow + "' is neither a share "
                    + "between 0% and 100% nor a size.", "use e.g. 10% or 5GB", null);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | SecurityException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown" : fromEnvironment;
        }
    }

    @Bean
    @ConditionalOnMissingBean
    NotificationLifecycle backupNotificationLifecycle(BackupNotifications notifications, BackupProperties properties,
            ConfiguredPlan configured) {
        return new NotificationLifecycle(notifications, new NotificationWatchdog(notifications,
                NotificationWatchdog.intervalFor(staleAfter(configured, properties))), properties.notifications().testOnStartup());
    }

    /** Starts the watchdog with the application (and sends the test message); stops it after the scheduler stopped. */
    static final class NotificationLifecycle implements SmartLifecycle {

        private final BackupNotifications notifications;
        private final NotificationWatchdog watchdog;
        private final boolean sendTest;
        private volatile boolean running;

        NotificationLifecycle(BackupNotifications notifications, NotificationWatchdog watchdog, boolean sendTest) {
            this.notifications = notifications;
            this.watchdog = watchdog;
            this.sendTest = sendTest;
        }

        @Override
        public void start() {
            running = true;
            if (sendTest) {
                if (notifications.channels(EventType.TEST).isEmpty()) {
                    logger.warn("backup.notifications.test-on-startup=true, but no notification channel is configured: nothing to test.");
                } else {
                    notifications.sendTest();
                    logger.info("Backup notification test message queued for: {}", String.join(", ", notifications.channels(EventType.TEST)));
                }
            }
            watchdog.start();
        }

        @Override
        public void stop() {
            watchdog.close();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** Starts before and stops after the scheduler (a lower phase), so the last backup's alert still goes out. */
        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 100;
        }
    }

    /** The e-mail channel when Spring's mail support is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = MAIL_SENDER)
    static class EmailConfiguration {

        @Bean
        EmailChannel backupEmailChannel(BackupProperties properties, ObjectProvider<MailSender> sender) {
            NotificationProperties.Email email = properties.notifications().email();
            return () -> {
                MailSender mail = sender.getIfUnique();
                if (mail == null) {
                    throw new BackupPropertyException("backup.notifications.email.to", "e-mail alerts are configured, but the application "
                            + "has no (single) JavaMailSender.", "set spring.mail.host (and spring.mail.port, username, password) so that "
                            + "Spring Boot creates one", null);
                }
                return new NotificationChannel("email", new EmailNotifier(mail, email.to(), email.from()),
                        NotificationChannelFactory.withTest(NotificationChannelFactory.events(email.events(), "backup.notifications.email.events",
                                EventType.DEFAULTS)));
            };
        }
    }

    /** Builds the e-mail channel on demand; only asked when {@code backup.notifications.email.to} is set. */
    @FunctionalInterface
    interface EmailChannel {
        NotificationChannel channel();
    }

    /**
     * Keeps the channels' URLs, the signing secret and the header values out of {@code /actuator/env} and
     * {@code /actuator/configprops}, also when an application shows their values: Spring Boot's own rules
     * mask passwords and keys, but a Slack URL is a credential too.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static class SanitizerConfiguration {

        @Bean
        org.springframework.boot.actuate.endpoint.SanitizingFunction backupNotificationSanitizer(BackupProperties properties) {
            NotificationProperties settings = properties.notifications();
            java.util.Set<String> secrets = new java.util.HashSet<>();
            java.util.stream.Stream.concat(java.util.stream.Stream.of(settings.slack().webhookUrl(), settings.teams().webhookUrl(),
                    settings.webhook().url(), settings.webhook().secret(), settings.heartbeat().url()), settings.webhook().headers().values()
                    .stream()).filter(NotificationChannelFactory::isSet).forEach(value -> secrets.add(value.trim()));
            return data -> {
                String key = data.getLowerCaseKey();
                boolean ours = key.startsWith("backup.notifications.") && (key.endsWith("url") || key.contains("secret")
                        || key.contains(".headers."));
                return ours || data.getValue() instanceof String value && secrets.contains(value.trim()) ? data.withSanitizedValue() : data;
            };
        }
    }

    /** Counts deliveries when Micrometer is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class MeterConfiguration {

        @Bean
        NotificationMeter backupNotificationMeter() {
            return new NotificationMeter();
        }
    }
}
