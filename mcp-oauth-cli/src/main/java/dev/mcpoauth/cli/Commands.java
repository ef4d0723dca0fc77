package dev.mcpoauth.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The subcommands of {@code mcp-oauth}, in the order {@code --help} lists them.
 *
 * <p>Only the subcommand being run is handed to picocli (all of them for help, completion and
 * unknown commands): picocli reads every registered command's annotations at start-up, and doing
 * that for one command instead of ten is a good part of a fast {@code mcp-oauth list}.
 */
final class Commands {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("login", LoginCommand::new);
        ALL.put("logout", LogoutCommand::new);
        ALL.put("list", ListCommand::new);
        ALL.put("token", TokenCommand::new);
        ALL.put("doctor", DoctorCommand::new);
        ALL.put("add", AddCommand::new);
        ALL.put("remove", RemoveCommand::new);
        ALL.put("demo", DemoCommand::new);
        ALL.put("app-server", AppServerCommand::new);
        ALL.put("serve-client-metadata", ServeClientMetadataCommand::new);
        ALL.put("conformance-client", ConformanceClientCommand::new);
        ALL.put("completion", CompletionCommand::new);
    }

    /** Options of the root command that take a value, so the value is not mistaken for the command. */
    private static final List<String> ROOT_OPTIONS_WITH_VALUE = List.of("--config");

    private Commands() {
    }

    static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** Registers the subcommand named in {@code args}, or all of them when it needs them or none is named. */
    static void register(CommandLine root, String[] args) {
        String named = commandName(args);
        if (named != null && ALL.containsKey(named) && !named.equals("completion")) {
            root.addSubcommand(named, ALL.get(named).get());
            return;
        }
        ALL.forEach((name, factory) -> root.addSubcommand(name, factory.get()));
    }

    /** The first argument that is neither an option nor an option's value. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }
}
