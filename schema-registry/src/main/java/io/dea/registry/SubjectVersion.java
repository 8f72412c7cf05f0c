package io.dea.registry;

/**
 * One version of one subject and the schema id it points at.
 *
 * <p>Soft-deleted versions are kept (with {@code deleted} set) rather than dropped, because version
 * numbers must never be reused and ids must stay resolvable for data already written with them.
 */
public record SubjectVersion(String subject, int version, int id, boolean deleted) {
}
