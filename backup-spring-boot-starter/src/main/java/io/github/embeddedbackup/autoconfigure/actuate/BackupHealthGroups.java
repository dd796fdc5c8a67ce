package io.github.embeddedbackup.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * {@code GET /actuator/health/backup} answers 503 when the component is {@link BackupHealthIndicator#BACKUP_DOWN},
 * as it would for DOWN, so a monitor of that path alerts; the aggregate {@code /actuator/health} ignores
 * that status (it is not in the status order) and stays 200.
 */
class BackupHealthGroups implements HealthEndpointGroupsPostProcessor {

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        Map<String, HealthEndpointGroup> others = new LinkedHashMap<>();
        for (String name : groups.getNames()) {
            others.put(name, groups.get(name));
        }
        return HealthEndpointGroups.of(new Primary(groups.getPrimary()), others);
    }

    /** The primary group with BACKUP_DOWN mapped to 503 (unless the application mapped it to another code). */
    private record Primary(HealthEndpointGroup delegate) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return delegate.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return delegate.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return delegate.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return delegate.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            HttpCodeStatusMapper mapper = delegate.getHttpCodeStatusMapper();
            return status -> {
                int code = mapper.getStatusCode(status);
                return code == 200 && BackupHealthIndicator.BACKUP_DOWN.equals(status) ? 503 : code;
            };
        }

        @Override
        public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
            return delegate.getAdditionalPath();
        }
    }
}
