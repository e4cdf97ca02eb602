package dev.devagent.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Bodies of the repositories endpoints. */
public final class RepositoryModels {

    private RepositoryModels() {
    }

    public record AddRepositoryRequest(@NotBlank @Size(max = 2000) String url, @Size(max = 200) String branch) {
    }

    public record RepositoryView(@Schema(requiredMode = REQUIRED) String id, @Schema(requiredMode = REQUIRED) String url,
                                 @Schema(requiredMode = REQUIRED) String fullName, String owner,
                                 @Schema(requiredMode = REQUIRED) String name, String branch,
                                 @Schema(requiredMode = REQUIRED) String status, String lastIndexedCommit,
                                 Instant lastSyncedAt, Long syncDurationMs, String error,
                                 @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                                 Map<String, Object> counts,
                                 @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                                 Map<String, Object> progress,
                                 List<Map<String, Object>> manifestErrors,
                                 @Schema(requiredMode = REQUIRED) Instant createdAt) {
    }

    public record RepositoryList(@Schema(requiredMode = REQUIRED) List<RepositoryView> repositories) {
    }

    public record RepositoryDeleted(@Schema(requiredMode = REQUIRED) String id,
                                    @Schema(requiredMode = REQUIRED) boolean deleted) {
    }
}
