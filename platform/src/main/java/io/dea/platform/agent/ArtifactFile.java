package io.dea.platform.agent;

/** A file an agent proposes for the data project. */
public record ArtifactFile(String kind, String path, String content) {
}
