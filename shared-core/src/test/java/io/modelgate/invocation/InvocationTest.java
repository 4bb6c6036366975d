package io.modelgate.invocation;

import io.modelgate.fault.Fault;
import io.modelgate.step.FrontEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sibling command inside the envelope: what it throws becomes one masked line and an exit code; debug traces are masked. */
class InvocationTest {

    private static final String CANARY = "canary-9d2e41-secret";

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(FrontEnd frontEnd, boolean debug, ToIntFunction<Invocation> body) throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), "project: demo\nmlflow:\n  tracking_uri: http://127.0.0.1:1\n  token_env: DEMO_TOKEN\n");
        Invocation invocation = new Invocation(Map.of("DEMO_TOKEN", CANARY),
                new Invocation.Options(frontEnd, dir, dir.resolve("modelgate.yaml"), null, dir.resolve("out"), debug, false, false),
                Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return invocation.run(new Command() {
            @Override
            public String name() {
                return "webhooks serve";
            }

            @Override
            public String summary() {
                return "A command for this test.";
            }

            @Override
            public int run(Invocation inv) {
                return body.applyAsInt(inv);
            }
        });
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnexpectedExceptionIsExitThreeOnOneLineWithoutATrace() throws Exception {
        int code = run(FrontEnd.COMMAND_LINE, false, inv -> {
            throw new IllegalStateException("the port is taken\n\tby another server");
        });

        assertEquals(3, code);
        assertEquals("modelgate: error: webhooks serve: internal error: java.lang.IllegalStateException: the port is taken "
                + "(run with --debug for the stack trace)\n", err());
    }

    @Test
    void theHintSaysHowEachFrontEndGetsTheTrace() throws Exception {
        assertEquals(3, run(FrontEnd.JENKINS, false, inv -> {
            throw new IllegalStateException("boom");
        }));
        assertTrue(err().endsWith("boom (run with debug: true for the stack trace)\n"), err());
    }

    @Test
    void underDebugTheTraceIsPrintedWithTheConfigsSecretsMasked() throws Exception {
        int code = run(FrontEnd.COMMAND_LINE, true, inv -> {
            inv.config(); // the configuration names DEMO_TOKEN: from here on its value is masked
            throw Fault.infrastructure("cannot reach MLflow with " + CANARY, new IllegalStateException("refused " + CANARY));
        });

        assertEquals(3, code);
        String printed = err();
        assertTrue(printed.contains("\tat io.modelgate.invocation.InvocationTest"), printed);
        assertTrue(printed.contains("Caused by: java.lang.IllegalStateException: refused ***"), printed);
        assertTrue(printed.endsWith("modelgate: error: cannot reach MLflow with ***\n"), printed);
        assertFalse(printed.contains(CANARY), printed);
    }

    @Test
    void aFaultKeepsItsExitCodeAndWhatACommandPrintsIsMasked() throws Exception {
        int code = run(FrontEnd.COMMAND_LINE, false, inv -> {
            inv.configFile();
            inv.print("token " + CANARY + "\n");
            throw Fault.usage(inv.spell("port") + " must be a number");
        });

        assertEquals(2, code);
        assertEquals("token ***\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("modelgate: error: --port must be a number\n", err());
    }

    @Test
    void aCommandThatNeedsNoConfigurationRunsWithoutOne() throws Exception {
        Invocation invocation = new Invocation(Map.of(), new Invocation.Options(FrontEnd.COMMAND_LINE, dir, dir.resolve("missing.yaml"),
                null, dir, false, false, false), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, invocation.run(new ConfigSchemaCommand()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"$schema\""));
        assertEquals("", err());
    }
}
