package org.paperradio.stream.station;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line: {@code --config FILE}, {@code --data DIR}, {@code --port N},
 * {@code --check} (validate the config and exit), {@code --help}.
 */
public record StationOptions(Path config, Optional<Path> data, Optional<Integer> port, boolean check, boolean help) {

    public static final String USAGE = """
            Usage: paper-radio [options]

            Starts Paper Radio: polls arXiv, voices papers, and airs them on http://<host>:<port>/.

            Options:
              --config FILE   station config (default: config/station.yaml)
              --data DIR      paper store, archive and logs (default: station.data in the config)
              --port N        HTTP port for listeners (default: http.port in the config; 0 = any free port)
              --check         validate the config, print a summary and exit
              --help          show this help
            """;

    /** Parses arguments; throws IllegalArgumentException with a message fit for the user. */
    public static StationOptions parse(String... args) {
        Path config = Path.of("config/station.yaml");
        Optional<Path> data = Optional.empty();
        Optional<Integer> port = Optional.empty();
        boolean check = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config" -> config = Path.of(value(args, ++i, a));
                case "--data" -> data = Optional.of(Path.of(value(args, ++i, a)));
                case "--port" -> {
                    String v = value(args, ++i, a);
                    int n;
                    try {
                        n = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        n = -1;
                    }
                    if (n < 0 || n > 65535) {
                        throw new IllegalArgumentException("--port needs a port number from 0 to 65535, not '" + v + "'");
                    }
                    port = Optional.of(n);
                }
                case "--check" -> check = true;
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + a + "' (see --help)");
            }
        }
        return new StationOptions(config, data, port, check, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
