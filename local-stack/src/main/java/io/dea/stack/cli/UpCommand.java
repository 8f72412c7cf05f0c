package io.dea.stack.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "up", description = "Start the local stack in the background; returns once every service is healthy.")
final class UpCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        new StackProcess(CliStack.files()).up();
        return 0;
    }
}
