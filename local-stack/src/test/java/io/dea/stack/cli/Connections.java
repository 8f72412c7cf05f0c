package io.dea.stack.cli;

import io.dea.stack.StackFixture;

/** The CLI's connection to a stack a test started, as {@code ./dea} would make it from stack.json. */
final class Connections {

    private Connections() {
    }

    static StackConnection to(StackFixture fixture) {
        return new StackConnection(fixture.stack.bootstrapServers(), fixture.stack.registryUrl(), fixture.stack.reviewUrl(),
                fixture.stack.files().token(), fixture.stack.kafkaClientProperties());
    }
}
