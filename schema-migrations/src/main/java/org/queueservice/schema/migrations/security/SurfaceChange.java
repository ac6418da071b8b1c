package org.queueservice.schema.migrations.security;

/**
 * One difference of a {@link SecuritySurface}, or one part of it that breaks the {@link IsolationContract}.
 *
 * @param code the stable code of its {@link SurfaceCategory}, QS209 to QS219
 * @param object what it is about, e.g. {@code policy jobs_tenant_isolation on jobs} or {@code TRUNCATE on table jobs to PUBLIC}
 * @param description what changed or what is wrong, in one line
 */
public record SurfaceChange(String code, String object, String description) {

    public SurfaceCategory category() {
        return SurfaceCategory.ofCode(code);
    }

    @Override
    public String toString() {
        return code + " " + object + ": " + description;
    }
}
