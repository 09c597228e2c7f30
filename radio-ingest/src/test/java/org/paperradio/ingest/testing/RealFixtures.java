package org.paperradio.ingest.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real arXiv samples kept beside the repository (../shared/fixtures from its root). They
 * are optional: a test that uses one is skipped, with a message, when it is absent.
 */
public final class RealFixtures {

    /** Seen from a module folder, where Maven runs the tests. */
    public static final Path DIR = Path.of("../../shared/fixtures");

    private RealFixtures() {
    }

    /** The fixture's path; skips the calling test when it is not there. */
    public static Path require(String name) {
        Path p = DIR.resolve(name);
        assumeTrue(Files.isRegularFile(p), "real arXiv fixture " + p.toAbsolutePath().normalize()
                + " is absent; skipped (it lives outside the repository)");
        return p;
    }
}
