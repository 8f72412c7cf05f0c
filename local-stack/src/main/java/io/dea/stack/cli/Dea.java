package io.dea.stack.cli;

import io.dea.platform.goal.GoalYaml;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dea} command line (docs/interface.md): one class per subcommand in this package. */
@Command(name = "dea", mixinStandardHelpOptions = true, description = "dataengineering-agents on this machine",
        subcommands = {DemoCommand.class, UpCommand.class, DownCommand.class, SubmitCommand.class, StatusCommand.class, ReviewsCommand.class,
                ApproveCommand.class, RejectCommand.class, QueryCommand.class, RollbackCommand.class, RunCommand.class, EnvCommand.class, GcCommand.class,
                LineageCommand.class, SearchCommand.class})
public final class Dea implements Callable<Integer> {

    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", "dea-cli-logback.xml");
        CommandLine cli = new CommandLine(new Dea());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException || e instanceof GoalYaml.GoalYamlException || e instanceof IllegalStateException) {
                System.err.println("dea: " + e.getMessage());
                return e instanceof GoalYaml.GoalYamlException ? 2 : 1;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }
}
