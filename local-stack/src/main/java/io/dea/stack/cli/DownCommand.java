package io.dea.stack.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "down", description = "Stop the local stack; its state stays under DEA_HOME.")
final class DownCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        System.out.println(new StackProcess(CliStack.files()).down() ? "the local stack stopped" : "the local stack was not running");
        return 0;
    }
}
